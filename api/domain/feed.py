"""The change feed's order: which changes a caller sees, and from which day.

Plain Python over the change log. A caller's feed lists each change it may see at the key
(the London day it became visible to that caller, the change's sequence number, a part), in key
order. A change is visible on the day it was made when the caller sees the event's new state at
once (insiders; the authority once notified), and on the publication day when the caller sees
it only once published: an embargo lifts at 00:00, before any change of that day, so keys grow
with the time things became visible and a client that read up to a key never finds a new item
behind it. A state the caller never got to see (superseded before its publication day) gives
nothing; an event leaving the caller's view gives a tombstone on the day it left.

A change that moves an authority's standing (a graded inspection's publication takes effect)
or its open priority actions gives the authority an item too, at a later part of the same key;
a change to a priority action gives its event one (the event shows its actions). What the day
alone moves (a window opening or closing, a plan falling overdue) is `api.domain.feed_days`'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from api.domain.frameworks import GRADED_KINDS
from api.domain.vocabulary import Action, ChangeAction, EventStatus

EVENT = "event"
PRIORITY_ACTION = "priority_action"
AUTHORITY = "authority"
NEVER = date.max

_LETTER_ACTIONS = frozenset({ChangeAction.LETTER_WRITTEN, ChangeAction.LETTER_CORRECTED})
# The changes that can move a published graded inspection, and so an authority's standing.
_STANDING_ACTIONS = frozenset(
    {
        Action.PUBLISH,
        ChangeAction.IMPORTED,
        ChangeAction.CORRECTED,
        ChangeAction.SUPPLEMENTED,  # a report's fieldwork end can anchor the window
        ChangeAction.JUDGEMENTS_CORRECTED,
    }
)
_GRADED = frozenset(kind.value for kind in GRADED_KINDS)
# Event facts that decide who sees an event, as the log's snapshots spell them.
_FACTS = ("status", "kind", "notified_on", "published_on")


@dataclass(frozen=True)
class EventFacts:
    """What decides who sees an event: its authority (and region), kind, status and dates."""

    authority_code: str
    region: str
    kind: str
    status: str
    notified_on: date | None
    published_on: date | None


@dataclass(frozen=True)
class Entry:
    """One change of the log, as the feed reads it."""

    seq: int
    day: date  # the London day it was made
    resource_type: str
    resource_id: str
    action: str
    event_id: str | None
    authority_code: str | None
    after: Mapping[str, Any] | None


@dataclass(frozen=True, order=True)
class Item:
    """One change in one caller's feed; ordered by its key."""

    visible_on: date
    seq: int
    part: int
    resource_type: str = field(compare=False)
    resource_id: str = field(compare=False)
    action: str = field(compare=False)
    left_view: bool = field(compare=False, default=False)
    derived_from: tuple[str, str] | None = field(compare=False, default=None)


# The first day an event with these facts exists for the caller (date.min: at once), or None.
VisibleFrom = Callable[[EventFacts], date | None]


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


class _Event:
    """An event's facts, replayed change by change."""

    def __init__(self, authority_code: str, region: str) -> None:
        self.authority_code = authority_code
        self.region = region
        self.values: dict[str, Any] = {}
        self.has_letter = False

    def apply(self, entry: Entry) -> None:
        after = entry.after or {}
        self.values.update({k: after[k] for k in _FACTS if k in after})
        if entry.action == ChangeAction.IMPORTED:
            self.values.setdefault("status", EventStatus.PUBLISHED.value)
        self.has_letter = self.has_letter or entry.action in _LETTER_ACTIONS

    def facts(self) -> EventFacts | None:
        if "kind" not in self.values or "status" not in self.values:
            return None
        return EventFacts(
            authority_code=self.authority_code,
            region=self.region,
            kind=self.values["kind"],
            status=self.values["status"],
            notified_on=_day(self.values.get("notified_on")),
            published_on=_day(self.values.get("published_on")),
        )

    def standing_from(self) -> date | None:
        """The day this state enters the published record of graded inspections, if it does."""
        facts = self.facts()
        if facts is None or facts.kind not in _GRADED or facts.status != EventStatus.PUBLISHED:
            return None
        return facts.published_on or date.min


def _after_each(entries: Sequence[Entry]) -> list[date]:
    """For each entry, the day of the next change to the event itself (NEVER if none): the
    state an entry leaves holds until then."""
    following, upcoming = [], NEVER
    for entry in reversed(entries):
        following.append(upcoming)
        if entry.resource_type == EVENT:
            upcoming = entry.day
    following.reverse()
    return following


@dataclass
class _Derived:
    """The authorities' items that one change gives, by the day they become visible."""

    codes: dict[date, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, day: date, codes: Iterable[str]) -> None:
        for code in codes:
            if code not in self.codes[day]:
                self.codes[day].append(code)


def _event_items(
    entries: Sequence[Entry],
    visible_from: VisibleFrom,
    region: str,
    successors: Callable[[str], list[str]],
    today: date,
) -> Iterable[Item]:
    first = entries[0]
    code = first.authority_code or ""
    event = _Event(code, region)
    seen_before: date | None = None  # from when the state before the entry was visible
    shown = False
    for entry, until in zip(entries, _after_each(entries), strict=True):
        own: list[Item] = []
        derived = _Derived()
        if entry.resource_type == EVENT:
            event.apply(entry)
        facts = event.facts()
        now = visible_from(facts) if facts else None
        if entry.resource_type == EVENT:
            if (
                seen_before is not None
                and seen_before <= entry.day
                and (now is None or now > entry.day)
            ):
                own.append(
                    Item(entry.day, entry.seq, 0, EVENT, entry.resource_id, entry.action, True)
                )
                if event.has_letter:
                    derived.add(entry.day, [code])
            standing = event.standing_from()
            if standing is not None and entry.action in _STANDING_ACTIONS:
                on = max(entry.day, standing)
                if on <= until:
                    derived.add(on, [code, *successors(code)])
            seen_before = now
        if now is not None and max(entry.day, now) <= until:
            on = max(entry.day, now)
            own.append(Item(on, entry.seq, 0, entry.resource_type, entry.resource_id, entry.action))
            if entry.resource_type == PRIORITY_ACTION:
                # Its event shows its actions: the event's representation moved too.
                source = (PRIORITY_ACTION, entry.resource_id)
                own.append(
                    Item(on, entry.seq, 1, EVENT, first.event_id or "", entry.action, False, source)
                )
            opens_actions = not shown or entry.resource_type == PRIORITY_ACTION
            if event.has_letter and (opens_actions or entry.action in _LETTER_ACTIONS):
                derived.add(on, [code])
            shown = True
        yield from (item for item in own if item.visible_on <= today)
        source = (entry.resource_type, entry.resource_id)
        part = 2 if entry.resource_type == PRIORITY_ACTION else 1  # after its event's item
        for on, codes in sorted(derived.codes.items()):
            if on > today:
                continue
            for authority in codes:
                yield Item(on, entry.seq, part, AUTHORITY, authority, entry.action, False, source)
                part += 1


def _authority_items(entry: Entry) -> Iterable[Item]:
    yield Item(entry.day, entry.seq, 0, AUTHORITY, entry.resource_id, entry.action)
    predecessor = (entry.after or {}).get("predecessor_code")
    if entry.action == ChangeAction.PREDECESSOR_LINKED and isinstance(predecessor, str):
        source = (AUTHORITY, entry.resource_id)
        yield Item(entry.day, entry.seq, 1, AUTHORITY, predecessor, entry.action, False, source)


def successors_of(successors: Mapping[str, Sequence[str]]) -> Callable[[str], list[str]]:
    """Every council that followed one, directly or through another, nearest first."""

    def all_successors(code: str) -> list[str]:
        found: list[str] = []
        pending = list(successors.get(code, ()))
        while pending:
            nxt = pending.pop(0)
            if nxt not in found and nxt != code:
                found.append(nxt)
                pending.extend(successors.get(nxt, ()))
        return found

    return all_successors


def feed(
    entries: Iterable[Entry],
    visible_from: VisibleFrom,
    regions: Mapping[str, str],
    successors: Mapping[str, Sequence[str]],
    today: date,
) -> list[Item]:
    """One caller's feed as it stands today, in key order (the changes people made; those of
    the day alone are `api.domain.feed_days`')."""
    all_successors = successors_of(successors)
    items: list[Item] = []
    by_event: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.resource_type == AUTHORITY:
            if entry.day <= today:
                items.extend(_authority_items(entry))
        elif entry.resource_type in (EVENT, PRIORITY_ACTION) and entry.event_id:
            by_event[entry.event_id].append(entry)
    for timeline in by_event.values():
        region = regions.get(timeline[0].authority_code or "", "")
        items.extend(_event_items(timeline, visible_from, region, all_successors, today))
    items.sort()
    return items
