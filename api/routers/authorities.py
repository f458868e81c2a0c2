"""/v1/authorities: the 153 authorities (and the councils they replaced)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.clock import Today
from api.db import SessionDep
from api.domain.vocabulary import AuthorityStatus, LaType
from api.http import cached_response, decode_cursor, json_response, next_link
from api.problems import read_responses
from api.repositories.authorities import AuthorityFilters
from api.routers.params import AuthorityCode, Cursor, Limit, RegionFilter
from api.schemas import AuthorityPublic, Page
from api.services import authorities as service

router = APIRouter(prefix="/v1/authorities", tags=["authorities"])


@router.get(
    "",
    name="authorities-list",
    summary="List authorities",
    response_model=Page[AuthorityPublic],
    responses=read_responses(422),
)
def list_authorities(
    request: Request,
    session: SessionDep,
    today: Today,
    region: RegionFilter = None,
    la_type: LaType | None = None,
    status: AuthorityStatus | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    (after,) = decode_cursor(cursor, (str,)) or (None,)
    filters = AuthorityFilters(
        region=region.value if region else None,
        la_type=la_type.value if la_type else None,
        status=status.value if status else None,
    )
    page = service.authorities_page(session, filters, after=after, limit=limit, today=today)
    return cached_response(request, page.body, page.etag, next_link(request, page.next_cursor))


@router.get(
    "/{code}",
    name="authorities-get",
    summary="Get one authority",
    response_model=AuthorityPublic,
    responses=read_responses(404, 422),
)
def get_authority(
    request: Request, session: SessionDep, today: Today, code: AuthorityCode
) -> Response:
    return json_response(request, service.authority(session, code, today=today))
