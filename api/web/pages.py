"""Pages rendered once per data version: the bytes and ETag of a list or a summary, kept by
the query, who asks, the day and the data version (see `api.memo`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date

from fastapi import Request
from sqlmodel import Session

from api import memo
from api.changes import data_version, public_data_version
from api.data_version import DATA_VERSION, PUBLIC_DATA_VERSION
from api.db import SessionFactory
from api.threads import read_in_thread
from api.visibility import PUBLIC, Caller
from api.web import revalidation
from api.web.conditional import Rendered
from api.web.paging import next_link
from api.web.revalidation import Served

memoised = memo.memoised
peek = memo.peek


def version_for(session: Session, caller: Caller) -> int:
    """The data version a caller's pages are built on: the public's moves only with what the
    public can read."""
    return public_data_version(session) if caller is PUBLIC else data_version(session)


def rendered(
    session: Session, caller: Caller, key: Hashable, build: Callable[[], Rendered]
) -> Rendered:
    """The page for `key` (which names the caller's view) at the caller's data version, built
    and rendered once."""
    return memo.memoised(("page", version_for(session, caller), key), build)


def remember_for_revalidation(
    request: Request, caller: Caller, version: int, today: date, page: Rendered
) -> None:
    """A page served to the public is noted, so that its revalidations are answered before
    the router while the data version holds (`api.web.revalidation`)."""
    if caller is PUBLIC:
        route = getattr(request.scope.get("route"), "path", "unmatched")
        served = Served(version, today, page, next_link(request, page.next_cursor), route)
        revalidation.remember(request.scope["path"], request.scope["query_string"], served)


def clear() -> None:
    """Forget every page and result (tests, after rolling back what a page was built on)."""
    memo.clear()
    DATA_VERSION.forget()
    PUBLIC_DATA_VERSION.forget()
    revalidation.forget_all()


async def rendered_without_waiting(
    make_session: SessionFactory,
    caller: Caller,
    key: Hashable,
    build: Callable[[Session], Rendered],
) -> tuple[int, Rendered]:
    """For async routes: the page for `key` and the data version it was built at. A page
    already rendered at the version this worker trusts touches neither a worker thread nor the
    database (see `api.data_version`)."""

    def read_version() -> int:
        with make_session(False) as session:
            return version_for(session, caller)

    held = PUBLIC_DATA_VERSION if caller is PUBLIC else DATA_VERSION
    version = await held.current(read_version)
    full_key = ("page", version, key)
    found: Rendered | None = memo.peek(full_key)
    if found is not None:
        return version, found

    def build_in_session() -> Rendered:
        with make_session(False) as session:
            return build(session)

    return version, await read_in_thread(lambda: memo.memoised(full_key, build_in_session))
