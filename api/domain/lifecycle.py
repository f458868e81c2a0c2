"""The lifecycle of one activity (DOMAIN.md §6) as an explicit state machine.

planned -> notified -> on_site -> fieldwork_complete -> published, with cancel and defer
before fieldwork, pause and resume during it. `apply` is the only way to move an event; it
returns a new `EventState` or raises a DomainError, and checks that the dates it records
keep notified_on <= fieldwork_start <= fieldwork_end <= published_on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType
from typing import Literal

from api.domain.errors import (
    DatesOutOfOrder,
    DomainWarning,
    FieldError,
    InvalidDates,
    InvalidInput,
    InvalidTransition,
)
from api.domain.vocabulary import Action, EventKind, EventStatus
from api.domain.working_days import ENGLAND, WorkingDayCalendar

S = EventStatus
DateField = Literal["notified_on", "fieldwork_start", "fieldwork_end", "published_on"]
DATE_ORDER: tuple[DateField, ...] = (
    "notified_on",
    "fieldwork_start",
    "fieldwork_end",
    "published_on",
)


@dataclass(frozen=True)
class KindRules:
    """What an event kind is: a published letter? public at all? themed? (Whether it is
    graded is its framework's to say: `api.domain.frameworks.GRADED_KINDS`.)

    `lifecycle` is False for kinds that are not notified or on site (annual engagement
    meeting, self-evaluation): they are simply completed on the day they happen.
    `has_theme` means the kind may carry a theme.
    """

    letter: bool
    public: bool
    has_theme: bool
    lifecycle: bool


_GRADED = KindRules(letter=False, public=True, has_theme=False, lifecycle=True)
_LETTER = KindRules(letter=True, public=True, has_theme=True, lifecycle=True)
_PRIVATE = KindRules(letter=False, public=False, has_theme=False, lifecycle=False)

KIND_RULES: dict[EventKind, KindRules] = {
    EventKind.SHORT_INSPECTION: _GRADED,
    EventKind.STANDARD_INSPECTION: _GRADED,
    EventKind.SIF_INSPECTION: _GRADED,
    EventKind.FOCUSED_VISIT: _LETTER,
    EventKind.MONITORING_VISIT: _LETTER,
    EventKind.JTAI: _LETTER,
    EventKind.ANNUAL_ENGAGEMENT_MEETING: _PRIVATE,
    EventKind.SELF_EVALUATION: _PRIVATE,
}

Table = Mapping[str, Mapping[EventStatus, EventStatus]]


def _frozen(table: dict[str, dict[EventStatus, EventStatus]]) -> Table:
    return MappingProxyType({action: MappingProxyType(moves) for action, moves in table.items()})


# action -> {from status: to status}, for kinds with the full lifecycle.
TRANSITIONS: Table = _frozen(
    {
        Action.NOTIFY: {S.PLANNED: S.NOTIFIED},
        Action.START: {S.NOTIFIED: S.ON_SITE},
        Action.COMPLETE: {S.ON_SITE: S.FIELDWORK_COMPLETE},
        Action.PUBLISH: {S.FIELDWORK_COMPLETE: S.PUBLISHED},
        Action.CANCEL: {S.PLANNED: S.CANCELLED, S.NOTIFIED: S.CANCELLED},
        Action.DEFER: {S.PLANNED: S.DEFERRED, S.NOTIFIED: S.DEFERRED},
        Action.PAUSE: {S.ON_SITE: S.PAUSED},
        Action.RESUME: {S.PAUSED: S.ON_SITE, S.DEFERRED: S.PLANNED},
    }
)
# Kinds without a lifecycle are planned, then completed (or cancelled, deferred, resumed).
BRIEF_TRANSITIONS: Table = _frozen(
    {
        Action.COMPLETE: {S.PLANNED: S.FIELDWORK_COMPLETE},
        Action.CANCEL: {S.PLANNED: S.CANCELLED},
        Action.DEFER: {S.PLANNED: S.DEFERRED},
        Action.RESUME: {S.DEFERRED: S.PLANNED},
    }
)
ACTIONS = frozenset(TRANSITIONS) | frozenset(BRIEF_TRANSITIONS)
RECORDS: Mapping[str, DateField] = MappingProxyType(
    {
        Action.NOTIFY: "notified_on",
        Action.START: "fieldwork_start",
        Action.COMPLETE: "fieldwork_end",
        Action.PUBLISH: "published_on",
    }
)
NEEDS_REASON = frozenset({Action.CANCEL, Action.DEFER, Action.PAUSE})
MAY_BE_FUTURE = frozenset({Action.PUBLISH})  # a future publication date is an embargo
TERMINAL = frozenset({S.PUBLISHED, S.CANCELLED})

# Notice in working days, the notification day counted as day 1: fieldwork on day N + 1.
NOTICE_WORKING_DAYS: Mapping[EventKind, int] = MappingProxyType(
    {
        EventKind.SHORT_INSPECTION: 5,
        EventKind.STANDARD_INSPECTION: 5,
        EventKind.FOCUSED_VISIT: 5,
        EventKind.JTAI: 10,
    }
)


@dataclass(frozen=True)
class EventState:
    """What the lifecycle knows of an event; fieldwork dates are planned until recorded."""

    kind: EventKind
    status: EventStatus
    notified_on: date | None
    fieldwork_start: date | None
    fieldwork_end: date | None
    published_on: date | None
    status_reason: str | None = None


def transitions_for(kind: EventKind) -> Table:
    """The transition table that applies to this kind (no publish for private kinds)."""
    rules = KIND_RULES[kind]
    table = TRANSITIONS if rules.lifecycle else BRIEF_TRANSITIONS
    return {action: moves for action, moves in table.items() if rules.public or action != "publish"}


def available_actions(state: EventState) -> tuple[str, ...]:
    """The actions `apply` may accept from this state (dates and reasons permitting)."""
    table = transitions_for(state.kind)
    return tuple(action for action, moves in table.items() if state.status in moves)


def date_errors(state: EventState, focus: DateField | None = None) -> list[FieldError]:
    """Every pair of present dates out of order, reported on `focus` (the date just given)
    when it is one of the pair, else on the later field."""
    errors = []
    for i, earlier in enumerate(DATE_ORDER):
        for later in DATE_ORDER[i + 1 :]:
            first, second = getattr(state, earlier), getattr(state, later)
            if first is None or second is None or first <= second:
                continue
            if focus == earlier:
                message = f"{first.isoformat()} is after {later} {second.isoformat()}"
                errors.append(FieldError(earlier, message))
            else:
                message = f"{second.isoformat()} is before {earlier} {first.isoformat()}"
                errors.append(FieldError(later, message))
    return errors


def validate_planned_dates(fieldwork_start: date, fieldwork_end: date) -> None:
    """Raise InvalidDates unless planned fieldwork starts no later than it ends."""
    if fieldwork_end < fieldwork_start:
        raise InvalidDates(
            "fieldwork cannot end before it starts",
            [
                FieldError(
                    "fieldwork_end", f"is before fieldwork_start {fieldwork_start.isoformat()}"
                )
            ],
        )


def reschedule(state: EventState, fieldwork_start: date, fieldwork_end: date) -> EventState:
    """Move the planned fieldwork of an event not yet on site (planned, notified, deferred).

    Either date may be the event's own: dates out of order are DatesOutOfOrder, a conflict
    with the event (the caller checks first that the dates it was given agree)."""
    if state.status not in (S.PLANNED, S.NOTIFIED, S.DEFERRED):
        raise InvalidTransition(
            f"the fieldwork dates of a {state.status} event are recorded, not planned"
        )
    moved = replace(state, fieldwork_start=fieldwork_start, fieldwork_end=fieldwork_end)
    if errors := date_errors(moved):
        raise DatesOutOfOrder("the planned dates do not fit the dates already recorded", errors)
    return moved


def _check_inputs(action: str, on: date | None, reason: str | None, today: date) -> None:
    field = RECORDS.get(action)
    if field is None and on is not None:
        raise InvalidInput(f"{action} records no date", [FieldError("on", "not expected")])
    if field is not None and on is None:
        raise InvalidDates(f"{action} needs the date it records", [FieldError(field, "required")])
    if field is not None and on is not None and on > today and action not in MAY_BE_FUTURE:
        raise InvalidDates(
            f"{action} records a day that has happened",
            [FieldError(field, f"{on.isoformat()} is after today {today.isoformat()}")],
        )
    if action in NEEDS_REASON and not (reason and reason.strip()):
        raise InvalidInput(f"{action} needs a reason", [FieldError("reason", "required")])
    if action not in NEEDS_REASON and reason is not None:
        raise InvalidInput(f"{action} takes no reason", [FieldError("reason", "not expected")])


def apply(
    state: EventState,
    action: str,
    *,
    on: date | None = None,
    reason: str | None = None,
    today: date,
) -> EventState:
    """The state after `action`, or InvalidTransition / DatesOutOfOrder / InvalidDates /
    InvalidInput.

    `on` is the date the action records (notify: notified_on, start: fieldwork_start,
    complete: fieldwork_end, publish: published_on, which may be in the future). Resuming a
    deferred event makes it planned again and forgets the earlier notification, so it is
    notified afresh. Kinds without a lifecycle record `on` as both fieldwork days.
    """
    if action not in ACTIONS:
        raise InvalidTransition(f"unknown action {action!r}")
    moves = transitions_for(state.kind).get(action)
    if moves is None:
        raise InvalidTransition(f"a {state.kind} has no {action} step")
    target = moves.get(state.status)
    if target is None:
        raise InvalidTransition(f"cannot {action} a {state.kind} that is {state.status}")
    _check_inputs(action, on, reason, today)

    dates: dict[DateField, date | None] = {field: getattr(state, field) for field in DATE_ORDER}
    if on is not None:
        dates[RECORDS[action]] = on
        if not KIND_RULES[state.kind].lifecycle:
            dates["fieldwork_start"] = on
    if target is S.PLANNED:
        dates["notified_on"] = None
    moved = EventState(
        kind=state.kind, status=target, status_reason=reason and reason.strip(), **dates
    )
    if errors := date_errors(moved, RECORDS.get(action)):
        # `on` is the one date given: out of order with the event's, it is a conflict.
        raise DatesOutOfOrder(f"{action} on {on} would put the event's dates out of order", errors)
    return moved


def check_notice(
    kind: EventKind,
    notified_on: date,
    fieldwork_start: date,
    calendar: WorkingDayCalendar = ENGLAND,
    expected: Mapping[EventKind, int] = NOTICE_WORKING_DAYS,
) -> list[DomainWarning]:
    """ "unusual-notice" when the notice given differs from the usual for the kind.

    Notice counts working days from the notification day (day 1) to the day before
    fieldwork: Monday's call for the following Monday is 5 days.
    """
    usual = expected.get(kind)
    if usual is None:
        return []
    given = calendar.between(notified_on, fieldwork_start)
    if given == usual:
        return []
    detail = (
        f"notified {notified_on.isoformat()} for fieldwork from {fieldwork_start.isoformat()}: "
        f"{given} working days' notice where {usual} is usual for a {kind}"
    )
    return [DomainWarning("unusual-notice", detail)]
