"""The lifecycle state machine, step by step (DOMAIN.md §6), and the notice given."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from api.domain.errors import DatesOutOfOrder, InvalidDates, InvalidInput, InvalidTransition
from api.domain.frameworks import is_graded
from api.domain.lifecycle import (
    KIND_RULES,
    EventState,
    apply,
    available_actions,
    check_notice,
    reschedule,
    validate_planned_dates,
)
from api.domain.vocabulary import EventKind, EventStatus

D = date.fromisoformat
K = EventKind
S = EventStatus
TODAY = D("2024-06-03")

PLANNED = EventState(K.STANDARD_INSPECTION, S.PLANNED, None, D("2024-03-11"), D("2024-03-22"), None)
NOTIFIED = replace(PLANNED, status=S.NOTIFIED, notified_on=D("2024-03-04"))
ON_SITE = replace(NOTIFIED, status=S.ON_SITE)
STATES = {
    S.PLANNED: PLANNED,
    S.NOTIFIED: NOTIFIED,
    S.ON_SITE: ON_SITE,
    S.PAUSED: replace(ON_SITE, status=S.PAUSED, status_reason="inspector ill"),
    S.FIELDWORK_COMPLETE: replace(ON_SITE, status=S.FIELDWORK_COMPLETE),
    S.PUBLISHED: replace(ON_SITE, status=S.PUBLISHED, published_on=D("2024-05-01")),
    S.CANCELLED: replace(NOTIFIED, status=S.CANCELLED, status_reason="cyber attack"),
    S.DEFERRED: replace(NOTIFIED, status=S.DEFERRED, status_reason="major incident"),
}
INPUTS: dict[str, dict[str, object]] = {
    "notify": {"on": D("2024-03-04")},
    "start": {"on": D("2024-03-11")},
    "complete": {"on": D("2024-03-22")},
    "publish": {"on": D("2024-05-01")},
    "cancel": {"reason": "council under cyber attack"},
    "defer": {"reason": "serious incident in the area"},
    "pause": {"reason": "inspector ill"},
    "resume": {},
}
ALLOWED = {
    (S.PLANNED, "notify"): S.NOTIFIED,
    (S.NOTIFIED, "start"): S.ON_SITE,
    (S.ON_SITE, "complete"): S.FIELDWORK_COMPLETE,
    (S.FIELDWORK_COMPLETE, "publish"): S.PUBLISHED,
    (S.PLANNED, "cancel"): S.CANCELLED,
    (S.NOTIFIED, "cancel"): S.CANCELLED,
    (S.PLANNED, "defer"): S.DEFERRED,
    (S.NOTIFIED, "defer"): S.DEFERRED,
    (S.ON_SITE, "pause"): S.PAUSED,
    (S.PAUSED, "resume"): S.ON_SITE,
    (S.DEFERRED, "resume"): S.PLANNED,
}


def run(state: EventState, action: str) -> EventState:
    return apply(state, action, today=TODAY, **INPUTS[action])  # type: ignore[arg-type]


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", list(INPUTS))
def test_every_status_and_action(status: EventStatus, action: str) -> None:
    state = STATES[status]
    expected = ALLOWED.get((status, action))
    if expected is None:
        with pytest.raises(InvalidTransition) as caught:
            run(state, action)
        assert caught.value.code == "invalid-transition"
        # What the caller reads: the step refused and the status that refuses it.
        assert f"cannot {action} a standard_inspection that is {status.value}" in str(caught.value)
    else:
        assert run(state, action).status is expected


def test_the_whole_way_records_each_date() -> None:
    state = PLANNED
    for action in ("notify", "start", "complete", "publish"):
        state = run(state, action)
    assert state == EventState(
        K.STANDARD_INSPECTION,
        S.PUBLISHED,
        D("2024-03-04"),
        D("2024-03-11"),
        D("2024-03-22"),
        D("2024-05-01"),
    )


def test_actual_dates_replace_planned_ones() -> None:
    started = apply(NOTIFIED, "start", on=D("2024-03-12"), today=TODAY)
    done = apply(started, "complete", on=D("2024-03-25"), today=TODAY)
    assert (done.fieldwork_start, done.fieldwork_end) == (D("2024-03-12"), D("2024-03-25"))


def test_unknown_action() -> None:
    with pytest.raises(InvalidTransition, match="unknown action 'approve'") as caught:
        apply(PLANNED, "approve", today=TODAY)
    assert caught.value.code == "invalid-transition"


@pytest.mark.parametrize(
    ("state", "action", "on", "field"),
    [
        (PLANNED, "notify", D("2024-06-04"), "notified_on"),  # in the future
        (NOTIFIED, "start", D("2024-06-04"), "fieldwork_start"),
        (ON_SITE, "complete", D("2024-06-04"), "fieldwork_end"),
        (PLANNED, "notify", None, "notified_on"),  # no date given
    ],
)
def test_dates_in_the_future_or_missing_are_invalid(
    state: EventState, action: str, on: date | None, field: str
) -> None:
    with pytest.raises(InvalidDates) as caught:
        apply(state, action, on=on, today=TODAY)
    assert caught.value.code == "invalid-dates"
    assert [error.field for error in caught.value.errors] == [field]


@pytest.mark.parametrize(
    ("state", "action", "on", "field"),
    [
        (PLANNED, "notify", D("2024-03-12"), "notified_on"),  # after the planned start
        (NOTIFIED, "start", D("2024-03-01"), "fieldwork_start"),  # before the notification
        (NOTIFIED, "start", D("2024-03-25"), "fieldwork_start"),  # after the planned end
        (ON_SITE, "complete", D("2024-03-10"), "fieldwork_end"),  # before the start
        (STATES[S.FIELDWORK_COMPLETE], "publish", D("2024-03-21"), "published_on"),
    ],
)
def test_dates_out_of_order_with_the_events_own_conflict_with_it(
    state: EventState, action: str, on: date | None, field: str
) -> None:
    # A well-formed date the event's state refuses: a hard rule (409), not invalid input.
    with pytest.raises(DatesOutOfOrder) as caught:
        apply(state, action, on=on, today=TODAY)
    assert not isinstance(caught.value, InvalidInput)
    assert caught.value.code == "dates-out-of-order"
    assert [error.field for error in caught.value.errors] == [field]


def test_recording_today_is_fine_and_publication_may_be_embargoed() -> None:
    notified = apply(replace(PLANNED, fieldwork_start=TODAY, fieldwork_end=TODAY), "notify",
                     on=TODAY, today=TODAY)  # fmt: skip
    assert notified.notified_on == TODAY
    embargoed = apply(STATES[S.FIELDWORK_COMPLETE], "publish", on=D("2024-07-01"), today=TODAY)
    assert embargoed.published_on == D("2024-07-01")


@pytest.mark.parametrize("action", ["cancel", "defer"])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_cancel_and_defer_need_a_reason(action: str, reason: str | None) -> None:
    with pytest.raises(InvalidInput) as caught:
        apply(NOTIFIED, action, reason=reason, today=TODAY)
    assert caught.value.code == "invalid-input"
    assert [error.field for error in caught.value.errors] == ["reason"]


def test_pause_needs_a_reason_and_resume_clears_it() -> None:
    with pytest.raises(InvalidInput) as caught:
        apply(ON_SITE, "pause", today=TODAY)
    assert caught.value.code == "invalid-input"
    assert [(e.field, e.message) for e in caught.value.errors] == [("reason", "required")]
    paused = apply(ON_SITE, "pause", reason="  snow closed the offices ", today=TODAY)
    assert paused.status_reason == "snow closed the offices"
    resumed = apply(paused, "resume", today=TODAY)
    assert resumed == ON_SITE


@pytest.mark.parametrize(
    ("state", "action", "kwargs", "field"),
    [
        (NOTIFIED, "cancel", {"reason": "x", "on": D("2024-03-05")}, "on"),
        (PLANNED, "notify", {"on": D("2024-03-04"), "reason": "why not"}, "reason"),
        (STATES[S.DEFERRED], "resume", {"reason": "ready"}, "reason"),
    ],
)
def test_inputs_an_action_does_not_take_are_refused(
    state: EventState, action: str, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        apply(state, action, today=TODAY, **kwargs)  # type: ignore[arg-type]
    assert caught.value.code == "invalid-input"
    assert [(e.field, e.message) for e in caught.value.errors] == [(field, "not expected")]


def test_resuming_a_deferred_event_plans_it_afresh() -> None:
    resumed = run(STATES[S.DEFERRED], "resume")
    assert resumed == PLANNED  # notification forgotten, reason cleared, plan kept


@pytest.mark.parametrize("kind", [K.ANNUAL_ENGAGEMENT_MEETING, K.SELF_EVALUATION])
def test_private_kinds_are_simply_completed_and_never_published(kind: EventKind) -> None:
    planned = replace(PLANNED, kind=kind)
    for action in ("notify", "start", "pause"):
        with pytest.raises(InvalidTransition, match=f"a {kind.value} has no {action} step") as no:
            run(planned, action)
        assert no.value.code == "invalid-transition"
    done = apply(planned, "complete", on=D("2024-03-13"), today=TODAY)
    assert (done.status, done.fieldwork_start, done.fieldwork_end) == (
        S.FIELDWORK_COMPLETE,
        D("2024-03-13"),
        D("2024-03-13"),
    )
    with pytest.raises(InvalidTransition, match=f"a {kind.value} has no publish step") as no:
        run(done, "publish")
    assert no.value.code == "invalid-transition"
    assert available_actions(planned) == ("complete", "cancel", "defer")


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (S.PLANNED, ("notify", "cancel", "defer")),
        (S.NOTIFIED, ("start", "cancel", "defer")),
        (S.ON_SITE, ("complete", "pause")),
        (S.PAUSED, ("resume",)),
        (S.FIELDWORK_COMPLETE, ("publish",)),
        (S.DEFERRED, ("resume",)),
        (S.PUBLISHED, ()),
        (S.CANCELLED, ()),
    ],
)
def test_available_actions(status: EventStatus, actions: tuple[str, ...]) -> None:
    assert available_actions(STATES[status]) == actions


@pytest.mark.parametrize(
    ("kind", "graded", "letter", "public"),
    [
        (K.SHORT_INSPECTION, True, False, True),
        (K.STANDARD_INSPECTION, True, False, True),
        (K.SIF_INSPECTION, True, False, True),
        (K.FOCUSED_VISIT, False, True, True),
        (K.MONITORING_VISIT, False, True, True),
        (K.JTAI, False, True, True),
        (K.ANNUAL_ENGAGEMENT_MEETING, False, False, False),
        (K.SELF_EVALUATION, False, False, False),
    ],
)
def test_kind_rules(kind: EventKind, graded: bool, letter: bool, public: bool) -> None:
    rules = KIND_RULES[kind]
    assert (is_graded(kind), rules.letter, rules.public) == (graded, letter, public)


def test_validate_planned_dates() -> None:
    validate_planned_dates(D("2024-03-11"), D("2024-03-11"))
    with pytest.raises(InvalidDates) as caught:
        validate_planned_dates(D("2024-03-11"), D("2024-03-10"))
    assert caught.value.code == "invalid-dates"
    assert [error.field for error in caught.value.errors] == ["fieldwork_end"]


def test_reschedule() -> None:
    moved = reschedule(NOTIFIED, D("2024-03-18"), D("2024-03-29"))
    assert (moved.fieldwork_start, moved.fieldwork_end) == (D("2024-03-18"), D("2024-03-29"))
    with pytest.raises(DatesOutOfOrder) as caught:  # before the notification already given
        reschedule(NOTIFIED, D("2024-03-01"), D("2024-03-08"))
    assert caught.value.code == "dates-out-of-order"
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("fieldwork_start", "2024-03-01 is before notified_on 2024-03-04")
    ]
    with pytest.raises(DatesOutOfOrder) as caught:  # one of them may be the event's own
        reschedule(PLANNED, D("2024-03-18"), D("2024-03-15"))
    assert caught.value.code == "dates-out-of-order"
    assert [error.field for error in caught.value.errors] == ["fieldwork_end"]
    with pytest.raises(InvalidTransition, match="on_site event") as refused:
        reschedule(ON_SITE, D("2024-03-18"), D("2024-03-29"))
    assert refused.value.code == "invalid-transition"


@pytest.mark.parametrize(
    ("kind", "notified", "start", "unusual"),
    [
        (K.SHORT_INSPECTION, "2024-03-04", "2024-03-11", False),  # Monday call, Monday on site
        (K.SHORT_INSPECTION, "2024-03-04", "2024-03-08", True),
        (K.STANDARD_INSPECTION, "2024-03-04", "2024-03-12", True),
        # Easter 2024: Monday 25 March to Wednesday 3 April is still five working days.
        (K.STANDARD_INSPECTION, "2024-03-25", "2024-04-03", False),
        (K.STANDARD_INSPECTION, "2024-03-25", "2024-04-01", True),
        # Coronation week 2023.
        (K.FOCUSED_VISIT, "2023-05-02", "2023-05-10", False),
        (K.FOCUSED_VISIT, "2023-05-02", "2023-05-09", True),
        # JTAI: ten working days, the notification day being day 1; fieldwork on day 11.
        (K.JTAI, "2024-06-03", "2024-06-17", False),
        (K.JTAI, "2024-06-03", "2024-06-14", True),
        (K.JTAI, "2024-06-03", "2024-06-18", True),
        (K.JTAI, "2024-12-16", "2025-01-02", False),  # over Christmas and New Year
        # No usual notice on record for these.
        (K.MONITORING_VISIT, "2024-06-03", "2024-06-04", False),
        (K.ANNUAL_ENGAGEMENT_MEETING, "2024-06-03", "2024-06-04", False),
    ],
)
def test_check_notice(kind: EventKind, notified: str, start: str, unusual: bool) -> None:
    codes = [warning.code for warning in check_notice(kind, D(notified), D(start))]
    assert codes == (["unusual-notice"] if unusual else [])
