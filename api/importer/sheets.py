"""Opening a release (ODS/XLSX workbook or CSV sheet exports), picking its sheets by name or
content, and cutting each sheet into tables."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from api.importer.columns import Field, Header, is_header_row, read_header
from api.importer.model import UnreadableFile
from api.importer.values import Cell, release_from_text, release_from_year_span, text

WORKBOOK_SUFFIXES = frozenset({".ods", ".xlsx", ".xlsm", ".xlsb", ".xls"})


class Role(StrEnum):
    """What a sheet is; the order is the preference among equally informative rows."""

    HISTORY = "history"
    AS_AT = "as_at"
    IN_YEAR = "in_year"

    @property
    def priority(self) -> int:
        return list(Role).index(self)


_SHEET_NAMES: dict[Role, re.Pattern[str]] = {
    Role.AS_AT: re.compile(
        r"inspections_as_at_31_march(_\d{4})?|inspections_31_march_\d{4}"
        r"|la_level_at_31_mar(ch)?_\d{4}",
        re.IGNORECASE,
    ),
    Role.IN_YEAR: re.compile(
        r"in-year_inspections(_\d{4}-\d{2,4})?|inspections_in_year_\d{4}-\d{2,4}"
        r"|la_level_in_year_\d{4}-\d{2,4}",
        re.IGNORECASE,
    ),
    Role.HISTORY: re.compile(
        r"ilacs_inspection_history(_\d{4}-\d{4})?|ilacs_inspections_\d{4}-\d{4}"
        r"|la_inspections_\d{4}-(\d{4}|20xx)",
        re.IGNORECASE,
    ),
}


def role_for_sheet_name(name: str) -> Role | None:
    for role, pattern in _SHEET_NAMES.items():
        if pattern.fullmatch(name.strip()):
            return role
    return None


@dataclass
class Table:
    header_row: int  # 1-based
    header: Header
    rows: list[tuple[int, list[Cell]]]  # (1-based row number, cells)
    index: int  # 0 = the sheet's first table


@dataclass
class Sheet:
    file: str
    name: str
    role: Role
    rows: list[list[Cell]]
    order: int
    tables: list[Table] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _first_text(self.rows)


@dataclass
class Release:
    release: date
    sheets: list[Sheet]


def _ends_table(row: list[Cell]) -> bool:
    if not row or not text(row[0]) or is_header_row(row):
        return True
    return not any(text(cell) for cell in row[1:])  # a one-cell caption row


def find_tables(sheet: Sheet) -> list[Table]:
    """Tables start after a row whose first cell is 'Web link' and end at the first row whose
    column A is empty (or a caption row, or the next header)."""
    tables: list[Table] = []
    index = 0
    while index < len(sheet.rows):
        row = sheet.rows[index]
        if not is_header_row(row):
            index += 1
            continue
        table = Table(index + 1, read_header(row), [], len(tables))
        index += 1
        while index < len(sheet.rows) and not _ends_table(sheet.rows[index]):
            table.rows.append((index + 1, sheet.rows[index]))
            index += 1
        tables.append(table)
    return tables


def _check_header(sheet: Sheet, table: Table) -> None:
    where = f"{sheet.file}, sheet {sheet.name!r}, row {table.header_row}"
    columns = table.header.columns
    if Field.CODE not in columns and Field.NAME not in columns:
        raise UnreadableFile(f"{where}: header has no local authority name or code column")
    if table.header.wide:
        for ordinal, block in table.header.blocks.items():
            label = f"{ordinal} ILACS" if ordinal else "ILACS framework"
            if Field.TYPE not in block or not {Field.PUBLISHED, Field.DATE} & block.keys():
                raise UnreadableFile(f"{where}: '{label}' columns lack a type or date column")
    elif Field.DATE not in columns:
        raise UnreadableFile(f"{where}: header has no 'Inspection date' column")


def _prepare(sheet: Sheet) -> Sheet:
    sheet.tables = find_tables(sheet)
    if not sheet.tables:
        raise UnreadableFile(
            f"{sheet.file}, sheet {sheet.name!r}: no header row (a row whose first cell is "
            "'Web link')"
        )
    for table in sheet.tables:
        _check_header(sheet, table)
    return sheet


def _first_text(rows: Sequence[Sequence[Cell]]) -> str:
    """A sheet's title: the first non-empty cell of its first three rows."""
    for row in rows[:3]:
        for cell in row:
            if text(cell):
                return text(cell)
    return ""


def _open_workbook(path: Path) -> tuple[list[Sheet], str]:
    """The visible worksheets whose names are those of the release's data sheets (never by
    position: older files hold dozens of hidden or external-reference sheets), and the cover
    sheet's title."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        metadata = workbook.sheets_metadata
    except Exception as exc:  # calamine raises assorted errors for damaged files
        raise UnreadableFile(f"{path.name}: cannot be opened as a spreadsheet ({exc})") from exc
    sheets: list[Sheet] = []
    cover_title = ""
    for sheet_meta in metadata:
        if sheet_meta.visible != SheetVisibleEnum.Visible:
            continue
        if sheet_meta.typ != SheetTypeEnum.WorkSheet:
            continue
        role = role_for_sheet_name(sheet_meta.name)
        is_cover = sheet_meta.name.strip().casefold() == "cover"
        if role is None and not is_cover:
            continue
        try:
            rows = workbook.get_sheet_by_name(sheet_meta.name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise UnreadableFile(
                f"{path.name}, sheet {sheet_meta.name!r}: cannot be read ({exc})"
            ) from exc
        if role is None:
            cover_title = _first_text(rows)
            continue
        sheets.append(_prepare(Sheet(path.name, sheet_meta.name, role, list(rows), len(sheets))))
    if not sheets:
        names = ", ".join(repr(meta.name) for meta in metadata) or "none"
        raise UnreadableFile(
            f"{path.name}: none of the expected sheets (Inspections_as_at_31_March, "
            f"In-year_inspections, ILACS_inspection_history or their older names); sheets: {names}"
        )
    return sheets, cover_title


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path.name}: cannot be read ({exc})") from exc
    if b"\x00" in data:
        raise UnreadableFile(f"{path.name}: not a CSV text file (binary content)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"{path.name}: not a CSV text file ({exc})") from exc


def _csv_role(header: Header, title: str, hint: str) -> Role:
    if header.wide or Field.STATUS in header.columns:
        return Role.HISTORY
    if Field.TYPE not in header.columns:
        return Role.AS_AT
    named = role_for_sheet_name(hint)
    if named is not None and named != Role.AS_AT:
        return named
    if Field.THEME in header.columns or re.search(r"in[ -]year", title, re.IGNORECASE):
        return Role.IN_YEAR
    return Role.HISTORY if "history" in title.casefold() else Role.IN_YEAR


def _open_csv(path: Path, order: int) -> Sheet:
    try:
        rows: list[list[Cell]] = [
            list(record) for record in csv.reader(io.StringIO(_decode(path), newline=""))
        ]
    except csv.Error as exc:
        raise UnreadableFile(f"{path.name}: not a readable CSV file ({exc})") from exc
    stem = path.stem
    hint = stem.split("__", 1)[1] if "__" in stem else stem
    sheet = Sheet(path.name, hint, Role.AS_AT, rows, order)
    sheet.tables = find_tables(sheet)
    if not sheet.tables:
        raise UnreadableFile(
            f"{path.name}: no recognisable Ofsted table (no row whose first cell is 'Web link')"
        )
    sheet.role = _csv_role(sheet.tables[0].header, sheet.title, hint)
    return _prepare(sheet)


def _release_of(path: Path, sheets: Sequence[Sheet], cover_title: str) -> date | None:
    for sheet in sheets:
        if sheet.role == Role.AS_AT:
            found = release_from_text(sheet.title) or release_from_text(sheet.name)
            if found:
                return found
    found = release_from_text(path.stem) or release_from_text(cover_title)
    if found:
        return found
    for sheet in sheets:
        if sheet.role == Role.IN_YEAR:
            found = release_from_year_span(sheet.title) or release_from_year_span(sheet.name)
            if found:
                return found
    return None


def open_release(paths: Sequence[Path]) -> Release:
    """All the sheets of one release: a workbook, or one or more CSV exports of its sheets."""
    if not paths:
        raise UnreadableFile("no file given")
    sheets: list[Sheet] = []
    releases: dict[date, str] = {}
    for path in paths:
        suffix = path.suffix.casefold()
        cover_title = ""
        if suffix in WORKBOOK_SUFFIXES:
            found, cover_title = _open_workbook(path)
        elif suffix == ".csv":
            found = [_open_csv(path, len(sheets))]
        else:
            raise UnreadableFile(f"{path.name}: not an ODS, XLSX or CSV file")
        for sheet in found:
            sheet.order = len(sheets)
            sheets.append(sheet)
        release = _release_of(path, found, cover_title)
        if release is not None:
            releases.setdefault(release, path.name)
    if not releases:
        names = ", ".join(path.name for path in paths)
        raise UnreadableFile(
            f"{names}: cannot tell which release this is (no 'as at' date in the titles or "
            "file name)"
        )
    if len(releases) > 1:
        described = "; ".join(f"{name}: {day.isoformat()}" for day, name in releases.items())
        raise UnreadableFile(f"files from different releases given together ({described})")
    return Release(next(iter(releases)), sheets)
