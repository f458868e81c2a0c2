"""What the API answers with and accepts: plain pydantic models, never table models."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

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
    model_config = ConfigDict(title="PriorityAction")

    id: str
    event_id: str
    authority_code: str
    text: str
    raised_on: date
    status: PriorityActionStatus
    draft_plan_due: date
    final_plan_due: date
    draft_plan_submitted_on: date | None
    final_plan_submitted_on: date | None
    closed_on: date | None
    closed_by_event_id: str | None
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
    status_reason: str | None = Field(description="Why it was cancelled, deferred or paused")
    notes: str | None = Field(description="The inspection team's notes: inspectors and admins only")
    self_evaluation: SelfEvaluationPublic | None = None


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


class AuthorityPage(Page[AuthorityPublic]):
    """A page of authorities."""


class EventPage(Page[EventPublic]):
    """A page of events."""


class PriorityActionPage(Page[PriorityActionSummary]):
    """A page of priority actions."""


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


# --- What callers send -------------------------------------------------------------------

# Text never holds a NUL byte (PostgreSQL refuses them; SQLite would keep them silently).
NO_NUL = r"^[^\x00]*$"
ShortText = Annotated[str, Field(min_length=1, max_length=1000, pattern=NO_NUL)]
LongText = Annotated[str, Field(min_length=1, max_length=20000, pattern=NO_NUL)]
AuthorityCodeText = Annotated[str, Field(pattern=r"^E\d{8}$", examples=["E10000016"])]
ReportUrl = Annotated[
    str,
    Field(
        max_length=500,
        pattern=r"^https://[^\s\x00]+$",
        examples=["https://reports.ofsted.gov.uk/provider/44/886"],
    ),
]


class Body(BaseModel):
    """Request bodies refuse fields they do not know, so a typo is an error, not a no-op."""

    model_config = ConfigDict(extra="forbid")


class EventPlan(Body):
    """A new event, as planned: confidential to inspectors and admins until notified."""

    authority_code: AuthorityCodeText
    kind: EventKind
    fieldwork_start: StrictDate
    fieldwork_end: StrictDate
    theme: Theme | None = None
    notes: LongText | None = None


class EventPatch(Body):
    """Changes to an event before publication; after it, an admin correction with a reason."""

    fieldwork_start: StrictDate | None = None
    fieldwork_end: StrictDate | None = None
    theme: Theme | None = None
    notes: LongText | None = None
    reason: ShortText | None = Field(
        default=None, description="Required when an admin corrects a published event"
    )


class NotifyBody(Body):
    notified_on: StrictDate


class StartBody(Body):
    fieldwork_start: StrictDate


class CompleteBody(Body):
    fieldwork_end: StrictDate


class PublishBody(Body):
    published_on: StrictDate = Field(
        description="A day after today keeps the event and its grades embargoed until then"
    )
    report_url: ReportUrl | None = None


class ReasonBody(Body):
    reason: ShortText


class EmptyBody(Body):
    pass


class JudgementsBody(Body):
    grades: dict[JudgementArea, Grade] = Field(
        description="Exactly the judgements the event's framework requires"
    )
    reason: ShortText | None = Field(
        default=None, description="Required when an admin corrects a published event's grades"
    )


class LetterBody(Body):
    sent_on: StrictDate = Field(
        description="The letter's date: action-plan deadlines count from it"
    )
    strengths: list[LongText] = Field(default_factory=list, max_length=50)
    areas_for_improvement: list[LongText] = Field(default_factory=list, max_length=50)
    areas_for_priority_action: list[LongText] = Field(
        default_factory=list,
        max_length=50,
        description="Each becomes a tracked priority action with its action-plan deadlines",
    )
    reason: ShortText | None = Field(
        default=None, description="Required when an admin corrects a published letter"
    )


class SelfEvaluationBody(Body):
    """The authority's yearly self-evaluation: Ofsted's three questions."""

    submitted_on: StrictDate
    quality_and_impact: LongText = Field(
        description="What do we know about the quality and impact of our social work practice?"
    )
    how_we_know: LongText = Field(description="How do we know it?")
    plans_next_12_months: LongText = Field(description="What are our plans for the next 12 months?")


class ActionPlanBody(Body):
    stage: Literal["draft", "final"]
    submitted_on: StrictDate


class CloseBody(Body):
    closed_on: StrictDate
    closed_by_event_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")] = Field(
        description="The later event that found the action addressed"
    )


# --- What writes answer with -----------------------------------------------------------------


class WarningPublic(BaseModel):
    """A soft rule the change departs from: it was made, and this says what is unusual."""

    code: str = Field(examples=["outside-inspection-window"])
    detail: str


class SelfEvaluationPublic(BaseModel):
    quality_and_impact: str
    how_we_know: str
    plans_next_12_months: str


class EventChanged(EventPublic):
    """The event after the change, with any warnings the change raised."""

    model_config = ConfigDict(title="EventChanged")

    warnings: list[WarningPublic]


class PriorityActionChanged(PriorityActionSummary):
    model_config = ConfigDict(title="PriorityActionChanged")

    warnings: list[WarningPublic]


class ChangePublic(BaseModel):
    """One entry of an event's history: who changed what, when."""

    seq: int = Field(description="The change's place in this history as you see it: 1, 2, 3...")
    at: datetime
    actor: str = Field(
        description="Who made it: the key's id for inspectors and admins of the region, its role "
        "(inspector, admin, authority) for others; import or system for loaded data"
    )
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    version: int | None = Field(
        description="The version of the event this change made, counted in the history as you "
        "see it"
    )
    reason: str | None


class ChangeList(BaseModel):
    items: list[ChangePublic]


class FeedResource(BaseModel):
    """A resource, by its type and id."""

    resource_type: Literal["event", "priority_action", "authority"]
    resource_id: str = Field(max_length=40)


class FeedChange(BaseModel):
    """One change as you see it: what changed, what happened, and the resource as it now is."""

    position: str = Field(
        max_length=400,
        description="Where this change stands in your feed: unique, and as `after` it resumes "
        "right after this change",
    )
    resource_type: Literal["event", "priority_action", "authority"] = Field(
        description="What changed: an event, a priority action or an authority"
    )
    resource_id: str = Field(
        max_length=40, description="Its id (an authority's ONS code); read it where its GET is"
    )
    action: str = Field(
        description="What happened, in the change log's words: a lifecycle step (`notify`, "
        "`publish`...), `planned`, `imported`, `corrected`, `judgements_recorded`, "
        "`letter_written`, `final_plan_submitted`, `closed`, `created`, `updated`... Open to "
        "new values. For a derived change (`derived_from`), the action of the change it "
        "follows from."
    )
    visible_on: date = Field(
        description="The day the change became visible to you: the day it was made, or the "
        "publication day of what you see only once published"
    )
    derived_from: FeedResource | None = Field(
        description="For a change that follows from another resource's (an authority whose "
        "pathway, latest judgements, window or open priority actions a publication or a letter "
        "moved), that resource; null for a change to the resource itself"
    )
    deleted: bool = Field(
        description="True when the resource is no longer in your view (drop your copy); "
        "`representation` is then null"
    )
    representation: EventPublic | AuthorityPublic | PriorityActionSummary | None = Field(
        description="The resource in full, as its GET shows it to you now (so a later change "
        "may already show in it); null when deleted"
    )


class FeedPage(Page[FeedChange]):
    """One page of your change feed: apply its items in order, then resume from `next_after`."""

    next_cursor: str | None = Field(
        description="Pass as `after` for the next page while there is more now; null on the "
        "last page (then keep `next_after`)"
    )
    next_after: str = Field(
        description="Pass as `after` to resume after this page, now or on any later day: on "
        "the last page too, where it says where you are"
    )
