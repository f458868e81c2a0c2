"""Where each authority stands: its pathway, latest judgements and next inspection window.

Computed by the domain from the published record (as it stood at the end of a given day) and
the reorganisation links; the same for every caller, so built once per data version and day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from api import memo as cache
from api.changes import public_data_version
from api.domain.pathways import GradedInspection, PathwayState, pathway_of
from api.domain.windows import NextInspection, WindowPolicy, next_inspection
from api.repositories import authorities as authority_repo
from api.repositories import events as event_repo
from api.settings import get_settings


@dataclass(frozen=True)
class Standing:
    state: PathwayState
    own_latest: GradedInspection | None
    next: NextInspection | None


def window_policy() -> WindowPolicy:
    settings = get_settings()
    return WindowPolicy(
        anchor=settings.window_anchor,
        months=settings.window_months,
        tolerance_months=settings.window_tolerance_months,
    )


def compute_standings(
    history: list[GradedInspection], predecessors: dict[str, list[str]], codes: list[str]
) -> dict[str, Standing]:
    """Every authority's standing; predecessors' pathways first, so successors inherit them."""
    own: dict[str, list[GradedInspection]] = defaultdict(list)
    for inspection in history:
        own[inspection.authority_code].append(inspection)
    states: dict[str, PathwayState] = {}

    def state_of(code: str, seen: frozenset[str] = frozenset()) -> PathwayState:
        if code not in states:
            earlier = [
                state_of(p, seen | {code}) for p in predecessors.get(code, []) if p not in seen
            ]
            states[code] = pathway_of(own.get(code, []), earlier)
        return states[code]

    policy = window_policy()
    standings = {}
    for code in codes:
        state = state_of(code)
        own_latest = None if state.inherited_from else state.latest
        standings[code] = Standing(state, own_latest, next_inspection(state, policy))
    return standings


def standings(session: Session, day: date, fieldwork_to: date | None = None) -> dict[str, Standing]:
    """Every authority's standing as the published record stood at the end of `day`."""

    def build() -> dict[str, Standing]:
        links = authority_repo.succession(session)
        everyone = authority_repo.list_authorities(session, authority_repo.AuthorityFilters())
        history = event_repo.latest_published_graded(session, day, fieldwork_to)
        return compute_standings(history, dict(links.predecessors), [a.code for a in everyone])

    key = ("standings", public_data_version(session), day, fieldwork_to, window_policy())
    return cache.memoised(key, build)
