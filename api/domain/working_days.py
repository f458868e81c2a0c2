"""Working days in England: weekdays that are not bank holidays (DOMAIN.md §4).

Bank holidays come from the maintained `holidays` package (England subdivision, substitute
days and one-off holidays such as the 2023 coronation included), never from a hand-made list.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays

_DAY = timedelta(days=1)


class WorkingDayCalendar:
    """Counts working days; `holidays` defaults to England's bank holidays.

    The holidays object fills in each year the first time a date in it is looked up, so
    the calendar covers any year it is asked about.
    """

    def __init__(self, bank_holidays: holidays.HolidayBase | None = None) -> None:
        self._holidays = (
            bank_holidays
            if bank_holidays is not None
            else holidays.country_holidays("GB", subdiv="ENG")
        )

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._holidays

    def holiday_name(self, day: date) -> str | None:
        """The bank holiday's name, or None (a weekend is not a holiday)."""
        return self._holidays.get(day)

    def add(self, day: date, n: int) -> date:
        """The n-th working day after `day` (not counting `day`); n=0 gives `day` itself.

        A negative n counts back: the n-th working day before `day`.
        """
        step = _DAY if n >= 0 else -_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end < start:
            return -self.between(end, start)
        count = 0
        day = start
        while day < end:
            day += _DAY
            count += self.is_working_day(day)
        return count

    def inclusive(self, first: date, last: date) -> int:
        """Working days from `first` to `last`, both counted (0 if last < first)."""
        if last < first:
            return 0
        return self.between(first, last) + self.is_working_day(first)


ENGLAND = WorkingDayCalendar()
"""The calendar every deadline uses unless told otherwise."""
