"""Cursor pagination: opaque cursors, their validation, and the RFC 8288 Link to the next page.

A cursor carries the sort key of the last item of a page. A decoded cursor is checked part by
part against what the list sorts by, so a forged one is a 422 naming `cursor`, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from api.web.conditional import Rendered, cached_response
from api.web.problems import InvalidParameter

CursorKey = Sequence[str | int]
Part = Callable[[Any], Any]


def text(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise ValueError("not text")
    return value


def day(value: Any) -> date:
    return date.fromisoformat(text(value))


def count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**9:
        raise ValueError("not a count")
    return value


def encode_cursor(key: CursorKey) -> str:
    raw = json.dumps(list(key), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(
    cursor: str | None, parts: Sequence[Part], param: str = "cursor"
) -> tuple[Any, ...] | None:
    """The sort key a cursor carries, each part read by its parser (`text`, `day`); a forged
    one is an invalid `param`."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
        if not isinstance(key, list) or len(key) != len(parts):
            raise ValueError("wrong shape")
        return tuple(read(value) for read, value in zip(parts, key, strict=True))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, RecursionError):
        raise InvalidParameter(param, "not a cursor this API issued") from None


def next_link(request: Request, next_cursor: str | None, param: str = "cursor") -> dict[str, str]:
    """The RFC 8288 Link header pointing at the next page, when there is one."""
    if next_cursor is None:
        return {}
    url = request.url.include_query_params(**{param: next_cursor})
    # Relative to the request (RFC 8288 allows it), so no Host header is trusted.
    return {"Link": f'<{url.path}?{url.query}>; rel="next"'}


def page_response(request: Request, page: Rendered, param: str = "cursor") -> Response:
    """A rendered page, with its ETag and, when there is more, the Link to the next page
    (whose cursor goes in the query parameter `param`)."""
    links = next_link(request, page.next_cursor, param)
    return cached_response(request, page, links, compress=True)
