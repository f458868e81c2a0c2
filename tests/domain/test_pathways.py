"""Pathways: from grades (each framework's policy) and across reorganisations (DOMAIN.md §3, §7).

Real cases come from Ofsted's ILACS inspection history (tests/fixtures/ofsted).
"""

from __future__ import annotations

from datetime import date

import pytest

from api.domain.errors import InvalidJudgements
from api.domain.pathways import (
    GradedInspection,
    NoOverallGradePolicy,
    OverallEffectivenessPolicy,
    PathwayState,
    least_favourable,
    pathway_of,
)
from api.domain.vocabulary import EventKind, Grade, JudgementArea, Pathway

D = date.fromisoformat
J = JudgementArea
G = Grade
P = Pathway
OUT, GD, RI, IN = G.OUTSTANDING, G.GOOD, G.REQUIRES_IMPROVEMENT, G.INADEQUATE


def ilacs_2018(
    event_id: str, code: str, start: str, published: str, overall: Grade, leaders: Grade,
    help_: Grade, care: Grade,
) -> GradedInspection:  # fmt: skip
    grades = {
        J.OVERALL_EFFECTIVENESS: overall,
        J.IMPACT_OF_LEADERS: leaders,
        J.HELP_AND_PROTECTION: help_,
        J.CHILDREN_IN_CARE_AND_CARE_LEAVERS: care,
    }
    return GradedInspection(
        event_id, code, EventKind.STANDARD_INSPECTION, "ilacs-2018", D(start), None, D(published),
        grades,
    )  # fmt: skip


def ilacs_2026(event_id: str, start: str, leaders: Grade, *practice: Grade) -> GradedInspection:
    grades = dict(
        zip((J.IMPACT_OF_LEADERS, J.HELP_AND_PROTECTION, J.CHILDREN_IN_CARE, J.CARE_LEAVERS),
            (leaders, *practice), strict=True)
    )  # fmt: skip
    return GradedInspection(
        event_id, "E09000002", EventKind.SHORT_INSPECTION, "ilacs-2026", D(start), None, None,
        grades,
    )  # fmt: skip


# Ofsted's own records (ILACS inspection history, as at 31 March 2025).
NORTHAMPTONSHIRE_2019 = ilacs_2018(
    "nh-2019", "E10000021", "2019-06-17", "2019-07-29", IN, RI, IN, IN
)
CUMBRIA_2022 = ilacs_2018("cu-2022", "E10000006", "2022-09-20", "2022-11-15", RI, RI, RI, GD)
BOURNEMOUTH_2018 = ilacs_2018("bo-2018", "E06000028", "2018-07-16", "2018-08-24", RI, IN, RI, RI)
NORTH_NORTHANTS_2022 = ilacs_2018(
    "nn-2022", "E06000061", "2022-10-03", "2022-11-25", RI, RI, RI, RI
)


@pytest.mark.parametrize(
    ("overall", "pathway"),
    [(OUT, P.SHORT), (GD, P.SHORT), (RI, P.STANDARD), (IN, P.MONITORING)],
)
def test_overall_effectiveness_policy(overall: Grade, pathway: Pathway) -> None:
    # The other grades are set against the overall one: only overall counts.
    others = IN if overall.good_or_better else OUT
    grades = {J.OVERALL_EFFECTIVENESS: overall, J.IMPACT_OF_LEADERS: others}
    assert OverallEffectivenessPolicy().pathway_for(grades) is pathway


def test_overall_effectiveness_policy_needs_the_overall_grade() -> None:
    with pytest.raises(InvalidJudgements) as caught:
        OverallEffectivenessPolicy().pathway_for({J.IMPACT_OF_LEADERS: GD})
    assert caught.value.code == "invalid-judgements"
    assert [error.field for error in caught.value.errors] == ["grades.overall_effectiveness"]


@pytest.mark.parametrize(
    ("leaders", "help_", "care", "leavers", "pathway"),
    [
        (GD, GD, GD, GD, P.SHORT),
        (OUT, OUT, OUT, OUT, P.SHORT),
        (GD, GD, GD, RI, P.SHORT),  # two of three practice judgements are enough
        (GD, RI, OUT, GD, P.SHORT),
        (GD, GD, RI, RI, P.STANDARD),  # only one
        (RI, GD, GD, GD, P.STANDARD),  # leaders below good
        (RI, RI, RI, RI, P.STANDARD),
        (OUT, OUT, OUT, IN, P.MONITORING),  # any inadequate, even with the rest outstanding
        (IN, GD, GD, GD, P.MONITORING),
        (GD, IN, GD, GD, P.MONITORING),
    ],
)
def test_no_overall_grade_policy(
    leaders: Grade, help_: Grade, care: Grade, leavers: Grade, pathway: Pathway
) -> None:
    grades = {
        J.IMPACT_OF_LEADERS: leaders,
        J.HELP_AND_PROTECTION: help_,
        J.CHILDREN_IN_CARE: care,
        J.CARE_LEAVERS: leavers,
    }
    assert NoOverallGradePolicy().pathway_for(grades) is pathway


@pytest.mark.parametrize(
    ("policy", "grades", "pathway"),
    [
        (NoOverallGradePolicy(practice_needed=3), (GD, GD, GD, RI), P.STANDARD),
        (NoOverallGradePolicy(practice_needed=3), (GD, GD, GD, GD), P.SHORT),
        (NoOverallGradePolicy(short_grade=OUT), (GD, OUT, OUT, OUT), P.STANDARD),
        (NoOverallGradePolicy(short_grade=OUT), (OUT, OUT, OUT, GD), P.SHORT),
        # A stricter policy could send "requires improvement" anywhere to monitoring.
        (NoOverallGradePolicy(monitoring_grade=RI), (GD, GD, GD, RI), P.MONITORING),
    ],
)
def test_no_overall_grade_policy_thresholds_are_configurable(
    policy: NoOverallGradePolicy, grades: tuple[Grade, ...], pathway: Pathway
) -> None:
    areas = (J.IMPACT_OF_LEADERS, J.HELP_AND_PROTECTION, J.CHILDREN_IN_CARE, J.CARE_LEAVERS)
    assert policy.pathway_for(dict(zip(areas, grades, strict=True))) is pathway


def test_no_overall_grade_policy_refuses_impossible_thresholds_and_missing_grades() -> None:
    with pytest.raises(ValueError, match="practice_needed"):
        NoOverallGradePolicy(practice_needed=4)
    with pytest.raises(InvalidJudgements) as caught:
        NoOverallGradePolicy().pathway_for({J.IMPACT_OF_LEADERS: GD, J.HELP_AND_PROTECTION: GD})
    assert caught.value.code == "invalid-judgements"
    fields = {error.field for error in caught.value.errors}
    assert fields == {"grades.children_in_care", "grades.care_leavers"}


@pytest.mark.parametrize(
    ("pathways", "worst"),
    [
        ([], P.AWAITING_FIRST_INSPECTION),
        ([P.AWAITING_FIRST_INSPECTION], P.AWAITING_FIRST_INSPECTION),
        ([P.AWAITING_FIRST_INSPECTION, P.SHORT], P.SHORT),
        ([P.SHORT, P.STANDARD], P.STANDARD),
        ([P.STANDARD, P.SHORT], P.STANDARD),
        ([P.SHORT, P.MONITORING, P.STANDARD], P.MONITORING),
    ],
)
def test_least_favourable(pathways: list[Pathway], worst: Pathway) -> None:
    assert least_favourable(pathways) is worst


def test_latest_own_inspection_decides_whatever_the_order_given() -> None:
    older = ilacs_2018("a", "E09000002", "2019-02-18", "2019-04-01", IN, IN, IN, IN)
    newer = ilacs_2018("b", "E09000002", "2023-07-10", "2023-09-04", GD, GD, GD, GD)
    for own in ([older, newer], [newer, older]):
        state = pathway_of(own)
        assert state == PathwayState(P.SHORT, newer, ())


def test_the_framework_of_the_latest_inspection_picks_the_policy() -> None:
    # No overall grade at all under ilacs-2026: its own policy decides.
    state = pathway_of([ilacs_2026("x", "2026-05-11", GD, GD, RI, GD)])
    assert state.pathway is P.SHORT
    assert pathway_of([ilacs_2026("y", "2026-05-11", GD, GD, RI, RI)]).pathway is P.STANDARD


def test_no_inspection_and_no_predecessor_is_awaiting() -> None:
    assert pathway_of([]) == PathwayState(P.AWAITING_FIRST_INSPECTION, None, ())


def test_northamptonshire_inadequate_puts_both_successors_on_monitoring() -> None:
    northamptonshire = pathway_of([NORTHAMPTONSHIRE_2019])
    assert northamptonshire.pathway is P.MONITORING
    # North (E06000061) and West (E06000062) Northamptonshire: the same single predecessor.
    state = pathway_of([], [northamptonshire])
    assert state == PathwayState(P.MONITORING, NORTHAMPTONSHIRE_2019, ("E10000021",))


def test_a_successors_own_inspection_replaces_the_inherited_pathway() -> None:
    northamptonshire = pathway_of([NORTHAMPTONSHIRE_2019])
    state = pathway_of([NORTH_NORTHANTS_2022], [northamptonshire])
    assert state == PathwayState(P.STANDARD, NORTH_NORTHANTS_2022, ())


def test_cumbria_requires_improvement_puts_its_successors_on_standard() -> None:
    state = pathway_of([], [pathway_of([CUMBRIA_2022])])
    assert state == PathwayState(P.STANDARD, CUMBRIA_2022, ("E10000006",))


def test_bcp_inherits_the_least_favourable_of_bournemouth_poole_and_dorset() -> None:
    bournemouth = pathway_of([BOURNEMOUTH_2018])  # requires improvement
    poole = PathwayState(P.AWAITING_FIRST_INSPECTION, None)  # no ILACS inspection on record
    # Dorset County Council's pathway here is illustrative: a good result, so short.
    dorset_cc = pathway_of(
        [ilacs_2018("do", "E10000009", "2018-02-05", "2018-03-20", GD, GD, GD, GD)]
    )
    for predecessors in ([bournemouth, poole, dorset_cc], [dorset_cc, poole, bournemouth]):
        state = pathway_of([], predecessors)
        assert state == PathwayState(P.STANDARD, BOURNEMOUTH_2018, ("E06000028",))


def test_an_inadequate_predecessor_outweighs_the_others() -> None:
    bournemouth = pathway_of([BOURNEMOUTH_2018])
    poole = pathway_of([ilacs_2018("po", "E06000029", "2018-05-01", "2018-06-15", IN, IN, IN, IN)])
    state = pathway_of([], [bournemouth, poole])
    assert state.pathway is P.MONITORING
    assert state.inherited_from == ("E06000029",)


def test_predecessors_sharing_the_worst_pathway_keep_the_most_recent_inspection() -> None:
    early = ilacs_2018("e", "E00000001", "2018-03-01", "2018-04-20", RI, RI, RI, RI)
    late = ilacs_2018("l", "E00000002", "2018-09-03", "2018-10-19", RI, GD, RI, RI)
    state = pathway_of([], [pathway_of([early]), pathway_of([late])])
    assert state == PathwayState(P.STANDARD, late, ("E00000001", "E00000002"))


def test_own_inspection_wins_over_worse_predecessors() -> None:
    own = ilacs_2018("own", "E06000058", "2021-12-06", "2022-02-11", GD, GD, GD, GD)
    state = pathway_of([own], [pathway_of([NORTHAMPTONSHIRE_2019])])
    assert state == PathwayState(P.SHORT, own, ())
