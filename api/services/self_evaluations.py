"""An authority's yearly self-evaluation: submitted by the authority, read by the authority, its
region's inspectors and admins, never public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from api.domain.annual import AnnualPolicy, next_self_evaluation_due
from api.domain.errors import FieldError, Forbidden, InvalidInput, NotFound
from api.domain.vocabulary import ChangeAction, EventKind
from api.repositories import authorities as authority_repo
from api.repositories import private_records as records
from api.schemas import EventPublic, SelfEvaluationBody, SelfEvaluationRecordPublic
from api.services.event_writes import (
    changed,
    current_authority,
    held_on_the_day,
    log_event_change,
    snapshot,
)
from api.services.results import Changed
from api.settings import get_settings
from api.tables import Event, SelfEvaluation
from api.visibility import Caller, acts_for, reads_private_records


def submit(
    session: Session, caller: Caller, code: str, body: SelfEvaluationBody, today: date
) -> Changed[EventPublic]:
    current_authority(session, code)
    if not acts_for(caller, code):
        raise Forbidden("Only the authority itself submits its self-evaluation.")
    if body.submitted_on > today:
        raise InvalidInput(
            "a self-evaluation is submitted on a day that has come",
            [FieldError("submitted_on", f"is after today {today.isoformat()}")],
        )
    event = held_on_the_day(code, EventKind.SELF_EVALUATION, body.submitted_on)
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


@dataclass(frozen=True)
class RecordQuery:
    """A page of an authority's private records: after the (day, id) of the last one read."""

    authority_code: str
    after: tuple[date, str] | None
    limit: int


def readable_authority(session: Session, caller: Caller, code: str, what: str) -> None:
    """The authority, if the caller may read its private records; for anyone else its records
    do not exist, exactly as for a code no authority has."""
    authority = authority_repo.get_authority(session, code)
    if authority is None or not reads_private_records(caller, code, authority.region):
        raise NotFound(what, code)


def annual_policy() -> AnnualPolicy:
    """The yearly cycles as configured (the schedule reads the same settings)."""
    settings = get_settings()
    return AnnualPolicy(
        self_evaluation_interval_months=settings.self_evaluation_months,
        engagement_meeting_interval_months=settings.engagement_meeting_months,
    )


def self_evaluation_view(event: Event, answers: SelfEvaluation) -> SelfEvaluationRecordPublic:
    return SelfEvaluationRecordPublic(
        id=event.id,
        authority_code=event.authority_code,
        submitted_on=event.fieldwork_start,
        next_due=next_self_evaluation_due(event.fieldwork_start, annual_policy()),
        quality_and_impact=answers.quality_and_impact,
        how_we_know=answers.how_we_know,
        plans_next_12_months=answers.plans_next_12_months,
    )


def self_evaluations_page(
    session: Session, caller: Caller, query: RecordQuery, today: date
) -> tuple[list[SelfEvaluationRecordPublic], tuple[str, str] | None]:
    """A page of the authority's self-evaluations, newest first, and the sort key of its last
    item when there are more."""
    readable_authority(session, caller, query.authority_code, "self-evaluations of authority")
    rows = records.self_evaluations(
        session, caller, today, query.authority_code, query.after, query.limit
    )
    page = [self_evaluation_view(event, answers) for event, answers in rows[: query.limit]]
    if len(rows) > query.limit:
        return page, (page[-1].submitted_on.isoformat(), page[-1].id)
    return page, None


def self_evaluation(
    session: Session, caller: Caller, code: str, event_id: str, today: date
) -> SelfEvaluationRecordPublic:
    readable_authority(session, caller, code, "self-evaluations of authority")
    found = records.self_evaluation(session, caller, today, code, event_id)
    if found is None:
        raise NotFound("self-evaluation", event_id)
    return self_evaluation_view(*found)
