"""GET /v1/authorities and /v1/authorities/{code}, as a council developer would call them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.data_version import DATA_VERSION, PUBLIC_DATA_VERSION
from api.ids import new_id
from api.tables import Authority, Event, Judgement, PriorityAction, utcnow
from api.web import pages as cache


def _all_pages(client: TestClient, url: str) -> tuple[list[dict[str, object]], int]:
    items: list[dict[str, object]] = []
    pages = 0
    next_url: str | None = url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.text
        body = response.json()
        items.extend(body["items"])
        pages += 1
        link = response.headers.get("link")
        assert (link is None) == (body["next_cursor"] is None)
        next_url = link.split(";")[0].strip("<>") if link else None
    return items, pages


def test_london_has_33_authorities_across_pages(client: TestClient) -> None:
    items, pages = _all_pages(client, "/v1/authorities?region=London&limit=10")
    assert len(items) == 33
    assert pages == 4
    assert len({i["code"] for i in items}) == 33
    assert all(i["region"] == "london" and i["region_name"] == "London" for i in items)
    assert [i["code"] for i in items] == sorted(i["code"] for i in items)


def test_region_accepts_the_slug_and_ofsted_spelling(client: TestClient) -> None:
    by_slug = client.get("/v1/authorities?region=north_west&limit=500").json()["items"]
    by_name = client.get("/v1/authorities?region=North West&limit=500").json()["items"]
    assert by_slug == by_name
    # 24 current authorities, and Cumbria, abolished in 2023.
    assert len(by_slug) == 25
    assert {a["code"] for a in by_slug if a["status"] == "abolished"} == {"E10000006"}


def test_every_current_authority_and_the_abolished_ones(client: TestClient) -> None:
    current, _ = _all_pages(client, "/v1/authorities?status=current&limit=500")
    abolished, _ = _all_pages(client, "/v1/authorities?status=abolished")
    assert len(current) == 153
    assert {a["code"] for a in abolished} == {
        "E06000028",
        "E06000029",
        "E10000009",
        "E10000002",
        "E10000021",
        "E10000006",
        "E10000023",
        "E10000027",
    }
    everyone, _ = _all_pages(client, "/v1/authorities")
    assert len(everyone) == 161


def test_filters_combine(client: TestClient) -> None:
    counties = client.get("/v1/authorities?la_type=county&status=current&limit=500").json()
    assert len(counties["items"]) == 21
    south_east = client.get("/v1/authorities?la_type=county&region=south_east&limit=500").json()
    assert {a["la_type"] for a in south_east["items"]} == {"county"}
    assert 0 < len(south_east["items"]) < 21


def test_one_authority_with_its_reorganisation_links(client: TestClient) -> None:
    body = client.get("/v1/authorities/E06000061").json()
    assert body["name"] == "North Northamptonshire"
    assert body["predecessors"] == ["E10000021"]
    old = client.get("/v1/authorities/E10000021").json()
    assert old["status"] == "abolished"
    assert old["abolished_on"] == "2021-04-01"
    assert old["successors"] == ["E06000061", "E06000062"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/v1/authorities/E1", "code"),
        ("/v1/authorities/e10000016", "code"),
        ("/v1/authorities?region=atlantis", "region"),
        ("/v1/authorities?la_type=parish", "la_type"),
        ("/v1/authorities?limit=0", "limit"),
        ("/v1/authorities?limit=501", "limit"),
        ("/v1/authorities?limit=ten", "limit"),
        ("/v1/authorities?cursor=%%%", "cursor"),
        ("/v1/authorities?cursor=bm90LWEtY3Vyc29y", "cursor"),
        ("/v1/authorities?cursor=WzFd", "cursor"),  # [1]: a cursor of the wrong shape
        ("/v1/authorities?region=lon%00don", "region"),
        ("/v1/authorities?cursor=" + "A" * 5000, "cursor"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(client: TestClient, url: str, field: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "/problems/invalid-request"
    assert problem["status"] == 422
    assert field in [e["field"] for e in problem["errors"]]


def test_unknown_authority_is_404_problem(client: TestClient) -> None:
    response = client.get("/v1/authorities/E99999999")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/not-found"


def test_etag_and_304(client: TestClient) -> None:
    first = client.get("/v1/authorities/E10000016")
    etag = first.headers["etag"]
    again = client.get("/v1/authorities/E10000016", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/v1/authorities/E10000016", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200

    listing = client.get("/v1/authorities?region=london")
    etag = listing.headers["etag"]
    revalidated = client.get("/v1/authorities?region=london", headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    # Another page is another representation, with another ETag.
    assert client.get("/v1/authorities?region=north_west").headers["etag"] != etag


def test_sql_statements_do_not_grow_with_rows(
    client: TestClient, count_statements: Callable[[], Iterator[list[str]]]
) -> None:
    with count_statements() as few:
        assert len(client.get("/v1/authorities?limit=2").json()["items"]) == 2
    cache.clear()  # measure a second cold build, not a cached one
    with count_statements() as many:
        assert len(client.get("/v1/authorities?limit=500").json()["items"]) == 161
    assert len(few) == len(many)
    assert len(many) <= 12


ILACS_2026_JUDGEMENTS = (
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
)


def test_sql_statements_do_not_grow_with_history(
    client: TestClient,
    session: Session,
    count_statements: Callable[[], Iterator[list[str]]],
) -> None:
    with count_statements() as before:
        client.get("/v1/authorities?limit=500")
    # Twice the history: another published inspection, and a priority action, per authority.
    for code in session.exec(select(Authority.code).where(col(Authority.status) == "current")):
        event = Event(
            id=new_id("evt"),
            authority_code=code,
            kind="standard_inspection",
            status="published",
            framework_id="ilacs-2026",
            fieldwork_start=date(2026, 5, 4),
            fieldwork_end=date(2026, 5, 15),
            published_on=date(2026, 7, 1),
            source="api",
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        session.add(event)
        session.flush()
        session.add_all(
            Judgement(event_id=event.id, area=area, grade="good")
            for area in (
                "impact_of_leaders",
                "help_and_protection",
                "children_in_care",
                "care_leavers",
            )
        )
        session.add(
            PriorityAction(
                id=new_id("pa"),
                event_id=event.id,
                authority_code=code,
                position=0,
                text="x",
                raised_on=date(2026, 7, 1),
                draft_plan_due=date(2026, 7, 29),
                final_plan_due=date(2026, 10, 7),
            )
        )
    session.commit()
    cache.clear()
    with count_statements() as after:
        grown = client.get("/v1/authorities?limit=500").json()["items"]
    assert all(
        a["latest_judgements"]["fieldwork_start"] == "2026-05-04"
        for a in grown
        if a["status"] == "current"
    )
    assert all(len(a["open_priority_actions"]) == 1 for a in grown if a["status"] == "current")
    assert len(after) == len(before)


def test_a_page_already_built_costs_no_statement(
    client: TestClient,
    count_statements: Callable[[], Iterator[list[str]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Within the data version's lifetime: neither the page nor the version is read again.
    monkeypatch.setattr(PUBLIC_DATA_VERSION, "ttl", 3600.0)
    client.get("/v1/authorities?limit=500")
    with count_statements() as statements:
        assert client.get("/v1/authorities?limit=500").status_code == 200
    assert [s for s in statements if "SAVEPOINT" not in s.upper()] == []
    # Once it lapses, the version alone is read: one statement, however big the page.
    monkeypatch.setattr(PUBLIC_DATA_VERSION, "ttl", 0.0)
    with count_statements() as statements:
        assert client.get("/v1/authorities?limit=500").status_code == 200
    assert len([s for s in statements if "SAVEPOINT" not in s.upper()]) == 1


def test_a_change_shows_at_once_through_the_worker_that_made_it(
    client: TestClient, tokens: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DATA_VERSION, "ttl", 3600.0)
    url = "/v1/authorities/E09000002?as_of=2026-12-31"
    council = tokens["authority"]
    listed = "/v1/authorities?region=london&limit=500"
    before = client.get(listed, headers=council)
    own = next(a for a in before.json()["items"] if a["code"] == "E09000002")
    assert own["open_priority_actions"] == []
    # A focused visit's letter raises a priority action the council sees at once.
    inspector = tokens["inspector"]
    event = client.post(
        "/v1/events",
        json={
            "authority_code": "E09000002",
            "kind": "focused_visit",
            "theme": "front_door",
            "fieldwork_start": "2026-10-13",
            "fieldwork_end": "2026-10-14",
        },
        headers=inspector,
    )
    etag = event.headers["etag"]
    event_id = event.json()["id"]
    for step, body in (
        ("notify", {"notified_on": "2026-10-06"}),
        ("start", {"fieldwork_start": "2026-10-13"}),
        ("complete", {"fieldwork_end": "2026-10-14"}),
    ):
        moved = client.post(
            f"/v1/events/{event_id}/{step}", json=body, headers={**inspector, "If-Match": etag}
        )
        etag = moved.headers["etag"]
    letter = client.put(
        f"/v1/events/{event_id}/letter",
        json={"sent_on": "2026-11-02", "areas_for_priority_action": ["Out-of-hours response."]},
        headers={**inspector, "If-Match": etag},
    )
    assert letter.status_code == 200
    stale = client.get(listed, headers={**council, "If-None-Match": before.headers["etag"]})
    assert stale.status_code == 200
    own = next(a for a in stale.json()["items"] if a["code"] == "E09000002")
    assert [a["text"] for a in own["open_priority_actions"]] == ["Out-of-hours response."]
    assert client.get(url, headers=council).json()["open_priority_actions"]


def test_public_revalidation_is_answered_before_the_router(
    client: TestClient,
    tokens: dict[str, dict[str, str]],
    count_statements: Callable[[], Iterator[list[str]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from api.web import pages

    monkeypatch.setattr(PUBLIC_DATA_VERSION, "ttl", 3600.0)
    calls: list[str] = []
    original = pages.rendered_without_waiting

    async def counted(*args: object, **kwargs: object) -> object:
        calls.append("router")
        return await original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "rendered_without_waiting", counted)
    url = "/v1/authorities?region=london&limit=10"
    first = client.get(url)
    etag, link = first.headers["etag"], first.headers["link"]
    assert calls == ["router"]

    with count_statements() as statements:
        again = client.get(url, headers={"If-None-Match": etag})
    assert (again.status_code, again.headers["etag"], again.headers["link"]) == (304, etag, link)
    assert calls == ["router"]  # answered before the router
    assert [s for s in statements if "SAVEPOINT" not in s.upper()] == []

    # A stale ETag gets the same page again, still before the router, in full.
    stale = client.get(url, headers={"If-None-Match": '"stale"'})
    assert (stale.status_code, stale.headers["etag"], stale.json()) == (200, etag, first.json())
    assert stale.headers["link"] == link
    assert calls == ["router"]
    # Not another page, or a caller with a token: those go to the router.
    assert client.get(url + "&la_type=unitary", headers={"If-None-Match": etag}).status_code == 200
    with_token = client.get(url, headers={**tokens["authority"], "If-None-Match": etag})
    assert with_token.status_code in (200, 304)
    assert calls == ["router"] * 3

    # Once this worker has changed something, it reads the public data version again (one
    # statement, not the router): a change the public cannot see leaves its 304 standing.
    planned = client.post(
        "/v1/events",
        json={
            "authority_code": "E09000002",
            "kind": "focused_visit",
            "theme": "front_door",
            "fieldwork_start": "2026-12-07",
            "fieldwork_end": "2026-12-08",
        },
        headers=tokens["inspector"],
    )
    assert planned.status_code == 201
    with count_statements() as statements:
        unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304  # a planned event changes nothing public
    assert calls == ["router"] * 3
    assert len([s for s in statements if "SAVEPOINT" not in s.upper()]) == 1
