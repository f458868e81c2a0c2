"""What every request and answer gets, whatever route serves it: bounded bodies, HEAD for
every GET, an ETag and 304 for every GET, and caching headers a shared cache may act on.

Plain ASGI middleware (no BaseHTTPMiddleware), so that each costs next to nothing.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.web.conditional import etag_matches, etag_of
from api.web.problems import ApiProblem, problem_response

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
READ_METHODS = frozenset({"GET", "HEAD"})
# Stored by shared caches and revalidated every time: a 304 costs little, and an embargo
# lifting at midnight is never hidden behind a cached copy.
PUBLIC_CACHE_CONTROL = "public, no-cache"


class BodyTooLarge(ApiProblem):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            "body-too-large",
            f"The request body is larger than this service accepts ({limit:,} bytes).",
            title="Body too large",
        )


class BodyLimitMiddleware:
    """Refuses a body over `limit` bytes with a 413, by its Content-Length before reading it,
    or once that many bytes of a body without one have arrived. A body within the limit is
    read here and handed on whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await problem_response(BodyTooLarge(self.limit))(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await problem_response(BodyTooLarge(self.limit))(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


class HeadMiddleware:
    """HEAD is the GET of the same resource without its body (RFC 9110 §9.3.2)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


def _cache_control(scope: Scope, status: int) -> str:
    if scope["method"] not in READ_METHODS or status not in (200, 304):
        return "no-store"
    if "authorization" in Headers(scope=scope):
        return "private, no-cache"
    return PUBLIC_CACHE_CONTROL


class CachingMiddleware:
    """Every answer says how it may be cached; every GET answers with an ETag and honours
    If-None-Match, routes that set their own ETag cheaply, the others (health, the document,
    its viewers) by a hash of the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        reading = scope["method"] in READ_METHODS
        held: Message | None = None
        parts: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    headers["Cache-Control"] = _cache_control(scope, message["status"])
                if reading:
                    headers.add_vary_header("Authorization")
                if reading and message["status"] == 200 and "etag" not in headers:
                    held = message  # its ETag is the hash of the body, still to come
                    return
                await send(message)
                return
            if held is None:
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._send_tagged(scope, held, b"".join(parts), send)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    async def _send_tagged(scope: Scope, start: Message, body: bytes, send: Send) -> None:
        etag = etag_of(body)
        headers = MutableHeaders(scope=start)
        headers["ETag"] = etag
        if etag_matches(Headers(scope=scope).get("if-none-match"), etag, weak=True):
            del headers["content-length"]
            if "content-type" in headers:
                del headers["content-type"]
            await send({**start, "status": 304})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(start)
        await send({"type": "http.response.body", "body": body})
