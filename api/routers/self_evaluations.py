"""/v1/authorities/{code}/self-evaluations: an authority's yearly self-evaluation."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.auth import WriterDep
from api.clock import Today
from api.db import SessionDep
from api.http import written
from api.idempotency import IdempotencyKey, fingerprint, once
from api.problems import write_responses
from api.routers.params import AuthorityCode
from api.schemas import EventChanged, SelfEvaluationBody
from api.services import self_evaluations as service

router = APIRouter(tags=["self-evaluations"])


@router.post(
    "/v1/authorities/{code}/self-evaluations",
    name="authorities-self-evaluations-submit",
    summary="The authority submits its self-evaluation (never public; its inspectors read it)",
    status_code=201,
    response_model=EventChanged,
    responses=write_responses(),
)
def submit_self_evaluation(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    code: AuthorityCode,
    body: SelfEvaluationBody,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Records the authority's yearly self-evaluation as an event of kind `self_evaluation`,
    visible to the authority, its region's inspectors and admins only.
    """

    def run() -> Response:
        result, rendered = service.submit(session, caller, code, body, today)
        return written(result, rendered, status=201, location=f"/v1/events/{result.id}")

    return once(session, caller, idempotency_key, fingerprint("POST", request.url.path, body), run)
