"""Priority actions: listed with deadlines, answered by the authority, closed by inspectors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from api import changes
from api.domain import priority_actions as domain
from api.domain.errors import FieldError, Forbidden, InvalidInput, NotFound
from api.domain.vocabulary import ChangeAction, EventStatus, PriorityActionStatus
from api.repositories import authorities as authority_repo
from api.repositories import events as event_repo
from api.repositories import priority_actions as action_repo
from api.repositories.claims import claim
from api.repositories.priority_actions import PriorityActionFilters
from api.schemas import ActionPlanBody, CloseBody, PriorityActionSummary
from api.services.authorities import priority_action_summary, progress_of
from api.services.results import Changed
from api.tables import PriorityAction
from api.visibility import Caller, acts_for, may_run_inspections


@dataclass(frozen=True)
class PriorityActionQuery:
    authority_code: str | None = None
    region: str | None = None
    status: PriorityActionStatus | None = None
    overdue: bool | None = None
    after: str | None = None
    limit: int = 50


def priority_actions_page(
    session: Session, caller: Caller, query: PriorityActionQuery, today: date
) -> tuple[list[PriorityActionSummary], tuple[str] | None]:
    """One page of the priority actions the caller may see, and the sort key of its last item
    when there are more."""
    filters = PriorityActionFilters(query.authority_code, query.region, query.status)
    found = action_repo.visible_actions(session, caller, today, filters, after=query.after)
    views = [priority_action_summary(a, today) for a in found]
    if query.overdue is not None:
        # Overdue is the domain's rule, judged on today's date: filtered here, not in SQL.
        views = [v for v in views if v.overdue is query.overdue]
    page = views[: query.limit]
    return page, (page[-1].id,) if len(views) > query.limit else None


def _load(session: Session, caller: Caller, action_id: str, today: date) -> PriorityAction:
    found = action_repo.visible_action(session, caller, today, action_id)
    if found is None:
        raise NotFound("priority action", action_id)
    return found


def priority_action(
    session: Session, caller: Caller, action_id: str, today: date
) -> PriorityActionSummary:
    return priority_action_summary(_load(session, caller, action_id, today), today)


def _changed(action: PriorityAction, today: date) -> Changed[PriorityActionSummary]:
    return Changed(priority_action_summary(action, today))


def open_for_change(
    session: Session, caller: Caller, action_id: str, today: date
) -> tuple[PriorityAction, PriorityActionSummary]:
    """The action, if the caller may see it, and its view (whose ETag the change must name)."""
    action = _load(session, caller, action_id, today)
    return action, priority_action_summary(action, today)


def claim_for_change(session: Session, action: PriorityAction) -> None:
    claim(session, action)


def _log(
    session: Session,
    caller: Caller,
    action: PriorityAction,
    what: str,
    before: Mapping[str, object],
    after: Mapping[str, object],
) -> None:
    changes.record(
        session,
        actor=caller.actor,
        resource_type="priority_action",
        resource_id=action.id,
        action=what,
        before=_jsonable(before),
        after=_jsonable(after),
        version=action.version,
        authority_code=action.authority_code,
        event_id=action.event_id,
    )


def submit_plan(
    session: Session, caller: Caller, action: PriorityAction, body: ActionPlanBody, today: date
) -> Changed[PriorityActionSummary]:
    if not acts_for(caller, action.authority_code):
        raise Forbidden("Only the authority itself submits its action plans.")
    moved = domain.submit_plan(progress_of(action), body.stage, body.submitted_on, today)
    before = _plans(action)
    action.draft_plan_submitted_on = moved.draft_plan_submitted_on
    action.final_plan_submitted_on = moved.final_plan_submitted_on
    action.status = moved.status.value
    _log(
        session,
        caller,
        action,
        ChangeAction(f"{body.stage}_plan_submitted"),
        before,
        _plans(action),
    )
    return _changed(action, today)


def _plans(action: PriorityAction) -> dict[str, object]:
    return {
        "draft_plan_submitted_on": action.draft_plan_submitted_on,
        "final_plan_submitted_on": action.final_plan_submitted_on,
        "status": action.status,
    }


def close(
    session: Session, caller: Caller, action: PriorityAction, body: CloseBody, today: date
) -> Changed[PriorityActionSummary]:
    authority = authority_repo.get_authority(session, action.authority_code)
    assert authority is not None
    if not may_run_inspections(caller, authority.region):
        raise Forbidden(
            "Only inspectors of the authority's region and admins close priority actions."
        )
    later = event_repo.get_event(session, caller, today, body.closed_by_event_id)
    if (
        later is None
        or later.authority_code != action.authority_code
        or later.id == action.event_id
    ):
        raise InvalidInput(
            "a priority action is closed by a later activity at the same authority",
            [FieldError("closed_by_event_id", "not another event of this authority")],
        )
    closing = domain.ClosingActivity(
        status=EventStatus(later.status),
        fieldwork_start=later.fieldwork_start,
        published_on=later.published_on,
    )
    moved = domain.close(progress_of(action), body.closed_on, closing, today)
    before = {"status": action.status}
    action.status = moved.status.value
    action.closed_on = moved.closed_on
    action.closed_by_event_id = later.id
    after = {"status": action.status, "closed_on": body.closed_on, "closed_by_event_id": later.id}
    _log(session, caller, action, ChangeAction.CLOSED, before, after)
    return _changed(action, today)


def _jsonable(values: Mapping[str, object]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
