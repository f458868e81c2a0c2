"""An event's history counts nothing the caller may not see.

Two published inspections, alike but for twenty changes made to one of them while it was still
planned (the team's notes, hidden from everyone but insiders): to the public and to another
authority, the two histories are numbered alike (`seq` 1..n, consecutive) and carry the same
`version`s, so neither the numbers nor the versions give away how much was changed unseen.
Every caller's history of an event is numbered 1..n.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi.testclient import TestClient

from tests.api.test_role_matrix import INSPECTIONS, Recipe, graded
from tests.conftest import CALLERS

HIDDEN_CHANGES = 20
PUBLISHED: Recipe = INSPECTIONS["published"]
CORRECTION = {**graded("requires_improvement")[1], "reason": "A grade was mistyped."}


def published(
    client: TestClient, inspector: Mapping[str, str], admin: Mapping[str, str], hidden: int
) -> str:
    """A published inspection, changed `hidden` times while planned, corrected once after."""
    response = client.post("/v1/events", json=dict(PUBLISHED.plan()), headers=dict(inspector))
    assert response.status_code == 201, response.text
    event_id = response.json()["id"]
    steps = [("PATCH", "", {"notes": f"Draft {n} of the team's plan."}) for n in range(hidden)]
    steps += [(method, f"/{step}", body) for method, step, body in PUBLISHED.steps()]
    for method, step, body in steps:
        response = client.request(
            method,
            f"/v1/events/{event_id}{step}",
            json=dict(body),
            headers={**inspector, "If-Match": response.headers["etag"]},
        )
        assert response.status_code == 200, f"{method} {step}: {response.text}"
    response = client.put(
        f"/v1/events/{event_id}/judgements",
        json=CORRECTION,
        headers={**admin, "If-Match": response.headers["etag"]},
    )
    assert response.status_code == 200, response.text
    return str(event_id)


def history(client: TestClient, event_id: str, who: Mapping[str, str]) -> list[dict[str, object]]:
    response = client.get(f"/v1/events/{event_id}/history", headers=dict(who))
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


def test_hidden_changes_are_not_counted(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    busy = published(client, tokens["inspector"], tokens["admin"], HIDDEN_CHANGES)
    quiet = published(client, tokens["inspector"], tokens["admin"], 0)
    # Insiders see the hidden changes; the histories really differ underneath.
    assert (
        len(history(client, busy, tokens["admin"]))
        == len(history(client, quiet, tokens["admin"])) + HIDDEN_CHANGES
    )
    for caller in ("public", "other_authority"):
        seen = {
            name: [(entry["seq"], entry["version"]) for entry in history(client, e, tokens[caller])]
            for name, e in (("busy", busy), ("quiet", quiet))
        }
        assert seen["busy"], f"{caller} sees no history"
        assert seen["busy"] == seen["quiet"], f"{caller}: (seq, version) differ: {seen}"


def test_every_caller_s_history_is_numbered_from_one(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    event_id = published(client, tokens["inspector"], tokens["admin"], 3)
    wrong = {}
    for caller in CALLERS:
        numbers = [entry["seq"] for entry in history(client, event_id, tokens[caller])]
        if numbers != list(range(1, len(numbers) + 1)) or not numbers:
            wrong[caller] = numbers
    assert not wrong, f"seq is not 1..n: {wrong}"
