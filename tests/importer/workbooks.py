"""Tiny spreadsheet writers for test fixtures (CSV, and minimal ODS/XLSX packages).

Only for writing small synthetic files in tmp_path; the importer itself reads workbooks with
python-calamine.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

Value = str | date | None
Rows = Sequence[Sequence[Value]]


def write_csv(path: Path, rows: Rows) -> Path:
    """A sheet "saved as CSV": dates shown dd/mm/yyyy, rows padded to the widest row."""
    width = max((len(row) for row in rows), default=0)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for row in rows:
            shown = [f"{v:%d/%m/%Y}" if isinstance(v, date) else (v or "") for v in row]
            writer.writerow(shown + [""] * (width - len(shown)))
    return path


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)


def _ods_cell(value: Value) -> str:
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}'
            f'T00:00:00"><text:p>{value:%d/%m/%Y}</text:p></table:table-cell>'
        )
    if not value:
        return "<table:table-cell/>"
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
        "</table:table-cell>"
    )


def write_ods(path: Path, sheets: Mapping[str, Rows], hidden: Collection[str] = ()) -> Path:
    """A minimal ODS with real date cells; sheets in `hidden` are hidden (table:display)."""
    tables = []
    for name, rows in sheets.items():
        style = "hidden" if name in hidden else "shown"
        body = "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        tables.append(
            f"<table:table table:name={quoteattr(name)} table:style-name={quoteattr(style)}>"
            f"{body}</table:table>"
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
        'office:version="1.2"><office:automatic-styles>'
        '<style:style style:name="hidden" style:family="table">'
        '<style:table-properties table:display="false"/></style:style>'
        '<style:style style:name="shown" style:family="table">'
        '<style:table-properties table:display="true"/></style:style>'
        "</office:automatic-styles><office:body><office:spreadsheet>"
        + "".join(tables)
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        package.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        package.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def write_xlsx(path: Path, sheets: Mapping[str, Rows], hidden: Collection[str] = ()) -> Path:
    """A minimal XLSX with inline-string cells (dates written as dd/mm/yyyy text)."""
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1)
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_XLSX_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    state = ' state="hidden"'
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_XLSX_MAIN}" '
        f'xmlns:r="{_XLSX_REL}"><sheets>'
        + "".join(
            f'<sheet name={quoteattr(name)} sheetId="{i}"{state if name in hidden else ""} '
            f'r:id="rId{i}"/>'
            for i, name in enumerate(names, start=1)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_XLSX_REL}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", types)
        package.writestr("_rels/.rels", root_rels)
        package.writestr("xl/workbook.xml", workbook)
        package.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for i, name in enumerate(names, start=1):
            rows = []
            for r, row in enumerate(sheets[name], start=1):
                cells = "".join(
                    f'<c r="{_column(c)}{r}" t="inlineStr"><is><t>'
                    f"{escape(f'{v:%d/%m/%Y}' if isinstance(v, date) else v)}</t></is></c>"
                    for c, v in enumerate(row)
                    if v
                )
                rows.append(f'<row r="{r}">{cells}</row>')
            package.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_XLSX_MAIN}">'
                f"<sheetData>{''.join(rows)}</sheetData></worksheet>",
            )
    return path
