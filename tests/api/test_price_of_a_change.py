"""After a change, the list is worked out from what it was, reading again only the authorities
the change names (and the councils linked to them by reorganisation): what it shows is what a
list built from nothing shows, for the public, for each caller and on an `as_of` day."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api import changes
from api.data_version import PUBLIC_DATA_VERSION
from api.repositories import events as event_repo
from api.tables import Authority
from api.web import pages

KENT = "E10000016"
CUMBRIA = "E10000006"  # abolished in 2023; Cumberland and Westmorland and Furness replaced it
SUCCESSORS = ("E06000063", "E06000064")
EVERY = "/v1/authorities?limit=500"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[set[str] | None]:
    """The authorities whose record each standings build reads (None: every authority's)."""
    calls: list[set[str] | None] = []
    original = event_repo.latest_published_graded

    def spied(*args: Any, **kwargs: Any) -> Any:
        codes = kwargs.get("authority_codes", args[3] if len(args) > 3 else None)
        calls.append(None if codes is None else set(codes))
        return original(*args, **kwargs)

    monkeypatch.setattr(event_repo, "latest_published_graded", spied)
    return calls


def from_nothing(client: TestClient, path: str, headers: dict[str, str]) -> Any:
    """The page as a server that has built nothing yet would answer it."""
    pages.clear()
    return client.get(path, headers=headers).json()


def correct_to_inadequate(
    client: TestClient, admin: dict[str, str], code: str, as_of: str = ""
) -> None:
    """An admin's correction of every grade of the authority's latest inspection (as the record
    stood at the end of `as_of`) to inadequate: its pathway becomes monitoring."""
    query = f"?as_of={as_of}" if as_of else ""
    latest = client.get(f"/v1/authorities/{code}{query}").json()["latest_judgements"]
    event = client.get(f"/v1/events/{latest['event_id']}", headers=admin)
    answer = client.put(
        f"/v1/events/{latest['event_id']}/judgements",
        json={
            "grades": dict.fromkeys(latest["grades"], "inadequate"),
            "reason": "The grades were mistyped.",
        },
        headers={**admin, "If-Match": event.headers["etag"]},
    )
    assert answer.status_code == 200, answer.text


def item(page: Any, code: str) -> Any:
    return next(a for a in page["items"] if a["code"] == code)


@pytest.mark.parametrize("caller", ["public", "authority", "inspector", "admin"])
def test_after_a_correction_the_list_reads_only_that_authority_and_shows_it(
    client: TestClient,
    tokens: dict[str, dict[str, str]],
    reads: list[set[str] | None],
    caller: str,
) -> None:
    headers = tokens[caller]
    before = client.get(EVERY, headers=headers).json()
    correct_to_inadequate(client, tokens["admin"], KENT)
    reads.clear()
    after = client.get(EVERY, headers=headers).json()
    assert reads == [{KENT}]
    assert item(after, KENT)["pathway"] == "monitoring"
    assert item(before, KENT)["pathway"] != "monitoring"
    assert after == from_nothing(client, EVERY, headers)


def test_a_successor_inherits_its_predecessors_correction(
    client: TestClient, tokens: dict[str, dict[str, str]], reads: list[set[str] | None]
) -> None:
    # At the start of 2024, Cumbria's successors had no inspection of their own yet.
    path = f"{EVERY}&as_of=2024-01-01"
    before = client.get(path).json()
    assert [item(before, code)["pathway_inherited_from"] for code in SUCCESSORS] == [[CUMBRIA]] * 2
    assert item(before, CUMBRIA)["pathway"] != "monitoring"
    correct_to_inadequate(client, tokens["admin"], CUMBRIA, as_of="2024-01-01")
    reads.clear()
    after = client.get(path).json()
    assert reads == [{CUMBRIA, *SUCCESSORS}]
    assert [item(after, code)["pathway"] for code in (CUMBRIA, *SUCCESSORS)] == ["monitoring"] * 3
    assert after == from_nothing(client, path, {})
    # Today's list, at the same version, was never built: it is built whole, and agrees.
    reads.clear()
    today = client.get(EVERY).json()
    assert reads == [None]
    assert today == from_nothing(client, EVERY, {})


def test_reference_data_changes_read_every_authority_again(
    client: TestClient,
    session: Session,
    tokens: dict[str, dict[str, str]],
    reads: list[set[str] | None],
) -> None:
    client.get(EVERY)
    correct_to_inadequate(client, tokens["admin"], KENT)
    client.get(EVERY)
    # A reference data load renames an authority: a change that names no authority's event.
    kent = session.get(Authority, KENT)
    assert kent is not None
    kent.name = "Kent (renamed)"
    changes.record(
        session,
        actor=changes.SYSTEM_ACTOR,
        resource_type="authority",
        resource_id=KENT,
        action="updated",
        after={"name": kent.name},
    )
    session.commit()
    PUBLIC_DATA_VERSION.forget()  # as the TTL would, a moment later
    reads.clear()
    after = client.get(EVERY).json()
    assert reads == [None]
    assert item(after, KENT)["name"] == "Kent (renamed)"
    assert item(after, KENT)["pathway"] == "monitoring"


@pytest.mark.parametrize("as_of", ["2024-01-01", ""])
def test_one_authority_read_alone_is_as_the_list_shows_it(
    client: TestClient, reads: list[set[str] | None], as_of: str
) -> None:
    query = f"as_of={as_of}" if as_of else ""
    alone = [client.get(f"/v1/authorities/{code}?{query}").json() for code in SUCCESSORS]
    # Each read its own record and its predecessor's, not every authority's.
    assert reads == [{CUMBRIA, *SUCCESSORS}] * 2
    listed = client.get(f"{EVERY}&{query}").json()
    assert alone == [item(listed, code) for code in SUCCESSORS]
