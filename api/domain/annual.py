"""The private side of the ILACS year (DOMAIN.md §1): the authority's self-evaluation and the
annual engagement meeting, each due again a year after the last.

"A year" is Ofsted's word, not a statutory period: the intervals are fields of `AnnualPolicy`
so that a change of practice is a new policy value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from api.domain.errors import FieldError, InvalidInput
from api.domain.vocabulary import EventKind

# Open vocabularies (an attendee's role, an inspectorate, a JTAI theme) are lower_snake words.
OPEN_WORD = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class AnnualPolicy:
    """How often the yearly activities fall due, in calendar months after the last one."""

    self_evaluation_interval_months: int = 12
    engagement_meeting_interval_months: int = 12

    def __post_init__(self) -> None:
        if min(self.self_evaluation_interval_months, self.engagement_meeting_interval_months) < 1:
            raise ValueError("a yearly activity needs an interval of at least one month")


DEFAULT_ANNUAL = AnnualPolicy()


def next_self_evaluation_due(submitted_on: date, policy: AnnualPolicy = DEFAULT_ANNUAL) -> date:
    """The day the next self-evaluation falls due after one submitted on `submitted_on`."""
    return submitted_on + relativedelta(months=policy.self_evaluation_interval_months)


def next_engagement_meeting_due(held_on: date, policy: AnnualPolicy = DEFAULT_ANNUAL) -> date:
    """The day the next annual engagement meeting falls due after one held on `held_on`."""
    return held_on + relativedelta(months=policy.engagement_meeting_interval_months)


def next_due(kind: EventKind, last: date, policy: AnnualPolicy = DEFAULT_ANNUAL) -> date:
    """The day the next yearly activity of `kind` falls due after the last, held on `last`."""
    if kind is EventKind.SELF_EVALUATION:
        return next_self_evaluation_due(last, policy)
    if kind is EventKind.ANNUAL_ENGAGEMENT_MEETING:
        return next_engagement_meeting_due(last, policy)
    raise ValueError(f"{kind} is not a yearly activity")


@dataclass(frozen=True)
class Attendee:
    role: str
    name: str | None = None


def check_meeting(held_on: date, attendees: Sequence[Attendee], today: date) -> None:
    """A meeting is recorded once it has been held, with who attended it by role."""
    errors = []
    if held_on > today:
        errors.append(FieldError("held_on", f"is after today {today.isoformat()}"))
    if not attendees:
        errors.append(FieldError("attendees", "name at least one attendee by role"))
    for index, attendee in enumerate(attendees):
        if not OPEN_WORD.fullmatch(attendee.role):
            errors.append(FieldError(f"attendees.{index}.role", "must be a lower_snake word"))
    if errors:
        raise InvalidInput("the meeting cannot be recorded as given", errors)
