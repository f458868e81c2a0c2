"""Blocking reads run from async routes, in worker threads, a bounded number at a time.

Requests that hold a database session are capped at the pool's size (see `api.db`); reads
started from async routes get a cap of their own, taken before a worker thread is. So however
many requests arrive, worker threads stay free for the requests that must commit and give
their connections back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar
from weakref import WeakKeyDictionary

from starlette.concurrency import run_in_threadpool

from api.settings import get_settings

T = TypeVar("T")

_caps: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = WeakKeyDictionary()


def _cap() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    cap = _caps.get(loop)
    if cap is None:
        cap = _caps[loop] = asyncio.Semaphore(get_settings().db_pool_size)
    return cap


async def read_in_thread(read: Callable[[], T]) -> T:
    async with _cap():
        return await run_in_threadpool(read)
