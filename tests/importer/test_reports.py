"""The report PDF reader, on Ofsted's real reports and on synthetic files.

The real reports and Ofsted's official record of each are in tests/fixtures/ofsted_reports/
(see its README): every field the record gives is compared with what the reader makes of the
PDF.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from api.domain.frameworks import framework_for, get_framework
from api.domain.vocabulary import EventKind, Grade, JudgementArea
from api.importer.reports import (
    FieldworkBlock,
    ReportAuthorities,
    ReportRefused,
    fields,
    read_report,
)
from api.importer.values import parse_grade

J = JudgementArea
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofsted_reports"
EXPECTED = list(csv.DictReader((FIXTURES / "expected.csv").open(newline="", encoding="utf-8")))
GRADED = [row for row in EXPECTED if row["kind"] != "refused"]
REFUSED = [row for row in EXPECTED if row["kind"] == "refused"]

# expected.csv's grade columns -> the judgement each names, by framework (see the README).
COLUMNS: dict[str, dict[str, JudgementArea]] = {
    "sif-2013": {
        "overall_effectiveness": J.OVERALL_EFFECTIVENESS,
        "impact_of_leaders": J.LEADERSHIP_MANAGEMENT_GOVERNANCE,
        "help_and_protection": J.HELP_AND_PROTECTION,
        "children_in_care": J.CHILDREN_LOOKED_AFTER,
        "care_leavers": J.CARE_LEAVERS,
    },
    "ilacs-2018": {
        "overall_effectiveness": J.OVERALL_EFFECTIVENESS,
        "impact_of_leaders": J.IMPACT_OF_LEADERS,
        "help_and_protection": J.HELP_AND_PROTECTION,
        "children_in_care": J.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
        "care_leavers": J.CARE_LEAVERS,  # always empty: no separate judgement before 2023
    },
    "ilacs-2023": {
        column: JudgementArea(column)
        for column in (
            "overall_effectiveness",
            "impact_of_leaders",
            "help_and_protection",
            "children_in_care",
            "care_leavers",
        )
    },
}

# What the PDFs print and the official record does not give (read by eye from each PDF).
LEAD_INSPECTORS = {
    "E09000017_2014-02-11.pdf": "Ian Young",
    "E08000037_2016-03-11.pdf": "Tracey Metcalfe",
    "E06000012_2017-09-25.pdf": "Sheena Doyle",
    "E08000024_2018-07-25.pdf": "Lisa Summers",
    "E10000011_2018-09-04.pdf": "Mandy Nightingale",
    "E06000043_2018-08-21.pdf": "Tara Geere",
    "E10000018_2019-11-04.pdf": "Kate Malleson",
    "E09000011_2020-01-27.pdf": "Andy Whippey",
    "E06000012_2021-11-26.pdf": "Matt Reed",
    "E06000022_2022-04-19.pdf": "Steve Lowe",
    "E08000005_2023-03-17.pdf": "Lisa Walsh",
    "E06000053_2023-08-25.pdf": "Tracey Ledder",
    "E08000033_2024-05-15.pdf": "Naintara Khosla",
    "E06000016_2025-01-29.pdf": "Tom Anthony",
    "E08000017_2025-03-18.pdf": "Catherine Heron",
    "E06000061_2022-11-25.pdf": "Alison Smale",
    "E06000063_2024-11-26.pdf": "Lisa Walsh",
}
# SIF fieldwork, which the official record leaves out (as printed on each report).
SIF_FIELDWORK = {
    "E09000017_2014-02-11.pdf": (date(2013, 11, 25), date(2013, 12, 18)),
    "E08000037_2016-03-11.pdf": (date(2015, 10, 27), date(2015, 11, 19)),
    "E06000012_2017-09-25.pdf": (date(2017, 7, 10), date(2017, 8, 3)),
    "E08000024_2018-07-25.pdf": (date(2018, 4, 23), date(2018, 5, 18)),
}
# Reports whose text states no publication date: ILACS reports never do, nor did the first
# SIF reports (Hillingdon's, 2014).
STATES_NO_PUBLICATION_DATE = {"E09000017_2014-02-11.pdf"}


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@pytest.mark.parametrize("row", GRADED, ids=[row["file"] for row in GRADED])
def test_real_report_matches_ofsteds_record(row: dict[str, str]) -> None:
    report = read_report(FIXTURES / row["file"])

    assert report.authority_code == row["authority_code"]
    assert report.kind == EventKind(row["kind"])
    assert report.joint_authority_codes == ()
    if start := _date(row["fieldwork_start"]):
        assert report.fieldwork_start == start
    if end := _date(row["fieldwork_end"]):
        assert report.fieldwork_end == end
    if row["file"] in SIF_FIELDWORK:
        assert (report.fieldwork_start, report.fieldwork_end) == SIF_FIELDWORK[row["file"]]
    assert len(report.fieldwork) == 1

    if report.kind is EventKind.SIF_INSPECTION:
        expected_framework = get_framework("sif-2013")
    else:
        expected_framework = framework_for(report.kind, report.fieldwork_start)
    assert report.framework_id == expected_framework.id

    columns = COLUMNS[report.framework_id]
    expected = {
        columns[column]: grade
        for column in columns
        if (grade := parse_grade(row[column])) is not None
    }
    read = {area: grade for area, grade in report.grades.items() if area in expected}
    assert read == expected
    # Nothing beyond the framework's judgements (SIF's adoption judgement is not in the record).
    assert set(report.grades) <= set(expected_framework.allowed_judgements)
    assert set(expected_framework.judgements) <= set(report.grades)

    if report.kind is EventKind.SIF_INSPECTION and row["file"] not in STATES_NO_PUBLICATION_DATE:
        assert report.published_on == _date(row["published_on"])
    else:
        assert report.published_on is None
    assert report.lead_inspector == LEAD_INSPECTORS[row["file"]]


def test_sif_reports_carry_adoption_but_not_the_lscb() -> None:
    report = read_report(FIXTURES / "E09000017_2014-02-11.pdf")
    assert report.grades[J.ADOPTION] is Grade.GOOD
    # The LSCB "requires improvement" too, but it is not a judgement of the authority.
    assert list(report.grades) == [
        J.OVERALL_EFFECTIVENESS,
        J.HELP_AND_PROTECTION,
        J.CHILDREN_LOOKED_AFTER,
        J.LEADERSHIP_MANAGEMENT_GOVERNANCE,
        J.ADOPTION,
        J.CARE_LEAVERS,
    ]


def test_report_is_frozen() -> None:
    report = read_report(FIXTURES / "E06000063_2024-11-26.pdf")
    with pytest.raises(AttributeError):
        report.kind = EventKind.SHORT_INSPECTION  # type: ignore[misc]
    with pytest.raises(TypeError):
        report.grades[J.CARE_LEAVERS] = Grade.GOOD  # type: ignore[index]


@pytest.mark.parametrize("row", REFUSED, ids=[row["file"] for row in REFUSED])
def test_real_non_report_is_refused(row: dict[str, str]) -> None:
    with pytest.raises(ReportRefused, match=r"HTML") as refused:
        read_report(FIXTURES / row["file"])
    assert refused.value.reason.startswith(row["file"])


# ---- synthetic files ------------------------------------------------------------------------


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF printing `lines` in Helvetica, one under another."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    content = "BT /F1 10 Tf 12 TL 40 800 Td " + " ".join(f"({t}) Tj T*" for t in escaped) + " ET"
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _ilacs(name: str, dates: str, grades: list[tuple[str, str]]) -> list[str]:
    lines = [f"Inspection of {name} local", "authority children's services", dates]
    lines.append("Lead inspector: Ann Example, His Majesty's Inspector")
    lines.append("Judgement Grade")
    for label, grade in grades:
        lines += [label, *grade.split("\n")]
    return [*lines, "Services for children are described here."]


LEADERS = "The impact of leaders on social work practice with children and families"
HELP = "The experiences and progress of children who need help and protection"
CARE = "The experiences and progress of children in care"
LEAVERS = "The experiences and progress of care leavers"


def _write(tmp_path: Path, lines: list[str], name: str = "report.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(_pdf(lines))
    return path


def test_synthetic_pdf_round_trip(tmp_path: Path) -> None:
    """A report in two blocks weeks apart, under the 2026 framework (no overall grade)."""
    lines = _ilacs(
        "City of York Council",
        "Inspection dates: 13 to 17 April and 4 to 8 May 2026",
        [
            (LEADERS, "Good"),
            (HELP, "Requires improvement to be\ngood"),  # a grade broken across lines
            (CARE, "Good"),
            (LEAVERS, "Outstanding"),
        ],
    )
    report = read_report(_write(tmp_path, lines))
    assert report.authority_code == "E06000014"
    assert report.framework_id == "ilacs-2026"
    assert report.kind is EventKind.STANDARD_INSPECTION
    assert report.fieldwork == (
        FieldworkBlock(date(2026, 4, 13), date(2026, 4, 17)),
        FieldworkBlock(date(2026, 5, 4), date(2026, 5, 8)),
    )
    assert dict(report.grades) == {
        J.IMPACT_OF_LEADERS: Grade.GOOD,
        J.HELP_AND_PROTECTION: Grade.REQUIRES_IMPROVEMENT,
        J.CHILDREN_IN_CARE: Grade.GOOD,
        J.CARE_LEAVERS: Grade.OUTSTANDING,
    }
    assert report.lead_inspectors == ("Ann Example",)
    assert report.published_on is None


def test_joint_report_names_both_councils(tmp_path: Path) -> None:
    grades = [(LEADERS, "Good"), (HELP, "Good"), (CARE + " and care leavers", "Good")]
    lines = _ilacs(
        "North Northamptonshire and West Northamptonshire",
        "Inspection dates: 3 to 14 October 2022",
        [*grades, ("Overall effectiveness", "Good")],
    )
    report = read_report(_write(tmp_path, lines))
    assert report.authority_code == "E06000061"
    assert report.joint_authority_codes == ("E06000062",)
    assert report.kind is EventKind.STANDARD_INSPECTION
    assert report.framework_id == "ilacs-2018"


def test_judgements_that_do_not_fit_the_framework_are_refused(tmp_path: Path) -> None:
    """A 2023-framework report must grade care leavers apart; a misread one is refused."""
    lines = _ilacs(
        "Kent County Council",
        "Inspection dates: 6 to 10 March 2023",
        [(LEADERS, "Good"), (HELP, "Good"), (CARE, "Good"), ("Overall effectiveness", "Good")],
    )
    with pytest.raises(ReportRefused, match=r"ilacs-2023: missing care_leavers"):
        read_report(_write(tmp_path, lines))


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (
            [
                "Kent Safeguarding Children Board",
                "Review of the effectiveness of the Local Safeguarding Children Board",
                "Inspection date: 15 June 2015 - 17 June 2015",
                "The Local Safeguarding Children Board requires improvement",
            ],
            r"review of a local safeguarding children board alone",
        ),
        (
            [
                "Inspection of safeguarding and looked after children services",
                "Kent County Council",
                "Inspection dates: 8 - 19 July 2013",
                "Overall effectiveness Adequate",
            ],
            r"framework before 2013",
        ),
        (
            [
                "Focused visit to Kent County Council children's services",
                "Inspection dates: 3 to 4 May 2023",
            ],
            r"focused visit",
        ),
        (["Minutes of the corporate parenting board", "Nothing to see."], r"no judgements"),
    ],
    ids=["lscb-review-alone", "looked-after-children-2013", "focused-visit", "other-pdf"],
)
def test_other_documents_are_refused(tmp_path: Path, lines: list[str], reason: str) -> None:
    with pytest.raises(ReportRefused, match=reason):
        read_report(_write(tmp_path, lines))


def test_html_saved_as_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("<!DOCTYPE html>\n<html><head><title>Ofsted</title></head></html>\n")
    with pytest.raises(ReportRefused, match=r"^report\.pdf: .*HTML"):
        read_report(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(ReportRefused, match=r"empty"):
        read_report(path)


def test_broken_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    with pytest.raises(ReportRefused, match=r"not a readable PDF"):
        read_report(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReportRefused, match=r"cannot be read"):
        read_report(tmp_path / "absent.pdf")


# ---- the text patterns ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        ("Inspection dates: 4 October to 15 October 2021 Lead", [("2021-10-04", "2021-10-15")]),
        ("Inspection dates: 23 to 27 September 2024", [("2024-09-23", "2024-09-27")]),
        ("Inspection date: 23 April-18 May 2018 Report", [("2018-04-23", "2018-05-18")]),
        ("Inspection date: 25 November 2013 - 18 December 2013", [("2013-11-25", "2013-12-18")]),
        ("Inspection date: 12/09/2016 to 06/10/2016 Report", [("2016-09-12", "2016-10-06")]),
        ("Inspection dates: 28 December to 8 January 2021", [("2020-12-28", "2021-01-08")]),
        (
            "Inspection dates: 5 December to 9 December 2022 and 14 February to 15 February"
            " 2023 Lead inspector",
            [("2022-12-05", "2022-12-09"), ("2023-02-14", "2023-02-15")],
        ),
    ],
)
def test_fieldwork_dates(text: str, blocks: list[tuple[str, str]]) -> None:
    assert fields.fieldwork(text) == tuple(
        FieldworkBlock(date.fromisoformat(a), date.fromisoformat(b)) for a, b in blocks
    )


def test_unreadable_dates_are_refused() -> None:
    with pytest.raises(ReportRefused, match=r"inspection dates"):
        fields.fieldwork("Inspection dates: to be confirmed")


@pytest.mark.parametrize(
    ("page", "names"),
    [
        ("Lead inspector: Matt Reed, Her Majesty's Inspector\n", ("Matt Reed",)),
        ("Lead inspector: Tara Geere\nHer Majesty's Inspector\n", ("Tara Geere",)),
        ("Lead inspector: Mandy Nightingale HMI\n", ("Mandy Nightingale",)),
        (
            "Deputy lead inspector: Rachel Holden\nLead inspector: Karen Wareing (HMI)\n",
            ("Karen Wareing",),
        ),
        (
            "Lead inspectors: Rebecca Quested, His Majesty's Inspector, and Matthew Reed, \n"
            "His Majesty's Inspector\n",
            ("Rebecca Quested", "Matthew Reed"),
        ),
        ("The lead inspector met the director.\n", ()),
    ],
)
def test_lead_inspectors(page: str, names: tuple[str, ...]) -> None:
    assert fields.lead_inspectors([page]) == names


@pytest.fixture(scope="module")
def authorities() -> ReportAuthorities:
    return ReportAuthorities.load()


@pytest.mark.parametrize(
    ("name", "on", "codes"),
    [
        ("Kent County Council", date(2022, 1, 10), ("E10000016",)),
        ("Bristol City Council", date(2022, 1, 10), ("E06000023",)),
        ("Royal Borough of Windsor and Maidenhead", date(2022, 1, 10), ("E06000040",)),
        ("Bournemouth, Christchurch and Poole Council", date(2021, 1, 10), ("E06000058",)),
        ("City of York", date(2022, 1, 10), ("E06000014",)),
        ("City of London", date(2022, 1, 10), ("E09000001",)),
        ("Council of the Isles of Scilly", date(2023, 7, 11), ("E06000053",)),
        ("London Borough of Hillingdon", date(2013, 11, 25), ("E09000017",)),
        ("Wakefield District Metropolitan Council", date(2018, 6, 4), ("E08000036",)),
        ("Tameside metropolitan borough", date(2019, 5, 13), ("E08000008",)),
        ("Newcastle", date(2021, 11, 29), ("E08000021",)),
        ("East Riding", date(2023, 1, 30), ("E06000011",)),
        ("Kingston upon Hull City Council", date(2022, 1, 10), ("E06000010",)),
        ("Bournemouth Borough Council", date(2017, 1, 10), ("E06000028",)),
        ("Cumbria County Council", date(2022, 11, 7), ("E10000006",)),
        # Same name, two councils: the county before the 2019 reorganisation, the unitary after.
        ("Dorset County Council", date(2017, 1, 10), ("E10000009",)),
        ("Dorset Council", date(2021, 10, 4), ("E06000059",)),
        # Only the ONS code changed (same DfE number): Ofsted files it under today's code.
        ("North Yorkshire County Council", date(2018, 6, 4), ("E06000065",)),
        (
            "North Northamptonshire and West Northamptonshire",
            date(2022, 10, 3),
            ("E06000061", "E06000062"),
        ),
        ("Brighton and Hove City Council", date(2018, 7, 9), ("E06000043",)),
        ("Atlantis", date(2018, 7, 9), ()),
    ],
)
def test_authority_names(
    authorities: ReportAuthorities, name: str, on: date, codes: tuple[str, ...]
) -> None:
    assert authorities.resolve(name, on) == codes
