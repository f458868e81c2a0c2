"""Queries over events and what hangs off them, always through the visibility policy.

Each function runs a fixed number of statements, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, exists, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from api.domain.frameworks import GRADED_KINDS as FRAMEWORK_GRADED_KINDS
from api.domain.pathways import GradedInspection
from api.domain.vocabulary import EventKind, EventStatus, Grade, JudgementArea
from api.repositories.private_records import meeting_records
from api.repositories.provenance import facts_of
from api.tables import (
    Authority,
    EngagementMeeting,
    Event,
    EventFact,
    Judgement,
    Letter,
    PriorityAction,
    SelfEvaluation,
)
from api.visibility import Caller, grades_visible, visible_events

GRADED_KINDS = tuple(kind.value for kind in sorted(FRAMEWORK_GRADED_KINDS))


@dataclass(frozen=True)
class EventFilters:
    authority_code: str | None = None
    region: str | None = None
    kind: str | None = None
    status: str | None = None
    fieldwork_from: date | None = None
    fieldwork_to: date | None = None


@dataclass
class EventDetails:
    grades: dict[str, dict[JudgementArea, Grade]]
    letters: dict[str, Letter]
    priority_actions: dict[str, list[PriorityAction]]
    self_evaluations: dict[str, SelfEvaluation]
    regions: dict[str, str]  # authority code -> region
    facts: dict[str, dict[str, EventFact]] = field(default_factory=dict)
    engagement_meetings: dict[str, EngagementMeeting] = field(default_factory=dict)


def _filtered(filters: EventFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.authority_code:
        conditions.append(col(Event.authority_code) == filters.authority_code)
    if filters.region:
        in_region = select(col(Authority.code)).where(col(Authority.region) == filters.region)
        conditions.append(col(Event.authority_code).in_(in_region.scalar_subquery()))
    if filters.kind:
        conditions.append(col(Event.kind) == filters.kind)
    if filters.status:
        conditions.append(col(Event.status) == filters.status)
    if filters.fieldwork_from:
        conditions.append(col(Event.fieldwork_start) >= filters.fieldwork_from)
    if filters.fieldwork_to:
        conditions.append(col(Event.fieldwork_start) <= filters.fieldwork_to)
    return conditions


def list_events(
    session: Session,
    caller: Caller,
    day: date,
    filters: EventFilters,
    *,
    after: tuple[date, str] | None,
    limit: int,
) -> Sequence[Event]:
    """A page of the events the caller may see, by fieldwork start then id (limit + 1 rows)."""
    query = select(Event).where(visible_events(caller, day), *_filtered(filters))
    if after is not None:
        start, event_id = after
        query = query.where(
            or_(
                col(Event.fieldwork_start) > start,
                and_(col(Event.fieldwork_start) == start, col(Event.id) > event_id),
            )
        )
    query = query.order_by(col(Event.fieldwork_start), col(Event.id)).limit(limit + 1)
    return session.exec(query).all()


def get_event(session: Session, caller: Caller, day: date, event_id: str) -> Event | None:
    query = select(Event).where(col(Event.id) == event_id, visible_events(caller, day))
    return session.exec(query).first()


def details(session: Session, caller: Caller, day: date, event_ids: Sequence[str]) -> EventDetails:
    """Grades (where the caller may read them), letters and priority actions of some events."""
    found = EventDetails(
        grades=defaultdict(dict),
        letters={},
        priority_actions=defaultdict(list),
        self_evaluations={},
        regions={},
    )
    if not event_ids:
        return found
    ids = list(event_ids)
    regions = session.exec(
        select(Authority.code, Authority.region)
        .join(Event, col(Event.authority_code) == col(Authority.code))
        .where(col(Event.id).in_(ids))
        .distinct()
    ).all()
    found.regions = dict(regions)
    found.facts = facts_of(session, ids)
    for answers in session.exec(
        select(SelfEvaluation).where(col(SelfEvaluation.event_id).in_(ids))
    ).all():
        found.self_evaluations[answers.event_id] = answers
    found.engagement_meetings = meeting_records(session, ids)
    graded = session.exec(
        select(Judgement)
        .join(Event, col(Event.id) == col(Judgement.event_id))
        .where(col(Judgement.event_id).in_(ids), grades_visible(caller, day))
    ).all()
    for judgement in graded:
        found.grades[judgement.event_id][JudgementArea(judgement.area)] = Grade(judgement.grade)
    for letter in session.exec(select(Letter).where(col(Letter.event_id).in_(ids))).all():
        found.letters[letter.event_id] = letter
    actions = session.exec(
        select(PriorityAction)
        .where(col(PriorityAction.event_id).in_(ids))
        .order_by(col(PriorityAction.event_id), col(PriorityAction.position))
    ).all()
    for action in actions:
        found.priority_actions[action.event_id].append(action)
    return found


def latest_published_graded(
    session: Session,
    day: date,
    fieldwork_to: date | None = None,
    authority_codes: Collection[str] | None = None,
) -> list[GradedInspection]:
    """Each authority's (or each of `authority_codes`') latest graded inspection published by
    the end of `day`, with its grades: one statement.

    Latest is by fieldwork start, then publication, then id (`api.domain.pathways`); only
    inspections with recorded grades count.
    """
    graded = exists().where(col(Judgement.event_id) == col(Event.id))
    conditions = [
        col(Event.kind).in_(GRADED_KINDS),
        col(Event.status) == EventStatus.PUBLISHED.value,
        or_(col(Event.published_on).is_(None), col(Event.published_on) <= day),
        graded,
    ]
    if fieldwork_to is not None:
        conditions.append(col(Event.fieldwork_start) <= fieldwork_to)
    if authority_codes is not None:
        conditions.append(col(Event.authority_code).in_(sorted(authority_codes)))
    recency = func.row_number().over(
        partition_by=col(Event.authority_code),
        order_by=(
            col(Event.fieldwork_start).desc(),
            func.coalesce(col(Event.published_on), date.min).desc(),
            col(Event.id).desc(),
        ),
    )
    ranked = (
        sa_select(
            col(Event.id).label("id"),
            col(Event.authority_code).label("authority_code"),
            col(Event.kind).label("kind"),
            col(Event.framework_id).label("framework_id"),
            col(Event.fieldwork_start).label("fieldwork_start"),
            col(Event.fieldwork_end).label("fieldwork_end"),
            col(Event.published_on).label("published_on"),
            recency.label("recency"),
        )
        .where(*conditions)
        .subquery()
    )
    query = (
        sa_select(ranked, col(Judgement.area), col(Judgement.grade))
        .join(Judgement, col(Judgement.event_id) == ranked.c.id)
        .where(ranked.c.recency == 1)
        .order_by(ranked.c.id)
    )
    inspections: dict[str, GradedInspection] = {}
    for row in session.execute(query):
        inspection = inspections.get(row.id)
        if inspection is None:
            inspection = inspections[row.id] = GradedInspection(
                event_id=row.id,
                authority_code=row.authority_code,
                kind=EventKind(row.kind),
                framework_id=row.framework_id or "",
                fieldwork_start=row.fieldwork_start,
                fieldwork_end=row.fieldwork_end,
                published_on=row.published_on,
                grades={},
            )
        inspection.grades[JudgementArea(row.area)] = Grade(row.grade)  # type: ignore[index]
    return list(inspections.values())


def open_priority_actions(
    session: Session, caller: Caller, day: date, authority_code: str | None = None
) -> Sequence[PriorityAction]:
    """Priority actions raised and not closed by the end of `day`, from the events the caller
    may see."""
    # EXISTS rather than a join: read from the (few) actions, not from the (many) events.
    of_visible_event = exists().where(
        col(Event.id) == col(PriorityAction.event_id), visible_events(caller, day)
    )
    query = (
        select(PriorityAction)
        .where(
            col(PriorityAction.raised_on) <= day,
            or_(col(PriorityAction.closed_on).is_(None), col(PriorityAction.closed_on) > day),
            of_visible_event,
        )
        .order_by(
            col(PriorityAction.authority_code),
            col(PriorityAction.raised_on),
            col(PriorityAction.position),
        )
    )
    if authority_code is not None:
        query = query.where(col(PriorityAction.authority_code) == authority_code)
    return session.exec(query).all()


def published_events(session: Session) -> Sequence[Event]:
    """Every published event (what an import matches its rows against)."""
    return session.exec(select(Event).where(col(Event.status) == EventStatus.PUBLISHED.value)).all()


def every_judgement(session: Session) -> Sequence[Judgement]:
    return session.exec(select(Judgement)).all()


def visible_by_ids(
    session: Session, caller: Caller, day: date, event_ids: Sequence[str]
) -> Sequence[Event]:
    """Those of these events the caller may see (in no particular order)."""
    if not event_ids:
        return []
    query = select(Event).where(col(Event.id).in_(list(event_ids)), visible_events(caller, day))
    return session.exec(query).all()
