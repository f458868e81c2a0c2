"""The schedule's rules, on plain data: windows, monitoring visits, deadlines, yearly items."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from dateutil.relativedelta import relativedelta

from api.domain.annual import AnnualPolicy
from api.domain.deadlines import DeadlinePolicy
from api.domain.pathways import GradedInspection
from api.domain.priority_actions import PlanProgress
from api.domain.schedule import (
    ActionPlans,
    Activity,
    Due,
    Record,
    SchedulePolicy,
    schedule,
)
from api.domain.vocabulary import (
    DueStatus,
    EventKind,
    EventStatus,
    Grade,
    JudgementArea,
    PriorityActionStatus,
    ScheduleKind,
)
from api.domain.working_days import ENGLAND

LA = "E09000002"
OE = JudgementArea.OVERALL_EFFECTIVENESS
DAY = date(2026, 11, 23)
UNTIL = date(2030, 12, 31)


def inspection(
    event_id: str, grade: Grade, start: date, published: date | None, code: str = LA
) -> GradedInspection:
    return GradedInspection(
        event_id=event_id,
        authority_code=code,
        kind=EventKind.STANDARD_INSPECTION,
        framework_id="ilacs-2023",
        fieldwork_start=start,
        fieldwork_end=start,
        published_on=published,
        grades={
            OE: grade,
            JudgementArea.IMPACT_OF_LEADERS: grade,
            JudgementArea.HELP_AND_PROTECTION: grade,
            JudgementArea.CHILDREN_IN_CARE: grade,
            JudgementArea.CARE_LEAVERS: grade,
        },
    )


def activity(
    event_id: str,
    kind: EventKind,
    start: date,
    status: EventStatus = EventStatus.PUBLISHED,
    **more: object,
) -> Activity:
    return Activity(event_id, LA, kind, status, start, **more)  # type: ignore[arg-type]


def of(items: list[Due], kind: ScheduleKind) -> list[Due]:
    return [i for i in items if i.kind is kind]


GOOD = inspection("evt_good", Grade.GOOD, date(2023, 1, 9), date(2023, 3, 1))
GOOD_AS_ACTIVITY = activity("evt_good", EventKind.STANDARD_INSPECTION, date(2023, 1, 9))


def test_a_window_follows_a_published_inspection_and_is_overdue_once_closed_without_one() -> None:
    record = Record(results=[GOOD], activities=[GOOD_AS_ACTIVITY])
    (window,) = of(schedule(record, DAY, UNTIL), ScheduleKind.GRADED_INSPECTION_WINDOW)
    assert (window.opens_on, window.closes_on) == (date(2025, 9, 1), date(2026, 9, 1))
    assert window.inspection_kind is EventKind.SHORT_INSPECTION
    assert window.status_on(DAY) is DueStatus.OVERDUE
    assert window.status_on(date(2026, 1, 1)) is DueStatus.DUE
    assert window.status_on(date(2025, 1, 1)) is DueStatus.UPCOMING


@pytest.mark.parametrize(
    ("status", "start", "met"),
    [
        (EventStatus.ON_SITE, date(2026, 6, 1), True),
        (EventStatus.PUBLISHED, date(2027, 6, 1), True),  # late, but met
        (EventStatus.NOTIFIED, date(2026, 6, 1), False),  # fieldwork has not begun
        (EventStatus.CANCELLED, date(2026, 6, 1), False),
        (EventStatus.ON_SITE, date(2027, 1, 4), False),  # after the day asked about
    ],
)
def test_the_next_graded_inspection_meets_the_window_from_its_fieldwork_start(
    status: EventStatus, start: date, met: bool
) -> None:
    later = activity("evt_next", EventKind.SHORT_INSPECTION, start, status)
    day = date(2027, 12, 1) if start.year == 2027 and status is EventStatus.PUBLISHED else DAY
    record = Record(results=[GOOD], activities=[GOOD_AS_ACTIVITY, later])
    (window,) = of(schedule(record, day, UNTIL), ScheduleKind.GRADED_INSPECTION_WINDOW)
    assert (window.met_on, window.met_by_event_id) == ((start, "evt_next") if met else (None, None))
    assert (window.status_on(day) is DueStatus.MET) is met


def test_an_embargoed_result_anchors_no_window_but_its_deadlines_follow_for_who_sees_it() -> None:
    embargoed = inspection("evt_new", Grade.INADEQUATE, date(2026, 10, 5), date(2026, 12, 15))
    record = Record(
        results=[GOOD, embargoed],
        activities=[
            GOOD_AS_ACTIVITY,
            activity("evt_new", EventKind.STANDARD_INSPECTION, date(2026, 10, 5)),
        ],
    )
    items = schedule(record, DAY, UNTIL)
    windows = of(items, ScheduleKind.GRADED_INSPECTION_WINDOW)
    assert [w.event_id for w in windows] == ["evt_good"]
    assert windows[0].met_by_event_id == "evt_new"
    (plan,) = of(items, ScheduleKind.ACTION_PLAN)
    assert plan.opens_on == ENGLAND.add(date(2026, 12, 15), 70)
    assert plan.tracked is False
    assert {i.kind for i in items if i.event_id == "evt_new"} == {
        ScheduleKind.ACTION_PLAN,
        ScheduleKind.MONITORING_VISIT,
        ScheduleKind.REPORT_PUBLICATION,
    }


INADEQUATE = inspection("evt_bad", Grade.INADEQUATE, date(2024, 1, 8), date(2024, 3, 1))
BAD_AS_ACTIVITY = activity("evt_bad", EventKind.STANDARD_INSPECTION, date(2024, 1, 8))


def visits(record: Record, day: date = DAY, until: date = date(2025, 12, 31)) -> list[Due]:
    return of(schedule(record, day, until), ScheduleKind.MONITORING_VISIT)


def test_monitoring_visits_start_four_weeks_after_the_action_plan_then_every_three_months() -> None:
    expected = visits(Record(results=[INADEQUATE], activities=[BAD_AS_ACTIVITY]))
    plan_due = ENGLAND.add(date(2024, 3, 1), 70)
    first = date.fromordinal(plan_due.toordinal() + 28)
    middles = [
        date.fromordinal((v.opens_on.toordinal() + v.closes_on.toordinal()) // 2) for v in expected
    ]
    assert middles[0] == first
    assert [(b.year * 12 + b.month) - (a.year * 12 + a.month) for a, b in pairwise(middles)] == [
        3
    ] * (len(middles) - 1)
    assert all(v.status_on(DAY) is DueStatus.OVERDUE for v in expected)
    assert all(v.event_id == "evt_bad" for v in expected)


def test_a_monitoring_visit_meets_the_expected_one_and_the_next_counts_from_it() -> None:
    first_visit = activity("evt_mv1", EventKind.MONITORING_VISIT, date(2024, 7, 30))
    late_visit = activity("evt_mv2", EventKind.MONITORING_VISIT, date(2025, 3, 3))
    record = Record(results=[INADEQUATE], activities=[BAD_AS_ACTIVITY, first_visit, late_visit])
    expected = visits(record)
    assert (expected[0].met_by_event_id, expected[0].met_on) == ("evt_mv1", date(2024, 7, 30))
    # Three months after the visit, not after the expected day.
    second = expected[1]
    assert date.fromordinal(
        (second.opens_on.toordinal() + second.closes_on.toordinal()) // 2
    ) == date(2024, 10, 30)
    # Too late for the second (beyond its tolerance) and the third: those are overdue.
    assert second.met_on is None
    assert [v.met_by_event_id for v in expected].count("evt_mv2") == 1


def expected_day(visit: Due) -> date:
    return date.fromordinal((visit.opens_on.toordinal() + visit.closes_on.toordinal()) // 2)


def test_monitoring_visits_stop_at_the_re_inspection() -> None:
    again = activity("evt_again", EventKind.STANDARD_INSPECTION, date(2025, 2, 3))
    expected = visits(Record(results=[INADEQUATE], activities=[BAD_AS_ACTIVITY, again]))
    unstopped = visits(Record(results=[INADEQUATE], activities=[BAD_AS_ACTIVITY]))
    assert expected == [v for v in unstopped if expected_day(v) < date(2025, 2, 3)]
    assert len(expected) < len(unstopped)


def test_monitoring_policy_is_configurable() -> None:
    record = Record(results=[INADEQUATE], activities=[BAD_AS_ACTIVITY])
    policy = SchedulePolicy(
        deadlines=DeadlinePolicy(monitoring_visit_interval_months=6), monitoring_tolerance_days=0
    )
    expected = of(schedule(record, DAY, date(2025, 12, 31), policy), ScheduleKind.MONITORING_VISIT)
    first = date.fromordinal(ENGLAND.add(date(2024, 3, 1), 70).toordinal() + 28)
    assert [(v.opens_on, v.closes_on) for v in expected[:2]] == [
        (first, first),
        (first + relativedelta(months=6), first + relativedelta(months=6)),
    ]


def plans(**progress: object) -> Record:
    base: dict[str, object] = {
        "status": PriorityActionStatus.OPEN,
        "draft_plan_due": date(2026, 10, 19),
        "final_plan_due": date(2026, 12, 29),
        "draft_plan_submitted_on": None,
        "final_plan_submitted_on": None,
        "raised_on": date(2026, 9, 21),
    }
    return Record(
        actions=[ActionPlans("pa_1", "evt_fv", LA, PlanProgress(**{**base, **progress}))]  # type: ignore[arg-type]
    )


def plan_statuses(
    record: Record, day: date = DAY
) -> dict[ScheduleKind, tuple[DueStatus, date | None]]:
    return {i.kind: (i.status_on(day), i.met_on) for i in schedule(record, day, UNTIL)}


def test_a_draft_plan_not_in_by_its_deadline_is_overdue_and_met_when_submitted() -> None:
    assert plan_statuses(plans()) == {
        ScheduleKind.PRIORITY_ACTION_DRAFT_PLAN: (DueStatus.OVERDUE, None),
        ScheduleKind.PRIORITY_ACTION_FINAL_PLAN: (DueStatus.UPCOMING, None),
    }
    submitted = plans(draft_plan_submitted_on=date(2026, 11, 2))
    assert plan_statuses(submitted)[ScheduleKind.PRIORITY_ACTION_DRAFT_PLAN] == (
        DueStatus.MET,
        date(2026, 11, 2),
    )
    # As it stood before the plan came in.
    assert plan_statuses(submitted, date(2026, 10, 30))[
        ScheduleKind.PRIORITY_ACTION_DRAFT_PLAN
    ] == (
        DueStatus.OVERDUE,
        None,
    )
    # Not yet raised: nothing due.
    assert plan_statuses(plans(), date(2026, 9, 1)) == {}


def test_a_final_plan_or_the_closing_answers_both_plans() -> None:
    final = plans(
        final_plan_submitted_on=date(2026, 10, 10),
        status=PriorityActionStatus.ACTION_PLAN_SUBMITTED,
    )
    assert set(plan_statuses(final).values()) == {(DueStatus.MET, date(2026, 10, 10))}
    closed = plans(closed_on=date(2026, 10, 12), status=PriorityActionStatus.CLOSED)
    assert set(plan_statuses(closed).values()) == {(DueStatus.MET, date(2026, 10, 12))}


def test_the_yearly_items_fall_due_a_year_after_the_last_and_are_met_by_the_next() -> None:
    first = activity(
        "evt_se1", EventKind.SELF_EVALUATION, date(2025, 1, 10), EventStatus.FIELDWORK_COMPLETE
    )
    second = activity(
        "evt_se2", EventKind.SELF_EVALUATION, date(2026, 2, 2), EventStatus.FIELDWORK_COMPLETE
    )
    planned_meeting = activity(
        "evt_aem", EventKind.ANNUAL_ENGAGEMENT_MEETING, date(2026, 1, 5), EventStatus.PLANNED
    )
    items = schedule(Record(activities=[first, second, planned_meeting]), DAY, UNTIL)
    yearly = of(items, ScheduleKind.SELF_EVALUATION)
    assert [(i.opens_on, i.met_on, i.met_by_event_id) for i in yearly] == [
        (date(2026, 1, 10), date(2026, 2, 2), "evt_se2"),
        (date(2027, 2, 2), None, None),
    ]
    assert of(items, ScheduleKind.ENGAGEMENT_MEETING) == []  # a planned meeting is not held
    longer = SchedulePolicy(annual=AnnualPolicy(self_evaluation_interval_months=18))
    assert of(
        schedule(Record(activities=[second]), DAY, UNTIL, longer), ScheduleKind.SELF_EVALUATION
    )[0].opens_on == date(2027, 8, 2)


def test_a_jtai_statement_is_due_only_where_the_letter_requires_one() -> None:
    required = activity(
        "evt_j1",
        EventKind.JTAI,
        date(2026, 5, 4),
        published_on=date(2026, 7, 1),
        written_statement_required=True,
    )
    not_required = activity(
        "evt_j2", EventKind.JTAI, date(2026, 5, 4), published_on=date(2026, 7, 1)
    )
    items = schedule(Record(activities=[required, not_required]), DAY, UNTIL)
    (statement,) = of(items, ScheduleKind.JTAI_STATEMENT)
    assert statement.event_id == "evt_j1"
    assert statement.opens_on == ENGLAND.add(date(2026, 7, 1), 70)


def test_an_abolished_council_has_no_window_left_open() -> None:
    record = Record(results=[GOOD], activities=[GOOD_AS_ACTIVITY], abolished={LA: date(2025, 4, 1)})
    assert of(schedule(record, DAY, UNTIL), ScheduleKind.GRADED_INSPECTION_WINDOW) == []


def test_items_come_in_a_stable_order_with_unique_ids() -> None:
    record = Record(
        results=[GOOD, INADEQUATE],
        activities=[GOOD_AS_ACTIVITY, BAD_AS_ACTIVITY],
    )
    items = schedule(record, DAY, UNTIL)
    keys = [(i.opens_on, i.id) for i in items]
    assert keys == sorted(keys)
    assert len({i.id for i in items}) == len(items)
