"""The data version a request is answered at, without a database round trip on every request.

The version is the change log's last sequence number. This process remembers it for a moment
(`ILACS_DATA_VERSION_TTL_MS`) and forgets it the moment one of its own requests commits a
change; so a change is visible at once through the worker that made it, and within that moment
through the others.
"""

from __future__ import annotations

import asyncio
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
        # The read in flight, if any: (generation, its event loop, the task).
        self._reading: tuple[int, asyncio.AbstractEventLoop, asyncio.Task[int]] | None = None

    async def current(self, read: Callable[[], int]) -> int:
        """The version, read again once it has lapsed. Requests that find it lapsed while a
        read started since this worker's last change is in flight wait for that read instead
        of each starting their own (at every lapse, every request in flight would)."""
        loop = asyncio.get_running_loop()
        with self._lock:
            value, fresh = self._value, time.monotonic() - self._read_at < self.ttl
            if value is not None and fresh:
                return value
            generation = self._generation
            reading = self._reading
            if reading is None or reading[0] != generation or reading[1] is not loop:
                task = loop.create_task(self._read(read, generation))
                task.add_done_callback(_retrieve)
                self._reading = reading = (generation, loop, task)
        # Shielded: a request that goes away does not cancel the read the others wait for.
        return await asyncio.shield(reading[2])

    async def _read(self, read: Callable[[], int], generation: int) -> int:
        read_at = time.monotonic()
        try:
            value = await read_in_thread(read)
        except BaseException:
            with self._lock:
                self._done_reading()
            raise
        with self._lock:
            self._done_reading()
            # A commit while we read may have made `value` old already: then don't keep it.
            if generation == self._generation:
                self._value, self._read_at = value, read_at
        return value

    def _done_reading(self) -> None:
        if self._reading is not None and self._reading[2] is asyncio.current_task():
            self._reading = None

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


def _retrieve(task: asyncio.Task[int]) -> None:
    # Everyone who waited for a failed read has gone: its error is theirs, not the loop's.
    if not task.cancelled():
        task.exception()


DATA_VERSION = DataVersion(get_settings().data_version_ttl_ms / 1000)
# The version of what the public reads (`api.changes.public_data_version`), held the same way.
PUBLIC_DATA_VERSION = DataVersion(get_settings().data_version_ttl_ms / 1000)
