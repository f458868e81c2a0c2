"""/v1/events: inspections, visits and meetings; and each authority's own."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.auth import CallerDep, WriterDep
from api.clock import Today
from api.db import SessionDep
from api.domain.vocabulary import EventKind, EventStatus
from api.http import decode_cursor, json_response, page_response, written
from api.idempotency import IdempotencyKey, fingerprint, once
from api.problems import InvalidParameter, NotFound, read_responses, write_responses
from api.repositories import authorities as authority_repo
from api.repositories.events import EventFilters
from api.routers.event_steps import IfMatch
from api.routers.params import AuthorityCode, Cursor, EventId, Limit, RegionFilter
from api.schemas import (
    ONS_CODE_PATTERN,
    ChangeList,
    EventChanged,
    EventPage,
    EventPatch,
    EventPlan,
    EventPublic,
    StrictDate,
)
from api.services import event_writes, history
from api.services import events as service
from api.services.events import EventQuery

router = APIRouter(tags=["events"])

AuthorityFilter = Annotated[
    str | None,
    Query(pattern=ONS_CODE_PATTERN, max_length=9, description="ONS code of the authority"),
]
FieldworkFrom = Annotated[
    StrictDate | None, Query(description="Only events whose fieldwork starts on or after this day")
]
FieldworkTo = Annotated[
    StrictDate | None, Query(description="Only events whose fieldwork starts on or before this day")
]


def _query(filters: EventFilters, limit: int, cursor: str | None) -> EventQuery:
    if (
        filters.fieldwork_from
        and filters.fieldwork_to
        and filters.fieldwork_from > filters.fieldwork_to
    ):
        raise InvalidParameter("fieldwork_to", "must not be before fieldwork_from")
    key = decode_cursor(cursor, (str, str))
    after = None
    if key is not None:
        try:
            after = (date.fromisoformat(key[0]), key[1])
        except ValueError:
            raise InvalidParameter("cursor", "not a cursor this API issued") from None
    return EventQuery(filters=filters, after=after, limit=limit)


@router.get(
    "/v1/events",
    name="events-list",
    summary="List events",
    response_model=EventPage,
    responses=read_responses(401, 422),
)
def list_events(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: CallerDep,
    authority: AuthorityFilter = None,
    region: RegionFilter = None,
    kind: EventKind | None = None,
    status: EventStatus | None = None,
    fieldwork_from: FieldworkFrom = None,
    fieldwork_to: FieldworkTo = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    """Events in fieldwork-start order, as far as the caller may see them: planned events only for
    inspectors of their region and admins.
    """
    filters = EventFilters(
        authority_code=authority,
        region=region.value if region else None,
        kind=kind.value if kind else None,
        status=status.value if status else None,
        fieldwork_from=fieldwork_from,
        fieldwork_to=fieldwork_to,
    )
    query = _query(filters, limit, cursor)
    return page_response(request, service.events_page(session, caller, query, today))


@router.get(
    "/v1/authorities/{code}/events",
    name="authorities-events-list",
    summary="List one authority's events",
    response_model=EventPage,
    responses=read_responses(401, 404, 422),
)
def list_authority_events(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: CallerDep,
    code: AuthorityCode,
    kind: EventKind | None = None,
    status: EventStatus | None = None,
    fieldwork_from: FieldworkFrom = None,
    fieldwork_to: FieldworkTo = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    """The events of one authority, with the filters of `events-list`; 404 when no authority has
    the code.
    """
    if authority_repo.get_authority(session, code) is None:
        raise NotFound("authority", code)
    return list_events(
        request,
        session,
        today,
        caller,
        authority=code,
        kind=kind,
        status=status,
        fieldwork_from=fieldwork_from,
        fieldwork_to=fieldwork_to,
        limit=limit,
        cursor=cursor,
    )


@router.get(
    "/v1/events/{event_id}",
    name="events-get",
    summary="Get one event, with its judgements, letter and priority actions",
    response_model=EventPublic,
    responses=read_responses(401, 404, 422),
)
def get_event(
    request: Request, session: SessionDep, today: Today, caller: CallerDep, event_id: EventId
) -> Response:
    """One event by id; an event the caller may not see is a 404, so its existence does not leak."""
    return json_response(request, service.event(session, caller, event_id, today))


@router.post(
    "/v1/events",
    name="events-plan",
    summary="Plan an event (inspectors and admins); it stays confidential until notified",
    status_code=201,
    response_model=EventChanged,
    responses=write_responses(),
)
def plan_event(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    body: EventPlan,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Plans an inspection or visit for a current authority; it is invisible to the authority and
    the public until notified. Breaking a soft rule succeeds with `warnings`.
    """

    def run() -> Response:
        result, rendered = event_writes.plan(session, caller, body, today)
        return written(result, rendered, status=201, location=f"/v1/events/{result.id}")

    return once(session, caller, idempotency_key, fingerprint("POST", request.url.path, body), run)


@router.patch(
    "/v1/events/{event_id}",
    name="events-update",
    summary="Move planned dates, change theme or notes; admins correct published events",
    response_model=EventChanged,
    responses=write_responses(),
)
def update_event(
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    event_id: EventId,
    body: EventPatch,
    if_match: IfMatch = None,
) -> Response:
    """Moves planned dates or changes theme and notes, as of the version named by If-Match; admins
    correct a published event with a reason.
    """
    result, rendered = event_writes.patch(session, caller, event_id, body, if_match, today)
    return written(result, rendered)


@router.get(
    "/v1/events/{event_id}/history",
    name="events-history",
    summary="The changes made to an event, as far as you may see them",
    response_model=ChangeList,
    responses=read_responses(401, 404, 422),
)
def event_history(
    request: Request, session: SessionDep, today: Today, caller: CallerDep, event_id: EventId
) -> Response:
    """Every change to the event, oldest first, as far as the caller may see them."""
    return json_response(request, history.event_history(session, caller, event_id, today))
