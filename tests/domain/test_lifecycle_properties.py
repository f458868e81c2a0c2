"""Properties of the lifecycle under arbitrary sequences of actions, dates and reasons.

(a) No sequence reaches a state whose dates are out of order, or a status the event's kind
cannot have; (b) every refused step raises a DomainError that says what a caller got wrong:
an invalid transition exactly when the step is not one `available_actions` offers (what
clients show as the next steps), otherwise an invalid input naming the fields to correct.
(`EventState` is frozen, so a refusal cannot change the state it was given.)
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import event, given, settings
from hypothesis import strategies as st

from api.domain.errors import DatesOutOfOrder, DomainError, InvalidInput, InvalidTransition
from api.domain.lifecycle import (
    ACTIONS,
    KIND_RULES,
    NEEDS_REASON,
    RECORDS,
    EventState,
    apply,
    available_actions,
)
from api.domain.vocabulary import EventKind, EventStatus

S = EventStatus
BASE = date(2024, 1, 1)
FULL = frozenset(S)
# Kinds without a lifecycle are never notified, on site or paused, and never published.
BRIEF = frozenset({S.PLANNED, S.FIELDWORK_COMPLETE, S.CANCELLED, S.DEFERRED})
WITH_REASON = frozenset({S.CANCELLED, S.DEFERRED, S.PAUSED})
NOTIFIED_OR_LATER = frozenset({S.NOTIFIED, S.ON_SITE, S.PAUSED, S.FIELDWORK_COMPLETE, S.PUBLISHED})
TERMINAL = frozenset({S.PUBLISHED, S.CANCELLED})
# Which held date a plausible recorded date lies near.
PLANNED_NEAR = {
    "notified_on": "fieldwork_start",
    "fieldwork_start": "fieldwork_start",
    "fieldwork_end": "fieldwork_end",
    "published_on": "fieldwork_end",
}
DATE_FIELDS = frozenset(PLANNED_NEAR)
RECORDED_ON = {"notify": "notified_on", "start": "fieldwork_start", "complete": "fieldwork_end"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# A small range of days so that sensible orders come up often.
days = st.integers(min_value=0, max_value=60).map(lambda n: BASE + timedelta(days=n))
JUNK_ACTIONS = ["approve", "Publish", ""]


def near(day: date | None) -> st.SearchStrategy[date]:
    """A day within a week either side of `day` (any day when there is none)."""
    if day is None:
        return days
    return st.integers(min_value=-7, max_value=7).map(lambda n: day + timedelta(days=n))


def after(day: date | None) -> st.SearchStrategy[date]:
    """Mostly a day on or after `day`, sometimes just before it."""
    if day is None:
        return days
    return st.integers(min_value=-2, max_value=14).map(lambda n: day + timedelta(days=n))


def draw_step(data: st.DataObject, state: EventState) -> tuple[str, date | None, str | None, date]:
    """Mostly plausible steps (an action the state allows, dates near the ones it holds),
    often arbitrary ones; plausible is not always valid, which is the point."""
    plausible = data.draw(st.booleans())
    allowed = available_actions(state)
    if plausible and allowed:
        # The first allowed action moves forward (notify, start, ...): favour it.
        action = data.draw(st.sampled_from([allowed[0], *allowed]))
    else:
        action = data.draw(st.sampled_from(sorted(ACTIONS) + JUNK_ACTIONS))
    field = RECORDS.get(action)
    if plausible and field is not None:
        on: date | None = data.draw(near(getattr(state, PLANNED_NEAR[field])))
    else:
        on = data.draw(st.one_of(st.none(), days))
    reason_text = st.text(min_size=1, max_size=12)
    if plausible:
        reason = data.draw(reason_text if action in NEEDS_REASON else st.none())
    else:
        reason = data.draw(st.one_of(st.none(), st.just(""), st.just("  "), reason_text))
    today = data.draw(after(on) if plausible else days)
    return action, on, reason, today


@st.composite
def planned_events(draw: st.DrawFn) -> EventState:
    kind = draw(st.sampled_from(list(EventKind)))
    start = draw(days)
    end = start + timedelta(days=draw(st.integers(min_value=0, max_value=14)))
    return EventState(kind, S.PLANNED, None, start, end, None)


def assert_valid(state: EventState) -> None:
    present = [
        d
        for d in (state.notified_on, state.fieldwork_start, state.fieldwork_end, state.published_on)
        if d is not None
    ]
    assert present == sorted(present), state
    rules = KIND_RULES[state.kind]
    assert state.status in (FULL if rules.lifecycle else BRIEF), state
    assert (state.status_reason is not None and state.status_reason.strip() != "") is (
        state.status in WITH_REASON
    ), state
    if state.status is S.PLANNED:
        assert state.notified_on is None, state
    if rules.lifecycle and state.status in NOTIFIED_OR_LATER:
        assert state.notified_on is not None, state
    if state.status is S.PUBLISHED:
        assert rules.public, state
        assert state.published_on is not None, state
    else:
        assert state.published_on is None, state


def attempt(
    state: EventState, action: str, on: date | None, reason: str | None, today: date
) -> EventState | DomainError:
    """The new state, or the DomainError refusing the step (anything else propagates)."""
    try:
        return apply(state, action, on=on, reason=reason, today=today)
    except DomainError as refused:
        return refused


@settings(max_examples=200, deadline=None)
@given(initial=planned_events(), data=st.data(), length=st.integers(min_value=0, max_value=20))
def test_no_sequence_of_actions_reaches_an_invalid_state(
    initial: EventState, data: st.DataObject, length: int
) -> None:
    state = initial
    for _ in range(length):
        action, on, reason, today = draw_step(data, state)
        offered = action in available_actions(state)
        outcome = attempt(state, action, on, reason, today)
        if isinstance(outcome, DomainError):
            # (b) refused: a stable code and a detail, and the right kind of refusal.
            assert SLUG.match(outcome.code), outcome
            assert outcome.detail
            if offered:
                # The step is allowed; its date or reason is not (for itself, or next to the
                # event's own dates).
                assert isinstance(outcome, InvalidInput | DatesOutOfOrder), (state, action, outcome)
                fields = {error.field for error in outcome.errors}
                assert fields, outcome
                assert fields <= {"on", "reason", *DATE_FIELDS}, outcome
            else:
                assert isinstance(outcome, InvalidTransition), (state, action, outcome)
                assert outcome.code == "invalid-transition"
            continue
        # (a) accepted: only a step offered, from a live status, into a valid state, past
        # dates only in the past.
        assert offered, (state, action)
        assert state.status not in TERMINAL, (state, action)
        assert_valid(outcome)
        if action in RECORDED_ON:
            assert on is not None
            assert getattr(outcome, RECORDED_ON[action]) == on
            assert on <= today
        event(f"reached {outcome.status}")
        state = outcome
