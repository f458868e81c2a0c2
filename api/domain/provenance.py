"""Where each fact of an event came from, and which source's word stands (the one place).

Every fact of an event (its kind, theme, each of its dates, each judgement, the report link,
the lead inspector) is held with its source. When another source speaks of the same fact,
`decide` says what happens:

- an admin's correction stands until an admin changes it, whatever is imported later;
- an official Ofsted release stands over anything read from a report (a newer release over
  an older one: it carries Ofsted's corrections);
- what is recorded through the API stands over a report;
- a report's printed text stands over the operator's manifest;
- an estimate (a SIF fieldwork start the releases do not give) gives way to any source;
- a source fills what the record lacks, and one that disagrees with a fact of higher
  precedence is a disagreement: reported, never applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType


class SourceKind(StrEnum):
    CORRECTION = "correction"  # an admin's correction of a published fact, through the API
    RELEASE = "release"  # an Ofsted official statistics release
    API = "api"  # recorded through the API: planning, the lifecycle, judgements, letters
    REPORT = "report"  # printed in an Ofsted report PDF
    MANIFEST = "manifest"  # the operator's manifest given with report PDFs
    ESTIMATE = "estimate"  # derived where no source gives it


# Higher stands over lower.
PRECEDENCE = MappingProxyType(
    {
        SourceKind.CORRECTION: 50,
        SourceKind.RELEASE: 40,
        SourceKind.API: 30,
        SourceKind.REPORT: 20,
        SourceKind.MANIFEST: 10,
        SourceKind.ESTIMATE: 0,
    }
)
# Kinds whose later word replaces their own earlier one (a release only by a release of the
# same or a later "as at" date).
_SUPERSEDES_ITSELF = frozenset({SourceKind.CORRECTION, SourceKind.API, SourceKind.RELEASE})


@dataclass(frozen=True)
class Source:
    """One source of facts: its kind, what it is (a file, a sheet and row, a role), and for a
    release its "as at" date."""

    kind: SourceKind
    reference: str
    as_at: date | None = None

    @property
    def rank(self) -> int:
        return PRECEDENCE[self.kind]


# What a fact recorded before sources were kept is taken to come from.
UNRECORDED = Source(SourceKind.API, "recorded before sources were kept")


class Verdict(StrEnum):
    APPLY = "apply"  # the incoming value replaces (or fills) the stored one
    CONFIRM = "confirm"  # same value, from a source that stands higher: the fact is its now
    KEEP = "keep"  # nothing to do
    DISAGREE = "disagree"  # another value, from a source that does not stand over the fact's


def stands_over(incoming: Source, current: Source) -> bool:
    """Whether `incoming`'s word replaces `current`'s on a fact both speak of."""
    if incoming.rank != current.rank:
        return incoming.rank > current.rank
    if incoming.kind not in _SUPERSEDES_ITSELF:
        return False
    if incoming.kind is SourceKind.RELEASE:
        return (incoming.as_at or date.min) >= (current.as_at or date.min)
    return True


def _newer_word(incoming: Source, current: Source) -> bool:
    """Whether a source that confirms a fact becomes its source: one that stands higher, or a
    later release (so the fact names the newest release that gives it)."""
    if incoming.rank != current.rank:
        return incoming.rank > current.rank
    return (
        incoming.kind is SourceKind.RELEASE
        and current.kind is SourceKind.RELEASE
        and (incoming.as_at or date.min) > (current.as_at or date.min)
    )


def decide(
    stored: object | None, stored_source: Source | None, incoming: object | None, source: Source
) -> Verdict:
    """What `source` saying `incoming` does to a fact that holds `stored` from `stored_source`.

    A source that says nothing of a fact (None) leaves it alone; an empty fact is filled.
    """
    if incoming is None:
        return Verdict.KEEP
    if stored is None:
        return Verdict.APPLY
    current = stored_source or UNRECORDED
    if stored == incoming:
        return Verdict.CONFIRM if _newer_word(source, current) else Verdict.KEEP
    return Verdict.APPLY if stands_over(source, current) else Verdict.DISAGREE


# The facts of an event that sources are kept for; judgements are "grades.<area>".
FACT_FIELDS = (
    "kind",
    "theme",
    "notified_on",
    "fieldwork_start",
    "fieldwork_end",
    "published_on",
    "report_url",
    "lead_inspector",
)
GRADE_PREFIX = "grades."


def grade_fact(area: str) -> str:
    return f"{GRADE_PREFIX}{area}"


def written_by(correcting: bool) -> SourceKind:
    """The kind of source an API write is: a correction of a published fact, or a record."""
    return SourceKind.CORRECTION if correcting else SourceKind.API
