"""The importer's output records: what one spreadsheet row became, or why it was refused."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from api.domain.frameworks import GRADED_KINDS
from api.domain.vocabulary import EventKind, Grade, JudgementArea, Theme


@dataclass(frozen=True)
class SourceRef:
    """Where a row came from, for messages and the change log."""

    file: str  # file name only
    sheet: str
    row: int  # 1-based spreadsheet row number

    def __str__(self) -> str:
        return f"{self.file}, sheet {self.sheet!r}, row {self.row}"


@dataclass(frozen=True)
class ImportedEvent:
    """One ILACS inspection or visit as Ofsted published it."""

    authority_code: str  # ONS code (current code, or the abolished council's own code)
    kind: EventKind
    fieldwork_start: date  # Ofsted's "Inspection date" / "Inspection/Visit date"
    published_on: date | None
    # Empty for visits; excluded from the hash (a mapping is not hashable).
    grades: Mapping[JudgementArea, Grade] = field(hash=False)
    theme: Theme | None  # visits only
    release: date  # the release's "as at" date
    source: SourceRef
    # A SIF inspection: the releases give its publication date only, and `fieldwork_start`
    # is an estimate from it (see rows.sif_start_estimate).
    start_estimated: bool = False

    @property
    def graded(self) -> bool:
        return self.kind in GRADED_KINDS


@dataclass(frozen=True)
class RejectedRow:
    """A row (or one inspection block of a wide row) that could not be imported.

    `reason` starts with where in the file it is (sheet, row, column). Where a row names an
    inspection without its date, `authority_code` and `published_on` say which, so that a
    caller holding that inspection from another release can tell the row was superseded.
    """

    source: SourceRef
    reason: str
    authority_code: str | None = None
    published_on: date | None = None

    def __str__(self) -> str:
        return f"{self.source.file}, {self.reason}"


@dataclass(frozen=True)
class ReadResult:
    events: list[ImportedEvent]
    rejected: list[RejectedRow]


class UnreadableFile(Exception):
    """The whole file is refused; the message names the file (and sheet/row where relevant)."""
