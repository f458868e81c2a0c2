"""Today's date in England: what embargoes, deadlines and 'overdue' are measured against."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends

LONDON = ZoneInfo("Europe/London")


async def today() -> date:
    # async: a dependency this cheap should not cost a trip to a worker thread.
    return datetime.now(LONDON).date()


Today = Annotated[date, Depends(today)]
