"""Checking the grades entered for an inspection against its framework (DOMAIN.md §2).

The set of judgements must be exactly what the framework requires (hard: InvalidJudgements).
How the overall grade sits with the others is derived from every graded ILACS inspection
2018-2026 and only ever produces warnings; its areas are a `ConsistencyPolicy`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from api.domain.errors import DomainWarning, FieldError, InvalidJudgements
from api.domain.frameworks import Framework
from api.domain.vocabulary import EventKind, Grade, JudgementArea

J = JudgementArea
_AREAS = frozenset(area.value for area in JudgementArea)
_GRADES = frozenset(grade.value for grade in Grade)


@dataclass(frozen=True)
class ConsistencyPolicy:
    """Which judgements count as practice and as leadership for the consistency warnings."""

    practice: frozenset[JudgementArea] = frozenset(
        {
            J.HELP_AND_PROTECTION,
            J.CHILDREN_IN_CARE,
            J.CARE_LEAVERS,
            J.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
        }
    )
    leaders: frozenset[JudgementArea] = frozenset(
        {J.IMPACT_OF_LEADERS, J.LEADERSHIP_MANAGEMENT_GOVERNANCE}
    )


DEFAULT_CONSISTENCY = ConsistencyPolicy()


def _parse(
    framework: Framework, grades: Mapping[str, str]
) -> tuple[dict[JudgementArea, Grade], list[FieldError]]:
    typed: dict[JudgementArea, Grade] = {}
    errors: list[FieldError] = []
    allowed = framework.allowed_judgements
    for key, value in grades.items():
        field = f"grades.{key}"
        if key not in _AREAS:
            errors.append(FieldError(field, "unknown judgement"))
            continue
        area = JudgementArea(key)
        if area not in allowed:
            errors.append(FieldError(field, f"not a judgement of framework {framework.id}"))
        elif not isinstance(value, str) or value not in _GRADES:
            errors.append(FieldError(field, f"{value!r} is not one of {', '.join(Grade)}"))
        else:
            typed[area] = Grade(value)
    for area in framework.judgements:
        if area not in grades:
            errors.append(FieldError(f"grades.{area}", f"required by framework {framework.id}"))
    return typed, errors


def consistency_warnings(
    framework: Framework,
    grades: Mapping[JudgementArea, Grade],
    policy: ConsistencyPolicy = DEFAULT_CONSISTENCY,
) -> list[DomainWarning]:
    """How an overall grade disagrees with the framework's required sub-judgements.

    Optional judgements (SIF adoption and care leavers) are left out: the rules were derived
    without them. A framework without overall effectiveness gets no warnings.
    """
    overall = grades.get(J.OVERALL_EFFECTIVENESS)
    if overall is None:
        return []
    subs = {
        area: grades[area]
        for area in framework.judgements
        if area in grades and area != J.OVERALL_EFFECTIVENESS
    }
    if not subs:
        return []
    warnings = []
    best = min(subs.values(), key=lambda grade: grade.rank)
    worst = max(subs.values(), key=lambda grade: grade.rank)
    if overall.rank < best.rank:
        detail = f"overall effectiveness {overall} is better than the best other judgement ({best})"
        warnings.append(DomainWarning("overall-better-than-best", detail))
    if overall.rank > worst.rank:
        detail = (
            f"overall effectiveness {overall} is worse than the worst other judgement ({worst})"
        )
        warnings.append(DomainWarning("overall-worse-than-worst", detail))
    if overall is not Grade.INADEQUATE:
        for group, code in (
            (policy.practice, "practice-inadequate-overall-not"),
            (policy.leaders, "leaders-inadequate-overall-not"),
        ):
            failing = sorted(
                area for area, grade in subs.items() if area in group and grade is Grade.INADEQUATE
            )
            if failing:
                detail = f"{', '.join(failing)} inadequate but overall effectiveness {overall}"
                warnings.append(DomainWarning(code, detail))
    return warnings


def validate_grades(
    framework: Framework,
    kind: EventKind,
    grades: Mapping[str, str],
    consistency: ConsistencyPolicy = DEFAULT_CONSISTENCY,
) -> tuple[dict[JudgementArea, Grade], list[DomainWarning]]:
    """The grades, typed, with consistency warnings; InvalidJudgements if they cannot stand.

    Refused: a kind the framework does not grade, an unknown judgement or one outside the
    framework, a missing required judgement, a value that is not one of the four grades.
    """
    if kind not in framework.graded_kinds:
        raise InvalidJudgements(
            f"a {kind} under framework {framework.id} carries no grades",
            [FieldError("grades", f"{kind} is not graded")],
        )
    typed, errors = _parse(framework, grades)
    if errors:
        raise InvalidJudgements(f"the grades do not fit framework {framework.id}", errors)
    return typed, consistency_warnings(framework, typed, consistency)
