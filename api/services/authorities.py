"""Authorities as the API shows them: reference facts plus where each stands."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from api import cache
from api.changes import data_version
from api.domain.vocabulary import REGION_NAMES, Region
from api.http import encode_cursor
from api.problems import NotFound
from api.repositories import authorities as repo
from api.schemas import AuthorityPublic, Page
from api.tables import Authority


def _view(authority: Authority, links: repo.Succession) -> AuthorityPublic:
    region = Region(authority.region)
    return AuthorityPublic(
        code=authority.code,
        name=authority.name,
        ofsted_name=authority.ofsted_name,
        dfe_number=authority.dfe_number,
        la_type=authority.la_type,
        region=region,
        region_name=REGION_NAMES[region],
        status=authority.status,
        abolished_on=authority.abolished_on,
        predecessors=links.predecessors.get(authority.code, []),
        successors=links.successors.get(authority.code, []),
        pathway=None,
        latest_judgements=None,
        next_inspection=None,
        open_priority_actions=[],
    )


def _views(session: Session, filters: repo.AuthorityFilters) -> list[AuthorityPublic]:
    links = repo.succession(session)
    return [_view(a, links) for a in repo.list_authorities(session, filters)]


def authorities_page(
    session: Session,
    filters: repo.AuthorityFilters,
    *,
    after: str | None,
    limit: int,
    today: date,
) -> cache.Rendered:
    """One page of authorities, rendered once per data version."""

    def build() -> cache.Rendered:
        views = [v for v in _views(session, filters) if after is None or v.code > after]
        page = views[:limit]
        next_cursor = encode_cursor([page[-1].code]) if len(views) > limit else None
        body = Page[AuthorityPublic](items=page, next_cursor=next_cursor).model_dump_json()
        return cache.Rendered.of(body.encode(), next_cursor)

    key = ("authorities", data_version(session), today, filters, after, limit)
    return cache.rendered(key, build)


def authority(session: Session, code: str, *, today: date) -> AuthorityPublic:
    found = repo.get_authority(session, code)
    if found is None:
        raise NotFound("authority", code)
    return _view(found, repo.succession(session))
