"""HTTP conventions every route inherits: ETags and 304s, cursors, Link headers.

Responses are serialised once, to bytes, and their ETag is the hash of those bytes; so an ETag
changes exactly when what the caller would read changes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.web.problems import InvalidParameter

JSON_MEDIA_TYPE = "application/json"

CursorKey = Sequence[str | int | None]


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


@dataclass(frozen=True)
class Rendered:
    """A serialised response: its bytes, their ETag and the cursor of the page after it."""

    body: bytes
    etag: str
    next_cursor: str | None = None

    @classmethod
    def of(cls, body: bytes, next_cursor: str | None = None) -> Rendered:
        return cls(body, etag_of(body), next_cursor)


def etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    # Weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
    candidates = {c.strip().removeprefix("W/") for c in header.split(",")}
    return etag in candidates


def cached_response(
    request: Request, body: bytes, etag: str, headers: Mapping[str, str] | None = None
) -> Response:
    """200 with the body, or 304 when the caller already holds this version."""
    all_headers = {"ETag": etag, **(headers or {})}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=all_headers)
    return Response(content=body, media_type=JSON_MEDIA_TYPE, headers=all_headers)


def json_response(
    request: Request, model: BaseModel, headers: Mapping[str, str] | None = None
) -> Response:
    body = model.model_dump_json().encode()
    return cached_response(request, body, etag_of(body), headers)


def encode_cursor(key: CursorKey) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, shape: Sequence[type]) -> list[Any] | None:
    """The sort key a cursor carries, checked against the types the list sorts by."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidParameter("cursor", "not a cursor this API issued") from None
    if (
        not isinstance(key, list)
        or len(key) != len(shape)
        or not all(v is None or type(v) is t for v, t in zip(key, shape, strict=True))
    ):
        raise InvalidParameter("cursor", "not a cursor this API issued")
    return key


def page_response(request: Request, page: Rendered) -> Response:
    """A rendered page, with its ETag and, when there is more, the Link to the next page."""
    return cached_response(request, page.body, page.etag, next_link(request, page.next_cursor))


def next_link(request: Request, next_cursor: str | None) -> dict[str, str]:
    """The RFC 8288 Link header pointing at the next page, when there is one."""
    if next_cursor is None:
        return {}
    url = request.url.include_query_params(cursor=next_cursor)
    # Relative to the request (RFC 8288 allows it), so no Host header is trusted.
    return {"Link": f'<{url.path}?{url.query}>; rel="next"'}


def written(
    body: BaseModel, rendered: Rendered, *, status: int = 200, location: str | None = None
) -> Response:
    """The answer to a change: the resource as it now is (with any warnings), its new ETag."""
    headers = {"ETag": rendered.etag}
    if location:
        headers["Location"] = location
    return Response(
        content=body.model_dump_json().encode(),
        status_code=status,
        media_type=JSON_MEDIA_TYPE,
        headers=headers,
    )
