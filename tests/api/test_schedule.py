"""GET /v1/schedule from the outside: what falls due in a period, as each caller may see it.

On the shipped record (Kent's window closed on 2026-01-05 with no inspection since) and on
events made here through the API: a focused visit whose priority action's draft plan is late,
then submitted; an inadequate result under embargo; a self-evaluation.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.clock import today
from api.domain.vocabulary import Role
from api.keys import create_key
from tests.api.test_role_matrix import ILACS_2026, Recipe, bring_about, letter
from tests.conftest import OTHER_AUTHORITY, OWN_AUTHORITY, TEST_TODAY

KENT = "E10000016"
WIDE = "from=2018-01-01&to=2027-12-31"


def items(client: TestClient, query: str, headers: Mapping[str, str] | None = None) -> list[Any]:
    """Every item of the schedule for `query`, following the pages to the end."""
    found: list[Any] = []
    url = f"/v1/schedule?{query}"
    while True:
        response = client.get(url, headers=dict(headers or {}))
        assert response.status_code == 200, response.text
        body = response.json()
        found += body["items"]
        if body["next_cursor"] is None:
            assert "link" not in response.headers
            return found
        assert response.headers["link"].endswith('; rel="next"')
        url = f"/v1/schedule?{query}&cursor={body['next_cursor']}"


def test_kents_window_is_overdue_once_it_has_closed_with_no_inspection(
    app: FastAPI, client: TestClient
) -> None:
    app.dependency_overrides[today] = lambda: date(2026, 12, 1)
    kent = client.get(f"/v1/authorities/{KENT}").json()["next_inspection"]
    assert kent["window_end"] == "2026-01-05"
    found = items(client, f"authority={KENT}&kind=graded_inspection_window&from=2025-01-01")
    assert len(found) == 1
    (window,) = found
    assert (window["opens_on"], window["closes_on"]) == (kent["window_start"], "2026-01-05")
    assert window["status"] == "overdue"
    assert window["met_on"] is None
    assert window["tracked"] is True
    assert window["inspection_kind"] == kent["kind"]
    assert (
        window["follows_from"]["event_id"]
        == client.get(f"/v1/authorities/{KENT}").json()["latest_judgements"]["event_id"]
    )
    assert (window["authority_name"], window["region"]) == ("Kent", "south_east")
    # The same window, judged on a day within it, and on a day before it opened.
    within = items(
        client, f"authority={KENT}&kind=graded_inspection_window&{WIDE}&as_of=2025-06-01"
    )
    assert [w["status"] for w in within if w["id"] == window["id"]] == ["due"]
    before = items(
        client, f"authority={KENT}&kind=graded_inspection_window&{WIDE}&as_of=2024-06-01"
    )
    assert [w["status"] for w in before if w["id"] == window["id"]] == ["upcoming"]
    overdue = items(client, f"status=overdue&kind=graded_inspection_window&{WIDE}")
    assert window["id"] in {w["id"] for w in overdue}


# A focused visit at Barking and Dagenham, published, whose letter raises a priority action.
LATE_VISIT = Recipe(
    "focused_visit",
    ("2026-09-14", "2026-09-15"),
    notified_on="2026-09-07",
    finding=letter("2026-09-21"),
    published_on="2026-10-01",
)
DRAFT_DUE = "2026-10-19"  # 20 working days after the letter of 2026-09-21


def test_a_draft_action_plan_not_in_by_its_deadline_is_overdue_then_met_when_submitted(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    visit = bring_about(client, tokens["inspector"], LATE_VISIT)
    action_id = visit["priority_actions"][0]["id"]
    query = f"authority={OWN_AUTHORITY}&from=2026-10-01&to=2027-06-30"

    def plans(who: str, extra: str = "") -> dict[str, Any]:
        found = items(client, query + extra, tokens[who])
        return {i["kind"]: i for i in found if i["follows_from"]["priority_action_id"] == action_id}

    late = plans("public")
    draft, final = late["priority_action_draft_plan"], late["priority_action_final_plan"]
    assert (draft["opens_on"], draft["closes_on"], draft["status"]) == (
        DRAFT_DUE,
        DRAFT_DUE,
        "overdue",
    )
    assert draft["follows_from"]["event_id"] == visit["id"]
    assert final["status"] == "upcoming"
    assert final["met_on"] is None

    etag = client.get(f"/v1/priority-actions/{action_id}", headers=tokens["authority"]).headers[
        "etag"
    ]
    submitted = client.post(
        f"/v1/priority-actions/{action_id}/action-plans",
        json={"stage": "draft", "submitted_on": TEST_TODAY.isoformat()},
        headers={**tokens["authority"], "If-Match": etag},
    )
    assert submitted.status_code == 200, submitted.text

    for who in ("public", "authority", "inspector"):
        now = plans(who)
        assert now["priority_action_draft_plan"]["status"] == "met"
        assert now["priority_action_draft_plan"]["met_on"] == TEST_TODAY.isoformat()
        assert now["priority_action_final_plan"]["status"] == "upcoming"
    # As the record stood before the plan came in, it was late.
    earlier = plans("public", "&as_of=2026-11-01")["priority_action_draft_plan"]
    assert (earlier["status"], earlier["met_on"]) == ("overdue", None)


# An inadequate standard inspection at Barking and Dagenham, published with a future date.
EMBARGOED_INADEQUATE = Recipe(
    "standard_inspection",
    ("2026-10-05", "2026-10-16"),
    notified_on="2026-09-28",
    finding=("judgements", {"grades": dict.fromkeys(ILACS_2026, "inadequate")}),
    published_on="2026-12-15",
)
FOLLOWING = {"action_plan", "monitoring_visit", "report_publication"}


def test_an_embargoed_inadequate_result_reaches_the_public_schedule_on_its_publication_day(
    app: FastAPI, client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    inspection = bring_about(client, tokens["inspector"], EMBARGOED_INADEQUATE)
    query = f"authority={OWN_AUTHORITY}&from=2026-01-01&to=2027-12-31"

    def following(who: str) -> set[str]:
        found = items(client, query, tokens[who])
        return {i["kind"] for i in found if i["follows_from"]["event_id"] == inspection["id"]}

    def window_met_by(who: str) -> set[str | None]:
        found = items(client, query + "&kind=graded_inspection_window", tokens[who])
        return {i["met_by_event_id"] for i in found}

    # Those who may see the result see what follows from it; the others nothing at all.
    for who in ("authority", "inspector", "admin"):
        assert following(who) == FOLLOWING, who
        assert inspection["id"] in window_met_by(who), who
    for who in ("public", "other_authority", "other_inspector"):
        assert following(who) == set(), who
        assert inspection["id"] not in window_met_by(who), who

    seen = items(client, query + "&kind=action_plan", tokens["inspector"])
    (plan,) = [i for i in seen if i["follows_from"]["event_id"] == inspection["id"]]
    # 70 working days after 2026-12-15, Christmas, New Year and Easter 2027 left out.
    assert plan["opens_on"] == "2027-03-30"
    assert plan["tracked"] is False
    visits = items(client, query + "&kind=monitoring_visit", tokens["inspector"])
    first = min(v["opens_on"] for v in visits if v["follows_from"]["event_id"] == inspection["id"])
    # Expected four weeks after the plan (2027-04-27), give or take the tolerance (45 days).
    assert first == "2027-03-13"

    app.dependency_overrides[today] = lambda: date(2026, 12, 15)
    assert following("public") == FOLLOWING
    assert inspection["id"] in window_met_by("public")
    # Asked about the day before, the public record held none of it yet.
    assert not [
        i
        for i in items(client, query + "&as_of=2026-12-14")
        if i["follows_from"]["event_id"] == inspection["id"]
    ]


def test_the_yearly_self_evaluation_is_due_only_to_those_who_may_see_it(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    response = client.post(
        f"/v1/authorities/{OWN_AUTHORITY}/self-evaluations",
        json={
            "submitted_on": "2026-01-12",
            "quality_and_impact": "Practice is improving.",
            "how_we_know": "Audits.",
            "plans_next_12_months": "Recruit.",
        },
        headers=tokens["authority"],
    )
    assert response.status_code == 201, response.text
    query = "kind=self_evaluation&from=2026-01-01&to=2027-12-31"
    for who in ("authority", "inspector", "admin"):
        (due,) = items(client, query, tokens[who])
        assert (due["authority_code"], due["opens_on"], due["status"]) == (
            OWN_AUTHORITY,
            "2027-01-12",
            "upcoming",
        )
        assert due["follows_from"]["event_id"] == response.json()["id"]
    for who in ("public", "other_authority", "other_inspector"):
        assert items(client, query, tokens[who]) == [], who


def test_an_item_is_in_the_period_when_any_day_of_its_window_is(client: TestClient) -> None:
    base = f"authority={KENT}&kind=graded_inspection_window"
    window = items(client, f"{base}&from=2025-06-01&to=2025-06-30")
    assert [w["closes_on"] for w in window] == ["2026-01-05"]
    assert items(client, f"{base}&from=2026-01-05&to=2026-01-05") == window
    assert items(client, f"{base}&from=2024-01-01&to={window[0]['opens_on']}") == window
    assert items(client, f"{base}&from=2026-01-06&to=2026-12-31") == []


def test_filters_select_only_what_they_name(client: TestClient) -> None:
    everything = items(client, f"{WIDE}&limit=500")
    assert {i["kind"] for i in everything} >= {
        "graded_inspection_window",
        "monitoring_visit",
        "action_plan",
        "report_publication",
    }
    london = items(client, f"{WIDE}&region=London&limit=500")
    assert london
    assert {i["region"] for i in london} == {"london"}
    assert london == [i for i in everything if i["region"] == "london"]
    for status in ("upcoming", "due", "overdue", "met"):
        chosen = items(client, f"{WIDE}&status={status}&limit=500")
        assert chosen == [i for i in everything if i["status"] == status], status
    visits = items(client, f"{WIDE}&kind=monitoring_visit&limit=500")
    assert visits
    assert visits == [i for i in everything if i["kind"] == "monitoring_visit"]
    own = items(client, f"{WIDE}&authority={OTHER_AUTHORITY}")
    assert own == [i for i in everything if i["authority_code"] == OTHER_AUTHORITY]
    for item in everything:
        assert item["opens_on"] <= item["closes_on"]
        assert item["opens_on"] <= "2027-12-31"
        assert item["closes_on"] >= "2018-01-01"


def test_pages_follow_one_another_with_no_gaps_and_no_duplicates(client: TestClient) -> None:
    whole = items(client, f"{WIDE}&limit=500")
    paged = items(client, f"{WIDE}&limit=37")
    assert [i["id"] for i in paged] == [i["id"] for i in whole]
    assert len({i["id"] for i in whole}) == len(whole) > 500
    assert [(i["opens_on"], i["id"]) for i in whole] == sorted(
        (i["opens_on"], i["id"]) for i in whole
    )


def test_the_default_period_is_a_year_from_today(client: TestClient) -> None:
    default = items(client, "")
    assert default == items(client, f"from={TEST_TODAY}&to=2027-11-23")
    assert all(i["closes_on"] >= TEST_TODAY.isoformat() for i in default)


def test_as_of_never_reaches_past_today(client: TestClient) -> None:
    assert items(client, "as_of=2030-01-01") == items(client, "")


def test_a_page_has_an_etag_that_revalidates(client: TestClient) -> None:
    first = client.get(f"/v1/schedule?{WIDE}")
    again = client.get(f"/v1/schedule?{WIDE}", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_bad_parameters_are_problems_that_name_them(client: TestClient) -> None:
    cases = {
        "from=2026-02-01&to=2026-01-31": "to",
        "from=2018-01-01&to=2028-01-02": "to",
        "from=2026-02-30": "from",
        "to=yesterday": "to",
        "status=late": "status",
        "kind=inspection": "kind",
        "cursor=bm90LWEtY3Vyc29y": "cursor",
        "authority=E1": "authority",
    }
    for query, field in cases.items():
        response = client.get(f"/v1/schedule?{query}")
        assert response.status_code == 422, query
        assert response.headers["content-type"] == "application/problem+json"
        assert field in {e["field"].split(".")[-1] for e in response.json()["errors"]}, query
    unknown = client.get("/v1/schedule?form=2026-01-01")
    assert unknown.status_code == 400
    assert "form" in unknown.json()["detail"]


def test_kents_own_schedule_shows_its_overdue_window_and_a_late_action_plan(
    app: FastAPI, client: TestClient, session: Session, tokens: dict[str, dict[str, str]]
) -> None:
    """The issue's "done when": an authority's schedule, as the authority reads it."""
    _, token = create_key(session, Role.AUTHORITY, authority_code=KENT)
    session.commit()
    kent = {"Authorization": f"Bearer {token}"}
    admin = tokens["admin"]
    plan = {**LATE_VISIT.plan(), "authority_code": KENT}
    response = client.post("/v1/events", json=plan, headers=admin)
    assert response.status_code == 201, response.text
    visit_id = response.json()["id"]
    for method, step, body in LATE_VISIT.steps():
        response = client.request(
            method,
            f"/v1/events/{visit_id}/{step}",
            json=dict(body),
            headers={**admin, "If-Match": response.headers["etag"]},
        )
        assert response.status_code == 200, response.text
    app.dependency_overrides[today] = lambda: date(2026, 12, 1)
    overdue = items(client, "from=2025-01-01&to=2026-12-31&status=overdue", kent)
    assert {(i["authority_code"], i["kind"]) for i in overdue} >= {
        (KENT, "graded_inspection_window"),
        (KENT, "priority_action_draft_plan"),
    }
    (late,) = [i for i in overdue if i["kind"] == "priority_action_draft_plan"]
    assert late["follows_from"]["event_id"] == visit_id
    assert late["closes_on"] == DRAFT_DUE
