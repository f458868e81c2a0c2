"""Authorities as the API shows them: reference facts plus where each stands."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from api.domain.due import status_on
from api.domain.errors import NotFound
from api.domain.priority_actions import PlanProgress, as_of, is_overdue
from api.domain.vocabulary import REGION_NAMES, Pathway, PriorityActionStatus, Region
from api.repositories import authorities as repo
from api.repositories import events as event_repo
from api.schemas import (
    AuthorityPublic,
    LatestJudgements,
    Neighbour,
    NeighbourList,
    NextInspection,
    PriorityActionSummary,
)
from api.services.standing import Standing, standing_of, standings
from api.tables import Authority, PriorityAction
from api.visibility import Caller, record_day


@dataclass(frozen=True)
class AuthorityQuery:
    filters: repo.AuthorityFilters
    pathway: Pathway | None = None
    as_of: date | None = None


def progress_of(action: PriorityAction) -> PlanProgress:
    """The domain's view of a stored priority action."""
    return PlanProgress(
        status=PriorityActionStatus(action.status),
        draft_plan_due=action.draft_plan_due,
        final_plan_due=action.final_plan_due,
        draft_plan_submitted_on=action.draft_plan_submitted_on,
        final_plan_submitted_on=action.final_plan_submitted_on,
        raised_on=action.raised_on,
        closed_on=action.closed_on,
    )


def priority_action_summary(action: PriorityAction, day: date) -> PriorityActionSummary:
    """The action as it stood at the end of `day` (today, or an `as_of` day)."""
    progress = as_of(progress_of(action), day) or progress_of(action)
    return PriorityActionSummary(
        id=action.id,
        event_id=action.event_id,
        authority_code=action.authority_code,
        text=action.text,
        raised_on=action.raised_on,
        status=progress.status,
        draft_plan_due=action.draft_plan_due,
        final_plan_due=action.final_plan_due,
        draft_plan_submitted_on=progress.draft_plan_submitted_on,
        final_plan_submitted_on=progress.final_plan_submitted_on,
        closed_on=progress.closed_on,
        closed_by_event_id=action.closed_by_event_id if progress.closed_on else None,
        overdue=is_overdue(progress, day),
    )


def _view(
    authority: Authority,
    links: repo.Succession,
    standing: Standing | None,
    actions: Sequence[PriorityActionSummary],
    day: date,
) -> AuthorityPublic:
    region = Region(authority.region)
    latest, upcoming = _latest(standing), _upcoming(authority, standing, day)
    return AuthorityPublic(
        code=authority.code,
        name=authority.name,
        ofsted_name=authority.ofsted_name,
        dfe_number=authority.dfe_number,
        urn=authority.urn,
        aliases=list(authority.aliases or []),
        la_type=authority.la_type,
        region=region,
        region_name=REGION_NAMES[region],
        status=authority.status,
        abolished_on=authority.abolished_on,
        predecessors=links.predecessors.get(authority.code, []),
        successors=links.successors.get(authority.code, []),
        pathway=standing.state.pathway if standing else None,
        pathway_inherited_from=list(standing.state.inherited_from) if standing else [],
        latest_judgements=latest,
        next_inspection=upcoming,
        open_priority_actions=list(actions),
    )


def _latest(standing: Standing | None) -> LatestJudgements | None:
    latest = standing.own_latest if standing else None
    if latest is None:
        return None
    return LatestJudgements(
        event_id=latest.event_id,
        framework=latest.framework_id,
        fieldwork_start=latest.fieldwork_start,
        published_on=latest.published_on,
        grades=dict(latest.grades),
    )


def _upcoming(authority: Authority, standing: Standing | None, day: date) -> NextInspection | None:
    """The next graded inspection and where its window stands on `day` (the day the read
    answers for): a graded inspection published meets it and moves the standing to the next
    window, so `met` never shows here."""
    # An abolished council keeps its history and last pathway, but nothing falls due for it.
    upcoming = standing.next if standing and authority.abolished_on is None else None
    if upcoming is None:
        return None
    return NextInspection(
        kind=upcoming.kind,
        window_start=upcoming.window_start,
        window_end=upcoming.window_end,
        anchor_date=upcoming.anchor_date,
        status=status_on(day, upcoming.window_start, upcoming.window_end),
    )


NEIGHBOUR_MODEL = "DfE children's services statistical neighbour benchmarking tool"


def neighbours(session: Session, code: str, *, as_of: date | None, today: date) -> NeighbourList:
    """The authority's statistical neighbours, closest first, each with where it stood."""
    found = repo.get_authority(session, code)
    if found is None:
        raise NotFound("authority", code)
    day = record_day(as_of, today)
    where = standings(session, day)
    codes = list(found.statistical_neighbours or [])
    by_code = {a.code: a for a in repo.authorities_by_code(session, codes)}
    items = []
    for rank, neighbour_code in enumerate(codes, start=1):
        neighbour = by_code.get(neighbour_code)
        if neighbour is None:
            continue
        standing = where.get(neighbour_code)
        items.append(
            Neighbour(
                rank=rank,
                code=neighbour.code,
                name=neighbour.name,
                region=Region(neighbour.region),
                pathway=standing.state.pathway if standing else None,
                latest_judgements=_latest(standing),
                next_inspection=_upcoming(neighbour, standing, day),
            )
        )
    return NeighbourList(authority_code=code, model=NEIGHBOUR_MODEL, as_of=day, items=items)


def _views(
    session: Session, caller: Caller, query: AuthorityQuery, today: date
) -> list[AuthorityPublic]:
    day = record_day(query.as_of, today)
    links = repo.succession(session)
    where = standings(session, day)
    actions: dict[str, list[PriorityActionSummary]] = defaultdict(list)
    for action in event_repo.open_priority_actions(session, caller, day):
        actions[action.authority_code].append(priority_action_summary(action, day))
    views = [
        _view(a, links, where.get(a.code), actions.get(a.code, []), day)
        for a in repo.list_authorities(session, query.filters)
    ]
    if query.pathway is not None:
        views = [v for v in views if v.pathway == query.pathway]
    return views


def authority_views(
    session: Session, caller: Caller, query: AuthorityQuery, today: date
) -> list[AuthorityPublic]:
    """Every authority the query selects, as the list shows them, by code."""
    return _views(session, caller, query, today)


def every_authority(session: Session, caller: Caller, today: date) -> dict[str, AuthorityPublic]:
    """Every authority as the caller sees it today, by code (the change feed's and the
    export's source: the same views the list answers with)."""
    views = _views(session, caller, AuthorityQuery(filters=repo.AuthorityFilters()), today)
    return {view.code: view for view in views}


def authorities_page(
    session: Session,
    caller: Caller,
    query: AuthorityQuery,
    *,
    after: str | None,
    limit: int,
    today: date,
) -> tuple[list[AuthorityPublic], tuple[str] | None]:
    """One page of authorities, and the sort key of its last item when there are more."""
    views = [v for v in _views(session, caller, query, today) if after is None or v.code > after]
    page = views[:limit]
    return page, (page[-1].code,) if len(views) > limit else None


def authority(
    session: Session, caller: Caller, code: str, *, as_of: date | None, today: date
) -> AuthorityPublic:
    found = repo.get_authority(session, code)
    if found is None:
        raise NotFound("authority", code)
    day = record_day(as_of, today)
    actions = [
        priority_action_summary(a, day)
        for a in event_repo.open_priority_actions(session, caller, day, code)
    ]
    return _view(found, repo.succession(session), standing_of(session, day, code), actions, day)
