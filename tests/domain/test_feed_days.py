"""The change feed's changes of the day alone (a window opening or closing, a plan falling late):
on their day, and, like every other item, never behind what a reader has read."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from api.domain.feed import Entry, Item, feed, successors_of
from api.domain.feed_days import day_items
from api.domain.windows import WindowPolicy
from api.visibility import PUBLIC, Caller, visible_from
from tests.domain.test_feed import AUTHORITY, CALLERS, CODE, DAY, INSPECTOR, REGIONS

# A window one month after publication, one day long: close enough to see both turns.
POLICY = WindowPolicy(months=1, tolerance_months=0)
GOOD = {"overall_effectiveness": "good", "impact_of_leaders": "good"}


def published(on: date, grade: str = "good", start: date = DAY) -> dict[str, Any]:
    return {
        "kind": "standard_inspection",
        "framework": "ilacs-2018",
        "fieldwork_start": start.isoformat(),
        "fieldwork_end": start.isoformat(),
        "published_on": on.isoformat(),
        "grades": {**GOOD, "overall_effectiveness": grade},
    }


def imported(seq: int, day: date, event: str, after: dict[str, Any]) -> Entry:
    return Entry(seq, day, "event", event, "imported", event, CODE, after)


def read(entries: list[Entry], caller: Caller, today: date) -> list[Item]:
    def sees(facts: Any) -> date | None:
        return visible_from(caller, facts)

    heirs = successors_of({})
    items = feed(entries, sees, REGIONS, {}, today)
    items += day_items(entries, sees, REGIONS, heirs, POLICY, today)
    return sorted(items)


def full(items: list[Item]) -> list[tuple[Any, ...]]:
    """Items in full: an Item compares by its key alone."""
    return [astuple(item) for item in items]


def turns(items: list[Item]) -> list[tuple[date, str, str]]:
    return [(i.visible_on, i.resource_id, i.action) for i in items if i.action.startswith("window")]


def test_a_window_opens_and_closes_on_its_days_for_everyone() -> None:
    record = [imported(1, DAY, "evt_1", published(DAY))]
    opens = date(2026, 12, 23)  # one month after 2026-11-23
    for caller in CALLERS:
        assert turns(read(record, caller, opens - timedelta(days=1))) == []
        assert turns(read(record, caller, opens + timedelta(days=5))) == [
            (opens, CODE, "window_opened"),
            (opens + timedelta(days=1), CODE, "window_closed"),
        ]


def test_a_window_already_passed_when_the_record_arrives_gives_nothing_more() -> None:
    # The import's own item shows the window as it stands (Kent's, closed before the record
    # was loaded): nothing of the day follows for days already past.
    late = [imported(1, DAY, "evt_1", published(DAY - timedelta(days=90)))]
    assert turns(read(late, PUBLIC, DAY + timedelta(days=400))) == []


def test_a_later_inspection_takes_over_the_window_and_monitoring_has_none() -> None:
    first = imported(1, DAY, "evt_1", published(DAY))
    # Inadequate, published before the first window opens: monitoring, no window to follow.
    later = imported(
        2,
        DAY + timedelta(days=10),
        "evt_2",
        published(DAY + timedelta(10), "inadequate", DAY + timedelta(3)),
    )
    assert turns(read([first, later], PUBLIC, DAY + timedelta(days=100))) == []


def test_a_change_on_the_day_itself_leaves_what_was_read_that_morning() -> None:
    opens = date(2026, 12, 23)
    record = [imported(1, DAY, "evt_1", published(DAY))]
    morning = read(record, PUBLIC, opens)
    assert turns(morning) == [(opens, CODE, "window_opened")]
    # That afternoon a new inspection is published: it comes after, and takes the closing.
    afternoon = [*record, imported(2, opens, "evt_2", published(opens, start=opens - timedelta(9)))]
    later = read(afternoon, PUBLIC, opens + timedelta(days=3))
    assert full(later[: len(morning)]) == full(morning)
    assert turns(later) == [(opens, CODE, "window_opened")]


def test_a_plan_falls_late_the_day_after_its_deadline_unless_it_is_in() -> None:
    letter = {"sent_on": DAY.isoformat(), "areas_for_priority_action": ["Front door"]}
    visit = {**published(DAY), "kind": "focused_visit", "grades": {}, "status": "published"}
    life = [
        Entry(1, DAY, "event", "evt_1", "publish", "evt_1", CODE, visit),
        Entry(2, DAY, "event", "evt_1", "letter_written", "evt_1", CODE, letter),
    ]
    draft_due = date(2026, 12, 21)  # 20 working days after 2026-11-23
    late = [
        (i.visible_on, i.resource_type, i.action)
        for i in read(life, AUTHORITY, date(2027, 1, 1))
        if i.action == "plan_overdue"
    ]
    assert late == [
        (draft_due + timedelta(days=1), "event", "plan_overdue"),
        (draft_due + timedelta(days=1), "authority", "plan_overdue"),
    ]
    answered = [
        *life,
        Entry(
            3,
            DAY + timedelta(5),
            "priority_action",
            "pa_1",
            "draft_plan_submitted",
            "evt_1",
            CODE,
            {"draft_plan_submitted_on": DAY.isoformat(), "status": "open"},
        ),
    ]
    by_draft = [
        i for i in read(answered, INSPECTOR, date(2027, 1, 1)) if i.action == "plan_overdue"
    ]
    assert by_draft == []


# --- Never behind a reader -----------------------------------------------------------------

offsets = st.integers(min_value=0, max_value=40)


@st.composite
def records(draw: st.DrawFn) -> list[Entry]:
    """Inspections imported, corrected and published late; letters and plans, days apart."""
    steps = draw(st.lists(st.integers(0, 5), min_size=1, max_size=8))
    entries, day = [], DAY
    for seq, what in enumerate(steps, start=1):
        day += timedelta(days=draw(st.integers(0, 20)))
        event = f"evt_{draw(st.integers(1, 2))}"
        published_on = DAY + timedelta(days=draw(offsets))
        grade = draw(st.sampled_from(["good", "requires_improvement", "inadequate"]))
        start = DAY - timedelta(days=draw(offsets))
        if what <= 2:
            entries.append(imported(seq, day, event, published(published_on, grade, start)))
        elif what == 3:
            entries.append(
                Entry(seq, day, "event", event, "corrected", event, CODE, {"status": "cancelled"})
            )
        elif what == 4:
            letter = {"sent_on": day.isoformat(), "areas_for_priority_action": ["x"]}
            entries.append(Entry(seq, day, "event", event, "letter_written", event, CODE, letter))
        else:
            plan = {"draft_plan_submitted_on": day.isoformat(), "status": "open"}
            entries.append(
                Entry(
                    seq, day, "priority_action", "pa_1", "draft_plan_submitted", event, CODE, plan
                )
            )
    return entries


@settings(max_examples=1000, deadline=None)
@given(records(), st.integers(min_value=0, max_value=40), st.sampled_from(CALLERS))
def test_what_a_reader_read_stays_the_start_of_its_feed_every_later_day(
    entries: list[Entry], cut: int, caller: Caller
) -> None:
    cut %= len(entries) + 1
    read_on = max([entries[0].day, *(e.day for e in entries[:cut])])
    if cut < len(entries):
        read_on = min(read_on + timedelta(days=cut % 30), entries[cut].day)
    then = read(entries[:cut], caller, read_on)
    for later in (entries[-1].day, entries[-1].day + timedelta(days=45), date(2027, 6, 1)):
        if later >= read_on:
            assert full(read(entries, caller, later)[: len(then)]) == full(then)


def test_an_action_first_answered_on_the_day_it_fell_late_changes_nothing_read_that_morning() -> (
    None
):
    # The example hypothesis found: a plan answered late on the very day; its own change comes
    # after what was read, and the morning's items stay where they were.
    letter = {"sent_on": DAY.isoformat(), "areas_for_priority_action": ["Front door"]}
    visit = {**published(DAY), "kind": "focused_visit", "grades": {}, "status": "published"}
    life = [
        Entry(1, DAY, "event", "evt_1", "publish", "evt_1", CODE, visit),
        Entry(2, DAY, "event", "evt_1", "letter_written", "evt_1", CODE, letter),
    ]
    late_on = date(2026, 12, 22)
    morning = read(life, PUBLIC, late_on)
    plan = {"draft_plan_submitted_on": late_on.isoformat(), "status": "open"}
    answered = Entry(
        3, late_on, "priority_action", "pa_1", "draft_plan_submitted", "evt_1", CODE, plan
    )
    later = read([*life, answered], PUBLIC, date(2027, 6, 1))
    assert full(later[: len(morning)]) == full(morning)
    assert [i.action for i in morning if i.visible_on == late_on] == ["plan_overdue"] * 2
