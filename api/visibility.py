"""Who may see what, and who may change what: the one place that decides both.

A planned event exists only for inspectors (of its region) and admins; an authority sees its
own events from notification; grades are embargoed until the publication day except for
inspectors, admins and the authority itself; engagement meetings and self-evaluations are
never public. Whatever a caller may not see does not exist for them: every read path (lists,
by id, counts, statistics, exports, the change feed) filters with `visible_events`, so a
hidden event is a 404 exactly like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlmodel import col

from api.domain.feed import EventFacts
from api.domain.lifecycle import KIND_RULES
from api.domain.vocabulary import EventStatus, Role
from api.tables import Authority, Event

PUBLIC_KINDS = tuple(kind.value for kind, rules in KIND_RULES.items() if rules.public)
UNANNOUNCED_KINDS = tuple(kind.value for kind, rules in KIND_RULES.items() if not rules.lifecycle)


@dataclass(frozen=True)
class Caller:
    """Who is asking: no role is the public."""

    role: Role | None = None
    authority_code: str | None = None
    region: str | None = None
    key_id: str | None = None

    @property
    def actor(self) -> str:
        return self.key_id or "public"

    @property
    def scope(self) -> tuple[str | None, str | None, str | None]:
        """What distinguishes this caller's view from another's (for cached responses)."""
        return (self.role.value if self.role else None, self.authority_code, self.region)


PUBLIC = Caller()


def record_day(as_of: date | None, today: date) -> date:
    """The day a read answers for: `as_of`, but never later than today, so that asking about
    the future cannot reveal what is embargoed until then."""
    return min(as_of, today) if as_of else today


def _published_by(day: date) -> ColumnElement[bool]:
    return and_(
        col(Event.status) == EventStatus.PUBLISHED.value,
        or_(col(Event.published_on).is_(None), col(Event.published_on) <= day),
    )


def _public(day: date) -> ColumnElement[bool]:
    return and_(_published_by(day), col(Event.kind).in_(PUBLIC_KINDS))


def _in_region(region: str) -> ColumnElement[bool]:
    return col(Event.authority_code).in_(
        select(col(Authority.code)).where(col(Authority.region) == region).scalar_subquery()
    )


def _sees_everything_of(caller: Caller) -> ColumnElement[bool]:
    """The events whose every fact (planned dates, embargoed grades) the caller may see."""
    if caller.role is Role.ADMIN:
        return true()
    if caller.role is Role.INSPECTOR:
        return _in_region(caller.region) if caller.region else true()
    return false()


def visible_events(caller: Caller, day: date) -> ColumnElement[bool]:
    """SQL condition: the events that exist for this caller on this day."""
    if caller.role in (Role.ADMIN, Role.INSPECTOR):
        return or_(_sees_everything_of(caller), _public(day))
    if caller.role is Role.AUTHORITY and caller.authority_code:
        # Notified, not merely "past planned": an event deferred or cancelled before anyone
        # told the authority stays Ofsted's business. Kinds that are never notified (meetings,
        # self-evaluations) are the authority's once they have happened.
        told = or_(
            col(Event.notified_on).is_not(None),
            and_(
                col(Event.kind).in_(UNANNOUNCED_KINDS),
                col(Event.status) != EventStatus.PLANNED.value,
            ),
        )
        own_from_notification = and_(col(Event.authority_code) == caller.authority_code, told)
        return or_(own_from_notification, _public(day))
    return _public(day)


def visible_from(caller: Caller, facts: EventFacts) -> date | None:
    """The first day on which an event with these facts exists for the caller (`date.min`: at
    once), or None: not while it has them. `visible_events`'s rule, for one state of one event,
    so that the change feed can replay an event's history through it."""
    published = facts.status == EventStatus.PUBLISHED.value and facts.kind in PUBLIC_KINDS
    public_from = (facts.published_on or date.min) if published else None
    if caller.role in (Role.ADMIN, Role.INSPECTOR):
        return date.min if sees_everything(caller, facts.region) else public_from
    if caller.role is Role.AUTHORITY and caller.authority_code:
        told = facts.notified_on is not None or (
            facts.kind in UNANNOUNCED_KINDS and facts.status != EventStatus.PLANNED.value
        )
        if facts.authority_code == caller.authority_code and told:
            return date.min
    return public_from


def grades_visible(caller: Caller, day: date) -> ColumnElement[bool]:
    """SQL condition, among visible events: those whose grades the caller may read."""
    if caller.role is Role.AUTHORITY and caller.authority_code:
        return or_(col(Event.authority_code) == caller.authority_code, _published_by(day))
    return or_(_sees_everything_of(caller), _published_by(day))


# --- Who may change what ------------------------------------------------------------------


def sees_everything(caller: Caller, region: str) -> bool:
    """Whether the caller sees every fact of an authority's events (planned ones, notes)."""
    if caller.role is Role.ADMIN:
        return True
    return caller.role is Role.INSPECTOR and caller.region in (None, region)


def may_run_inspections(caller: Caller, region: str) -> bool:
    """Plan events and move them through their lifecycle, grade, write letters: inspectors
    (of that region, when bound to one) and admins."""
    return sees_everything(caller, region)


def may_correct_published(caller: Caller) -> bool:
    """Correct a published fact (audited, with a reason): admins only."""
    return caller.role is Role.ADMIN


def reads_private_records(caller: Caller, authority_code: str, region: str) -> bool:
    """Read an authority's self-evaluations and engagement meetings (never public): the
    authority itself, inspectors of its region (or of every region) and admins. Anyone else
    finds them exactly as if the authority had none."""
    if sees_everything(caller, region):
        return True
    return caller.role is Role.AUTHORITY and caller.authority_code == authority_code


def records_meetings(caller: Caller, region: str) -> bool:
    """Record and correct an authority's engagement meetings: inspectors of its region and
    admins."""
    return may_run_inspections(caller, region)


def acts_for(caller: Caller, authority_code: str) -> bool:
    """Submit self-evaluations and action plans: the authority itself (and admins)."""
    if caller.role is Role.ADMIN:
        return True
    return caller.role is Role.AUTHORITY and caller.authority_code == authority_code
