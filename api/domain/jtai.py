"""What a joint targeted area inspection carries beyond a visit: its own open set of themes,
the inspectorates taking part, and whether the principal authority owes a written statement
(DOMAIN.md §1 and §4: 70 working days after the letter)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from api.domain.annual import OPEN_WORD
from api.domain.deadlines import jtai_statement_due
from api.domain.errors import FieldError, InvalidInput
from api.domain.lifecycle import KIND_RULES
from api.domain.vocabulary import EventKind, EventStatus, Theme

THEME_MAX_LENGTH = 60
_VISIT_THEMES = frozenset(theme.value for theme in Theme)


def check_theme(kind: EventKind, theme: str | None) -> None:
    """Visits take one of Ofsted's visit themes; a JTAI any lower_snake theme (a new JTAI
    theme appears every year or two); other kinds none."""
    if theme is None:
        return
    if not KIND_RULES[kind].has_theme:
        raise InvalidInput(f"a {kind} has no theme", [FieldError("theme", "not for this kind")])
    if kind is EventKind.JTAI:
        if not (OPEN_WORD.fullmatch(theme) and len(theme) <= THEME_MAX_LENGTH):
            raise InvalidInput(
                "a JTAI's theme is a lower_snake word",
                [FieldError("theme", f"lower_snake, at most {THEME_MAX_LENGTH} characters")],
            )
        return
    if theme not in _VISIT_THEMES:
        raise InvalidInput(
            f"not a theme of a {kind}",
            [FieldError("theme", "one of " + ", ".join(sorted(_VISIT_THEMES)))],
        )


def check_jtai_facts(
    kind: EventKind, inspectorates: Sequence[str] | None, statement_required: bool | None
) -> None:
    """Inspectorates and the written statement belong to JTAIs only; each inspectorate once."""
    errors = []
    if kind is not EventKind.JTAI:
        if inspectorates is not None:
            errors.append(FieldError("inspectorates", "only a jtai has inspectorates"))
        if statement_required is not None:
            errors.append(
                FieldError("written_statement_required", "only a jtai requires a statement")
            )
    elif inspectorates is not None:
        if len(set(inspectorates)) != len(inspectorates):
            errors.append(FieldError("inspectorates", "names an inspectorate twice"))
        for index, name in enumerate(inspectorates):
            if not OPEN_WORD.fullmatch(name):
                errors.append(FieldError(f"inspectorates.{index}", "must be a lower_snake word"))
    if errors:
        raise InvalidInput("these facts do not fit the event", errors)


def written_statement_due(
    kind: EventKind, status: EventStatus, required: bool | None, published_on: date | None
) -> date | None:
    """The principal authority's statement deadline: once a JTAI that requires one is
    published, 70 working days after its letter (its publication)."""
    if kind is not EventKind.JTAI or not required:
        return None
    if status is not EventStatus.PUBLISHED or published_on is None:
        return None
    return jtai_statement_due(published_on)
