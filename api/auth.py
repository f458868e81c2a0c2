"""Who is calling. Until bearer tokens exist every caller is the public."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.visibility import PUBLIC, Caller


def current_caller() -> Caller:
    return PUBLIC


CallerDep = Annotated[Caller, Depends(current_caller)]
