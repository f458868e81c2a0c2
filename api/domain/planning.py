"""What planning an activity for an authority must respect, and what is merely unusual.

One hard rule (DOMAIN.md §3): never a short inspection for an authority on the standard or
monitoring pathway (0 of 100 real cases). Everything else that real history shows to be rare
(a standard inspection of a good authority, a visit off its pathway, a missed window, an odd
length on site) is returned as a warning and the plan goes ahead.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from api.domain.errors import DomainWarning, FieldError, RuleViolated
from api.domain.frameworks import is_graded
from api.domain.lifecycle import validate_planned_dates
from api.domain.vocabulary import EventKind, Pathway
from api.domain.windows import NextInspection, in_window
from api.domain.working_days import ENGLAND, WorkingDayCalendar

# Working days on site, start and end both counted (short 126/127, standard 190/191 real cases).
DURATION_WORKING_DAYS: Mapping[EventKind, int] = MappingProxyType(
    {
        EventKind.SHORT_INSPECTION: 5,
        EventKind.STANDARD_INSPECTION: 10,
        EventKind.FOCUSED_VISIT: 2,
        EventKind.MONITORING_VISIT: 2,
    }
)


def _pathway_warnings(kind: EventKind, pathway: Pathway) -> list[DomainWarning]:
    if kind is EventKind.SHORT_INSPECTION and pathway in (Pathway.STANDARD, Pathway.MONITORING):
        raise RuleViolated(
            "short-inspection-requires-short-pathway",
            f"a short inspection is only for an authority on the short pathway, not {pathway}",
            [FieldError("kind", f"the authority is on the {pathway} pathway")],
        )
    if kind is EventKind.STANDARD_INSPECTION and pathway is Pathway.SHORT:
        detail = "a standard inspection for an authority on the short pathway (Ofsted's discretion)"
        return [DomainWarning("standard-inspection-on-short-pathway", detail)]
    if kind is EventKind.FOCUSED_VISIT and pathway is Pathway.MONITORING:
        detail = "focused visits usually go to authorities on the short or standard pathway"
        return [DomainWarning("focused-visit-on-monitoring-pathway", detail)]
    if kind is EventKind.MONITORING_VISIT and pathway is not Pathway.MONITORING:
        detail = f"monitoring visits are for authorities on the monitoring pathway, not {pathway}"
        return [DomainWarning("monitoring-visit-off-monitoring-pathway", detail)]
    return []


def check_plan(
    kind: EventKind,
    pathway: Pathway,
    fieldwork_start: date,
    fieldwork_end: date,
    next: NextInspection | None,
    calendar: WorkingDayCalendar = ENGLAND,
    durations: Mapping[EventKind, int] = DURATION_WORKING_DAYS,
) -> list[DomainWarning]:
    """Warnings for planning `kind` on these days for an authority on `pathway`.

    Raises RuleViolated for a short inspection off the short pathway and InvalidDates when
    fieldwork ends before it starts. `next` is the authority's next graded inspection.
    """
    validate_planned_dates(fieldwork_start, fieldwork_end)
    warnings = _pathway_warnings(kind, pathway)
    if is_graded(kind) and next is not None and not in_window(next, fieldwork_start):
        window = f"{next.window_start.isoformat()} to {next.window_end.isoformat()}"
        detail = (
            f"fieldwork from {fieldwork_start.isoformat()} is outside the usual window {window}"
        )
        warnings.append(DomainWarning("outside-inspection-window", detail))
    usual = durations.get(kind)
    on_site = calendar.inclusive(fieldwork_start, fieldwork_end)
    if usual is not None and on_site != usual:
        detail = f"{on_site} working days on site where {usual} is usual for a {kind}"
        warnings.append(DomainWarning("unusual-duration", detail))
    return warnings
