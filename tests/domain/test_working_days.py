"""England's working days: weekends, bank holidays, substitute days, one-off holidays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.domain.working_days import ENGLAND, WorkingDayCalendar

D = date.fromisoformat


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2024-01-15", True),  # an ordinary Monday
        ("2024-01-13", False),  # Saturday
        ("2024-01-14", False),  # Sunday
        ("2021-12-27", False),  # Christmas Day on a Saturday: substitute Monday
        ("2021-12-28", False),  # Boxing Day on a Sunday: substitute Tuesday
        ("2021-12-29", True),
        ("2022-12-26", False),  # Boxing Day, Monday
        ("2022-12-27", False),  # Christmas Day on a Sunday: substitute Tuesday
        ("2022-01-03", False),  # New Year's Day on a Saturday: substitute Monday
        ("2023-01-02", False),  # New Year's Day on a Sunday: substitute Monday
        ("2024-03-29", False),  # Good Friday
        ("2024-04-01", False),  # Easter Monday
        ("2023-05-08", False),  # Coronation of King Charles III
        ("2023-05-01", False),  # Early May bank holiday
        ("2022-06-03", False),  # Platinum Jubilee
        ("2022-09-19", False),  # State funeral of Queen Elizabeth II
        ("2023-03-17", True),  # St Patrick's Day is a holiday in Northern Ireland only
        ("2023-08-07", True),  # Scotland's summer holiday, not England's
        ("2030-12-25", False),  # far years are covered without being listed up front
        ("2099-12-25", False),
    ],
)
def test_is_working_day(day: str, working: bool) -> None:
    assert ENGLAND.is_working_day(D(day)) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2024-01-15", 70, "2024-04-24"),  # the reference case, across Easter 2024
        ("2024-01-15", 0, "2024-01-15"),
        ("2024-12-25", 0, "2024-12-25"),  # n=0 is the day itself, even a holiday
        ("2024-01-12", 1, "2024-01-15"),  # Friday -> Monday
        ("2021-12-24", 1, "2021-12-29"),  # over Christmas 2021 and both substitute days
        ("2022-12-23", 1, "2022-12-28"),  # over Christmas 2022
        ("2021-12-31", 1, "2022-01-04"),  # New Year 2022 substitute Monday
        ("2022-12-30", 1, "2023-01-03"),  # New Year 2023 substitute Monday
        ("2024-03-28", 1, "2024-04-02"),  # Good Friday and Easter Monday
        ("2023-05-05", 1, "2023-05-09"),  # the coronation Monday
        ("2024-04-02", -1, "2024-03-28"),  # counting back over Easter
    ],
)
def test_add(start: str, n: int, expected: str) -> None:
    assert ENGLAND.add(D(start), n) == D(expected)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024-01-15", "2024-01-15", 0),
        ("2024-01-12", "2024-01-15", 1),  # Friday to Monday: only Monday counts
        ("2024-03-28", "2024-04-02", 1),  # Easter
        ("2023-05-05", "2023-05-12", 4),  # coronation week: Tue-Fri
        ("2024-01-15", "2024-04-24", 70),
        ("2024-04-02", "2024-03-28", -1),  # reversed: negative
    ],
)
def test_between(start: str, end: str, expected: int) -> None:
    assert ENGLAND.between(D(start), D(end)) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2024-03-04", "2024-03-08", 5),  # Monday to Friday
        ("2024-04-01", "2024-04-05", 4),  # starts on Easter Monday
        ("2024-03-09", "2024-03-09", 0),  # a Saturday
        ("2024-03-08", "2024-03-04", 0),  # reversed
    ],
)
def test_inclusive(first: str, last: str, expected: int) -> None:
    assert ENGLAND.inclusive(D(first), D(last)) == expected


def test_holiday_name_comes_from_the_maintained_calendar() -> None:
    name = ENGLAND.holiday_name(D("2023-05-08"))
    assert name is not None
    assert "Coronation" in name
    assert ENGLAND.holiday_name(D("2024-01-13")) is None


def test_a_calendar_can_be_given_other_holidays() -> None:
    import holidays

    scotland = WorkingDayCalendar(holidays.country_holidays("GB", subdiv="SCT"))
    assert not scotland.is_working_day(D("2023-08-07"))
    assert ENGLAND.is_working_day(D("2023-08-07"))


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@settings(deadline=None)
@given(start=days, n=st.integers(min_value=0, max_value=400))
def test_add_and_between_agree(start: date, n: int) -> None:
    end = ENGLAND.add(start, n)
    assert ENGLAND.between(start, end) == n
    if n > 0:
        assert ENGLAND.is_working_day(end)
        # Nothing is skipped: the day before the result holds one working day fewer.
        assert ENGLAND.between(start, end - timedelta(days=1)) == n - 1
