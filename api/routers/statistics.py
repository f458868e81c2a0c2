"""/v1/statistics: the figures of Ofsted's "inspection outcomes as at 31 March" releases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlmodel import Session

from api.clock import Today
from api.db import SessionFactory, session_factory
from api.schemas import JudgementStatistics, StrictDate
from api.services.statistics import judgement_statistics
from api.visibility import PUBLIC, record_day
from api.web import pages
from api.web.authentication import CallerDep
from api.web.conditional import Rendered, cached_response
from api.web.params import RegionFilter
from api.web.problems import read_responses

router = APIRouter(prefix="/v1/statistics", tags=["statistics"])


@router.get(
    "/judgements",
    name="statistics-judgements",
    summary="Latest grades of authorities, judgement by judgement",
    description=(
        "For each judgement, how many current authorities' latest graded inspection holds each "
        "grade, and the share good or better. Ofsted's release 'as at 31 March 2025' is "
        "`fieldwork_to=2025-03-31&as_of=2025-06-30`. Before 2023 the combined judgement on "
        "children in care and care leavers counts as children in care, as in Ofsted's release."
    ),
    response_model=JudgementStatistics,
    responses=read_responses(401, 422),
)
async def statistics_judgements(
    request: Request,
    make_session: Annotated[SessionFactory, Depends(session_factory)],
    today: Today,
    _caller: CallerDep,
    as_of: Annotated[
        StrictDate | None,
        Query(
            description="Only what was published by the end of this day (default and at most today)"
        ),
    ] = None,
    fieldwork_to: Annotated[
        StrictDate | None,
        Query(description="Only inspections whose fieldwork started by this day"),
    ] = None,
    region: RegionFilter = None,
) -> Response:
    day = record_day(as_of, today)

    def build(session: Session) -> Rendered:
        found = judgement_statistics(session, as_of=day, fieldwork_to=fieldwork_to, region=region)
        return Rendered.model(found)

    # The same for every caller (published grades only), built once per public data version.
    key = ("statistics", day, fieldwork_to, region)
    version, page = await pages.rendered_without_waiting(make_session, PUBLIC, key, build)
    if _caller is PUBLIC:
        pages.remember_for_revalidation(request, PUBLIC, version, today, page)
    return cached_response(request, page, compress=True)
