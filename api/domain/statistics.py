"""Judgement statistics: how authorities' latest graded inspections stand, grade by grade.

Follows Ofsted's "inspection outcomes as at 31 March" release: one latest graded inspection
per authority; before 2023 the combined "children in care and care leavers" judgement is
counted as children in care (as the release's column does), and care leavers only from the
separate judgement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from api.domain.pathways import GradedInspection
from api.domain.vocabulary import Grade, JudgementArea

J = JudgementArea

REPORTED: tuple[JudgementArea, ...] = (
    J.OVERALL_EFFECTIVENESS,
    J.IMPACT_OF_LEADERS,
    J.HELP_AND_PROTECTION,
    J.CHILDREN_IN_CARE,
    J.CARE_LEAVERS,
)
# Where an older framework's judgement is reported under a newer one's name: the 2018
# combined judgement as children in care; SIF's children looked after and achieving permanence
# as children in care, and its leadership, management and governance as the impact of leaders
# (as Ofsted's releases of 2014-2018 set SIF and ILACS outcomes side by side).
REPORTED_AS: dict[JudgementArea, JudgementArea] = {
    J.CHILDREN_IN_CARE_AND_CARE_LEAVERS: J.CHILDREN_IN_CARE,
    J.CHILDREN_LOOKED_AFTER: J.CHILDREN_IN_CARE,
    J.LEADERSHIP_MANAGEMENT_GOVERNANCE: J.IMPACT_OF_LEADERS,
}


@dataclass(frozen=True)
class GradeCounts:
    judgement: JudgementArea
    counts: dict[Grade, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def good_or_better_share(self) -> float | None:
        if not self.total:
            return None
        good = sum(n for grade, n in self.counts.items() if grade.good_or_better)
        return good / self.total


def judgement_counts(latest: Iterable[GradedInspection]) -> list[GradeCounts]:
    """For each reported judgement, how many of these inspections gave each grade."""
    tallies: dict[JudgementArea, Counter[Grade]] = {area: Counter() for area in REPORTED}
    for inspection in latest:
        for area, grade in inspection.grades.items():
            reported = REPORTED_AS.get(area, area)
            if reported in tallies:
                tallies[reported][grade] += 1
    return [
        GradeCounts(area, {grade: tallies[area][grade] for grade in Grade}) for area in REPORTED
    ]
