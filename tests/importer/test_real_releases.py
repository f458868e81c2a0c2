"""Figures checked on Ofsted's real 2024 and 2025 releases (ODS and their CSV exports)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from api.domain.vocabulary import EventKind, Grade, JudgementArea, Theme
from api.importer import (
    AuthorityIndex,
    ImportedEvent,
    ReadResult,
    merge_releases,
    read_release,
)
from api.importer.rows import Candidate, read_table
from api.importer.sheets import open_release
from tests.importer.conftest import ODS_2024, ODS_2025, csv_export, csv_exports

GRADED = {EventKind.STANDARD_INSPECTION, EventKind.SHORT_INSPECTION}
FOUR_GRADES_2018 = {
    JudgementArea.OVERALL_EFFECTIVENESS,
    JudgementArea.IMPACT_OF_LEADERS,
    JudgementArea.HELP_AND_PROTECTION,
    JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
}
FIVE_GRADES_2023 = {
    JudgementArea.OVERALL_EFFECTIVENESS,
    JudgementArea.IMPACT_OF_LEADERS,
    JudgementArea.HELP_AND_PROTECTION,
    JudgementArea.CHILDREN_IN_CARE,
    JudgementArea.CARE_LEAVERS,
}
STAFFORDSHIRE = "E10000028"
ISLES_OF_SCILLY = "E06000053"
MERTON = "E09000024"
NOTTINGHAM = "E06000018"


def sheet_candidates(
    path: Path, sheet: str, authorities: AuthorityIndex
) -> tuple[list[Candidate], int]:
    """The rows of one sheet as read, before matching and de-duplication."""
    opened = open_release([path])
    (found,) = [s for s in opened.sheets if s.name == sheet]
    candidates, rejected = [], 0
    for table in found.tables:
        rows, refused = read_table(found, table, authorities)
        candidates += rows
        rejected += len(refused)
    return candidates, rejected


def graded(result: ReadResult | list[ImportedEvent]) -> list[ImportedEvent]:
    events = result.events if isinstance(result, ReadResult) else result
    return [e for e in events if e.kind in GRADED]


def only(events: list[ImportedEvent], authority: str, year: int) -> ImportedEvent:
    (found,) = [
        e
        for e in graded(events)
        if e.authority_code == authority and e.fieldwork_start.year == year
    ]
    return found


def without_file(result: ReadResult) -> tuple[list[ImportedEvent], list[tuple[str, int, str]]]:
    events = [replace(e, source=replace(e.source, file="")) for e in result.events]
    rejected = [(r.source.sheet, r.source.row, r.reason) for r in result.rejected]
    return events, rejected


# --- 2025 release ------------------------------------------------------------------------


def test_2025_release_date_and_clean_read(release_2025: ReadResult) -> None:
    assert {e.release for e in release_2025.events} == {date(2025, 3, 31)}
    assert release_2025.rejected == []


def test_2025_history_gives_271_graded_inspections(release_2025: ReadResult) -> None:
    inspections = graded(release_2025)
    assert len(inspections) == 271
    assert Counter(e.kind for e in inspections) == {
        EventKind.STANDARD_INSPECTION: 171,
        EventKind.SHORT_INSPECTION: 100,
    }
    assert {e.source.sheet for e in inspections} == {"ILACS_inspection_history"}
    starts = sorted(e.fieldwork_start for e in inspections)
    assert starts[0] == date(2018, 1, 29)
    assert starts[-1] == date(2025, 3, 24)
    assert all(
        e.published_on is not None and e.published_on > e.fieldwork_start for e in inspections
    )
    assert all(e.theme is None for e in inspections)


def test_2025_judgements_follow_the_framework_of_the_start_date(release_2025: ReadResult) -> None:
    before = [e for e in graded(release_2025) if e.fieldwork_start < date(2023, 1, 1)]
    after = [e for e in graded(release_2025) if e.fieldwork_start >= date(2023, 1, 1)]
    assert (len(before), len(after)) == (168, 103)
    assert all(set(e.grades) == FOUR_GRADES_2018 for e in before)
    assert all(set(e.grades) == FIVE_GRADES_2023 for e in after)


def test_2025_as_at_sheet_overall_effectiveness(authorities: AuthorityIndex) -> None:
    rows, rejected = sheet_candidates(ODS_2025, "Inspections_as_at_31_March", authorities)
    assert rejected == 0
    assert len(rows) == len({r.authority for r in rows}) == 153
    assert Counter(r.grades[JudgementArea.OVERALL_EFFECTIVENESS] for r in rows) == {
        Grade.OUTSTANDING: 36,
        Grade.GOOD: 67,
        Grade.REQUIRES_IMPROVEMENT: 31,
        Grade.INADEQUATE: 19,
    }


def test_2025_latest_inspection_per_authority_is_the_as_at_sheet(
    release_2025: ReadResult, authorities: AuthorityIndex
) -> None:
    rows, _ = sheet_candidates(ODS_2025, "Inspections_as_at_31_March", authorities)
    latest: dict[str, ImportedEvent] = {}
    for event in graded(release_2025):
        if event.authority_code not in latest or event.fieldwork_start > (
            latest[event.authority_code].fieldwork_start
        ):
            latest[event.authority_code] = event
    for row in rows:
        event = latest[row.authority]
        assert (event.fieldwork_start, event.published_on) == (row.start, row.published)
        assert dict(event.grades) == dict(row.grades)


def test_2025_no_longer_exists_rows_keep_their_own_codes(release_2025: ReadResult) -> None:
    abolished = {"E06000028": 2018, "E10000006": 2022, "E10000021": 2019}
    for code, year in abolished.items():
        event = only(release_2025.events, code, year)
        assert event.kind is EventKind.STANDARD_INSPECTION
    cumbria = only(release_2025.events, "E10000006", 2022)
    assert cumbria.fieldwork_start == date(2022, 9, 20)
    # Renamed councils' older inspections are filed under the current code.
    assert only(release_2025.events, "E06000065", 2018)  # North Yorkshire
    assert only(release_2025.events, "E06000066", 2022)  # Somerset


def test_2025_in_year_sheet(authorities: AuthorityIndex, release_2025: ReadResult) -> None:
    rows, rejected = sheet_candidates(ODS_2025, "In-year_inspections", authorities)
    assert (len(rows), rejected) == (112, 0)
    assert Counter(r.kind for r in rows) == {
        EventKind.FOCUSED_VISIT: 36,
        EventKind.SHORT_INSPECTION: 30,
        EventKind.MONITORING_VISIT: 24,
        EventKind.STANDARD_INSPECTION: 22,
    }
    visits = [e for e in release_2025.events if e.kind not in GRADED]
    assert len(visits) == 60
    assert all(e.grades == {} and e.published_on is not None for e in visits)
    assert Counter(e.theme for e in visits) == {
        Theme.CHILDREN_IN_NEED_OR_ON_A_PLAN: 18,
        Theme.CARE_LEAVERS: 17,
        Theme.CHILDREN_IN_CARE: 11,
        Theme.FRONT_DOOR: 7,
        Theme.ACHIEVING_PERMANENCE: 5,
        Theme.VULNERABLE_ADOLESCENTS: 2,
    }
    # The in-year inspections are the history's: de-duplicated, not doubled.
    assert len(release_2025.events) == 271 + 60


def test_2025_covers_every_current_and_abolished_authority(
    release_2025: ReadResult, authorities: AuthorityIndex
) -> None:
    codes = {e.authority_code for e in graded(release_2025)}
    assert len(codes) == 153 + 3
    assert codes <= authorities.codes
    assert "E08000016" in codes  # Barnsley, under its 2025 MI code


# --- 2024 release ------------------------------------------------------------------------


def test_2024_release_events(release_2024: ReadResult) -> None:
    assert {e.release for e in release_2024.events} == {date(2024, 3, 31)}
    inspections = graded(release_2024)
    # Every inspection the "as at" and in-year sheets date: 151 (Cumberland and Westmorland
    # and Furness are "Not yet inspected"), each given its publication date by the history.
    assert len(inspections) == 151
    assert all(e.published_on is not None for e in inspections)
    assert {e.source.sheet for e in inspections} == {"ILACS_inspections_2018-2024"}


def test_2024_not_yet_inspected_is_not_an_error(authorities: AuthorityIndex) -> None:
    rows, rejected = sheet_candidates(ODS_2024, "Inspections_31_March_2024", authorities)
    assert (len(rows), rejected) == (151, 0)
    assert not {"E06000063", "E06000064"} & {r.authority for r in rows}


def test_2024_wide_history_without_inspection_dates_is_rejected(
    release_2024: ReadResult,
) -> None:
    # 65 first inspections of LAs inspected twice, plus the 3 councils that no longer exist
    # (table 2, rows 160-162): no sheet of the 2024 release gives their inspection dates.
    assert len(release_2024.rejected) == 68
    assert all(
        "no inspection date in this release" in r.reason
        and r.source.sheet == "ILACS_inspections_2018-2024"
        for r in release_2024.rejected
    )
    table2 = [r for r in release_2024.rejected if r.source.row > 157]
    assert [r.source.row for r in table2] == [160, 161, 162]
    # Bournemouth, Northamptonshire, Cumbria resolve to their own (abolished) codes.
    assert ["E06000028" in table2[0].reason, "E10000021" in table2[1].reason] == [True, True]
    assert "E10000006" in table2[2].reason
    assert "15/11/2022" in table2[2].reason


def test_2024_in_year_sheet(authorities: AuthorityIndex, release_2024: ReadResult) -> None:
    rows, rejected = sheet_candidates(ODS_2024, "Inspections_in_year_2023-24", authorities)
    assert (len(rows), rejected) == (107, 0)
    assert Counter(r.kind for r in rows) == {
        EventKind.FOCUSED_VISIT: 37,
        EventKind.MONITORING_VISIT: 28,
        EventKind.STANDARD_INSPECTION: 23,
        EventKind.SHORT_INSPECTION: 19,
    }
    visits = [e for e in release_2024.events if e.kind not in GRADED]
    assert len(visits) == 65
    assert Counter(e.theme for e in visits)[Theme.FRONT_DOOR] == 15


def test_2024_wide_sheet_tables(authorities: AuthorityIndex) -> None:
    opened = open_release([ODS_2024])
    (history,) = [s for s in opened.sheets if s.name == "ILACS_inspections_2018-2024"]
    assert [(t.header_row, len(t.rows)) for t in history.tables] == [(4, 153), (159, 3)]
    assert list(history.tables[0].header.blocks) == ["First", "Second"]
    assert list(history.tables[1].header.blocks) == [""]


# --- both releases -----------------------------------------------------------------------


def test_merged_releases(release_2024: ReadResult, release_2025: ReadResult) -> None:
    merged = merge_releases([release_2024, release_2025])
    inspections = graded(merged)
    assert len(inspections) == 271  # the 1-day shifts create no duplicates
    visits = [e for e in merged if e.kind not in GRADED]
    assert Counter(e.kind for e in visits) == {
        EventKind.FOCUSED_VISIT: 37 + 36,
        EventKind.MONITORING_VISIT: 28 + 24,
    }
    assert Counter(e.release for e in visits) == {date(2024, 3, 31): 65, date(2025, 3, 31): 60}
    assert all(e.release == date(2025, 3, 31) for e in inspections)
    assert merged == sorted(merged, key=lambda e: (e.authority_code, e.fieldwork_start, e.kind))
    assert merge_releases([release_2025, release_2024]) == merged


def test_merge_takes_the_2025_corrections(
    release_2024: ReadResult, release_2025: ReadResult
) -> None:
    merged = merge_releases([release_2024, release_2025])
    old = only(release_2024.events, STAFFORDSHIRE, 2023)
    new = only(merged, STAFFORDSHIRE, 2023)
    assert old.fieldwork_start == new.fieldwork_start == date(2023, 11, 6)
    assert old.grades[JudgementArea.CARE_LEAVERS] is Grade.GOOD
    assert new.grades[JudgementArea.CARE_LEAVERS] is Grade.REQUIRES_IMPROVEMENT
    # Isles of Scilly: 10 July 2023 in 2024, 11 July in 2025 -> one inspection, 2025's date.
    assert only(release_2024.events, ISLES_OF_SCILLY, 2023).fieldwork_start == date(2023, 7, 10)
    assert only(merged, ISLES_OF_SCILLY, 2023).fieldwork_start == date(2023, 7, 11)
    # Merton Feb 2022: "Standard" in 2024, "Short" in 2025.
    assert only(release_2024.events, MERTON, 2022).kind is EventKind.STANDARD_INSPECTION
    assert only(merged, MERTON, 2022).kind is EventKind.SHORT_INSPECTION
    # Nottingham 2022 publication date: 05/11/2022 in 2024, 05/09/2022 in 2025.
    assert only(release_2024.events, NOTTINGHAM, 2022).published_on == date(2022, 11, 5)
    assert only(merged, NOTTINGHAM, 2022).published_on == date(2022, 9, 5)


@pytest.mark.parametrize("workbook", [ODS_2025, ODS_2024], ids=["2025", "2024"])
def test_ods_and_csv_exports_give_the_same_events(
    workbook: Path, authorities: AuthorityIndex
) -> None:
    exports = csv_exports(workbook)
    assert len(exports) == 3
    from_ods = read_release(workbook, authorities)
    from_csv = read_release(exports, authorities)
    assert without_file(from_csv) == without_file(from_ods)
    assert {e.source.file for e in from_csv.events} <= {p.name for p in exports}
    assert {e.source.file for e in from_ods.events} == {workbook.name}


def test_one_csv_export_alone(authorities: AuthorityIndex) -> None:
    history = read_release(csv_export(ODS_2025, "ILACS_inspection_history"), authorities)
    assert len(history.events) == 271
    assert history.rejected == []
    assert {e.release for e in history.events} == {date(2025, 3, 31)}
    in_year = read_release(csv_export(ODS_2024, "Inspections_in_year_2023-24"), authorities)
    assert len(in_year.events) == 107
    assert {e.release for e in in_year.events} == {date(2024, 3, 31)}
    # The "as at" sheet names no inspection type: alone, its rows cannot become events.
    as_at = read_release(csv_export(ODS_2025, "Inspections_as_at_31_March"), authorities)
    assert as_at.events == []
    assert len(as_at.rejected) == 153
    assert all("no inspection type in this release" in r.reason for r in as_at.rejected)


def test_reading_a_workbook_again_gives_the_same_events(
    authorities: AuthorityIndex, release_2024: ReadResult, release_2025: ReadResult
) -> None:
    # What makes a second import change nothing: the same file reads as the same events,
    # the same rejections and the same sources, row for row. (How fast it reads is a
    # benchmark's business, not a test's.)
    again_2024 = read_release(ODS_2024, authorities)
    again_2025 = read_release(ODS_2025, authorities)
    assert again_2024 == release_2024
    assert again_2025 == release_2025
    assert merge_releases([again_2024, again_2025]) == merge_releases([release_2024, release_2025])
