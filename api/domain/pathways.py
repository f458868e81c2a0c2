"""Which pathway an authority is on, and where that came from (DOMAIN.md §3 and §7).

An authority's latest graded inspection sets its pathway through its framework's policy; a
successor council with no inspection of its own inherits the least favourable pathway of its
predecessors. Callers pass only the inspections visible as of the day they care about, so
nothing here looks at dates other than to order inspections.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from api.domain.frameworks import get_framework
from api.domain.policies import NoOverallGradePolicy, OverallEffectivenessPolicy, PathwayPolicy
from api.domain.vocabulary import EventKind, Grade, JudgementArea, Pathway

__all__ = [
    "GradedInspection",
    "NoOverallGradePolicy",
    "OverallEffectivenessPolicy",
    "PathwayPolicy",
    "PathwayState",
    "least_favourable",
    "pathway_of",
]

# Worst first: where several predecessors disagree, the first one found here wins.
_SEVERITY = (Pathway.MONITORING, Pathway.STANDARD, Pathway.SHORT)


@dataclass(frozen=True)
class GradedInspection:
    """A graded inspection, as much of it as pathways and windows need."""

    event_id: str
    authority_code: str
    kind: EventKind
    framework_id: str
    fieldwork_start: date
    fieldwork_end: date | None
    published_on: date | None
    grades: Mapping[JudgementArea, Grade]


@dataclass(frozen=True)
class PathwayState:
    """An authority's pathway, the inspection behind it, and whom it was inherited from.

    `inherited_from` holds the authority codes whose inspections set an inherited pathway;
    it is empty when the authority's own inspection decides.
    """

    pathway: Pathway
    latest: GradedInspection | None
    inherited_from: tuple[str, ...] = ()


def least_favourable(pathways: Iterable[Pathway]) -> Pathway:
    """monitoring before standard before short; awaiting_first_inspection only if nothing else."""
    present = set(pathways)
    for pathway in _SEVERITY:
        if pathway in present:
            return pathway
    return Pathway.AWAITING_FIRST_INSPECTION


def _recency(inspection: GradedInspection) -> tuple[date, date, str]:
    # Ties on fieldwork start (a joint inspection) go to the later publication, then the id.
    return (inspection.fieldwork_start, inspection.published_on or date.min, inspection.event_id)


def pathway_of(
    own: Sequence[GradedInspection], predecessors: Sequence[PathwayState] = ()
) -> PathwayState:
    """The pathway an authority is on, given its own graded inspections and its predecessors'.

    Its latest own inspection (by fieldwork start) decides, through that inspection's
    framework policy. Without one, the least favourable predecessor pathway is inherited,
    with that predecessor's latest inspection (the most recent one, if several predecessors
    share the pathway) kept as `latest` so that windows can anchor on it.
    """
    if own:
        latest = max(own, key=_recency)
        policy = get_framework(latest.framework_id).pathway_policy
        return PathwayState(policy.pathway_for(latest.grades), latest, ())
    worst = least_favourable(state.pathway for state in predecessors)
    if worst is Pathway.AWAITING_FIRST_INSPECTION:
        return PathwayState(worst, None, ())
    deciding = [state for state in predecessors if state.pathway is worst]
    inspections = [state.latest for state in deciding if state.latest is not None]
    inherited = max(inspections, key=_recency) if inspections else None
    codes = dict.fromkeys(inspection.authority_code for inspection in inspections)
    return PathwayState(worst, inherited, tuple(codes))
