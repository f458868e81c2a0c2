"""What the schedule is derived from, as far as the caller may see it: three statements,
whatever the number of authorities or events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from api.domain.pathways import GradedInspection
from api.domain.schedule import Activity
from api.domain.vocabulary import EventKind, EventStatus, Grade, JudgementArea
from api.repositories import priority_actions as action_repo
from api.repositories.events import GRADED_KINDS
from api.tables import Event, Judgement, PriorityAction
from api.visibility import Caller, grades_visible, visible_events

# The kinds anything falls due after, or that meet something due.
SCHEDULED_KINDS = (
    *GRADED_KINDS,
    EventKind.MONITORING_VISIT.value,
    EventKind.JTAI.value,
    EventKind.SELF_EVALUATION.value,
    EventKind.ANNUAL_ENGAGEMENT_MEETING.value,
)


def activities(session: Session, caller: Caller, day: date) -> list[Activity]:
    """Every event the caller may see on `day` of the kinds the schedule looks at."""
    columns: list[Any] = [
        col(Event.id),
        col(Event.authority_code),
        col(Event.kind),
        col(Event.status),
        col(Event.fieldwork_start),
        col(Event.published_on),
        col(Event.written_statement_required),
    ]
    query = sa_select(*columns).where(
        visible_events(caller, day), col(Event.kind).in_(SCHEDULED_KINDS)
    )
    return [
        Activity(
            event_id=row[0],
            authority_code=row[1],
            kind=EventKind(row[2]),
            status=EventStatus(row[3]),
            fieldwork_start=row[4],
            published_on=row[5],
            written_statement_required=row[6],
        )
        for row in session.execute(query)
    ]


def graded_results(session: Session, caller: Caller, day: date) -> list[GradedInspection]:
    """The published graded inspections whose grades the caller may read on `day` (embargoed
    ones for those who may see them), with their grades."""
    query = (
        sa_select(
            col(Event.id),
            col(Event.authority_code),
            col(Event.kind),
            col(Event.framework_id),
            col(Event.fieldwork_start),
            col(Event.fieldwork_end),
            col(Event.published_on),
            col(Judgement.area),
            col(Judgement.grade),
        )
        .join(Judgement, col(Judgement.event_id) == col(Event.id))
        .where(
            col(Event.kind).in_(GRADED_KINDS),
            col(Event.status) == EventStatus.PUBLISHED.value,
            visible_events(caller, day),
            grades_visible(caller, day),
        )
        .order_by(col(Event.id))
    )
    found: dict[str, GradedInspection] = {}
    for row in session.execute(query):
        inspection = found.get(row[0])
        if inspection is None:
            inspection = found[row[0]] = GradedInspection(
                event_id=row[0],
                authority_code=row[1],
                kind=EventKind(row[2]),
                framework_id=row[3] or "",
                fieldwork_start=row[4],
                fieldwork_end=row[5],
                published_on=row[6],
                grades={},
            )
        inspection.grades[JudgementArea(row[7])] = Grade(row[8])  # type: ignore[index]
    return list(found.values())


def priority_actions(session: Session, caller: Caller, day: date) -> Sequence[PriorityAction]:
    """Every priority action the caller may see on `day` (they go where their event goes)."""
    return action_repo.visible_actions(session, caller, day, action_repo.PriorityActionFilters())
