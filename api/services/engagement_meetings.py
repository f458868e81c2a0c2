"""Annual engagement meetings: recorded by the authority's region's inspectors (and admins),
read by them and the authority itself, never public. Each is an event of kind
`annual_engagement_meeting`, completed on the day it was held, with what was said beside it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from api.domain.annual import Attendee, check_meeting, next_engagement_meeting_due
from api.domain.errors import FieldError, Forbidden, InvalidInput, NotFound
from api.domain.frameworks import framework_for
from api.domain.vocabulary import ChangeAction, EventKind
from api.repositories import authorities as authority_repo
from api.repositories import private_records as records
from api.repositories.claims import claim
from api.schemas import (
    AttendeeBody,
    EngagementMeetingBody,
    EngagementMeetingPatch,
    EngagementMeetingPublic,
)
from api.services.event_writes import current_authority, held_on_the_day, log_event_change, snapshot
from api.services.events import meeting_record_view
from api.services.results import Changed
from api.services.self_evaluations import RecordQuery, annual_policy, readable_authority
from api.tables import EngagementMeeting, Event, utcnow
from api.visibility import Caller, records_meetings

MEETINGS = "engagement meetings of authority"


def meeting_view(event: Event, record: EngagementMeeting | None) -> EngagementMeetingPublic:
    return EngagementMeetingPublic(
        id=event.id,
        authority_code=event.authority_code,
        held_on=event.fieldwork_start,
        next_due=next_engagement_meeting_due(event.fieldwork_start, annual_policy()),
        record=meeting_record_view(record) if record else None,
    )


def _attendees(given: list[AttendeeBody]) -> list[Attendee]:
    return [Attendee(role=a.role, name=a.name) for a in given]


def _stored(attendees: list[Attendee]) -> list[dict[str, Any]]:
    return [{"role": a.role, "name": a.name} for a in attendees]


def _logged(event: Event, record: EngagementMeeting | None) -> dict[str, Any]:
    """The event's snapshot and what was recorded of the meeting, as the change log keeps it."""
    said: dict[str, Any] = {}
    if record is not None:
        said = {
            "attendees": list(record.attendees),
            "summary_letter": record.summary_letter,
            "next_steps": list(record.next_steps),
            "focused_visit_scope": record.focused_visit_scope,
        }
    return {**snapshot(event), **said}


def record(
    session: Session, caller: Caller, code: str, body: EngagementMeetingBody, today: date
) -> Changed[EngagementMeetingPublic]:
    authority = current_authority(session, code)
    if not records_meetings(caller, authority.region):
        raise Forbidden("Only inspectors of the authority's region and admins record meetings.")
    attendees = _attendees(body.attendees)
    check_meeting(body.held_on, attendees, today)
    # As a bare meeting is completed: on the day it was held.
    event = held_on_the_day(code, EventKind.ANNUAL_ENGAGEMENT_MEETING, body.held_on)
    said = EngagementMeeting(
        event_id=event.id,
        attendees=_stored(attendees),
        summary_letter=body.summary_letter,
        next_steps=list(body.next_steps),
        focused_visit_scope=body.focused_visit_scope,
        recorded_at=event.created_at,
    )
    session.add(event)
    session.flush()  # the event first: no relationship tells the unit of work the order
    session.add(said)
    log_event_change(
        session, caller, event, ChangeAction.ENGAGEMENT_MEETING_RECORDED, None, _logged(event, said)
    )
    session.flush()
    return Changed(meeting_view(event, said))


def meetings_page(
    session: Session, caller: Caller, query: RecordQuery, today: date
) -> tuple[list[EngagementMeetingPublic], tuple[str, str] | None]:
    """A page of the authority's engagement meetings, newest first, and the sort key of its
    last item when there are more."""
    readable_authority(session, caller, query.authority_code, MEETINGS)
    rows = records.engagement_meetings(
        session, caller, today, query.authority_code, query.after, query.limit
    )
    page = [meeting_view(event, said) for event, said in rows[: query.limit]]
    if len(rows) > query.limit:
        return page, (page[-1].held_on.isoformat(), page[-1].id)
    return page, None


def _found(
    session: Session, caller: Caller, code: str, event_id: str, today: date
) -> tuple[Event, EngagementMeeting | None]:
    readable_authority(session, caller, code, MEETINGS)
    found = records.engagement_meeting(session, caller, today, code, event_id)
    if found is None:
        raise NotFound("engagement meeting", event_id)
    return found


def meeting(
    session: Session, caller: Caller, code: str, event_id: str, today: date
) -> EngagementMeetingPublic:
    return meeting_view(*_found(session, caller, code, event_id, today))


def open_for_change(
    session: Session, caller: Caller, code: str, event_id: str, today: date
) -> tuple[Event, EngagementMeeting | None, EngagementMeetingPublic]:
    """The meeting, if the caller may see and correct it, and its view as the caller reads it
    (whose ETag the change must name)."""
    event, said = _found(session, caller, code, event_id, today)
    authority = authority_repo.get_authority(session, code)
    assert authority is not None
    if not records_meetings(caller, authority.region):
        raise Forbidden("Only inspectors of the authority's region and admins correct meetings.")
    return event, said, meeting_view(event, said)


def claim_for_change(session: Session, event: Event) -> None:
    claim(session, event)


def update(
    session: Session,
    caller: Caller,
    event: Event,
    body: EngagementMeetingPatch,
    today: date,
) -> Changed[EngagementMeetingPublic]:
    """Correct what was recorded (a bare meeting gets its record once attendees and the
    summary letter are given); logged like every change to an event."""
    given = body.model_fields_set - {"reason"}
    if not given:
        raise InvalidInput("nothing to change", [FieldError("body", "name a field to change")])
    kept = ("held_on", "attendees", "summary_letter")
    nulled = [f for f in kept if f in given and getattr(body, f) is None]
    if nulled:
        raise InvalidInput(
            "a meeting keeps its day, attendees and letter",
            [FieldError(f, "may be changed, not removed") for f in nulled],
        )
    said = records.meeting_records(session, [event.id]).get(event.id)
    before = _logged(event, said)
    if said is None:
        if body.attendees is None or body.summary_letter is None:
            raise InvalidInput(
                "this meeting has no record yet",
                [FieldError(f, "required to record it") for f in ("attendees", "summary_letter")],
            )
        said = EngagementMeeting(
            event_id=event.id, attendees=[], summary_letter="", recorded_at=utcnow()
        )
        session.add(said)
    held_on = body.held_on or event.fieldwork_start
    attendees = _attendees(body.attendees) if body.attendees is not None else None
    check_meeting(
        held_on,
        attendees if attendees is not None else [Attendee(**a) for a in said.attendees],
        today,
    )
    if body.held_on is not None:
        event.fieldwork_start = event.fieldwork_end = held_on
        event.framework_id = framework_for(EventKind(event.kind), held_on).id
    if attendees is not None:
        said.attendees = _stored(attendees)
    if body.summary_letter is not None:
        said.summary_letter = body.summary_letter
    if "next_steps" in given:
        said.next_steps = list(body.next_steps or [])
    if "focused_visit_scope" in given:
        said.focused_visit_scope = body.focused_visit_scope
    log_event_change(
        session,
        caller,
        event,
        ChangeAction.ENGAGEMENT_MEETING_UPDATED,
        before,
        _logged(event, said),
        body.reason,
    )
    session.flush()
    return Changed(meeting_view(event, said))
