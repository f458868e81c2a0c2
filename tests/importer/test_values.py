from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.vocabulary import EventKind, Grade, Theme
from api.importer.columns import Field, field_for, read_header
from api.importer.values import (
    CellError,
    parse_date,
    parse_grade,
    parse_kind,
    parse_theme,
    release_from_text,
    release_from_year_span,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("10/07/2023", date(2023, 7, 10)),  # day first, as the CSV exports show dates
        ("01/04/2019", date(2019, 4, 1)),
        (" 5/9/2022 ", date(2022, 9, 5)),
        ("2023-07-10", date(2023, 7, 10)),
        ("2023-07-10 00:00:00", date(2023, 7, 10)),
        ("25 September 2025", date(2025, 9, 25)),
        (datetime(2023, 7, 10, 0, 0), date(2023, 7, 10)),  # calamine date cells
        (date(2023, 7, 10), date(2023, 7, 10)),
        ("", None),
        ("-", None),
        ("Not yet inspected", None),
        ("No full inspection", None),
        (None, None),
    ],
)
def test_parse_date(cell: object, expected: date | None) -> None:
    assert parse_date(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("31/02/2024", "'31/02/2024'"),
        ("07/31/2023", "'07/31/2023'"),
        ("soon", "'soon'"),
        ("45000", "'45000'"),
        (45000.0, "'45000'"),
        (True, "'True'"),
    ],
)
def test_parse_date_rejects(cell: object, shown: str) -> None:
    # The rejection reason quotes the cell, so whoever reads it can find the cell and fix it.
    with pytest.raises(CellError, match=rf"^not a date.*: {re.escape(shown)}$"):
        parse_date(cell)  # type: ignore[arg-type]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_day_first_round_trip(day: date) -> None:
    assert parse_date(f"{day:%d/%m/%Y}") == day


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Outstanding", Grade.OUTSTANDING),
        ("good", Grade.GOOD),
        ("Requires improvement to be good", Grade.REQUIRES_IMPROVEMENT),
        ("Requires  Improvement", Grade.REQUIRES_IMPROVEMENT),
        ("Inadequate ", Grade.INADEQUATE),
        ("", None),
        ("-", None),
        ("No full inspection", None),
    ],
)
def test_parse_grade(cell: str, expected: Grade | None) -> None:
    assert parse_grade(cell) is expected


@pytest.mark.parametrize("cell", ["Satisfactory", "3", "Good?"])
def test_parse_grade_rejects(cell: str) -> None:
    with pytest.raises(CellError, match=rf"^not a judgement: {re.escape(repr(cell))}$"):
        parse_grade(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("ILACS Standard Inspection", EventKind.STANDARD_INSPECTION),
        ("ILACS Short Inspection", EventKind.SHORT_INSPECTION),
        ("ILACS Focused Visit", EventKind.FOCUSED_VISIT),
        ("LA Monitoring visit", EventKind.MONITORING_VISIT),
        ("la monitoring VISIT", EventKind.MONITORING_VISIT),
        ("ilacs short inspection", EventKind.SHORT_INSPECTION),
        ("", None),
    ],
)
def test_parse_kind(cell: str, expected: EventKind | None) -> None:
    assert parse_kind(cell) is expected


@pytest.mark.parametrize("cell", ["JTAI", "SIF inspection", "ILACS Inspection"])
def test_parse_kind_rejects(cell: str) -> None:
    with pytest.raises(CellError, match=rf"^not an ILACS inspection or visit type: '{cell}'$"):
        parse_kind(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Children in need/subject to a plan", Theme.CHILDREN_IN_NEED_OR_ON_A_PLAN),
        ("Care leavers", Theme.CARE_LEAVERS),
        ("Children in care", Theme.CHILDREN_IN_CARE),
        ("Front door", Theme.FRONT_DOOR),
        ("Achieving permanence", Theme.ACHIEVING_PERMANENCE),
        ("Vulnerable adolescents", Theme.VULNERABLE_ADOLESCENTS),
        ("Assurance visit", Theme.ASSURANCE_VISIT),
        ("Placement decisions", Theme.PLACEMENT_DECISIONS),
        ("", None),
    ],
)
def test_parse_theme(cell: str, expected: Theme | None) -> None:
    assert parse_theme(cell) is expected


def test_parse_theme_rejects() -> None:
    with pytest.raises(CellError, match=r"^not a visit theme: 'Fostering'$"):
        parse_theme("Fostering")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Local authority inspection judgements as at 31 March 2025", date(2025, 3, 31)),
        ("LA_Inspection_Outcomes_as_at_31_March_2025", date(2025, 3, 31)),
        ("LA_Inspection_Outcomes_as_at_March_2024", date(2024, 3, 31)),
        ("Inspections_31_March_2024", date(2024, 3, 31)),
        ("LA_level_at_31_Mar_2023", date(2023, 3, 31)),
        ("Childrens_social_care_in_England_2023_underlying_data", date(2023, 3, 31)),
        ("Children's social care data in England 2022", date(2022, 3, 31)),
        ("ILACS inspection history from 2018-2025", None),
        ("Cover", None),
    ],
)
def test_release_from_text(value: str, expected: date | None) -> None:
    assert release_from_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Local authority in-year inspection activity 2024-25", date(2025, 3, 31)),
        ("Inspections_in_year_2023-24", date(2024, 3, 31)),
        ("LA_level_in_year_1999-2000", date(2000, 3, 31)),
        ("ILACS inspection history from 2018-2025", None),
    ],
)
def test_release_from_year_span(value: str, expected: date | None) -> None:
    assert release_from_year_span(value) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Region", Field.REGION),
        ("Ofsted region", Field.REGION),
        ("LA region", Field.REGION),
        ("Inspection/Visit date", Field.DATE),
        ("INSPECTION DATE", Field.DATE),
        ("Impact of leaders", Field.LEADERS),
        ("The impact of leaders on social work practice with children and families", Field.LEADERS),
        ("Experiences and progress of children in care", Field.CHILDREN_IN_CARE),
        ("The experiences and progress of care leavers", Field.CARE_LEAVERS),
        (
            "Experiences and progress of children in care and care leavers",
            Field.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
        ),
        ("Local authority area code", Field.CODE),
        ("Visit Theme", Field.THEME),
        ("LA Authority Type", None),
    ],
)
def test_header_synonyms(header: str, expected: Field | None) -> None:
    assert field_for(header) is expected


def test_wide_header_blocks_ignore_sif_columns() -> None:
    header = read_header(
        [
            "Web link",
            "Local authority name",
            "First SIF Overall Judgement\n(OE)",
            "First ILACS framework inspection type",
            "First ILACS framework publication date",
            "First ILACS framework experiences and progress of children in care and care leavers",
            "Second ILACS publication date",
            "Second ILACS inspection type",
            "Second ILACS experiences and progress of care leavers",
        ]
    )
    assert header.columns == {Field.NAME: 1}
    assert header.blocks == {
        "First": {Field.TYPE: 3, Field.PUBLISHED: 4, Field.CHILDREN_IN_CARE_AND_CARE_LEAVERS: 5},
        "Second": {Field.PUBLISHED: 6, Field.TYPE: 7, Field.CARE_LEAVERS: 8},
    }
