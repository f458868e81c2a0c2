"""CORS for browser dashboards: public reads from any origin; anything that sends a token, and
every change, only from the origins configured in `ILACS_CORS_ORIGINS`.

Two of Starlette's CORS middlewares, one per policy, and a choice between them per request: a
preflight is public when it asks for a GET or HEAD without an Authorization header.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

READ_METHODS = ("GET", "HEAD")
EXPOSED = ["ETag", "Link", "Location", "Retry-After", "Idempotent-Replayed", "Allow"]
REQUEST_HEADERS = [
    "Authorization",
    "Content-Type",
    "If-Match",
    "If-None-Match",
    "Idempotency-Key",
]


# The public policy: reads from any origin, without credentials.
PUBLIC_POLICY: dict[str, Any] = {
    "allow_origins": ["*"],
    "allow_methods": list(READ_METHODS),
    "allow_headers": ["If-None-Match"],
    "expose_headers": EXPOSED,
    "max_age": 600,
}
# What the public policy adds to a read sent with an Origin (besides `Vary: Origin`, which it
# adds to every read), for answers made without this middleware (`api.web.revalidation`).
PUBLIC_READ_HEADERS: dict[str, str] = CORSMiddleware(None, **PUBLIC_POLICY).simple_headers  # type: ignore[arg-type]


def _public(scope: Scope) -> bool:
    headers = Headers(scope=scope)
    if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
        asked = headers["access-control-request-method"].upper()
        wanted = {
            h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",")
        }
        return asked in READ_METHODS and "authorization" not in wanted
    return scope["method"] in READ_METHODS and "authorization" not in headers


class CorsMiddleware:
    def __init__(self, app: ASGIApp, trusted_origins: Sequence[str]) -> None:
        self.public = CORSMiddleware(app, **PUBLIC_POLICY)
        self.trusted = CORSMiddleware(
            app,
            allow_origins=list(trusted_origins),
            allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH"],
            allow_headers=REQUEST_HEADERS,
            expose_headers=EXPOSED,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.public(scope, receive, send)
            return
        chosen = self.public if _public(scope) else self.trusted
        await chosen(scope, receive, send)
