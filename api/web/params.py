"""Query and path parameters that several routers share, validated the same way everywhere."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BeforeValidator

from api.domain.vocabulary import Region
from api.schemas import StrictDate


def _slug(value: Any) -> Any:
    # Accept Ofsted's spelling of an enumeration value ("London", "North West") as its slug.
    if isinstance(value, str):
        return re.sub(r"[^a-z0-9]+", "_", value.casefold()).strip("_")
    return value


RegionFilter = Annotated[
    Region | None,
    BeforeValidator(_slug),
    Query(description="Ofsted region (its slug; Ofsted's own spelling, e.g. London, also works)"),
]


AuthorityCode = Annotated[
    str,
    Path(
        pattern=r"^E\d{8}$",
        description="ONS code of the authority",
        examples=["E10000016"],
    ),
]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (at most 500)")]
Cursor = Annotated[
    str | None,
    Query(
        max_length=400,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="`next_cursor` of the previous page",
    ),
]
AsOf = Annotated[
    StrictDate | None,
    Query(description="Answer as the published record stood at the end of this day"),
]
EventId = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9_-]{1,32}$", description="The event's opaque id")
]
ActionId = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9_-]{1,32}$", description="The priority action's opaque id")
]
