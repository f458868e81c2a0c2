"""Bulk exports: the lists' data as rows, for councils' spreadsheets and data warehouses.

Each export is its list endpoint's items, with the same filters and visibility, one row per
item (judgements: one per event and judgement). Events are read in batches by the list's own
order, so an export holds one batch at a time whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from api.domain.vocabulary import JudgementArea
from api.repositories import events as event_repo
from api.repositories.events import EventFilters
from api.schemas import AuthorityPublic, EventPublic
from api.services.authorities import AuthorityQuery, authority_views
from api.services.events import views_of
from api.visibility import Caller

Value = str | int | date | None
Row = list[Value]
BATCH = 500
AREAS = tuple(area.value for area in JudgementArea)


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True)
class Table:
    """An export: its columns, and its rows, read as they are iterated."""

    name: str
    columns: tuple[Column, ...]
    rows: Iterator[Row]


EVENT_COLUMNS = (
    Column("id", "The event's id"),
    Column("authority_code", "ONS code of the authority"),
    Column("kind", "short_inspection, standard_inspection, focused_visit, monitoring_visit..."),
    Column("status", "planned, notified, on_site, fieldwork_complete, published..."),
    Column("framework", "The framework version it falls under"),
    Column("theme", "A visit's theme, or a JTAI's own (lower_snake, open to new values)"),
    Column("notified_on", "The day the authority was told"),
    Column("fieldwork_start", "First day of fieldwork (planned, then actual)"),
    Column("fieldwork_end", "Last day of fieldwork"),
    Column("published_on", "The day the report or letter was (or will be) published"),
    Column("report_url", "Ofsted's report or letter"),
    Column("status_reason", "Why it was cancelled, deferred or paused"),
    *(Column(area, f"The {area} grade, where you may read it") for area in AREAS),
    Column("priority_actions", "How many areas for priority action its letter raised"),
    Column("inspectorates", "A JTAI's inspectorates taking part, separated by ;"),
    Column(
        "written_statement_required",
        "true or false: whether a JTAI's letter requires a written statement",
    ),
    Column("written_statement_due", "When that statement is due, once the JTAI is published"),
)
JUDGEMENT_COLUMNS = (
    Column("event_id", "The event's id"),
    Column("authority_code", "ONS code of the authority"),
    Column("kind", "The kind of inspection"),
    Column("framework", "The framework version it falls under"),
    Column("fieldwork_start", "First day of fieldwork"),
    Column("published_on", "The day the report was (or will be) published"),
    Column("judgement", "overall_effectiveness, impact_of_leaders, help_and_protection..."),
    Column("grade", "outstanding, good, requires_improvement or inadequate"),
)
AUTHORITY_COLUMNS = (
    Column("code", "ONS code"),
    Column("name", "The authority's name"),
    Column("dfe_number", "The DfE three-digit local authority number"),
    Column("la_type", "county, london_borough, metropolitan, unitary, other"),
    Column("region", "Ofsted region"),
    Column("status", "current or abolished"),
    Column("abolished_on", "The day an abolished council ceased"),
    Column("predecessors", "ONS codes of the councils it replaced, separated by ;"),
    Column("successors", "ONS codes of the councils that replaced it, separated by ;"),
    Column("pathway", "short, standard, monitoring or awaiting_first_inspection"),
    Column("latest_event_id", "Its latest graded inspection"),
    Column("latest_framework", "That inspection's framework version"),
    Column("latest_fieldwork_start", "That inspection's first day of fieldwork"),
    Column("latest_published_on", "The day that inspection was published"),
    *(Column(f"latest_{area}", f"Its latest {area} grade") for area in AREAS),
    Column("next_kind", "The next graded inspection due"),
    Column("next_window_start", "First day of its window"),
    Column("next_window_end", "Last day of its window"),
    Column("next_anchor_date", "The day the window is counted from"),
    Column("open_priority_actions", "Ids of its open priority actions, separated by ;"),
    # Last, so that a reader of the earlier columns by position keeps reading the same ones.
    Column("next_status", "Where the window stands on the day asked: upcoming, due or overdue"),
)


def _event_batches(
    session: Session, caller: Caller, filters: EventFilters, today: date
) -> Iterator[list[EventPublic]]:
    after: tuple[date, str] | None = None
    while True:
        rows = event_repo.list_events(session, caller, today, filters, after=after, limit=BATCH)
        batch = rows[:BATCH]
        if batch:
            yield views_of(session, caller, today, batch)
        if len(rows) <= BATCH:
            return
        after = (batch[-1].fieldwork_start, batch[-1].id)


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _event_row(event: EventPublic) -> Row:
    grades = {area.value: grade.value for area, grade in (event.judgements or {}).items()}
    return [
        event.id,
        event.authority_code,
        event.kind.value,
        event.status.value,
        event.framework,
        event.theme,
        event.notified_on,
        event.fieldwork_start,
        event.fieldwork_end,
        event.published_on,
        event.report_url,
        event.status_reason,
        *(grades.get(area) for area in AREAS),
        len(event.priority_actions),
        ";".join(event.inspectorates) if event.inspectorates is not None else None,
        _yes_no(event.written_statement_required),
        event.written_statement_due,
    ]


def events(session: Session, caller: Caller, filters: EventFilters, today: date) -> Table:
    """The events the caller may see, as /v1/events lists them."""
    rows = (
        _event_row(event)
        for batch in _event_batches(session, caller, filters, today)
        for event in batch
    )
    return Table("events", EVENT_COLUMNS, rows)


def _judgement_rows(batches: Iterator[list[EventPublic]]) -> Iterator[Row]:
    for batch in batches:
        for event in batch:
            for area, grade in sorted((event.judgements or {}).items()):
                yield [
                    event.id,
                    event.authority_code,
                    event.kind.value,
                    event.framework,
                    event.fieldwork_start,
                    event.published_on,
                    area.value,
                    grade.value,
                ]


def judgements(session: Session, caller: Caller, filters: EventFilters, today: date) -> Table:
    """One row per event and judgement, of the grades the caller may read."""
    batches = _event_batches(session, caller, filters, today)
    return Table("judgements", JUDGEMENT_COLUMNS, _judgement_rows(batches))


def _authority_row(authority: AuthorityPublic) -> Row:
    latest, upcoming = authority.latest_judgements, authority.next_inspection
    grades = {area.value: grade.value for area, grade in (latest.grades if latest else {}).items()}
    return [
        authority.code,
        authority.name,
        authority.dfe_number,
        authority.la_type.value,
        authority.region.value,
        authority.status.value,
        authority.abolished_on,
        ";".join(authority.predecessors),
        ";".join(authority.successors),
        authority.pathway.value if authority.pathway else None,
        latest.event_id if latest else None,
        latest.framework if latest else None,
        latest.fieldwork_start if latest else None,
        latest.published_on if latest else None,
        *(grades.get(area) for area in AREAS),
        upcoming.kind.value if upcoming else None,
        upcoming.window_start if upcoming else None,
        upcoming.window_end if upcoming else None,
        upcoming.anchor_date if upcoming else None,
        ";".join(action.id for action in authority.open_priority_actions),
        upcoming.status.value if upcoming else None,
    ]


def authorities(session: Session, caller: Caller, query: AuthorityQuery, today: date) -> Table:
    """Every authority with its standing, as /v1/authorities lists them (153 rows or so)."""
    rows = (_authority_row(a) for a in authority_views(session, caller, query, today))
    return Table("authorities", AUTHORITY_COLUMNS, rows)
