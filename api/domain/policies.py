"""Pathway policies: how one framework turns an inspection's grades into a pathway.

Each framework version carries one policy object (see frameworks.py). They live apart from
pathways.py only so that frameworks.py can build its table without an import cycle;
pathways.py re-exports them, and that is where callers should import them from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from api.domain.errors import FieldError, InvalidJudgements
from api.domain.vocabulary import Grade, JudgementArea, Pathway


class PathwayPolicy(Protocol):
    """Decides the pathway a graded inspection leads to."""

    def pathway_for(self, grades: Mapping[JudgementArea, Grade]) -> Pathway: ...


def _require(grades: Mapping[JudgementArea, Grade], areas: tuple[JudgementArea, ...]) -> None:
    missing = [area for area in areas if area not in grades]
    if missing:
        raise InvalidJudgements(
            "the pathway cannot be decided without these judgements",
            [FieldError(f"grades.{area}", "required to decide the pathway") for area in missing],
        )


@dataclass(frozen=True)
class OverallEffectivenessPolicy:
    """The pathway follows one grade (overall effectiveness): SIF and ILACS up to March 2026."""

    area: JudgementArea = JudgementArea.OVERALL_EFFECTIVENESS

    def pathway_for(self, grades: Mapping[JudgementArea, Grade]) -> Pathway:
        _require(grades, (self.area,))
        grade = grades[self.area]
        if grade.good_or_better:
            return Pathway.SHORT
        if grade is Grade.REQUIRES_IMPROVEMENT:
            return Pathway.STANDARD
        return Pathway.MONITORING


@dataclass(frozen=True)
class NoOverallGradePolicy:
    """ilacs-2026, no overall grade (derived, DOMAIN.md §3, so every threshold is a field).

    monitoring if any judgement is at or below `monitoring_grade`; short if leaders are at
    least `short_grade` and at least `practice_needed` practice judgements are too;
    otherwise standard.
    """

    leaders: JudgementArea = JudgementArea.IMPACT_OF_LEADERS
    practice: tuple[JudgementArea, ...] = (
        JudgementArea.HELP_AND_PROTECTION,
        JudgementArea.CHILDREN_IN_CARE,
        JudgementArea.CARE_LEAVERS,
    )
    practice_needed: int = 2
    short_grade: Grade = Grade.GOOD
    monitoring_grade: Grade = Grade.INADEQUATE

    def __post_init__(self) -> None:
        if not 0 <= self.practice_needed <= len(self.practice):
            raise ValueError("practice_needed must be between 0 and the number of practice areas")

    def pathway_for(self, grades: Mapping[JudgementArea, Grade]) -> Pathway:
        _require(grades, (self.leaders, *self.practice))
        if any(grade.rank >= self.monitoring_grade.rank for grade in grades.values()):
            return Pathway.MONITORING
        at_least_short = [grades[area].rank <= self.short_grade.rank for area in self.practice]
        leaders_ok = grades[self.leaders].rank <= self.short_grade.rank
        if leaders_ok and sum(at_least_short) >= self.practice_needed:
            return Pathway.SHORT
        return Pathway.STANDARD
