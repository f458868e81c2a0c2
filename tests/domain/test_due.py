from datetime import date, timedelta

import pytest

from api.domain.due import status_on
from api.domain.vocabulary import DueStatus

OPENS, CLOSES = date(2026, 1, 5), date(2026, 7, 5)


@pytest.mark.parametrize(
    ("day", "met_on", "expected"),
    [
        (OPENS - timedelta(days=1), None, DueStatus.UPCOMING),
        (OPENS, None, DueStatus.DUE),
        (CLOSES, None, DueStatus.DUE),
        (CLOSES + timedelta(days=1), None, DueStatus.OVERDUE),
        (CLOSES + timedelta(days=30), CLOSES + timedelta(days=10), DueStatus.MET),
        # Met later than the day asked: not yet met on that day.
        (CLOSES + timedelta(days=5), CLOSES + timedelta(days=10), DueStatus.OVERDUE),
        (OPENS + timedelta(days=3), OPENS, DueStatus.MET),
    ],
)
def test_status_on_a_day(day: date, met_on: date | None, expected: DueStatus) -> None:
    assert status_on(day, OPENS, CLOSES, met_on) is expected


def test_a_deadline_is_a_window_of_one_day() -> None:
    assert status_on(OPENS, OPENS, OPENS) is DueStatus.DUE
    assert status_on(OPENS + timedelta(days=1), OPENS, OPENS) is DueStatus.OVERDUE


def test_a_window_cannot_close_before_it_opens() -> None:
    with pytest.raises(ValueError, match="cannot close before"):
        status_on(OPENS, CLOSES, OPENS)
