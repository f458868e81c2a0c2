"""The write conventions, and the rules that refuse or warn, seen from a client."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from api.domain.vocabulary import Role
from api.keys import create_key, revoke_key
from tests.conftest import OWN_AUTHORITY

Headers = dict[str, dict[str, str]]
KENT = "E10000016"  # good (short pathway), South East
BARKING = OWN_AUTHORITY  # requires improvement (standard pathway), London


def _plan(client: TestClient, who: dict[str, str], **fields: object) -> TestClient:
    body = {
        "authority_code": BARKING,
        "kind": "standard_inspection",
        "fieldwork_start": "2026-11-02",
        "fieldwork_end": "2026-11-13",
        **fields,
    }
    return client.post("/v1/events", json=body, headers=who)  # type: ignore[return-value]


def test_a_short_inspection_off_the_short_pathway_is_refused(
    client: TestClient, tokens: Headers
) -> None:
    response = _plan(
        client, tokens["inspector"], kind="short_inspection", fieldwork_end="2026-11-06"
    )
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/short-inspection-requires-short-pathway"
    listed = client.get(f"/v1/events?authority={BARKING}&status=planned", headers=tokens["admin"])
    assert listed.json()["items"] == []


def test_unusual_plans_succeed_with_warnings(client: TestClient, tokens: Headers) -> None:
    response = _plan(client, tokens["admin"], authority_code=KENT, fieldwork_end="2026-11-03")
    assert response.status_code == 201
    codes = {w["code"] for w in response.json()["warnings"]}
    # Kent's window ran from January 2025 to January 2026 (report of July 2022, plus 3 years).
    assert codes == {
        "standard-inspection-on-short-pathway",
        "unusual-duration",
        "outside-inspection-window",
    }


def test_bad_plans_are_problems_naming_the_field(client: TestClient, tokens: Headers) -> None:
    cases = {
        "fieldwork_end": {"fieldwork_end": "2026-10-01"},
        "theme": {"theme": "front_door"},
        "authority_code": {"authority_code": "E10000021"},  # abolished in 2021
        "kind": {"kind": "sif_inspection"},
        "notes": {"notes": "nul\u0000byte"},
        "surprise": {"surprise": True},
    }
    for field, change in cases.items():
        response = _plan(client, tokens["admin"], **change)
        assert response.status_code == 422, (field, response.text)
        assert field in [e["field"] for e in response.json()["errors"]], field


def test_malformed_json_is_a_400(client: TestClient, tokens: Headers) -> None:
    response = client.post(
        "/v1/events",
        content=b"{not json",
        headers={**tokens["admin"], "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/malformed-body"


def test_changes_need_the_version_they_were_made_against(
    client: TestClient, tokens: Headers
) -> None:
    inspector = tokens["inspector"]
    planned = _plan(client, inspector)
    event_id, etag = planned.json()["id"], planned.headers["etag"]
    url = f"/v1/events/{event_id}/notify"
    body = {"notified_on": "2026-10-26"}
    missing = client.post(url, json=body, headers=inspector)
    assert missing.status_code == 428
    assert missing.json()["type"] == "/problems/precondition-required"
    moved = client.patch(
        f"/v1/events/{event_id}", json={"notes": "moved"}, headers={**inspector, "If-Match": etag}
    )
    assert moved.status_code == 200
    stale = client.post(url, json=body, headers={**inspector, "If-Match": etag})
    assert stale.status_code == 412
    assert client.get(f"/v1/events/{event_id}", headers=inspector).json()["status"] == "planned"
    fresh = client.post(url, json=body, headers={**inspector, "If-Match": moved.headers["etag"]})
    assert fresh.status_code == 200


def test_a_patch_names_a_field_to_change_as_the_document_says(
    client: TestClient, tokens: Headers
) -> None:
    inspector = tokens["inspector"]
    planned = _plan(client, inspector)
    url, etag = f"/v1/events/{planned.json()['id']}", planned.headers["etag"]
    schema = client.get("/openapi.json").json()["components"]["schemas"]["EventPatch"]
    alternatives = [set(a["required"]) for a in schema["anyOf"]]
    # Every field but the reason is one the document accepts alone; the reason changes nothing.
    assert set().union(*alternatives) == set(schema["properties"]) - {"reason"}
    for body in ({}, {"reason": "tidying up"}):
        assert not any(alternative <= set(body) for alternative in alternatives), body
        refused = client.patch(url, json=body, headers={**inspector, "If-Match": etag})
        assert refused.status_code == 422, refused.text
        assert refused.json()["type"] == "/problems/invalid-input"
    changed = client.patch(url, json={"notes": "moved"}, headers={**inspector, "If-Match": etag})
    assert changed.status_code == 200


def test_dates_out_of_order_with_the_events_are_a_conflict_and_change_nothing(
    client: TestClient, tokens: Headers
) -> None:
    inspector = tokens["inspector"]
    planned = _plan(client, inspector)  # fieldwork planned for 2026-11-02 to 2026-11-13
    url, etag = f"/v1/events/{planned.json()['id']}", planned.headers["etag"]
    version = {**inspector, "If-Match": etag}
    late = client.post(f"{url}/notify", json={"notified_on": "2026-11-05"}, headers=version)
    ended = client.patch(url, json={"fieldwork_end": "2026-10-30"}, headers=version)
    for refused, field in ((late, "notified_on"), (ended, "fieldwork_end")):
        assert refused.status_code == 409, refused.text
        assert refused.json()["type"] == "/problems/dates-out-of-order"
        assert [e["field"] for e in refused.json()["errors"]] == [field]
    # Dates that contradict each other in the body itself are invalid input.
    reversed_ = client.patch(
        url, json={"fieldwork_start": "2026-11-13", "fieldwork_end": "2026-11-02"}, headers=version
    )
    assert reversed_.status_code == 422
    assert reversed_.json()["type"] == "/problems/invalid-dates"
    assert client.get(url, headers=inspector).headers["etag"] == etag


def test_a_refused_step_changes_nothing(client: TestClient, tokens: Headers) -> None:
    inspector = tokens["inspector"]
    planned = _plan(client, inspector)
    event_id, etag = planned.json()["id"], planned.headers["etag"]
    refused = client.post(
        f"/v1/events/{event_id}/publish",
        json={"published_on": "2026-11-20"},
        headers={**inspector, "If-Match": etag},
    )
    assert refused.status_code == 409
    assert refused.json()["type"] == "/problems/invalid-transition"
    again = client.get(f"/v1/events/{event_id}", headers=inspector)
    assert again.headers["etag"] == etag
    history = client.get(f"/v1/events/{event_id}/history", headers=inspector).json()["items"]
    assert [h["action"] for h in history] == ["planned"]


def test_idempotency_key_replays_the_first_answer(client: TestClient, tokens: Headers) -> None:
    who = {**tokens["inspector"], "Idempotency-Key": "plan-2026-11-barking"}
    first = _plan(client, who)
    again = _plan(client, who)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    planned = client.get(f"/v1/events?authority={BARKING}&status=planned", headers=who)
    assert len(planned.json()["items"]) == 1
    other_body = _plan(client, who, fieldwork_start="2026-11-03")
    assert other_body.status_code == 409
    assert other_body.json()["type"] == "/problems/idempotency-key-reused"


def test_corrections_of_published_facts_are_admins_and_audited(
    client: TestClient, tokens: Headers
) -> None:
    imported = client.get(f"/v1/authorities/{BARKING}/events?kind=standard_inspection").json()
    event = imported["items"][-1]
    url = f"/v1/events/{event['id']}/judgements"
    grades = {**event["judgements"], "care_leavers": "requires_improvement"}
    for who, status in (("inspector", 403), ("authority", 403), ("public", 401)):
        etag = client.get(f"/v1/events/{event['id']}", headers=tokens[who]).headers["etag"]
        response = client.put(
            url,
            json={"grades": grades, "reason": "typo"},
            headers={**tokens[who], "If-Match": etag},
        )
        assert response.status_code == status, who
    admin = tokens["admin"]
    etag = client.get(f"/v1/events/{event['id']}", headers=admin).headers["etag"]
    no_reason = client.put(url, json={"grades": grades}, headers={**admin, "If-Match": etag})
    assert no_reason.status_code == 422
    corrected = client.put(
        url,
        json={"grades": grades, "reason": "Ofsted erratum of 2026"},
        headers={**admin, "If-Match": etag},
    )
    assert corrected.status_code == 200
    assert client.get(f"/v1/events/{event['id']}").json()["judgements"]["care_leavers"] == (
        "requires_improvement"
    )
    history = client.get(f"/v1/events/{event['id']}/history").json()["items"]
    last = history[-1]
    assert last["action"] == "judgements_corrected"
    assert last["reason"] == "Ofsted erratum of 2026"
    assert last["before"]["grades"]["care_leavers"] == event["judgements"]["care_leavers"]


def test_tokens_are_checked(client: TestClient, session: Session) -> None:
    key, token = create_key(session, Role.ADMIN)
    session.commit()
    url = "/v1/events?status=planned"
    assert client.get(url, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    for header in ("Bearer nonsense", "Basic dXNlcjpwYXNz", f"Bearer {token[:-1]}x", "Bearer"):
        response = client.get(url, headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.headers["content-type"] == "application/problem+json"
    revoke_key(session, key.id)
    session.commit()
    assert client.get(url, headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_self_evaluations_are_never_public(client: TestClient, tokens: Headers) -> None:
    body = {
        "submitted_on": "2026-11-20",
        "quality_and_impact": "Practice is improving; audits show 70% good or better.",
        "how_we_know": "Monthly practice weeks and audits.",
        "plans_next_12_months": "Stabilise the workforce.",
    }
    url = f"/v1/authorities/{BARKING}/self-evaluations"
    assert client.post(url, json=body, headers=tokens["inspector"]).status_code == 403
    assert client.post(url, json=body, headers=tokens["other_authority"]).status_code == 403
    submitted = client.post(url, json=body, headers=tokens["authority"])
    assert submitted.status_code == 201, submitted.text
    event_id = submitted.json()["id"]
    for who, status in (
        ("public", 404),
        ("other_authority", 404),
        ("other_inspector", 404),
        ("authority", 200),
        ("inspector", 200),
        ("admin", 200),
    ):
        response = client.get(f"/v1/events/{event_id}", headers=tokens[who])
        assert response.status_code == status, who
    seen = client.get(f"/v1/events/{event_id}", headers=tokens["inspector"]).json()
    assert seen["self_evaluation"]["how_we_know"] == body["how_we_know"]
    public_list = client.get(f"/v1/events?authority={BARKING}&kind=self_evaluation")
    assert public_list.json()["items"] == []


def test_an_event_deferred_before_notice_stays_hidden_from_the_authority(
    client: TestClient, tokens: Headers
) -> None:
    inspector, council = tokens["inspector"], tokens["authority"]
    planned = _plan(client, inspector, fieldwork_start="2026-12-07", fieldwork_end="2026-12-18")
    event_id = planned.json()["id"]
    deferred = client.post(
        f"/v1/events/{event_id}/defer",
        json={"reason": "DCS on leave; re-plan for January"},
        headers={**inspector, "If-Match": planned.headers["etag"]},
    )
    assert deferred.status_code == 200
    assert client.get(f"/v1/events/{event_id}", headers=council).status_code == 404
    listed = client.get(f"/v1/events?authority={BARKING}&status=deferred", headers=council)
    assert listed.json()["items"] == []
    assert client.get(f"/v1/events/{event_id}/history", headers=council).status_code == 404


def test_a_correction_may_not_move_grades_across_frameworks(
    client: TestClient, tokens: Headers
) -> None:
    # Barking and Dagenham's July 2023 inspection was graded under ilacs-2023.
    graded = client.get(f"/v1/authorities/{BARKING}/events?kind=standard_inspection").json()
    event = graded["items"][-1]
    assert event["framework"] == "ilacs-2023"
    admin = tokens["admin"]
    etag = client.get(f"/v1/events/{event['id']}", headers=admin).headers["etag"]
    moved = client.patch(
        f"/v1/events/{event['id']}",
        json={"fieldwork_start": "2022-12-12", "reason": "start date misread"},
        headers={**admin, "If-Match": etag},
    )
    assert moved.status_code == 409
    assert moved.json()["type"] == "/problems/correction-changes-framework"
    within = client.patch(
        f"/v1/events/{event['id']}",
        json={"fieldwork_start": "2023-07-11", "reason": "start date misread"},
        headers={**admin, "If-Match": etag},
    )
    assert within.status_code == 200
    assert within.json()["fieldwork_start"] == "2023-07-11"


def test_history_times_carry_an_offset(client: TestClient, tokens: Headers) -> None:
    planned = _plan(client, tokens["inspector"])
    history = client.get(
        f"/v1/events/{planned.json()['id']}/history", headers=tokens["inspector"]
    ).json()["items"]
    assert history[0]["at"].endswith(("+00:00", "Z"))


def test_a_backfilled_plan_is_judged_by_the_record_of_its_own_time(
    client: TestClient, tokens: Headers
) -> None:
    # Leicester was good from 2021 (short pathway) until its short inspection of September
    # 2024 found it requires improvement: today it is on the standard pathway.
    leicester = "E06000016"
    assert client.get(f"/v1/authorities/{leicester}").json()["pathway"] == "standard"
    response = _plan(
        client,
        tokens["admin"],
        authority_code=leicester,
        kind="short_inspection",
        fieldwork_start="2024-03-04",
        fieldwork_end="2024-03-08",
    )
    assert response.status_code == 201, response.text
    # A plan after that inspection is judged by the pathway it set.
    later = _plan(
        client,
        tokens["admin"],
        authority_code=leicester,
        kind="short_inspection",
        fieldwork_start="2025-03-03",
        fieldwork_end="2025-03-07",
    )
    assert later.status_code == 409
    assert later.json()["type"] == "/problems/short-inspection-requires-short-pathway"
