"""Import Ofsted's published outcome releases into the store.

Files are read (and refused whole when unreadable) before anything is written; the rows are
then matched with what the store already holds, in one transaction: the same inspection
(same authority, a graded inspection or the same kind of visit, starting within a few days)
is updated when a newer release says otherwise, and the correction is written to the change
log; a second import of the same files changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from api import changes
from api.domain.errors import DomainError
from api.domain.frameworks import framework_for, is_graded
from api.domain.judgements import validate_grades
from api.domain.vocabulary import ChangeAction, EventKind, EventStatus
from api.ids import new_id
from api.importer import AuthorityIndex, ImportedEvent, RejectedRow, merge_releases, read_release
from api.importer.sheets import open_release
from api.reference import AUTHORITIES_CSV, PREDECESSORS_CSV
from api.repositories import events as event_repo
from api.tables import Event, Judgement, utcnow

ACTOR = "import"
# Ofsted moved some start dates by a day or two between releases.
SAME_INSPECTION_WITHIN_DAYS = 7


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    # Rows one release could not date, for inspections another release given dated.
    superseded: int = 0


def _by_release(paths: Sequence[Path]) -> list[list[Path]]:
    """Workbooks one by one; CSV exports grouped by the release they were saved from, since
    only together do a release's sheets give every inspection its date and type."""
    groups: list[list[Path]] = []
    csv_groups: dict[date, list[Path]] = defaultdict(list)
    for path in paths:
        if path.suffix.casefold() == ".csv":
            csv_groups[open_release([path]).release].append(path)
        else:
            groups.append([path])
    return groups + list(csv_groups.values())


def read_files(paths: Sequence[Path]) -> tuple[list[ImportedEvent], list[RejectedRow], int]:
    """Every event the files hold, merged across releases, the rows refused, and how many
    refused rows another file covered. Raises UnreadableFile."""
    index = AuthorityIndex.from_csv(AUTHORITIES_CSV, PREDECESSORS_CSV)
    results = [read_release(group, index) for group in _by_release(paths)]
    merged = merge_releases(results, SAME_INSPECTION_WITHIN_DAYS)
    published = {(e.authority_code, e.published_on) for e in merged if e.graded}
    rejected = [row for result in results for row in result.rejected]
    kept = [r for r in rejected if (r.authority_code, r.published_on) not in published]
    return merged, kept, len(rejected) - len(kept)


def _family(kind: str) -> str:
    # Ofsted corrected some inspection types between releases (Merton 2022: short/standard).
    return "graded" if is_graded(EventKind(kind)) else kind


def _snapshot(event: Event, grades: dict[str, str]) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "framework": event.framework_id,
        "theme": event.theme,
        "fieldwork_start": event.fieldwork_start.isoformat() if event.fieldwork_start else None,
        "published_on": event.published_on.isoformat() if event.published_on else None,
        "grades": dict(sorted(grades.items())),
    }


class _Store:
    """The published events already stored, indexed for matching, with their grades."""

    def __init__(self, session: Session) -> None:
        events = event_repo.published_events(session)
        self.by_authority: dict[tuple[str, str], list[Event]] = defaultdict(list)
        for event in events:
            self.by_authority[(event.authority_code, _family(event.kind))].append(event)
        self.grades: dict[str, dict[str, Judgement]] = defaultdict(dict)
        for judgement in event_repo.every_judgement(session):
            self.grades[judgement.event_id][judgement.area] = judgement

    def match(self, incoming: ImportedEvent) -> Event | None:
        candidates = self.by_authority.get((incoming.authority_code, _family(incoming.kind)), [])
        near = [
            e
            for e in candidates
            if e.fieldwork_start is not None
            and abs((e.fieldwork_start - incoming.fieldwork_start).days)
            <= SAME_INSPECTION_WITHIN_DAYS
        ]
        near.sort(key=lambda e: abs((e.fieldwork_start or date.min) - incoming.fieldwork_start))
        return near[0] if near else None


def import_events(
    session: Session, incoming: Sequence[ImportedEvent], summary: ImportSummary
) -> None:
    store = _Store(session)
    for imported in incoming:
        try:
            framework = framework_for(imported.kind, imported.fieldwork_start)
            grades: dict[str, str] = {}
            if imported.graded:
                typed, _warnings = validate_grades(
                    framework, imported.kind, {a.value: g.value for a, g in imported.grades.items()}
                )
                grades = {a.value: g.value for a, g in typed.items()}
        except DomainError as error:
            where = f"sheet {imported.source.sheet!r}, row {imported.source.row}"
            summary.rejected.append(RejectedRow(imported.source, f"{where}: {error.detail}"))
            continue
        existing = store.match(imported)
        if existing is None:
            _create(session, imported, framework.id, grades)
            summary.created += 1
        elif existing.source_release and existing.source_release > imported.release:
            summary.unchanged += 1  # the store already holds a newer release's word
        elif _update(session, store, existing, imported, framework.id, grades):
            summary.updated += 1
        else:
            summary.unchanged += 1
    session.flush()


def _create(
    session: Session, imported: ImportedEvent, framework_id: str, grades: dict[str, str]
) -> None:
    now = utcnow()
    event = Event(
        id=new_id("evt"),
        authority_code=imported.authority_code,
        kind=imported.kind.value,
        status=EventStatus.PUBLISHED.value,
        framework_id=framework_id,
        theme=imported.theme.value if imported.theme else None,
        fieldwork_start=imported.fieldwork_start,
        published_on=imported.published_on,
        source="import",
        source_release=imported.release,
        created_at=now,
        updated_at=now,
    )
    session.add(event)
    session.add_all(Judgement(event_id=event.id, area=a, grade=g) for a, g in grades.items())
    changes.record(
        session,
        actor=ACTOR,
        resource_type="event",
        resource_id=event.id,
        action=ChangeAction.IMPORTED,
        after=_snapshot(event, grades),
        version=event.version,
        authority_code=event.authority_code,
        event_id=event.id,
        reason=str(imported.source),
    )


def _update(
    session: Session,
    store: _Store,
    event: Event,
    imported: ImportedEvent,
    framework_id: str,
    grades: dict[str, str],
) -> bool:
    stored = store.grades.get(event.id, {})
    before = _snapshot(event, {a: j.grade for a, j in stored.items()})
    event.kind = imported.kind.value
    event.framework_id = framework_id
    event.theme = imported.theme.value if imported.theme else event.theme
    event.fieldwork_start = imported.fieldwork_start
    event.published_on = imported.published_on or event.published_on
    after = _snapshot(event, grades if grades or not stored else before["grades"])
    if after == before:
        return False
    for area, judgement in stored.items():
        if area not in after["grades"]:
            session.delete(judgement)
    for area, grade in after["grades"].items():
        if area in stored:
            stored[area].grade = grade
        else:
            session.add(Judgement(event_id=event.id, area=area, grade=grade))
    event.source_release = imported.release
    event.version += 1
    event.updated_at = utcnow()
    changes.record(
        session,
        actor=ACTOR,
        resource_type="event",
        resource_id=event.id,
        action=ChangeAction.CORRECTED,
        before=before,
        after=after,
        version=event.version,
        authority_code=event.authority_code,
        event_id=event.id,
        reason=f"newer release: {imported.source}",
    )
    return True


def import_files(session: Session, paths: Sequence[Path]) -> ImportSummary:
    incoming, rejected, superseded = read_files(paths)
    summary = ImportSummary(rejected=rejected, superseded=superseded)
    import_events(session, incoming, summary)
    return summary
