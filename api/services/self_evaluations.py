"""An authority's yearly self-evaluation: submitted by the authority, read by its inspectors."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from api.domain.errors import FieldError, Forbidden, InvalidInput, NotFound
from api.domain.frameworks import framework_for
from api.domain.vocabulary import AuthorityStatus, ChangeAction, EventKind, EventStatus
from api.ids import new_id
from api.repositories import authorities as authority_repo
from api.schemas import EventPublic, SelfEvaluationBody
from api.services.event_writes import changed, log_event_change, snapshot
from api.services.results import Changed
from api.tables import Event, SelfEvaluation, utcnow
from api.visibility import Caller, acts_for


def submit(
    session: Session, caller: Caller, code: str, body: SelfEvaluationBody, today: date
) -> Changed[EventPublic]:
    authority = authority_repo.get_authority(session, code)
    if authority is None or authority.status != AuthorityStatus.CURRENT.value:
        raise NotFound("authority", code)
    if not acts_for(caller, code):
        raise Forbidden("Only the authority itself submits its self-evaluation.")
    if body.submitted_on > today:
        raise InvalidInput(
            "a self-evaluation is submitted on a day that has come",
            [FieldError("submitted_on", f"is after today {today.isoformat()}")],
        )
    now = utcnow()
    event = Event(
        id=new_id("evt"),
        authority_code=code,
        kind=EventKind.SELF_EVALUATION.value,
        status=EventStatus.FIELDWORK_COMPLETE.value,
        framework_id=framework_for(EventKind.SELF_EVALUATION, body.submitted_on).id,
        fieldwork_start=body.submitted_on,
        fieldwork_end=body.submitted_on,
        source="api",
        created_at=now,
        updated_at=now,
    )
    session.add(event)
    session.add(
        SelfEvaluation(
            event_id=event.id,
            quality_and_impact=body.quality_and_impact,
            how_we_know=body.how_we_know,
            plans_next_12_months=body.plans_next_12_months,
        )
    )
    log_event_change(
        session, caller, event, ChangeAction.SELF_EVALUATION_SUBMITTED, None, snapshot(event)
    )
    return changed(session, caller, event, today)
