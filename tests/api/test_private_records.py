"""The private side of the year, seen from a client: self-evaluations and engagement meetings
are read by the authority, its region's inspectors and admins, and by nobody else (a 404, as
for an authority that has none); meetings are recorded by inspectors; the change feed carries
them to the authority and never to the public. And JTAIs' own facts."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.domain.deadlines import jtai_statement_due
from tests.api.test_changes_feed import read_feed
from tests.api.test_role_matrix import Recipe, letter
from tests.conftest import OTHER_AUTHORITY, OWN_AUTHORITY, TEST_TODAY

Headers = dict[str, dict[str, str]]
Json = dict[str, Any]
EVALUATIONS = f"/v1/authorities/{OWN_AUTHORITY}/self-evaluations"
MEETINGS = f"/v1/authorities/{OWN_AUTHORITY}/engagement-meetings"
READERS = {
    "public": 404,
    "other_authority": 404,
    "other_inspector": 404,
    "authority": 200,
    "inspector": 200,
    "admin": 200,
}
LETTER = "Dear director, leaders know their services; the front door needs attention."
MEETING: Json = {
    "held_on": "2026-11-10",
    "attendees": [
        {"role": "director_of_childrens_services", "name": "A. Director"},
        {"role": "lead_member"},
        {"role": "senior_hmi", "name": "B. Inspector"},
    ],
    "summary_letter": LETTER,
    "next_steps": ["Share the audit programme.", "Report on front-door timeliness."],
    "focused_visit_scope": "front_door",
}


def _submit(client: TestClient, tokens: Headers, submitted_on: str, answer: str) -> Json:
    body = {
        "submitted_on": submitted_on,
        "quality_and_impact": answer,
        "how_we_know": "Audits and practice weeks.",
        "plans_next_12_months": "Stabilise the workforce.",
    }
    response = client.post(EVALUATIONS, json=body, headers=tokens["authority"])
    assert response.status_code == 201, response.text
    created: Json = response.json()
    return created


def _record(client: TestClient, tokens: Headers, **fields: object) -> Any:
    return client.post(MEETINGS, json={**MEETING, **fields}, headers=tokens["inspector"])


def test_self_evaluations_are_read_newest_first_page_by_page(
    client: TestClient, tokens: Headers
) -> None:
    older = _submit(client, tokens, "2025-11-14", "Practice was uneven.")
    newer = _submit(client, tokens, "2026-11-20", "Practice is improving.")
    first = client.get(EVALUATIONS, params={"limit": 1}, headers=tokens["authority"])
    assert first.status_code == 200, first.text
    page = first.json()
    assert [item["id"] for item in page["items"]] == [newer["id"]]
    assert page["items"][0]["quality_and_impact"] == "Practice is improving."
    assert page["items"][0]["submitted_on"] == "2026-11-20"
    assert page["items"][0]["next_due"] == "2027-11-20"
    assert 'rel="next"' in first.headers["link"]
    second = client.get(
        EVALUATIONS, params={"limit": 1, "cursor": page["next_cursor"]}, headers=tokens["admin"]
    )
    assert [item["id"] for item in second.json()["items"]] == [older["id"]]
    assert second.json()["next_cursor"] is None
    again = client.get(
        EVALUATIONS,
        params={"limit": 1},
        headers={**tokens["authority"], "If-None-Match": first.headers["etag"]},
    )
    assert again.status_code == 304
    one = client.get(f"{EVALUATIONS}/{older['id']}", headers=tokens["inspector"])
    assert one.status_code == 200
    assert one.json()["how_we_know"] == "Audits and practice weeks."
    assert one.json()["next_due"] == "2026-11-14"
    # Once a newer one is in, the list's ETag moves.
    _submit(client, tokens, "2026-11-21", "Still improving.")
    moved = client.get(
        EVALUATIONS,
        params={"limit": 1},
        headers={**tokens["authority"], "If-None-Match": first.headers["etag"]},
    )
    assert moved.status_code == 200


@pytest.mark.parametrize("who", list(READERS))
def test_who_reads_self_evaluations(client: TestClient, tokens: Headers, who: str) -> None:
    submitted = _submit(client, tokens, "2026-11-20", "Practice is improving.")
    listed = client.get(EVALUATIONS, headers=tokens[who])
    one = client.get(f"{EVALUATIONS}/{submitted['id']}", headers=tokens[who])
    assert (listed.status_code, one.status_code) == (READERS[who], READERS[who])
    if READERS[who] == 404:
        assert "Practice is improving" not in listed.text + one.text
        # Exactly as for an authority with none, and an id that was never issued.
        unknown = client.get("/v1/authorities/E09999999/self-evaluations", headers=tokens[who])
        assert listed.json() == {
            **unknown.json(),
            "detail": unknown.json()["detail"].replace("E09999999", OWN_AUTHORITY),
        }
        never = client.get(f"{EVALUATIONS}/evt_never", headers=tokens[who]).json()
        assert one.json() == {
            **never,
            "detail": never["detail"].replace("evt_never", submitted["id"]),
        }
    else:
        assert [item["id"] for item in listed.json()["items"]] == [submitted["id"]]


def test_a_self_evaluation_is_not_read_under_another_authority(
    client: TestClient, tokens: Headers
) -> None:
    submitted = _submit(client, tokens, "2026-11-20", "Practice is improving.")
    other = f"/v1/authorities/{OTHER_AUTHORITY}/self-evaluations/{submitted['id']}"
    assert client.get(other, headers=tokens["admin"]).status_code == 404


def test_inspectors_record_a_meeting_the_authority_reads(
    client: TestClient, tokens: Headers
) -> None:
    recorded = _record(client, tokens)
    assert recorded.status_code == 201, recorded.text
    meeting = recorded.json()
    assert meeting["warnings"] == []
    assert meeting["held_on"] == "2026-11-10"
    assert meeting["next_due"] == "2027-11-10"
    assert meeting["record"]["attendees"][1] == {"role": "lead_member", "name": None}
    location = recorded.headers["location"]
    assert location == f"{MEETINGS}/{meeting['id']}"
    for who, status in READERS.items():
        one = client.get(location, headers=tokens[who])
        listed = client.get(MEETINGS, headers=tokens[who])
        event = client.get(f"/v1/events/{meeting['id']}", headers=tokens[who])
        assert (one.status_code, listed.status_code, event.status_code) == (status,) * 3, who
        if status == 200:
            assert one.json()["record"]["summary_letter"] == LETTER
            assert one.headers["etag"] == recorded.headers["etag"]
            assert [item["id"] for item in listed.json()["items"]] == [meeting["id"]]
            shown = event.json()
            assert shown["kind"] == "annual_engagement_meeting"
            assert shown["status"] == "fieldwork_complete"
            assert shown["fieldwork_start"] == "2026-11-10"
            assert shown["engagement_meeting"]["next_steps"] == MEETING["next_steps"]
        else:
            assert LETTER not in one.text + listed.text + event.text
    public_events = client.get(f"/v1/events?authority={OWN_AUTHORITY}&limit=500")
    assert meeting["id"] not in public_events.text


@pytest.mark.parametrize(
    ("who", "status"),
    [("public", 401), ("authority", 403), ("other_authority", 403), ("other_inspector", 403)],
)
def test_only_the_regions_inspectors_and_admins_record_meetings(
    client: TestClient, tokens: Headers, who: str, status: int
) -> None:
    response = client.post(MEETINGS, json=MEETING, headers=tokens[who])
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get(MEETINGS, headers=tokens["admin"]).json()["items"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"held_on": (TEST_TODAY + timedelta(days=1)).isoformat()}, "held_on"),
        ({"attendees": []}, "attendees"),
        ({"attendees": [{"role": "Director of Children's Services"}]}, "attendees.0.role"),
        ({"summary_letter": "nul\u0000byte"}, "summary_letter"),
        ({"summary_letter": ""}, "summary_letter"),
        ({"minutes": "Not a field"}, "minutes"),
        ({"held_on": 0}, "held_on"),
    ],
)
def test_an_invalid_meeting_is_a_problem_that_changes_nothing(
    client: TestClient, tokens: Headers, change: Json, field: str
) -> None:
    response = _record(client, tokens, **change)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert any(error["field"].endswith(field) for error in response.json()["errors"])
    assert client.get(MEETINGS, headers=tokens["admin"]).json()["items"] == []


def test_a_malformed_meeting_body_is_a_400(client: TestClient, tokens: Headers) -> None:
    response = client.post(
        MEETINGS,
        content=b'{"held_on": ',
        headers={**tokens["inspector"], "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get(MEETINGS, headers=tokens["admin"]).json()["items"] == []


def test_recording_a_meeting_again_with_its_key_replays_it(
    client: TestClient, tokens: Headers
) -> None:
    headers = {**tokens["inspector"], "Idempotency-Key": "aem-barking-2026"}
    first = client.post(MEETINGS, json=MEETING, headers=headers)
    again = client.post(MEETINGS, json=MEETING, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    other = client.post(MEETINGS, json={**MEETING, "held_on": "2026-11-11"}, headers=headers)
    assert other.status_code == 409
    listed = client.get(MEETINGS, headers=tokens["admin"]).json()["items"]
    assert [item["id"] for item in listed] == [first.json()["id"]]


def test_a_meeting_is_corrected_as_of_the_version_read(client: TestClient, tokens: Headers) -> None:
    recorded = _record(client, tokens)
    url, etag = recorded.headers["location"], recorded.headers["etag"]
    change = {"next_steps": ["Share the audit programme."], "reason": "One step was dropped."}
    assert client.patch(url, json=change, headers=tokens["inspector"]).status_code == 428
    stale = {**tokens["inspector"], "If-Match": '"0000"'}
    assert client.patch(url, json=change, headers=stale).status_code == 412
    council = {**tokens["authority"], "If-Match": etag}
    assert client.patch(url, json=change, headers=council).status_code == 403
    hidden = {**tokens["other_inspector"], "If-Match": etag}
    assert client.patch(url, json=change, headers=hidden).status_code == 404
    wrong = {**tokens["inspector"], "If-Match": etag}
    refused = client.patch(url, json={"summary_letter": None}, headers=wrong)
    assert refused.status_code == 422
    corrected = client.patch(url, json=change, headers={**tokens["inspector"], "If-Match": etag})
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["record"]["next_steps"] == ["Share the audit programme."]
    assert corrected.headers["etag"] != etag
    assert client.get(url, headers=tokens["authority"]).headers["etag"] == corrected.headers["etag"]
    again = client.patch(url, json=change, headers={**tokens["inspector"], "If-Match": etag})
    assert again.status_code == 412
    history = client.get(f"/v1/events/{recorded.json()['id']}/history", headers=tokens["authority"])
    actions = [item["action"] for item in history.json()["items"]]
    assert actions == ["engagement_meeting_recorded", "engagement_meeting_updated"]
    assert history.json()["items"][1]["reason"] == "One step was dropped."


def _feed_ids(client: TestClient, headers: Mapping[str, str]) -> dict[str, Json]:
    items, _ = read_feed(client, headers)
    return {item["resource_id"]: item for item in items if item["resource_type"] == "event"}


def test_the_feed_carries_a_meeting_to_the_authority_never_to_the_public(
    client: TestClient, tokens: Headers
) -> None:
    meeting = _record(client, tokens).json()
    submitted = _submit(client, tokens, "2026-11-20", "Practice is improving.")
    for who, status in READERS.items():
        items = _feed_ids(client, tokens[who])
        for private in (meeting["id"], submitted["id"]):
            assert (private in items) is (status == 200), (who, private)
        if status == 200:
            shown = items[meeting["id"]]
            assert shown["action"] == "engagement_meeting_recorded"
            assert shown["representation"]["engagement_meeting"]["summary_letter"] == LETTER
            own = client.get(f"/v1/events/{meeting['id']}", headers=tokens[who]).json()
            assert shown["representation"] == own


# --- JTAIs -----------------------------------------------------------------------------------

JTAI = Recipe(
    "jtai",
    ("2026-11-02", "2026-11-06"),
    notified_on="2026-10-19",
    finding=letter("2026-11-09"),
    published_on="2026-11-20",
)
NEW_THEME = "children_missing_education"  # no JTAI has had it: it must still be storable


def _plan_jtai(client: TestClient, tokens: Headers, **fields: object) -> Any:
    body = {**JTAI.plan(), **fields}
    return client.post("/v1/events", json=body, headers=tokens["inspector"])


def test_a_jtai_keeps_its_own_theme_inspectorates_and_statement(
    client: TestClient, tokens: Headers
) -> None:
    planned = _plan_jtai(
        client,
        tokens,
        theme=NEW_THEME,
        inspectorates=["ofsted", "cqc", "hmicfrs", "hmi_probation"],
        written_statement_required=True,
    )
    assert planned.status_code == 201, planned.text
    view = planned.json()
    assert view["theme"] == NEW_THEME
    assert view["inspectorates"] == ["ofsted", "cqc", "hmicfrs", "hmi_probation"]
    assert view["written_statement_required"] is True
    assert view["written_statement_due"] is None  # not yet published
    response = planned
    for method, step, body in JTAI.steps():
        response = client.request(
            method,
            f"/v1/events/{view['id']}/{step}",
            json=dict(body),
            headers={**tokens["inspector"], "If-Match": response.headers["etag"]},
        )
        assert response.status_code == 200, f"{step}: {response.text}"
    due = date.fromisoformat(response.json()["written_statement_due"])
    assert due == jtai_statement_due(date(2026, 11, 20))
    assert due - date(2026, 11, 20) >= timedelta(weeks=14)  # 70 working days
    public = client.get(f"/v1/events/{view['id']}").json()
    assert (public["theme"], public["written_statement_due"]) == (NEW_THEME, due.isoformat())
    schedule = client.get("/v1/schedule?from=2026-01-01&to=2027-12-31&kind=jtai_statement")
    statements = [
        i for i in schedule.json()["items"] if i["follows_from"]["event_id"] == view["id"]
    ]
    assert [i["opens_on"] for i in statements] == [due.isoformat()]
    exported = client.get(f"/v1/exports/events.csv?authority={OWN_AUTHORITY}")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(exported.text))}
    row = rows[view["id"]]
    assert row["theme"] == NEW_THEME
    assert row["inspectorates"] == "ofsted;cqc;hmicfrs;hmi_probation"
    assert (row["written_statement_required"], row["written_statement_due"]) == (
        "true",
        due.isoformat(),
    )


def test_a_jtais_facts_are_changed_before_publication(client: TestClient, tokens: Headers) -> None:
    planned = _plan_jtai(client, tokens, theme="domestic_abuse")
    assert planned.json()["written_statement_required"] is None
    change = {"theme": NEW_THEME, "inspectorates": ["ofsted", "cqc"]}
    changed = client.patch(
        f"/v1/events/{planned.json()['id']}",
        json={**change, "written_statement_required": False},
        headers={**tokens["inspector"], "If-Match": planned.headers["etag"]},
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["theme"], body["inspectorates"]) == (NEW_THEME, ["ofsted", "cqc"])
    assert body["written_statement_required"] is False


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"theme": "Neglect"}, "theme"),
        ({"theme": "x" * 61}, "theme"),
        ({"inspectorates": ["ofsted", "ofsted"]}, "inspectorates"),
        ({"inspectorates": ["Ofsted"]}, "inspectorates"),
        ({"kind": "focused_visit", "theme": NEW_THEME}, "theme"),
        (
            {"kind": "focused_visit", "theme": "front_door", "inspectorates": ["cqc"]},
            "inspectorates",
        ),
        (
            {"kind": "focused_visit", "theme": "front_door", "written_statement_required": True},
            "written_statement_required",
        ),
        ({"kind": "standard_inspection", "theme": "neglect"}, "theme"),
    ],
)
def test_facts_that_do_not_fit_the_event_are_refused(
    client: TestClient, tokens: Headers, fields: Json, field: str
) -> None:
    response = _plan_jtai(client, tokens, **fields)
    assert response.status_code == 422, response.text
    assert any(error["field"].startswith(field) for error in response.json()["errors"])
    listed = client.get(f"/v1/events?authority={OWN_AUTHORITY}", headers=tokens["admin"])
    assert listed.json()["items"]
    assert all(item["status"] != "planned" for item in listed.json()["items"])


def test_the_schedule_reads_the_meeting_and_the_jtai_statement(
    client: TestClient, tokens: Headers
) -> None:
    """What this records is what the schedule follows: the next meeting a year after the
    last, and the statement a published JTAI requires."""
    meeting = _record(client, tokens).json()
    query = "from=2026-01-01&to=2027-12-31&kind=engagement_meeting"
    listed = client.get(f"/v1/schedule?{query}", headers=tokens["authority"]).json()["items"]
    mine = [i for i in listed if i["follows_from"]["event_id"] == meeting["id"]]
    assert [i["opens_on"] for i in mine] == [meeting["next_due"]]
    assert client.get(f"/v1/schedule?{query}").json()["items"] == []
