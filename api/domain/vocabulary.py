"""The words of the ILACS domain, as the API spells them.

Every enumeration the contract exposes lives here once: lower_snake strings, open to new
values in later framework versions (the database stores them as checked strings, never as
database enums).
"""

from __future__ import annotations

from enum import StrEnum


class Grade(StrEnum):
    """Ofsted's four-point scale, best first."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"

    @property
    def rank(self) -> int:
        """1 for outstanding ... 4 for inadequate: lower is better."""
        return list(Grade).index(self) + 1

    @property
    def good_or_better(self) -> bool:
        return self in (Grade.OUTSTANDING, Grade.GOOD)


class JudgementArea(StrEnum):
    """The judgements an inspection can carry (which ones: see frameworks)."""

    OVERALL_EFFECTIVENESS = "overall_effectiveness"
    IMPACT_OF_LEADERS = "impact_of_leaders"
    HELP_AND_PROTECTION = "help_and_protection"
    CHILDREN_IN_CARE_AND_CARE_LEAVERS = "children_in_care_and_care_leavers"
    CHILDREN_IN_CARE = "children_in_care"
    CARE_LEAVERS = "care_leavers"
    # Legacy SIF (2013-2018) judgements, kept for imported history.
    CHILDREN_LOOKED_AFTER = "children_looked_after"
    ADOPTION = "adoption"
    LEADERSHIP_MANAGEMENT_GOVERNANCE = "leadership_management_governance"


class EventKind(StrEnum):
    SHORT_INSPECTION = "short_inspection"
    STANDARD_INSPECTION = "standard_inspection"
    FOCUSED_VISIT = "focused_visit"
    MONITORING_VISIT = "monitoring_visit"
    JTAI = "jtai"
    ANNUAL_ENGAGEMENT_MEETING = "annual_engagement_meeting"
    SELF_EVALUATION = "self_evaluation"
    SIF_INSPECTION = "sif_inspection"


class EventStatus(StrEnum):
    PLANNED = "planned"
    NOTIFIED = "notified"
    ON_SITE = "on_site"
    FIELDWORK_COMPLETE = "fieldwork_complete"
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    DEFERRED = "deferred"
    PAUSED = "paused"


class Pathway(StrEnum):
    SHORT = "short"
    STANDARD = "standard"
    MONITORING = "monitoring"
    AWAITING_FIRST_INSPECTION = "awaiting_first_inspection"


class Theme(StrEnum):
    """Themes of focused and monitoring visits (Ofsted's 'Visit Theme')."""

    FRONT_DOOR = "front_door"
    CHILDREN_IN_NEED_OR_ON_A_PLAN = "children_in_need_or_on_a_plan"
    CHILDREN_IN_CARE = "children_in_care"
    ACHIEVING_PERMANENCE = "achieving_permanence"
    CARE_LEAVERS = "care_leavers"
    VULNERABLE_ADOLESCENTS = "vulnerable_adolescents"
    PLACEMENT_DECISIONS = "placement_decisions"
    ASSURANCE_VISIT = "assurance_visit"


class JtaiTheme(StrEnum):
    """The themes of joint targeted area inspections known so far. Open: Ofsted and its partner
    inspectorates choose a new theme every year or two, so the API takes any lower_snake theme
    for a JTAI and these are documented, not enforced."""

    DOMESTIC_ABUSE = "domestic_abuse"
    CHILD_SEXUAL_EXPLOITATION_AND_MISSING = "child_sexual_exploitation_and_missing"
    NEGLECT = "neglect"
    CHILD_SEXUAL_ABUSE_IN_THE_FAMILY = "child_sexual_abuse_in_the_family"
    CRIMINAL_EXPLOITATION = "criminal_exploitation"
    CHILDRENS_MENTAL_HEALTH = "childrens_mental_health"
    IDENTIFICATION_OF_INITIAL_NEED_AND_RISK = "identification_of_initial_need_and_risk"
    CHILDREN_AND_FAMILIES_WHO_NEED_HELP = "children_and_families_who_need_help"
    SERIOUS_YOUTH_VIOLENCE = "serious_youth_violence"


class Inspectorate(StrEnum):
    """The inspectorates that take part in a JTAI (known values; open to others)."""

    OFSTED = "ofsted"
    CQC = "cqc"
    HMICFRS = "hmicfrs"
    HMI_PROBATION = "hmi_probation"


class AttendeeRole(StrEnum):
    """Who attends an annual engagement meeting, by role (known values; open to others)."""

    DIRECTOR_OF_CHILDRENS_SERVICES = "director_of_childrens_services"
    LEAD_MEMBER = "lead_member"
    CHIEF_EXECUTIVE = "chief_executive"
    PRINCIPAL_SOCIAL_WORKER = "principal_social_worker"
    ASSISTANT_DIRECTOR = "assistant_director"
    HMI = "hmi"
    SENIOR_HMI = "senior_hmi"
    REGIONAL_DIRECTOR = "regional_director"


class Region(StrEnum):
    """Ofsted's eight regions."""

    NORTH_EAST_YORKSHIRE_AND_THE_HUMBER = "north_east_yorkshire_and_the_humber"
    NORTH_WEST = "north_west"
    EAST_MIDLANDS = "east_midlands"
    WEST_MIDLANDS = "west_midlands"
    EAST_OF_ENGLAND = "east_of_england"
    LONDON = "london"
    SOUTH_EAST = "south_east"
    SOUTH_WEST = "south_west"


REGION_NAMES: dict[Region, str] = {
    Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER: "North East, Yorkshire and the Humber",
    Region.NORTH_WEST: "North West",
    Region.EAST_MIDLANDS: "East Midlands",
    Region.WEST_MIDLANDS: "West Midlands",
    Region.EAST_OF_ENGLAND: "East of England",
    Region.LONDON: "London",
    Region.SOUTH_EAST: "South East",
    Region.SOUTH_WEST: "South West",
}


class LaType(StrEnum):
    COUNTY = "county"
    LONDON_BOROUGH = "london_borough"
    METROPOLITAN = "metropolitan"
    UNITARY = "unitary"
    OTHER = "other"


class AuthorityStatus(StrEnum):
    CURRENT = "current"
    ABOLISHED = "abolished"


class PriorityActionStatus(StrEnum):
    OPEN = "open"
    ACTION_PLAN_SUBMITTED = "action_plan_submitted"
    CLOSED = "closed"


class Role(StrEnum):
    ADMIN = "admin"
    INSPECTOR = "inspector"
    AUTHORITY = "authority"


class Action(StrEnum):
    """The lifecycle steps of an event (DOMAIN.md §6), each `POST /v1/events/{id}/{step}`."""

    NOTIFY = "notify"
    START = "start"
    COMPLETE = "complete"
    PUBLISH = "publish"
    CANCEL = "cancel"
    DEFER = "defer"
    PAUSE = "pause"
    RESUME = "resume"


class ChangeAction(StrEnum):
    """What an entry of the change log says happened. Lifecycle steps are logged under their
    own names (`Action`), so the log's vocabulary is both together."""

    CREATED = "created"
    UPDATED = "updated"
    PREDECESSOR_LINKED = "predecessor_linked"
    IMPORTED = "imported"
    CORRECTED = "corrected"
    # A source filled facts the record lacked (a report's fieldwork end, say).
    SUPPLEMENTED = "supplemented"
    PLANNED = "planned"
    JUDGEMENTS_RECORDED = "judgements_recorded"
    JUDGEMENTS_CORRECTED = "judgements_corrected"
    LETTER_WRITTEN = "letter_written"
    LETTER_CORRECTED = "letter_corrected"
    SELF_EVALUATION_SUBMITTED = "self_evaluation_submitted"
    ENGAGEMENT_MEETING_RECORDED = "engagement_meeting_recorded"
    ENGAGEMENT_MEETING_UPDATED = "engagement_meeting_updated"
    DRAFT_PLAN_SUBMITTED = "draft_plan_submitted"
    FINAL_PLAN_SUBMITTED = "final_plan_submitted"
    CLOSED = "closed"


class DueStatus(StrEnum):
    """Where something that falls due stands on a given day (the schedule's statuses)."""

    UPCOMING = "upcoming"  # before its date or window
    DUE = "due"  # on its date, or within its window
    OVERDUE = "overdue"  # after it, with nothing done that meets it
    MET = "met"  # done: a graded inspection met the window, a plan met its deadline


class ScheduleKind(StrEnum):
    """What falls due (the schedule's item kinds, DOMAIN.md §3-5)."""

    GRADED_INSPECTION_WINDOW = "graded_inspection_window"
    MONITORING_VISIT = "monitoring_visit"
    ACTION_PLAN = "action_plan"  # the written statement of action after an inadequate report
    JTAI_STATEMENT = "jtai_statement"
    REPORT_PUBLICATION = "report_publication"  # the authority publishes a graded report
    PRIORITY_ACTION_DRAFT_PLAN = "priority_action_draft_plan"
    PRIORITY_ACTION_FINAL_PLAN = "priority_action_final_plan"
    SELF_EVALUATION = "self_evaluation"
    ENGAGEMENT_MEETING = "engagement_meeting"
