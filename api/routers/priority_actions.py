"""/v1/priority-actions: areas for priority action, their deadlines and their answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.clock import Today
from api.db import SessionDep
from api.domain.vocabulary import PriorityActionStatus
from api.schemas import (
    ONS_CODE_PATTERN,
    ActionPlanBody,
    CloseBody,
    PriorityActionChanged,
    PriorityActionPage,
    PriorityActionSummary,
)
from api.services import priority_actions as service
from api.services.priority_actions import PriorityActionQuery
from api.web import pages
from api.web.authentication import CallerDep, WriterDep
from api.web.conditional import Rendered, json_response, written
from api.web.for_change import PriorityActionForChange
from api.web.idempotency import IdempotencyDep
from api.web.paging import decode_cursor, encode_cursor, page_response, text
from api.web.params import ActionId, Cursor, Limit, RegionFilter
from api.web.problems import read_responses, write_responses

router = APIRouter(prefix="/v1/priority-actions", tags=["priority actions"])


@router.get(
    "",
    name="priority-actions-list",
    summary="List priority actions, with their action-plan deadlines",
    response_model=PriorityActionPage,
    responses=read_responses(401, 422),
)
def list_priority_actions(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: CallerDep,
    authority: Annotated[str | None, Query(pattern=ONS_CODE_PATTERN, max_length=9)] = None,
    region: RegionFilter = None,
    status: PriorityActionStatus | None = None,
    overdue: Annotated[
        bool | None, Query(description="Only those whose action plan is late (true) or not")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    """Priority actions from published letters (and, for inspectors and admins, unpublished ones),
    with their draft and final action-plan deadlines in working days.
    """
    (after,) = decode_cursor(cursor, (text,)) or (None,)
    query = PriorityActionQuery(
        authority_code=authority,
        region=region.value if region else None,
        status=status,
        overdue=overdue,
        after=after,
        limit=limit,
    )

    def build() -> Rendered:
        items, last = service.priority_actions_page(session, caller, query, today)
        next_cursor = encode_cursor(last) if last else None
        return Rendered.model(PriorityActionPage(items=items, next_cursor=next_cursor), next_cursor)

    page = pages.rendered(session, caller, ("priority-actions", caller.scope, today, query), build)
    return page_response(request, page)


@router.get(
    "/{action_id}",
    name="priority-actions-get",
    summary="Get one priority action",
    response_model=PriorityActionSummary,
    responses=read_responses(401, 404, 422),
)
def get_priority_action(
    request: Request, session: SessionDep, today: Today, caller: CallerDep, action_id: ActionId
) -> Response:
    """One priority action by id, with its deadlines and whether its action plan is late."""
    return json_response(request, service.priority_action(session, caller, action_id, today))


@router.post(
    "/{action_id}/action-plans",
    name="priority-actions-submit-plan",
    summary="The authority records its draft or final action plan",
    response_model=PriorityActionChanged,
    responses=write_responses(),
)
def submit_action_plan(
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    idempotency: IdempotencyDep,
    action: PriorityActionForChange,
    body: ActionPlanBody,
) -> Response:
    """The authority records the day it submitted its draft or final action plan, as of the version
    named by If-Match.
    """
    result = service.submit_plan(session, caller, action, body, today)
    return idempotency.respond(written(result.view, PriorityActionChanged, result.warnings))


@router.post(
    "/{action_id}/close",
    name="priority-actions-close",
    summary="An inspector closes an action a later activity found addressed",
    response_model=PriorityActionChanged,
    responses=write_responses(),
)
def close_priority_action(
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    idempotency: IdempotencyDep,
    action: PriorityActionForChange,
    body: CloseBody,
) -> Response:
    """Closes an action that a later published activity at the same authority found addressed, as
    of the version named by If-Match.
    """
    result = service.close(session, caller, action, body, today)
    return idempotency.respond(written(result.view, PriorityActionChanged, result.warnings))
