"""The data version a request is answered at, without a database round trip on every request.

The version is the change log's last sequence number. This process remembers it for a moment
(`ILACS_DATA_VERSION_TTL_MS`) and forgets it the moment one of its own requests commits a
change; so a change is visible at once through the worker that made it, and within that moment
through the others.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from threading import Lock

from api.settings import get_settings
from api.threads import read_in_thread


class DataVersion:
    def __init__(self, ttl_seconds: float) -> None:
        self.ttl = ttl_seconds
        self._value: int | None = None
        self._read_at = 0.0
        self._generation = 0
        self._lock = Lock()

    async def current(self, read: Callable[[], int]) -> int:
        with self._lock:
            value, fresh = self._value, time.monotonic() - self._read_at < self.ttl
            generation = self._generation
        if value is not None and fresh:
            return value
        read_at = time.monotonic()
        value = await read_in_thread(read)
        with self._lock:
            # A commit while we read may have made `value` old already: then don't keep it.
            if generation == self._generation:
                self._value, self._read_at = value, read_at
        return value

    def trusted(self) -> int | None:
        """The version, if this worker read it within its lifetime and has changed nothing
        since; None otherwise. Never reads the database."""
        with self._lock:
            fresh = time.monotonic() - self._read_at < self.ttl
            return self._value if fresh else None

    def forget(self) -> None:
        """After this process committed a change."""
        with self._lock:
            self._value = None
            self._generation += 1


DATA_VERSION = DataVersion(get_settings().data_version_ttl_ms / 1000)
# The version of what the public reads (`api.changes.public_data_version`), held the same way.
PUBLIC_DATA_VERSION = DataVersion(get_settings().data_version_ttl_ms / 1000)
