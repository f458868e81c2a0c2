"""The rules of findings (judgements, letters) and of priority actions, without I/O."""

from __future__ import annotations

from datetime import date

import pytest

from api.domain.errors import InvalidInput, RuleViolated
from api.domain.findings import (
    check_letter_date,
    check_plannable,
    check_ready_to_publish,
    check_recordable,
)
from api.domain.priority_actions import (
    ClosingActivity,
    PlanProgress,
    Stage,
    as_of,
    check_rewritable,
    close,
    is_overdue,
    submit_plan,
)
from api.domain.vocabulary import EventKind as K
from api.domain.vocabulary import EventStatus as S
from api.domain.vocabulary import PriorityActionStatus as P
from api.domain.vocabulary import Theme

D = date


@pytest.mark.parametrize(
    ("kind", "theme", "refused"),
    [
        (K.STANDARD_INSPECTION, None, None),
        (K.FOCUSED_VISIT, Theme.FRONT_DOOR, None),
        (K.STANDARD_INSPECTION, Theme.FRONT_DOOR, "theme"),
        (K.SELF_EVALUATION, None, "kind"),
        (K.SIF_INSPECTION, None, "kind"),
    ],
)
def test_what_inspectors_may_plan(kind: K, theme: Theme | None, refused: str | None) -> None:
    if refused is None:
        check_plannable(kind, theme)
        return
    with pytest.raises(InvalidInput) as raised:
        check_plannable(kind, theme)
    assert [e.field for e in raised.value.errors] == [refused]


@pytest.mark.parametrize(
    ("kind", "status", "finding", "rule"),
    [
        (K.STANDARD_INSPECTION, S.FIELDWORK_COMPLETE, "judgements", None),
        (K.SHORT_INSPECTION, S.PUBLISHED, "judgements", None),
        (K.STANDARD_INSPECTION, S.ON_SITE, "judgements", "judgements-after-fieldwork"),
        (K.FOCUSED_VISIT, S.FIELDWORK_COMPLETE, "judgements", "judgements-graded-kinds-only"),
        (K.FOCUSED_VISIT, S.FIELDWORK_COMPLETE, "letter", None),
        (K.MONITORING_VISIT, S.NOTIFIED, "letter", "letter-after-fieldwork"),
        (K.STANDARD_INSPECTION, S.FIELDWORK_COMPLETE, "letter", "letter-kinds-only"),
    ],
)
def test_when_findings_may_be_recorded(kind: K, status: S, finding: str, rule: str | None) -> None:
    if rule is None:
        check_recordable(kind, status, finding)  # type: ignore[arg-type]
        return
    with pytest.raises(RuleViolated) as raised:
        check_recordable(kind, status, finding)  # type: ignore[arg-type]
    assert raised.value.code == rule


@pytest.mark.parametrize(
    ("sent_on", "ok"),
    [
        (D(2026, 10, 14), True),
        (D(2026, 11, 23), True),
        (D(2026, 10, 13), False),
        (D(2026, 11, 24), False),
    ],
)
def test_a_letter_is_dated_from_the_end_of_fieldwork_to_today(sent_on: date, ok: bool) -> None:
    if ok:
        check_letter_date(sent_on, D(2026, 10, 14), D(2026, 11, 23))
    else:
        with pytest.raises(InvalidInput) as raised:
            check_letter_date(sent_on, D(2026, 10, 14), D(2026, 11, 23))
        assert raised.value.code == "invalid-input"
        assert [e.field for e in raised.value.errors] == ["sent_on"]


@pytest.mark.parametrize(
    ("kind", "judgements", "letter", "rule"),
    [
        (K.STANDARD_INSPECTION, True, False, None),
        (K.STANDARD_INSPECTION, False, False, "publish-requires-judgements"),
        (K.FOCUSED_VISIT, False, True, None),
        (K.JTAI, False, False, "publish-requires-letter"),
    ],
)
def test_what_publication_needs(kind: K, judgements: bool, letter: bool, rule: str | None) -> None:
    if rule is None:
        check_ready_to_publish(kind, judgements, letter)
        return
    with pytest.raises(RuleViolated) as raised:
        check_ready_to_publish(kind, judgements, letter)
    assert raised.value.code == rule


OPEN = PlanProgress(
    status=P.OPEN,
    draft_plan_due=D(2026, 11, 30),
    final_plan_due=D(2027, 2, 11),
    draft_plan_submitted_on=None,
    final_plan_submitted_on=None,
    raised_on=D(2026, 11, 2),
)


@pytest.mark.parametrize(
    ("action", "today", "overdue"),
    [
        (OPEN, D(2026, 11, 30), False),  # due today is not late
        (OPEN, D(2026, 12, 1), True),
        (
            PlanProgress(**{**OPEN.__dict__, "draft_plan_submitted_on": D(2026, 11, 20)}),
            D(2026, 12, 1),
            False,
        ),
        (
            PlanProgress(**{**OPEN.__dict__, "draft_plan_submitted_on": D(2026, 11, 20)}),
            D(2027, 2, 12),
            True,
        ),
        (PlanProgress(**{**OPEN.__dict__, "status": P.CLOSED}), D(2027, 6, 1), False),
        # Answered by its final plan (no draft sent): never overdue again.
        (
            PlanProgress(
                **{
                    **OPEN.__dict__,
                    "final_plan_submitted_on": D(2026, 11, 20),
                    "status": P.ACTION_PLAN_SUBMITTED,
                }
            ),
            D(2027, 6, 1),
            False,
        ),
    ],
)
def test_overdue(action: PlanProgress, today: date, overdue: bool) -> None:
    assert is_overdue(action, today) is overdue


def test_plans_draft_then_final() -> None:
    drafted = submit_plan(OPEN, "draft", D(2026, 11, 20), D(2026, 11, 23))
    assert drafted.draft_plan_submitted_on == D(2026, 11, 20)
    assert drafted.status is P.OPEN
    final = submit_plan(drafted, "final", D(2026, 11, 23), D(2026, 11, 23))
    assert final.status is P.ACTION_PLAN_SUBMITTED
    with pytest.raises(RuleViolated, match="final action plan is in") as refused:
        submit_plan(final, "draft", D(2026, 11, 23), D(2026, 11, 23))
    assert refused.value.code == "final-plan-already-submitted"


@pytest.mark.parametrize(
    ("stage", "submitted_on", "message"),
    [
        ("final", D(2026, 11, 19), "is before the draft plan's submission"),
        ("draft", D(2026, 11, 1), "must be between the letter's date and today"),
        ("draft", D(2026, 11, 24), "must be between the letter's date and today"),  # future
    ],
)
def test_plans_out_of_order_are_refused_on_their_date(
    stage: Stage, submitted_on: date, message: str
) -> None:
    drafted = submit_plan(OPEN, "draft", D(2026, 11, 20), D(2026, 11, 23))
    with pytest.raises(InvalidInput) as raised:
        submit_plan(drafted, stage, submitted_on, D(2026, 11, 23))
    assert raised.value.code == "invalid-input"
    assert [(e.field, e.message) for e in raised.value.errors] == [("submitted_on", message)]


PUBLISHED_LATER = ClosingActivity(S.PUBLISHED, D(2026, 12, 1), D(2026, 12, 2))


def test_closing() -> None:
    closed = close(OPEN, D(2026, 12, 2), PUBLISHED_LATER, D(2026, 12, 3))
    assert (closed.status, closed.closed_on) == (P.CLOSED, D(2026, 12, 2))
    assert not is_overdue(closed, D(2027, 6, 1))
    with pytest.raises(RuleViolated) as refused:
        close(closed, D(2026, 12, 2), PUBLISHED_LATER, D(2026, 12, 3))
    assert refused.value.code == "priority-action-closed"
    with pytest.raises(RuleViolated) as refused:
        submit_plan(closed, "final", D(2026, 12, 2), D(2026, 12, 3))
    assert refused.value.code == "priority-action-closed"


UNPUBLISHED = "closed-by-published-findings"


@pytest.mark.parametrize(
    ("closing", "closed_on", "code", "fields"),
    [
        (ClosingActivity(S.FIELDWORK_COMPLETE, D(2026, 12, 1), None), D(2026, 12, 2),
         UNPUBLISHED, []),
        (ClosingActivity(S.PLANNED, D(2026, 12, 1), None), D(2026, 12, 2), UNPUBLISHED, []),
        (ClosingActivity(S.PUBLISHED, D(2026, 10, 1), D(2026, 10, 20)), D(2026, 12, 2),
         "invalid-input", ["closed_by_event_id"]),  # started before the action was raised
        # Before its findings were published, and in the future.
        (PUBLISHED_LATER, D(2026, 12, 1), "invalid-input", ["closed_on"]),
        (PUBLISHED_LATER, D(2026, 12, 4), "invalid-input", ["closed_on"]),
    ],
)  # fmt: skip
def test_what_may_close_an_action(
    closing: ClosingActivity, closed_on: date, code: str, fields: list[str]
) -> None:
    error = InvalidInput if code == "invalid-input" else RuleViolated
    with pytest.raises(error) as raised:
        close(OPEN, closed_on, closing, D(2026, 12, 3))
    assert raised.value.code == code
    assert [e.field for e in raised.value.errors] == fields


def test_an_action_as_it_stood_on_a_day() -> None:
    answered = submit_plan(OPEN, "final", D(2026, 11, 20), D(2026, 11, 23))
    closed = close(answered, D(2026, 12, 2), PUBLISHED_LATER, D(2026, 12, 3))
    assert as_of(closed, D(2026, 11, 1)) is None  # not yet raised
    before_plan = as_of(closed, D(2026, 11, 19))
    assert before_plan is not None
    assert (before_plan.status, before_plan.final_plan_submitted_on) == (P.OPEN, None)
    planned = as_of(closed, D(2026, 11, 25))
    assert planned is not None
    assert (planned.status, planned.closed_on) == (P.ACTION_PLAN_SUBMITTED, None)
    assert as_of(closed, D(2026, 12, 2)) == closed


def test_answered_actions_cannot_be_rewritten() -> None:
    check_rewritable([OPEN, OPEN])
    answered = submit_plan(OPEN, "draft", D(2026, 11, 20), D(2026, 11, 23))
    with pytest.raises(RuleViolated) as refused:
        check_rewritable([OPEN, answered])
    assert refused.value.code == "priority-actions-in-progress"
