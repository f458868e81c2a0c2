"""/v1/events/{id}/...: the lifecycle steps, the judgements and the letter of an event."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response

from api.clock import Today
from api.db import SessionDep
from api.domain.vocabulary import Action
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
from api.web.authentication import WriterDep
from api.web.conditional import written
from api.web.for_change import EventForChange
from api.web.idempotency import IdempotencyDep
from api.web.problems import write_responses

router = APIRouter(prefix="/v1/events/{event_id}", tags=["events"])

STEPS: tuple[tuple[Action, type[Body], str], ...] = (
    (Action.NOTIFY, NotifyBody, "Notify the authority (records notified_on)"),
    (Action.START, StartBody, "Fieldwork starts on site (records fieldwork_start)"),
    (Action.COMPLETE, CompleteBody, "Fieldwork is complete (records fieldwork_end)"),
    (Action.PUBLISH, PublishBody, "Publish the report or letter; a future day keeps it embargoed"),
    (Action.CANCEL, ReasonBody, "Cancel before fieldwork, with a reason"),
    (Action.DEFER, ReasonBody, "Defer before fieldwork, with a reason"),
    (Action.PAUSE, ReasonBody, "Pause fieldwork under way, with a reason"),
    (Action.RESUME, EmptyBody, "Resume a paused or deferred event"),
)
STEP_DESCRIPTION = (
    "{summary}. One step of the event's lifecycle, validated by the domain, as of the version "
    "named by If-Match: a step the event's status does not allow is a 409 "
    "(`/problems/invalid-transition`), as is a date out of order with the event's own, such as "
    "a notification after its planned fieldwork starts (`/problems/dates-out-of-order`); a "
    "broken soft rule succeeds with `warnings`."
)


def _register(action: Action, body_type: type[Body], summary: str) -> None:
    def endpoint(
        session: SessionDep,
        today: Today,
        caller: WriterDep,
        idempotency: IdempotencyDep,
        event: EventForChange,
        body: Body,
    ) -> Response:
        on: date | None = None
        for field in ("notified_on", "fieldwork_start", "fieldwork_end", "published_on"):
            on = on or getattr(body, field, None)
        result = event_writes.transition(
            session,
            caller,
            event,
            action,
            on=on,
            reason=getattr(body, "reason", None),
            report_url=getattr(body, "report_url", None),
            today=today,
        )
        return idempotency.respond(written(result.view, EventChanged, result.warnings))

    # Each step reads its own body; annotations are strings here, so name the type itself.
    endpoint.__annotations__["body"] = body_type
    router.add_api_route(
        f"/{action.value}",
        endpoint,
        methods=["POST"],
        name=f"events-{action.value}",
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
    event: EventForChange,
    body: JudgementsBody,
) -> Response:
    """Records exactly the judgements the event's framework requires, once fieldwork is complete,
    as of the version named by If-Match; admins correct published grades with a reason.
    """
    result = findings.put_judgements(session, caller, event, body, today)
    return written(result.view, EventChanged, result.warnings)


@router.put(
    "/letter",
    name="events-letter-put",
    summary="Write the letter of a visit; each area for priority action becomes a tracked action",
    response_model=EventChanged,
    responses=write_responses(),
)
def put_letter(
    session: SessionDep, today: Today, caller: WriterDep, event: EventForChange, body: LetterBody
) -> Response:
    """Writes the letter of a visit: strengths, areas for improvement and areas for priority
    action, each of which becomes a tracked priority action with its deadlines.
    """
    result = findings.put_letter(session, caller, event, body, today)
    return written(result.view, EventChanged, result.warnings)
