"""Import Ofsted's published outcome releases into the store, fact by fact with its source.

Files are known by their content (SHA-256): one imported before is skipped, and the summary
says so. The others are read (and refused whole when unreadable) before anything is written;
then each release, oldest first, is matched with what the store holds (same authority, a graded
inspection or the same kind of visit, starting within a few days; a SIF inspection, whose start
the releases do not give, by its publication date). Each fact the release gives is weighed
against the stored one by `api.domain.provenance`: it fills what is missing, replaces what it
stands over, and is reported as a disagreement where the stored fact's source stands higher
(an admin's correction). Every change is written to the change log with the source it came from.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from api import changes
from api.domain.errors import DomainError
from api.domain.frameworks import Framework, framework_for, is_graded
from api.domain.judgements import validate_grades
from api.domain.provenance import (
    FACT_FIELDS,
    GRADE_PREFIX,
    Source,
    SourceKind,
    Verdict,
    decide,
    grade_fact,
    stands_over,
)
from api.domain.vocabulary import ChangeAction, EventKind, EventStatus, JudgementArea
from api.ids import new_id
from api.importer import AuthorityIndex, ImportedEvent, ReadResult, RejectedRow, read_release
from api.importer.sheets import open_release
from api.reference import AUTHORITIES_CSV, PREDECESSORS_CSV
from api.repositories import events as event_repo
from api.repositories import provenance as provenance_repo
from api.tables import Event, EventFact, Judgement, utcnow

ACTOR = "import"
# Ofsted moved some start dates by a day or two between releases.
SAME_INSPECTION_WITHIN_DAYS = 7
# The facts an import may give, in the order they are weighed.
_SCALARS = tuple(f for f in FACT_FIELDS if f != "notified_on")


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Disagreement:
    """A source's value for a fact, not applied: the stored value's source stands higher."""

    authority_code: str
    kind: str
    fieldwork_start: date
    fact: str
    stored: object
    stored_source: Source
    offered: object
    offered_source: Source

    def __str__(self) -> str:
        return (
            f"{self.authority_code} {self.kind} of {self.fieldwork_start.isoformat()}: "
            f"{self.fact} stays {_shown(self.stored)} ({self.stored_source.kind}: "
            f"{self.stored_source.reference}); {self.offered_source.kind} "
            f"{self.offered_source.reference} says {_shown(self.offered)}"
        )


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else repr(value)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    # Rows one release could not date, for inspections another release given dated.
    superseded: int = 0
    # Facts a source gave where the record had none.
    filled: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)
    # (file given, the file of the same content imported before)
    already_imported: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Incoming:
    """One event as a source gives it: its facts (None: the source does not say) and, fact by
    fact, the source each comes from (`source` unless `sources` names another)."""

    authority_code: str
    kind: EventKind
    fieldwork_start: date
    source: Source
    published_on: date | None = None
    fieldwork_end: date | None = None
    theme: str | None = None
    report_url: str | None = None
    lead_inspector: str | None = None
    grades: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    # A SIF inspection's start where only its publication date is known.
    start_estimated: bool = False
    describe: str = ""  # where in the source, for messages

    def value(self, name: str) -> Any:
        value = getattr(self, name)
        if isinstance(value, EventKind):
            return value.value
        return value

    def source_of(self, name: str) -> Source:
        return self.sources.get(name, self.source)


@dataclass(frozen=True)
class Outcome:
    event_id: str
    created: bool
    changed: bool
    filled: int


def family(kind: str) -> str:
    # Ofsted corrected some inspection types between releases (Merton 2022: short/standard).
    if kind == EventKind.SIF_INSPECTION.value:
        return kind
    return "graded" if is_graded(EventKind(kind)) else kind


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _snapshot(event: Event, grades: Mapping[str, str]) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "framework": event.framework_id,
        "theme": event.theme,
        "fieldwork_start": _iso(event.fieldwork_start),
        "fieldwork_end": _iso(event.fieldwork_end),
        "published_on": _iso(event.published_on),
        "report_url": event.report_url,
        "lead_inspector": event.lead_inspector,
        "grades": dict(sorted(grades.items())),
    }


class Store:
    """The published events already stored, indexed for matching, with grades and sources."""

    def __init__(self, session: Session) -> None:
        self.by_authority: dict[tuple[str, str], list[Event]] = defaultdict(list)
        self.by_id: dict[str, Event] = {}
        for event in event_repo.published_events(session):
            self.add(event)
        self.grades: dict[str, dict[str, Judgement]] = defaultdict(dict)
        for judgement in event_repo.every_judgement(session):
            self.grades[judgement.event_id][judgement.area] = judgement
        self.facts: dict[str, dict[str, EventFact]] = provenance_repo.every_fact(session)

    def add(self, event: Event) -> None:
        self.by_id[event.id] = event
        self.by_authority[(event.authority_code, family(event.kind))].append(event)

    def _estimated(self, event: Event) -> bool:
        fact = self.facts.get(event.id, {}).get("fieldwork_start")
        return fact is not None and fact.source_kind == SourceKind.ESTIMATE.value

    def match(
        self,
        authority_code: str,
        kind: EventKind,
        start: date,
        published: date | None,
        *,
        start_estimated: bool = False,
        exclude: frozenset[str] = frozenset(),
    ) -> Event | None:
        """The stored event this one is: fieldwork starting within the tolerance, or, where
        either start is an estimate (SIF), the same publication within the tolerance."""
        candidates = [
            e
            for e in self.by_authority.get((authority_code, family(kind.value)), [])
            if e.id not in exclude
        ]
        scored: list[tuple[int, Event]] = []
        for event in candidates:
            by_date = start_estimated or self._estimated(event)
            if not by_date and abs((event.fieldwork_start - start).days) <= (
                SAME_INSPECTION_WITHIN_DAYS
            ):
                scored.append((abs((event.fieldwork_start - start).days), event))
            elif by_date and published and event.published_on:
                gap = abs((event.published_on - published).days)
                if gap <= SAME_INSPECTION_WITHIN_DAYS:
                    scored.append((gap, event))
        scored.sort(key=lambda pair: (pair[0], pair[1].id))
        return scored[0][1] if scored else None


def _as_published(framework: Framework, kind: EventKind) -> Framework:
    """The judgements an imported event must carry: SIF history is taken as published, and
    some SIF inspections lack a judgement (the Isles of Scilly's children looked after, 2016,
    "-"); the overall one, which sets the pathway, is required."""
    if kind is not EventKind.SIF_INSPECTION:
        return framework
    overall = JudgementArea.OVERALL_EFFECTIVENESS
    rest = tuple(a for a in framework.allowed_judgements if a is not overall)
    return replace(framework, judgements=(overall,), optional_judgements=rest)


def checked_grades(incoming: Incoming) -> tuple[str, dict[str, str]]:
    """The framework of the incoming event and its grades, typed; DomainError if they do not
    fit (an ILACS kind before 2018, grades outside the framework)."""
    framework = framework_for(incoming.kind, incoming.fieldwork_start)
    if not incoming.grades:
        return framework.id, {}
    typed, _warnings = validate_grades(
        _as_published(framework, incoming.kind), incoming.kind, incoming.grades
    )
    return framework.id, {a.value: g.value for a, g in typed.items()}


def _record(
    session: Session,
    event: Event,
    action: ChangeAction,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    reason: str,
) -> None:
    changes.record_event(
        session, event, actor=ACTOR, action=action, before=before, after=after, reason=reason
    )


def create(session: Session, store: Store, incoming: Incoming) -> Outcome:
    """A new published event holding the incoming facts, each with its source."""
    framework_id, grades = checked_grades(incoming)
    now = utcnow()
    event = Event(
        id=new_id("evt"),
        authority_code=incoming.authority_code,
        kind=incoming.kind.value,
        status=EventStatus.PUBLISHED.value,
        framework_id=framework_id,
        theme=incoming.theme,
        fieldwork_start=incoming.fieldwork_start,
        fieldwork_end=incoming.fieldwork_end,
        published_on=incoming.published_on,
        report_url=incoming.report_url,
        lead_inspector=incoming.lead_inspector,
        source="import",
        source_release=incoming.source.as_at,
        created_at=now,
        updated_at=now,
    )
    session.add(event)
    judgements = {a: Judgement(event_id=event.id, area=a, grade=g) for a, g in grades.items()}
    session.add_all(judgements.values())
    facts = store.facts.setdefault(event.id, {})
    for name in _SCALARS:
        if incoming.value(name) is not None:
            source = incoming.source_of(name)
            if name == "fieldwork_start" and incoming.start_estimated:
                source = Source(SourceKind.ESTIMATE, _ESTIMATE_REFERENCE)
            facts[name] = provenance_repo.put_fact(session, None, event.id, name, source)
    for area in grades:
        name = grade_fact(area)
        facts[name] = provenance_repo.put_fact(
            session, None, event.id, name, incoming.source_of(name)
        )
    store.add(event)
    store.grades[event.id] = judgements
    _record(
        session,
        event,
        ChangeAction.IMPORTED,
        None,
        _snapshot(event, grades),
        incoming.describe or incoming.source.reference,
    )
    return Outcome(event.id, created=True, changed=True, filled=0)


_ESTIMATE_REFERENCE = (
    "publication date less 12 weeks: the releases give no SIF fieldwork dates; a report's fill it"
)


def _stored_value(event: Event, name: str) -> Any:
    return getattr(event, name)


def merge(
    session: Session, store: Store, event: Event, incoming: Incoming, summary: ImportSummary
) -> Outcome:
    """Weigh each incoming fact against the stored one (api.domain.provenance) and apply what
    stands; what does not is added to the summary's disagreements."""
    facts = store.facts.setdefault(event.id, {})
    stored_grades = store.grades.setdefault(event.id, {})
    grades_before = {a: j.grade for a, j in stored_grades.items()}
    values: dict[str, Any] = {}
    confirmed: dict[str, Source] = {}
    applied: dict[str, Source] = {}
    disagreements: list[Disagreement] = []
    filled = 0

    def weigh(name: str, stored: Any, offered: Any, source: Source) -> None:
        nonlocal filled
        current = provenance_repo.source_of(facts.get(name))
        verdict = decide(stored, current, offered, source)
        if verdict is Verdict.APPLY:
            values[name] = offered
            applied[name] = source
            filled += stored is None
        elif verdict is Verdict.CONFIRM:
            confirmed[name] = source
        elif verdict is Verdict.DISAGREE:
            disagreements.append(
                Disagreement(
                    event.authority_code,
                    event.kind,
                    event.fieldwork_start,
                    name,
                    stored,
                    current or Source(SourceKind.API, "recorded before sources were kept"),
                    offered,
                    source,
                )
            )

    for name in _SCALARS:
        offered = incoming.value(name)
        stored = _stored_value(event, name)
        if name == "fieldwork_start" and incoming.start_estimated:
            # An estimate never moves a date some source gave.
            continue
        weigh(name, stored, offered, incoming.source_of(name))

    offered_grades = incoming.grades
    if offered_grades:
        if set(offered_grades) == set(grades_before) or not grades_before:
            for area, grade in offered_grades.items():
                name = grade_fact(area)
                weigh(name, grades_before.get(area), grade, incoming.source_of(name))
        else:
            # A framework apart (other judgements): the set stands or falls as one.
            strongest = max(
                (
                    s
                    for a in grades_before
                    if (s := provenance_repo.source_of(facts.get(grade_fact(a)))) is not None
                ),
                key=lambda s: s.rank,
                default=None,
            )
            source = incoming.source
            if strongest is None or stands_over(source, strongest):
                for area, grade in offered_grades.items():
                    values[grade_fact(area)] = grade
                    applied[grade_fact(area)] = incoming.source_of(grade_fact(area))
                values["grades"] = dict(offered_grades)
            else:
                disagreements.append(
                    Disagreement(
                        event.authority_code,
                        event.kind,
                        event.fieldwork_start,
                        "grades",
                        grades_before,
                        strongest,
                        dict(offered_grades),
                        source,
                    )
                )

    grades_after = dict(values.pop("grades", None) or grades_before)
    for area in list(offered_grades):
        name = grade_fact(area)
        if name in values:
            grades_after[area] = values.pop(name)
    kind = EventKind(values.get("kind", event.kind))
    start = values.get("fieldwork_start", event.fieldwork_start)
    try:
        framework = framework_for(kind, start)
        if grades_after:
            validate_grades(_as_published(framework, kind), kind, grades_after)
    except DomainError as error:
        summary.disagreements.append(
            Disagreement(
                event.authority_code,
                event.kind,
                event.fieldwork_start,
                "grades",
                grades_before,
                Source(SourceKind.API, "the stored record"),
                f"{dict(offered_grades)} ({error.detail})",
                incoming.source,
            )
        )
        return Outcome(event.id, created=False, changed=False, filled=0)

    summary.disagreements.extend(disagreements)
    for name, source in confirmed.items():
        facts[name] = provenance_repo.put_fact(session, facts.get(name), event.id, name, source)
    if not applied:
        return Outcome(event.id, created=False, changed=False, filled=0)

    before = _snapshot(event, grades_before)
    for name, value in values.items():
        setattr(event, name, value)
    event.framework_id = framework.id
    for area, judgement in list(stored_grades.items()):
        if area not in grades_after:
            session.delete(judgement)
            del stored_grades[area]
            provenance_repo.drop_fact(session, facts.pop(grade_fact(area), None))
    for area, grade in grades_after.items():
        if area in stored_grades:
            stored_grades[area].grade = grade
        else:
            stored_grades[area] = Judgement(event_id=event.id, area=area, grade=grade)
            session.add(stored_grades[area])
    for name, source in applied.items():
        facts[name] = provenance_repo.put_fact(session, facts.get(name), event.id, name, source)
    event.version += 1
    event.updated_at = utcnow()
    replaced = len(applied) > filled
    by = sorted({f"{s.kind} {s.reference}" for s in applied.values()})
    _record(
        session,
        event,
        ChangeAction.CORRECTED if replaced else ChangeAction.SUPPLEMENTED,
        before,
        _snapshot(event, grades_after),
        f"{'; '.join(by)}: {', '.join(sorted(applied))}",
    )
    return Outcome(event.id, created=False, changed=True, filled=filled)


# --- Releases ------------------------------------------------------------------------------


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


def read_files(paths: Sequence[Path]) -> tuple[list[ReadResult], list[RejectedRow], int]:
    """Every release the files hold, oldest first, the rows refused, and how many refused rows
    another file covered. Raises UnreadableFile."""
    index = AuthorityIndex.from_csv(AUTHORITIES_CSV, PREDECESSORS_CSV)
    results = [read_release(group, index) for group in _by_release(paths)]
    results.sort(key=lambda r: min((e.release for e in r.events), default=date.min))
    published = {(e.authority_code, e.published_on) for r in results for e in r.events if e.graded}
    rejected = [row for result in results for row in result.rejected]
    kept = [r for r in rejected if (r.authority_code, r.published_on) not in published]
    return results, kept, len(rejected) - len(kept)


def _release_source(imported: ImportedEvent) -> Source:
    return Source(SourceKind.RELEASE, str(imported.source), imported.release)


def _incoming(imported: ImportedEvent) -> Incoming:
    return Incoming(
        authority_code=imported.authority_code,
        kind=imported.kind,
        fieldwork_start=imported.fieldwork_start,
        published_on=imported.published_on,
        theme=imported.theme.value if imported.theme else None,
        grades={a.value: g.value for a, g in imported.grades.items()},
        source=_release_source(imported),
        start_estimated=imported.start_estimated,
        describe=str(imported.source),
    )


def import_events(session: Session, results: Sequence[ReadResult], summary: ImportSummary) -> None:
    store = Store(session)
    for result in results:
        touched: set[str] = set()  # two events of one release are never the same event
        for imported in result.events:
            incoming = _incoming(imported)
            try:
                checked_grades(incoming)
            except DomainError as error:
                where = f"sheet {imported.source.sheet!r}, row {imported.source.row}"
                summary.rejected.append(RejectedRow(imported.source, f"{where}: {error.detail}"))
                continue
            existing = store.match(
                incoming.authority_code,
                incoming.kind,
                incoming.fieldwork_start,
                incoming.published_on,
                start_estimated=incoming.start_estimated,
                exclude=frozenset(touched),
            )
            if existing is None:
                outcome = create(session, store, incoming)
                summary.created += 1
            else:
                outcome = merge(session, store, existing, incoming, summary)
                summary.updated += outcome.changed
                summary.unchanged += not outcome.changed
                summary.filled += outcome.filled
            touched.add(outcome.event_id)
    session.flush()


def new_files(
    session: Session, paths: Sequence[Path], kind: str, summary: ImportSummary
) -> list[tuple[Path, str]]:
    """The files not imported before (by content), with their digests; the others are noted
    in the summary."""
    fresh: list[tuple[Path, str]] = []
    seen: dict[str, str] = {}
    for path in paths:
        digest = file_digest(path)
        earlier = provenance_repo.imported_file(session, digest)
        if earlier is not None:
            summary.already_imported.append((path.name, earlier.name))
        elif digest in seen:
            summary.already_imported.append((path.name, seen[digest]))
        else:
            seen[digest] = path.name
            fresh.append((path, digest))
    return fresh


def import_files(session: Session, paths: Sequence[Path]) -> ImportSummary:
    """Import Ofsted releases; files already imported (same content) change nothing."""
    summary = ImportSummary()
    fresh = new_files(session, paths, "release", summary)
    if not fresh:
        return summary
    results, rejected, superseded = read_files([path for path, _ in fresh])
    summary.rejected, summary.superseded = rejected, superseded
    import_events(session, results, summary)
    for path, digest in fresh:
        provenance_repo.remember_file(session, digest, path.name, "release")
    session.flush()
    return summary


__all__ = [
    "GRADE_PREFIX",
    "Disagreement",
    "ImportSummary",
    "Incoming",
    "Store",
    "create",
    "file_digest",
    "import_files",
    "merge",
    "new_files",
]
