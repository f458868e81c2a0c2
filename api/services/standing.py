"""Where each authority stands: its pathway, latest judgements and next inspection window.

Computed by the domain from the published record (as it stood at the end of a given day) and
the reorganisation links; the same for every caller, so built once per data version and day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlmodel import Session

from api import memo as cache
from api.changes import public_data_version
from api.domain.pathways import GradedInspection, PathwayState, pathway_of
from api.domain.windows import NextInspection, WindowPolicy, next_inspection
from api.repositories import authorities as authority_repo
from api.repositories import changes as change_repo
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


# Beyond this many changes since the last standings worked out, reading everything again
# costs about what reading what they touched would.
MOST_CHANGES_TO_FOLLOW = 500


def linked(codes: Iterable[str], links: authority_repo.Succession) -> set[str]:
    """These authorities and every one linked to them by reorganisations, either way: a
    successor inherits its predecessors' pathways, so their standings go together."""
    found, todo = set(), list(codes)
    while todo:
        code = todo.pop()
        if code not in found:
            found.add(code)
            todo += links.predecessors.get(code, []) + links.successors.get(code, [])
    return found


def standings(session: Session, day: date, fieldwork_to: date | None = None) -> dict[str, Standing]:
    """Every authority's standing as the published record stood at the end of `day`.

    Worked out once per public data version. After a change, from the standings of the last
    version worked out: only the authorities its changes name (with those linked to them) are
    read and recomputed, so the price of a change follows the change, not the history. A change
    that may touch any authority (reference data), or a long run of them, recomputes all.
    """
    version = public_data_version(session)
    policy = window_policy()
    family = ("standings", day, fieldwork_to, policy)

    def build() -> dict[str, Standing]:
        links = authority_repo.succession(session)
        codes = authority_repo.codes(session)
        predecessors = dict(links.predecessors)
        kept = cache.newest(family)
        if kept is not None and kept[0] == version and set(codes) == kept[1].keys():
            return cast("dict[str, Standing]", kept[1])
        touched = None
        if kept is not None and kept[0] < version and set(codes) == kept[1].keys():
            touched = change_repo.authorities_changed(
                session, kept[0], version, MOST_CHANGES_TO_FOLLOW
            )
        if kept is None or touched is None:
            history = event_repo.latest_published_graded(session, day, fieldwork_to)
            found = compute_standings(history, predecessors, codes)
        else:
            group = linked(touched, links)
            history = event_repo.latest_published_graded(session, day, fieldwork_to, group)
            fresh = compute_standings(history, predecessors, [c for c in codes if c in group])
            found = {code: fresh[code] if code in group else kept[1][code] for code in codes}
        cache.keep_newest(family, version, found)
        return found

    return cache.memoised(("standings", version, day, fieldwork_to, policy), build)


def standing_of(session: Session, day: date, code: str) -> Standing | None:
    """One authority's standing as the published record stood at the end of `day`: from every
    authority's if they are worked out already, else reading only its own record (and that of
    the councils linked to it), whatever the length of the history."""
    version = public_data_version(session)
    policy = window_policy()
    every: dict[str, Standing] | None = cache.peek(("standings", version, day, None, policy))
    if every is not None:
        return every.get(code)
    links = authority_repo.succession(session)
    group = linked([code], links)
    history = event_repo.latest_published_graded(session, day, None, group)
    return compute_standings(history, dict(links.predecessors), sorted(group)).get(code)
