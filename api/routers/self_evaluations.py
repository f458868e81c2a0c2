"""/v1/authorities/{code}/self-evaluations: an authority's yearly self-evaluation."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.clock import Today
from api.db import SessionDep
from api.schemas import (
    EventChanged,
    SelfEvaluationBody,
    SelfEvaluationPage,
    SelfEvaluationRecordPublic,
)
from api.services import self_evaluations as service
from api.services.self_evaluations import RecordQuery
from api.web import pages
from api.web.authentication import CallerDep, WriterDep
from api.web.conditional import Rendered, json_response, written
from api.web.idempotency import IdempotencyDep
from api.web.paging import day, decode_cursor, encode_cursor, page_response, text
from api.web.params import AuthorityCode, Cursor, EvaluationId, Limit
from api.web.problems import read_responses, write_responses

router = APIRouter(tags=["self-evaluations"])


def record_query(code: str, limit: int, cursor: str | None) -> RecordQuery:
    """A page of an authority's private records, newest first, after `cursor`."""
    after = decode_cursor(cursor, (day, text))
    return RecordQuery(
        authority_code=code, after=(after[0], after[1]) if after else None, limit=limit
    )


@router.get(
    "/v1/authorities/{code}/self-evaluations",
    name="authorities-self-evaluations-list",
    summary="List the authority's self-evaluations, newest first (never public)",
    response_model=SelfEvaluationPage,
    responses=read_responses(401, 404, 422),
)
def list_self_evaluations(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: CallerDep,
    code: AuthorityCode,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    """The authority's self-evaluations with their three answers, when each was submitted and
    when the next falls due. Read by the authority, its region's inspectors and admins; for
    anyone else a 404, exactly as for a code no authority has.
    """
    query = record_query(code, limit, cursor)

    def build() -> Rendered:
        items, last = service.self_evaluations_page(session, caller, query, today)
        next_cursor = encode_cursor(last) if last else None
        return Rendered.model(SelfEvaluationPage(items=items, next_cursor=next_cursor), next_cursor)

    page = pages.rendered(session, caller, ("self-evaluations", caller.scope, today, query), build)
    return page_response(request, page)


@router.get(
    "/v1/authorities/{code}/self-evaluations/{evaluation_id}",
    name="authorities-self-evaluations-get",
    summary="Get one of the authority's self-evaluations (never public)",
    response_model=SelfEvaluationRecordPublic,
    responses=read_responses(401, 404, 422),
)
def get_self_evaluation(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: CallerDep,
    code: AuthorityCode,
    evaluation_id: EvaluationId,
) -> Response:
    """One self-evaluation by its id; a 404 for whoever may not read it."""
    found = service.self_evaluation(session, caller, code, evaluation_id, today)
    return json_response(request, found)


@router.post(
    "/v1/authorities/{code}/self-evaluations",
    name="authorities-self-evaluations-submit",
    summary="The authority submits its self-evaluation (never public; its inspectors read it)",
    status_code=201,
    response_model=EventChanged,
    responses=write_responses(existing=False, under=True),
)
def submit_self_evaluation(
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    idempotency: IdempotencyDep,
    code: AuthorityCode,
    body: SelfEvaluationBody,
) -> Response:
    """Records the authority's yearly self-evaluation as an event of kind `self_evaluation`,
    visible to the authority, its region's inspectors and admins only.
    """
    result = service.submit(session, caller, code, body, today)
    location = f"/v1/events/{result.view.id}"
    return idempotency.respond(
        written(result.view, EventChanged, result.warnings, status=201, location=location)
    )
