"""Queries over the sources of events' facts and the files already imported."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlmodel import Session, col, select

from api.domain.provenance import Source, SourceKind
from api.tables import EventFact, ImportedFile, utcnow


def facts_of(session: Session, event_ids: Sequence[str]) -> dict[str, dict[str, EventFact]]:
    """The sources of these events' facts, by event then field: one statement."""
    found: dict[str, dict[str, EventFact]] = defaultdict(dict)
    if not event_ids:
        return found
    rows = session.exec(select(EventFact).where(col(EventFact.event_id).in_(list(event_ids))))
    for fact in rows.all():
        found[fact.event_id][fact.field] = fact
    return found


def every_fact(session: Session) -> dict[str, dict[str, EventFact]]:
    found: dict[str, dict[str, EventFact]] = defaultdict(dict)
    for fact in session.exec(select(EventFact)).all():
        found[fact.event_id][fact.field] = fact
    return found


def source_of(fact: EventFact | None) -> Source | None:
    if fact is None:
        return None
    return Source(SourceKind(fact.source_kind), fact.source_reference, fact.source_as_at)


def put_fact(
    session: Session, stored: EventFact | None, event_id: str, field: str, source: Source
) -> EventFact:
    """Record that the fact's value is now `source`'s word (`stored`: its row, if any)."""
    if stored is None:
        stored = EventFact(
            event_id=event_id,
            field=field,
            source_kind=source.kind.value,
            source_reference="",
            recorded_at=utcnow(),
        )
        session.add(stored)
    stored.source_kind = source.kind.value
    stored.source_reference = source.reference[:300]
    stored.source_as_at = source.as_at
    stored.recorded_at = utcnow()
    return stored


def drop_fact(session: Session, stored: EventFact | None) -> None:
    if stored is not None:
        session.delete(stored)


def imported_file(session: Session, sha256: str) -> ImportedFile | None:
    return session.get(ImportedFile, sha256)


def remember_file(session: Session, sha256: str, name: str, kind: str) -> None:
    session.add(ImportedFile(sha256=sha256, name=name[:300], kind=kind, imported_at=utcnow()))
