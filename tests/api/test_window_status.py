"""An authority's next window says where it stands on the day asked: `upcoming`, `due`,
`overdue`. Kent's window (from its 2022 inspection, published 5 July 2022) closed on
2026-01-05; the answer moves with the day alone, so every page and ETag built on one day is
never served on the next.
"""

from __future__ import annotations

from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.clock import today
from api.data_version import PUBLIC_DATA_VERSION

KENT = "E10000016"
CLOSED_ON = date(2026, 1, 5)
DAY_AFTER = date(2026, 1, 6)


@pytest.fixture
def on_day(app: FastAPI) -> list[date]:
    """Set the app's clock (the override the suite uses for today) by appending a day."""
    days: list[date] = []
    app.dependency_overrides[today] = lambda: days[-1]
    return days


def kent_of(client: TestClient, url: str) -> dict[str, object]:
    body = client.get(url).json()
    found: dict[str, object] = next(i for i in body["items"] if i["code"] == KENT)
    return found


def test_kents_window_closed_on_5_january_2026(client: TestClient) -> None:
    window = client.get(f"/v1/authorities/{KENT}").json()["next_inspection"]
    assert window["window_end"] == CLOSED_ON.isoformat()
    assert window["status"] == "overdue"  # the suite's today is 2026-11-23
    on = {
        "2025-01-04": "upcoming",
        window["window_start"]: "due",
        CLOSED_ON.isoformat(): "due",
        DAY_AFTER.isoformat(): "overdue",
    }
    for day, status in on.items():
        as_of = client.get(f"/v1/authorities/{KENT}", params={"as_of": day}).json()
        assert (day, as_of["next_inspection"]["status"]) == (day, status)
    assert window["window_start"] == "2025-01-05"


def test_the_status_follows_the_day_everywhere_an_authority_is_shown(client: TestClient) -> None:
    due = {"as_of": CLOSED_ON.isoformat()}
    listed = kent_of(client, f"/v1/authorities?region=south_east&as_of={CLOSED_ON}")
    assert listed["next_inspection"]["status"] == "due"  # type: ignore[index]
    neighbours = client.get("/v1/authorities/E09000004/neighbours", params=due).json()
    kent = next(n for n in neighbours["items"] if n["code"] == KENT)
    assert kent["next_inspection"]["status"] == "due"
    rows = client.get("/v1/exports/authorities.csv", params=due).text.splitlines()
    header = rows[0].split(",")
    kent_row = next(r.split(",") for r in rows if r.startswith(KENT))
    assert kent_row[header.index("next_status")] == "due"
    now = client.get("/v1/exports/authorities.csv").text.splitlines()
    assert next(r.split(",") for r in now if r.startswith(KENT))[header.index("next_status")] == (
        "overdue"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/v1/authorities?region=south_east",
        f"/v1/authorities/{KENT}",
        "/v1/authorities/E09000004/neighbours",
        "/v1/exports/authorities.csv",
    ],
)
def test_a_day_later_the_page_is_new_and_no_304_crosses_the_day(
    client: TestClient, on_day: list[date], monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    # This worker keeps trusting its public data version: only the day moves.
    monkeypatch.setattr(PUBLIC_DATA_VERSION, "ttl", 3600.0)
    on_day.append(CLOSED_ON)
    first = client.get(url)
    etag = first.headers["etag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert "due" in first.text

    on_day.append(DAY_AFTER)
    later = client.get(url, headers={"If-None-Match": etag})
    assert later.status_code == 200
    assert later.headers["etag"] != etag
    assert "overdue" in later.text
    if url.startswith("/v1/authorities?"):
        assert kent_of(client, url)["next_inspection"]["status"] == "overdue"  # type: ignore[index]
        # And back on the first day (a clock set back, or another worker): its own page again.
        on_day.append(CLOSED_ON)
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
