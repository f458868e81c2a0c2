"""Responses built once per data version.

A list's bytes depend only on the data version (the change log's last sequence number), the
query, who asks and the day; the key holds all of them, so a stale entry can never be served:
it is simply never asked for again, and falls out of the LRU.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from threading import Lock

from cachetools import LRUCache

from api.http import etag_of


@dataclass(frozen=True)
class Rendered:
    """A serialised page: its bytes, their ETag and the cursor of the page after it."""

    body: bytes
    etag: str
    next_cursor: str | None = None

    @classmethod
    def of(cls, body: bytes, next_cursor: str | None = None) -> Rendered:
        return cls(body, etag_of(body), next_cursor)


_cache: LRUCache[Hashable, Rendered] = LRUCache(maxsize=1024)
_lock = Lock()


def rendered(key: Hashable, build: Callable[[], Rendered]) -> Rendered:
    """The rendered response for `key`, building it on first use."""
    with _lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    value = build()
    with _lock:
        _cache[key] = value
    return value


def clear() -> None:
    with _lock:
        _cache.clear()
