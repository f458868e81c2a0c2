"""The SQL schema, as SQLModel table models.

Table models never cross the HTTP boundary (SQLModel skips validation on them): routers answer
with the models of `api.schemas`. Grades, statuses and kinds are strings guarded by CHECK
constraints, never database enums, so a later framework version adds a value with a plain
migration. Every timestamp is timezone-aware.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from api.domain.provenance import SourceKind
from api.domain.vocabulary import (
    AuthorityStatus,
    EventKind,
    EventStatus,
    Grade,
    JudgementArea,
    LaType,
    PriorityActionStatus,
    Region,
    Role,
    Theme,
)

# Stable constraint names, so that Alembic (batch mode on SQLite included) can find them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def one_of(column: str, values: type[StrEnum], *, nullable: bool = False) -> CheckConstraint:
    """A CHECK constraint that keeps `column` within an enumeration's values."""
    allowed = ", ".join(f"'{v.value}'" for v in values)
    condition = f"{column} IN ({allowed})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=column)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp on every database: SQLite keeps no offset, so it is stored
    in UTC and read back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def timestamp(**kwargs: Any) -> Any:
    return Field(sa_column=Column(UtcDateTime(), nullable=False, **kwargs))


class Authority(SQLModel, table=True):
    """An upper-tier local authority, current or abolished by a reorganisation."""

    __tablename__ = "authority"
    __table_args__ = (
        one_of("la_type", LaType),
        one_of("region", Region),
        one_of("status", AuthorityStatus),
    )

    code: str = Field(primary_key=True, max_length=9)
    name: str = Field(max_length=100)
    ofsted_name: str = Field(max_length=100)
    dfe_number: str = Field(max_length=3)
    la_type: str = Field(max_length=20, index=True)
    region: str = Field(max_length=40, index=True)
    status: str = Field(max_length=10, index=True)
    abolished_on: date | None = None
    ofsted_page_url: str | None = Field(default=None, max_length=200)
    # Ofsted's unique reference number for the authority (its provider page), and the other
    # names it is known by; from Data to Insight's lookup.
    urn: str | None = Field(default=None, max_length=8)
    aliases: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # DfE's ten statistical neighbours (ONS codes, closest first).
    statistical_neighbours: list[str] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )


class AuthoritySuccession(SQLModel, table=True):
    """A reorganisation: the predecessor's area passed (wholly or in part) to the successor."""

    __tablename__ = "authority_succession"

    predecessor_code: str = Field(foreign_key="authority.code", primary_key=True, max_length=9)
    successor_code: str = Field(foreign_key="authority.code", primary_key=True, max_length=9)


class FrameworkVersion(SQLModel, table=True):
    """A version of the inspection framework: reference data, loaded from the domain."""

    __tablename__ = "framework"

    id: str = Field(primary_key=True, max_length=20)
    name: str = Field(max_length=100)
    starts_on: date
    ends_on: date | None = None


class FrameworkJudgement(SQLModel, table=True):
    """One judgement a framework version carries."""

    __tablename__ = "framework_judgement"
    __table_args__ = (one_of("area", JudgementArea),)

    framework_id: str = Field(foreign_key="framework.id", primary_key=True, max_length=20)
    area: str = Field(primary_key=True, max_length=40)
    position: int
    required: bool = True


class Event(SQLModel, table=True):
    """One inspection activity of one authority: an inspection, a visit, a meeting."""

    __tablename__ = "event"
    __table_args__ = (
        one_of("kind", EventKind),
        one_of("status", EventStatus),
        one_of("theme", Theme, nullable=True),
        CheckConstraint(
            "fieldwork_end IS NULL OR fieldwork_start <= fieldwork_end",
            name="fieldwork_ordered",
        ),
        CheckConstraint("source IN ('import', 'api')", name="source"),
        Index("ix_event_authority_start", "authority_code", "fieldwork_start"),
        Index("ix_event_start_id", "fieldwork_start", "id"),
    )

    id: str = Field(primary_key=True, max_length=32)
    authority_code: str = Field(foreign_key="authority.code", max_length=9)
    kind: str = Field(max_length=30)
    status: str = Field(max_length=20, index=True)
    framework_id: str | None = Field(default=None, foreign_key="framework.id", max_length=20)
    # A visit's theme, one of Ofsted's (checked); a JTAI's theme is an open word of its own.
    theme: str | None = Field(default=None, max_length=40)
    jtai_theme: str | None = Field(default=None, max_length=60)
    # A JTAI's inspectorates (ofsted, cqc, ...), and whether its letter requires the principal
    # authority's written statement (null: not yet known, or not a JTAI).
    inspectorates: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    written_statement_required: bool | None = None
    notified_on: date | None = None
    fieldwork_start: date  # planned, then actual
    fieldwork_end: date | None = None
    published_on: date | None = Field(default=None, index=True)
    report_url: str | None = Field(default=None, max_length=500)
    lead_inspector: str | None = Field(default=None, max_length=200)
    status_reason: str | None = Field(default=None, max_length=1000)
    notes: str | None = Field(default=None, sa_type=Text)
    source: str = Field(default="api", max_length=10)
    # For imported events, the "as at" date of the Ofsted release the values came from: an
    # older release never overwrites a newer one.
    source_release: date | None = None
    version: int = Field(default=1)
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()


class EventFact(SQLModel, table=True):
    """Where one fact of an event came from (api.domain.provenance): its field ("published_on",
    "grades.care_leavers"...) and the source whose word it holds."""

    __tablename__ = "event_fact"
    __table_args__ = (one_of("source_kind", SourceKind),)

    event_id: str = Field(
        sa_column=Column(String(32), ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    )
    field: str = Field(primary_key=True, max_length=60)
    source_kind: str = Field(max_length=20)
    source_reference: str = Field(max_length=300)
    # A release's "as at" date: a newer release stands over an older one.
    source_as_at: date | None = None
    recorded_at: datetime = timestamp()


class ImportedFile(SQLModel, table=True):
    """A file imported once, known by its content: importing it again changes nothing."""

    __tablename__ = "imported_file"
    __table_args__ = (CheckConstraint("kind IN ('release', 'report')", name="kind"),)

    sha256: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=300)
    kind: str = Field(max_length=20)
    imported_at: datetime = timestamp()


class Judgement(SQLModel, table=True):
    """One grade of a graded inspection."""

    __tablename__ = "judgement"
    __table_args__ = (one_of("area", JudgementArea), one_of("grade", Grade))

    event_id: str = Field(
        sa_column=Column(String(32), ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    )
    area: str = Field(primary_key=True, max_length=40)
    grade: str = Field(max_length=30)


class Letter(SQLModel, table=True):
    """The published letter of a focused visit, monitoring visit or JTAI."""

    __tablename__ = "letter"

    event_id: str = Field(
        sa_column=Column(String(32), ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    )
    strengths: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    areas_for_improvement: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class PriorityAction(SQLModel, table=True):
    """An area for priority action, tracked until a later activity finds it addressed."""

    __tablename__ = "priority_action"
    __table_args__ = (
        one_of("status", PriorityActionStatus),
        UniqueConstraint("event_id", "position", name="uq_priority_action_event_position"),
    )

    id: str = Field(primary_key=True, max_length=32)
    event_id: str = Field(foreign_key="event.id", max_length=32, index=True)
    authority_code: str = Field(foreign_key="authority.code", max_length=9, index=True)
    position: int
    text: str = Field(sa_type=Text)
    raised_on: date
    status: str = Field(default=PriorityActionStatus.OPEN.value, max_length=30, index=True)
    draft_plan_due: date
    final_plan_due: date
    draft_plan_submitted_on: date | None = None
    final_plan_submitted_on: date | None = None
    closed_on: date | None = None
    closed_by_event_id: str | None = Field(default=None, foreign_key="event.id", max_length=32)
    version: int = Field(default=1)


class SelfEvaluation(SQLModel, table=True):
    """An authority's yearly self-evaluation: its answers to Ofsted's three questions."""

    __tablename__ = "self_evaluation"

    event_id: str = Field(
        sa_column=Column(String(32), ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    )
    quality_and_impact: str = Field(sa_type=Text)
    how_we_know: str = Field(sa_type=Text)
    plans_next_12_months: str = Field(sa_type=Text)


class EngagementMeeting(SQLModel, table=True):
    """What was said at an annual engagement meeting: who attended (by role), the private
    summary letter to the Director of Children's Services, the next steps agreed, and the
    possible scope of a focused visit. Never public."""

    __tablename__ = "engagement_meeting"

    event_id: str = Field(
        sa_column=Column(String(32), ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    )
    # [{"role": "director_of_childrens_services", "name": "..."}, ...]
    attendees: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    summary_letter: str = Field(sa_type=Text)
    next_steps: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    focused_visit_scope: str | None = Field(default=None, sa_type=Text)
    recorded_at: datetime = timestamp()


class ApiKey(SQLModel, table=True):
    """A bearer token's stored form: only its hash, never the token."""

    __tablename__ = "api_key"
    __table_args__ = (one_of("role", Role), one_of("region", Region, nullable=True))

    id: str = Field(primary_key=True, max_length=32)
    token_hash: str = Field(max_length=64, unique=True)
    role: str = Field(max_length=20)
    authority_code: str | None = Field(default=None, foreign_key="authority.code", max_length=9)
    region: str | None = Field(default=None, max_length=40)
    label: str | None = Field(default=None, max_length=200)
    created_at: datetime = timestamp()
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(UtcDateTime(), nullable=True)
    )


class Change(SQLModel, table=True):
    """The append-only change log: one row per change, written in the change's transaction.

    Its highest `seq` is the data version that list responses and their ETags are built on.
    """

    __tablename__ = "change"

    seq: int | None = Field(
        default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True)
    )
    at: datetime = timestamp()
    # The London day of the change by the service's clock (the one embargoes are judged by):
    # the change feed orders by the day a change became visible.
    day: date
    actor: str = Field(max_length=64)
    resource_type: str = Field(max_length=30)
    resource_id: str = Field(max_length=40)
    action: str = Field(max_length=30)
    authority_code: str | None = Field(default=None, max_length=9, index=True)
    event_id: str | None = Field(default=None, max_length=32, index=True)
    version: int | None = None
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reason: str | None = Field(default=None, sa_type=Text)


class IdempotencyRecord(SQLModel, table=True):
    """The first answer to a POST sent with an `Idempotency-Key`, replayed for a retry."""

    __tablename__ = "idempotency_record"

    actor: str = Field(primary_key=True, max_length=64)
    key: str = Field(primary_key=True, max_length=200)
    request_hash: str = Field(max_length=64)
    status_code: int
    body: str = Field(sa_type=Text)
    headers: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = timestamp()
