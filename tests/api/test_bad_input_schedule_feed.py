"""Bad input to /v1/schedule and /v1/changes: limits, forged and truncated cursors, cursors of
the other endpoint, periods out of order or out of range, unknown and empty parameters,
NUL bytes and unicode. Each is answered (a 4xx problem, or a page), never a 500."""

import base64
import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient


def b64(x: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(x).encode()).decode().rstrip("=")


CASES = [
    "limit=0",
    "limit=-1",
    "limit=501",
    "limit=99999999999999999999999",
    "limit=abc",
    "limit=1.5",
    "limit=",
    "cursor=",
    "cursor=!!!!",
    "cursor=AAAA",
    "cursor=" + b64([1, 2]),
    "cursor=" + b64(["2026-01-01"]),
    "cursor=" + b64(["x", "y"]),
    "cursor=" + b64(["2026-01-01", 5]),
    "cursor=" + b64(["2026-01-01", "a" * 300]),
    "cursor=" + b64({"a": 1}),
    "cursor=" + b64([["2026-01-01"], "x"]),
    "cursor=" + b64(["9999-12-31", "x"]),
    "cursor=" + b64(["0001-01-01", "x"]),
    "cursor=" + b64(["2026-13-01", "x"]),
    "cursor=" + "A" * 5000,
    "cursor=" + b64("[" * 10000),
    "cursor=" + quote("é"),
    "from=2027-01-01&to=2026-01-01",
    "from=0001-01-01",
    "to=0001-01-01",
    "from=9999-12-31",
    "to=9999-12-31",
    "from=0001-01-01&to=0001-12-31",
    "from=9999-01-01&to=9999-12-31",
    "from=9990-01-01",
    "from=9995-01-01&to=9999-12-31",
    "from=0000-01-01",
    "from=2026-02-30",
    "from=20260101",
    "from=0",
    "from=1",
    "as_of=9999-12-31",
    "as_of=0001-01-01",
    "as_of=2030-01-01",
    "bogus=1",
    "from=2026-01-01&from=2026-02-01",
    "limit=1&limit=2",
    "status=",
    "status=bogus",
    "kind=",
    "region=",
    "region=%C3%A9",
    "authority=",
    "authority=E1000001%00",
    "authority=%00",
    "region=%00",
    "status=%00",
    "from=%00",
    "cursor=%00",
    "from=2026-01-01%00",
    "as_of=",
    "from=",
    "to=",
    "%FF=1",
    "region=%FF",
    "cursor=%FF%FE",
    "from=-2026-01-01",
    "from=%2B2026-01-01",
    "from=2026-01-01T00:00",
    "from=2026-W01-1",
    "from=2026001",
]
FEED = [
    "limit=0",
    "limit=-1",
    "limit=501",
    "limit=abc",
    "limit=99999999999999999999",
    "after=",
    "after=!!!",
    "after=AAAA",
    "after=" + b64([1, 2]),
    "after=" + b64(["2026-01-01", "x"]),
    "after=" + b64(["2026-01-01", -1]),
    "after=" + b64(["2026-01-01", 10**10]),
    "after=" + b64(["2026-01-01", True]),
    "after=" + b64(["2026-01-01", 1.5]),
    "after=" + b64(["9999-12-31", 0]),
    "after=" + b64(["0001-01-01", 0]),
    "after=" + b64(["9999-12-31", 10**9]),
    "after=" + "A" * 401,
    "after=" + b64(["2026-01-01", 1, 2]),
    "after=" + b64("[" * 100),
    "bogus=1",
    "after=a&after=b",
    "cursor=abc",
    "after=%00",
    "after=" + quote("é"),
    "as_of=2026-01-01",
    "after=" + b64(["2026-01-01", "12"]),
]


# Well-formed, so answered with a page: a position before or after everything, a day asked
# about after today (answered as of today), a parameter given twice (one of them is taken).
ANSWERED = {
    "cursor=" + b64(["9999-12-31", "x"]),
    "cursor=" + b64(["0001-01-01", "x"]),
    "as_of=2030-01-01",
    "from=2026-01-01&from=2026-02-01",
    "limit=1&limit=2",
    "after=" + b64(["9999-12-31", 0]),
    "after=" + b64(["0001-01-01", 0]),
    "after=" + b64(["9999-12-31", 10**9]),
}


def answered(q: str, status: int, content_type: str) -> None:
    assert status < 500, q
    if q in ANSWERED:
        assert status == 200, q
    else:
        assert 400 <= status < 500, q
        assert content_type.startswith("application/problem+json"), q


@pytest.mark.parametrize("q", CASES)
def test_schedule_never_fails_on_bad_input(client: TestClient, q: str) -> None:
    r = client.get("/v1/schedule?" + q)
    answered(q, r.status_code, r.headers["content-type"])


@pytest.mark.parametrize("q", FEED)
def test_feed_never_fails_on_bad_input(client: TestClient, q: str) -> None:
    r = client.get("/v1/changes?" + q)
    answered(q, r.status_code, r.headers["content-type"])
