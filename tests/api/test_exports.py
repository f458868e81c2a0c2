"""GET /v1/exports/...: the lists' items as CSV and XLSX rows, for the same filters and caller."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient

from api.domain.vocabulary import JudgementArea
from api.services import exports
from tests.api.test_role_matrix import INSPECTIONS, bring_about
from tests.conftest import OWN_AUTHORITY

Json = dict[str, Any]
AREAS = [area.value for area in JudgementArea]


def cell(value: object) -> str:
    return "" if value is None else str(value)


def listed(client: TestClient, headers: Mapping[str, str], path: str) -> list[Json]:
    items: list[Json] = []
    cursor = None
    while True:
        params = {"limit": "500", **({"cursor": cursor} if cursor else {})}
        sep = "&" if "?" in path else "?"
        query = "&".join(f"{k}={v}" for k, v in params.items())
        body = client.get(f"{path}{sep}{query}", headers=dict(headers)).json()
        items += body["items"]
        if (cursor := body["next_cursor"]) is None:
            return items


def csv_rows(client: TestClient, headers: Mapping[str, str], path: str) -> list[list[str]]:
    response = client.get(path, headers=dict(headers))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.text)))


def event_row(item: Json) -> list[str]:
    fields = ["id", "authority_code", "kind", "status", "framework", "theme", "notified_on"]
    fields += ["fieldwork_start", "fieldwork_end", "published_on", "report_url", "status_reason"]
    grades = item["judgements"] or {}
    return [
        *(cell(item[f]) for f in fields),
        *(cell(grades.get(a)) for a in AREAS),
        str(len(item["priority_actions"])),
        ";".join(item["inspectorates"]) if item["inspectorates"] is not None else "",
        {None: "", True: "true", False: "false"}[item["written_statement_required"]],
        cell(item["written_statement_due"]),
    ]


def judgement_rows(item: Json) -> list[list[str]]:
    fixed = [item["id"], item["authority_code"], item["kind"], cell(item["framework"])]
    fixed += [item["fieldwork_start"], cell(item["published_on"])]
    return [[*fixed, area, grade] for area, grade in sorted((item["judgements"] or {}).items())]


def authority_row(item: Json) -> list[str]:
    latest, upcoming = item["latest_judgements"] or {}, item["next_inspection"] or {}
    grades = latest.get("grades", {})
    return [
        *(cell(item[f]) for f in ("code", "name", "dfe_number", "la_type", "region", "status")),
        cell(item["abolished_on"]),
        ";".join(item["predecessors"]),
        ";".join(item["successors"]),
        cell(item["pathway"]),
        *(cell(latest.get(f)) for f in ("event_id", "framework", "fieldwork_start")),
        cell(latest.get("published_on")),
        *(cell(grades.get(a)) for a in AREAS),
        *(cell(upcoming.get(f)) for f in ("kind", "window_start", "window_end", "anchor_date")),
        ";".join(a["id"] for a in item["open_priority_actions"]),
        cell(upcoming.get("status")),
    ]


def xlsx_rows(content: bytes) -> list[list[str]]:
    """The first sheet's cells as text (dates as YYYY-MM-DD), read with the standard library."""
    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    formats = [x.get("numFmtId") for x in styles.findall("x:cellXfs/x:xf", ns)]
    rows = []
    for row in sheet.findall("x:sheetData/x:row", ns):
        cells: dict[int, str] = {}
        for c in row.findall("x:c", ns):
            ref = "".join(ch for ch in c.get("r", "") if ch.isalpha())
            column = 0
            for ch in ref:
                column = column * 26 + ord(ch) - 64
            if c.get("t") == "inlineStr":
                text = "".join(t.text or "" for t in c.iter(f"{{{ns['x']}}}t"))
            else:
                value = c.findtext("x:v", default="", namespaces=ns)
                style = int(c.get("s", "0"))
                is_date = formats[style] not in ("0", None)
                serial = int(float(value))
                text = str(date(1899, 12, 30) + timedelta(serial)) if is_date else str(serial)
            cells[column - 1] = text
        width = max(cells) + 1 if cells else 0
        rows.append([cells.get(i, "") for i in range(width)])
    # A sheet holds no trailing empty cells: a row is as wide as its header.
    return [row + [""] * (len(rows[0]) - len(row)) for row in rows] if rows else rows


@pytest.fixture
def planned(client: TestClient, tokens: dict[str, dict[str, str]]) -> str:
    """A planned inspection and a published one at Barking and Dagenham."""
    bring_about(client, tokens["inspector"], INSPECTIONS["published"])
    return str(bring_about(client, tokens["inspector"], INSPECTIONS["planned"])["id"])


@pytest.mark.parametrize("caller", ["public", "authority", "inspector"])
def test_exported_events_and_judgements_are_the_listed_events(
    client: TestClient, tokens: dict[str, dict[str, str]], planned: str, caller: str
) -> None:
    who = tokens[caller]
    for query in (f"?authority={OWN_AUTHORITY}", "?region=london&kind=standard_inspection", ""):
        items = listed(client, who, f"/v1/events{query}")
        header, *rows = csv_rows(client, who, f"/v1/exports/events.csv{query}")
        assert header == [c.name for c in exports.EVENT_COLUMNS]
        assert rows == [event_row(item) for item in items]
        header, *rows = csv_rows(client, who, f"/v1/exports/judgements.csv{query}")
        assert header == [c.name for c in exports.JUDGEMENT_COLUMNS]
        assert rows == [row for item in items for row in judgement_rows(item)]
    exported = [row[0] for row in csv_rows(client, who, "/v1/exports/events.csv")]
    assert (planned in exported) is (caller == "inspector")


@pytest.mark.parametrize("query", ["", "?region=london", "?pathway=short&as_of=2024-03-31"])
def test_exported_authorities_are_the_listed_authorities(
    client: TestClient, tokens: dict[str, dict[str, str]], planned: str, query: str
) -> None:
    for who in (tokens["public"], tokens["authority"]):
        items = listed(client, who, f"/v1/authorities{query}")
        header, *rows = csv_rows(client, who, f"/v1/exports/authorities.csv{query}")
        assert header == [c.name for c in exports.AUTHORITY_COLUMNS]
        assert rows == [authority_row(item) for item in items]


@pytest.mark.parametrize("name", ["events", "judgements", "authorities"])
def test_the_spreadsheet_holds_the_rows_of_the_csv(
    client: TestClient, tokens: dict[str, dict[str, str]], planned: str, name: str
) -> None:
    who = tokens["authority"]
    query = "?region=london" if name != "authorities" else "?la_type=london_borough"
    response = client.get(f"/v1/exports/{name}.xlsx{query}", headers=who)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert response.headers["content-disposition"] == f'attachment; filename="{name}.xlsx"'
    assert xlsx_rows(response.content) == csv_rows(client, who, f"/v1/exports/{name}.csv{query}")


def test_an_export_reads_events_batch_by_batch(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = client.get("/v1/exports/judgements.csv").text
    monkeypatch.setattr(exports, "BATCH", 7)
    assert client.get("/v1/exports/judgements.csv").text == whole
    assert len(whole.splitlines()) > 1000


def test_an_export_is_a_304_until_something_the_caller_may_see_changes(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    first = client.get("/v1/exports/events.csv")
    etag = first.headers["etag"]
    assert client.get("/v1/exports/events.csv", headers={"If-None-Match": etag}).status_code == 304

    bring_about(client, tokens["inspector"], INSPECTIONS["planned"])  # hidden from the public
    assert client.get("/v1/exports/events.csv", headers={"If-None-Match": etag}).status_code == 304

    bring_about(client, tokens["inspector"], INSPECTIONS["published"])
    changed = client.get("/v1/exports/events.csv", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    other = client.get(
        "/v1/exports/events.xlsx", headers={"If-None-Match": changed.headers["etag"]}
    )
    assert other.status_code == 200, "the spreadsheet's ETag is the CSV's"


def test_a_formula_is_never_exported_as_one() -> None:
    table = exports.Table("t", (exports.Column("a", ""),), iter([["=HYPERLINK(1)"], ["plain"]]))
    from api.web.tabular import csv_chunks

    assert b"".join(csv_chunks(table)) == b"a\r\n'=HYPERLINK(1)\r\nplain\r\n"
