"""Areas for priority action: their action plans, when they are overdue, and their closing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from api.domain.errors import FieldError, InvalidInput, RuleViolated
from api.domain.vocabulary import EventStatus, PriorityActionStatus

Stage = Literal["draft", "final"]


@dataclass(frozen=True)
class ClosingActivity:
    """The later event that found an action addressed."""

    status: EventStatus
    fieldwork_start: date
    published_on: date | None


@dataclass(frozen=True)
class PlanProgress:
    status: PriorityActionStatus
    draft_plan_due: date
    final_plan_due: date
    draft_plan_submitted_on: date | None
    final_plan_submitted_on: date | None
    raised_on: date | None = None
    closed_on: date | None = None


def is_overdue(action: PlanProgress, today: date) -> bool:
    """A plan is overdue once its deadline has passed without it; an action answered by its
    final plan, or closed, never is."""
    if action.status is PriorityActionStatus.CLOSED or action.final_plan_submitted_on:
        return False
    draft_late = action.draft_plan_submitted_on is None and action.draft_plan_due < today
    final_late = action.final_plan_submitted_on is None and action.final_plan_due < today
    return draft_late or final_late


def _open(action: PlanProgress) -> None:
    if action.status is PriorityActionStatus.CLOSED:
        raise RuleViolated("priority-action-closed", "This priority action is closed.")


def submit_plan(
    action: PlanProgress, stage: Stage, submitted_on: date, today: date
) -> PlanProgress:
    """The action with its draft or final plan in; the final one answers it."""
    _open(action)
    if action.raised_on and not action.raised_on <= submitted_on <= today:
        raise InvalidInput(
            "an action plan is submitted after the letter, and not in the future",
            [FieldError("submitted_on", "must be between the letter's date and today")],
        )
    if stage == "draft":
        if action.final_plan_submitted_on is not None:
            raise RuleViolated(
                "final-plan-already-submitted", "The final action plan is in already."
            )
        return replace(action, draft_plan_submitted_on=submitted_on)
    if action.draft_plan_submitted_on and submitted_on < action.draft_plan_submitted_on:
        raise InvalidInput(
            "the final plan follows the draft",
            [FieldError("submitted_on", "is before the draft plan's submission")],
        )
    return replace(
        action,
        final_plan_submitted_on=submitted_on,
        status=PriorityActionStatus.ACTION_PLAN_SUBMITTED,
    )


def close(
    action: PlanProgress,
    closed_on: date,
    closing: ClosingActivity,
    today: date,
) -> PlanProgress:
    """Closed by a later activity whose published findings found it addressed, on a day from
    their publication to today (so a closing never points at anything not yet public)."""
    _open(action)
    if closing.status is not EventStatus.PUBLISHED:
        raise RuleViolated(
            "closed-by-published-findings",
            "A priority action is closed by a later activity's published report or letter.",
        )
    if action.raised_on and closing.fieldwork_start < action.raised_on:
        raise InvalidInput(
            "a priority action is closed by a later activity",
            [FieldError("closed_by_event_id", "started before the action was raised")],
        )
    out_on = closing.published_on or closing.fieldwork_start
    if not out_on <= closed_on <= today:
        raise InvalidInput(
            "closed on a day from that activity's publication to today",
            [FieldError("closed_on", "must be between that event's publication and today")],
        )
    return replace(action, status=PriorityActionStatus.CLOSED, closed_on=closed_on)


def as_of(action: PlanProgress, day: date) -> PlanProgress | None:
    """The action as it stood at the end of `day`: None if not yet raised."""
    if action.raised_on and action.raised_on > day:
        return None
    draft = action.draft_plan_submitted_on
    final = action.final_plan_submitted_on
    draft = draft if draft and draft <= day else None
    final = final if final and final <= day else None
    closed = action.closed_on if action.closed_on and action.closed_on <= day else None
    if closed:
        status = PriorityActionStatus.CLOSED
    elif final:
        status = PriorityActionStatus.ACTION_PLAN_SUBMITTED
    else:
        status = PriorityActionStatus.OPEN
    return replace(
        action,
        status=status,
        draft_plan_submitted_on=draft,
        final_plan_submitted_on=final,
        closed_on=closed,
    )


def check_rewritable(actions: Sequence[PlanProgress]) -> None:
    """A letter's priority actions may be rewritten until the authority has answered one."""
    if any(a.status is not PriorityActionStatus.OPEN or a.draft_plan_submitted_on for a in actions):
        raise RuleViolated(
            "priority-actions-in-progress",
            "The authority has answered these priority actions; they can no longer be rewritten.",
        )
