"""Deadlines that follow a result (DOMAIN.md §4), counted in England's working days.

Every "N working days after X" is the N-th working day after X, X itself not counted. The
numbers are fields of `DeadlinePolicy`, so a change in guidance is a new policy value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from api.domain.working_days import ENGLAND, WorkingDayCalendar


@dataclass(frozen=True)
class DeadlinePolicy:
    """The statutory and customary periods; working days unless the name says otherwise."""

    report_publication_working_days: int = 30
    action_plan_working_days: int = 70
    priority_action_draft_working_days: int = 20
    priority_action_final_working_days: int = 70
    jtai_statement_working_days: int = 70
    first_monitoring_visit_calendar_days: int = 28
    monitoring_visit_interval_months: int = 3

    def __post_init__(self) -> None:
        if self.monitoring_visit_interval_months < 1:
            raise ValueError("monitoring visits need an interval of at least one month")


DEFAULT_DEADLINES = DeadlinePolicy()


def report_publication_due(
    report_received_on: date,
    calendar: WorkingDayCalendar = ENGLAND,
    policy: DeadlinePolicy = DEFAULT_DEADLINES,
) -> date:
    """The day by which the authority must publish a graded inspection report it received."""
    return calendar.add(report_received_on, policy.report_publication_working_days)


def action_plan_due_after_inadequate(
    report_on: date,
    calendar: WorkingDayCalendar = ENGLAND,
    policy: DeadlinePolicy = DEFAULT_DEADLINES,
) -> date:
    """The written statement of action due after an inadequate judgement's report."""
    return calendar.add(report_on, policy.action_plan_working_days)


def priority_action_plan_due(
    letter_on: date,
    calendar: WorkingDayCalendar = ENGLAND,
    policy: DeadlinePolicy = DEFAULT_DEADLINES,
) -> tuple[date, date]:
    """(draft, final) action plan deadlines after a letter with areas for priority action."""
    return (
        calendar.add(letter_on, policy.priority_action_draft_working_days),
        calendar.add(letter_on, policy.priority_action_final_working_days),
    )


def jtai_statement_due(
    report_on: date,
    calendar: WorkingDayCalendar = ENGLAND,
    policy: DeadlinePolicy = DEFAULT_DEADLINES,
) -> date:
    """The principal authority's written statement after a JTAI letter that requires one."""
    return calendar.add(report_on, policy.jtai_statement_working_days)


def first_monitoring_visit_due(
    report_on: date,
    calendar: WorkingDayCalendar = ENGLAND,
    policy: DeadlinePolicy = DEFAULT_DEADLINES,
) -> date:
    """About four weeks (calendar days) after the action-plan deadline of an inadequate report."""
    action_plan = action_plan_due_after_inadequate(report_on, calendar, policy)
    return action_plan + timedelta(days=policy.first_monitoring_visit_calendar_days)


def monitoring_visits_due(
    report_on: date,
    until: date,
    calendar: WorkingDayCalendar = ENGLAND,
    policy: DeadlinePolicy = DEFAULT_DEADLINES,
) -> list[date]:
    """The monitoring visits expected up to `until` inclusive: the first, then every interval.

    Each visit is counted from the first (first + k intervals) so month-end clipping never
    accumulates.
    """
    first = first_monitoring_visit_due(report_on, calendar, policy)
    visits: list[date] = []
    step = 0
    while (
        due := first + relativedelta(months=step * policy.monitoring_visit_interval_months)
    ) <= until:
        visits.append(due)
        step += 1
    return visits


def expected_publication(
    fieldwork_end: date, lag_working_days: int = 30, calendar: WorkingDayCalendar = ENGLAND
) -> date:
    """When Ofsted's report is expected ("around"), not a rule: median lag 27-35 since 2022."""
    return calendar.add(fieldwork_end, lag_working_days)
