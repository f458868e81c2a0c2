"""Public pages without the router: a page this worker has just served to the public is
answered again (200, or 304 for its ETag) before any middleware, parameter or dependency.

A route that serves the public a page built once per data version remembers it here, by the
exact request (path and query string), with the data version and day it was built for. A later
public request for the same page, while this worker still holds that public data version (see
`api.data_version`; a lapsed one is read again, one statement) and on the same day, can only
get the same page: so it gets it here, in the encoding it accepts, or a 304 when it already
holds it. Anything else (a token, another query, another version, another day) goes through
the app as usual.

This layer is the outermost of the app's middleware, so it answers as the whole stack would
have answered: the caching headers (`api.web.middleware`), the public CORS policy
(`api.web.cors`), and a count in the metrics (`api.web.metrics`) under the route's template.
Each answer's headers are put together once per page, encoding and status, not per request.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from threading import Lock

from cachetools import LRUCache
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Receive, Scope, Send

from api.changes import public_data_version
from api.clock import today
from api.data_version import PUBLIC_DATA_VERSION
from api.db import sessions_of_app
from api.web import metrics
from api.web.conditional import JSON_MEDIA_TYPE, Rendered, etag_matches
from api.web.cors import PUBLIC_READ_HEADERS
from api.web.middleware import PUBLIC_CACHE_CONTROL

# What every public page says it varies on: its encoding, the caller (the caching headers) and
# the origin (CORS), in the order the stack adds them.
VARY = "Accept-Encoding, Authorization, Origin"

RawHeaders = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class Served:
    version: int
    day: date
    page: Rendered
    headers: Mapping[str, str]  # what a 304 repeats besides the ETag (Link)
    route: str = "unmatched"  # the route's template, as the metrics count it
    # The start of each answer: by (encoding, a 304?, from another origin?), made on demand.
    _starts: dict[tuple[str | None, bool, bool], tuple[int, RawHeaders, bytes]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def answer(
        self, accept_encoding: str | None, if_none_match: str | None, cross_origin: bool
    ) -> tuple[int, RawHeaders, bytes]:
        """The status, headers and body of the answer to a public GET of this page."""
        encoding = self.page.encoding_for(accept_encoding)
        body, etag = self.page.variant(encoding)
        unchanged = etag_matches(if_none_match, etag, weak=True)
        key = (encoding, unchanged, cross_origin)
        start = self._starts.get(key)
        if start is None:
            start = self._starts[key] = self._start(encoding, etag, body, unchanged, cross_origin)
        return start

    def _start(
        self, encoding: str | None, etag: str, body: bytes, unchanged: bool, cross_origin: bool
    ) -> tuple[int, RawHeaders, bytes]:
        answer = {"etag": etag, "vary": VARY, **self.headers}
        if not unchanged:
            answer["content-type"] = JSON_MEDIA_TYPE
            answer["content-length"] = str(len(body))
            if encoding:
                answer["content-encoding"] = encoding
        answer["cache-control"] = PUBLIC_CACHE_CONTROL
        if cross_origin:
            answer.update(PUBLIC_READ_HEADERS)
        headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in answer.items()]
        return (304, headers, b"") if unchanged else (200, headers, body)


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
            started = time.perf_counter()
            accept_encoding = if_none_match = None
            public, cross_origin = True, False
            # The raw headers, once (ASGI servers give their names in lower case); the first
            # of each name counts, as `starlette.datastructures.Headers.get` would have it.
            for name, value in scope["headers"]:
                if name == b"authorization":
                    public = False
                    break
                if name == b"accept-encoding":
                    if accept_encoding is None:
                        accept_encoding = value.decode("latin-1")
                elif name == b"if-none-match":
                    if if_none_match is None:
                        if_none_match = value.decode("latin-1")
                elif name == b"origin":
                    cross_origin = True
            if public:
                with _lock:
                    served = _served.get((scope["path"], scope["query_string"]))
                if served is not None and await self._still(scope, served):
                    status, headers, body = served.answer(
                        accept_encoding, if_none_match, cross_origin
                    )
                    start = {"type": "http.response.start", "status": status, "headers": [*headers]}
                    await send(start)  # a copy of the headers: a server may add its own
                    await send({"type": "http.response.body", "body": body})
                    metrics.note("GET", served.route, status, time.perf_counter() - started)
                    return
        await self.app(scope, receive, send)

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

            try:
                version = await PUBLIC_DATA_VERSION.current(read)
            except SQLAlchemyError:
                return False  # the app answers it, as it answers a database it cannot reach
        if version != served.version:
            return False
        # The app's own clock (tests set theirs through the same override the routes use).
        clock = scope["app"].dependency_overrides.get(today, today)
        day = clock()
        if inspect.isawaitable(day):
            day = await day
        return bool(day == served.day)
