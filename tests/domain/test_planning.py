"""Planning an activity: the one hard pathway rule and the warnings (DOMAIN.md §3)."""

from __future__ import annotations

from datetime import date

import pytest

from api.domain.errors import InvalidDates, RuleViolated
from api.domain.planning import check_plan
from api.domain.vocabulary import EventKind, Pathway
from api.domain.windows import NextInspection

D = date.fromisoformat
K = EventKind
P = Pathway

# Two clear weeks (Monday 4 to Friday 15 March 2024) and the usual shorter spans inside them.
WEEK = ("2024-03-04", "2024-03-08")
FORTNIGHT = ("2024-03-04", "2024-03-15")
TWO_DAYS = ("2024-03-05", "2024-03-06")
USUAL = {
    K.SHORT_INSPECTION: WEEK,
    K.STANDARD_INSPECTION: FORTNIGHT,
    K.FOCUSED_VISIT: TWO_DAYS,
    K.MONITORING_VISIT: TWO_DAYS,
    K.JTAI: WEEK,
    K.ANNUAL_ENGAGEMENT_MEETING: ("2024-03-05", "2024-03-05"),
    K.SELF_EVALUATION: ("2024-03-05", "2024-03-05"),
    K.SIF_INSPECTION: ("2024-03-04", "2024-03-22"),
}


def plan(kind: EventKind, pathway: Pathway, next_: NextInspection | None = None) -> list[str]:
    start, end = USUAL[kind]
    return [warning.code for warning in check_plan(kind, pathway, D(start), D(end), next_)]


@pytest.mark.parametrize("pathway", [P.STANDARD, P.MONITORING])
def test_short_inspection_off_the_short_pathway_is_refused(pathway: Pathway) -> None:
    with pytest.raises(RuleViolated) as caught:
        plan(K.SHORT_INSPECTION, pathway)
    assert caught.value.code == "short-inspection-requires-short-pathway"


@pytest.mark.parametrize(
    ("kind", "pathway", "codes"),
    [
        (K.SHORT_INSPECTION, P.SHORT, []),
        (K.SHORT_INSPECTION, P.AWAITING_FIRST_INSPECTION, []),
        (K.STANDARD_INSPECTION, P.STANDARD, []),
        (K.STANDARD_INSPECTION, P.MONITORING, []),  # every re-inspection of an inadequate LA
        (K.STANDARD_INSPECTION, P.SHORT, ["standard-inspection-on-short-pathway"]),
        (K.FOCUSED_VISIT, P.SHORT, []),
        (K.FOCUSED_VISIT, P.STANDARD, []),
        (K.FOCUSED_VISIT, P.MONITORING, ["focused-visit-on-monitoring-pathway"]),
        (K.MONITORING_VISIT, P.MONITORING, []),
        (K.MONITORING_VISIT, P.STANDARD, ["monitoring-visit-off-monitoring-pathway"]),
        (K.MONITORING_VISIT, P.SHORT, ["monitoring-visit-off-monitoring-pathway"]),
        (K.JTAI, P.MONITORING, []),
        (K.ANNUAL_ENGAGEMENT_MEETING, P.MONITORING, []),
        (K.SELF_EVALUATION, P.SHORT, []),
    ],
)
def test_pathway_warnings(kind: EventKind, pathway: Pathway, codes: list[str]) -> None:
    assert plan(kind, pathway) == codes


WINDOW = NextInspection(K.STANDARD_INSPECTION, D("2024-01-01"), D("2024-12-31"), D("2021-07-01"))
EARLIER = NextInspection(K.STANDARD_INSPECTION, D("2022-01-01"), D("2022-12-31"), D("2019-07-01"))


@pytest.mark.parametrize(
    ("kind", "pathway", "next_", "codes"),
    [
        (K.STANDARD_INSPECTION, P.STANDARD, WINDOW, []),
        (K.STANDARD_INSPECTION, P.STANDARD, EARLIER, ["outside-inspection-window"]),
        (K.SHORT_INSPECTION, P.SHORT, EARLIER, ["outside-inspection-window"]),
        (K.STANDARD_INSPECTION, P.MONITORING, None, []),  # monitoring has no window
        (K.FOCUSED_VISIT, P.STANDARD, EARLIER, []),  # only graded inspections have one
        (K.STANDARD_INSPECTION, P.SHORT, EARLIER,
         ["standard-inspection-on-short-pathway", "outside-inspection-window"]),
    ],
)  # fmt: skip
def test_inspection_window(
    kind: EventKind, pathway: Pathway, next_: NextInspection | None, codes: list[str]
) -> None:
    assert plan(kind, pathway, next_) == codes


@pytest.mark.parametrize(
    ("kind", "pathway", "start", "end", "unusual"),
    [
        (K.SHORT_INSPECTION, P.SHORT, "2024-03-04", "2024-03-08", False),
        (K.SHORT_INSPECTION, P.SHORT, "2024-03-04", "2024-03-07", True),
        (K.SHORT_INSPECTION, P.SHORT, "2024-03-04", "2024-03-11", True),
        # Monday to Friday of Easter week 2024 holds only four working days.
        (K.SHORT_INSPECTION, P.SHORT, "2024-04-01", "2024-04-05", True),
        # Tuesday to the following Monday covers the five.
        (K.SHORT_INSPECTION, P.SHORT, "2024-04-02", "2024-04-08", False),
        (K.STANDARD_INSPECTION, P.STANDARD, "2024-03-04", "2024-03-15", False),
        # The coronation fortnight (8 May 2023) holds nine.
        (K.STANDARD_INSPECTION, P.STANDARD, "2023-05-08", "2023-05-19", True),
        (K.STANDARD_INSPECTION, P.STANDARD, "2023-05-09", "2023-05-22", False),
        (K.FOCUSED_VISIT, P.STANDARD, "2024-03-05", "2024-03-06", False),
        (K.FOCUSED_VISIT, P.STANDARD, "2024-03-05", "2024-03-05", True),
        (K.MONITORING_VISIT, P.MONITORING, "2024-03-08", "2024-03-11", False),  # Fri + Mon
        (K.MONITORING_VISIT, P.MONITORING, "2024-03-05", "2024-03-07", True),
        (K.JTAI, P.SHORT, "2024-03-04", "2024-03-15", False),  # no usual length on record
    ],
)
def test_duration_counts_working_days_inclusive(
    kind: EventKind, pathway: Pathway, start: str, end: str, unusual: bool
) -> None:
    codes = [w.code for w in check_plan(kind, pathway, D(start), D(end), None)]
    assert ("unusual-duration" in codes) is unusual


def test_durations_are_policy() -> None:
    longer = {K.SHORT_INSPECTION: 4}
    warnings = check_plan(
        K.SHORT_INSPECTION, P.SHORT, D("2024-04-01"), D("2024-04-05"), None, durations=longer
    )
    assert warnings == []


def test_fieldwork_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidDates) as caught:
        check_plan(K.FOCUSED_VISIT, P.SHORT, D("2024-03-06"), D("2024-03-05"), None)
    assert caught.value.code == "invalid-dates"
    assert [error.field for error in caught.value.errors] == ["fieldwork_end"]
