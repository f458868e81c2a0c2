"""Reader for Ofsted's "local authority inspection outcomes" releases (ODS, XLSX or CSV).

`read_release` reads one release (a workbook, or CSV exports of its sheets) into events, one
per inspection or visit, and the rows it could not use; `merge_releases` combines several
releases, the newest winning. FORMAT.md beside this module describes every sheet, header and
quirk it handles.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from api.importer.authorities import AuthorityIndex
from api.importer.model import (
    ImportedEvent,
    ReadResult,
    RejectedRow,
    SourceRef,
    UnreadableFile,
)
from api.importer.rows import Candidate, Family, family_of, grades_for, read_table
from api.importer.sheets import open_release

__all__ = [
    "AuthorityIndex",
    "ImportedEvent",
    "ReadResult",
    "RejectedRow",
    "SourceRef",
    "UnreadableFile",
    "merge_releases",
    "read_release",
]

# A wide history block (publication date only) is the inspection of another sheet of the same
# release when that inspection started at most this long before the publication date (the
# longest real gap 2018-2025 was 225 days, Devon 2024-25).
MAX_PUBLICATION_LAG_DAYS = 366

T = TypeVar("T")


def _cluster(
    items: Sequence[T],
    key: Callable[[T], tuple[str, Family, date]],
    group: Callable[[T], Hashable],
    tolerance_days: int,
) -> list[list[T]]:
    """Groups the same event: same authority and family, start within the tolerance of the
    cluster's first (best) item, never two items of one group. `items` go best first."""
    clusters: dict[tuple[str, Family], list[list[T]]] = {}
    ordered: list[list[T]] = []
    for item in items:
        authority, family, start = key(item)
        best: list[T] | None = None
        best_gap = tolerance_days + 1
        for cluster in clusters.get((authority, family), []):
            gap = abs((key(cluster[0])[2] - start).days)
            if gap < best_gap and all(group(other) != group(item) for other in cluster):
                best, best_gap = cluster, gap
        if best is None:
            best = []
            clusters.setdefault((authority, family), []).append(best)
            ordered.append(best)
        best.append(item)
    return ordered


def _match_publication_dates(undated: list[Candidate], dated: list[Candidate]) -> list[RejectedRow]:
    """Gives wide-history blocks (publication date, no inspection date) the inspection date of
    the same inspection in another sheet of the release: same authority, a graded inspection
    that started before (and not too long before) that publication date, and the same
    publication date if that sheet gives one. Same type and grades are preferred."""
    pairs: list[tuple[tuple[bool, bool, int], int, int]] = []
    for u_index, wide in enumerate(undated):
        published = wide.published
        assert published is not None  # rows.py rejects blocks with neither date
        for d_index, other in enumerate(dated):
            if other.authority != wide.authority or other.family is not Family.GRADED:
                continue
            assert other.start is not None
            lag = (published - other.start).days
            if not 0 <= lag <= MAX_PUBLICATION_LAG_DAYS:
                continue
            if other.published is not None and other.published != published:
                continue
            score = (
                other.kind is not None and other.kind != wide.kind,
                grades_for(wide.judgements, other.start) != other.grades,
                lag,
            )
            pairs.append((score, u_index, d_index))
    taken_wide: set[int] = set()
    taken_dated: set[int] = set()
    for _, u_index, d_index in sorted(pairs):
        if u_index in taken_wide or d_index in taken_dated:
            continue
        start = dated[d_index].start
        assert start is not None
        undated[u_index].date_known(start)
        taken_wide.add(u_index)
        taken_dated.add(d_index)
    rejected = []
    for u_index, wide in enumerate(undated):
        if u_index not in taken_wide:
            assert wide.published is not None
            rejected.append(
                RejectedRow(
                    wide.source,
                    f"sheet {wide.source.sheet!r}, row {wide.source.row} [{wide.label}]: "
                    f"no inspection date in this release: this sheet gives only the "
                    f"publication date ({wide.published:%d/%m/%Y}) and no other sheet of the "
                    f"release lists this inspection ({wide.authority}, {wide.kind})",
                    authority_code=wide.authority,
                    published_on=wide.published,
                )
            )
    return rejected


def _precedence(candidate: Candidate) -> tuple[bool, int, bool, bool, int, int, int]:
    """Most informative first: type, grades, publication date, theme; then history sheets,
    then "as at", then in-year; then sheet and row order."""
    return (
        candidate.kind is None,
        -len(candidate.grades),
        candidate.published is None,
        candidate.theme is None,
        candidate.role.priority,
        candidate.sheet_order,
        candidate.source.row,
    )


def _candidate_key(candidate: Candidate) -> tuple[str, Family, date]:
    assert candidate.start is not None
    return (candidate.authority, candidate.family, candidate.start)


def _combine(cluster: list[Candidate], release: date) -> ImportedEvent | list[RejectedRow]:
    base = cluster[0]
    kind = next((c.kind for c in cluster if c.kind is not None), None)
    assert base.start is not None
    if kind is None:
        return [
            RejectedRow(
                c.source,
                f"sheet {c.source.sheet!r}, row {c.source.row}: no inspection type in this "
                f"release: this sheet has no type column and no other sheet of the release "
                f"lists the inspection of {base.start:%d/%m/%Y}",
            )
            for c in cluster
        ]
    return ImportedEvent(
        authority_code=base.authority,
        kind=kind,
        fieldwork_start=base.start,
        published_on=next((c.published for c in cluster if c.published is not None), None),
        grades=base.grades or next((c.grades for c in cluster if c.grades), base.grades),
        theme=next((c.theme for c in cluster if c.theme is not None), None),
        release=release,
        source=base.source,
        start_estimated=base.start_estimated,
    )


def _event_order(event: ImportedEvent) -> tuple[str, date, str]:
    return (event.authority_code, event.fieldwork_start, event.kind.value)


def _as_paths(path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[Path]:
    if isinstance(path, str | os.PathLike):
        return [Path(path)]
    return [Path(item) for item in path]


def read_release(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    authorities: AuthorityIndex,
    *,
    tolerance_days: int = 7,
) -> ReadResult:
    """Reads one release: an ODS/XLSX workbook, one CSV export of one of its sheets, or a
    sequence of such CSV exports of the same release (read together, as the workbook would
    be). Raises UnreadableFile when a file cannot be used at all."""
    opened = open_release(_as_paths(path))
    candidates: list[Candidate] = []
    rejected: list[RejectedRow] = []
    for sheet in opened.sheets:
        for table in sheet.tables:
            found, refused = read_table(sheet, table, authorities)
            candidates.extend(found)
            rejected.extend(refused)
    dated = [c for c in candidates if c.start is not None]
    undated = [c for c in candidates if c.start is None]
    rejected.extend(_match_publication_dates(undated, dated))
    usable = sorted((c for c in candidates if c.start is not None), key=_precedence)
    events: list[ImportedEvent] = []
    for cluster in _cluster(usable, _candidate_key, lambda c: c.group, tolerance_days):
        combined = _combine(cluster, opened.release)
        if isinstance(combined, ImportedEvent):
            events.append(combined)
        else:
            rejected.extend(combined)
    order = {sheet.name: sheet.order for sheet in opened.sheets}
    rejected.sort(key=lambda r: (order.get(r.source.sheet, 0), r.source.row, r.reason))
    return ReadResult(sorted(events, key=_event_order), rejected)


def _event_key(event: ImportedEvent) -> tuple[str, Family, date]:
    return (event.authority_code, family_of(event.kind), event.fieldwork_start)


def merge_releases(results: Sequence[ReadResult], tolerance_days: int = 7) -> list[ImportedEvent]:
    """One event per inspection or visit across releases.

    Events are the same when they have the same authority, are both graded inspections (or
    visits of the same kind) and start within `tolerance_days` of each other (Ofsted moved some
    start dates by a day between releases). The newest release's values win, including its
    start date and type; a field it lacks (publication date, grades, theme) is taken from the
    next newest release that has it. Two events of one release are never merged."""
    indexed = [event for result in results for event in result.events]
    indexed.sort(key=lambda e: -e.release.toordinal())  # stable: keeps each release's order
    merged: list[ImportedEvent] = []
    for cluster in _cluster(indexed, _event_key, lambda e: e.release, tolerance_days):
        base = cluster[0]
        merged.append(
            replace(
                base,
                published_on=next(
                    (e.published_on for e in cluster if e.published_on is not None), None
                ),
                grades=base.grades or next((e.grades for e in cluster if e.grades), base.grades),
                theme=next((e.theme for e in cluster if e.theme is not None), None),
            )
        )
    return sorted(merged, key=_event_order)
