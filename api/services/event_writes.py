"""Changing events: planning, the lifecycle, judgements, letters, corrections.

Every change goes through the domain, checks who may make it and which version it was made
against, and writes the change log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from api import changes
from api.domain import lifecycle
from api.domain.errors import (
    DatesOutOfOrder,
    DomainWarning,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    RuleViolated,
)
from api.domain.findings import check_plannable, check_ready_to_publish
from api.domain.frameworks import framework_for
from api.domain.jtai import check_jtai_facts, check_theme
from api.domain.lifecycle import EventState
from api.domain.planning import check_plan
from api.domain.provenance import Source, written_by
from api.domain.vocabulary import Action, AuthorityStatus, ChangeAction, EventKind, EventStatus
from api.ids import new_id
from api.repositories import authorities as authority_repo
from api.repositories import events as repo
from api.repositories import findings as findings_repo
from api.repositories.claims import claim
from api.schemas import EventPatch, EventPlan, EventPublic
from api.services.events import views_of
from api.services.results import Changed
from api.services.sources import note_written
from api.services.standing import standing_of
from api.tables import Authority, Event, utcnow
from api.visibility import Caller, may_correct_published, may_run_inspections


def changed(
    session: Session,
    caller: Caller,
    event: Event,
    today: date,
    warnings: Sequence[DomainWarning] = (),
) -> Changed[EventPublic]:
    """The event as the caller now sees it, with the warnings."""
    session.flush()
    return Changed(views_of(session, caller, today, [event])[0], tuple(warnings))


def snapshot(event: Event) -> dict[str, Any]:
    return {
        "status": event.status,
        "kind": event.kind,
        "framework": event.framework_id,
        "theme": event.jtai_theme or event.theme,
        "inspectorates": list(event.inspectorates) if event.inspectorates is not None else None,
        "written_statement_required": event.written_statement_required,
        "notified_on": _iso(event.notified_on),
        "fieldwork_start": _iso(event.fieldwork_start),
        "fieldwork_end": _iso(event.fieldwork_end),
        "published_on": _iso(event.published_on),
        "report_url": event.report_url,
        "lead_inspector": event.lead_inspector,
        "status_reason": event.status_reason,
        "notes": event.notes,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def log_event_change(
    session: Session,
    caller: Caller,
    event: Event,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None = None,
) -> None:
    event.updated_at = utcnow()
    correcting = action in _CORRECTIONS
    who = caller.role.value if caller.role else "public"
    note_written(session, event.id, before, after, Source(written_by(correcting), who))
    changes.record_event(
        session, event, actor=caller.actor, action=action, before=before, after=after, reason=reason
    )


# The log's actions that are an admin's correction of a published fact.
_CORRECTIONS = frozenset(
    {ChangeAction.CORRECTED, ChangeAction.JUDGEMENTS_CORRECTED, ChangeAction.LETTER_CORRECTED}
)


def open_for_change(
    session: Session, caller: Caller, event_id: str, today: date
) -> tuple[Event, EventPublic]:
    """The event, if the caller may see and run it, and its view as the caller reads it
    (whose ETag the change must name)."""
    event = repo.get_event(session, caller, today, event_id)
    if event is None:
        raise NotFound("event", event_id)
    authority = authority_repo.get_authority(session, event.authority_code)
    assert authority is not None
    if not may_run_inspections(caller, authority.region):
        raise Forbidden("Only inspectors of the authority's region and admins change events.")
    return event, views_of(session, caller, today, [event])[0]


def claim_for_change(session: Session, event: Event) -> None:
    """Take the version the caller read; StaleVersion if someone changed it meanwhile."""
    claim(session, event)


def _state(event: Event) -> EventState:
    return EventState(
        kind=EventKind(event.kind),
        status=EventStatus(event.status),
        notified_on=event.notified_on,
        fieldwork_start=event.fieldwork_start,
        fieldwork_end=event.fieldwork_end,
        published_on=event.published_on,
        status_reason=event.status_reason,
    )


def record_before(fieldwork_start: date) -> date:
    """The day whose published record a plan is judged against: the eve of its fieldwork."""
    return fieldwork_start - timedelta(days=1)


def current_authority(session: Session, code: str) -> Authority:
    """The current authority `code`, for a record made under it; a 404 for any other code."""
    authority = authority_repo.get_authority(session, code)
    if authority is None or authority.status != AuthorityStatus.CURRENT.value:
        raise NotFound("authority", code)
    return authority


def held_on_the_day(code: str, kind: EventKind, day: date) -> Event:
    """A new event of a kind that is never notified or on site (a self-evaluation, an
    engagement meeting): completed on the day it happened."""
    now = utcnow()
    return Event(
        id=new_id("evt"),
        authority_code=code,
        kind=kind.value,
        status=EventStatus.FIELDWORK_COMPLETE.value,
        framework_id=framework_for(kind, day).id,
        fieldwork_start=day,
        fieldwork_end=day,
        source="api",
        created_at=now,
        updated_at=now,
    )


def plan(session: Session, caller: Caller, body: EventPlan, today: date) -> Changed[EventPublic]:
    authority = authority_repo.get_authority(session, body.authority_code)
    if authority is None or authority.status != AuthorityStatus.CURRENT.value:
        raise InvalidInput(
            "events are planned for current authorities",
            [FieldError("authority_code", f"no current authority {body.authority_code}")],
        )
    if not may_run_inspections(caller, authority.region):
        raise Forbidden("Only inspectors of the authority's region and admins plan events.")
    check_plannable(body.kind, body.theme)
    check_jtai_facts(body.kind, body.inspectorates, body.written_statement_required)
    lifecycle.validate_planned_dates(body.fieldwork_start, body.fieldwork_end)
    framework = framework_for(body.kind, body.fieldwork_start)
    # A plan answers to the record as it stood when its fieldwork began (a backfilled
    # inspection is judged by the pathway of its own time, not by today's).
    standing = standing_of(session, record_before(body.fieldwork_start), authority.code)
    assert standing is not None
    warnings = check_plan(
        body.kind, standing.state.pathway, body.fieldwork_start, body.fieldwork_end, standing.next
    )
    now = utcnow()
    event = Event(
        id=new_id("evt"),
        authority_code=authority.code,
        kind=body.kind.value,
        status=EventStatus.PLANNED.value,
        framework_id=framework.id,
        fieldwork_start=body.fieldwork_start,
        fieldwork_end=body.fieldwork_end,
        notes=body.notes,
        source="api",
        created_at=now,
        updated_at=now,
    )
    _set_theme(event, body.theme)
    event.inspectorates = body.inspectorates
    event.written_statement_required = body.written_statement_required
    session.add(event)
    log_event_change(session, caller, event, ChangeAction.PLANNED, None, snapshot(event))
    return changed(session, caller, event, today, warnings)


def patch(
    session: Session, caller: Caller, event: Event, body: EventPatch, today: date
) -> Changed[EventPublic]:
    given = body.model_fields_set - {"reason"}
    if not given:
        raise InvalidInput("nothing to change", [FieldError("body", "name a field to change")])
    correcting = event.status in (EventStatus.PUBLISHED.value, EventStatus.CANCELLED.value)
    require_correction_rights(caller, correcting, body.reason)
    before = snapshot(event)
    kind = EventKind(event.kind)
    if "theme" in given:
        check_theme(kind, body.theme)
        _set_theme(event, body.theme)
    if given & {"inspectorates", "written_statement_required"}:
        inspectorates = body.inspectorates if "inspectorates" in given else None
        required = (
            body.written_statement_required if "written_statement_required" in given else None
        )
        check_jtai_facts(kind, inspectorates, required)
        if "inspectorates" in given:
            event.inspectorates = body.inspectorates
        if "written_statement_required" in given:
            event.written_statement_required = body.written_statement_required
    if "notes" in given:
        event.notes = body.notes
    if given & {"fieldwork_start", "fieldwork_end"}:
        if body.fieldwork_start and body.fieldwork_end:
            # A body whose dates contradict each other is invalid input (422); dates out of
            # order with the event's own are a conflict with it (409, DatesOutOfOrder).
            lifecycle.validate_planned_dates(body.fieldwork_start, body.fieldwork_end)
        start = body.fieldwork_start or event.fieldwork_start
        end = body.fieldwork_end or event.fieldwork_end or start
        if correcting:
            moved = replace(_state(event), fieldwork_start=start, fieldwork_end=end)
            if errors := lifecycle.date_errors(moved):
                raise DatesOutOfOrder("the corrected dates are out of order", errors)
        else:
            moved = lifecycle.reschedule(_state(event), start, end)
        framework = framework_for(kind, start).id
        if framework != event.framework_id and findings_repo.has_judgements(session, event.id):
            # The grades were given under the old framework's judgements; moving the date across
            # a cut-over would leave them under a framework that does not have them.
            raise RuleViolated(
                "correction-changes-framework",
                f"Fieldwork from {start.isoformat()} falls under {framework}, whose judgements "
                f"differ from the recorded ones ({event.framework_id}).",
            )
        event.fieldwork_start, event.fieldwork_end = start, end
        event.framework_id = framework
    after = snapshot(event)
    log_event_change(
        session,
        caller,
        event,
        ChangeAction.CORRECTED if correcting else ChangeAction.UPDATED,
        before,
        after,
        body.reason,
    )
    return changed(session, caller, event, today)


def _set_theme(event: Event, theme: str | None) -> None:
    """A JTAI's theme is its own (an open word), a visit's one of Ofsted's visit themes."""
    if event.kind == EventKind.JTAI.value:
        event.jtai_theme, event.theme = theme, None
    else:
        event.theme, event.jtai_theme = theme, None


def require_correction_rights(caller: Caller, correcting: bool, reason: str | None) -> None:
    if not correcting:
        return
    if not may_correct_published(caller):
        raise Forbidden("Only admins correct a published or cancelled event.")
    if not reason:
        raise InvalidInput(
            "a correction of a published fact needs a reason",
            [FieldError("reason", "required when correcting a published event")],
        )


def transition(
    session: Session,
    caller: Caller,
    event: Event,
    action: Action,
    *,
    on: date | None,
    reason: str | None,
    report_url: str | None,
    today: date,
) -> Changed[EventPublic]:
    state = _state(event)
    moved = lifecycle.apply(state, action, on=on, reason=reason, today=today)
    warnings: list[DomainWarning] = []
    kind = EventKind(event.kind)
    if action is Action.NOTIFY and moved.notified_on and moved.fieldwork_start:
        warnings += lifecycle.check_notice(kind, moved.notified_on, moved.fieldwork_start)
    if action is Action.PUBLISH:
        _check_ready_to_publish(session, event)
    before = snapshot(event)
    event.status = moved.status.value
    event.notified_on = moved.notified_on
    event.fieldwork_start = moved.fieldwork_start or event.fieldwork_start
    event.fieldwork_end = moved.fieldwork_end
    event.published_on = moved.published_on
    event.status_reason = moved.status_reason
    if action is Action.PUBLISH:
        event.report_url = report_url
    if action is Action.START:
        event.framework_id = framework_for(kind, event.fieldwork_start).id
    log_event_change(session, caller, event, action, before, snapshot(event), reason)
    return changed(session, caller, event, today, warnings)


def _check_ready_to_publish(session: Session, event: Event) -> None:
    check_ready_to_publish(
        EventKind(event.kind),
        has_judgements=findings_repo.has_judgements(session, event.id),
        has_letter=findings_repo.letter_of(session, event.id) is not None,
    )
