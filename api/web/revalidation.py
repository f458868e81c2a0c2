"""Revalidation without the router: a public `If-None-Match` for a page this worker has just
served answers 304 before any parameter is parsed or any dependency solved.

A route that serves the public a page built once per data version remembers it here, by the
exact request (path and query string), with the data version and day it was built for. A later
public request for the same page, carrying its ETag, while this worker still trusts that data
version (see `api.data_version`) and on the same day, can only get the same page: so it gets its
304 here. Anything else (a token, another query, a version this worker is no longer sure of)
goes through the app as usual.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from threading import Lock

from cachetools import LRUCache
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.changes import public_data_version
from api.clock import today
from api.data_version import PUBLIC_DATA_VERSION
from api.db import sessions_of_app
from api.web.conditional import Rendered, etag_matches
from api.web.encoding import chosen_encoding, encoded_etag


@dataclass(frozen=True)
class Served:
    version: int
    day: date
    page: Rendered
    headers: Mapping[str, str]  # what a 304 repeats besides the ETag (Link)


_served: LRUCache[tuple[str, bytes], Served] = LRUCache(maxsize=4096)
_lock = Lock()


def remember(path: str, query: bytes, served: Served) -> None:
    """Note a page served to the public (callers with a token are never noted)."""
    with _lock:
        _served[(path, query)] = served


def forget_all() -> None:
    with _lock:
        _served.clear()


class RevalidationMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            headers = Headers(scope=scope)
            asked = headers.get("if-none-match")
            if asked and "authorization" not in headers:
                with _lock:
                    served = _served.get((scope["path"], scope["query_string"]))
                etag = self._etag(served, headers) if served is not None else None
                if served is not None and etag and await self._still(scope, served, etag, asked):
                    repeated = {"ETag": etag, "Vary": "Accept-Encoding", **served.headers}
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 304,
                            "headers": [
                                (k.lower().encode(), v.encode()) for k, v in repeated.items()
                            ],
                        }
                    )
                    await send({"type": "http.response.body", "body": b""})
                    return
        await self.app(scope, receive, send)

    @staticmethod
    def _etag(served: Served, headers: Headers) -> str:
        """The ETag of the encoding this request would be answered in."""
        encoding = chosen_encoding(headers.get("accept-encoding"), len(served.page.body))
        return encoded_etag(served.page.etag, encoding)

    @staticmethod
    async def _still(scope: Scope, served: Served, etag: str, asked: str) -> bool:
        if not etag_matches(asked, etag, weak=True):
            return False
        version = PUBLIC_DATA_VERSION.trusted()
        if version is None:
            # The version lapsed: one cheap read refreshes it for every request of the next
            # moment, instead of sending each of them through the router to rebuild it.
            make_session = await sessions_of_app(scope["app"])

            def read() -> int:
                with make_session(False) as session:
                    return public_data_version(session)

            version = await PUBLIC_DATA_VERSION.current(read)
        if version != served.version:
            return False
        # The app's own clock (tests set theirs through the same override the routes use).
        clock = scope["app"].dependency_overrides.get(today, today)
        day = clock()
        if inspect.isawaitable(day):
            day = await day
        return bool(day == served.day)
