"""The next graded inspection's window: anchor + 36 months, give or take 6 (DOMAIN.md §3)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from api.domain.pathways import GradedInspection, PathwayState, pathway_of
from api.domain.vocabulary import EventKind, Grade, JudgementArea, Pathway
from api.domain.windows import NextInspection, WindowPolicy, in_window, next_inspection

D = date.fromisoformat
P = Pathway


def inspection(
    start: str = "2018-07-16",
    end: str | None = "2018-07-27",
    published: str | None = "2018-08-24",
    overall: Grade = Grade.REQUIRES_IMPROVEMENT,
    code: str = "E06000028",
) -> GradedInspection:
    return GradedInspection(
        event_id="ev",
        authority_code=code,
        kind=EventKind.STANDARD_INSPECTION,
        framework_id="ilacs-2018",
        fieldwork_start=D(start),
        fieldwork_end=D(end) if end else None,
        published_on=D(published) if published else None,
        grades={JudgementArea.OVERALL_EFFECTIVENESS: overall},
    )


def test_bournemouth_window_anchors_on_publication_by_default() -> None:
    state = pathway_of([inspection()])
    assert next_inspection(state, WindowPolicy()) == NextInspection(
        kind=EventKind.STANDARD_INSPECTION,
        window_start=D("2021-02-24"),
        window_end=D("2022-02-24"),
        anchor_date=D("2018-08-24"),
    )


@pytest.mark.parametrize(
    ("overall", "kind"),
    [
        (Grade.OUTSTANDING, EventKind.SHORT_INSPECTION),
        (Grade.GOOD, EventKind.SHORT_INSPECTION),
        (Grade.REQUIRES_IMPROVEMENT, EventKind.STANDARD_INSPECTION),
    ],
)
def test_kind_follows_the_pathway(overall: Grade, kind: EventKind) -> None:
    next_ = next_inspection(pathway_of([inspection(overall=overall)]), WindowPolicy())
    assert next_ is not None
    assert next_.kind is kind


@pytest.mark.parametrize(
    "state",
    [
        pathway_of([inspection(overall=Grade.INADEQUATE)]),
        PathwayState(P.AWAITING_FIRST_INSPECTION, None),
    ],
)
def test_no_window_on_monitoring_or_awaiting(state: PathwayState) -> None:
    assert next_inspection(state, WindowPolicy()) is None


@pytest.mark.parametrize(
    ("anchor", "published", "end", "anchor_date"),
    [
        ("published_on", "2018-08-24", "2018-07-27", "2018-08-24"),
        ("fieldwork_end", "2018-08-24", "2018-07-27", "2018-07-27"),
        ("fieldwork_start", "2018-08-24", "2018-07-27", "2018-07-16"),
        ("published_on", None, "2018-07-27", "2018-07-27"),  # not published: fieldwork end
        ("published_on", None, None, "2018-07-16"),  # neither: fieldwork start
        ("fieldwork_end", "2018-08-24", None, "2018-07-16"),
    ],
)
def test_anchor_choice_and_fallbacks(
    anchor: str, published: str | None, end: str | None, anchor_date: str
) -> None:
    policy = WindowPolicy(anchor=anchor)  # type: ignore[arg-type]
    next_ = next_inspection(pathway_of([inspection(end=end, published=published)]), policy)
    assert next_ is not None
    assert next_.anchor_date == D(anchor_date)


@pytest.mark.parametrize(
    ("anchor_date", "months", "tolerance", "window_start", "window_end"),
    [
        ("2020-02-29", 36, 6, "2022-08-29", "2023-08-29"),
        ("2024-02-29", 36, 0, "2027-02-28", "2027-02-28"),  # no 29 February in 2027
        ("2024-02-29", 48, 0, "2028-02-29", "2028-02-29"),  # ...but there is in 2028
        ("2024-02-29", 36, 6, "2026-08-29", "2027-08-29"),
        # Each end is counted from the anchor: 30 months after 31 August is 29 February.
        ("2021-08-31", 36, 6, "2024-02-29", "2025-02-28"),
        ("2022-11-15", 48, 12, "2025-11-15", "2027-11-15"),
    ],
)
def test_window_arithmetic(
    anchor_date: str, months: int, tolerance: int, window_start: str, window_end: str
) -> None:
    state = pathway_of([inspection(start="2018-01-08", published=anchor_date)])
    next_ = next_inspection(state, WindowPolicy(months=months, tolerance_months=tolerance))
    assert next_ is not None
    assert (next_.window_start, next_.window_end) == (D(window_start), D(window_end))


def test_inherited_pathway_anchors_on_the_predecessors_inspection() -> None:
    cumbria = pathway_of([inspection("2022-09-20", "2022-09-30", "2022-11-15", code="E10000006")])
    cumberland = pathway_of([], [cumbria])
    next_ = next_inspection(cumberland, WindowPolicy())
    assert next_ is not None
    assert (next_.anchor_date, next_.window_start, next_.window_end) == (
        D("2022-11-15"),
        D("2025-05-15"),
        D("2026-05-15"),
    )
    # Cumberland was in fact inspected from 7 October 2024: earlier than the usual window.
    assert not in_window(next_, D("2024-10-07"))


@pytest.mark.parametrize(
    ("fieldwork_start", "inside"),
    [
        ("2021-02-23", False),
        ("2021-02-24", True),
        ("2021-12-06", True),  # BCP's real inspection after Bournemouth's
        ("2022-02-24", True),
        ("2022-02-25", False),
    ],
)
def test_in_window_includes_both_ends(fieldwork_start: str, inside: bool) -> None:
    window = NextInspection(
        EventKind.STANDARD_INSPECTION, D("2021-02-24"), D("2022-02-24"), D("2018-08-24")
    )
    assert in_window(window, D(fieldwork_start)) is inside


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"anchor": "report_date"}, "unknown window anchor 'report_date'"),
        ({"months": 6, "tolerance_months": 7}, "tolerance_months must be between 0 and months"),
        ({"tolerance_months": -1}, "tolerance_months must be between 0 and months"),
    ],
)
def test_window_policy_refuses_nonsense(kwargs: dict[str, object], message: str) -> None:
    # What an operator reads when ILACS_WINDOW_* is set to nonsense: the setting at fault.
    with pytest.raises(ValueError, match=re.escape(message)):
        WindowPolicy(**kwargs)  # type: ignore[arg-type]
