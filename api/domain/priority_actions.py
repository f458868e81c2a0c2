"""Areas for priority action: their action-plan deadlines and when they are overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from api.domain.vocabulary import PriorityActionStatus


@dataclass(frozen=True)
class PlanProgress:
    status: PriorityActionStatus
    draft_plan_due: date
    final_plan_due: date
    draft_plan_submitted_on: date | None
    final_plan_submitted_on: date | None


def is_overdue(action: PlanProgress, today: date) -> bool:
    """A plan is overdue once its deadline has passed without it (closed actions never are)."""
    if action.status is PriorityActionStatus.CLOSED:
        return False
    draft_late = action.draft_plan_submitted_on is None and action.draft_plan_due < today
    final_late = action.final_plan_submitted_on is None and action.final_plan_due < today
    return draft_late or final_late
