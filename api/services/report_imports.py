"""Import Ofsted's inspection report PDFs, each file on its own.

A report is read (`api.importer.reports.read_report`) before anything is written, and a file
that is refused writes nothing. A report of an inspection the record holds merges into that
event fact by fact (`api.domain.provenance`: an official release stands over a report, a
report's printed text over the operator's manifest), filling what the record lacks: fieldwork
end, report link, lead inspector, a SIF inspection's real fieldwork dates. Otherwise it
becomes a new published event. Its publication date comes from the report's text or the
manifest, or from the event it merges into; failing all three the file is refused.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session

from api.domain.errors import DomainError
from api.domain.provenance import Source, SourceKind
from api.importer.reports import Report, ReportRefused, read_report
from api.repositories import provenance as provenance_repo
from api.services.imports import (
    Disagreement,
    ImportSummary,
    Incoming,
    Store,
    checked_grades,
    create,
    merge,
    new_files,
)

MANIFEST_COLUMNS = ("file", "published_on", "report_url")
_HTTPS = re.compile(r"https://[^\s\x00]{1,490}")
HOW_TO_DATE = (
    "give its publication date in a manifest: ilacs import FILE.pdf --manifest manifest.csv, "
    "a CSV with the columns file,published_on,report_url (file relative to the manifest, "
    "published_on as YYYY-MM-DD)"
)


class ManifestError(Exception):
    """The manifest cannot be used at all; the message says where and why."""


@dataclass(frozen=True)
class ManifestEntry:
    published_on: date | None
    report_url: str | None


def read_manifest(path: Path) -> dict[Path, ManifestEntry | str]:
    """Each file the manifest names (resolved against the manifest's folder) -> its entry, or
    why its row cannot be used."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(f"{path.name}: cannot be read ({error})") from error
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames is None or "file" not in reader.fieldnames:
        raise ManifestError(f"{path.name}: needs the columns {','.join(MANIFEST_COLUMNS)}")
    entries: dict[Path, ManifestEntry | str] = {}
    for number, row in enumerate(reader, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            continue
        where = f"{path.name}, row {number}"
        published_text = (row.get("published_on") or "").strip()
        url = (row.get("report_url") or "").strip() or None
        key = (path.parent / name).resolve()
        try:
            published = date.fromisoformat(published_text) if published_text else None
        except ValueError:
            entries[key] = f"{where}: published_on {published_text!r} is not YYYY-MM-DD"
            continue
        if url is not None and not _HTTPS.fullmatch(url):
            entries[key] = f"{where}: report_url {url!r} is not an https address"
            continue
        entries[key] = ManifestEntry(published, url)
    return entries


@dataclass
class FileOutcome:
    """What one file did: `status` is created, merged, unchanged, refused or already imported."""

    file: str
    status: str
    detail: str = ""
    filled: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.file}: {self.status}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class ReportImport:
    files: list[FileOutcome] = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        return sum(1 for f in self.files if f.status in statuses)

    @property
    def read(self) -> int:
        return self.count("created", "merged", "unchanged")

    @property
    def refused(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "refused"]

    @property
    def filled(self) -> int:
        return sum(f.filled for f in self.files)

    @property
    def disagreements(self) -> list[Disagreement]:
        return [d for f in self.files for d in f.disagreements]


def _incoming(
    report: Report, code: str, file: str, entry: ManifestEntry | None
) -> tuple[Incoming, Incoming | None]:
    """The report's facts (its own printed publication date, else the manifest's), and the
    manifest's publication date to weigh separately where the report prints one."""
    printed = Source(SourceKind.REPORT, file)
    listed = Source(SourceKind.MANIFEST, file)
    incoming = Incoming(
        authority_code=code,
        kind=report.kind,
        fieldwork_start=report.fieldwork_start,
        fieldwork_end=report.fieldwork_end,
        published_on=report.published_on or (entry.published_on if entry else None),
        report_url=entry.report_url if entry else None,
        lead_inspector=", ".join(report.lead_inspectors)[:200] or None,
        grades={area.value: grade.value for area, grade in report.grades.items()},
        source=printed,
        sources={"report_url": listed},
        describe=f"report {file}",
    )
    if report.published_on is None:
        incoming.sources["published_on"] = listed
    second = None
    if report.published_on and entry and entry.published_on:
        second = Incoming(
            authority_code=code,
            kind=report.kind,
            fieldwork_start=report.fieldwork_start,
            published_on=entry.published_on,
            source=listed,
            describe=f"manifest entry for {file}",
        )
    return incoming, second


def _one(session: Session, store: Store, path: Path, entry: ManifestEntry | None) -> FileOutcome:
    try:
        report = read_report(path)
    except ReportRefused as refused:
        return FileOutcome(path.name, "refused", refused.reason)
    codes = (report.authority_code, *report.joint_authority_codes)
    plans = []
    for code in codes:
        incoming, second = _incoming(report, code, path.name, entry)
        existing = store.match(code, report.kind, report.fieldwork_start, incoming.published_on)
        if existing is None and incoming.published_on is None:
            return FileOutcome(
                path.name,
                "refused",
                f"{path.name}: the report prints no publication date and no manifest gives "
                f"one: {HOW_TO_DATE}",
            )
        if existing is None:
            try:
                checked_grades(incoming)
            except DomainError as error:
                return FileOutcome(path.name, "refused", f"{path.name}: {error.detail}")
        plans.append((existing, incoming, second))
    summary = ImportSummary()
    created, changed = [], False
    for existing, incoming, second in plans:
        if existing is None:
            outcome = create(session, store, incoming)
            created.append(outcome.event_id)
        else:
            outcome = merge(session, store, existing, incoming, summary)
            changed |= outcome.changed
            summary.filled += outcome.filled
        if second is not None:
            event = store.by_id[outcome.event_id]
            changed |= merge(session, store, event, second, summary).changed
    described = (
        f"{report.kind.value} of {', '.join(codes)}, fieldwork "
        f"{report.fieldwork_start.isoformat()} to {report.fieldwork_end.isoformat()}"
    )
    if created:
        status, detail = "created", f"{described}; new event {', '.join(created)}"
    elif changed:
        status, detail = "merged", f"{described}; {summary.filled} fact(s) filled"
    else:
        status, detail = "unchanged", f"{described}; the record already holds all it says"
    if summary.disagreements:
        detail += f"; {len(summary.disagreements)} disagreement(s)"
    return FileOutcome(path.name, status, detail, summary.filled, summary.disagreements)


def import_reports(
    session: Session, paths: Sequence[Path], manifest: Path | None = None
) -> ReportImport:
    """Import report PDFs one by one; raises ManifestError when the manifest is unusable."""
    entries = read_manifest(manifest) if manifest else {}
    result = ReportImport()
    skipped = ImportSummary()
    fresh = dict(new_files(session, paths, "report", skipped))
    for given, earlier in skipped.already_imported:
        result.files.append(
            FileOutcome(given, "already imported", f"same content as {earlier}: nothing changed")
        )
    store = Store(session)
    for path, digest in fresh.items():
        entry = entries.get(path.resolve())
        if isinstance(entry, str):
            result.files.append(FileOutcome(path.name, "refused", entry))
            continue
        outcome = _one(session, store, path, entry)
        result.files.append(outcome)
        if outcome.status != "refused":
            provenance_repo.remember_file(session, digest, path.name, "report")
        session.flush()
    return result


__all__ = [
    "HOW_TO_DATE",
    "FileOutcome",
    "ManifestError",
    "ReportImport",
    "import_reports",
    "read_manifest",
]
