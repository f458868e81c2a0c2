"""/v1/frameworks: the framework versions and the judgements each requires."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.domain.frameworks import FRAMEWORKS
from api.schemas import FrameworkList, FrameworkPublic
from api.web.conditional import json_response
from api.web.problems import read_responses

router = APIRouter(prefix="/v1/frameworks", tags=["frameworks"])

# Framework versions are code-level reference data (one entry and one policy each): the same
# for every caller and every day, so the answer is built once.
_FRAMEWORKS = FrameworkList(
    items=[
        FrameworkPublic(
            id=f.id,
            name=f.name,
            starts_on=f.starts_on,
            ends_on=f.ends_on,
            judgements=list(f.judgements),
            optional_judgements=list(f.optional_judgements),
        )
        for f in FRAMEWORKS
    ]
)


@router.get(
    "",
    name="frameworks-list",
    summary="List framework versions",
    response_model=FrameworkList,
    responses=read_responses(),
)
def list_frameworks(request: Request) -> Response:
    """The ILACS framework versions, the fieldwork dates each applies to, and the judgements each
    requires.
    """
    return json_response(request, _FRAMEWORKS)
