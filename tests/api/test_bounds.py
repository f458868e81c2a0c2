"""Bounds the document promises are the bounds the server keeps: patterns read the same in
every regex engine, and days stay within 2000-01-01..2100-12-31."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.schemas import PublishBody
from tests.conftest import OWN_AUTHORITY

DOCUMENT = Path(__file__).parents[2] / "openapi" / "openapi.json"
Headers = dict[str, dict[str, str]]
FULLWIDTH_ZERO = "\uff10"


def _document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize(
    "url",
    [
        f"/v1/events?authority=E{FULLWIDTH_ZERO}9000002",
        f"/v1/priority-actions?authority=E{FULLWIDTH_ZERO}9000002",
        f"/v1/authorities/E{FULLWIDTH_ZERO}9000002",
        f"/v1/events/evt_{FULLWIDTH_ZERO}",
        f"/v1/events?fieldwork_from=2026-11-{FULLWIDTH_ZERO}1",
    ],
)
def test_a_non_ascii_digit_is_refused_as_the_document_says(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_report_urls_are_refused_exactly_where_the_documented_pattern_refuses() -> None:
    schema = _document()["components"]["schemas"]["PublishBody"]["properties"]["report_url"]
    pattern = next(s["pattern"] for s in schema["anyOf"] if "pattern" in s)
    # The documented pattern uses only explicit classes, which Python reads as ECMA-262 does.
    documented = re.compile(pattern)
    for character in ("a", "\u00e9", "\u0085", "\u00a0", "\u2028", "\ufeff", "\t", " ", "\x7f"):
        url = f"https://reports.ofsted.gov.uk/provider/44/{character}886"
        allowed = documented.fullmatch(url) is not None
        try:
            PublishBody(published_on="2026-11-20", report_url=url)  # type: ignore[arg-type]
            accepted = True
        except ValidationError:
            accepted = False
        assert accepted == allowed, repr(character)


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("1999-12-31", 422),
        ("2000-01-01", 200),
        ("2100-12-31", 200),
        ("2101-01-01", 422),
        ("0001-01-01", 422),
        ("9999-12-31", 422),
    ],
)
def test_days_in_queries_are_bounded(client: TestClient, day: str, status: int) -> None:
    assert client.get(f"/v1/events?fieldwork_from={day}").status_code == status
    assert client.get(f"/v1/authorities?as_of={day}&limit=1").status_code in (status, 422)


def test_days_in_bodies_are_bounded(client: TestClient, tokens: Headers) -> None:
    plan = {
        "authority_code": OWN_AUTHORITY,
        "kind": "standard_inspection",
        "fieldwork_start": "9999-01-04",
        "fieldwork_end": "9999-01-15",
    }
    response = client.post("/v1/events", json=plan, headers=tokens["admin"])
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"fieldwork_start", "fieldwork_end"}

    planned = client.post(
        "/v1/events",
        json={**plan, "fieldwork_start": "2026-11-02", "fieldwork_end": "2026-11-13"},
        headers=tokens["admin"],
    )
    assert planned.status_code == 201
    started = time.monotonic()
    notified = client.post(
        f"/v1/events/{planned.json()['id']}/notify",
        json={"notified_on": "0001-01-01"},
        headers={**tokens["admin"], "If-Match": planned.headers["etag"]},
    )
    assert notified.status_code == 422
    assert notified.json()["errors"][0]["field"] == "notified_on"
    assert time.monotonic() - started < 1


def test_the_date_pattern_is_exactly_the_days_the_server_accepts() -> None:
    from datetime import date, timedelta

    from api.schemas import DAY_PATTERN, FIRST_DAY, LAST_DAY

    pattern = re.compile(DAY_PATTERN)
    day = date(1999, 12, 1)
    while day <= date(2101, 1, 31):
        assert (pattern.fullmatch(day.isoformat()) is not None) == (FIRST_DAY <= day <= LAST_DAY)
        day += timedelta(days=1)
    for impossible in ("2023-02-29", "2100-02-29", "2024-04-31", "2024-13-01", "2024-00-10"):
        assert pattern.fullmatch(impossible) is None
    assert pattern.fullmatch("2024-02-29")
    assert pattern.fullmatch("2000-02-29")
