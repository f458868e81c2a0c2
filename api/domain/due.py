"""Where a date or window that falls due stands on a day (the schedule's one rule, DOMAIN.md §3-4).

`upcoming` before it opens, `due` from its opening to its closing day (both included),
`overdue` after it closes with nothing done, `met` from the day something met it. A single
deadline is a window that opens and closes on the same day.
"""

from __future__ import annotations

from datetime import date

from api.domain.vocabulary import DueStatus


def status_on(day: date, opens: date, closes: date, met_on: date | None = None) -> DueStatus:
    """The status on `day` of what opens on `opens`, closes on `closes`, met on `met_on` (if)."""
    if closes < opens:
        raise ValueError("a window cannot close before it opens")
    if met_on is not None and met_on <= day:
        return DueStatus.MET
    if day < opens:
        return DueStatus.UPCOMING
    if day <= closes:
        return DueStatus.DUE
    return DueStatus.OVERDUE
