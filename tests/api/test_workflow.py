"""The whole of an inspection over HTTP, as inspectors, the council and the public live it."""

from __future__ import annotations

from datetime import date

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.clock import today
from tests.conftest import OWN_AUTHORITY

Headers = dict[str, dict[str, str]]


def _get(client: TestClient, url: str, who: dict[str, str]) -> tuple[int, dict[str, object], str]:
    response = client.get(url, headers=who)
    body = response.json() if response.status_code == 200 else {}
    return response.status_code, body, response.headers.get("etag", "")


def _step(
    client: TestClient,
    who: dict[str, str],
    event_id: str,
    url: str,
    body: dict[str, object],
    method: str = "POST",
) -> dict[str, object]:
    _, _, etag = _get(client, f"/v1/events/{event_id}", who)
    response = client.request(method, url, json=body, headers={**who, "If-Match": etag})
    assert response.status_code == 200, response.text
    assert response.headers["etag"] != etag
    return response.json()  # type: ignore[no-any-return]


def test_a_standard_inspection_from_plan_to_publication(
    client: TestClient, app: FastAPI, tokens: Headers
) -> None:
    inspector, council, public = tokens["inspector"], tokens["authority"], tokens["public"]
    planned = client.post(
        "/v1/events",
        json={
            "authority_code": OWN_AUTHORITY,
            "kind": "standard_inspection",
            "fieldwork_start": "2026-11-02",
            "fieldwork_end": "2026-11-13",
            "notes": "team of four",
        },
        headers=inspector,
    )
    assert planned.status_code == 201, planned.text
    event = planned.json()
    event_id = event["id"]
    assert event["status"] == "planned"
    assert event["framework"] == "ilacs-2026"
    assert planned.headers["location"] == f"/v1/events/{event_id}"
    # Barking and Dagenham's last report was published in 2023: a window from 2026 to 2027.
    assert "outside-inspection-window" not in [w["code"] for w in event["warnings"]]

    # Planned: the council must not learn its own date; nobody else may see it either.
    assert _get(client, f"/v1/events/{event_id}", council)[0] == 404
    assert _get(client, f"/v1/events/{event_id}", public)[0] == 404
    listed = client.get(f"/v1/authorities/{OWN_AUTHORITY}/events?status=planned", headers=council)
    assert listed.json()["items"] == []

    notified = _step(
        client, inspector, event_id, f"/v1/events/{event_id}/notify", {"notified_on": "2026-10-26"}
    )
    assert notified["status"] == "notified"
    assert notified["warnings"] == []  # Monday's call, on site the next Monday
    status, seen, _ = _get(client, f"/v1/events/{event_id}", council)
    assert status == 200
    assert seen["notes"] is None  # the team's notes stay with inspectors
    assert _get(client, f"/v1/events/{event_id}", public)[0] == 404

    _step(
        client,
        inspector,
        event_id,
        f"/v1/events/{event_id}/start",
        {"fieldwork_start": "2026-11-02"},
    )
    _step(
        client,
        inspector,
        event_id,
        f"/v1/events/{event_id}/complete",
        {"fieldwork_end": "2026-11-13"},
    )
    graded = _step(
        client,
        inspector,
        event_id,
        f"/v1/events/{event_id}/judgements",
        {
            "grades": {
                "impact_of_leaders": "good",
                "help_and_protection": "good",
                "children_in_care": "requires_improvement",
                "care_leavers": "good",
            }
        },
        method="PUT",
    )
    assert graded["judgements"]["care_leavers"] == "good"

    # Published with a future date: embargoed. The council sees its draft grades; the public
    # sees nothing until the day comes.
    _step(
        client,
        inspector,
        event_id,
        f"/v1/events/{event_id}/publish",
        {"published_on": "2026-12-15", "report_url": "https://reports.ofsted.gov.uk/x"},
    )
    status, seen, _ = _get(client, f"/v1/events/{event_id}", council)
    assert status == 200
    assert seen["judgements"]["children_in_care"] == "requires_improvement"
    assert _get(client, f"/v1/events/{event_id}", public)[0] == 404
    before = client.get(f"/v1/authorities/{OWN_AUTHORITY}").json()
    assert before["latest_judgements"]["event_id"] != event_id

    app.dependency_overrides[today] = lambda: date(2026, 12, 15)
    status, seen, _ = _get(client, f"/v1/events/{event_id}", public)
    assert status == 200
    assert seen["status"] == "published"
    assert seen["judgements"]["help_and_protection"] == "good"
    assert seen["notes"] is None
    after = client.get(f"/v1/authorities/{OWN_AUTHORITY}").json()
    assert after["latest_judgements"]["event_id"] == event_id
    # Under ilacs-2026: leaders good and two of three practice judgements good -> short.
    assert after["pathway"] == "short"
    assert after["next_inspection"]["anchor_date"] == "2026-12-15"

    history = client.get(f"/v1/events/{event_id}/history", headers=public).json()["items"]
    assert [h["action"] for h in history] == ["publish"]
    assert history[0]["actor"] == "inspector"  # a role, not whose key it was
    full = client.get(f"/v1/events/{event_id}/history", headers=inspector).json()["items"]
    assert full[0]["actor"].startswith("key_")
    assert [h["action"] for h in full] == [
        "planned",
        "notify",
        "start",
        "complete",
        "judgements_recorded",
        "publish",
    ]


def test_a_focused_visit_letter_with_priority_actions(
    client: TestClient, app: FastAPI, tokens: Headers
) -> None:
    inspector, council, public = tokens["inspector"], tokens["authority"], tokens["public"]
    event_id = client.post(
        "/v1/events",
        json={
            "authority_code": OWN_AUTHORITY,
            "kind": "focused_visit",
            "theme": "front_door",
            "fieldwork_start": "2026-10-13",
            "fieldwork_end": "2026-10-14",
        },
        headers=inspector,
    ).json()["id"]
    _step(
        client, inspector, event_id, f"/v1/events/{event_id}/notify", {"notified_on": "2026-10-06"}
    )
    _step(
        client,
        inspector,
        event_id,
        f"/v1/events/{event_id}/start",
        {"fieldwork_start": "2026-10-13"},
    )
    _step(
        client,
        inspector,
        event_id,
        f"/v1/events/{event_id}/complete",
        {"fieldwork_end": "2026-10-14"},
    )
    written = _step(
        client,
        inspector,
        event_id,
        f"/v1/events/{event_id}/letter",
        {
            "sent_on": "2026-11-02",
            "strengths": ["Leaders know their services well."],
            "areas_for_improvement": ["Timeliness of strategy meetings."],
            "areas_for_priority_action": [
                "The response to children at risk of significant harm out of hours.",
                "Management oversight of contacts and referrals.",
            ],
        },
        method="PUT",
    )
    actions = written["priority_actions"]
    assert [a["text"][:15] for a in actions] == ["The response to", "Management over"]
    # 20 and 70 working days after 2 November 2026, over Christmas and New Year.
    assert {a["draft_plan_due"] for a in actions} == {"2026-11-30"}
    assert {a["final_plan_due"] for a in actions} == {"2027-02-11"}
    assert not any(a["overdue"] for a in actions)

    # Not yet published: the public sees no priority action; the council sees its own.
    assert (
        client.get(f"/v1/priority-actions?authority={OWN_AUTHORITY}", headers=public).json()[
            "items"
        ]
        == []
    )
    own = client.get(f"/v1/priority-actions?authority={OWN_AUTHORITY}", headers=council).json()[
        "items"
    ]
    assert {a["id"] for a in own} == {a["id"] for a in actions}

    _step(
        client,
        inspector,
        event_id,
        f"/v1/events/{event_id}/publish",
        {"published_on": "2026-11-20"},
    )
    visible = client.get(f"/v1/priority-actions?authority={OWN_AUTHORITY}").json()["items"]
    assert {a["id"] for a in visible} == {a["id"] for a in actions}
    authority = client.get(f"/v1/authorities/{OWN_AUTHORITY}").json()
    assert {a["id"] for a in authority["open_priority_actions"]} >= {a["id"] for a in actions}

    # The council answers the first action with its draft plan; the other falls overdue.
    first, second = actions
    etag = client.get(f"/v1/priority-actions/{first['id']}", headers=council).headers["etag"]
    answered = client.post(
        f"/v1/priority-actions/{first['id']}/action-plans",
        json={"stage": "draft", "submitted_on": "2026-11-23"},
        headers={**council, "If-Match": etag},
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["draft_plan_submitted_on"] == "2026-11-23"
    # Another council cannot answer for this one.
    etag = client.get(f"/v1/priority-actions/{second['id']}").headers["etag"]
    refused = client.post(
        f"/v1/priority-actions/{second['id']}/action-plans",
        json={"stage": "draft", "submitted_on": "2026-11-23"},
        headers={**tokens["other_authority"], "If-Match": etag},
    )
    assert refused.status_code == 403

    app.dependency_overrides[today] = lambda: date(2026, 12, 1)
    overdue = client.get(f"/v1/priority-actions?authority={OWN_AUTHORITY}&overdue=true").json()
    assert [a["id"] for a in overdue["items"]] == [second["id"]]

    # A later visit finds the first action addressed; once its letter is out, the inspector
    # closes the action.
    later_id = client.post(
        "/v1/events",
        json={
            "authority_code": OWN_AUTHORITY,
            "kind": "focused_visit",
            "theme": "front_door",
            "fieldwork_start": "2026-11-24",
            "fieldwork_end": "2026-11-25",
        },
        headers=inspector,
    ).json()["id"]
    visit = f"/v1/events/{later_id}"
    _step(client, inspector, later_id, f"{visit}/notify", {"notified_on": "2026-11-17"})
    _step(client, inspector, later_id, f"{visit}/start", {"fieldwork_start": "2026-11-24"})
    _step(client, inspector, later_id, f"{visit}/complete", {"fieldwork_end": "2026-11-25"})
    _step(
        client,
        inspector,
        later_id,
        f"{visit}/letter",
        {"sent_on": "2026-11-26", "strengths": ["Oversight has improved."]},
        method="PUT",
    )
    early = {"closed_on": "2026-11-30", "closed_by_event_id": later_id}
    etag = client.get(f"/v1/priority-actions/{first['id']}", headers=inspector).headers["etag"]
    unpublished = client.post(
        f"/v1/priority-actions/{first['id']}/close",
        json=early,
        headers={**inspector, "If-Match": etag},
    )
    assert unpublished.status_code == 409  # its findings are not out yet
    assert unpublished.json()["type"] == "/problems/closed-by-published-findings"
    _step(client, inspector, later_id, f"{visit}/publish", {"published_on": "2026-11-30"})
    later = {"id": later_id}
    etag = client.get(f"/v1/priority-actions/{first['id']}", headers=inspector).headers["etag"]
    close = {"closed_on": "2026-11-30", "closed_by_event_id": later["id"]}
    assert (
        client.post(
            f"/v1/priority-actions/{first['id']}/close",
            json=close,
            headers={**council, "If-Match": etag},
        ).status_code
        == 403
    )
    closed = client.post(
        f"/v1/priority-actions/{first['id']}/close",
        json=close,
        headers={**inspector, "If-Match": etag},
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    open_now = client.get(f"/v1/authorities/{OWN_AUTHORITY}").json()["open_priority_actions"]
    assert first["id"] not in {a["id"] for a in open_now}
    assert second["id"] in {a["id"] for a in open_now}
