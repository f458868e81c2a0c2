"""The change feed: every change a caller may see, in the order it became visible to them.

The order is the domain's (`api.domain.feed`), replayed over the change log through the one
visibility policy; each item carries the resource as its GET shows it to the caller now. A
position in the feed is (a day, how many of that day's items were read): it names nothing the
caller may not see, and since a caller's feed only grows at its end, it stays valid on any
later day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from api import memo
from api.changes import data_version
from api.domain import feed as domain
from api.domain import feed_days as days
from api.domain.feed import EventFacts, Item
from api.repositories import authorities as authority_repo
from api.repositories import changes as repo
from api.repositories import events as event_repo
from api.repositories import priority_actions as action_repo
from api.schemas import (
    AuthorityPublic,
    EventPublic,
    FeedChange,
    FeedResource,
    PriorityActionSummary,
)
from api.services.authorities import every_authority, priority_action_summary
from api.services.events import views_of
from api.services.standing import window_policy
from api.visibility import Caller, visible_from


@dataclass(frozen=True)
class Position:
    """Where a reader of the feed stands: after the first `read` items of `day`."""

    day: date
    read: int


START = Position(date.min, 0)


@dataclass(frozen=True)
class FeedSlice:
    items: list[FeedChange]
    next_after: Position
    more: bool


def caller_feed(session: Session, caller: Caller, today: date) -> list[Item]:
    """The caller's whole feed as it stands today (built once per data version and day)."""

    def build() -> list[Item]:
        links = authority_repo.succession(session)
        entries = repo.feed_entries(session)
        regions = repo.regions(session)

        def sees(facts: EventFacts) -> date | None:
            return visible_from(caller, facts)

        items = domain.feed(entries, sees, regions, links.successors, today)
        heirs = domain.successors_of(links.successors)
        items += days.day_items(entries, sees, regions, heirs, window_policy(), today)
        items.sort()
        return items

    return memo.memoised(("feed", data_version(session), caller.scope, today), build)


def visible_version(session: Session, caller: Caller, today: date) -> tuple[object, ...]:
    """What changes exactly when something the caller may see changes (or the day turns):
    the length and last key of its feed. Nothing the caller may not see moves it."""
    items = caller_feed(session, caller, today)
    last = (items[-1].visible_on, items[-1].seq, items[-1].part) if items else None
    return (today, len(items), last)


def _start(days: Sequence[date], position: Position) -> int:
    first_of_day = bisect_left(days, position.day)
    of_day = bisect_right(days, position.day) - first_of_day
    return first_of_day + min(max(position.read, 0), of_day)


def _representations(
    session: Session, caller: Caller, today: date, items: Sequence[Item]
) -> dict[tuple[str, str], EventPublic | AuthorityPublic | PriorityActionSummary]:
    wanted: dict[str, set[str]] = {domain.EVENT: set(), domain.PRIORITY_ACTION: set()}
    for item in items:
        wanted.get(item.resource_type, set()).add(item.resource_id)
    found: dict[tuple[str, str], EventPublic | AuthorityPublic | PriorityActionSummary] = {}
    events = event_repo.visible_by_ids(session, caller, today, sorted(wanted[domain.EVENT]))
    for view in views_of(session, caller, today, events):
        found[(domain.EVENT, view.id)] = view
    actions = sorted(wanted[domain.PRIORITY_ACTION])
    for action in action_repo.visible_by_ids(session, caller, today, actions):
        found[(domain.PRIORITY_ACTION, action.id)] = priority_action_summary(action, today)
    if any(item.resource_type == domain.AUTHORITY for item in items):
        for code, authority in every_authority(session, caller, today).items():
            found[(domain.AUTHORITY, code)] = authority
    return found


def changes_page(
    session: Session,
    caller: Caller,
    after: Position | None,
    limit: int,
    today: date,
    spell: Callable[[Position], str],
) -> FeedSlice:
    """The items after `after` (from the start when None), at most `limit` of them, each with
    its position as `spell` writes it, and the position to resume from."""
    items = caller_feed(session, caller, today)
    days = [item.visible_on for item in items]
    position = after or START
    begin = _start(days, position)
    page = items[begin : begin + limit]
    if page:
        last = page[-1].visible_on
        read = begin + len(page) - bisect_left(days, last)
        position = Position(last, read)
    found = _representations(session, caller, today, page)
    changes = []
    for index, item in enumerate(page, start=begin):
        read = index + 1 - bisect_left(days, item.visible_on)
        representation = (
            None if item.left_view else found.get((item.resource_type, item.resource_id))
        )
        source = item.derived_from
        changes.append(
            FeedChange(
                position=spell(Position(item.visible_on, read)),
                resource_type=item.resource_type,
                resource_id=item.resource_id,
                action=item.action,
                visible_on=item.visible_on,
                derived_from=FeedResource(resource_type=source[0], resource_id=source[1])
                if source
                else None,
                deleted=representation is None,
                representation=representation,
            )
        )
    return FeedSlice(changes, position, begin + limit < len(items))
