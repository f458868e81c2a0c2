"""GET /v1/changes: a client that syncs from the feed holds what the lists show, and an
embargoed result reaches the public on its publication day, after what it read the day before.

The clock is the app's `today` dependency: these tests move it a day on to lift an embargo.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.clock import today
from tests.api.test_role_matrix import (
    CLOSING,
    INSPECTIONS,
    VISITS,
    Recipe,
    bring_about,
    graded,
    letter,
)
from tests.conftest import OWN_AUTHORITY, TEST_TODAY

Json = dict[str, Any]
Key = tuple[str, str]
TOMORROW = TEST_TODAY + timedelta(days=1)
# Past the draft plans' deadlines of the world's letter (2026-11-18) and some windows' ends.
LATER = date(2027, 1, 11)
# Graded, and published today with its report out tomorrow: embargoed until then.
EMBARGOED = Recipe(
    "standard_inspection",
    ("2026-11-02", "2026-11-13"),
    notified_on="2026-10-26",
    finding=graded("inadequate"),
    published_on=TOMORROW.isoformat(),
)
# A focused visit published the day it is done: public at once.
PUBLISHED_AT_ONCE = Recipe(
    "focused_visit",
    ("2026-11-16", "2026-11-17"),
    notified_on="2026-11-09",
    finding=letter("2026-11-18"),
    published_on=TOMORROW.isoformat(),
)


def read_feed(
    client: TestClient, headers: Mapping[str, str], after: str | None = None, limit: int = 500
) -> tuple[list[Json], str]:
    """Every item after `after`, page by page, and the position to resume from."""
    items: list[Json] = []
    while True:
        params: dict[str, str | int] = {"limit": limit, **({"after": after} if after else {})}
        response = client.get("/v1/changes", params=params, headers=dict(headers))
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["items"]) <= limit
        items += body["items"]
        after = body["next_after"]
        if body["next_cursor"] is None:
            assert "link" not in response.headers
            return items, after
        assert body["next_cursor"] == after == body["items"][-1]["position"]
        assert f"after={after}" in response.headers["link"]


def applied(items: list[Json]) -> dict[Key, Json]:
    """What a client holds after applying the items in order."""
    held: dict[Key, Json] = {}
    for item in items:
        key = (item["resource_type"], item["resource_id"])
        if item["deleted"]:
            assert item["representation"] is None
            held.pop(key, None)
        else:
            held[key] = item["representation"]
    return held


def listed(client: TestClient, headers: Mapping[str, str], path: str, key: str) -> dict[str, Json]:
    found: dict[str, Json] = {}
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 500, **({"cursor": cursor} if cursor else {})}
        body = client.get(path, params=params, headers=dict(headers)).json()
        found |= {item[key]: item for item in body["items"]}
        cursor = body["next_cursor"]
        if cursor is None:
            return found


def of_type(held: Mapping[Key, Json], resource_type: str) -> dict[str, Json]:
    return {rid: rep for (kind, rid), rep in held.items() if kind == resource_type}


def ids(items: list[Json], resource_type: str = "event") -> list[str]:
    return [i["resource_id"] for i in items if i["resource_type"] == resource_type]


def step(client: TestClient, who: Mapping[str, str], path: str, body: Json, etag_of: str) -> Json:
    etag = client.get(etag_of, headers=dict(who)).headers["etag"]
    response = client.post(path, json=body, headers={**who, "If-Match": etag})
    assert response.status_code == 200, response.text
    result: Json = response.json()
    return result


@pytest.fixture
def world(client: TestClient, tokens: dict[str, dict[str, str]]) -> dict[str, str]:
    """Barking and Dagenham's events in every state, a plan submitted and an action closed."""
    inspector = tokens["inspector"]
    made = {f"inspection {s}": bring_about(client, inspector, r) for s, r in INSPECTIONS.items()}
    made |= {f"visit {s}": bring_about(client, inspector, r) for s, r in VISITS.items()}
    made["closing"] = bring_about(client, inspector, CLOSING)
    action = made["visit published"]["priority_actions"][0]["id"]  # type: ignore[index]
    path = f"/v1/priority-actions/{action}"
    step(
        client,
        tokens["authority"],
        f"{path}/action-plans",
        {"stage": "draft", "submitted_on": TEST_TODAY.isoformat()},
        path,
    )
    body = {"closed_on": TEST_TODAY.isoformat(), "closed_by_event_id": made["closing"]["id"]}
    step(client, inspector, f"{path}/close", body, path)
    return {name: str(view["id"]) for name, view in made.items()} | {"action": action}


@pytest.mark.parametrize("caller", ["public", "authority", "inspector"])
def test_a_client_synced_from_the_feed_holds_what_the_lists_show(
    client: TestClient, tokens: dict[str, dict[str, str]], world: dict[str, str], caller: str
) -> None:
    who = tokens[caller]
    items, _ = read_feed(client, who, limit=40)
    held = applied(items)

    assert len({i["position"] for i in items}) == len(items), "an item came twice"
    assert read_feed(client, who, limit=500)[0] == items, "the page size changed the feed"
    assert of_type(held, "event") == listed(client, who, "/v1/events", "id")
    assert of_type(held, "authority") == listed(client, who, "/v1/authorities", "code")
    for action_id, representation in of_type(held, "priority_action").items():
        assert client.get(f"/v1/priority-actions/{action_id}", headers=who).json() == (
            representation
        )
    assert ("priority_action", world["action"]) in held
    assert ids(items, "priority_action").count(world["action"]) == 2  # its plan, its closing
    planned = world["inspection planned"]
    assert (planned in ids(items)) is (caller == "inspector")


def test_the_public_gets_an_embargoed_result_on_its_day_after_what_it_read(
    app: FastAPI, client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    public: dict[str, str] = {}
    _, after = read_feed(client, public)
    tail = client.get("/v1/changes", params={"after": after})
    assert tail.json()["items"] == []

    embargoed = str(bring_about(client, tokens["inspector"], EMBARGOED)["id"])

    # Nothing of it shows today: not an item, not a moved position, not a new ETag.
    again = client.get("/v1/changes", params={"after": after}, headers={"If-None-Match": "x"})
    assert again.json() == tail.json()
    assert again.headers["etag"] == tail.headers["etag"]
    unchanged = client.get(
        "/v1/changes", params={"after": after}, headers={"If-None-Match": tail.headers["etag"]}
    )
    assert unchanged.status_code == 304
    assert client.get(f"/v1/events/{embargoed}").status_code == 404

    app.dependency_overrides[today] = lambda: TOMORROW
    published_today = str(bring_about(client, tokens["inspector"], PUBLISHED_AT_ONCE)["id"])
    items, _ = read_feed(client, public, after)

    assert ids(items) == [embargoed, published_today]
    lifted = items[0]
    assert lifted["action"] == "publish"
    assert lifted["visible_on"] == TOMORROW.isoformat()
    assert lifted["representation"]["judgements"]["impact_of_leaders"] == "inadequate"
    standing = [
        i
        for i in items
        if i["derived_from"] == {"resource_type": "event", "resource_id": embargoed}
    ]
    assert [i["resource_id"] for i in standing] == [OWN_AUTHORITY]
    latest = standing[0]["representation"]["latest_judgements"]
    assert latest["event_id"] == embargoed
    assert items.index(standing[0]) < ids(items).index(published_today) + 1


def test_the_authority_reads_its_event_only_from_notification_and_the_public_never(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    inspector, authority = tokens["inspector"], tokens["authority"]
    _, authority_after = read_feed(client, authority)
    _, public_after = read_feed(client, {})
    _, inspector_after = read_feed(client, inspector)
    plan = INSPECTIONS["planned"]
    event = str(bring_about(client, inspector, plan)["id"])

    assert [i["action"] for i in read_feed(client, inspector, inspector_after)[0]] == ["planned"]
    assert read_feed(client, authority, authority_after) == ([], authority_after)

    step(
        client,
        inspector,
        f"/v1/events/{event}/notify",
        {"notified_on": "2026-11-09"},
        f"/v1/events/{event}",
    )
    items, _ = read_feed(client, authority, authority_after)
    assert [(i["resource_id"], i["action"]) for i in items] == [(event, "notify")]
    assert items[0]["representation"]["status"] == "notified"
    assert items[0]["representation"]["notes"] is None
    assert read_feed(client, {}, public_after) == ([], public_after)


def test_a_correction_reaches_the_public_with_the_authority_it_moves(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    published = str(bring_about(client, tokens["inspector"], INSPECTIONS["published"])["id"])
    _, after = read_feed(client, {})
    etag = client.get(f"/v1/events/{published}", headers=tokens["admin"]).headers["etag"]
    response = client.put(
        f"/v1/events/{published}/judgements",
        json={**graded("outstanding")[1], "reason": "A grade was mistyped."},
        headers={**tokens["admin"], "If-Match": etag},
    )
    assert response.status_code == 200, response.text

    items, _ = read_feed(client, {}, after)
    assert [(i["resource_type"], i["resource_id"], i["action"]) for i in items] == [
        ("event", published, "judgements_corrected"),
        ("authority", OWN_AUTHORITY, "judgements_corrected"),
    ]
    assert items[0]["representation"]["judgements"]["care_leavers"] == "outstanding"
    grades = items[1]["representation"]["latest_judgements"]["grades"]
    assert grades["care_leavers"] == "outstanding"


def test_an_unchanged_tail_is_a_304_and_a_forged_position_a_422(client: TestClient) -> None:
    _, after = read_feed(client, {})
    tail = client.get("/v1/changes", params={"after": after})
    assert tail.json() == {"items": [], "next_cursor": None, "next_after": after}
    again = client.get(
        "/v1/changes", params={"after": after}, headers={"If-None-Match": tail.headers["etag"]}
    )
    assert again.status_code == 304
    forged = client.get("/v1/changes", params={"after": "WyJub3QiLCJhIl0"})
    assert forged.status_code == 422
    assert forged.json()["errors"][0]["field"] == "after"


def test_the_reading_continues_from_a_position_in_the_middle_of_a_page(
    client: TestClient,
) -> None:
    items, _ = read_feed(client, {}, limit=500)
    middle = items[10]["position"]
    rest, _ = read_feed(client, {}, middle, limit=7)
    assert rest == items[11:]


def check_in_sync(client: TestClient, who: Mapping[str, str], held: Mapping[Key, Json]) -> None:
    """The client's copy is exactly what the lists show this caller, today."""
    assert of_type(held, "authority") == listed(client, who, "/v1/authorities", "code")
    assert of_type(held, "event") == listed(client, who, "/v1/events", "id")
    actions = listed(client, who, "/v1/priority-actions", "id")
    for action_id, representation in of_type(held, "priority_action").items():
        assert actions.get(action_id, representation) == representation
        by_id = client.get(f"/v1/priority-actions/{action_id}", headers=dict(who))
        assert by_id.json() == representation


@pytest.mark.parametrize("caller", ["public", "authority", "inspector"])
def test_a_client_that_resumes_on_later_days_holds_what_the_lists_show_that_day(
    app: FastAPI,
    client: TestClient,
    tokens: dict[str, dict[str, str]],
    world: dict[str, str],
    caller: str,
) -> None:
    """Synced page by page on one day, resumed from its saved position after an embargo lifted,
    then after windows closed and plans fell late with no write at all: the copy stays exact."""
    who = tokens[caller]
    embargoed = str(bring_about(client, tokens["inspector"], EMBARGOED)["id"])
    items, after = read_feed(client, who, limit=25)
    held = applied(items)
    check_in_sync(client, who, held)
    statuses = {c: a["next_inspection"] for (t, c), a in held.items() if t == "authority"}
    closing = sorted(
        c
        for c, w in statuses.items()
        if w and w["status"] == "due" and w["window_end"] < LATER.isoformat()
    )
    assert closing, "no window closes before LATER: the test would prove nothing"

    app.dependency_overrides[today] = lambda: TOMORROW
    lifted, after = read_feed(client, who, after, limit=7)
    assert (embargoed in ids(lifted)) is (caller == "public")  # the others saw it already
    held = applied([*items, *lifted])
    check_in_sync(client, who, held)

    app.dependency_overrides[today] = lambda: LATER
    later, after = read_feed(client, who, after, limit=7)
    held = applied([*items, *lifted, *later])
    check_in_sync(client, who, held)
    for code in closing:
        assert held[("authority", code)]["next_inspection"]["status"] == "overdue"
        closed = [i for i in later if i["resource_id"] == code and i["action"] == "window_closed"]
        end = date.fromisoformat(statuses[code]["window_end"])
        assert [i["visible_on"] for i in closed] == [(end + timedelta(days=1)).isoformat()]
    # The day alone moved these: each item is after what was read, and none came twice.
    assert all(i["visible_on"] > TOMORROW.isoformat() for i in later)
    positions = [i["position"] for i in [*items, *lifted, *later]]
    assert len(set(positions)) == len(positions)

    # Read again from the start today, the feed is the same changes in the same places (only
    # the representations are today's).
    def keys(read: list[Json]) -> list[tuple[str, ...]]:
        return [(i["position"], i["resource_id"], i["action"], i["visible_on"]) for i in read]

    assert keys(read_feed(client, who, limit=500)[0]) == keys([*items, *lifted, *later])
    assert read_feed(client, who, after) == ([], after)
