"""Tables written as CSV or XLSX, a piece at a time, for the bulk exports.

CSV goes out row by row as it is read. XLSX is a zip that can only be closed once every row is
in: XlsxWriter's constant-memory mode writes the rows to a temporary file as they come, and the
finished file is sent from disk in chunks, so neither format holds the table in memory.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from datetime import date

import xlsxwriter

from api.services.exports import Row, Table, Value

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 64 * 1024
# A text cell a spreadsheet would take for a formula (OWASP's CSV injection advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(table: Table, rows_per_chunk: int = 500) -> Iterator[bytes]:
    """The table as UTF-8 CSV (RFC 4180, a header row first), in chunks of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    for count, row in enumerate(table.rows, start=1):
        writer.writerow([_csv_value(value) for value in row])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _write_row(sheet: xlsxwriter.worksheet.Worksheet, number: int, row: Row, dates: object) -> None:
    for position, value in enumerate(row):
        if value is None:
            continue
        if isinstance(value, date):
            sheet.write_datetime(number, position, value, dates)
        elif isinstance(value, int):
            sheet.write_number(number, position, value)
        else:
            sheet.write_string(number, position, value)  # never read as a formula


def xlsx_chunks(table: Table) -> Iterator[bytes]:
    """The table as an XLSX workbook of one sheet (a header row first; days as dates shown
    YYYY-MM-DD), in chunks."""
    with tempfile.TemporaryFile() as output:
        workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
        sheet = workbook.add_worksheet(table.name)
        bold = workbook.add_format({"bold": True})
        dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for position, column in enumerate(table.columns):
            sheet.write_string(0, position, column.name, bold)
        for number, row in enumerate(table.rows, start=1):
            _write_row(sheet, number, row, dates)
        workbook.close()
        output.seek(0)
        while chunk := output.read(CHUNK):
            yield chunk
