"""/v1/events: inspections, visits and meetings; and each authority's own."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlmodel import Session

from api.clock import Today
from api.db import SessionDep, SessionFactory, session_factory
from api.domain.errors import NotFound
from api.domain.vocabulary import EventKind, EventStatus
from api.repositories import authorities as authority_repo
from api.repositories.events import EventFilters
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
from api.visibility import Caller
from api.web import pages
from api.web.authentication import CallerDep, WriterDep
from api.web.conditional import Rendered, json_response, written
from api.web.for_change import EventForChange
from api.web.idempotency import IdempotencyDep
from api.web.paging import day, decode_cursor, encode_cursor, page_response, text
from api.web.params import AuthorityCode, Cursor, EventId, Limit, RegionFilter
from api.web.problems import InvalidParameter, read_responses, write_responses

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
    after = decode_cursor(cursor, (day, text))
    return EventQuery(filters=filters, after=(after[0], after[1]) if after else None, limit=limit)


def _render(session: Session, caller: Caller, query: EventQuery, today: date) -> Rendered:
    items, last = service.events_page(session, caller, query, today)
    next_cursor = encode_cursor(last) if last else None
    return Rendered.model(EventPage(items=items, next_cursor=next_cursor), next_cursor)


@router.get(
    "/v1/events",
    name="events-list",
    summary="List events",
    response_model=EventPage,
    responses=read_responses(401, 422),
)
async def list_events(
    request: Request,
    make_session: Annotated[SessionFactory, Depends(session_factory)],
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
    # async, like the authorities list: a page already rendered costs no worker thread.
    version, page = await pages.rendered_without_waiting(
        make_session,
        caller,
        ("events", caller.scope, today, query),
        lambda session: _render(session, caller, query, today),
    )
    pages.remember_for_revalidation(request, caller, version, today, page)
    return page_response(request, page)


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
    filters = EventFilters(
        authority_code=code,
        kind=kind.value if kind else None,
        status=status.value if status else None,
        fieldwork_from=fieldwork_from,
        fieldwork_to=fieldwork_to,
    )
    query = _query(filters, limit, cursor)
    page = pages.rendered(
        session,
        caller,
        ("events", caller.scope, today, query),
        lambda: _render(session, caller, query, today),
    )
    return page_response(request, page)


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
    responses=write_responses(existing=False),
)
def plan_event(
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    idempotency: IdempotencyDep,
    body: EventPlan,
) -> Response:
    """Plans an inspection or visit for a current authority; it is invisible to the authority and
    the public until notified. Breaking a soft rule succeeds with `warnings`.
    """
    result = event_writes.plan(session, caller, body, today)
    location = f"/v1/events/{result.view.id}"
    return idempotency.respond(
        written(result.view, EventChanged, result.warnings, status=201, location=location)
    )


@router.patch(
    "/v1/events/{event_id}",
    name="events-update",
    summary="Move planned dates, change theme or notes; admins correct published events",
    response_model=EventChanged,
    responses=write_responses(),
)
def update_event(
    session: SessionDep, today: Today, caller: WriterDep, event: EventForChange, body: EventPatch
) -> Response:
    """Moves planned dates or changes theme and notes, as of the version named by If-Match; admins
    correct a published event with a reason. A body names at least one field to change (422
    otherwise); a date out of order with the event's own is a 409 (`/problems/dates-out-of-order`).
    """
    result = event_writes.patch(session, caller, event, body, today)
    return written(result.view, EventChanged, result.warnings)


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
