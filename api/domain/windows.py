"""The window in which an authority's next graded inspection is usually due (DOMAIN.md §3).

Three years after the previous inspection, give or take six months. Which date anchors the
anniversary is not written down (derived: publication fits the real data best), so the
anchor and both spans are policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from dateutil.relativedelta import relativedelta

from api.domain.pathways import GradedInspection, PathwayState
from api.domain.vocabulary import EventKind, Pathway

Anchor = Literal["published_on", "fieldwork_end", "fieldwork_start"]

_NEXT_KIND = {
    Pathway.SHORT: EventKind.SHORT_INSPECTION,
    Pathway.STANDARD: EventKind.STANDARD_INSPECTION,
}


@dataclass(frozen=True)
class WindowPolicy:
    """Which date of the previous inspection anchors the window, and how wide it is."""

    anchor: Anchor = "published_on"
    months: int = 36
    tolerance_months: int = 6

    def __post_init__(self) -> None:
        if self.anchor not in ("published_on", "fieldwork_end", "fieldwork_start"):
            raise ValueError(f"unknown window anchor {self.anchor!r}")
        if not 0 <= self.tolerance_months <= self.months:
            raise ValueError("tolerance_months must be between 0 and months")


@dataclass(frozen=True)
class NextInspection:
    """The next graded inspection: its kind and the window it usually falls in."""

    kind: EventKind
    window_start: date
    window_end: date
    anchor_date: date


def anchor_date(inspection: GradedInspection, policy: WindowPolicy) -> date:
    """The policy's anchor, falling back to fieldwork end, then start, when it is missing."""
    chosen: date | None = getattr(inspection, policy.anchor)
    return chosen or inspection.fieldwork_end or inspection.fieldwork_start


def next_inspection(state: PathwayState, policy: WindowPolicy) -> NextInspection | None:
    """The next graded inspection due, or None where Ofsted decides (monitoring, awaiting).

    Inherited pathways anchor on the predecessor's latest inspection. Both ends are counted
    from the anchor itself (anchor + 30 months, anchor + 42), so a 29 February or a 31st
    clips to the month's last day at each end independently.
    """
    kind = _NEXT_KIND.get(state.pathway)
    if kind is None or state.latest is None:
        return None
    anchor = anchor_date(state.latest, policy)
    return NextInspection(
        kind=kind,
        window_start=anchor + relativedelta(months=policy.months - policy.tolerance_months),
        window_end=anchor + relativedelta(months=policy.months + policy.tolerance_months),
        anchor_date=anchor,
    )


def in_window(next: NextInspection, fieldwork_start: date) -> bool:
    """Whether fieldwork starting that day falls inside the window, both ends included."""
    return next.window_start <= fieldwork_start <= next.window_end
