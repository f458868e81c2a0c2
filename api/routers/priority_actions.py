"""/v1/priority-actions: areas for priority action, their deadlines and their answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api.auth import CallerDep, WriterDep
from api.clock import Today
from api.db import SessionDep
from api.domain.vocabulary import PriorityActionStatus
from api.http import decode_cursor, json_response, page_response, written
from api.idempotency import IdempotencyKey, fingerprint, once
from api.problems import read_responses, write_responses
from api.routers.event_steps import IfMatch
from api.routers.params import Cursor, Limit, RegionFilter
from api.schemas import (
    ID_PATTERN,
    ONS_CODE_PATTERN,
    ActionPlanBody,
    CloseBody,
    PriorityActionChanged,
    PriorityActionPage,
    PriorityActionSummary,
)
from api.services import priority_actions as service
from api.services.priority_actions import PriorityActionQuery

router = APIRouter(prefix="/v1/priority-actions", tags=["priority actions"])

ActionId = Annotated[str, Path(pattern=ID_PATTERN, max_length=32, description="The action's id")]


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
    (after,) = decode_cursor(cursor, (str,)) or (None,)
    query = PriorityActionQuery(
        authority_code=authority,
        region=region.value if region else None,
        status=status,
        overdue=overdue,
        after=after,
        limit=limit,
    )
    return page_response(request, service.priority_actions_page(session, caller, query, today))


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
    request: Request,
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    action_id: ActionId,
    body: ActionPlanBody,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """The authority records the day it submitted its draft or final action plan, as of the version
    named by If-Match.
    """

    def run() -> Response:
        result, rendered = service.submit_plan(session, caller, action_id, body, if_match, today)
        return written(result, rendered)

    return once(session, caller, idempotency_key, fingerprint("POST", request.url.path, body), run)


@router.post(
    "/{action_id}/close",
    name="priority-actions-close",
    summary="An inspector closes an action a later activity found addressed",
    response_model=PriorityActionChanged,
    responses=write_responses(),
)
def close_priority_action(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    action_id: ActionId,
    body: CloseBody,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Closes an action that a later published activity at the same authority found addressed, as
    of the version named by If-Match.
    """

    def run() -> Response:
        result, rendered = service.close(session, caller, action_id, body, if_match, today)
        return written(result, rendered)

    return once(session, caller, idempotency_key, fingerprint("POST", request.url.path, body), run)
