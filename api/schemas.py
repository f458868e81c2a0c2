"""What the API answers with and accepts: plain pydantic models, never table models."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
)

from api.domain.annual import OPEN_WORD
from api.domain.provenance import SourceKind
from api.domain.vocabulary import (
    AttendeeRole,
    AuthorityStatus,
    DueStatus,
    EventKind,
    EventStatus,
    Grade,
    Inspectorate,
    JtaiTheme,
    JudgementArea,
    LaType,
    Pathway,
    PriorityActionStatus,
    Region,
    ScheduleKind,
    Theme,
)

T = TypeVar("T")

# Patterns use explicit ASCII classes ([0-9], not \d) and spell out the characters they
# exclude (not \s): Python's re, pydantic-core's engine and a client's ECMA-262 engine read
# \d and \s differently (Unicode digits, U+0085), and the document must mean one thing.

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
# A calendar day between FIRST_DAY and LAST_DAY, month lengths and leap years included.
DAY_PATTERN = (
    r"^(?:(?:20[0-9]{2}|2100)-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
    r"|20(?:[02468][048]|[13579][26])-02-29)$"
)
DAY_DESCRIPTION = "A day written YYYY-MM-DD, from 2000-01-01 to 2100-12-31"
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: Any) -> Any:
    # Pydantic's lax mode would read 0 (or "0") as 1970-01-01; a day must be written as one.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise ValueError("must be a date written as YYYY-MM-DD")
    return value


def _in_range(value: date) -> date:
    # Beyond these the domain has nothing to say, and counting working days to 0001 or 9999
    # would cost seconds.
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"must be from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}")
    return value


StrictDate = Annotated[
    date,
    BeforeValidator(_iso_day),
    AfterValidator(_in_range),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "minLength": 10,
            "maxLength": 10,
            "pattern": DAY_PATTERN,
            "description": DAY_DESCRIPTION,
        }
    ),
]

# What the API answers with: bounded as the contract promises (see the NOTE in api.openapi on
# dates and integer formats, which it adds to every schema).
ONS_CODE_PATTERN = r"^E[0-9]{8}$"
ID_PATTERN = r"^[A-Za-z0-9_-]{1,32}$"
OnsCode = Annotated[
    str, Field(min_length=9, max_length=9, pattern=ONS_CODE_PATTERN, examples=["E10000016"])
]
Id = Annotated[str, Field(min_length=1, max_length=32, pattern=ID_PATTERN)]
FrameworkId = Annotated[
    str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9-]{1,40}$", examples=["ilacs-2023"])
]
Slug = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[a-z0-9_-]{1,100}$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Said = Annotated[str, Field(max_length=20000)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
# Up to 500 on a page; other lists are far shorter (a handful of councils, judgements, ...).
PAGE_MAX = 500
FEW = 100
LETTER_ITEMS = 50
# Every character a URL may not hold unencoded that Python's \s, pydantic-core's \s and
# ECMA-262's \s disagree on, and the rest of the controls and spaces besides.
WHITE_SPACE_AND_CONTROLS = (
    r"\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def _known(values: type[StrEnum]) -> str:
    return ", ".join(f"`{v.value}`" for v in values)


# Open vocabularies: lower_snake strings whose known values the descriptions list, never
# enumerations in the document, so that a generated client keeps working when a new value
# (a new JTAI theme, another inspectorate) appears.
OPEN_WORD_PATTERN = OPEN_WORD.pattern
ThemeText = Annotated[str, Field(min_length=1, max_length=60, pattern=OPEN_WORD_PATTERN)]
THEME_DESCRIPTION = (
    "The theme of a visit or JTAI, a lower_snake string. A focused or monitoring visit takes "
    f"one of Ofsted's visit themes: {_known(Theme)}. A JTAI takes a theme of its own, open to "
    f"new ones (known: {_known(JtaiTheme)}). Other kinds have none."
)
InspectorateText = Annotated[str, Field(min_length=1, max_length=30, pattern=OPEN_WORD_PATTERN)]
INSPECTORATES_DESCRIPTION = (
    "A JTAI's inspectorates taking part, each once, as lower_snake strings open to new "
    f"values (known: {_known(Inspectorate)}); null for other kinds or when not recorded"
)


def inspectorates_field() -> Any:
    """A JTAI's inspectorates, each once (as plans and changes give them and events show them)."""
    return Field(
        default=None,
        max_length=10,
        description=INSPECTORATES_DESCRIPTION,
        json_schema_extra={"uniqueItems": True},
    )


AttendeeRoleText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=60,
        pattern=OPEN_WORD_PATTERN,
        description="The attendee's role, a lower_snake string open to new values (known: "
        f"{_known(AttendeeRole)})",
    ),
]
STATEMENT_DESCRIPTION = (
    "Whether the JTAI's letter requires the principal authority's written statement; null "
    "for other kinds or while not known"
)


class Page(BaseModel, Generic[T]):
    """One page of a list: follow `next_cursor` (or the `Link` header) for the next."""

    items: list[T] = Field(max_length=PAGE_MAX)
    next_cursor: Annotated[str, Field(max_length=400, pattern=r"^[A-Za-z0-9_-]+$")] | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )


def in_area_order(grades: dict[JudgementArea, Grade] | None) -> dict[JudgementArea, Grade] | None:
    """Grades in one order whatever order their rows came in: the same grades are the same
    bytes, so the same ETag (a page rebuilt from rows read in another order must not look
    changed, to anyone: it would tell the public that something it cannot see was written)."""
    if grades is None:
        return None
    return {area: grades[area] for area in JudgementArea if area in grades}


class LatestJudgements(BaseModel):
    event_id: Id
    framework: FrameworkId
    fieldwork_start: date
    published_on: date | None
    grades: dict[JudgementArea, Grade] = Field(max_length=len(JudgementArea))

    _grades_in_order = field_validator("grades")(in_area_order)


class NextInspection(BaseModel):
    kind: EventKind
    window_start: date
    window_end: date
    anchor_date: date
    status: DueStatus = Field(
        description="Where the window stands on the day the read answers for (`as_of`, or "
        "today): `upcoming` before it opens, `due` within it (both ends included), `overdue` "
        "after it closed with no graded inspection published"
    )


class PriorityActionSummary(BaseModel):
    model_config = ConfigDict(title="PriorityAction")

    id: Id
    event_id: Id
    authority_code: OnsCode
    text: Said
    raised_on: date
    status: PriorityActionStatus
    draft_plan_due: date
    final_plan_due: date
    draft_plan_submitted_on: date | None
    final_plan_submitted_on: date | None
    closed_on: date | None
    closed_by_event_id: Id | None
    overdue: bool


AliasText = Annotated[str, Field(max_length=100)]


class AuthorityPublic(BaseModel):
    """An upper-tier local authority and where it stands in the inspection system."""

    model_config = ConfigDict(title="Authority")

    code: OnsCode = Field(description="ONS code")
    name: Name
    ofsted_name: Name = Field(description="The short name Ofsted's reports and statistics use")
    dfe_number: str = Field(
        min_length=3,
        max_length=3,
        pattern=r"^[0-9]{3}$",
        description="The DfE three-digit local authority number",
    )
    urn: str | None = Field(
        default=None,
        max_length=8,
        pattern=r"^[0-9]{1,8}$",
        description="Ofsted's unique reference number for the authority (its provider page)",
        examples=["80476"],
    )
    aliases: list[AliasText] = Field(
        default_factory=list,
        max_length=20,
        description="Other names the authority is known by (Ofsted's short form, former "
        "spellings), to join on",
    )
    la_type: LaType
    region: Region = Field(description="Ofsted region")
    region_name: Name
    status: AuthorityStatus
    abolished_on: date | None
    predecessors: list[OnsCode] = Field(
        max_length=FEW, description="ONS codes of the councils this one replaced"
    )
    successors: list[OnsCode] = Field(
        max_length=FEW, description="ONS codes of the councils that replaced this one"
    )
    pathway: Pathway | None
    pathway_inherited_from: list[OnsCode] = Field(
        max_length=FEW,
        description="ONS codes of the predecessors whose inspections set the pathway, when the "
        "authority has no graded inspection of its own since a reorganisation",
    )
    latest_judgements: LatestJudgements | None
    next_inspection: NextInspection | None = Field(
        description="The next graded inspection's kind and usual window; null on monitoring"
    )
    open_priority_actions: list[PriorityActionSummary] = Field(max_length=FEW)


class Neighbour(BaseModel):
    """A statistical neighbour of an authority, with where it stands."""

    rank: int = Field(ge=1, le=10, description="1 is the closest neighbour")
    code: str = Field(max_length=9, pattern=r"^E[0-9]{8}$", examples=["E10000012"])
    name: str = Field(max_length=100)
    region: Region
    pathway: Pathway | None
    latest_judgements: LatestJudgements | None
    next_inspection: NextInspection | None


class NeighbourList(BaseModel):
    """An authority's statistical neighbours (DfE's model), as the record stood on `as_of`."""

    authority_code: str = Field(max_length=9, pattern=r"^E[0-9]{8}$", examples=["E10000016"])
    model: str = Field(
        max_length=200,
        description="Whose model of statistical neighbours this is",
        examples=["DfE children's services statistical neighbour benchmarking tool"],
    )
    as_of: date
    items: list[Neighbour] = Field(max_length=10)


class LetterPublic(BaseModel):
    strengths: list[Said] = Field(max_length=LETTER_ITEMS)
    areas_for_improvement: list[Said] = Field(max_length=LETTER_ITEMS)


FactName = Annotated[
    str, Field(max_length=60, pattern=r"^[a-z_]+(\.[a-z_]+)?$", examples=["grades.care_leavers"])
]


class EventSource(BaseModel):
    """A source of an event's facts, and the facts whose values are its word."""

    kind: SourceKind = Field(
        description="correction (an admin's), release (Ofsted's official statistics), api "
        "(recorded through this API), report (an Ofsted report PDF), manifest (the operator's "
        "list of report files), estimate (derived where no source gives the fact)"
    )
    reference: str = Field(
        max_length=300,
        description="Which one: the release file, sheet and row; the report file; the role",
    )
    fields: list[FactName] = Field(
        max_length=30, description="The facts it gives: fields, and judgements as grades.<area>"
    )


class EventPublic(BaseModel):
    """An inspection activity: an inspection, a visit, a meeting, a self-evaluation."""

    model_config = ConfigDict(title="Event")

    id: Id
    authority_code: OnsCode
    kind: EventKind
    status: EventStatus
    framework: FrameworkId | None
    theme: ThemeText | None = Field(description=THEME_DESCRIPTION)
    inspectorates: list[InspectorateText] | None = inspectorates_field()
    written_statement_required: bool | None = Field(default=None, description=STATEMENT_DESCRIPTION)
    written_statement_due: date | None = Field(
        default=None,
        description="A published JTAI that requires a written statement: the day it is due, "
        "70 working days after the letter's publication; otherwise null",
    )
    notified_on: date | None
    fieldwork_start: date
    fieldwork_end: date | None
    published_on: date | None
    report_url: Annotated[str, Field(max_length=500)] | None
    lead_inspector: str | None = Field(
        default=None, max_length=200, description="The lead inspector named by the report"
    )
    judgements: dict[JudgementArea, Grade] | None = Field(
        max_length=len(JudgementArea),
        description="The grades, for graded kinds once recorded and visible to the caller",
    )
    letter: LetterPublic | None
    priority_actions: list[PriorityActionSummary] = Field(max_length=LETTER_ITEMS)
    status_reason: Said | None = Field(description="Why it was cancelled, deferred or paused")
    notes: Said | None = Field(
        description="The inspection team's notes: inspectors and admins only"
    )
    self_evaluation: SelfEvaluationPublic | None = None
    engagement_meeting: EngagementMeetingRecord | None = Field(
        default=None,
        description="An annual engagement meeting's record, for those who may read it",
    )
    sources: list[EventSource] = Field(
        default_factory=list,
        max_length=30,
        description="Where each fact came from; the precedence among sources decides which "
        "word stands",
    )

    _judgements_in_order = field_validator("judgements")(in_area_order)


class JudgementCount(BaseModel):
    judgement: JudgementArea
    counts: dict[Grade, Count] = Field(
        max_length=len(Grade), description="Authorities whose latest grade is each grade"
    )
    total: Count
    good_or_better_share: float | None = Field(
        ge=0,
        le=1,
        description="Share of `total` judged good or outstanding, 0 to 1 (null when total is 0)",
    )


class JudgementStatistics(BaseModel):
    """How authorities' latest graded inspections stand, judgement by judgement."""

    as_of: date
    fieldwork_to: date | None
    region: Region | None
    authorities: Count = Field(description="Current authorities in scope")
    inspected: Count = Field(description="Of those, how many have a graded inspection in scope")
    judgements: list[JudgementCount] = Field(max_length=len(JudgementArea))


class AuthorityPage(Page[AuthorityPublic]):
    """A page of authorities."""


class EventPage(Page[EventPublic]):
    """A page of events."""


class PriorityActionPage(Page[PriorityActionSummary]):
    """A page of priority actions."""


class FollowsFrom(BaseModel):
    """The fact an item of the schedule follows from."""

    event_id: Id | None = Field(
        description="The event it follows from: the inspection a window or a deadline counts "
        "from, the letter of a priority action, the last self-evaluation or meeting"
    )
    priority_action_id: Id | None = Field(description="The priority action whose plan is due")


class ScheduleItem(BaseModel):
    """Something that falls due: on one day (`opens_on` equals `closes_on`) or in a window."""

    id: str = Field(
        max_length=120,
        pattern=r"^[a-z_]{1,40}\.E[0-9]{8}\.[A-Za-z0-9_-]{1,32}(\.[0-9]{1,4})?$",
        description="Stable for as long as what it follows from is",
    )
    kind: ScheduleKind = Field(
        description="graded_inspection_window, monitoring_visit, action_plan (the written "
        "statement of action after an inadequate report), jtai_statement, report_publication "
        "(the authority publishes a graded report), priority_action_draft_plan, "
        "priority_action_final_plan, self_evaluation, engagement_meeting"
    )
    authority_code: OnsCode
    authority_name: Name
    region: Region
    opens_on: date = Field(description="The first day it is due (a deadline: the day itself)")
    closes_on: date = Field(description="The last day it is due; after it, late")
    status: DueStatus = Field(
        description="On the day asked: upcoming before `opens_on`, due from `opens_on` to "
        "`closes_on`, overdue after it with nothing done that meets it, met once done"
    )
    met_on: date | None = Field(
        description="The day it was met: the fieldwork start of the graded inspection or "
        "monitoring visit, the day the plan was submitted (or the action closed), the day of the "
        "next self-evaluation or meeting"
    )
    met_by_event_id: Id | None = Field(description="The event that met it, where one did")
    tracked: bool = Field(
        description="Whether the record holds what meets it. The written statement of action, "
        "a JTAI statement and the authority's publication of a report are not recorded: on "
        "those, `overdue` says only that the day has passed"
    )
    inspection_kind: EventKind | None = Field(
        description="On a window: the kind of graded inspection due in it"
    )
    follows_from: FollowsFrom


class SchedulePage(Page[ScheduleItem]):
    """A page of the schedule."""


class FrameworkPublic(BaseModel):
    """A version of the inspection framework and the judgements it requires."""

    model_config = ConfigDict(title="Framework")

    id: FrameworkId
    name: Name
    starts_on: date = Field(description="First fieldwork start date it applies to")
    ends_on: date | None = Field(description="Last fieldwork start date it applies to")
    judgements: list[JudgementArea] = Field(
        max_length=len(JudgementArea), description="The judgements it requires, in order"
    )
    optional_judgements: list[JudgementArea] = Field(max_length=len(JudgementArea))


class FrameworkList(BaseModel):
    items: list[FrameworkPublic] = Field(max_length=FEW)


class Health(BaseModel):
    status: Slug
    database: Slug | None = None
    revision: Annotated[str, Field(max_length=64, pattern=r"^[A-Za-z0-9_]{1,64}$")] | None = None


# --- What callers send -------------------------------------------------------------------

# Text never holds a NUL byte (PostgreSQL refuses them; SQLite would keep them silently).
NO_NUL = r"^[^\x00]*$"
ShortText = Annotated[str, Field(min_length=1, max_length=1000, pattern=NO_NUL)]
LongText = Annotated[str, Field(min_length=1, max_length=20000, pattern=NO_NUL)]
AuthorityCodeText = OnsCode
ReportUrl = Annotated[
    str,
    Field(
        max_length=500,
        # No control character, space or other Unicode white space: each one spelled out.
        pattern=r"^https://[^" + WHITE_SPACE_AND_CONTROLS + r"]+$",
        examples=["https://reports.ofsted.gov.uk/provider/44/886"],
    ),
]


class Body(BaseModel):
    """Request bodies refuse fields they do not know, so a typo is an error, not a no-op."""

    model_config = ConfigDict(extra="forbid")


# Self-evaluations arrive from the authority, and the single inspection framework ended in
# 2018: every other kind is planned.
_NOT_PLANNED = {
    EventKind.SELF_EVALUATION: "use POST /v1/authorities/{code}/self-evaluations",
    EventKind.SIF_INSPECTION: "sif_inspection is imported history, never planned",
}


def _plannable(kind: EventKind) -> EventKind:
    if kind in _NOT_PLANNED:
        raise ValueError(_NOT_PLANNED[kind])
    return kind


PlannableKind = Annotated[
    EventKind,
    AfterValidator(_plannable),
    WithJsonSchema(
        {
            "title": "PlannableKind",
            "type": "string",
            "enum": [k.value for k in EventKind if k not in _NOT_PLANNED],
            "description": "The kinds inspectors plan (not self_evaluation, not sif_inspection)",
        }
    ),
]


class EventPlan(Body):
    """A new event, as planned: confidential to inspectors and admins until notified."""

    authority_code: AuthorityCodeText
    kind: PlannableKind
    fieldwork_start: StrictDate
    fieldwork_end: StrictDate
    theme: ThemeText | None = Field(default=None, description=THEME_DESCRIPTION)
    inspectorates: list[InspectorateText] | None = inspectorates_field()
    written_statement_required: bool | None = Field(default=None, description=STATEMENT_DESCRIPTION)
    notes: LongText | None = None


def _names_a_change(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """The document says what the service refuses as "nothing to change" (a 422): a body
    that names none of the fields it changes, `reason` alone included."""
    changeable = [name for name in model.model_fields if name != "reason"]
    schema["minProperties"] = 1
    schema["anyOf"] = [{"required": [name]} for name in changeable]


class EventPatch(Body):
    """Changes to an event before publication; after it, an admin correction with a reason.
    It names at least one field to change."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_names_a_change)
    fieldwork_start: StrictDate | None = None
    fieldwork_end: StrictDate | None = None
    theme: ThemeText | None = Field(default=None, description=THEME_DESCRIPTION)
    inspectorates: list[InspectorateText] | None = inspectorates_field()
    written_statement_required: bool | None = Field(default=None, description=STATEMENT_DESCRIPTION)
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
    strengths: list[LongText] = Field(default_factory=list, max_length=LETTER_ITEMS)
    areas_for_improvement: list[LongText] = Field(default_factory=list, max_length=LETTER_ITEMS)
    areas_for_priority_action: list[LongText] = Field(
        default_factory=list,
        max_length=LETTER_ITEMS,
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


PersonName = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]


class AttendeeBody(Body):
    role: AttendeeRoleText
    name: PersonName | None = None


class EngagementMeetingBody(Body):
    """An annual engagement meeting, as inspectors record it once held."""

    held_on: StrictDate = Field(description="The day the meeting was held (not after today)")
    attendees: list[AttendeeBody] = Field(
        min_length=1, max_length=50, description="Who attended, by role"
    )
    summary_letter: LongText = Field(
        description="The private summary letter to the Director of Children's Services"
    )
    next_steps: list[LongText] = Field(
        default_factory=list, max_length=LETTER_ITEMS, description="The next steps agreed"
    )
    focused_visit_scope: ShortText | None = Field(
        default=None, description="The possible scope (theme, cohort) of a focused visit"
    )


class EngagementMeetingPatch(Body):
    """Corrections to a recorded meeting: the fields given replace what was recorded."""

    held_on: StrictDate | None = None
    attendees: list[AttendeeBody] | None = Field(default=None, min_length=1, max_length=50)
    summary_letter: LongText | None = None
    next_steps: list[LongText] | None = Field(default=None, max_length=LETTER_ITEMS)
    focused_visit_scope: ShortText | None = None
    reason: ShortText | None = Field(default=None, description="Why, kept in the history")


class ActionPlanBody(Body):
    stage: Literal["draft", "final"]
    submitted_on: StrictDate


class CloseBody(Body):
    closed_on: StrictDate
    closed_by_event_id: Id = Field(description="The later event that found the action addressed")


# --- What writes answer with -----------------------------------------------------------------


class WarningPublic(BaseModel):
    """A soft rule the change departs from: it was made, and this says what is unusual."""

    code: Slug = Field(examples=["outside-inspection-window"])
    detail: Annotated[str, Field(max_length=2000)]


class SelfEvaluationPublic(BaseModel):
    quality_and_impact: Said
    how_we_know: Said
    plans_next_12_months: Said


class AttendeePublic(BaseModel):
    model_config = ConfigDict(title="Attendee")

    role: AttendeeRoleText
    name: Annotated[str, Field(max_length=200)] | None


class EngagementMeetingRecord(BaseModel):
    """What was recorded of an annual engagement meeting (never public)."""

    attendees: list[AttendeePublic] = Field(max_length=50)
    summary_letter: Said = Field(
        description="The private summary letter to the Director of Children's Services"
    )
    next_steps: list[Said] = Field(max_length=LETTER_ITEMS)
    focused_visit_scope: Said | None = Field(
        description="The possible scope of a focused visit, if one was discussed"
    )


class EngagementMeetingPublic(BaseModel):
    """An annual engagement meeting held with the authority: read by the authority, its
    region's inspectors and admins; never public."""

    model_config = ConfigDict(title="EngagementMeeting")

    id: Id = Field(description="The meeting's id: its event's (`/v1/events/{id}` shows it too)")
    authority_code: OnsCode
    held_on: date
    next_due: date = Field(description="When the next meeting falls due: a year after this one")
    record: EngagementMeetingRecord | None = Field(
        description="What was said; null for a meeting recorded only as a bare event"
    )


class SelfEvaluationRecordPublic(BaseModel):
    """An authority's yearly self-evaluation: read by the authority, its region's inspectors
    and admins; never public."""

    model_config = ConfigDict(title="SelfEvaluation")

    id: Id = Field(description="The self-evaluation's event id")
    authority_code: OnsCode
    submitted_on: date
    next_due: date = Field(description="When the next one falls due: a year after this one")
    quality_and_impact: Said = Field(
        description="What do we know about the quality and impact of our social work practice?"
    )
    how_we_know: Said = Field(description="How do we know it?")
    plans_next_12_months: Said = Field(description="What are our plans for the next 12 months?")


class SelfEvaluationPage(Page[SelfEvaluationRecordPublic]):
    """A page of self-evaluations, newest first."""


class EngagementMeetingPage(Page[EngagementMeetingPublic]):
    """A page of engagement meetings, newest first."""


class EngagementMeetingChanged(EngagementMeetingPublic):
    model_config = ConfigDict(title="EngagementMeetingChanged")

    warnings: list[WarningPublic] = Field(max_length=FEW)


class EventChanged(EventPublic):
    """The event after the change, with any warnings the change raised."""

    model_config = ConfigDict(title="EventChanged")

    warnings: list[WarningPublic] = Field(max_length=FEW)


class PriorityActionChanged(PriorityActionSummary):
    model_config = ConfigDict(title="PriorityActionChanged")

    warnings: list[WarningPublic] = Field(max_length=FEW)


class ChangePublic(BaseModel):
    """One entry of an event's history: who changed what, when."""

    seq: int = Field(
        ge=1,
        le=2**63 - 1,
        description="The change's place in this history as you see it: 1, 2, 3...",
    )
    at: datetime
    actor: Annotated[str, Field(max_length=100)] = Field(
        description="Who made it: the key's id for inspectors and admins of the region, its role "
        "(inspector, admin, authority) for others; import or system for loaded data"
    )
    action: Slug
    before: dict[str, Any] | None = Field(
        max_length=FEW, description="The fields it changed, as they were"
    )
    after: dict[str, Any] | None = Field(
        max_length=FEW, description="The same fields, as they became"
    )
    version: int | None = Field(
        ge=1,
        le=2**31 - 1,
        description="The version of the event this change made, counted in the history as you "
        "see it",
    )
    reason: Said | None


class ChangeList(BaseModel):
    items: list[ChangePublic] = Field(max_length=10_000)


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
        max_length=64,
        description="What happened, in the change log's words: a lifecycle step (`notify`, "
        "`publish`...), `planned`, `imported`, `corrected`, `judgements_recorded`, "
        "`letter_written`, `final_plan_submitted`, `closed`, `created`, `updated`...; for what "
        "the day alone moved, `window_opened`, `window_closed` or `plan_overdue`. Open to new "
        "values. For a derived change (`derived_from`), the action of the change it follows "
        "from.",
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
        max_length=400,
        description="Pass as `after` for the next page while there is more now; null on the "
        "last page (then keep `next_after`)",
    )
    next_after: str = Field(
        max_length=400,
        description="Pass as `after` to resume after this page, now or on any later day: on "
        "the last page too, where it says where you are",
    )
