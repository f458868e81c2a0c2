"""Ofsted's published history, imported and served: what a dashboard built on it would read."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.changes import data_version
from api.services.imports import import_files
from api.tables import Change, Event, ImportedFile
from api.web import pages as cache
from tests.conftest import FIXTURES, OFSTED_DATA, OFSTED_RELEASES, TEST_TODAY

SHEET_2025 = (
    FIXTURES
    / "ofsted"
    / "LA_Inspection_Outcomes_as_at_31_March_2025__Inspections_as_at_31_March.csv"
)
GRADE = {
    "Outstanding": "outstanding",
    "Good": "good",
    "Requires improvement to be good": "requires_improvement",
    "Inadequate": "inadequate",
}
COLUMNS = {
    "overall_effectiveness": "Overall effectiveness",
    "impact_of_leaders": "The impact of leaders on social work practice with children and families",
    "help_and_protection": "The experiences and progress of children who need help and protection",
    "children_in_care": "The experiences and progress of children in care",
    "care_leavers": "The experiences and progress of care leavers",
}
PATHWAY = {
    "outstanding": "short",
    "good": "short",
    "requires_improvement": "standard",
    "inadequate": "monitoring",
}


def _sheet_rows() -> list[dict[str, str]]:
    with SHEET_2025.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[2]
    return [dict(zip(header, row, strict=False)) for row in rows[3:] if row and row[0]]


def _everything(client: TestClient, url: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    cursor = None
    while True:
        page = client.get(url + (f"&cursor={cursor}" if cursor else "")).json()
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def test_all_271_graded_inspections_2018_to_2025(client: TestClient) -> None:
    standard = _everything(client, "/v1/events?kind=standard_inspection&limit=500")
    short = _everything(client, "/v1/events?kind=short_inspection&limit=500")
    graded = [e for e in standard + short if str(e["fieldwork_start"]) <= "2025-03-31"]
    assert len(graded) == 271
    assert all(e["status"] == "published" and e["judgements"] for e in graded)
    frameworks = Counter(str(e["framework"]) for e in graded)
    assert set(frameworks) == {"ilacs-2018", "ilacs-2023"}
    # Before 2023 one combined judgement on children in care and care leavers; then two.
    for event in graded:
        grades = event["judgements"]
        assert isinstance(grades, dict)
        if event["framework"] == "ilacs-2018":
            assert "children_in_care_and_care_leavers" in grades
            assert "care_leavers" not in grades
        else:
            assert {"children_in_care", "care_leavers"} <= set(grades)


def test_visits_of_2023_to_2025_with_their_themes(client: TestClient) -> None:
    focused = _everything(
        client, "/v1/events?kind=focused_visit&fieldwork_from=2023-04-01&limit=500"
    )
    monitoring = _everything(client, "/v1/events?kind=monitoring_visit&limit=500")
    assert len(focused) > 50
    assert len(monitoring) > 20
    assert all(v["theme"] for v in focused)
    assert all(v["judgements"] is None for v in focused + monitoring)
    barking = [v for v in focused if v["authority_code"] == "E09000002"]
    assert {(v["fieldwork_start"], v["theme"]) for v in barking} >= {
        ("2025-03-26", "children_in_need_or_on_a_plan")
    }


def test_statistics_equal_ofsted_release_2025_grade_by_grade(client: TestClient) -> None:
    expected: dict[str, Counter[str]] = {area: Counter() for area in COLUMNS}
    for row in _sheet_rows():
        for area, column in COLUMNS.items():
            if row[column] in GRADE:
                expected[area][GRADE[row[column]]] += 1
    body = client.get("/v1/statistics/judgements?fieldwork_to=2025-03-31&as_of=2025-06-30").json()
    assert body["authorities"] == 153
    served = {
        j["judgement"]: {g: n for g, n in j["counts"].items() if n} for j in body["judgements"]
    }
    assert served == {area: dict(counts) for area, counts in expected.items()}
    overall = next(j for j in body["judgements"] if j["judgement"] == "overall_effectiveness")
    assert overall["counts"] == {
        "outstanding": 36,
        "good": 67,
        "requires_improvement": 31,
        "inadequate": 19,
    }


@pytest.mark.parametrize(
    ("region", "share"),
    [(None, 0.60), ("London", 0.85), ("North West", 0.36)],
)
def test_statistics_as_at_31_march_2024(
    client: TestClient, region: str | None, share: float
) -> None:
    url = "/v1/statistics/judgements?fieldwork_to=2024-03-31&as_of=2024-08-30"
    if region:
        url += f"&region={region}"
    body = client.get(url).json()
    overall = next(j for j in body["judgements"] if j["judgement"] == "overall_effectiveness")
    assert round(overall["good_or_better_share"], 2) == share


def test_a_future_as_of_answers_for_today(client: TestClient) -> None:
    future = client.get("/v1/statistics/judgements?as_of=2099-01-01").json()
    assert future["as_of"] == TEST_TODAY.isoformat()
    assert future == client.get("/v1/statistics/judgements").json()


def test_each_pathway_follows_from_the_latest_overall_grade(client: TestClient) -> None:
    served = {
        a["code"]: a
        for a in _everything(client, "/v1/authorities?status=current&as_of=2025-06-30&limit=500")
    }
    for row in _sheet_rows():
        authority = served[row["Local authority area code"]]
        grade = GRADE[row["Overall effectiveness"]]
        assert authority["pathway"] == PATHWAY[grade], authority["code"]
        latest = authority["latest_judgements"]
        assert isinstance(latest, dict)
        assert latest["grades"]["overall_effectiveness"] == grade
        window = authority["next_inspection"]
        if grade == "inadequate":
            assert window is None
        else:
            assert isinstance(window, dict)
            assert window["anchor_date"] == latest["published_on"]
            assert window["kind"] == f"{PATHWAY[grade]}_inspection"


def test_successors_inherit_the_predecessor_pathway(client: TestClient) -> None:
    # As at March 2024 Cumberland had no inspection of its own: Cumbria (requires improvement).
    cumberland = client.get("/v1/authorities/E06000063?as_of=2024-03-31").json()
    assert cumberland["pathway"] == "standard"
    assert cumberland["pathway_inherited_from"] == ["E10000006"]
    assert cumberland["latest_judgements"] is None
    assert cumberland["next_inspection"]["kind"] == "standard_inspection"
    # After its own inspection in 2024 its own grades decide.
    later = client.get("/v1/authorities/E06000063?as_of=2025-06-30").json()
    assert later["pathway_inherited_from"] == []
    assert later["latest_judgements"]["fieldwork_start"].startswith("2024")


def test_as_of_before_any_ilacs_inspection(client: TestClient) -> None:
    kent = client.get("/v1/authorities/E10000016?as_of=2017-12-31").json()
    assert kent["pathway"] == "awaiting_first_inspection"
    assert kent["latest_judgements"] is None
    assert kent["next_inspection"] is None


def test_one_event_by_id_and_a_missing_one(client: TestClient) -> None:
    first = client.get("/v1/authorities/E09000002/events?kind=standard_inspection").json()["items"][
        0
    ]
    again = client.get(f"/v1/events/{first['id']}")
    assert again.status_code == 200
    assert again.json() == first
    assert again.headers["etag"]
    missing = client.get("/v1/events/evt_doesnotexist")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/authorities/E99999999/events").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("fieldwork_from=2024-01-01&fieldwork_to=2023-01-01", "fieldwork_to"),
        ("fieldwork_from=0", "fieldwork_from"),
        ("kind=inspection", "kind"),
        ("authority=Kent", "authority"),
        ("cursor=WyJub3QtYS1kYXRlIiwieCJd", "cursor"),  # ["not-a-date","x"]
    ],
)
def test_bad_event_filters(client: TestClient, query: str, field: str) -> None:
    response = client.get(f"/v1/events?{query}")
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


def test_event_pages_do_not_overlap_and_cover_everything(client: TestClient) -> None:
    paged = _everything(client, "/v1/events?authority=E08000025&limit=2")
    whole = client.get("/v1/events?authority=E08000025&limit=500").json()["items"]
    assert [e["id"] for e in paged] == [e["id"] for e in whole]
    assert len(whole) >= 3


def test_event_list_statements_do_not_grow_with_rows(
    client: TestClient, count_statements: Callable[[], Iterator[list[str]]]
) -> None:
    with count_statements() as few:
        assert len(client.get("/v1/events?limit=1").json()["items"]) == 1
    cache.clear()
    with count_statements() as many:
        assert len(client.get("/v1/events?limit=500").json()["items"]) == 396
    assert len(few) == len(many)


def test_importing_the_releases_again_changes_nothing(session: Session) -> None:
    version = data_version(session)
    summary = import_files(session, OFSTED_RELEASES)
    assert (summary.created, summary.updated) == (0, 0)
    assert sorted(given for given, _ in summary.already_imported) == sorted(
        p.name for p in OFSTED_RELEASES
    )
    assert data_version(session) == version


def test_releases_read_again_under_other_names_change_nothing(session: Session) -> None:
    # Files whose content was never imported (the store forgot them): read and weighed fact
    # by fact, they change nothing either; the older release's word on what the newer one
    # corrected is a disagreement, not applied.
    for known in session.exec(select(ImportedFile)).all():
        session.delete(known)
    session.flush()
    version = data_version(session)
    summary = import_files(session, OFSTED_RELEASES)
    assert (summary.created, summary.updated, summary.filled) == (0, 0, 0)
    assert summary.unchanged == 396 + 151  # the events of the 2025 and of the 2024 release
    assert data_version(session) == version
    # The 2024 release's wide history gives 68 first inspections no date; the 2025 one does.
    assert summary.rejected == []
    assert summary.superseded == 68
    assert summary.disagreements
    for disagreement in summary.disagreements:
        assert disagreement.stored_source.as_at == date(2025, 3, 31)
        assert disagreement.offered_source.as_at == date(2024, 3, 31)


def test_a_newer_release_corrects_and_an_older_one_does_not_undo(session: Session) -> None:
    # Start from the 2024 release alone, then learn the 2025 correction (Staffordshire's care
    # leavers judgement of November 2023, good -> requires improvement).
    _forget_everything_imported(session)
    older, newer = OFSTED_RELEASES[1], OFSTED_RELEASES[0]
    assert "2024" in older.name
    assert "2025" in newer.name
    start = data_version(session)
    import_files(session, [older])
    summary = import_files(session, [newer])
    assert summary.updated >= 1
    corrections = session.exec(
        select(Change).where(
            col(Change.action) == "corrected",
            col(Change.authority_code) == "E10000028",
            col(Change.seq) > start,
        )
    ).all()
    assert len(corrections) == 1
    assert corrections[0].before["grades"]["care_leavers"] == "good"
    assert corrections[0].after["grades"]["care_leavers"] == "requires_improvement"
    assert "2025" in (corrections[0].reason or "")
    again = import_files(session, [older])
    assert again.already_imported == [(older.name, older.name)]
    for known in session.exec(select(ImportedFile)).all():
        session.delete(known)
    session.flush()
    again = import_files(session, [older])
    assert again.already_imported == []
    assert again.updated == 0
    staffordshire = [d for d in again.disagreements if d.authority_code == "E10000028"]
    assert [(d.fact, d.stored, d.offered) for d in staffordshire] == [
        ("grades.care_leavers", "requires_improvement", "good")
    ]


def _forget_everything_imported(session: Session) -> None:
    for event in session.exec(select(Event)).all():
        session.delete(event)
    for known in session.exec(select(ImportedFile)).all():
        session.delete(known)
    session.flush()


def test_import_refuses_an_unreadable_file_whole(tmp_path: Path, session: Session) -> None:
    from api.importer import UnreadableFile

    # Start from a store without the releases, so that importing the readable files beside
    # the garbage would write 396 events: a refusal must leave it exactly as it was.
    _forget_everything_imported(session)
    garbage = tmp_path / "outcomes.ods"
    garbage.write_bytes(b"this is not a spreadsheet")
    version = data_version(session)
    with pytest.raises(UnreadableFile, match=r"outcomes\.ods"):
        import_files(session, [*OFSTED_RELEASES, garbage])
    assert session.exec(select(Event)).all() == []
    assert data_version(session) == version
    # The same readable files alone do import: the refusal was the garbage file's doing.
    assert import_files(session, OFSTED_RELEASES).created == 396


def test_bundled_releases_are_the_ones_shipped() -> None:
    assert sorted(p.name for p in OFSTED_DATA.glob("*.ods")) == [
        "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
        "LA_Inspection_Outcomes_as_at_March_2024.ods",
    ]


def test_csv_exports_import_like_the_workbook(session: Session) -> None:
    _forget_everything_imported(session)
    exports = sorted((FIXTURES / "ofsted").glob("*.csv"))
    assert len(exports) == 6
    from_csv = import_files(session, exports)
    # The 2024 release first, then the 2025 release's four corrections of it.
    assert (from_csv.created, from_csv.updated) == (396, 4)
    from_workbooks = import_files(session, OFSTED_RELEASES)
    assert (from_workbooks.created, from_workbooks.updated) == (0, 0)
