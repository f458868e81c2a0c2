"""The change feed's order: what a caller sees of a history, from which day, and the property
every reader relies on: a feed only ever grows at its end."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from api.domain.feed import Entry, Item, feed
from api.domain.vocabulary import Region, Role
from api.visibility import PUBLIC, Caller, visible_from

CODE = "E09000002"
REGIONS = {CODE: Region.LONDON.value}
DAY = date(2026, 11, 23)
AUTHORITY = Caller(Role.AUTHORITY, authority_code=CODE)
INSPECTOR = Caller(Role.INSPECTOR, region=Region.LONDON)
OTHER_INSPECTOR = Caller(Role.INSPECTOR, region=Region.NORTH_WEST)
CALLERS = (PUBLIC, AUTHORITY, INSPECTOR, OTHER_INSPECTOR)


def state(
    status: str,
    notified_on: date | None = None,
    published_on: date | None = None,
    kind: str = "standard_inspection",
) -> dict[str, Any]:
    return {
        "status": status,
        "kind": kind,
        "notified_on": notified_on.isoformat() if notified_on else None,
        "published_on": published_on.isoformat() if published_on else None,
    }


def entry(
    seq: int, day: date, action: str, after: dict[str, Any] | None, kind: str = "event"
) -> Entry:
    resource_id = "evt_1" if kind == "event" else "pa_1"
    return Entry(seq, day, kind, resource_id, action, "evt_1", CODE, after)


def read(entries: list[Entry], caller: Caller, today: date) -> list[Item]:
    return feed(entries, lambda facts: visible_from(caller, facts), REGIONS, {}, today)


def keys(items: list[Item]) -> list[tuple[date, int, str, bool]]:
    return [(i.visible_on, i.seq, i.resource_type, i.left_view) for i in items]


LIFE = [
    entry(1, DAY, "planned", state("planned")),
    entry(2, DAY + timedelta(1), "notify", state("notified", DAY + timedelta(1))),
    entry(3, DAY + timedelta(20), "judgements_recorded", {"grades": {"care_leavers": "good"}}),
    entry(4, DAY + timedelta(21), "publish", state("published", DAY, DAY + timedelta(30))),
]


def test_each_caller_sees_a_life_from_its_own_day() -> None:
    later = DAY + timedelta(40)
    assert [(i.visible_on, i.seq) for i in read(LIFE, INSPECTOR, later) if i.part == 0] == [
        (DAY, 1),
        (DAY + timedelta(1), 2),
        (DAY + timedelta(20), 3),
        (DAY + timedelta(21), 4),
    ]
    assert [(i.visible_on, i.seq) for i in read(LIFE, AUTHORITY, later) if i.part == 0] == [
        (DAY + timedelta(1), 2),
        (DAY + timedelta(20), 3),
        (DAY + timedelta(21), 4),
    ]
    for outsider in (PUBLIC, OTHER_INSPECTOR):
        own = [(i.visible_on, i.seq) for i in read(LIFE, outsider, later) if i.part == 0]
        assert own == [(DAY + timedelta(30), 4)]


def test_nothing_of_an_embargo_shows_before_its_day() -> None:
    assert read(LIFE, PUBLIC, DAY + timedelta(29)) == []
    lifted = read(LIFE, PUBLIC, DAY + timedelta(30))
    assert [(i.resource_type, i.resource_id, i.part) for i in lifted] == [
        ("event", "evt_1", 0),
        ("authority", CODE, 1),  # the publication moves its standing, on the same day
    ]


def test_a_state_superseded_before_its_day_is_never_shown() -> None:
    corrected = [
        *LIFE,
        entry(5, DAY + timedelta(25), "judgements_corrected", {"grades": {}}),
    ]
    items = read(corrected, PUBLIC, DAY + timedelta(30))
    assert [(i.visible_on, i.seq, i.resource_type) for i in items] == [
        (DAY + timedelta(30), 5, "event"),
        (DAY + timedelta(30), 5, "authority"),
    ]


def test_an_event_leaving_the_view_leaves_a_tombstone_on_that_day() -> None:
    told_then_untold = [
        entry(1, DAY, "planned", state("planned")),
        entry(2, DAY, "notify", state("notified", DAY)),
        entry(3, DAY + timedelta(2), "defer", state("deferred")),
    ]
    assert keys(read(told_then_untold, AUTHORITY, DAY + timedelta(5))) == [
        (DAY, 2, "event", False),
        (DAY + timedelta(2), 3, "event", True),
    ]
    assert read(told_then_untold, PUBLIC, DAY + timedelta(5)) == []


def test_a_priority_action_goes_where_its_event_goes() -> None:
    answered = [*LIFE, entry(5, DAY + timedelta(22), "draft_plan_submitted", {}, "priority_action")]
    for_public = read(answered, PUBLIC, DAY + timedelta(40))
    assert [(i.visible_on, i.resource_type) for i in for_public if i.part == 0] == [
        (DAY + timedelta(30), "event"),
        (DAY + timedelta(30), "priority_action"),
    ]
    for_authority = read(answered, AUTHORITY, DAY + timedelta(40))
    assert (DAY + timedelta(22), 5, "priority_action", False) in keys(for_authority)


# --- A feed only grows at its end --------------------------------------------------------

STATUSES = ("planned", "notified", "published", "cancelled", "deferred")
KINDS = ("standard_inspection", "focused_visit", "annual_engagement_meeting")
offsets = st.integers(min_value=0, max_value=12)


@st.composite
def histories(draw: st.DrawFn) -> list[Entry]:
    steps = draw(st.lists(st.tuples(offsets, st.booleans()), min_size=1, max_size=8))
    entries, day = [], DAY
    for seq, (gap, is_event) in enumerate(steps, start=1):
        day += timedelta(days=gap % 4)
        if is_event or seq == 1:
            after = state(
                draw(st.sampled_from(STATUSES)),
                draw(st.none() | offsets.map(lambda n: DAY + timedelta(n))),
                draw(st.none() | offsets.map(lambda n: DAY + timedelta(n))),
                draw(st.sampled_from(KINDS)),
            )
            entries.append(entry(seq, day, "corrected", after))
        else:
            entries.append(entry(seq, day, "closed", {}, "priority_action"))
    return entries


@settings(max_examples=300, deadline=None)
@given(histories(), st.integers(min_value=0, max_value=40), st.sampled_from(CALLERS))
def test_what_a_reader_read_stays_the_start_of_its_feed_every_later_day(
    entries: list[Entry], cut: int, caller: Caller
) -> None:
    """A reader who read at any moment (after some changes, on a day no earlier than the last
    of them and no later than the next) finds what it read at the start of its feed on every
    later day: nothing new ever lands behind its position."""
    cut %= len(entries) + 1
    first_day = entries[0].day
    read_on = max([first_day, *(e.day for e in entries[:cut])])
    if cut < len(entries):
        read_on = min(read_on + timedelta(days=cut % 3), entries[cut].day)
    then = read(entries[:cut], caller, read_on)
    for later in (read_on, entries[-1].day, entries[-1].day + timedelta(days=30)):
        if later >= read_on and later >= entries[-1].day:
            now = read(entries, caller, later)
            assert [astuple(i) for i in now[: len(then)]] == [astuple(i) for i in then]
