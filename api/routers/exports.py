"""/v1/exports: the lists' data as CSV and XLSX files, streamed, for councils' spreadsheets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine
from sqlmodel import Session

from api.clock import Today
from api.db import SessionFactory, session_factory
from api.domain.vocabulary import AuthorityStatus, EventKind, EventStatus, LaType, Pathway
from api.repositories.authorities import AuthorityFilters
from api.repositories.events import EventFilters
from api.schemas import StrictDate
from api.services import exports as service
from api.services.authorities import AuthorityQuery
from api.services.changes_feed import visible_version
from api.visibility import Caller
from api.web.authentication import CallerDep
from api.web.conditional import etag_matches, etag_of
from api.web.params import AsOf, RegionFilter
from api.web.problems import InvalidParameter, read_responses
from api.web.tabular import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, csv_chunks, xlsx_chunks

router = APIRouter(prefix="/v1/exports", tags=["exports"])

Sessions = Annotated[SessionFactory, Depends(session_factory)]
FORMATS: dict[str, tuple[str, Callable[[service.Table], Iterator[bytes]]]] = {
    "csv": (CSV_MEDIA_TYPE, csv_chunks),
    "xlsx": (XLSX_MEDIA_TYPE, xlsx_chunks),
}


def event_filters(
    authority: Annotated[
        str | None,
        Query(pattern=r"^E[0-9]{8}$", max_length=9, description="ONS code of the authority"),
    ] = None,
    region: RegionFilter = None,
    kind: EventKind | None = None,
    status: EventStatus | None = None,
    fieldwork_from: Annotated[
        StrictDate | None, Query(description="Only events whose fieldwork starts on or after")
    ] = None,
    fieldwork_to: Annotated[
        StrictDate | None, Query(description="Only events whose fieldwork starts on or before")
    ] = None,
) -> EventFilters:
    """The filters of /v1/events."""
    if fieldwork_from and fieldwork_to and fieldwork_from > fieldwork_to:
        raise InvalidParameter("fieldwork_to", "must not be before fieldwork_from")
    return EventFilters(
        authority_code=authority,
        region=region.value if region else None,
        kind=kind.value if kind else None,
        status=status.value if status else None,
        fieldwork_from=fieldwork_from,
        fieldwork_to=fieldwork_to,
    )


def authority_query(
    region: RegionFilter = None,
    la_type: LaType | None = None,
    status: AuthorityStatus | None = None,
    pathway: Pathway | None = None,
    as_of: AsOf = None,
) -> AuthorityQuery:
    """The filters of /v1/authorities."""
    filters = AuthorityFilters(
        region=region.value if region else None,
        la_type=la_type.value if la_type else None,
        status=status.value if status else None,
    )
    return AuthorityQuery(filters=filters, pathway=pathway, as_of=as_of)


def _one_snapshot(session: Session) -> None:
    # Every batch of one export reads the same committed state (and the ETag names it).
    if isinstance(session.bind, Engine) and session.bind.dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _export(
    request: Request,
    make_session: SessionFactory,
    caller: Caller,
    today: Any,
    file: tuple[str, str],
    query: object,
    build: Callable[[Session], service.Table],
) -> Response:
    """The export as a streamed file, its ETag naming the caller's visible data version (so it
    moves only when something the caller may see moves), or 304."""
    name, form = file
    media_type, chunks_of = FORMATS[form]
    session = make_session(False)
    try:
        _one_snapshot(session)
        version = visible_version(session, caller, today)
        etag = etag_of(repr((name, form, caller.scope, query, version)).encode())
        headers = {"ETag": etag, "Content-Disposition": f'attachment; filename="{name}.{form}"'}
        if etag_matches(request.headers.get("if-none-match"), etag, weak=True):
            session.close()
            return Response(status_code=304, headers=headers)
        table = build(session)
    except BaseException:
        session.close()
        raise

    def stream() -> Iterator[bytes]:
        try:
            yield from chunks_of(table)
        finally:
            session.close()

    return StreamingResponse(stream(), media_type=media_type, headers=headers)


def _columns(columns: tuple[service.Column, ...]) -> str:
    return "\n".join(f"- `{c.name}`: {c.description}" for c in columns)


COMMON = """\
Streamed; the same items, filters and visibility as {list}: nothing planned or embargoed that
you may not see. Days are ISO 8601 (`YYYY-MM-DD`; real dates in XLSX); lists within a cell are
separated by `;`; an empty cell is no value. In CSV, a text beginning with `=`, `+`, `-` or `@`
is prefixed with `'` so that spreadsheets do not run it. The ETag moves only when something you
may see changes; `If-None-Match` answers `304`.

Columns, in order:

"""


def _responses(form: str) -> dict[int | str, dict[str, Any]]:
    media_type = FORMATS[form][0].split(";")[0]
    # Bounded as the contract bounds every string: far above any real export (a few MB).
    schema: dict[str, object] = {"type": "string", "maxLength": 2**30}
    if form != "csv":
        schema["format"] = "binary"
    return {
        200: {"description": "The file", "content": {media_type: {"schema": schema}}},
        **read_responses(401, 422),
    }


EVENTS_DOC = COMMON.format(list="`/v1/events`") + _columns(service.EVENT_COLUMNS)
JUDGEMENTS_DOC = (
    COMMON.format(list="`/v1/events`")
    + "One row per event and judgement you may read.\n\n"
    + _columns(service.JUDGEMENT_COLUMNS)
)
AUTHORITIES_DOC = (
    COMMON.format(list="`/v1/authorities` (`as_of` included)")
    + "One row per authority, with its standing.\n\n"
    + _columns(service.AUTHORITY_COLUMNS)
)


def _event_export(
    name: str, form: str, build: Callable[..., service.Table]
) -> Callable[..., Response]:
    def export(
        request: Request,
        make_session: Sessions,
        today: Today,
        caller: CallerDep,
        filters: Annotated[EventFilters, Depends(event_filters)],
    ) -> Response:
        def table(session: Session) -> service.Table:
            return build(session, caller, filters, today)

        return _export(request, make_session, caller, today, (name, form), filters, table)

    return export


def _authorities_export(form: str) -> Callable[..., Response]:
    def export(
        request: Request,
        make_session: Sessions,
        today: Today,
        caller: CallerDep,
        query: Annotated[AuthorityQuery, Depends(authority_query)],
    ) -> Response:
        def table(session: Session) -> service.Table:
            return service.authorities(session, caller, query, today)

        return _export(request, make_session, caller, today, ("authorities", form), query, table)

    return export


EXPORTS = (
    (
        "events",
        "Export events",
        EVENTS_DOC,
        lambda form: _event_export("events", form, service.events),
    ),
    (
        "judgements",
        "Export judgements, one row per event and judgement",
        JUDGEMENTS_DOC,
        lambda form: _event_export("judgements", form, service.judgements),
    ),
    ("authorities", "Export authorities with their standing", AUTHORITIES_DOC, _authorities_export),
)
for _name, _summary, _doc, _endpoint in EXPORTS:
    for _form in FORMATS:
        router.add_api_route(
            f"/{_name}.{_form}",
            _endpoint(_form),
            methods=["GET"],
            name=f"exports-{_name}-{_form}",
            summary=f"{_summary} ({_form.upper()})",
            description=_doc,
            response_class=Response,
            responses=_responses(_form),
        )
