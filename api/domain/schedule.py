"""What falls due, and where each item stands on a day (DOMAIN.md §3-5): the schedule's rules.

Plain data in, items out. The caller passes only what the asker may see as the record stood at
the end of `day` (api.visibility decides), so nothing here can let a planned event or an
embargoed result through: whatever is not passed in produces nothing and meets nothing.

- The graded-inspection window that follows each published graded inspection (its pathway's
  window, api.domain.windows), met by the next graded inspection's fieldwork start.
- After an inadequate result (the monitoring pathway): the written statement of action (70
  working days after the report) and monitoring visits, the first about four weeks after that
  deadline, then about every three months after the last visit (or the last expected one),
  each met by a monitoring visit that starts no later than `monitoring_tolerance_days` after
  its expected day, until the re-inspection starts.
- The authority's publication of each graded report (30 working days), a JTAI's written
  statement where one is required (70), each priority action's draft and final action plans
  (20 and 70; met by the submitted plan, or by the action's closing).
- The yearly self-evaluation and engagement meeting, a year after the last one, met by the next.

The record holds nothing that meets a written statement of action, a JTAI statement or the
authority's publication of a report: those items are `tracked = False`, and `overdue` on them
says only that their day has passed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from api.domain.annual import DEFAULT_ANNUAL, AnnualPolicy, next_due
from api.domain.deadlines import (
    DEFAULT_DEADLINES,
    DeadlinePolicy,
    action_plan_due_after_inadequate,
    first_monitoring_visit_due,
    jtai_statement_due,
    report_publication_due,
)
from api.domain.due import status_on
from api.domain.errors import InvalidJudgements
from api.domain.frameworks import GRADED_KINDS
from api.domain.pathways import GradedInspection, PathwayState, pathway_of
from api.domain.priority_actions import PlanProgress, as_of
from api.domain.vocabulary import DueStatus, EventKind, EventStatus, Pathway, ScheduleKind
from api.domain.windows import NextInspection, WindowPolicy, next_inspection
from api.domain.working_days import ENGLAND, WorkingDayCalendar

# Fieldwork has begun: what meets a window or an expected visit.
STARTED = frozenset(
    {
        EventStatus.ON_SITE,
        EventStatus.PAUSED,
        EventStatus.FIELDWORK_COMPLETE,
        EventStatus.PUBLISHED,
    }
)
# A meeting held, a self-evaluation submitted.
DONE = frozenset({EventStatus.FIELDWORK_COMPLETE, EventStatus.PUBLISHED})
YEARLY = {
    EventKind.SELF_EVALUATION: ScheduleKind.SELF_EVALUATION,
    EventKind.ANNUAL_ENGAGEMENT_MEETING: ScheduleKind.ENGAGEMENT_MEETING,
}


@dataclass(frozen=True)
class SchedulePolicy:
    """The derived, configurable parts: the window, the deadlines, the yearly cycle and how
    far from its expected day a monitoring visit may start and still meet it."""

    window: WindowPolicy = field(default_factory=WindowPolicy)
    deadlines: DeadlinePolicy = DEFAULT_DEADLINES
    monitoring_tolerance_days: int = 45
    annual: AnnualPolicy = DEFAULT_ANNUAL

    def __post_init__(self) -> None:
        if not 0 <= self.monitoring_tolerance_days <= 366:
            raise ValueError("monitoring_tolerance_days must be between 0 and 366")


@dataclass(frozen=True)
class Activity:
    """An event, as much of it as the schedule needs."""

    event_id: str
    authority_code: str
    kind: EventKind
    status: EventStatus
    fieldwork_start: date
    published_on: date | None = None
    # A JTAI's: whether its letter requires a written statement (None where not recorded).
    written_statement_required: bool | None = None

    def started_by(self, day: date) -> bool:
        return self.status in STARTED and self.fieldwork_start <= day

    def done_by(self, day: date) -> bool:
        return self.status in DONE and self.fieldwork_start <= day


@dataclass(frozen=True)
class ActionPlans:
    """A priority action's plans, as stored (judged as of the day here)."""

    priority_action_id: str
    event_id: str
    authority_code: str
    progress: PlanProgress


@dataclass(frozen=True)
class Inherited:
    """A successor council's window, from the predecessor's inspection it inherited."""

    authority_code: str
    next: NextInspection
    anchor: GradedInspection


@dataclass(frozen=True)
class Record:
    """What the asker may see, as it stood at the end of the day asked about.

    `results` are the graded inspections whose grades the asker may read and that are
    published (embargoed ones included, for those who may see them); the windows are anchored
    only on those published by the day, as every caller's `next_inspection` is.
    """

    results: Sequence[GradedInspection] = ()
    activities: Sequence[Activity] = ()
    actions: Sequence[ActionPlans] = ()
    inherited: Sequence[Inherited] = ()
    abolished: Mapping[str, date] = field(default_factory=dict)


@dataclass(frozen=True)
class Due:
    """One thing that falls due: a day (opens_on == closes_on) or a window."""

    kind: ScheduleKind
    authority_code: str
    opens_on: date
    closes_on: date
    event_id: str | None = None
    priority_action_id: str | None = None
    met_on: date | None = None
    met_by_event_id: str | None = None
    tracked: bool = True
    inspection_kind: EventKind | None = None
    ref: str = ""

    @property
    def id(self) -> str:
        """Stable for as long as what it follows from is."""
        return f"{self.kind.value}.{self.authority_code}.{self.ref}"

    def status_on(self, day: date) -> DueStatus:
        return status_on(day, self.opens_on, self.closes_on, self.met_on)

    def overlaps(self, first: date, last: date) -> bool:
        """Whether its day, or any day of its window, falls from `first` to `last`."""
        return self.opens_on <= last and self.closes_on >= first


# --- The rules, one per kind of item ----------------------------------------------------------


def _by_authority(activities: Iterable[Activity]) -> dict[str, list[Activity]]:
    found: dict[str, list[Activity]] = defaultdict(list)
    for activity in sorted(activities, key=lambda a: (a.fieldwork_start, a.event_id)):
        found[activity.authority_code].append(activity)
    return found


def _first_after(
    activities: Sequence[Activity], kinds: frozenset[EventKind], after: date, day: date
) -> Activity | None:
    """The first of these kinds to start after `after`, by the end of `day`."""
    for activity in activities:
        if activity.kind in kinds and activity.fieldwork_start > after and activity.started_by(day):
            return activity
    return None


def _pathway(inspection: GradedInspection) -> PathwayState | None:
    try:
        return pathway_of([inspection])
    except (InvalidJudgements, KeyError):
        return None  # grades no policy can read: nothing follows from them


def _recency(inspection: GradedInspection) -> tuple[date, date, str]:
    return (inspection.fieldwork_start, inspection.published_on or date.min, inspection.event_id)


def windows(
    record: Record, day: date, policy: SchedulePolicy, own: Mapping[str, Sequence[Activity]]
) -> Iterator[Due]:
    """The window after each inspection published by `day`, and each inherited one."""
    anchors = [
        r
        for r in record.results
        if r.published_on is None or r.published_on <= day  # embargoed results anchor nothing
    ]
    for inspection in sorted(anchors, key=_recency):
        state = _pathway(inspection)
        upcoming = next_inspection(state, policy.window) if state else None
        if upcoming is not None:
            yield from _window(record, day, own, inspection.authority_code, upcoming, inspection)
    for inherited in record.inherited:
        yield from _window(
            record, day, own, inherited.authority_code, inherited.next, inherited.anchor
        )


def _window(
    record: Record,
    day: date,
    own: Mapping[str, Sequence[Activity]],
    code: str,
    upcoming: NextInspection,
    anchor: GradedInspection,
) -> Iterator[Due]:
    meeting = _first_after(own.get(code, ()), GRADED_KINDS, anchor.fieldwork_start, day)
    if meeting is None and code in record.abolished:
        return  # an abolished council keeps its history, but nothing falls due for it
    yield Due(
        kind=ScheduleKind.GRADED_INSPECTION_WINDOW,
        authority_code=code,
        opens_on=upcoming.window_start,
        closes_on=upcoming.window_end,
        event_id=anchor.event_id,
        met_on=meeting.fieldwork_start if meeting else None,
        met_by_event_id=meeting.event_id if meeting else None,
        inspection_kind=upcoming.kind,
        ref=anchor.event_id,
    )


def report_deadlines(
    record: Record, calendar: WorkingDayCalendar, policy: SchedulePolicy
) -> Iterator[Due]:
    """The authority publishes every graded report; after an inadequate one, its written
    statement of action. Neither is recorded, so neither is tracked."""
    for result in record.results:
        if result.published_on is None:
            continue
        due = report_publication_due(result.published_on, calendar, policy.deadlines)
        yield _untracked(ScheduleKind.REPORT_PUBLICATION, result.authority_code, due, result)
        state = _pathway(result)
        if state is not None and state.pathway is Pathway.MONITORING:
            due = action_plan_due_after_inadequate(result.published_on, calendar, policy.deadlines)
            yield _untracked(ScheduleKind.ACTION_PLAN, result.authority_code, due, result)


def _untracked(kind: ScheduleKind, code: str, due: date, result: GradedInspection) -> Due:
    return Due(kind, code, due, due, event_id=result.event_id, tracked=False, ref=result.event_id)


def jtai_statements(
    record: Record, calendar: WorkingDayCalendar, policy: SchedulePolicy
) -> Iterator[Due]:
    """A JTAI's written statement, where its published letter requires one."""
    for jtai in record.activities:
        if jtai.kind is not EventKind.JTAI or jtai.written_statement_required is not True:
            continue
        if jtai.status is not EventStatus.PUBLISHED or jtai.published_on is None:
            continue
        due = jtai_statement_due(jtai.published_on, calendar, policy.deadlines)
        yield Due(
            ScheduleKind.JTAI_STATEMENT,
            jtai.authority_code,
            due,
            due,
            event_id=jtai.event_id,
            tracked=False,
            ref=jtai.event_id,
        )


def monitoring_visits(
    record: Record,
    day: date,
    until: date,
    calendar: WorkingDayCalendar,
    policy: SchedulePolicy,
    own: Mapping[str, Sequence[Activity]],
) -> Iterator[Due]:
    """The monitoring visits expected after each inadequate result, up to `until`."""
    for result in record.results:
        state = _pathway(result)
        if result.published_on is None or state is None or state.pathway is not Pathway.MONITORING:
            continue
        activities = own.get(result.authority_code, ())
        reinspection = _first_after(activities, GRADED_KINDS, result.fieldwork_start, day)
        stops = [
            d
            for d in (
                reinspection.fieldwork_start if reinspection else None,
                record.abolished.get(result.authority_code),
            )
            if d is not None
        ]
        stop = min(stops) if stops else None
        visits = [
            a
            for a in activities
            if a.kind is EventKind.MONITORING_VISIT
            and result.fieldwork_start < a.fieldwork_start < (stop or date.max)
            and a.started_by(day)
        ]
        first = first_monitoring_visit_due(result.published_on, calendar, policy.deadlines)
        yield from expected_visits(result, first, visits, until, stop, policy)


def expected_visits(
    result: GradedInspection,
    first: date,
    visits: Sequence[Activity],
    until: date,
    stop: date | None,
    policy: SchedulePolicy,
) -> Iterator[Due]:
    """The chain of expected visits whose window opens by `until`, expected before `stop` (a
    re-inspection, an abolition): each met by the next visit that starts no later than the
    tolerance after its expected day; the next expected an interval after that visit, or
    after the expected day when none came."""
    tolerance = timedelta(days=policy.monitoring_tolerance_days)
    interval = relativedelta(months=policy.deadlines.monitoring_visit_interval_months)
    expected, remaining, n = first, list(visits), 0
    while expected - tolerance <= until and (stop is None or expected < stop):
        meeting = None
        if remaining and remaining[0].fieldwork_start <= expected + tolerance:
            meeting = remaining.pop(0)
        n += 1
        yield Due(
            ScheduleKind.MONITORING_VISIT,
            result.authority_code,
            expected - tolerance,
            expected + tolerance,
            event_id=result.event_id,
            met_on=meeting.fieldwork_start if meeting else None,
            met_by_event_id=meeting.event_id if meeting else None,
            ref=f"{result.event_id}.{n}",
        )
        expected = (meeting.fieldwork_start if meeting else expected) + interval


def action_plans(record: Record, day: date) -> Iterator[Due]:
    """Each priority action's draft and final plans, as the action stood at the end of `day`:
    met by the plan submitted (the final one answers the draft too), or by the closing."""
    for plans in record.actions:
        progress = as_of(plans.progress, day)
        if progress is None:
            continue  # not yet raised
        draft = _earliest(
            progress.draft_plan_submitted_on, progress.final_plan_submitted_on, progress.closed_on
        )
        final = _earliest(progress.final_plan_submitted_on, progress.closed_on)
        for kind, due, met_on in (
            (ScheduleKind.PRIORITY_ACTION_DRAFT_PLAN, progress.draft_plan_due, draft),
            (ScheduleKind.PRIORITY_ACTION_FINAL_PLAN, progress.final_plan_due, final),
        ):
            yield Due(
                kind,
                plans.authority_code,
                due,
                due,
                event_id=plans.event_id,
                priority_action_id=plans.priority_action_id,
                met_on=met_on,
                ref=plans.priority_action_id,
            )


def _earliest(*days: date | None) -> date | None:
    present = [d for d in days if d is not None]
    return min(present) if present else None


def yearly(
    day: date, policy: SchedulePolicy, own: Mapping[str, Sequence[Activity]]
) -> Iterator[Due]:
    """A self-evaluation and an engagement meeting a cycle after the last, met by the next."""
    for activities in own.values():
        for kind, item_kind in YEARLY.items():
            held = [a for a in activities if a.kind is kind and a.done_by(day)]
            for last, following in zip(held, [*held[1:], None], strict=False):
                due = next_due(kind, last.fieldwork_start, policy.annual)
                yield Due(
                    item_kind,
                    last.authority_code,
                    due,
                    due,
                    event_id=last.event_id,
                    met_on=following.fieldwork_start if following else None,
                    met_by_event_id=following.event_id if following else None,
                    ref=last.event_id,
                )


class _Remembering(WorkingDayCalendar):
    """A calendar that looks each day up once: the schedule counts hundreds of deadlines over
    the same few thousand days."""

    def __init__(self, calendar: WorkingDayCalendar) -> None:
        self._calendar = calendar
        self._days: dict[date, bool] = {}

    def is_working_day(self, day: date) -> bool:
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = self._calendar.is_working_day(day)
        return known

    def holiday_name(self, day: date) -> str | None:
        return self._calendar.holiday_name(day)


def schedule(
    record: Record,
    day: date,
    until: date,
    policy: SchedulePolicy | None = None,
    calendar: WorkingDayCalendar = ENGLAND,
) -> list[Due]:
    """Everything that falls due, for the record as it stood at the end of `day`, with chains
    of expected monitoring visits drawn up to `until`; in (opens_on, id) order."""
    policy = policy or SchedulePolicy()
    calendar = _Remembering(calendar)
    own = _by_authority(record.activities)
    items = [
        *windows(record, day, policy, own),
        *report_deadlines(record, calendar, policy),
        *jtai_statements(record, calendar, policy),
        *monitoring_visits(record, day, until, calendar, policy, own),
        *action_plans(record, day),
        *yearly(day, policy, own),
    ]
    return sorted(items, key=lambda item: (item.opens_on, item.id))
