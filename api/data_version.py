"""The data version a request is answered at, without a database round trip on every request.

The version is the change log's last sequence number. This process remembers it for a moment
(`ILACS_DATA_VERSION_TTL_MS`) and forgets it the moment one of its own requests commits a
change; so a change is visible at once through the worker that made it, and within that moment
through the others. The workers of one `ilacs serve --workers N` also share a change signal
(a word in a file they all map): a commit through one changes it, and the others, seeing it
move, read the version again at once, without waiting for the moment to pass. Whatever does
not raise the signal (a CLI import, a server on another host) shows within the TTL.
"""

from __future__ import annotations

import asyncio
import mmap
import os
import time
from collections.abc import Callable
from itertools import count
from threading import Lock

from api.settings import get_settings
from api.threads import read_in_thread

SIGNAL_SIZE = 8


class ChangeSignal:
    """A word shared by the workers of one server: whoever commits a change writes a value in
    it that no one wrote before (its process id and a count), so any other worker can tell,
    with one memory read, that something was committed since it last looked. Without a file
    (one worker, tests) it never moves."""

    def __init__(self, path: str | None) -> None:
        self._map: mmap.mmap | None = None
        self._count = count(1)
        if path:
            try:
                fd = os.open(path, os.O_RDWR)
                try:
                    self._map = mmap.mmap(fd, SIGNAL_SIZE)
                finally:
                    os.close(fd)
            except (OSError, ValueError):
                self._map = None  # no signal: the TTL alone bounds what the others see

    def seen(self) -> bytes:
        return self._map[:SIGNAL_SIZE] if self._map is not None else b""

    def raise_(self) -> None:
        if self._map is not None:
            pid, n = os.getpid() & 0xFFFFFFFF, next(self._count) & 0xFFFFFFFF
            self._map[:SIGNAL_SIZE] = pid.to_bytes(4, "little") + n.to_bytes(4, "little")


def make_signal_file(path: str) -> None:
    """The file a server's workers share their change signal through."""
    with open(path, "wb") as file:
        file.write(bytes(SIGNAL_SIZE))


class DataVersion:
    def __init__(self, ttl_seconds: float, signal: ChangeSignal | None = None) -> None:
        self.ttl = ttl_seconds
        self.signal = signal or ChangeSignal(None)
        self._value: int | None = None
        self._read_at = 0.0
        self._signal_at_read = b""
        self._generation = 0
        self._lock = Lock()
        # The read in flight, if any: ((generation, signal seen), its event loop, the task).
        self._reading: (
            tuple[tuple[int, bytes], asyncio.AbstractEventLoop, asyncio.Task[int]] | None
        ) = None

    def _fresh(self) -> bool:
        # Held by the caller: young enough, and no worker has committed since it was read.
        return (
            time.monotonic() - self._read_at < self.ttl
            and self.signal.seen() == self._signal_at_read
        )

    async def current(self, read: Callable[[], int]) -> int:
        """The version, read again once it has lapsed. Requests that find it lapsed while a
        read started since this worker's last change is in flight wait for that read instead
        of each starting their own (at every lapse, every request in flight would)."""
        loop = asyncio.get_running_loop()
        with self._lock:
            value, fresh = self._value, self._fresh()
            if value is not None and fresh:
                return value
            generation, seen = self._generation, self.signal.seen()
            reading = self._reading
            if reading is None or reading[0] != (generation, seen) or reading[1] is not loop:
                task = loop.create_task(self._read(read, generation, seen))
                task.add_done_callback(_retrieve)
                self._reading = reading = ((generation, seen), loop, task)
        # Shielded: a request that goes away does not cancel the read the others wait for.
        return await asyncio.shield(reading[2])

    async def _read(self, read: Callable[[], int], generation: int, signal_at_read: bytes) -> int:
        # The signal was looked at before reading: a commit signalled while we read makes the
        # value old, and the next request starts a read of its own.
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
                self._signal_at_read = signal_at_read
        return value

    def _done_reading(self) -> None:
        if self._reading is not None and self._reading[2] is asyncio.current_task():
            self._reading = None

    def trusted(self) -> int | None:
        """The version, if this worker read it within its lifetime and no worker has changed
        anything since (that it knows of); None otherwise. Never reads the database."""
        with self._lock:
            return self._value if self._fresh() else None

    def forget(self) -> None:
        """After this process committed a change."""
        with self._lock:
            self._value = None
            self._generation += 1


def _retrieve(task: asyncio.Task[int]) -> None:
    # Everyone who waited for a failed read has gone: its error is theirs, not the loop's.
    if not task.cancelled():
        task.exception()


SIGNAL = ChangeSignal(get_settings().change_signal_file)
DATA_VERSION = DataVersion(get_settings().data_version_ttl_ms / 1000, SIGNAL)
# The version of what the public reads (`api.changes.public_data_version`), held the same way.
PUBLIC_DATA_VERSION = DataVersion(get_settings().data_version_ttl_ms / 1000, SIGNAL)


def committed() -> None:
    """After this process committed a change: it forgets the versions, and tells the others."""
    DATA_VERSION.forget()
    PUBLIC_DATA_VERSION.forget()
    SIGNAL.raise_()
