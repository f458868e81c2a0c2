"""/v1/events/{id}/...: the lifecycle steps, the judgements and the letter of an event."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from api.auth import WriterDep
from api.clock import Today
from api.db import SessionDep
from api.http import written
from api.idempotency import IdempotencyKey, fingerprint, once
from api.problems import write_responses
from api.routers.params import EventId
from api.schemas import (
    Body,
    CompleteBody,
    EmptyBody,
    EventChanged,
    JudgementsBody,
    LetterBody,
    NotifyBody,
    PublishBody,
    ReasonBody,
    StartBody,
)
from api.services import event_writes, findings
from api.visibility import Caller

router = APIRouter(prefix="/v1/events/{event_id}", tags=["events"])

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=200,
        pattern=r"^[!-~]([ -~]*[!-~])?$",
        description="The ETag of the resource as you last read it",
    ),
]


def _step(
    action: str,
    request: Request,
    session: SessionDep,
    today: date,
    caller: Caller,
    event_id: str,
    body: Body,
    if_match: str | None,
    key: str | None,
) -> Response:
    on: date | None = None
    for field in ("notified_on", "fieldwork_start", "fieldwork_end", "published_on"):
        on = on or getattr(body, field, None)
    reason = getattr(body, "reason", None)
    report_url = getattr(body, "report_url", None)

    def run() -> Response:
        result, rendered = event_writes.transition(
            session,
            caller,
            event_id,
            action,
            on=on,
            reason=reason,
            report_url=report_url,
            if_match=if_match,
            today=today,
        )
        return written(result, rendered)

    return once(session, caller, key, fingerprint("POST", request.url.path, body), run)


STEPS: tuple[tuple[str, type[Body], str], ...] = (
    ("notify", NotifyBody, "Notify the authority (records notified_on)"),
    ("start", StartBody, "Fieldwork starts on site (records fieldwork_start)"),
    ("complete", CompleteBody, "Fieldwork is complete (records fieldwork_end)"),
    ("publish", PublishBody, "Publish the report or letter; a future day keeps it embargoed"),
    ("cancel", ReasonBody, "Cancel before fieldwork, with a reason"),
    ("defer", ReasonBody, "Defer before fieldwork, with a reason"),
    ("pause", ReasonBody, "Pause fieldwork under way, with a reason"),
    ("resume", EmptyBody, "Resume a paused or deferred event"),
)
STEP_DESCRIPTION = (
    "{summary}. One step of the event's lifecycle, validated by the domain, as of the version "
    "named by If-Match: a step the event's status does not allow is a 409 "
    "(`/problems/invalid-transition`), and a broken soft rule succeeds with `warnings`."
)


def _register(action: str, body_type: type[Body], summary: str) -> None:
    def endpoint(
        request: Request,
        session: SessionDep,
        today: Today,
        caller: WriterDep,
        event_id: EventId,
        body: Body,
        if_match: IfMatch = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response:
        return _step(
            action, request, session, today, caller, event_id, body, if_match, idempotency_key
        )

    # Each step reads its own body; annotations are strings here, so name the type itself.
    endpoint.__annotations__["body"] = body_type
    router.add_api_route(
        f"/{action}",
        endpoint,
        methods=["POST"],
        name=f"events-{action}",
        summary=summary,
        description=STEP_DESCRIPTION.format(summary=summary),
        response_model=EventChanged,
        responses=write_responses(),
    )


for _action, _body, _summary in STEPS:
    _register(_action, _body, _summary)


@router.put(
    "/judgements",
    name="events-judgements-put",
    summary="Record the judgements of a graded inspection (admins: correct published ones)",
    response_model=EventChanged,
    responses=write_responses(),
)
def put_judgements(
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    event_id: EventId,
    body: JudgementsBody,
    if_match: IfMatch = None,
) -> Response:
    """Records exactly the judgements the event's framework requires, once fieldwork is complete,
    as of the version named by If-Match; admins correct published grades with a reason.
    """
    result, rendered = findings.put_judgements(session, caller, event_id, body, if_match, today)
    return written(result, rendered)


@router.put(
    "/letter",
    name="events-letter-put",
    summary="Write the letter of a visit; each area for priority action becomes a tracked action",
    response_model=EventChanged,
    responses=write_responses(),
)
def put_letter(
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    event_id: EventId,
    body: LetterBody,
    if_match: IfMatch = None,
) -> Response:
    """Writes the letter of a visit: strengths, areas for improvement and areas for priority
    action, each of which becomes a tracked priority action with its deadlines.
    """
    result, rendered = findings.put_letter(session, caller, event_id, body, if_match, today)
    return written(result, rendered)
