"""After each of a run of mixed visible writes (an admin's correction, a publication today, a
letter's priority action and its plan, a correction of an abolished council that its successors
inherit), the very next read through the same worker shows it, and every page is, byte for byte
and ETag for ETag, the page a worker that has built nothing yet would answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from fastapi.testclient import TestClient

from api.web import pages
from tests.api.test_price_of_a_change import CUMBRIA, KENT, correct_to_inadequate
from tests.api.test_role_matrix import Recipe, bring_about, graded, letter
from tests.conftest import OWN_AUTHORITY, TEST_TODAY

TODAY = TEST_TODAY.isoformat()
READS = [
    "/v1/authorities?limit=500",
    "/v1/authorities?limit=500&as_of=2024-01-01",
    f"/v1/authorities/{OWN_AUTHORITY}",
    f"/v1/authorities/{KENT}",
    "/v1/schedule?from=2018-01-01&to=2027-12-31&limit=500",
    "/v1/priority-actions?limit=500",
    "/v1/changes?limit=500",
    "/v1/statistics/judgements",
]
PUBLISHED_TODAY = Recipe(
    "standard_inspection",
    ("2026-10-05", "2026-10-16"),
    notified_on="2026-09-28",
    finding=graded("inadequate"),
    published_on=TODAY,
)
VISIT_TODAY = Recipe(
    "focused_visit",
    ("2026-10-26", "2026-10-27"),
    notified_on="2026-10-19",
    finding=letter("2026-11-02"),
    published_on=TODAY,
)


def read(client: TestClient, headers: Mapping[str, str]) -> dict[str, tuple[int, bytes, str]]:
    seen = {}
    for url in READS:
        r = client.get(url, headers=dict(headers))
        assert r.status_code == 200, (url, r.text)
        seen[url] = (r.status_code, r.content, r.headers["etag"])
    return seen


@pytest.mark.parametrize("caller", ["public", "authority", "admin"])
def test_every_page_after_mixed_writes_is_the_page_built_from_nothing(
    client: TestClient, tokens: dict[str, dict[str, str]], caller: str
) -> None:
    admin, inspector, headers = tokens["admin"], tokens["inspector"], tokens[caller]
    visit: dict[str, object] = {}

    def submit_plan() -> None:
        (action,) = client.get(
            f"/v1/priority-actions?authority={OWN_AUTHORITY}", headers=admin
        ).json()["items"]
        etag = client.get(f"/v1/priority-actions/{action['id']}", headers=admin).headers["etag"]
        answer = client.post(
            f"/v1/priority-actions/{action['id']}/action-plans",
            json={"stage": "draft", "submitted_on": TODAY},
            headers={**tokens["authority"], "If-Match": etag},
        )
        assert answer.status_code == 200, answer.text

    writes: list[tuple[str, Callable[[], object]]] = [
        ("kent corrected", lambda: correct_to_inadequate(client, admin, KENT)),
        ("published today", lambda: bring_about(client, inspector, PUBLISHED_TODAY)),
        ("a letter today", lambda: visit.update(bring_about(client, inspector, VISIT_TODAY))),
        ("its draft plan", submit_plan),
        ("cumbria corrected", lambda: correct_to_inadequate(client, admin, CUMBRIA, "2024-01-01")),
    ]
    before = read(client, headers)
    for name, write in writes:
        write()
        warm = read(client, headers)
        assert warm != before, f"{name}: nothing moved"
        pages.clear()
        for url, seen in read(client, headers).items():
            assert warm[url] == seen, f"{name}: {url}"
        before = warm
