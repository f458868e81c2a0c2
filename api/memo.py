"""Results built once per data version.

What a read returns depends only on the data version (the change log's last sequence number),
the query, who asks and the day; a key holds all of them, so a stale entry is never served: it
is simply never asked for again, and falls out of the LRU.

Each value is built once: requests that ask for a key while it is being built wait for that
build instead of starting their own (after a write, every reader of a popular page would
otherwise rebuild it at the same time).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar, cast

from cachetools import LRUCache

T = TypeVar("T")

_cache: LRUCache[Hashable, Any] = LRUCache(maxsize=1024)
_lock = Lock()
_building: dict[Hashable, Lock] = {}


def memoised(key: Hashable, build: Callable[[], T]) -> T:
    """The value for `key`, built on first use by one caller while the others wait for it."""
    with _lock:
        if key in _cache:
            return cast(T, _cache[key])
        building = _building.setdefault(key, Lock())
    with building:
        with _lock:
            if key in _cache:
                return cast(T, _cache[key])
        try:
            value = build()
            with _lock:
                _cache[key] = value
            return value
        finally:
            with _lock:
                if _building.get(key) is building:
                    del _building[key]


def newest(family: Hashable) -> tuple[int, Any] | None:
    """The value of `family` kept at the highest data version so far, and that version (what
    the next version's value can be worked out from, instead of from nothing)."""
    with _lock:
        return cast("tuple[int, Any] | None", _cache.get(("newest", family)))


def keep_newest(family: Hashable, version: int, value: Any) -> None:
    """Keep `value` as `family`'s at `version`, unless one at a higher version is kept."""
    with _lock:
        kept = _cache.get(("newest", family))
        if kept is None or kept[0] < version:
            _cache[("newest", family)] = (version, value)


def peek(key: Hashable) -> Any:
    """The value for `key` if it was built already, else None."""
    with _lock:
        return _cache.get(key)


def clear() -> None:
    with _lock:
        _cache.clear()
