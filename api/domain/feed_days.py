"""The change feed's changes of the day alone: what a resource's representation says moves when
a day comes, with no write (DOMAIN.md §3-5).

- An authority's next window opens (`upcoming` -> `due`) on its first day and closes
  (`due` -> `overdue`) the day after its last: the authority changes on those days.
- A priority action's plan falls overdue the day after its deadline without it: the action,
  its event (which shows its actions) and its authority (which shows its open actions) change.

Each such change comes at the key (that day, the sequence number of the change that set the
date, a part), so it sorts before anything done that day, like an embargo lifting at 00:00
(`api.domain.feed`). It is decided only by the changes made before that day, so once a client
has read it, nothing done later can take it back or put another one behind it: a state counts
when it was made before the day and still held at its start. A change on the day itself that
moves the date gives its own item, after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from api.domain.deadlines import priority_action_plan_due
from api.domain.errors import DomainError
from api.domain.feed import (
    _FACTS,
    _GRADED,
    AUTHORITY,
    EVENT,
    NEVER,
    PRIORITY_ACTION,
    Entry,
    EventFacts,
    Item,
    VisibleFrom,
    _after_each,
)
from api.domain.pathways import GradedInspection, pathway_of
from api.domain.vocabulary import ChangeAction, EventKind, EventStatus, Grade, JudgementArea
from api.domain.windows import WindowPolicy, next_inspection

# What happened, in the feed's `action` (the change log's words are for changes people made).
WINDOW_OPENED = "window_opened"
WINDOW_CLOSED = "window_closed"
PLAN_OVERDUE = "plan_overdue"

_PART = 1000  # after any part the change itself gives at the same key
_LETTERS = frozenset({ChangeAction.LETTER_WRITTEN, ChangeAction.LETTER_CORRECTED})
_GRADE_ACTIONS = frozenset(
    {ChangeAction.IMPORTED, ChangeAction.JUDGEMENTS_RECORDED, ChangeAction.JUDGEMENTS_CORRECTED}
)


@dataclass(frozen=True)
class _Held:
    """One state of an event: made on `made` by change `seq`, in effect for the caller from
    `on`, until the event's next change (made on `until`, after the day's start)."""

    seq: int
    made: date
    on: date
    until: date

    def set_before(self, day: date) -> bool:
        """In effect at the start of `day`, and decided before it."""
        return self.made < day and self.on <= day <= self.until

    def read_before(self, day: date) -> bool:
        """As `set_before`, and already shown before `day` (else its own item shows it)."""
        return self.set_before(day) and self.on < day


@dataclass(frozen=True)
class _Window:
    held: _Held
    event_id: str
    recency: tuple[date, date, str]
    opens: date | None  # None: no window (monitoring)
    closes: date | None


@dataclass(frozen=True)
class _Letter:
    held: _Held
    event_id: str
    draft_due: date
    final_due: date
    actions_raised: int


@dataclass
class _Replay:
    """An event's facts as its changes leave them (grades and the letter's date included)."""

    values: dict[str, Any] = field(default_factory=dict)
    grades: dict[str, str] = field(default_factory=dict)
    letter_on: date | None = None
    actions_raised: int = 0

    def apply(self, entry: Entry) -> None:
        after = entry.after or {}
        self.values.update({k: after[k] for k in (*_FACTS, *_DATES, "framework") if k in after})
        if entry.action == ChangeAction.IMPORTED:
            self.values.setdefault("status", EventStatus.PUBLISHED.value)
        if entry.action in _GRADE_ACTIONS and isinstance(after.get("grades"), dict):
            self.grades = dict(after["grades"])
        if entry.action in _LETTERS:
            self.letter_on = _day(after.get("sent_on"))
            self.actions_raised = len(after.get("areas_for_priority_action") or ())

    def facts(self, code: str, region: str) -> EventFacts | None:
        if "kind" not in self.values or "status" not in self.values:
            return None
        return EventFacts(
            code,
            region,
            self.values["kind"],
            self.values["status"],
            _day(self.values.get("notified_on")),
            _day(self.values.get("published_on")),
        )

    def inspection(self, event_id: str, code: str) -> GradedInspection | None:
        """The graded inspection this state puts in the published record, if it does."""
        v = self.values
        start = _day(v.get("fieldwork_start"))
        if v.get("kind") not in _GRADED or v.get("status") != EventStatus.PUBLISHED:
            return None
        if start is None or not self.grades or not v.get("framework"):
            return None
        try:
            grades = {JudgementArea(a): Grade(g) for a, g in self.grades.items()}
            kind = EventKind(v["kind"])
        except ValueError:
            return None
        published = _day(v.get("published_on"))
        end = _day(v.get("fieldwork_end"))
        return GradedInspection(event_id, code, kind, v["framework"], start, end, published, grades)


_DATES = ("fieldwork_start", "fieldwork_end")


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _window_of(inspection: GradedInspection, policy: WindowPolicy) -> tuple[date, date] | None:
    try:
        upcoming = next_inspection(pathway_of([inspection]), policy)
    except DomainError:  # grades a framework cannot read: no window to follow
        return None
    return (upcoming.window_start, upcoming.window_end) if upcoming else None


@dataclass
class _Timelines:
    windows: dict[str, list[_Window]] = field(default_factory=lambda: defaultdict(list))
    letters: list[tuple[str, _Letter]] = field(default_factory=list)
    # Each priority action's changes: (the day made, what it left).
    plans: dict[str, dict[str, list[tuple[date, Mapping[str, Any]]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )


def _replay(
    timeline: Sequence[Entry],
    visible_from: VisibleFrom,
    region: str,
    policy: WindowPolicy,
    into: _Timelines,
) -> None:
    code = timeline[0].authority_code or ""
    event_id = timeline[0].event_id or ""
    replay = _Replay()
    for entry, until in zip(timeline, _after_each(timeline), strict=True):
        if entry.resource_type == PRIORITY_ACTION:
            into.plans[event_id][entry.resource_id].append((entry.day, entry.after or {}))
            continue
        replay.apply(entry)
        inspection = replay.inspection(event_id, code)
        if inspection is not None:
            # The published record is the same for every caller: from its publication day.
            on = max(entry.day, inspection.published_on or date.min)
            window = _window_of(inspection, policy)
            recency = (inspection.fieldwork_start, inspection.published_on or date.min, event_id)
            held = _Held(entry.seq, entry.day, on, until)
            opens, closes = window if window else (None, None)
            into.windows[code].append(_Window(held, event_id, recency, opens, closes))
        facts = replay.facts(code, region)
        shown_from = visible_from(facts) if facts else None
        if shown_from is not None and replay.letter_on and replay.actions_raised:
            draft_due, final_due = priority_action_plan_due(replay.letter_on)
            held = _Held(entry.seq, entry.day, max(entry.day, shown_from), until)
            letter = _Letter(held, event_id, draft_due, final_due, replay.actions_raised)
            into.letters.append((code, letter))


def _window_items(
    windows: Mapping[str, Sequence[_Window]],
    successors: Callable[[str], list[str]],
    today: date,
) -> Iterable[Item]:
    def deciding(code: str, day: date) -> _Window | None:
        """The authority's latest graded inspection in the record at the start of `day`."""
        held = [w for w in windows.get(code, ()) if w.held.set_before(day)]
        return max(held, key=lambda w: w.recency) if held else None

    for code, own in windows.items():
        for window in own:
            if window.opens is None or window.closes is None:
                continue
            turns = (
                (window.opens, WINDOW_OPENED),
                (window.closes + timedelta(days=1), WINDOW_CLOSED),
            )
            for day, action in turns:
                if day > today or not window.held.read_before(day):
                    continue
                if deciding(code, day) is not window:
                    continue
                source = (EVENT, window.event_id)
                # Successors without an inspection of their own inherit the window.
                heirs = [s for s in successors(code) if deciding(s, day) is None]
                for part, authority in enumerate([code, *heirs], start=_PART):
                    yield Item(
                        day, window.held.seq, part, AUTHORITY, authority, action, False, source
                    )


def _plan_state(changes: Sequence[tuple[date, Mapping[str, Any]]], day: date) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for made, after in changes:
        if made < day:
            state.update(after)
    return state


def _flips(state: Mapping[str, Any], stage: str) -> bool:
    """Whether an action in this state falls overdue when `stage`'s deadline passes: the draft's
    without a draft, the final's with a draft in but not the final (else it already was)."""
    if state.get("final_plan_submitted_on") or state.get("status") == "closed":
        return False
    return bool(state.get("draft_plan_submitted_on")) is (stage == "final")


def _letter_items(timelines: _Timelines, today: date) -> Iterable[Item]:
    for code, letter in timelines.letters:
        every_plan = timelines.plans.get(letter.event_id, {})
        for due, stage in ((letter.draft_due, "draft"), (letter.final_due, "final")):
            day = due + timedelta(days=1)
            if day > today or not letter.held.read_before(day):
                continue
            # Only actions with a change before the day count (a later one brings its own item);
            # actions never answered have none: they fall late with the draft.
            plans = {a: c for a, c in every_plan.items() if any(made < day for made, _ in c)}
            unanswered = max(letter.actions_raised - len(plans), 0)
            late = [
                a
                for a, changes in sorted(plans.items())
                if _flips(_plan_state(changes, day), stage)
            ]
            if not late and not (stage == "draft" and unanswered):
                continue
            source = (EVENT, letter.event_id)
            seq, part = letter.held.seq, _PART
            for action_id in late:
                yield Item(day, seq, part, PRIORITY_ACTION, action_id, PLAN_OVERDUE, False, source)
                part += 1
            yield Item(day, seq, part, EVENT, letter.event_id, PLAN_OVERDUE, False, source)
            yield Item(day, seq, part + 1, AUTHORITY, code, PLAN_OVERDUE, False, source)


def day_items(
    entries: Iterable[Entry],
    visible_from: VisibleFrom,
    regions: Mapping[str, str],
    successors: Callable[[str], list[str]],
    policy: WindowPolicy,
    today: date,
) -> list[Item]:
    """The changes of the day alone in one caller's feed, up to today (unsorted)."""
    by_event: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.resource_type in (EVENT, PRIORITY_ACTION) and entry.event_id:
            by_event[entry.event_id].append(entry)
    timelines = _Timelines()
    for timeline in by_event.values():
        region = regions.get(timeline[0].authority_code or "", "")
        _replay(timeline, visible_from, region, policy, timelines)
    items = list(_window_items(timelines.windows, successors, today))
    items.extend(_letter_items(timelines, today))
    return items


__all__ = ["NEVER", "PLAN_OVERDUE", "WINDOW_CLOSED", "WINDOW_OPENED", "day_items"]
