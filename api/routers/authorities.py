"""/v1/authorities: the 153 authorities (and the councils they replaced)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from api.clock import Today
from api.db import SessionDep, SessionFactory, session_factory
from api.domain.vocabulary import AuthorityStatus, LaType, Pathway
from api.repositories.authorities import AuthorityFilters
from api.schemas import AuthorityPage, AuthorityPublic, NeighbourList
from api.services import authorities as service
from api.services.authorities import AuthorityQuery
from api.web import pages
from api.web.authentication import CallerDep
from api.web.conditional import Rendered, json_response
from api.web.paging import decode_cursor, encode_cursor, page_response, text
from api.web.params import AsOf, AuthorityCode, Cursor, Limit, RegionFilter
from api.web.problems import read_responses

router = APIRouter(prefix="/v1/authorities", tags=["authorities"])


@router.get(
    "",
    name="authorities-list",
    summary="List authorities",
    response_model=AuthorityPage,
    responses=read_responses(401, 422),
)
async def list_authorities(
    request: Request,
    make_session: Annotated[SessionFactory, Depends(session_factory)],
    today: Today,
    caller: CallerDep,
    region: RegionFilter = None,
    la_type: LaType | None = None,
    status: AuthorityStatus | None = None,
    pathway: Pathway | None = None,
    as_of: AsOf = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    """The authorities in ONS-code order, filtered by region, type, status and pathway, each with
    its latest judgements, next inspection and open priority actions; `as_of` answers as the
    public record stood at the end of that day.
    """
    (after,) = decode_cursor(cursor, (text,)) or (None,)
    query = AuthorityQuery(
        filters=AuthorityFilters(
            region=region.value if region else None,
            la_type=la_type.value if la_type else None,
            status=status.value if status else None,
        ),
        pathway=pathway,
        as_of=as_of,
    )

    def build(session: Session) -> Rendered:
        items, last = service.authorities_page(
            session, caller, query, after=after, limit=limit, today=today
        )
        next_cursor = encode_cursor(last) if last else None
        return Rendered.model(AuthorityPage(items=items, next_cursor=next_cursor), next_cursor)

    key = ("authorities", caller.scope, today, query, after, limit)
    version, page = await pages.rendered_without_waiting(make_session, caller, key, build)
    pages.remember_for_revalidation(request, caller, version, today, page)
    return page_response(request, page)


@router.get(
    "/{code}",
    name="authorities-get",
    summary="Get one authority",
    response_model=AuthorityPublic,
    responses=read_responses(401, 404, 422),
)
def get_authority(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: CallerDep,
    code: AuthorityCode,
    as_of: AsOf = None,
) -> Response:
    """One authority by its ONS code, current or abolished (with its successors); `as_of` answers
    as the public record stood at the end of that day.
    """
    found = service.authority(session, caller, code, as_of=as_of, today=today)
    return json_response(request, found)


@router.get(
    "/{code}/neighbours",
    name="authorities-neighbours",
    summary="An authority's statistical neighbours, with where each stands",
    response_model=NeighbourList,
    responses=read_responses(401, 404, 422),
)
def get_neighbours(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: CallerDep,
    code: AuthorityCode,
    as_of: AsOf = None,
) -> Response:
    """The ten statistical neighbours of DfE's model (from Data to Insight's lookup), closest
    first, each with its pathway, latest judgements and next window as the published record
    stood at the end of `as_of`."""
    found = service.neighbours(session, code, as_of=as_of, today=today)
    return json_response(request, found)
