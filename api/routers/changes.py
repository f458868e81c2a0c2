"""/v1/changes: the change feed, so that council systems and dashboards sync instead of
re-reading everything."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.clock import Today
from api.db import SessionDep
from api.schemas import FeedPage
from api.services import changes_feed as service
from api.web import pages
from api.web.authentication import CallerDep
from api.web.conditional import Rendered
from api.web.paging import count, day, decode_cursor, encode_cursor, page_response
from api.web.params import Limit
from api.web.problems import read_responses

router = APIRouter(tags=["changes"])

After = Annotated[
    str | None,
    Query(
        max_length=400,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="`next_after` (or `next_cursor`) of the page you read last; "
        "omit it to start from the beginning",
    ),
]

DESCRIPTION = """\
Every change to what you may see, in the order it became visible to you, each with the
resource as its GET shows it to you now, or a tombstone (`deleted: true`) when it left your view.

Read from the start (no `after`), follow `next_cursor` (or the `Link` header) while there is
more, and keep the last page's `next_after`: pass it as `after` next time, on any later day, to
get exactly what you have not seen, nothing twice. An embargoed result arrives on its
publication day, after everything you read before; a planned event reaches its authority when
it is notified. When a publication moves an authority's pathway, latest judgements or window, or
a letter its open priority actions, the authority comes too (`derived_from`). Priority actions a
letter raises arrive inside their event's representation; their later steps as
`priority_action` changes, with their event. What the day alone moves comes on that day, after
what you read before it: an authority whose window opens (`window_opened`: its
`next_inspection.status` turns `due`) or closes (`window_closed`: `overdue`), and a priority
action whose plan falls late (`plan_overdue`), with its event and authority. An unchanged tail
answers `304` to its ETag.
"""


@router.get(
    "/v1/changes",
    name="changes-list",
    summary="The change feed: what changed in what you may see, in the order you could see it",
    description=DESCRIPTION,
    response_model=FeedPage,
    responses=read_responses(401, 422),
)
def list_changes(
    request: Request,
    session: SessionDep,
    today: Today,
    caller: CallerDep,
    after: After = None,
    limit: Limit = 50,
) -> Response:
    decoded = decode_cursor(after, (day, count), param="after")
    position = service.Position(decoded[0], decoded[1]) if decoded else None

    def spell(where: service.Position) -> str:
        return encode_cursor((where.day.isoformat(), where.read))

    def build() -> Rendered:
        found = service.changes_page(session, caller, position, limit, today, spell)
        resume = spell(found.next_after)
        next_cursor = resume if found.more else None
        body = FeedPage(items=found.items, next_cursor=next_cursor, next_after=resume)
        return Rendered.model(body, next_cursor)

    page = pages.rendered(session, caller, ("changes", caller.scope, today, position, limit), build)
    return page_response(request, page, param="after")
