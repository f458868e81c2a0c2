"""What a use case that changes something returns: the resource as the caller now sees it,
and the soft rules the change broke. The HTTP edge renders both."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel

from api.domain.errors import DomainWarning

V = TypeVar("V", bound=BaseModel)


@dataclass(frozen=True)
class Changed(Generic[V]):
    view: V
    warnings: Sequence[DomainWarning] = field(default_factory=tuple)
