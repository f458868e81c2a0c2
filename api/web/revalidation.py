"""Public pages without the router: a page this worker has just served to the public is
answered again (200, or 304 for its ETag) before any parameter is parsed or any dependency
solved.

A route that serves the public a page built once per data version remembers it here, by the
exact request (path and query string), with the data version and day it was built for. A later
public request for the same page, while this worker still holds that public data version (see
`api.data_version`; a lapsed one is read again, one statement) and on the same day, can only
get the same page: so it gets it here, in the encoding it accepts, or a 304 when it already
holds it. Anything else (a token, another query, another version) goes through the app as
usual.
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
from api.web.conditional import JSON_MEDIA_TYPE, Rendered, etag_matches


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
            if "authorization" not in headers:
                with _lock:
                    served = _served.get((scope["path"], scope["query_string"]))
                if served is not None and await self._still(scope, served):
                    await self._answer(served, headers, send)
                    return
        await self.app(scope, receive, send)

    @staticmethod
    async def _answer(served: Served, headers: Headers, send: Send) -> None:
        encoding, body, etag = served.page.negotiated(headers.get("accept-encoding"))
        answer = {"etag": etag, "vary": "Accept-Encoding", **served.headers}
        status = 200
        if etag_matches(headers.get("if-none-match"), etag, weak=True):
            status, body = 304, b""
        else:
            answer["content-type"] = JSON_MEDIA_TYPE
            answer["content-length"] = str(len(body))
            if encoding:
                answer["content-encoding"] = encoding
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.lower().encode(), v.encode()) for k, v in answer.items()],
            }
        )
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    async def _still(scope: Scope, served: Served) -> bool:
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
