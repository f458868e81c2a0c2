"""Grades entered for an inspection: hard checks against the framework, soft consistency."""

from __future__ import annotations

import pytest

from api.domain.errors import InvalidJudgements
from api.domain.frameworks import get_framework
from api.domain.judgements import ConsistencyPolicy, validate_grades
from api.domain.vocabulary import EventKind, Grade, JudgementArea

K = EventKind
OE = "overall_effectiveness"
LEAD = "impact_of_leaders"
HP = "help_and_protection"
CIC = "children_in_care"
CL = "care_leavers"
CICCL = "children_in_care_and_care_leavers"
OUT, G, RI, IN = "outstanding", "good", "requires_improvement", "inadequate"


def grades_2023(oe: str, lead: str, hp: str, cic: str, cl: str) -> dict[str, str]:
    return {OE: oe, LEAD: lead, HP: hp, CIC: cic, CL: cl}


def grades_2018(oe: str, lead: str, hp: str, ciccl: str) -> dict[str, str]:
    return {OE: oe, LEAD: lead, HP: hp, CICCL: ciccl}


def test_valid_grades_are_typed() -> None:
    typed, warnings = validate_grades(
        get_framework("ilacs-2023"), K.STANDARD_INSPECTION, grades_2023(G, G, RI, G, OUT)
    )
    assert typed == {
        JudgementArea.OVERALL_EFFECTIVENESS: Grade.GOOD,
        JudgementArea.IMPACT_OF_LEADERS: Grade.GOOD,
        JudgementArea.HELP_AND_PROTECTION: Grade.REQUIRES_IMPROVEMENT,
        JudgementArea.CHILDREN_IN_CARE: Grade.GOOD,
        JudgementArea.CARE_LEAVERS: Grade.OUTSTANDING,
    }
    assert warnings == []


@pytest.mark.parametrize(
    ("framework_id", "kind", "grades"),
    [
        ("ilacs-2018", K.SHORT_INSPECTION, grades_2018(G, G, G, G)),
        ("ilacs-2026", K.SHORT_INSPECTION, {LEAD: G, HP: G, CIC: IN, CL: G}),
        ("sif-2013", K.SIF_INSPECTION, {OE: RI, HP: RI, "children_looked_after": RI,
                                        "leadership_management_governance": RI}),
        ("sif-2013", K.SIF_INSPECTION, {OE: RI, HP: RI, "children_looked_after": RI,
                                        "leadership_management_governance": RI, "adoption": G,
                                        CL: RI}),
    ],
)  # fmt: skip
def test_accepted_sets(framework_id: str, kind: EventKind, grades: dict[str, str]) -> None:
    typed, _ = validate_grades(get_framework(framework_id), kind, grades)
    assert set(typed) == set(grades)


@pytest.mark.parametrize(
    ("framework_id", "kind", "grades", "fields"),
    [
        # Ungraded kinds, or a kind the framework does not grade.
        ("ilacs-2023", K.FOCUSED_VISIT, grades_2023(G, G, G, G, G), ["grades"]),
        ("ilacs-2023", K.JTAI, grades_2023(G, G, G, G, G), ["grades"]),
        ("ilacs-2023", K.SIF_INSPECTION, grades_2023(G, G, G, G, G), ["grades"]),
        # Unknown key (and so the real one is missing).
        ("ilacs-2023", K.SHORT_INSPECTION, {**grades_2023(G, G, G, G, G), "overall": G},
         ["grades.overall"]),
        # care leavers was not a separate judgement before 2023...
        ("ilacs-2018", K.STANDARD_INSPECTION, {**grades_2018(G, G, G, G), CL: G},
         ["grades.care_leavers"]),
        # ...and the combined one is gone since.
        ("ilacs-2023", K.STANDARD_INSPECTION, {OE: G, LEAD: G, HP: G, CICCL: G},
         ["grades.children_in_care_and_care_leavers", "grades.children_in_care",
          "grades.care_leavers"]),
        # No overall effectiveness from April 2026.
        ("ilacs-2026", K.STANDARD_INSPECTION, {OE: G, LEAD: G, HP: G, CIC: G, CL: G},
         ["grades.overall_effectiveness"]),
        # Missing required judgement.
        ("ilacs-2026", K.STANDARD_INSPECTION, {LEAD: G, HP: G, CIC: G},
         ["grades.care_leavers"]),
        # Values must be one of the four grades, spelt as the API spells them.
        ("ilacs-2018", K.STANDARD_INSPECTION,
         grades_2018("Requires improvement to be good", G, G, G),
         ["grades.overall_effectiveness"]),
        ("ilacs-2018", K.STANDARD_INSPECTION, grades_2018(G, "", "Good", G),
         ["grades.impact_of_leaders", "grades.help_and_protection"]),
        ("sif-2013", K.SIF_INSPECTION, {OE: RI, HP: RI, "adoption": G},
         ["grades.children_looked_after", "grades.leadership_management_governance"]),
    ],
)  # fmt: skip
def test_refused_sets_name_every_bad_field(
    framework_id: str, kind: EventKind, grades: dict[str, str], fields: list[str]
) -> None:
    with pytest.raises(InvalidJudgements) as caught:
        validate_grades(get_framework(framework_id), kind, grades)
    assert caught.value.code == "invalid-judgements"
    assert [error.field for error in caught.value.errors] == fields


@pytest.mark.parametrize(
    ("grades", "codes"),
    [
        # Consistent real results: Northamptonshire 2019, Dorset 2021, Cumbria 2022.
        (grades_2018(IN, RI, IN, IN), []),
        (grades_2018(G, OUT, G, G), []),
        (grades_2018(RI, RI, RI, G), []),
        # Overall above every other judgement, or below every one.
        (grades_2018(OUT, G, G, G), ["overall-better-than-best"]),
        (grades_2018(IN, RI, RI, G), ["overall-worse-than-worst"]),
        (grades_2018(RI, G, OUT, G), ["overall-worse-than-worst"]),
        # A practice judgement inadequate, overall not.
        (grades_2018(RI, RI, IN, RI), ["practice-inadequate-overall-not"]),
        (grades_2018(RI, RI, RI, IN), ["practice-inadequate-overall-not"]),
        # Bournemouth 2018: leaders inadequate, overall requires improvement (3 of 28 cases).
        (grades_2018(RI, IN, RI, RI), ["leaders-inadequate-overall-not"]),
        (grades_2018(G, IN, IN, G), ["practice-inadequate-overall-not",
                                     "leaders-inadequate-overall-not"]),
    ],
)  # fmt: skip
def test_consistency_warnings_ilacs_2018(grades: dict[str, str], codes: list[str]) -> None:
    typed, warnings = validate_grades(get_framework("ilacs-2018"), K.STANDARD_INSPECTION, grades)
    assert [warning.code for warning in warnings] == codes
    assert len(typed) == 4  # warnings never hold the grades back


@pytest.mark.parametrize(
    ("grades", "codes"),
    [
        (grades_2023(G, G, G, G, RI), []),
        (grades_2023(G, G, G, G, IN), ["practice-inadequate-overall-not"]),
        (grades_2023(RI, G, G, IN, G), ["practice-inadequate-overall-not"]),
        (grades_2023(OUT, OUT, OUT, OUT, G), []),
    ],
)
def test_consistency_warnings_ilacs_2023(grades: dict[str, str], codes: list[str]) -> None:
    _, warnings = validate_grades(get_framework("ilacs-2023"), K.SHORT_INSPECTION, grades)
    assert [warning.code for warning in warnings] == codes


def test_no_consistency_warnings_without_an_overall_grade() -> None:
    _, warnings = validate_grades(
        get_framework("ilacs-2026"), K.STANDARD_INSPECTION, {LEAD: IN, HP: OUT, CIC: G, CL: IN}
    )
    assert warnings == []


def test_sif_optional_sub_judgements_do_not_raise_warnings() -> None:
    grades = {OE: G, HP: G, "children_looked_after": G, "leadership_management_governance": G,
              "adoption": OUT, CL: IN}  # fmt: skip
    _, warnings = validate_grades(get_framework("sif-2013"), K.SIF_INSPECTION, grades)
    assert warnings == []


def test_sif_leadership_counts_as_leaders() -> None:
    grades = {OE: RI, HP: RI, "children_looked_after": RI, "leadership_management_governance": IN}
    _, warnings = validate_grades(get_framework("sif-2013"), K.SIF_INSPECTION, grades)
    assert [warning.code for warning in warnings] == ["leaders-inadequate-overall-not"]


def test_consistency_areas_are_policy() -> None:
    lenient = ConsistencyPolicy(leaders=frozenset())
    _, warnings = validate_grades(
        get_framework("ilacs-2018"), K.STANDARD_INSPECTION, grades_2018(RI, IN, RI, RI), lenient
    )
    assert warnings == []
