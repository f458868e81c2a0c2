"""The inspection framework versions, as data (DOMAIN.md §2).

Which judgements an inspection carries and how its grades set a pathway depend on the
framework in force on its fieldwork start. A new version (the 2027 "children and families
services" framework, say) is one more `Framework(...)` in `FRAMEWORKS` and, if its pathway
rule differs, one more policy object: nothing else may look at framework ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from api.domain.errors import FieldError, InvalidDates
from api.domain.policies import NoOverallGradePolicy, OverallEffectivenessPolicy, PathwayPolicy
from api.domain.vocabulary import EventKind, JudgementArea

J = JudgementArea


@dataclass(frozen=True)
class Framework:
    """One framework version: its dates, its judgements and its pathway rule.

    `judgements` must all be graded; `optional_judgements` may be (SIF sub-judgements).
    `kinds` are the event kinds it governs; `graded_kinds` those that carry grades.
    """

    id: str
    name: str
    starts_on: date
    ends_on: date | None
    judgements: tuple[JudgementArea, ...]
    pathway_policy: PathwayPolicy
    graded_kinds: frozenset[EventKind]
    optional_judgements: tuple[JudgementArea, ...] = ()
    kinds: frozenset[EventKind] = frozenset(EventKind) - {EventKind.SIF_INSPECTION}

    @property
    def has_overall_effectiveness(self) -> bool:
        return J.OVERALL_EFFECTIVENESS in self.judgements

    @property
    def allowed_judgements(self) -> tuple[JudgementArea, ...]:
        """Every judgement an inspection under this framework may carry."""
        return self.judgements + self.optional_judgements

    def in_force_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


_ILACS_GRADED = frozenset({EventKind.SHORT_INSPECTION, EventKind.STANDARD_INSPECTION})

FRAMEWORKS: tuple[Framework, ...] = (
    Framework(
        id="sif-2013",
        name="Single inspection framework (legacy)",
        starts_on=date(2013, 11, 1),
        # Approximate: the last SIF fieldwork overlapped the first ILACS months.
        ends_on=date(2018, 6, 30),
        judgements=(
            J.OVERALL_EFFECTIVENESS,
            J.HELP_AND_PROTECTION,
            J.CHILDREN_LOOKED_AFTER,
            J.LEADERSHIP_MANAGEMENT_GOVERNANCE,
        ),
        optional_judgements=(J.ADOPTION, J.CARE_LEAVERS),
        pathway_policy=OverallEffectivenessPolicy(),
        graded_kinds=frozenset({EventKind.SIF_INSPECTION}),
        kinds=frozenset({EventKind.SIF_INSPECTION}),
    ),
    Framework(
        id="ilacs-2018",
        name="ILACS 2018",
        starts_on=date(2018, 1, 1),
        ends_on=date(2022, 12, 31),
        judgements=(
            J.OVERALL_EFFECTIVENESS,
            J.IMPACT_OF_LEADERS,
            J.HELP_AND_PROTECTION,
            J.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
        ),
        pathway_policy=OverallEffectivenessPolicy(),
        graded_kinds=_ILACS_GRADED,
    ),
    Framework(
        id="ilacs-2023",
        name="ILACS 2023 (separate care leavers judgement)",
        starts_on=date(2023, 1, 1),
        ends_on=date(2026, 3, 31),
        judgements=(
            J.OVERALL_EFFECTIVENESS,
            J.IMPACT_OF_LEADERS,
            J.HELP_AND_PROTECTION,
            J.CHILDREN_IN_CARE,
            J.CARE_LEAVERS,
        ),
        pathway_policy=OverallEffectivenessPolicy(),
        graded_kinds=_ILACS_GRADED,
    ),
    Framework(
        id="ilacs-2026",
        name="ILACS 2026 (no overall effectiveness)",
        starts_on=date(2026, 4, 1),
        ends_on=None,
        judgements=(
            J.IMPACT_OF_LEADERS,
            J.HELP_AND_PROTECTION,
            J.CHILDREN_IN_CARE,
            J.CARE_LEAVERS,
        ),
        pathway_policy=NoOverallGradePolicy(),
        graded_kinds=_ILACS_GRADED,
    ),
)

_BY_ID = {framework.id: framework for framework in FRAMEWORKS}

# The kinds some framework grades: the one place that says which kinds carry judgements.
GRADED_KINDS: frozenset[EventKind] = frozenset().union(*(f.graded_kinds for f in FRAMEWORKS))


def is_graded(kind: EventKind) -> bool:
    return kind in GRADED_KINDS


def get_framework(framework_id: str) -> Framework:
    """The framework with this id; KeyError when there is none."""
    return _BY_ID[framework_id]


def framework_for(
    kind: EventKind, fieldwork_start: date, frameworks: Sequence[Framework] = FRAMEWORKS
) -> Framework:
    """The framework governing an event of `kind` whose fieldwork starts on that day.

    Raises InvalidDates when no framework for that kind was in force then (an ILACS kind
    before 2018, a SIF inspection outside 2013-2018).
    """
    for framework in frameworks:
        if kind in framework.kinds and framework.in_force_on(fieldwork_start):
            return framework
    raise InvalidDates(
        f"no framework covers a {kind} starting on {fieldwork_start.isoformat()}",
        [FieldError("fieldwork_start", f"no {kind} framework was in force on this day")],
    )
