"""Keeping the sources of events' facts as they are written, and showing them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from api.domain.provenance import (
    FACT_FIELDS,
    GRADE_PREFIX,
    PRECEDENCE,
    Source,
    SourceKind,
    grade_fact,
)
from api.repositories import provenance as repo
from api.schemas import EventSource
from api.tables import EventFact


def _flat(snapshot: Mapping[str, Any] | None) -> dict[str, Any]:
    if not snapshot:
        return {}
    flat = {field: snapshot[field] for field in FACT_FIELDS if field in snapshot}
    for area, grade in (snapshot.get("grades") or {}).items():
        flat[grade_fact(area)] = grade
    return flat


def note_written(
    session: Session,
    event_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    source: Source,
) -> None:
    """The facts a write changed (snapshots before and after it) are now `source`'s word."""
    old, new = _flat(before), _flat(after)
    if not new:
        return
    changed = [f for f, v in new.items() if old.get(f) != v]
    regraded = "grades" in (after or {})
    gone = [f for f in old if f.startswith(GRADE_PREFIX) and f not in new and regraded]
    if not changed and not gone:
        return
    stored = repo.facts_of(session, [event_id]).get(event_id, {})
    for field in changed:
        if new[field] is None:
            repo.drop_fact(session, stored.get(field))
        else:
            repo.put_fact(session, stored.get(field), event_id, field, source)
    for field in gone:
        repo.drop_fact(session, stored.get(field))


def sources_view(facts: Mapping[str, EventFact], grades_shown: bool) -> list[EventSource]:
    """The event's sources, each with the fields whose value is its word, strongest first."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for field, fact in sorted(facts.items()):
        if field.startswith(GRADE_PREFIX) and not grades_shown:
            continue
        grouped.setdefault((fact.source_kind, fact.source_reference), []).append(field)
    views = [
        EventSource(kind=SourceKind(kind), reference=reference, fields=fields)
        for (kind, reference), fields in grouped.items()
    ]
    views.sort(key=lambda v: (-PRECEDENCE[v.kind], v.reference))
    return views
