"""Framework versions: which one governs an event, and what it judges (DOMAIN.md §2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from api.domain import frameworks as frameworks_module
from api.domain.errors import InvalidDates
from api.domain.frameworks import FRAMEWORKS, Framework, framework_for, get_framework
from api.domain.pathways import NoOverallGradePolicy, OverallEffectivenessPolicy
from api.domain.vocabulary import EventKind, JudgementArea

D = date.fromisoformat
K = EventKind
J = JudgementArea


@pytest.mark.parametrize(
    ("kind", "fieldwork_start", "framework_id"),
    [
        (K.STANDARD_INSPECTION, "2018-01-01", "ilacs-2018"),
        (K.STANDARD_INSPECTION, "2022-12-31", "ilacs-2018"),
        (K.STANDARD_INSPECTION, "2023-01-01", "ilacs-2023"),
        (K.SHORT_INSPECTION, "2026-03-31", "ilacs-2023"),
        (K.SHORT_INSPECTION, "2026-04-01", "ilacs-2026"),
        (K.SHORT_INSPECTION, "2031-06-01", "ilacs-2026"),
        (K.FOCUSED_VISIT, "2022-12-31", "ilacs-2018"),
        (K.FOCUSED_VISIT, "2023-01-01", "ilacs-2023"),
        (K.MONITORING_VISIT, "2026-04-01", "ilacs-2026"),
        (K.SIF_INSPECTION, "2013-11-01", "sif-2013"),
        # SIF and ILACS overlapped in early 2018: the kind decides, not the date.
        (K.SIF_INSPECTION, "2018-03-01", "sif-2013"),
        (K.STANDARD_INSPECTION, "2018-03-01", "ilacs-2018"),
    ],
)
def test_framework_for(kind: EventKind, fieldwork_start: str, framework_id: str) -> None:
    assert framework_for(kind, D(fieldwork_start)).id == framework_id


@pytest.mark.parametrize(
    ("kind", "fieldwork_start"),
    [
        (K.STANDARD_INSPECTION, "2017-12-31"),
        (K.FOCUSED_VISIT, "2016-05-01"),
        (K.SIF_INSPECTION, "2013-10-31"),
        (K.SIF_INSPECTION, "2018-07-01"),
    ],
)
def test_no_framework_in_force_is_invalid_dates(kind: EventKind, fieldwork_start: str) -> None:
    with pytest.raises(InvalidDates) as caught:
        framework_for(kind, D(fieldwork_start))
    assert caught.value.code == "invalid-dates"
    assert [error.field for error in caught.value.errors] == ["fieldwork_start"]


@pytest.mark.parametrize(
    ("framework_id", "judgements", "optional", "overall", "policy"),
    [
        (
            "sif-2013",
            {J.OVERALL_EFFECTIVENESS, J.HELP_AND_PROTECTION, J.CHILDREN_LOOKED_AFTER,
             J.LEADERSHIP_MANAGEMENT_GOVERNANCE},
            {J.ADOPTION, J.CARE_LEAVERS},
            True,
            OverallEffectivenessPolicy,
        ),
        (
            "ilacs-2018",
            {J.OVERALL_EFFECTIVENESS, J.IMPACT_OF_LEADERS, J.HELP_AND_PROTECTION,
             J.CHILDREN_IN_CARE_AND_CARE_LEAVERS},
            set(),
            True,
            OverallEffectivenessPolicy,
        ),
        (
            "ilacs-2023",
            {J.OVERALL_EFFECTIVENESS, J.IMPACT_OF_LEADERS, J.HELP_AND_PROTECTION,
             J.CHILDREN_IN_CARE, J.CARE_LEAVERS},
            set(),
            True,
            OverallEffectivenessPolicy,
        ),
        (
            "ilacs-2026",
            {J.IMPACT_OF_LEADERS, J.HELP_AND_PROTECTION, J.CHILDREN_IN_CARE, J.CARE_LEAVERS},
            set(),
            False,
            NoOverallGradePolicy,
        ),
    ],
)  # fmt: skip
def test_framework_judgements(
    framework_id: str,
    judgements: set[JudgementArea],
    optional: set[JudgementArea],
    overall: bool,
    policy: type,
) -> None:
    framework = get_framework(framework_id)
    assert set(framework.judgements) == judgements
    assert set(framework.optional_judgements) == optional
    assert framework.has_overall_effectiveness is overall
    assert isinstance(framework.pathway_policy, policy)


@pytest.mark.parametrize(
    ("framework_id", "graded"),
    [
        ("sif-2013", {K.SIF_INSPECTION}),
        ("ilacs-2018", {K.SHORT_INSPECTION, K.STANDARD_INSPECTION}),
        ("ilacs-2023", {K.SHORT_INSPECTION, K.STANDARD_INSPECTION}),
        ("ilacs-2026", {K.SHORT_INSPECTION, K.STANDARD_INSPECTION}),
    ],
)
def test_graded_kinds(framework_id: str, graded: set[EventKind]) -> None:
    assert get_framework(framework_id).graded_kinds == graded


def test_unknown_framework_is_a_key_error() -> None:
    with pytest.raises(KeyError) as caught:
        get_framework("ilacs-2099")
    assert caught.value.args == ("ilacs-2099",)


@pytest.mark.parametrize("kind", list(EventKind))
def test_one_framework_per_kind_and_day(kind: EventKind) -> None:
    """No two frameworks for the same kind are ever in force on the same day."""
    covering = sorted(
        (framework for framework in FRAMEWORKS if kind in framework.kinds),
        key=lambda framework: framework.starts_on,
    )
    assert covering
    for earlier, later in pairwise(covering):
        assert earlier.ends_on is not None
        assert earlier.ends_on + timedelta(days=1) == later.starts_on


def test_a_new_framework_version_is_one_more_entry() -> None:
    ilacs_2026 = get_framework("ilacs-2026")
    capped = replace(ilacs_2026, ends_on=D("2027-03-31"))
    cfs_2027 = Framework(
        id="cfs-2027",
        name="Children and families services 2027",
        starts_on=D("2027-04-01"),
        ends_on=None,
        judgements=(J.IMPACT_OF_LEADERS, J.HELP_AND_PROTECTION, J.CHILDREN_IN_CARE),
        pathway_policy=NoOverallGradePolicy(practice=(J.HELP_AND_PROTECTION, J.CHILDREN_IN_CARE)),
        graded_kinds=frozenset({K.STANDARD_INSPECTION}),
    )
    table = (*FRAMEWORKS[:-1], capped, cfs_2027)
    assert framework_for(K.STANDARD_INSPECTION, D("2027-03-31"), table).id == "ilacs-2026"
    assert framework_for(K.STANDARD_INSPECTION, D("2027-04-01"), table).id == "cfs-2027"


def test_nothing_else_in_the_domain_switches_on_framework_ids() -> None:
    domain = Path(frameworks_module.__file__).parent
    for module in domain.glob("*.py"):
        if module.name == "frameworks.py":
            continue
        text = module.read_text(encoding="utf-8")
        for framework in FRAMEWORKS:
            for literal in (f'"{framework.id}"', f"'{framework.id}'"):
                assert literal not in text, f"{module.name} compares with {literal}"
