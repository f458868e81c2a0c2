"""SIF history (2013-2018) from the 2022/2023 releases' wide history sheets, seen over HTTP.

The real files are not in the repository: a synthetic 2023 release is built in the layout of
FORMAT.md §3 (header on row 5 after title rows, the SIF blocks' real column names, a line
break inside two of them, older frameworks' columns left out of the events), with a first SIF
inspection of every current authority that existed before the reorganisations of 2019-2023,
and a re-inspection of the inadequate ones. Kent's is its real 2017 SIF grade: good.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.reference import AUTHORITIES_CSV
from api.services.imports import import_files
from api.tables import Event
from tests.importer.workbooks import Value, write_ods

KENT = "E10000016"
# Councils created by the reorganisations of 2019-2023: no SIF inspection of their own.
SUCCESSORS = {f"E0600005{n}" for n in (8, 9)} | {f"E0600006{n}" for n in range(5)}
GRADES = ("Good", "Requires improvement to be good", "Inadequate", "Outstanding")
FIRST = [
    "Single Inspection of LA Children's Services (SIF) First SIF publication date",
    "First SIF Overall Judgement\n(OE)",
    "First SIF children who need help and protection",
    "First SIF children looked after and achieving permanence",
    "First SIF CLA Sub: Adoption Performance",
    "First SIF CLA Sub: Experiences and progress of care leavers",
    "First SIF leadership, management and governance",
]
AGAIN = [
    "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
    "SIF Re-inspection Overall Judgement\n(OE)",
    "SIF Re-inspection children who need help and protection",
    "SIF Re-inspection children looked after and achieving permanence",
    "SIF Re-inspection CLA Sub: Adoption Performance",
    "SIF Re-inspection CLA Sub: Experiences and progress of care leavers",
    "SIF Re-inspection leadership, management and governance",
]
HEADER: list[Value] = [
    "Web link",
    "Local authority name",
    "LA region",
    "LA Authority Type",
    "Child Protection Inspections (CPI) publication date",
    "CPI Overall Effectiveness (OE)",
    *FIRST,
    "LSCB Overall Effectiveness",
    *AGAIN,
]


def _block(published: date, grade: str, *, scilly: bool = False) -> list[Value]:
    looked_after = "-" if scilly else grade  # "not judged" on the Isles of Scilly, 2016
    return [published, grade, grade, looked_after, grade, grade, grade]


def sif_history() -> dict[str, tuple[date, str, date | None]]:
    """code -> (first SIF published, its grade, re-inspection published or None)."""
    with AUTHORITIES_CSV.open(newline="", encoding="utf-8") as handle:
        codes = sorted(row["ons_code"] for row in csv.DictReader(handle))
    history: dict[str, tuple[date, str, date | None]] = {}
    for index, code in enumerate(c for c in codes if c not in SUCCESSORS):
        published = date(2014, 3, 3) + timedelta(days=9 * index)
        grade = GRADES[index % len(GRADES)]
        again = published + timedelta(days=400) if grade == "Inadequate" else None
        history[code] = (published, grade, again)
    history[KENT] = (date(2017, 4, 11), "Good", None)
    return history


def write_release(path: Path) -> Path:
    with AUTHORITIES_CSV.open(newline="", encoding="utf-8") as handle:
        names = {
            row["ons_code"]: row["ofsted_name"] or row["name"] for row in csv.DictReader(handle)
        }
    rows: list[list[Value]] = []
    for code, (published, grade, again) in sif_history().items():
        scilly = code == "E06000053"
        row: list[Value] = ["Ofsted Local Authority Webpage", names[code], "", "", "", ""]
        row += [*_block(published, grade, scilly=scilly), "Good"]
        if again is not None:
            row += _block(again, "Requires improvement to be good")
        rows.append(row)
    sheets: dict[str, list[list[Value]]] = {
        "Cover": [["Children's social care data in England 2023"]],
        "LA_inspections_2009-2023": [["Title"], ["Description"], [], [], HEADER, *rows],
    }
    return write_ods(path, sheets)


@pytest.fixture
def with_sif(session: Session, tmp_path: Path) -> None:
    release = write_release(tmp_path / "Childrens_social_care_in_England_2023_underlying_data.ods")
    summary = import_files(session, [release])
    assert summary.rejected == []
    inadequate = sum(1 for _, grade, _ in sif_history().values() if grade == "Inadequate")
    assert summary.created == len(sif_history()) + inadequate
    session.commit()


def test_kent_in_2021_is_on_the_short_pathway_from_its_2017_sif_grade(
    client: TestClient, with_sif: None
) -> None:
    kent = client.get(f"/v1/authorities/{KENT}?as_of=2021-06-30").json()
    assert kent["pathway"] == "short"
    latest = kent["latest_judgements"]
    assert latest["framework"] == "sif-2013"
    assert latest["published_on"] == "2017-04-11"
    assert latest["grades"]["overall_effectiveness"] == "good"
    assert latest["grades"]["leadership_management_governance"] == "good"
    event = client.get(f"/v1/events/{latest['event_id']}").json()
    assert event["kind"] == "sif_inspection"
    estimate = [s for s in event["sources"] if s["kind"] == "estimate"]
    assert [s["fields"] for s in estimate] == [["fieldwork_start"]]
    # Today its own ILACS inspection of 2022 decides.
    assert client.get(f"/v1/authorities/{KENT}").json()["latest_judgements"]["framework"] != (
        "sif-2013"
    )


def _frameworks(client: TestClient, day: str) -> dict[str, int]:
    items = client.get(f"/v1/authorities?as_of={day}&limit=500").json()["items"]
    counts: dict[str, int] = {}
    for item in items:
        if item["latest_judgements"] and item["status"] == "current":
            framework = item["latest_judgements"]["framework"]
            counts[framework] = counts.get(framework, 0) + 1
    return counts


def test_as_of_answers_from_sif_and_ilacs_together(client: TestClient, with_sif: None) -> None:
    in_2016 = _frameworks(client, "2016-06-30")
    published_by = [c for c, (p, _, _) in sif_history().items() if p <= date(2016, 6, 30)]
    assert in_2016 == {"sif-2013": len(published_by)}
    in_2019 = _frameworks(client, "2019-03-31")
    assert in_2019["sif-2013"] > 0
    assert in_2019["ilacs-2018"] > 0
    assert sum(in_2019.values()) >= len(sif_history())
    in_2021 = _frameworks(client, "2021-06-30")
    assert in_2021["ilacs-2018"] > in_2021["sif-2013"] > 0
    # An inadequate first SIF, re-inspected: the re-inspection decides.
    code, (_, _, again) = next((c, h) for c, h in sif_history().items() if h[2] is not None)
    assert again is not None
    standing = client.get(f"/v1/authorities/{code}?as_of={again.isoformat()}").json()
    assert standing["latest_judgements"]["published_on"] == again.isoformat()
    assert standing["pathway"] == "standard"
    before = client.get(f"/v1/authorities/{code}?as_of={again - timedelta(days=1)}").json()
    assert before["pathway"] == "monitoring"


def test_statistics_in_2019_count_every_authority_with_a_grade(
    client: TestClient, session: Session, with_sif: None
) -> None:
    day = date(2019, 3, 31)
    graded = session.exec(
        select(Event.authority_code)
        .where(
            col(Event.kind).in_(["short_inspection", "standard_inspection", "sif_inspection"]),
            col(Event.published_on) <= day,
        )
        .distinct()
    ).all()
    current = {c for c in graded if c.startswith("E") and c in _current_codes()}
    figures = client.get(f"/v1/statistics/judgements?as_of={day}").json()
    assert figures["authorities"] == 153
    assert figures["inspected"] == len(current) >= len(sif_history())
    overall = next(j for j in figures["judgements"] if j["judgement"] == "overall_effectiveness")
    assert overall["total"] == figures["inspected"]
    leaders = next(j for j in figures["judgements"] if j["judgement"] == "impact_of_leaders")
    assert leaders["total"] == figures["inspected"]


def _current_codes() -> set[str]:
    with AUTHORITIES_CSV.open(newline="", encoding="utf-8") as handle:
        return {row["ons_code"] for row in csv.DictReader(handle)}
