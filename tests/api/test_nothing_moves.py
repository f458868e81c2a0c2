"""Nothing a caller reads moves with what it may not see: a planned event, an embargoed
inadequate result, an embargoed letter's priority actions. Bodies, ETags, Link headers and the
304s of every list, one authority, the schedule, statistics, exports and the whole change feed
are compared before and after, each read twice (the second may come from the early layer).

On PostgreSQL this caught the grades of an authority's latest inspection coming out in another
order once its standing was recomputed after the embargoed publication: the same grades, other
bytes, another ETag, so the public could tell that something it cannot see had been written."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi.testclient import TestClient

from tests.api.test_role_matrix import ILACS_2026, Recipe, bring_about, letter
from tests.conftest import OWN_AUTHORITY

URLS = [
    "/v1/authorities?limit=500",
    "/v1/authorities?limit=7",
    f"/v1/authorities/{OWN_AUTHORITY}",
    "/v1/schedule?from=2018-01-01&to=2027-12-31&limit=500",
    "/v1/schedule?from=2026-01-01&to=2027-12-31&limit=5",
    f"/v1/schedule?authority={OWN_AUTHORITY}&from=2026-01-01&to=2028-12-31",
    "/v1/events?limit=500",
    f"/v1/events?authority={OWN_AUTHORITY}",
    "/v1/priority-actions?limit=500",
    "/v1/statistics/judgements",
    "/v1/exports/authorities.csv",
    "/v1/exports/events.csv",
]

PLANNED = Recipe("standard_inspection", ("2027-01-11", "2027-01-22"))
EMBARGOED = Recipe(
    "standard_inspection",
    ("2026-10-05", "2026-10-16"),
    notified_on="2026-09-28",
    finding=("judgements", {"grades": dict.fromkeys(ILACS_2026, "inadequate")}),
    published_on="2026-12-15",
)
EMBARGOED_VISIT = Recipe(
    "focused_visit",
    ("2026-11-02", "2026-11-03"),
    notified_on="2026-10-26",
    finding=letter("2026-11-09"),
    published_on="2026-12-15",
)


def feed(client: TestClient, headers: Mapping[str, str]) -> list[tuple[int, str, str, str]]:
    """Every page of the feed from the start, then the (empty) page after its end."""
    seen = []
    url = "/v1/changes?limit=200"
    while True:
        r = client.get(url, headers=dict(headers))
        assert r.status_code == 200, r.text
        seen.append((r.status_code, r.text, r.headers["etag"], r.headers.get("link", "")))
        body = r.json()
        if body["next_cursor"] is None:
            r = client.get(f"/v1/changes?after={body['next_after']}", headers=dict(headers))
            seen.append((r.status_code, r.text, r.headers["etag"], r.headers.get("link", "")))
            return seen
        url = f"/v1/changes?limit=200&after={body['next_cursor']}"


def snapshot(client: TestClient, headers: Mapping[str, str]) -> dict[str, object]:
    shot: dict[str, object] = {}
    for url in URLS:
        for _ in range(2):  # the second may come from the early layer
            r = client.get(url, headers=dict(headers))
            assert r.status_code == 200, (url, r.text)
            shot[url] = (r.status_code, r.content, r.headers.get("etag"), r.headers.get("link"))
    shot["feed"] = feed(client, headers)
    return shot


def assert_same(before: dict[str, object], after: dict[str, object]) -> None:
    for key in before:
        assert before[key] == after[key], key


def revalidates(client: TestClient, before: dict[str, object], headers: Mapping[str, str]) -> None:
    """The ETags read before still answer 304."""
    for url in URLS:
        seen = before[url]
        assert isinstance(seen, tuple)
        r = client.get(url, headers={**headers, "If-None-Match": seen[2]})
        assert r.status_code == 304, url


def test_the_public_sees_nothing_move_for_planned_and_embargoed_events(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    before = snapshot(client, {})
    bring_about(client, tokens["inspector"], PLANNED)
    assert_same(before, snapshot(client, {}))
    bring_about(client, tokens["admin"], EMBARGOED)
    bring_about(client, tokens["inspector"], EMBARGOED_VISIT)
    after = snapshot(client, {})
    assert_same(before, after)
    revalidates(client, before, {})


def test_an_authority_sees_nothing_move_for_its_own_planned_event(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    for who in ("authority", "other_authority", "other_inspector"):
        before = snapshot(client, tokens[who])
        bring_about(client, tokens["inspector"], PLANNED)
        assert_same(before, snapshot(client, tokens[who]))
        revalidates(client, before, tokens[who])
