"""Deadlines after a result (DOMAIN.md §4), each worked out by hand on a calendar."""

from __future__ import annotations

from datetime import date

import pytest

from api.domain.deadlines import (
    DeadlinePolicy,
    action_plan_due_after_inadequate,
    expected_publication,
    first_monitoring_visit_due,
    jtai_statement_due,
    monitoring_visits_due,
    priority_action_plan_due,
    report_publication_due,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2024-01-15", "2024-02-26"),  # six clear weeks, no holiday
        ("2022-12-16", "2023-02-01"),  # over Christmas 2022 (27 Dec substitute) and 2 Jan 2023
        ("2024-03-15", "2024-04-30"),  # over Easter 2024
    ],
)
def test_report_publication_due_30_working_days(received: str, due: str) -> None:
    assert report_publication_due(D(received)) == D(due)


@pytest.mark.parametrize(
    ("report", "due"),
    [
        ("2024-01-15", "2024-04-24"),  # over Good Friday and Easter Monday 2024
        ("2023-03-01", "2023-06-14"),  # Easter, early May, coronation and spring holidays 2023
    ],
)
def test_action_plan_due_70_working_days_after_inadequate(report: str, due: str) -> None:
    assert action_plan_due_after_inadequate(D(report)) == D(due)


@pytest.mark.parametrize(
    ("letter", "draft", "final"),
    [
        # Over Christmas 2023 (Monday 25, Tuesday 26) and New Year's Day 2024.
        ("2023-12-01", "2024-01-03", "2024-03-13"),
        ("2024-01-15", "2024-02-12", "2024-04-24"),
    ],
)
def test_priority_action_plan_due(letter: str, draft: str, final: str) -> None:
    assert priority_action_plan_due(D(letter)) == (D(draft), D(final))


@pytest.mark.parametrize(
    ("report", "due"),
    [("2023-03-01", "2023-06-14"), ("2024-01-15", "2024-04-24")],
)
def test_jtai_statement_due_70_working_days(report: str, due: str) -> None:
    assert jtai_statement_due(D(report)) == D(due)


def test_first_monitoring_visit_28_calendar_days_after_the_action_plan() -> None:
    # Action plan due 2024-04-24 (Wednesday); four weeks later is a Wednesday again.
    assert first_monitoring_visit_due(D("2024-01-15")) == D("2024-05-22")


@pytest.mark.parametrize(
    ("until", "visits"),
    [
        ("2024-05-21", []),
        ("2024-05-22", ["2024-05-22"]),
        ("2024-08-22", ["2024-05-22", "2024-08-22"]),
        ("2025-01-01", ["2024-05-22", "2024-08-22", "2024-11-22"]),
        ("2025-02-22", ["2024-05-22", "2024-08-22", "2024-11-22", "2025-02-22"]),
    ],
)
def test_monitoring_visits_every_three_months(until: str, visits: list[str]) -> None:
    assert monitoring_visits_due(D("2024-01-15"), D(until)) == [D(v) for v in visits]


def test_monitoring_visits_count_from_the_first_so_month_ends_do_not_drift() -> None:
    # First visit on 31 May: 31 Aug, 30 Nov (clipped), then 28 Feb (clipped) and 31 May again,
    # not 28 Feb -> 28 May as repeated three-month steps would give.
    policy = DeadlinePolicy(first_monitoring_visit_calendar_days=7)
    report = D("2024-02-13")  # action plan due 2024-05-24 (Friday), + 7 days = 2024-05-31
    visits = monitoring_visits_due(report, D("2025-06-01"), policy=policy)
    assert visits == [
        D(v) for v in ("2024-05-31", "2024-08-31", "2024-11-30", "2025-02-28", "2025-05-31")
    ]


def test_policy_numbers_are_data() -> None:
    quick = DeadlinePolicy(report_publication_working_days=5, monitoring_visit_interval_months=6)
    assert report_publication_due(D("2024-03-25"), policy=quick) == D("2024-04-03")
    assert monitoring_visits_due(D("2024-01-15"), D("2025-01-01"), policy=quick) == [
        D("2024-05-22"),
        D("2024-11-22"),
    ]
    with pytest.raises(ValueError, match="interval"):
        DeadlinePolicy(monitoring_visit_interval_months=0)


@pytest.mark.parametrize(
    ("fieldwork_end", "lag", "expected"),
    [
        ("2024-03-15", 30, "2024-04-30"),
        ("2024-03-15", 27, "2024-04-25"),
        ("2024-03-15", 0, "2024-03-15"),
    ],
)
def test_expected_publication(fieldwork_end: str, lag: int, expected: str) -> None:
    assert expected_publication(D(fieldwork_end), lag) == D(expected)
