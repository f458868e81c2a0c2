"""/v1/authorities/{code}/self-evaluations: an authority's yearly self-evaluation."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.clock import Today
from api.db import SessionDep
from api.schemas import EventChanged, SelfEvaluationBody
from api.services import self_evaluations as service
from api.web.authentication import WriterDep
from api.web.conditional import written
from api.web.idempotency import IdempotencyDep
from api.web.params import AuthorityCode
from api.web.problems import write_responses

router = APIRouter(tags=["self-evaluations"])


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
