"""What the report reader returns, and how it refuses a file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from api.domain.vocabulary import EventKind, Grade, JudgementArea


class ReportRefused(Exception):
    """The file is not a report this reader can take; `reason` says why, in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FieldworkBlock:
    """One stretch of days on site, first and last day included."""

    start: date
    end: date


@dataclass(frozen=True)
class Report:
    """One Ofsted inspection of an authority's children's services, as its PDF states it."""

    authority_code: str  # ONS code: current code, or the abolished council's own
    authority_name: str  # as printed on the report's first page
    # Other councils named by a joint report (North and West Northamptonshire, 2022); their
    # ONS codes, `authority_code` being the first named.
    joint_authority_codes: tuple[str, ...]
    framework_id: str  # an id of api.domain.frameworks.FRAMEWORKS
    kind: EventKind
    # Usually one block; a few inspections ran in two blocks weeks apart.
    fieldwork: tuple[FieldworkBlock, ...]
    # Usually one; a few reports name two ("Lead inspectors: ... and ...").
    lead_inspectors: tuple[str, ...]
    # Excluded from the hash (a mapping is not hashable).
    grades: Mapping[JudgementArea, Grade] = field(hash=False)
    published_on: date | None  # only where the report states it ("Report published: ...")
    # Judgements the report explicitly did not make ("Not judged": the Isles of Scilly's
    # children looked after, 2016).
    not_judged: tuple[JudgementArea, ...] = ()

    @property
    def lead_inspector(self) -> str | None:
        """The (first) lead inspector."""
        return self.lead_inspectors[0] if self.lead_inspectors else None

    @property
    def fieldwork_start(self) -> date:
        return self.fieldwork[0].start

    @property
    def fieldwork_end(self) -> date:
        return self.fieldwork[-1].end
