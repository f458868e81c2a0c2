"""What an event's findings need: when judgements and letters may be recorded, how a letter is
dated, and what must exist before a report or letter is published."""

from __future__ import annotations

from datetime import date
from typing import Literal

from api.domain.errors import FieldError, InvalidInput, RuleViolated
from api.domain.frameworks import is_graded
from api.domain.jtai import check_theme
from api.domain.lifecycle import KIND_RULES
from api.domain.vocabulary import EventKind, EventStatus

Finding = Literal["judgements", "letter"]
# Findings follow the fieldwork; once published, changing them is a correction.
RECORDABLE = frozenset({EventStatus.FIELDWORK_COMPLETE, EventStatus.PUBLISHED})


def check_plannable(kind: EventKind, theme: str | None) -> None:
    """Inspectors plan every kind but those that arrive otherwise; themes go with visits."""
    if kind is EventKind.SELF_EVALUATION:
        raise InvalidInput(
            "an authority submits its own self-evaluation",
            [FieldError("kind", "use POST /v1/authorities/{code}/self-evaluations")],
        )
    if kind is EventKind.SIF_INSPECTION:
        raise InvalidInput(
            "the single inspection framework ended in 2018",
            [FieldError("kind", "sif_inspection is imported history, never planned")],
        )
    check_theme(kind, theme)


def check_recordable(kind: EventKind, status: EventStatus, finding: Finding) -> None:
    """Judgements go on graded kinds and letters on the others, once fieldwork is complete."""
    rules = KIND_RULES[kind]
    if finding == "letter" and not rules.letter:
        raise RuleViolated("letter-kinds-only", f"A {kind} has a report, not a letter.")
    if finding == "judgements" and not is_graded(kind):
        raise RuleViolated("judgements-graded-kinds-only", f"A {kind} is not graded.")
    if status not in RECORDABLE:
        raise RuleViolated(
            f"{finding}-after-fieldwork",
            f"The {finding} follow the fieldwork; this event is {status}.",
        )


def check_letter_date(sent_on: date, fieldwork_ended: date, today: date) -> None:
    if not fieldwork_ended <= sent_on <= today:
        raise InvalidInput(
            "the letter is dated between the end of fieldwork and today",
            [FieldError("sent_on", "must be between the end of fieldwork and today")],
        )


def check_ready_to_publish(kind: EventKind, has_judgements: bool, has_letter: bool) -> None:
    rules = KIND_RULES[kind]
    if is_graded(kind) and not has_judgements:
        raise RuleViolated(
            "publish-requires-judgements", "Record the judgements before publishing."
        )
    if rules.letter and not has_letter:
        raise RuleViolated("publish-requires-letter", "Write the letter before publishing.")
