"""What the domain says when it refuses something, and when it only has doubts.

Refusals are exceptions (`DomainError` and its subclasses), each with a stable lower-kebab
`code` that the HTTP layer turns into a problem `type`. Doubts are `DomainWarning` values,
returned next to a result that still goes ahead (API.md: soft rules succeed with warnings).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class FieldError:
    """One invalid input field: `field` is a dotted path such as `grades.care_leavers`."""

    field: str
    message: str


@dataclass(frozen=True)
class DomainWarning:
    """A soft rule the change breaks: it still succeeds, and the caller shows this."""

    code: str
    detail: str


class DomainError(Exception):
    """Base of every refusal. `code` is the problem type slug, `title` its short name."""

    code: str = "domain-error"
    title: ClassVar[str] = "Domain rule broken"

    def __init__(self, detail: str, errors: Sequence[FieldError] = ()) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors: list[FieldError] = list(errors)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, detail={self.detail!r})"


class InvalidTransition(DomainError):
    """A lifecycle step that the event's kind or current status does not allow."""

    code = "invalid-transition"
    title = "Invalid transition"


class RuleViolated(DomainError):
    """A hard domain rule (DOMAIN.md) refuses the change; `code` names the rule itself."""

    title = "Rule violated"

    def __init__(self, rule: str, detail: str, errors: Sequence[FieldError] = ()) -> None:
        if not _SLUG.match(rule):
            raise ValueError(f"rule slug must be lower-kebab, got {rule!r}")
        super().__init__(detail, errors)
        self.code = rule


class DatesOutOfOrder(RuleViolated):
    """A date that is well-formed but out of order with the dates the event already has (a
    notification after its planned fieldwork starts, an end moved before its start): the
    event's state refuses it, a conflict (409) like a refused step. Dates that contradict one
    another within the request itself are InvalidDates (422)."""

    code = "dates-out-of-order"
    title = "Dates out of order"

    def __init__(self, detail: str, errors: Sequence[FieldError] = ()) -> None:
        super().__init__(self.code, detail, errors)


class InvalidInput(DomainError):
    """Input the domain cannot use; `errors` says which fields and why."""

    code = "invalid-input"
    title = "Invalid input"


class InvalidJudgements(InvalidInput):
    """Grades that do not fit the event's kind or framework."""

    code = "invalid-judgements"
    title = "Invalid judgements"


class InvalidDates(InvalidInput):
    """Dates out of order, in the future where they must not be, or outside any framework."""

    code = "invalid-dates"
    title = "Invalid dates"


class NotFound(DomainError):
    """The resource does not exist for this caller (hidden ones included: no 403 leaks them)."""

    code = "not-found"
    title = "Not found"

    def __init__(self, what: str, identifier: str) -> None:
        super().__init__(f"No {what} {identifier!r} exists.")


class Forbidden(DomainError):
    """The caller sees the resource but may not make this change."""

    code = "forbidden"
    title = "Forbidden"


class StaleVersion(DomainError):
    """The change was made against a version that is no longer the current one."""

    code = "precondition-failed"
    title = "Precondition failed"
