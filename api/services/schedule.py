"""The schedule: what falls due in a period, for what the caller may see (GET /v1/schedule).

The whole schedule for a caller's view is derived once per data version, day and horizon
(`api.memo`): the events, grades and priority actions the caller may see as the record stood
at the end of the day asked about, and the public standing each authority's window comes from.
Filters and pages are cut from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlmodel import Session

from api import memo
from api.changes import data_version, public_data_version
from api.domain.deadlines import DeadlinePolicy
from api.domain.errors import FieldError, InvalidInput
from api.domain.schedule import ActionPlans, Due, Inherited, Record, SchedulePolicy, schedule
from api.domain.vocabulary import DueStatus, Region, ScheduleKind
from api.repositories import authorities as authority_repo
from api.repositories import schedule as repo
from api.schemas import FollowsFrom, ScheduleItem
from api.services.authorities import progress_of
from api.services.self_evaluations import annual_policy
from api.services.standing import standings, window_policy
from api.settings import get_settings
from api.tables import Authority
from api.visibility import Caller, record_day

DEFAULT_DAYS = 365
# The longest period one request may ask about: ten years (2018-2027 fits).
MAX_YEARS = 10


@dataclass(frozen=True)
class ScheduleQuery:
    first: date
    last: date
    region: str | None = None
    authority_code: str | None = None
    kind: ScheduleKind | None = None
    status: DueStatus | None = None
    as_of: date | None = None
    after: tuple[date, str] | None = None
    limit: int = 50


def period(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    """The period asked about: a year from today by default (a year from `from`, or up to
    `to`, when only one is given); in order, and at most ten years long."""
    if first is None:
        first = last - timedelta(days=DEFAULT_DAYS) if last else today
    last = last or first + timedelta(days=DEFAULT_DAYS)
    if last < first:
        raise InvalidInput("the period ends before it starts", [FieldError("to", "is before from")])
    if last > first + relativedelta(years=MAX_YEARS):
        raise InvalidInput(
            f"a period is at most {MAX_YEARS} years long",
            [FieldError("to", f"is more than {MAX_YEARS} years after from")],
        )
    return first, last


def policy() -> SchedulePolicy:
    settings = get_settings()
    return SchedulePolicy(
        window=window_policy(),
        deadlines=DeadlinePolicy(
            first_monitoring_visit_calendar_days=settings.first_monitoring_visit_days,
            monitoring_visit_interval_months=settings.monitoring_visit_interval_months,
        ),
        monitoring_tolerance_days=settings.monitoring_visit_tolerance_days,
        annual=annual_policy(),
    )


def _record(session: Session, caller: Caller, day: date) -> Record:
    everyone = authority_repo.list_authorities(session, authority_repo.AuthorityFilters())
    inherited = []
    for code, standing in standings(session, day).items():
        state = standing.state
        if state.inherited_from and standing.next is not None and state.latest is not None:
            inherited.append(Inherited(code, standing.next, state.latest))
    actions = [
        ActionPlans(a.id, a.event_id, a.authority_code, progress_of(a))
        for a in repo.priority_actions(session, caller, day)
    ]
    return Record(
        results=repo.graded_results(session, caller, day),
        activities=repo.activities(session, caller, day),
        actions=actions,
        inherited=inherited,
        abolished={a.code: a.abolished_on for a in everyone if a.abolished_on is not None},
    )


def _everything(session: Session, caller: Caller, day: date, until: date) -> list[Due]:
    # The public's view moves only with what the public can read (as its pages do).
    version = public_data_version(session) if caller.role is None else data_version(session)
    rules = policy()
    key = ("schedule", version, caller.scope, day, until, rules)
    return memo.memoised(key, lambda: schedule(_record(session, caller, day), day, until, rules))


def schedule_page(
    session: Session, caller: Caller, query: ScheduleQuery, today: date
) -> tuple[list[ScheduleItem], tuple[str, str] | None]:
    """One page of what falls due in the period, in (opens_on, id) order, with statuses on the
    day asked; and the sort key of its last item when there are more."""
    day = record_day(query.as_of, today)
    # Expected visits are drawn to the end of the period's year, so nearby periods share one.
    horizon = date(query.last.year, 12, 31)
    authorities = {a.code: a for a in _authorities(session)}
    selected = []
    for item in _everything(session, caller, day, horizon):
        if not item.overlaps(query.first, query.last):
            continue
        if query.after is not None and (item.opens_on, item.id) <= query.after:
            continue
        authority = authorities.get(item.authority_code)
        if authority is None or not _wanted(item, authority, query, day):
            continue
        selected.append((item, authority))
        if len(selected) > query.limit:
            break
    page = [_view(item, authority, day) for item, authority in selected[: query.limit]]
    more = len(selected) > query.limit
    return page, (page[-1].opens_on.isoformat(), page[-1].id) if more else None


def _authorities(session: Session) -> list[Authority]:
    return list(authority_repo.list_authorities(session, authority_repo.AuthorityFilters()))


def _wanted(item: Due, authority: Authority, query: ScheduleQuery, day: date) -> bool:
    if query.authority_code and item.authority_code != query.authority_code:
        return False
    if query.region and authority.region != query.region:
        return False
    if query.kind and item.kind is not query.kind:
        return False
    return not query.status or item.status_on(day) is query.status


def _view(item: Due, authority: Authority, day: date) -> ScheduleItem:
    return ScheduleItem(
        id=item.id,
        kind=item.kind,
        authority_code=item.authority_code,
        authority_name=authority.name,
        region=Region(authority.region),
        opens_on=item.opens_on,
        closes_on=item.closes_on,
        status=item.status_on(day),
        met_on=item.met_on,
        met_by_event_id=item.met_by_event_id,
        tracked=item.tracked,
        inspection_kind=item.inspection_kind,
        follows_from=FollowsFrom(
            event_id=item.event_id, priority_action_id=item.priority_action_id
        ),
    )
