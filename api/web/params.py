"""Query and path parameters that several routers share, validated the same way everywhere."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BeforeValidator, WithJsonSchema

from api.domain.vocabulary import REGION_NAMES, Region
from api.schemas import ID_PATTERN, ONS_CODE_PATTERN, StrictDate

_REGION_BY_NAME = {name: region.value for region, name in REGION_NAMES.items()}


def _region(value: Any) -> Any:
    # Ofsted's own spelling of a region ("London", "North West") is accepted as its slug.
    if isinstance(value, str):
        return _REGION_BY_NAME.get(value, value)
    return value


RegionFilter = Annotated[
    Annotated[
        Region,
        BeforeValidator(_region),
        WithJsonSchema(
            {
                "anyOf": [
                    {"$ref": "#/components/schemas/Region"},
                    {
                        "title": "RegionName",
                        "type": "string",
                        "enum": list(REGION_NAMES.values()),
                        "maxLength": 40,
                        "description": "Ofsted's spelling of the region",
                    },
                ]
            }
        ),
    ]
    | None,
    Query(description="Ofsted region: its slug (london), or Ofsted's own spelling (London)"),
]


AuthorityCode = Annotated[
    str,
    Path(
        pattern=ONS_CODE_PATTERN,
        max_length=9,
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
    str, Path(pattern=ID_PATTERN, max_length=32, description="The event's opaque id")
]
ActionId = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z0-9_-]{1,32}$",
        max_length=32,
        description="The priority action's opaque id",
    ),
]
EvaluationId = Annotated[
    str,
    Path(
        pattern=ID_PATTERN,
        max_length=32,
        description="The self-evaluation's opaque id (its event's id)",
    ),
]
MeetingId = Annotated[
    str,
    Path(
        pattern=ID_PATTERN,
        max_length=32,
        description="The engagement meeting's opaque id (its event's id)",
    ),
]
