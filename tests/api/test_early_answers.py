"""A public page answered again before the app (`api.web.revalidation`) is the answer the app
would have given: the same status, body and headers (ETag per encoding, Vary, Cache-Control,
CORS, Link), counted in the metrics under its route; and it is never an answer to a caller
who sent a token, a valid one or not."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from api.data_version import PUBLIC_DATA_VERSION, DataVersion
from api.web import pages, revalidation

PAGES = {
    "authorities": "/v1/authorities?status=current&limit=500",
    "a page of them": "/v1/authorities?region=london&limit=10",
    "events": "/v1/events?limit=500",
    "statistics": "/v1/statistics/judgements",
}
ASKED = {
    "as it is": {},
    "gzip": {"Accept-Encoding": "gzip"},
    "br": {"Accept-Encoding": "gzip, br;q=0.9"},
    "from another origin": {"Origin": "https://anything.example", "Accept-Encoding": "gzip"},
}


@pytest.fixture
def routed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each request that reached a route; the public data version held for the whole test."""
    monkeypatch.setattr(PUBLIC_DATA_VERSION, "ttl", 3600.0)
    calls: list[str] = []
    original = pages.rendered_without_waiting

    async def counted(*args: object, **kwargs: object) -> object:
        calls.append("routed")
        return await original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "rendered_without_waiting", counted)
    return calls


def _seen(response: Response) -> tuple[int, bytes, list[tuple[str, str]]]:
    """What a client can tell of an answer (the Date aside, which moves by itself)."""
    headers = sorted((k, v) for k, v in response.headers.multi_items() if k != "date")
    return response.status_code, response.content, headers


@pytest.mark.parametrize("conditional", [False, True], ids=["200", "304"])
@pytest.mark.parametrize("asked", ASKED.values(), ids=list(ASKED))
@pytest.mark.parametrize("url", PAGES.values(), ids=list(PAGES))
def test_an_early_answer_is_the_answer_of_the_app(
    client: TestClient, routed: list[str], url: str, asked: dict[str, str], conditional: bool
) -> None:
    headers = dict(asked)
    if conditional:
        headers["If-None-Match"] = client.get(url, headers=asked).headers["etag"]
    revalidation.forget_all()  # the next one goes through the app again
    through_the_app = client.get(url, headers=headers)
    calls = len(routed)
    early = client.get(url, headers=headers)
    assert len(routed) == calls, "not answered before the router"
    assert early.status_code == (304 if conditional else 200)
    assert _seen(early) == _seen(through_the_app)


def _counted(client: TestClient, admin: dict[str, str], route: str, status: int) -> float:
    text = client.get("/metrics", headers=admin).text
    found = re.search(
        rf'^ilacs_http_requests_total\{{method="GET",route="{re.escape(route)}",'
        rf'status="{status}"\}} (\S+)$',
        text,
        re.M,
    )
    return float(found.group(1)) if found else 0.0


def test_early_answers_are_counted_under_their_route(
    client: TestClient, tokens: dict[str, dict[str, str]], routed: list[str]
) -> None:
    admin, url = tokens["admin"], PAGES["events"]
    etag = client.get(url).headers["etag"]
    before = {s: _counted(client, admin, "/v1/events", s) for s in (200, 304)}
    unmatched = _counted(client, admin, "unmatched", 304)
    calls = len(routed)
    for _ in range(3):
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url).status_code == 200
    assert len(routed) == calls
    assert _counted(client, admin, "/v1/events", 304) == before[304] + 3
    assert _counted(client, admin, "/v1/events", 200) == before[200] + 1
    assert _counted(client, admin, "unmatched", 304) == unmatched


@pytest.mark.parametrize(
    "authorization", ["Bearer nonsense", "Bearer ilacs_" + "x" * 40, "Basic dXNlcjpwYXNz", ""]
)
def test_a_caller_who_sends_a_token_never_gets_the_public_page(
    client: TestClient, routed: list[str], authorization: str
) -> None:
    url = PAGES["authorities"]
    etag = client.get(url).headers["etag"]
    refused = client.get(url, headers={"Authorization": authorization, "If-None-Match": etag})
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"


def test_a_valid_token_gets_its_own_page(
    client: TestClient, tokens: dict[str, dict[str, str]], routed: list[str]
) -> None:
    url = "/v1/events?authority=E09000002&limit=500"
    public = client.get(url)
    calls = len(routed)
    own = client.get(url, headers=tokens["inspector"])
    assert len(routed) == calls + 1  # through the app, as that caller
    assert own.headers["cache-control"] == "private, no-cache"
    assert public.headers["cache-control"] == "public, no-cache"


# --- the data version, read once however many requests find it lapsed -----------------------


@pytest.fixture
def blocked_reads() -> Iterator[tuple[list[int], threading.Event]]:
    reads: list[int] = []
    release = threading.Event()
    yield reads, release
    release.set()


def test_requests_that_find_the_version_lapsed_share_one_read(
    blocked_reads: tuple[list[int], threading.Event],
) -> None:
    reads, release = blocked_reads
    held = DataVersion(ttl_seconds=3600)

    def read() -> int:
        reads.append(1)
        release.wait(10)
        return 7

    async def many() -> list[int]:
        waiting = [asyncio.ensure_future(held.current(read)) for _ in range(10)]
        while not reads:
            await asyncio.sleep(0.001)
        release.set()
        return await asyncio.gather(*waiting)

    assert asyncio.run(many()) == [7] * 10
    assert reads == [1]


def test_after_its_own_change_a_worker_does_not_wait_for_an_older_read(
    blocked_reads: tuple[list[int], threading.Event],
) -> None:
    reads, release = blocked_reads
    held = DataVersion(ttl_seconds=3600)
    versions = iter([1, 2])

    def read() -> int:
        reads.append(1)
        version = next(versions)  # what the database holds when the read begins
        release.wait(10)
        return version

    async def around_a_commit() -> tuple[int, int, int | None]:
        before = asyncio.ensure_future(held.current(read))
        while not reads:
            await asyncio.sleep(0.001)
        held.forget()  # this worker committed a change while the read was in flight
        after = asyncio.ensure_future(held.current(read))
        release.set()
        return await before, await after, held.trusted()

    assert asyncio.run(around_a_commit()) == (1, 2, 2)
    assert reads == [1, 1]
