"""/v1/events: inspections, visits and meetings; and each authority's own."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api.auth import CallerDep
from api.clock import Today
from api.db import SessionDep
from api.domain.vocabulary import EventKind, EventStatus
from api.http import decode_cursor, json_response, page_response
from api.problems import InvalidParameter, NotFound, read_responses
from api.repositories import authorities as authority_repo
from api.repositories.events import EventFilters
from api.routers.params import AuthorityCode, Cursor, Limit, RegionFilter
from api.schemas import EventPublic, Page, StrictDate
from api.services import events as service
from api.services.events import EventQuery

router = APIRouter(tags=["events"])

EventId = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9_-]{1,32}$", description="The event's opaque id")
]
AuthorityFilter = Annotated[
    str | None, Query(pattern=r"^E\d{8}$", description="ONS code of the authority")
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
    response_model=Page[EventPublic],
    responses=read_responses(422),
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
    response_model=Page[EventPublic],
    responses=read_responses(404, 422),
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
    if authority_repo.get_authority(session, code) is None:
        raise NotFound("authority", code)
    filters = EventFilters(
        authority_code=code,
        kind=kind.value if kind else None,
        status=status.value if status else None,
        fieldwork_from=fieldwork_from,
        fieldwork_to=fieldwork_to,
    )
    query = _query(filters, limit, cursor)
    return page_response(request, service.events_page(session, caller, query, today))


@router.get(
    "/v1/events/{event_id}",
    name="events-get",
    summary="Get one event, with its judgements, letter and priority actions",
    response_model=EventPublic,
    responses=read_responses(404, 422),
)
def get_event(
    request: Request, session: SessionDep, today: Today, caller: CallerDep, event_id: EventId
) -> Response:
    return json_response(request, service.event(session, caller, event_id, today))
