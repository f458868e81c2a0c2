"""Small made-up files: rejections, unreadable files, older layouts, de-duplication."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.domain.vocabulary import EventKind, Grade, JudgementArea, Theme
from api.importer import (
    AuthorityIndex,
    ImportedEvent,
    ReadResult,
    SourceRef,
    UnreadableFile,
    merge_releases,
    read_release,
)
from tests.importer.workbooks import Rows, Value, write_csv, write_ods, write_xlsx

LINK = "Ofsted Local Authority Webpage"
RI = "Requires improvement to be good"
DESCRIPTION = "This worksheet contains one table with no blank rows or columns."

AS_AT_2025: list[Value] = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]
IN_YEAR_2025: list[Value] = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Region",
    "Inspection/Visit date",
    "Publication date",
    "Inspection/Visit type",
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
    "Visit Theme",
]
HISTORY_2025: list[Value] = [
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Local authority status",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Inspection type",
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]
AS_AT_2023: list[Value] = [
    "Web link",
    "Local authority name",
    "Ofsted region",
    "Inspection date",
    "Overall effectiveness",
    "Impact of leaders",
    "Experiences and progress of children who need help and protection",
    "Experiences and progress of children in care",
    "Experiences and progress of care leavers",
]
IN_YEAR_2023: list[Value] = [
    "Web link",
    "Local authority name",
    "Ofsted region",
    "Inspection/Visit date",
    "Inspection/Visit type",
    "Overall effectiveness",
    "Impact of leaders",
    "Experiences and progress of children who need help and protection",
    "Experiences and progress of children in care",
    "Experiences and progress of care leavers",
    "Visit Theme",
]
SIF: list[Value] = [
    "Single Inspection of LA Children's Services (SIF) First SIF publication date",
    "First SIF Overall Judgement\n(OE)",
]
ILACS_2018: list[Value] = [
    "publication date",
    "overall effectiveness",
    "impact of leaders",
    "experiences and progress of children who need help and protection",
    "experiences and progress of children in care and care leavers",
]
WIDE_2023: list[Value] = [
    "Web link",
    "Local authority name",
    "LA region",
    "LA Authority Type",
    *SIF,
    "First ILACS framework inspection type",
    *(f"First ILACS framework {h}" for h in ILACS_2018),
    "Second ILACS framework inspection type",
    "Second ILACS framework publication date",
    "Second ILACS framework overall effectiveness",
    "Second ILACS framework impact of leaders",
    "Second ILACS framework experiences and progress of children who need help and protection",
    "Second ILACS framework experiences and progress of children in care",
    "Second ILACS framework experiences and progress of care leavers",
]
WIDE_2023_TABLE_2: list[Value] = [
    "Web link",
    "Local authority name",
    "LA region",
    "LA Authority Type",
    *SIF,
    "ILACS framework inspection type",
    *(f"ILACS framework {h}" for h in ILACS_2018),
]


def sheet(
    title: str, header: list[Value], rows: Rows, *, blank_row: bool = False
) -> list[list[Value]]:
    """Title row, description row, (an empty row,) header, data: as Ofsted lays sheets out."""
    blank: list[list[Value]] = [[]] if blank_row else []
    return [[title], [DESCRIPTION], *blank, header, *(list(row) for row in rows)]


def row_2025_in_year(
    code: str, name: str, start: Value, published: Value, kind: str, *grades: str, theme: str = ""
) -> list[Value]:
    judgements = [*grades, "", "", "", "", ""][:5]
    return [LINK, code, name, "London", start, published, kind, *judgements, theme]


@pytest.fixture
def in_year_csv(tmp_path: Path) -> Path:
    rows = [
        row_2025_in_year(
            "E09000003",
            "Barnet",
            "10/06/2024",
            "23/07/2024",
            "ILACS Focused Visit",
            theme="Front door",
        ),
        row_2025_in_year(
            "", "Atlantis", "11/06/2024", "", "ILACS Focused Visit", theme="Front door"
        ),
        row_2025_in_year("E09000004", "Bexley", "12/06/2024", "", "JTAI"),
        row_2025_in_year("E09000005", "Brent", "31/02/2024", "", "LA Monitoring visit"),
        row_2025_in_year(
            "E09000006",
            "Bromley",
            "13/06/2024",
            "",
            "ILACS Short Inspection",
            "Good",
            "Satisfactory",
        ),
        row_2025_in_year(
            "E09000007", "Camden", "14/06/2024", "", "ILACS Focused Visit", theme="Fostering"
        ),
        row_2025_in_year("E09000008", "Croydon", "", "", "LA Monitoring visit"),
        row_2025_in_year(
            "E09000009",
            "Ealing",
            "15/06/2024",
            "",
            "ilacs standard inspection",
            "Requires improvement",
        ),
        row_2025_in_year("E09000010", "Enfield", "16/06/2024", "", ""),
        row_2025_in_year(
            "E09000011", "Greenwich", "17/06/2024", "16/06/2024", "LA Monitoring visit"
        ),
    ]
    return write_csv(
        tmp_path / "outcomes_as_at_31_March_2025__In-year_inspections.csv",
        sheet("Local authority in-year inspection activity 2024-25", IN_YEAR_2025, rows),
    )


def test_rejected_rows_say_sheet_row_column_and_value(
    in_year_csv: Path, authorities: AuthorityIndex
) -> None:
    result = read_release(in_year_csv, authorities)
    assert [(e.authority_code, e.kind) for e in result.events] == [
        ("E09000003", EventKind.FOCUSED_VISIT),
        ("E09000009", EventKind.STANDARD_INSPECTION),
    ]
    ealing = result.events[1]
    assert ealing.grades == {JudgementArea.OVERALL_EFFECTIVENESS: Grade.REQUIRES_IMPROVEMENT}
    assert ealing.release == date(2025, 3, 31)
    reasons = {r.source.row: r.reason for r in result.rejected}
    assert {r.source.sheet for r in result.rejected} == {"In-year_inspections"}
    assert {r.source.file for r in result.rejected} == {in_year_csv.name}
    assert sorted(reasons) == [5, 6, 7, 8, 9, 10, 12, 13]
    prefix = "sheet 'In-year_inspections', row"
    assert (
        reasons[5]
        == f"{prefix} 5, column 'Local authority name': unknown local authority 'Atlantis'"
    )
    assert reasons[6] == (
        f"{prefix} 6, column 'Inspection/Visit type': not an ILACS inspection or visit type: 'JTAI'"
    )
    assert reasons[7] == (
        f"{prefix} 7, column 'Inspection/Visit date': not a date (expected dd/mm/yyyy): "
        "'31/02/2024'"
    )
    assert reasons[8] == (
        f"{prefix} 8, column 'The impact of leaders on social work practice with children and "
        "families': not a judgement: 'Satisfactory'"
    )
    assert reasons[9] == f"{prefix} 9, column 'Visit Theme': not a visit theme: 'Fostering'"
    assert reasons[10] == f"{prefix} 10, column 'Inspection/Visit date': no inspection date"
    assert (
        reasons[12] == f"{prefix} 12, column 'Inspection/Visit type': no inspection or visit type"
    )
    assert reasons[13] == (
        f"{prefix} 13, column 'Publication date': publication date 16/06/2024 is before the "
        "inspection date 17/06/2024"
    )
    assert str(result.rejected[0]).startswith(f"{in_year_csv.name}, {prefix} 5")


def test_garbage_files_are_unreadable(tmp_path: Path, authorities: AuthorityIndex) -> None:
    for name, content in [
        ("garbage.ods", b"\x00\x01not a zip at all" * 50),
        ("garbage.xlsx", b"PK\x03\x04 broken"),
        ("empty.ods", b""),
        ("binary.csv", b"\x00\x01\x02\x03"),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(UnreadableFile, match=name):
            read_release(path, authorities)


def test_files_that_are_not_releases(tmp_path: Path, authorities: AuthorityIndex) -> None:
    cases: list[tuple[Path, str]] = [
        (
            write_csv(tmp_path / "notes_2025.csv", [["Some title"], ["a", "b"], ["1", "2"]]),
            r"notes_2025\.csv: no recognisable Ofsted table",
        ),
        (
            write_csv(
                tmp_path / "as_at_31_March_2025.csv",
                [["Title"], ["Web link", "Local authority name", "Overall effectiveness"]],
            ),
            r"as_at_31_March_2025\.csv, sheet 'as_at_31_March_2025', row 2: header has no "
            r"'Inspection date' column",
        ),
        (
            write_csv(
                tmp_path / "x_March_2025.csv",
                [["Web link", "Region", "Inspection date"], [LINK, "London", "01/01/2025"]],
            ),
            r"row 1: header has no local authority name or code column",
        ),
        (
            write_csv(
                tmp_path / "undated.csv",
                sheet("ILACS inspection history", HISTORY_2025, []),
            ),
            r"undated\.csv: cannot tell which release",
        ),
        (tmp_path / "data.json", r"data\.json: not an ODS, XLSX or CSV file"),
        (tmp_path / "missing.csv", r"missing\.csv: cannot be read"),
        (
            write_ods(tmp_path / "other.ods", {"Cover": [["Title"]], "Notes": [["notes"]]}),
            r"other\.ods: none of the expected sheets .* sheets: 'Cover', 'Notes'",
        ),
        (
            write_ods(
                tmp_path / "no_header_as_at_31_March_2025.ods",
                {"In-year_inspections": [["Title"], ["Local authority", "Inspection date"]]},
            ),
            r"no_header_as_at_31_March_2025\.ods, sheet 'In-year_inspections': no header row",
        ),
    ]
    (tmp_path / "data.json").write_text("{}")
    for path, message in cases:
        with pytest.raises(UnreadableFile, match=message):
            read_release(path, authorities)


def test_csvs_of_different_releases_are_refused(
    tmp_path: Path, in_year_csv: Path, authorities: AuthorityIndex
) -> None:
    other = write_csv(
        tmp_path / "LA_Inspection_Outcomes_as_at_March_2024__Inspections_in_year_2023-24.csv",
        sheet("Local authority in year inspection activity 2023-24", IN_YEAR_2023, []),
    )
    with pytest.raises(UnreadableFile, match="different releases"):
        read_release([in_year_csv, other], authorities)


def _release_2023_sheets() -> dict[str, list[list[Value]]]:
    """The 2023 "Children's social care data in England" layout (FORMAT.md §3)."""
    wide_row_1: list[Value] = [LINK, "Barnet", "London", "London Borough", "01/01/2015", "Good"]
    wide_rows_1: list[list[Value]] = [
        [
            *wide_row_1,
            "ILACS Standard Inspection",
            date(2019, 7, 1),
            "Good",
            "Good",
            "Good",
            "Good",
            "ILACS Short Inspection",
            date(2022, 9, 5),
            "Outstanding",
            "Outstanding",
            "Good",
            "Outstanding",
            "",
        ],
        [
            LINK,
            "Bristol",
            "South West",
            "Unitary",
            "",
            "",
            "ILACS Standard Inspection",
            date(2023, 2, 10),
            RI,
            RI,
            RI,
            "Good",
        ],
    ]
    wide_rows_2: list[list[Value]] = [
        [LINK, "Dorset", "South West", "Shire County", "", "", "ILACS Standard Inspection",
         date(2018, 11, 20), "Good", "Good", "Good", "Good"],
    ]  # fmt: skip
    caption: list[Value] = [
        "Table 11:History of inspections of local authorities that existed before the restructure"
    ]
    return {
        "Cover": [["Children's social care data in England 2023"]],
        "'file://FP5HQ/RestrictedSocialCare$/x.ods'#LA_level_at_31_Mar_20202": [["junk"]],
        "LA_inspections_2009-2023": [
            ["Title"],
            ["Description"],
            [],
            [],
            WIDE_2023,
            *wide_rows_1,
            [],
            caption,
            WIDE_2023_TABLE_2,
            *wide_rows_2,
        ],
        "LA_level_in_year_2022-23": sheet(
            "Local authority level in-year inspections 2022-23",
            IN_YEAR_2023,
            [
                [
                    LINK,
                    "Barnet",
                    "London",
                    date(2022, 7, 4),
                    "ILACS Short Inspection",
                    "Outstanding",
                    "Outstanding",
                    "Good",
                    "Outstanding",
                    "",
                    "",
                ],
                [
                    LINK,
                    "Barnet",
                    "London",
                    date(2023, 3, 1),
                    "ILACS Focused Visit",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "Care leavers",
                ],
            ],
        ),
        "LA_level_at_31_Mar_2023": sheet(
            "Local authority level inspection judgements as at 31 March 2023",
            AS_AT_2023,
            [
                [
                    LINK,
                    "Barnet",
                    "London",
                    date(2022, 7, 4),
                    "Outstanding",
                    "Outstanding",
                    "Good",
                    "Outstanding",
                    "",
                ],
                [LINK, "Bristol", "South West", date(2022, 12, 5), RI, RI, RI, "Good", "Good"],
                [LINK, "Cumberland", "North West", "Not yet inspected", "", "", "", "", ""],
            ],
            blank_row=True,
        ),
        "Provider_level_at_31_Mar_2023": [["Providers"], ["Web link", "URN"], [LINK, "1"]],
    }


def _check_2023_release(result: ReadResult, file: str) -> None:
    events = [(e.authority_code, e.kind, e.fieldwork_start, e.published_on) for e in result.events]
    assert events == [
        ("E06000023", EventKind.STANDARD_INSPECTION, date(2022, 12, 5), date(2023, 2, 10)),
        # The first SIF block: published on 1 January 2015, its start 12 weeks before.
        ("E09000003", EventKind.SIF_INSPECTION, date(2014, 10, 9), date(2015, 1, 1)),
        ("E09000003", EventKind.SHORT_INSPECTION, date(2022, 7, 4), date(2022, 9, 5)),
        ("E09000003", EventKind.FOCUSED_VISIT, date(2023, 3, 1), None),
    ]
    assert {e.release for e in result.events} == {date(2023, 3, 31)}
    bristol, sif, barnet, visit = result.events
    assert sif.start_estimated
    assert not barnet.start_estimated
    assert sif.grades == {JudgementArea.OVERALL_EFFECTIVENESS: Grade.GOOD}
    # Bristol started in December 2022: the combined children in care judgement.
    assert bristol.grades[JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS] is Grade.GOOD
    assert JudgementArea.CHILDREN_IN_CARE not in bristol.grades
    assert bristol.source.sheet == "LA_inspections_2009-2023"
    assert barnet.grades == {
        JudgementArea.OVERALL_EFFECTIVENESS: Grade.OUTSTANDING,
        JudgementArea.IMPACT_OF_LEADERS: Grade.OUTSTANDING,
        JudgementArea.HELP_AND_PROTECTION: Grade.GOOD,
        JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS: Grade.OUTSTANDING,
    }
    assert barnet.source == SourceRef(file, "LA_inspections_2009-2023", 6)
    assert visit.theme is Theme.CARE_LEAVERS
    assert visit.source == SourceRef(file, "LA_level_in_year_2022-23", 5)
    rejected = [(r.source.sheet, r.source.row) for r in result.rejected]
    assert rejected == [("LA_inspections_2009-2023", 6), ("LA_inspections_2009-2023", 11)]
    first_barnet, dorset = result.rejected
    assert "[First ILACS]" in first_barnet.reason
    assert "01/07/2019" in first_barnet.reason
    assert "no inspection date in this release" in dorset.reason
    assert "E10000009" in dorset.reason  # Dorset County Council, not today's Dorset


def test_2023_layout_ods(tmp_path: Path, authorities: AuthorityIndex) -> None:
    sheets = _release_2023_sheets()
    hidden = {"LA_level_in_year_2021-22": sheet("old", IN_YEAR_2023, [[LINK, "Atlantis"]])}
    path = write_ods(
        tmp_path / "Childrens_social_care_in_England_2023_underlying_data.ods",
        {**hidden, **sheets},
        hidden=hidden,
    )
    _check_2023_release(read_release(path, authorities), path.name)


def test_2023_layout_xlsx(tmp_path: Path, authorities: AuthorityIndex) -> None:
    path = write_xlsx(
        tmp_path / "Childrens_social_care_in_England_2023_underlying_data.xlsx",
        _release_2023_sheets(),
    )
    _check_2023_release(read_release(path, authorities), path.name)


def test_2023_layout_csv_exports(tmp_path: Path, authorities: AuthorityIndex) -> None:
    paths = [
        write_csv(tmp_path / f"Childrens_social_care_in_England_2023__{name}.csv", rows)
        for name, rows in _release_2023_sheets().items()
        if name.startswith("LA_")
    ]
    result = read_release(paths, authorities)
    events = [(e.authority_code, e.kind, e.fieldwork_start) for e in result.events]
    assert len(events) == 4  # Bristol's and Barnet's inspections, Barnet's SIF and visit
    assert len(result.rejected) == 2
    assert result.events[2].source.file == paths[0].name


def test_release_date_from_file_name_or_cover(tmp_path: Path, authorities: AuthorityIndex) -> None:
    history = sheet("ILACS inspection history from 2018-2025", HISTORY_2025, [
        [LINK, "E09000003", "Barnet", "Current", "London", "13/05/2019", "01/07/2019",
         "ILACS Standard Inspection", "Good", "Good", "Good", "Good", ""],
    ])  # fmt: skip
    by_name = write_csv(tmp_path / "LA_Inspection_Outcomes_as_at_31_March_2026.csv", history)
    assert read_release(by_name, authorities).events[0].release == date(2026, 3, 31)
    by_cover = write_ods(
        tmp_path / "outcomes.ods",
        {
            "Cover": [["Local authority inspection outcomes as at 31 March 2027"]],
            "ILACS_inspection_history": history,
        },
    )
    event = read_release(by_cover, authorities).events[0]
    assert event.release == date(2027, 3, 31)
    assert event.source == SourceRef("outcomes.ods", "ILACS_inspection_history", 4)


def test_same_inspection_in_several_sheets_keeps_the_most_informative(
    tmp_path: Path, authorities: AuthorityIndex
) -> None:
    five = ["Good", "Good", "Good", "Outstanding", "Good"]
    as_at = sheet("Local authority inspection judgements as at 31 March 2025", AS_AT_2025, [
        [LINK, "E09000003", "Barnet", "London", "11/06/2024", "", "Good"],
    ])  # fmt: skip
    in_year = sheet("Local authority in-year inspection activity 2024-25", IN_YEAR_2025, [
        row_2025_in_year("E09000003", "Barnet", "10/06/2024", "23/07/2024",
                         "ILACS Short Inspection", *five),
        row_2025_in_year("E09000003", "Barnet", "01/07/2024", "", "LA Monitoring visit",
                         theme="Front door"),
        row_2025_in_year("E09000003", "Barnet", "04/07/2024", "", "LA Monitoring visit",
                         theme="Care leavers"),
    ])  # fmt: skip
    history = sheet("ILACS inspection history", HISTORY_2025, [
        [LINK, "E09000003", "Barnet", "Current", "London", "10/06/2024", "",
         "ILACS Short Inspection", *five],
    ])  # fmt: skip
    path = write_ods(
        tmp_path / "release.ods",
        {
            "ILACS_inspection_history": history,
            "Inspections_as_at_31_March": as_at,
            "In-year_inspections": in_year,
        },
    )
    result = read_release(path, authorities)
    assert result.rejected == []
    inspection, first_visit, second_visit = result.events
    assert inspection.source.sheet == "In-year_inspections"  # it has the publication date
    assert (inspection.fieldwork_start, inspection.published_on) == (
        date(2024, 6, 10),
        date(2024, 7, 23),
    )
    assert len(inspection.grades) == 5
    # Two visits of one sheet are never merged, however close.
    assert (first_visit.theme, second_visit.theme) == (Theme.FRONT_DOOR, Theme.CARE_LEAVERS)
    assert len({inspection, first_visit, second_visit}) == 3  # events are hashable


def test_wide_block_needs_the_same_publication_date(
    tmp_path: Path, authorities: AuthorityIndex
) -> None:
    """Where the dated sheet gives publication dates too, they must agree."""
    as_at = sheet("Judgements as at 31 March 2025", AS_AT_2025, [
        [LINK, "E09000003", "Barnet", "London", "10/06/2024", "23/07/2024", "Good"],
        [LINK, "E09000004", "Bexley", "London", "10/06/2024", "", "Good"],
    ])  # fmt: skip
    wide_header = ["Web link", "Local authority name", "LA region",
                   "First ILACS publication date", "First ILACS inspection type",
                   "First ILACS overall effectiveness"]  # fmt: skip
    wide = [["ILACS inspections 2018-2025"], wide_header,
            [LINK, "Barnet", "London", "24/07/2024", "ILACS Short Inspection", "Good"],
            [LINK, "Bexley", "London", "01/09/2024", "ILACS Short Inspection", "Good"]]  # fmt: skip
    path = write_ods(
        tmp_path / "release.ods",
        {"Inspections_as_at_31_March": as_at, "ILACS_inspections_2018-2025": wide},
    )
    result = read_release(path, authorities)
    assert [(e.authority_code, e.kind, e.published_on) for e in result.events] == [
        ("E09000004", EventKind.SHORT_INSPECTION, date(2024, 9, 1)),
    ]
    reasons = {r.source.sheet: r.reason for r in result.rejected}
    assert len(result.rejected) == 2
    assert "row 3 [First ILACS]: no inspection date" in reasons["ILACS_inspections_2018-2025"]
    assert "row 4: no inspection type in this release" in reasons["Inspections_as_at_31_March"]


# --- merge_releases ----------------------------------------------------------------------


def event(
    authority: str,
    kind: EventKind,
    start: date,
    release: date,
    *,
    published: date | None = None,
    grades: dict[JudgementArea, Grade] | None = None,
    theme: Theme | None = None,
    row: int = 4,
) -> ImportedEvent:
    return ImportedEvent(
        authority_code=authority,
        kind=kind,
        fieldwork_start=start,
        published_on=published,
        grades=grades or {},
        theme=theme,
        release=release,
        source=SourceRef(f"{release.year}.ods", "sheet", row),
    )


R2023, R2024, R2025 = date(2023, 3, 31), date(2024, 3, 31), date(2025, 3, 31)
OVERALL = JudgementArea.OVERALL_EFFECTIVENESS


def test_merge_newest_release_wins_within_tolerance() -> None:
    cumbria = "E10000006"
    old = event(cumbria, EventKind.STANDARD_INSPECTION, date(2022, 9, 21), R2023,
                published=date(2022, 11, 15), grades={OVERALL: Grade.GOOD})  # fmt: skip
    new = event(cumbria, EventKind.SHORT_INSPECTION, date(2022, 9, 20), R2025,
                grades={OVERALL: Grade.REQUIRES_IMPROVEMENT})  # fmt: skip
    merged = merge_releases([ReadResult([old], []), ReadResult([new], [])])
    assert merged == [
        event(cumbria, EventKind.SHORT_INSPECTION, date(2022, 9, 20), R2025,
              published=date(2022, 11, 15), grades={OVERALL: Grade.REQUIRES_IMPROVEMENT})
    ]  # fmt: skip
    # Outside the tolerance they are two inspections.
    assert len(merge_releases([ReadResult([old], []), ReadResult([new], [])], 0)) == 2


def test_merge_keeps_distinct_events_apart() -> None:
    barnet = "E09000003"
    day = date(2024, 1, 10)
    newest = [
        event(barnet, EventKind.FOCUSED_VISIT, day, R2025, theme=Theme.FRONT_DOOR),
        event(barnet, EventKind.MONITORING_VISIT, day, R2025, row=5),
        event(barnet, EventKind.MONITORING_VISIT, date(2024, 1, 12), R2025, row=6),
    ]
    older = [
        event(barnet, EventKind.FOCUSED_VISIT, date(2024, 1, 11), R2024,
              published=date(2024, 2, 20), theme=Theme.CARE_LEAVERS),
        event(barnet, EventKind.MONITORING_VISIT, date(2024, 1, 13), R2024,
              theme=Theme.CHILDREN_IN_CARE),
        event("E09000004", EventKind.FOCUSED_VISIT, day, R2024),
    ]  # fmt: skip
    merged = merge_releases([ReadResult(older, []), ReadResult(newest, [])])
    assert [(e.authority_code, e.kind, e.fieldwork_start, e.release) for e in merged] == [
        (barnet, EventKind.FOCUSED_VISIT, day, R2025),
        (barnet, EventKind.MONITORING_VISIT, day, R2025),
        (barnet, EventKind.MONITORING_VISIT, date(2024, 1, 12), R2025),
        ("E09000004", EventKind.FOCUSED_VISIT, day, R2024),
    ]
    focused, _, second_monitoring, _ = merged
    assert focused.theme is Theme.FRONT_DOOR
    assert focused.published_on == date(2024, 2, 20)
    # The 13 Jan visit of 2024 is nearest the 12 Jan one of 2025: its theme fills the gap.
    assert second_monitoring.theme is Theme.CHILDREN_IN_CARE
    assert merge_releases([]) == []
