"""Turning the rows of one table into candidate events (or rejected rows)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

from api.domain.frameworks import GRADED_KINDS, get_framework
from api.domain.vocabulary import EventKind, Grade, JudgementArea, Theme
from api.importer.authorities import AuthorityIndex
from api.importer.columns import JUDGEMENT_FIELDS, SIF_JUDGEMENT_FIELDS, Field
from api.importer.model import RejectedRow, SourceRef
from api.importer.sheets import Role, Sheet, Table
from api.importer.values import (
    Cell,
    CellError,
    is_null,
    means_not_inspected,
    parse_date,
    parse_grade,
    parse_kind,
    parse_theme,
    text,
)

# The separate care leavers judgement exists for inspections starting on or after this day;
# before it, "children in care" held the combined "children in care and care leavers" one.
CARE_LEAVERS_JUDGEMENT_FROM = date(2023, 1, 1)

_AREAS = {
    Field.OVERALL: JudgementArea.OVERALL_EFFECTIVENESS,
    Field.LEADERS: JudgementArea.IMPACT_OF_LEADERS,
    Field.HELP: JudgementArea.HELP_AND_PROTECTION,
    Field.CHILDREN_IN_CARE: JudgementArea.CHILDREN_IN_CARE,
    Field.CARE_LEAVERS: JudgementArea.CARE_LEAVERS,
    Field.CHILDREN_IN_CARE_AND_CARE_LEAVERS: JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
    Field.SIF_CHILDREN_LOOKED_AFTER: JudgementArea.CHILDREN_LOOKED_AFTER,
    Field.SIF_ADOPTION: JudgementArea.ADOPTION,
    Field.SIF_CARE_LEAVERS: JudgementArea.CARE_LEAVERS,
    Field.SIF_LEADERSHIP: JudgementArea.LEADERSHIP_MANAGEMENT_GOVERNANCE,
}
# Where a release gives a SIF inspection's publication date only, its fieldwork is taken to
# have started this long before (four real SIF reports: 11 to 19 weeks); a report's own dates
# replace the estimate when imported.
SIF_PUBLICATION_LAG = timedelta(weeks=12)


def sif_start_estimate(published_on: date) -> date:
    """A SIF inspection's estimated fieldwork start, kept within the framework's dates."""
    sif = get_framework("sif-2013")
    assert sif.ends_on is not None
    return min(max(published_on - SIF_PUBLICATION_LAG, sif.starts_on), sif.ends_on)


class Family(StrEnum):
    """Events that can be the same event: any two graded inspections, or visits of one kind."""

    GRADED = "graded"
    SIF = "sif_inspection"  # never the same event as an ILACS inspection
    FOCUSED_VISIT = "focused_visit"
    MONITORING_VISIT = "monitoring_visit"


def family_of(kind: EventKind | None) -> Family:
    if kind is EventKind.SIF_INSPECTION:
        return Family.SIF
    if kind is None or kind in GRADED_KINDS:
        return Family.GRADED
    return Family(kind.value)


def grades_for(
    judgements: dict[Field, Grade], start: date
) -> MappingProxyType[JudgementArea, Grade]:
    """Sheet judgements -> areas; before 2023 'children in care' is the combined judgement."""
    grades: dict[JudgementArea, Grade] = {}
    for name in (*JUDGEMENT_FIELDS, *SIF_JUDGEMENT_FIELDS):
        grade = judgements.get(name)
        if grade is None:
            continue
        area = _AREAS[name]
        if area is JudgementArea.CHILDREN_IN_CARE and start < CARE_LEAVERS_JUDGEMENT_FROM:
            area = JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS
        grades.setdefault(area, grade)
    return MappingProxyType(grades)


@dataclass
class Candidate:
    """One row's (or wide block's) reading of an event, before matching and de-duplication."""

    authority: str
    kind: EventKind | None  # None: a graded inspection whose type this sheet does not give
    start: date | None  # None: a wide history block, which gives only the publication date
    published: date | None
    judgements: dict[Field, Grade]
    theme: Theme | None
    source: SourceRef
    role: Role
    sheet_order: int
    label: str = ""  # "First ILACS", "Second ILACS", ... for wide history blocks
    start_estimated: bool = False  # a SIF block: its start estimated from its publication
    grades: MappingProxyType[JudgementArea, Grade] = field(
        default_factory=lambda: MappingProxyType({})
    )

    @property
    def family(self) -> Family:
        return family_of(self.kind)

    @property
    def group(self) -> tuple[str, str]:
        """Candidates of one sheet are never the same event as each other."""
        return (self.source.file, self.source.sheet)

    def date_known(self, start: date) -> None:
        self.start = start
        self.grades = grades_for(self.judgements, start)


T = TypeVar("T")


class _Reject(Exception):
    pass


class _UnknownAuthority(_Reject):
    pass


def _cell(row: list[Cell], index: int | None) -> Cell | None:
    if index is None or index >= len(row):
        return None
    return row[index]


class _Row:
    """One data row: cell access with rejections that name sheet, row, column and value."""

    def __init__(self, sheet: Sheet, table: Table, number: int, cells: list[Cell]) -> None:
        self.sheet, self.table, self.cells = sheet, table, cells
        self.source = SourceRef(sheet.file, sheet.name, number)

    def where(self, index: int | None = None, label: str = "") -> str:
        where = f"sheet {self.sheet.name!r}, row {self.source.row}"
        if index is not None:
            where += f", column {self.table.header.name(index)!r}"
        return f"{where} [{label}]" if label else where

    def get(self, index: int | None, parse: Callable[[Cell | None], T], label: str = "") -> T:
        try:
            return parse(_cell(self.cells, index))
        except CellError as exc:
            raise _Reject(f"{self.where(index, label)}: {exc}") from None

    def judgements(
        self,
        columns: dict[Field, int],
        label: str = "",
        fields: tuple[Field, ...] = JUDGEMENT_FIELDS,
    ) -> dict[Field, Grade]:
        found: dict[Field, Grade] = {}
        for name in fields:
            grade = self.get(columns.get(name), parse_grade, label)
            if grade is not None:
                found[name] = grade
        return found

    def authority(self, authorities: AuthorityIndex) -> str:
        columns = self.table.header.columns
        code = text(_cell(self.cells, columns.get(Field.CODE)))
        name = text(_cell(self.cells, columns.get(Field.NAME)))
        status = text(_cell(self.cells, columns.get(Field.STATUS))).casefold()
        # "No longer exists", or the second table of a history sheet ("...existed before the
        # restructure"): an abolished council, which keeps its own code.
        abolished = "no longer" in status or (
            self.sheet.role is Role.HISTORY and self.table.index > 0
        )
        found = authorities.resolve(code or None, name or None, abolished=abolished)
        if found is None:
            index = columns.get(Field.NAME, columns.get(Field.CODE))
            described = " / ".join(repr(v) for v in (code, name) if v) or "(empty)"
            extra = " (an abolished council)" if abolished else ""
            raise _UnknownAuthority(
                f"{self.where(index)}: unknown local authority {described}{extra}"
            )
        return found

    def candidate(
        self,
        authority: str,
        kind: EventKind | None,
        start: date | None,
        published: date | None,
        judgements: dict[Field, Grade],
        theme: Theme | None,
        label: str = "",
    ) -> Candidate:
        graded = family_of(kind) in (Family.GRADED, Family.SIF)
        found = Candidate(
            authority=authority,
            kind=kind,
            start=None,
            published=published,
            judgements=judgements if graded else {},
            theme=None if graded else theme,
            source=self.source,
            role=self.sheet.role,
            sheet_order=self.sheet.order,
            label=label,
        )
        if start is not None:
            found.date_known(start)
        return found


def _check_order(
    row: _Row, start: date | None, published: date | None, column: int | None, label: str = ""
) -> None:
    if start is not None and published is not None and published < start:
        raise _Reject(
            f"{row.where(column, label)}: publication date {published:%d/%m/%Y} is before the "
            f"inspection date {start:%d/%m/%Y}"
        )


def _plain_row(row: _Row, authorities: AuthorityIndex) -> Candidate | None:
    """A row of an "as at", in-year or long history table: one event per row."""
    columns = row.table.header.columns
    date_column = columns.get(Field.DATE)
    if means_not_inspected(_cell(row.cells, date_column)):
        return None  # "Not yet inspected" / "No full inspection"
    start = row.get(date_column, parse_date)
    published = row.get(columns.get(Field.PUBLISHED), parse_date)
    kind = row.get(columns.get(Field.TYPE), parse_kind)
    judgements = row.judgements(columns)
    theme = row.get(columns.get(Field.THEME), parse_theme)
    if start is None:
        if kind is None and published is None and theme is None and not judgements:
            return None  # an authority with no inspection to report
        raise _Reject(f"{row.where(date_column)}: no inspection date")
    if Field.TYPE in columns and kind is None:
        raise _Reject(f"{row.where(columns[Field.TYPE])}: no inspection or visit type")
    _check_order(row, start, published, columns.get(Field.PUBLISHED))
    authority = row.authority(authorities)
    return row.candidate(authority, kind, start, published, judgements, theme)


def _wide_row(row: _Row, authorities: AuthorityIndex) -> list[Candidate | RejectedRow]:
    """A row of a wide history table: one graded inspection per "First/Second ILACS" block."""
    found: list[Candidate | RejectedRow] = []
    authority: str | None = None
    for ordinal, block in row.table.header.blocks.items():
        label = f"{ordinal} ILACS" if ordinal else "ILACS framework"
        if all(is_null(_cell(row.cells, index)) for index in block.values()):
            continue
        try:
            kind = row.get(block.get(Field.TYPE), parse_kind, label)
            published = row.get(block.get(Field.PUBLISHED), parse_date, label)
            start = row.get(block.get(Field.DATE), parse_date, label)
            judgements = row.judgements(block, label)
            if kind is None:
                raise _Reject(f"{row.where(block[Field.TYPE], label)}: no inspection type")
            if kind not in GRADED_KINDS:
                raise _Reject(
                    f"{row.where(block[Field.TYPE], label)}: {kind.value} in a history of "
                    "graded inspections"
                )
            if start is None and published is None:
                raise _Reject(f"{row.where(label=label)}: no inspection or publication date")
            _check_order(row, start, published, block.get(Field.PUBLISHED), label)
            authority = authority or row.authority(authorities)
        except _UnknownAuthority as exc:
            found.append(RejectedRow(row.source, str(exc)))
            return found  # one message per row is enough
        except _Reject as exc:
            found.append(RejectedRow(row.source, str(exc)))
            continue
        found.append(row.candidate(authority, kind, start, published, judgements, None, label))
    return found + _sif_blocks(row, authorities, authority)


def _sif_blocks(
    row: _Row, authorities: AuthorityIndex, authority: str | None
) -> list[Candidate | RejectedRow]:
    """The SIF inspections of a wide history row (2022 and 2023 releases): one per "First SIF"
    / "SIF Re-inspection" block, dated by publication (its start estimated from it) unless the
    block gives an inspection date."""
    found: list[Candidate | RejectedRow] = []
    for label, block in row.table.header.sif_blocks.items():
        if all(is_null(_cell(row.cells, index)) for index in block.values()):
            continue
        try:
            published = row.get(block.get(Field.PUBLISHED), parse_date, label)
            start = row.get(block.get(Field.DATE), parse_date, label)
            judgements = row.judgements(block, label, SIF_JUDGEMENT_FIELDS)
            if start is None and published is None:
                raise _Reject(f"{row.where(label=label)}: no publication date")
            if not judgements:
                raise _Reject(f"{row.where(label=label)}: no judgement")
            _check_order(row, start, published, block.get(Field.PUBLISHED), label)
            authority = authority or row.authority(authorities)
        except _UnknownAuthority as exc:
            return [*found, RejectedRow(row.source, str(exc))]
        except _Reject as exc:
            found.append(RejectedRow(row.source, str(exc)))
            continue
        estimated = start is None
        if start is None:
            assert published is not None
            start = sif_start_estimate(published)
        candidate = row.candidate(
            authority, EventKind.SIF_INSPECTION, start, published, judgements, None, label
        )
        candidate.start_estimated = estimated
        found.append(candidate)
    return found


def read_table(
    sheet: Sheet, table: Table, authorities: AuthorityIndex
) -> tuple[list[Candidate], list[RejectedRow]]:
    candidates: list[Candidate] = []
    rejected: list[RejectedRow] = []
    for number, cells in table.rows:
        row = _Row(sheet, table, number, cells)
        if table.header.wide:
            for item in _wide_row(row, authorities):
                if isinstance(item, Candidate):
                    candidates.append(item)
                else:
                    rejected.append(item)
            continue
        try:
            candidate = _plain_row(row, authorities)
        except _Reject as exc:
            rejected.append(RejectedRow(row.source, str(exc)))
            continue
        if candidate is not None:
            candidates.append(candidate)
    return candidates, rejected
