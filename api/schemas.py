"""What the API answers with and accepts: plain pydantic models, never table models."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from api.domain.vocabulary import (
    AuthorityStatus,
    EventKind,
    EventStatus,
    Grade,
    JudgementArea,
    LaType,
    Pathway,
    PriorityActionStatus,
    Region,
    Theme,
)

T = TypeVar("T")


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    # Pydantic's lax mode would read 0 (or "0") as 1970-01-01; a day must be written as one.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError("must be a date written as YYYY-MM-DD")
    return value


StrictDate = Annotated[date, BeforeValidator(_iso_day)]


class Page(BaseModel, Generic[T]):
    """One page of a list: follow `next_cursor` (or the `Link` header) for the next."""

    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )


class LatestJudgements(BaseModel):
    event_id: str
    framework: str
    fieldwork_start: date
    published_on: date | None
    grades: dict[JudgementArea, Grade]


class NextInspection(BaseModel):
    kind: EventKind
    window_start: date
    window_end: date
    anchor_date: date


class PriorityActionSummary(BaseModel):
    id: str
    event_id: str
    text: str
    raised_on: date
    status: PriorityActionStatus
    draft_plan_due: date
    final_plan_due: date
    overdue: bool


class AuthorityPublic(BaseModel):
    """An upper-tier local authority and where it stands in the inspection system."""

    model_config = ConfigDict(title="Authority")

    code: str = Field(description="ONS code", examples=["E10000016"])
    name: str
    ofsted_name: str = Field(description="The short name Ofsted's reports and statistics use")
    dfe_number: str = Field(description="The DfE three-digit local authority number")
    la_type: LaType
    region: Region = Field(description="Ofsted region")
    region_name: str
    status: AuthorityStatus
    abolished_on: date | None
    predecessors: list[str] = Field(description="ONS codes of the councils this one replaced")
    successors: list[str] = Field(description="ONS codes of the councils that replaced this one")
    pathway: Pathway | None
    pathway_inherited_from: list[str] = Field(
        description="ONS codes of the predecessors whose inspections set the pathway, when the "
        "authority has no graded inspection of its own since a reorganisation"
    )
    latest_judgements: LatestJudgements | None
    next_inspection: NextInspection | None = Field(
        description="The next graded inspection's kind and usual window; null on monitoring"
    )
    open_priority_actions: list[PriorityActionSummary]


class LetterPublic(BaseModel):
    strengths: list[str]
    areas_for_improvement: list[str]


class EventPublic(BaseModel):
    """An inspection activity: an inspection, a visit, a meeting, a self-evaluation."""

    model_config = ConfigDict(title="Event")

    id: str
    authority_code: str
    kind: EventKind
    status: EventStatus
    framework: str | None
    theme: Theme | None
    notified_on: date | None
    fieldwork_start: date
    fieldwork_end: date | None
    published_on: date | None
    report_url: str | None
    judgements: dict[JudgementArea, Grade] | None = Field(
        description="The grades, for graded kinds once recorded and visible to the caller"
    )
    letter: LetterPublic | None
    priority_actions: list[PriorityActionSummary]


class JudgementCount(BaseModel):
    judgement: JudgementArea
    counts: dict[Grade, int] = Field(description="Authorities whose latest grade is each grade")
    total: int
    good_or_better_share: float | None = Field(
        description="Share of `total` judged good or outstanding, 0 to 1 (null when total is 0)"
    )


class JudgementStatistics(BaseModel):
    """How authorities' latest graded inspections stand, judgement by judgement."""

    as_of: date
    fieldwork_to: date | None
    region: Region | None
    authorities: int = Field(description="Current authorities in scope")
    inspected: int = Field(description="Of those, how many have a graded inspection in scope")
    judgements: list[JudgementCount]


class FrameworkPublic(BaseModel):
    """A version of the inspection framework and the judgements it requires."""

    model_config = ConfigDict(title="Framework")

    id: str = Field(examples=["ilacs-2023"])
    name: str
    starts_on: date = Field(description="First fieldwork start date it applies to")
    ends_on: date | None = Field(description="Last fieldwork start date it applies to")
    judgements: list[JudgementArea] = Field(description="The judgements it requires, in order")
    optional_judgements: list[JudgementArea]


class FrameworkList(BaseModel):
    items: list[FrameworkPublic]


class Health(BaseModel):
    status: str
    database: str | None = None
    revision: str | None = None
