"""Events as the API shows them: with the grades, letter and priority actions the caller may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from api.domain.errors import NotFound
from api.domain.jtai import written_statement_due
from api.domain.vocabulary import EventKind, EventStatus
from api.repositories import events as repo
from api.schemas import (
    AttendeePublic,
    EngagementMeetingRecord,
    EventPublic,
    LetterPublic,
    SelfEvaluationPublic,
)
from api.services.authorities import priority_action_summary
from api.services.sources import sources_view
from api.tables import EngagementMeeting, Event
from api.visibility import Caller, sees_everything


@dataclass(frozen=True)
class EventQuery:
    filters: repo.EventFilters
    after: tuple[date, str] | None
    limit: int


def theme_of(event: Event) -> str | None:
    """The event's theme as the API spells it: a JTAI's own, or a visit's."""
    return event.jtai_theme or event.theme


def meeting_record_view(record: EngagementMeeting) -> EngagementMeetingRecord:
    return EngagementMeetingRecord(
        attendees=[AttendeePublic(role=a["role"], name=a.get("name")) for a in record.attendees],
        summary_letter=record.summary_letter,
        next_steps=list(record.next_steps),
        focused_visit_scope=record.focused_visit_scope,
    )


def views_of(
    session: Session, caller: Caller, today: date, events: Sequence[Event]
) -> list[EventPublic]:
    """The events as this caller may see them (grades, notes and answers only where allowed)."""
    found = repo.details(session, caller, today, [e.id for e in events])
    views = []
    for event in events:
        letter = found.letters.get(event.id)
        grades = found.grades.get(event.id)
        answers = found.self_evaluations.get(event.id)
        meeting = found.engagement_meetings.get(event.id)
        insider = sees_everything(caller, found.regions[event.authority_code])
        views.append(
            EventPublic(
                id=event.id,
                authority_code=event.authority_code,
                kind=event.kind,
                status=event.status,
                framework=event.framework_id,
                theme=theme_of(event),
                inspectorates=list(event.inspectorates)
                if event.inspectorates is not None
                else None,
                written_statement_required=event.written_statement_required,
                written_statement_due=written_statement_due(
                    EventKind(event.kind),
                    EventStatus(event.status),
                    event.written_statement_required,
                    event.published_on,
                ),
                notified_on=event.notified_on,
                fieldwork_start=event.fieldwork_start,
                fieldwork_end=event.fieldwork_end,
                published_on=event.published_on,
                report_url=event.report_url,
                lead_inspector=event.lead_inspector,
                judgements=dict(grades) if grades else None,
                letter=LetterPublic(
                    strengths=letter.strengths, areas_for_improvement=letter.areas_for_improvement
                )
                if letter
                else None,
                priority_actions=[
                    priority_action_summary(a, today)
                    for a in found.priority_actions.get(event.id, [])
                ],
                status_reason=event.status_reason,
                notes=event.notes if insider else None,
                self_evaluation=SelfEvaluationPublic(
                    quality_and_impact=answers.quality_and_impact,
                    how_we_know=answers.how_we_know,
                    plans_next_12_months=answers.plans_next_12_months,
                )
                if answers
                else None,
                engagement_meeting=meeting_record_view(meeting) if meeting else None,
                sources=sources_view(found.facts.get(event.id, {}), grades is not None),
            )
        )
    return views


def events_page(
    session: Session, caller: Caller, query: EventQuery, today: date
) -> tuple[list[EventPublic], tuple[str, str] | None]:
    """One page of the events the caller may see, and the sort key of its last item when
    there are more."""
    rows = repo.list_events(
        session, caller, today, query.filters, after=query.after, limit=query.limit
    )
    page = views_of(session, caller, today, rows[: query.limit])
    if len(rows) > query.limit:
        last = page[-1]
        return page, (last.fieldwork_start.isoformat(), last.id)
    return page, None


def event(session: Session, caller: Caller, event_id: str, today: date) -> EventPublic:
    found = repo.get_event(session, caller, today, event_id)
    if found is None:
        raise NotFound("event", event_id)
    return views_of(session, caller, today, [found])[0]
