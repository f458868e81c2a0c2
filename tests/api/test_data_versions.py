"""What the public reads is rebuilt only when something the public can read has changed: a
change it cannot see (planning an inspection) costs public readers nothing, and can show them
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import data_version
from api.data_version import PUBLIC_DATA_VERSION, ChangeSignal, make_signal_file
from api.services import authorities as service
from tests.conftest import OWN_AUTHORITY

LIST = "/v1/authorities?status=current&limit=500"


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time the authorities list is built (not served from what was rendered)."""
    calls: list[str] = []
    original = service.authorities_page

    def counted(*args: object, **kwargs: object) -> object:
        calls.append("built")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "authorities_page", counted)
    return calls


def test_a_change_the_public_cannot_see_keeps_its_pages(
    client: TestClient, tokens: dict[str, dict[str, str]], builds: list[str]
) -> None:
    first = client.get(LIST)
    assert builds == ["built"]
    planned = client.post(
        "/v1/events",
        json={
            "authority_code": OWN_AUTHORITY,
            "kind": "standard_inspection",
            "fieldwork_start": "2026-12-07",
            "fieldwork_end": "2026-12-18",
        },
        headers=tokens["inspector"],
    )
    assert planned.status_code == 201, planned.text
    again = client.get(LIST)
    assert builds == ["built"]  # the same page, not rebuilt
    assert again.headers["etag"] == first.headers["etag"]
    # The inspector, who sees the plan, gets a page built for them.
    assert planned.json()["id"] not in client.get(LIST).text


def test_a_change_the_public_can_see_rebuilds_its_pages(
    client: TestClient, tokens: dict[str, dict[str, str]], builds: list[str]
) -> None:
    kent = "/v1/authorities/E10000016"
    latest = client.get(kent).json()["latest_judgements"]
    event = client.get(f"/v1/events/{latest['event_id']}")
    first = client.get(LIST)
    corrected = client.put(
        f"/v1/events/{latest['event_id']}/judgements",
        json={
            "grades": {**latest["grades"], "help_and_protection": "inadequate"},
            "reason": "The help and protection grade was mistyped.",
        },
        headers={**tokens["admin"], "If-Match": event.headers["etag"]},
    )
    assert corrected.status_code == 200, corrected.text
    again = client.get(LIST)
    assert builds == ["built", "built"]
    assert again.headers["etag"] != first.headers["etag"]
    kent_now = next(a for a in again.json()["items"] if a["code"] == "E10000016")
    assert kent_now["latest_judgements"]["grades"]["help_and_protection"] == "inadequate"


def test_a_commit_through_another_worker_shows_without_waiting_for_the_ttl(
    client: TestClient,
    tokens: dict[str, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # This worker and another share a change signal, as `ilacs serve --workers 2` sets up.
    shared = str(tmp_path / "changes")
    make_signal_file(shared)
    monkeypatch.setattr(PUBLIC_DATA_VERSION, "signal", ChangeSignal(shared))
    monkeypatch.setattr(PUBLIC_DATA_VERSION, "ttl", 3600.0)
    other_worker = ChangeSignal(shared)
    first = client.get(LIST)
    kent = "/v1/authorities/E10000016"
    latest = client.get(kent).json()["latest_judgements"]
    event = client.get(f"/v1/events/{latest['event_id']}", headers=tokens["admin"])
    # The other worker commits a correction (here: a request whose commit this worker's
    # memory does not hear of, as it would not hear of another process's).
    monkeypatch.setattr(data_version, "committed", lambda: None)
    corrected = client.put(
        f"/v1/events/{latest['event_id']}/judgements",
        json={
            "grades": {**latest["grades"], "help_and_protection": "inadequate"},
            "reason": "The help and protection grade was mistyped.",
        },
        headers={**tokens["admin"], "If-Match": event.headers["etag"]},
    )
    assert corrected.status_code == 200, corrected.text
    # Unsignalled, this worker trusts the version it read for its whole TTL (an hour here).
    assert client.get(LIST).headers["etag"] == first.headers["etag"]
    other_worker.raise_()
    again = client.get(LIST)
    assert again.headers["etag"] != first.headers["etag"]
    kent_now = next(a for a in again.json()["items"] if a["code"] == "E10000016")
    assert kent_now["latest_judgements"]["grades"]["help_and_protection"] == "inadequate"
