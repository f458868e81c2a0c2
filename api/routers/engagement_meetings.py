"""/v1/authorities/{code}/engagement-meetings: the annual engagement meetings with the DCS."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.clock import Today
from api.db import SessionDep
from api.routers.self_evaluations import record_query
from api.schemas import (
    EngagementMeetingBody,
    EngagementMeetingChanged,
    EngagementMeetingPage,
    EngagementMeetingPatch,
    EngagementMeetingPublic,
)
from api.services import engagement_meetings as service
from api.web import pages
from api.web.authentication import CallerDep, WriterDep
from api.web.conditional import Rendered, json_response, written
from api.web.for_change import MeetingForChange
from api.web.idempotency import IdempotencyDep
from api.web.paging import encode_cursor, page_response
from api.web.params import AuthorityCode, Cursor, Limit, MeetingId
from api.web.problems import read_responses, write_responses

router = APIRouter(tags=["engagement meetings"])

PATH = "/v1/authorities/{code}/engagement-meetings"


@router.get(
    PATH,
    name="authorities-engagement-meetings-list",
    summary="List the authority's annual engagement meetings, newest first (never public)",
    response_model=EngagementMeetingPage,
    responses=read_responses(401, 404, 422),
)
def list_engagement_meetings(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: CallerDep,
    code: AuthorityCode,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    """The meetings held with the authority, each with its record (attendees, the summary
    letter, next steps, a possible focused visit's scope) and when the next falls due. Read by
    the authority, its region's inspectors and admins; for anyone else a 404, exactly as for a
    code no authority has.
    """
    query = record_query(code, limit, cursor)

    def build() -> Rendered:
        items, last = service.meetings_page(session, caller, query, today)
        next_cursor = encode_cursor(last) if last else None
        page = EngagementMeetingPage(items=items, next_cursor=next_cursor)
        return Rendered.model(page, next_cursor)

    key = ("engagement-meetings", caller.scope, today, query)
    return page_response(request, pages.rendered(session, caller, key, build))


@router.get(
    PATH + "/{meeting_id}",
    name="authorities-engagement-meetings-get",
    summary="Get one of the authority's engagement meetings (never public)",
    response_model=EngagementMeetingPublic,
    responses=read_responses(401, 404, 422),
)
def get_engagement_meeting(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: CallerDep,
    code: AuthorityCode,
    meeting_id: MeetingId,
) -> Response:
    """One meeting by its id; a 404 for whoever may not read it."""
    return json_response(request, service.meeting(session, caller, code, meeting_id, today))


@router.post(
    PATH,
    name="authorities-engagement-meetings-record",
    summary="Inspectors record an annual engagement meeting held with the authority",
    status_code=201,
    response_model=EngagementMeetingChanged,
    responses=write_responses(existing=False, under=True),
)
def record_engagement_meeting(
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    idempotency: IdempotencyDep,
    code: AuthorityCode,
    body: EngagementMeetingBody,
) -> Response:
    """Records a meeting held (not after today) as an event of kind `annual_engagement_meeting`,
    completed on that day, with what was said. Inspectors of the authority's region and admins
    record it; the authority reads it; never public.
    """
    result = service.record(session, caller, code, body, today)
    location = f"{PATH.format(code=code)}/{result.view.id}"
    return idempotency.respond(
        written(result.view, EngagementMeetingChanged, status=201, location=location)
    )


@router.patch(
    PATH + "/{meeting_id}",
    name="authorities-engagement-meetings-update",
    summary="Correct what was recorded of an engagement meeting",
    response_model=EngagementMeetingChanged,
    responses=write_responses(),
)
def update_engagement_meeting(
    session: SessionDep,
    today: Today,
    caller: WriterDep,
    meeting: MeetingForChange,
    body: EngagementMeetingPatch,
) -> Response:
    """Replaces the fields given, as of the version named by If-Match (the meeting's ETag);
    inspectors of the authority's region and admins. Logged in the event's history.
    """
    result = service.update(session, caller, meeting, body, today)
    return written(result.view, EngagementMeetingChanged, result.warnings)
