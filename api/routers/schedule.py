"""/v1/schedule: what falls due in a period, and where each item stands."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlmodel import Session

from api.clock import Today
from api.db import SessionFactory, session_factory
from api.domain.vocabulary import DueStatus, ScheduleKind
from api.schemas import ONS_CODE_PATTERN, SchedulePage, StrictDate
from api.services import schedule as service
from api.services.schedule import ScheduleQuery
from api.web import pages
from api.web.authentication import CallerDep
from api.web.conditional import Rendered
from api.web.paging import day, decode_cursor, encode_cursor, page_response, text
from api.web.params import Cursor, Limit, RegionFilter
from api.web.problems import read_responses

router = APIRouter(tags=["schedule"])

DESCRIPTION = """\
What falls due from `from` to `to` (both included; a year from today by default, at most ten
years): an item is in the period when its day, or any day of its window, is. Each says what it
follows from and where it stands on the day asked (`as_of`, default today): `upcoming` before
`opens_on`, `due` from `opens_on` to `closes_on`, `overdue` after it with nothing done that meets
it, `met` from `met_on`. Derived only from what you may see as the record stood at the end of
that day: nothing follows from a planned event, or from a result still under embargo, for
anyone who may not see them.

- `graded_inspection_window`: the next graded inspection's usual window after each published
  one (the authority's `next_inspection` for the latest), met by the fieldwork start of the
  next graded inspection. Monitoring-pathway authorities have none.
- `monitoring_visit`: after an inadequate result, the first about four weeks after the written
  statement of action is due, then about every three months after the last visit; each window
  runs the tolerance (45 days) either side of the expected day, and is met by a monitoring visit
  starting no later than its end; none after the re-inspection starts.
- `action_plan` (written statement of action, 70 working days after an inadequate report),
  `jtai_statement` (70, where the JTAI requires one), `report_publication` (the authority
  publishes a graded report, 30): the record holds nothing that meets them (`tracked: false`).
- `priority_action_draft_plan` and `priority_action_final_plan` (20 and 70 working days after
  the letter): met by the plan's submission (a final plan answers the draft too), or the
  action's closing.
- `self_evaluation`, `engagement_meeting`: a year after the last, met by the next; only for
  those who may see them (the authority itself, its region's inspectors, admins).
"""

First = Annotated[
    StrictDate | None,
    Query(alias="from", description="The period's first day (default: today)"),
]
Last = Annotated[
    StrictDate | None,
    Query(alias="to", description="The period's last day (default: a year after `from`)"),
]
AsOfDay = Annotated[
    StrictDate | None,
    Query(
        description="Answer as the record stood at the end of this day, statuses judged on it "
        "(never later than today)"
    ),
]


@router.get(
    "/v1/schedule",
    name="schedule-list",
    summary="What falls due in a period: windows, visits, deadlines, and where each stands",
    description=DESCRIPTION,
    response_model=SchedulePage,
    responses=read_responses(401, 422),
)
async def list_schedule(
    request: Request,
    make_session: Annotated[SessionFactory, Depends(session_factory)],
    today: Today,
    caller: CallerDep,
    first: First = None,
    last: Last = None,
    region: RegionFilter = None,
    authority: Annotated[
        str | None,
        Query(pattern=ONS_CODE_PATTERN, max_length=9, description="ONS code of the authority"),
    ] = None,
    kind: ScheduleKind | None = None,
    status: Annotated[
        DueStatus | None, Query(description="Only items with this status on the day asked")
    ] = None,
    as_of: AsOfDay = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    after = decode_cursor(cursor, (day, text))
    start, end = service.period(first, last, today)
    query = ScheduleQuery(
        first=start,
        last=end,
        region=region.value if region else None,
        authority_code=authority,
        kind=kind,
        status=status,
        as_of=as_of,
        after=(after[0], after[1]) if after else None,
        limit=limit,
    )

    def build(session: Session) -> Rendered:
        items, key = service.schedule_page(session, caller, query, today)
        next_cursor = encode_cursor(key) if key else None
        return Rendered.model(SchedulePage(items=items, next_cursor=next_cursor), next_cursor)

    # async, like the other lists: a page already rendered costs no worker thread.
    version, page = await pages.rendered_without_waiting(
        make_session, caller, ("schedule", caller.scope, today, query), build
    )
    pages.remember_for_revalidation(request, caller, version, today, page)
    return page_response(request, page)
