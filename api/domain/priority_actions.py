"""Areas for priority action: their action plans, when they are overdue, and their closing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from api.domain.errors import FieldError, InvalidInput, RuleViolated
from api.domain.vocabulary import PriorityActionStatus

Stage = Literal["draft", "final"]


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
    """A plan is overdue once its deadline has passed without it (closed actions never are)."""
    if action.status is PriorityActionStatus.CLOSED:
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
    action: PlanProgress, closed_on: date, closing_fieldwork_start: date, today: date
) -> PlanProgress:
    """Closed by a later activity (starting on or after the action was raised) that found it
    addressed, on a day from that activity's fieldwork to today."""
    _open(action)
    if action.raised_on and closing_fieldwork_start < action.raised_on:
        raise InvalidInput(
            "a priority action is closed by a later activity",
            [FieldError("closed_by_event_id", "started before the action was raised")],
        )
    if not closing_fieldwork_start <= closed_on <= today:
        raise InvalidInput(
            "closed on a day from that activity's fieldwork to today",
            [FieldError("closed_on", "must be between that event's fieldwork start and today")],
        )
    return replace(action, status=PriorityActionStatus.CLOSED, closed_on=closed_on)


def check_rewritable(actions: Sequence[PlanProgress]) -> None:
    """A letter's priority actions may be rewritten until the authority has answered one."""
    if any(a.status is not PriorityActionStatus.OPEN or a.draft_plan_submitted_on for a in actions):
        raise RuleViolated(
            "priority-actions-in-progress",
            "The authority has answered these priority actions; they can no longer be rewritten.",
        )
