"""Parsing single cell values: dates, judgements, event types, visit themes, release dates."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta

from api.domain.vocabulary import EventKind, Grade, Theme

# What calamine hands back for a cell (CSV cells are always str).
Cell = int | float | str | bool | date | datetime | time | timedelta

# Cell texts meaning "nothing here" (no inspection yet / no judgement), not errors.
NULL_TEXTS = frozenset(
    {"", "-", "\u2013", "\u2014", "n/a", "na", "not yet inspected", "no full inspection"}
)
NO_INSPECTION_TEXTS = frozenset({"not yet inspected", "no full inspection"})

_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")
_SPACES = re.compile(r"\s+")


class CellError(ValueError):
    """A cell value that does not fit its column; the message quotes the value."""


def text(cell: Cell | None) -> str:
    """The cell as stripped display text (dates as ISO)."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return _SPACES.sub(" ", str(cell)).strip()


def _key(cell: Cell | None) -> str:
    return text(cell).casefold()


def is_null(cell: Cell | None) -> bool:
    return _key(cell) in NULL_TEXTS


def means_not_inspected(cell: Cell | None) -> bool:
    return _key(cell) in NO_INSPECTION_TEXTS


def parse_date(cell: Cell | None) -> date | None:
    """A date cell (calamine) or day-first text (CSV); None for the null texts."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if is_null(cell):
        return None
    if not isinstance(cell, str):
        raise CellError(f"not a date: {text(cell)!r}")
    value = text(cell)
    value = re.sub(r"[T ]00:00(:00)?(\.0+)?$", "", value)
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if 1990 <= parsed.year <= 2100:
            return parsed
    raise CellError(f"not a date (expected dd/mm/yyyy): {value!r}")


_GRADES = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
}


def parse_grade(cell: Cell | None) -> Grade | None:
    if is_null(cell):
        return None
    found = _GRADES.get(_key(cell))
    if found is None:
        raise CellError(f"not a judgement: {text(cell)!r}")
    return found


_KINDS = {
    "ilacs standard inspection": EventKind.STANDARD_INSPECTION,
    "standard inspection": EventKind.STANDARD_INSPECTION,
    "ilacs short inspection": EventKind.SHORT_INSPECTION,
    "short inspection": EventKind.SHORT_INSPECTION,
    "ilacs focused visit": EventKind.FOCUSED_VISIT,
    "focused visit": EventKind.FOCUSED_VISIT,
    "la monitoring visit": EventKind.MONITORING_VISIT,
    "ilacs monitoring visit": EventKind.MONITORING_VISIT,
    "monitoring visit": EventKind.MONITORING_VISIT,
}


def parse_kind(cell: Cell | None) -> EventKind | None:
    if is_null(cell):
        return None
    found = _KINDS.get(_key(cell))
    if found is None:
        raise CellError(f"not an ILACS inspection or visit type: {text(cell)!r}")
    return found


_THEMES = {
    "front door": Theme.FRONT_DOOR,
    "children in need or subject to a plan": Theme.CHILDREN_IN_NEED_OR_ON_A_PLAN,
    "children in need or on a plan": Theme.CHILDREN_IN_NEED_OR_ON_A_PLAN,
    "children in need and children subject to a plan": Theme.CHILDREN_IN_NEED_OR_ON_A_PLAN,
    "children in need": Theme.CHILDREN_IN_NEED_OR_ON_A_PLAN,
    "children in care": Theme.CHILDREN_IN_CARE,
    "children looked after": Theme.CHILDREN_IN_CARE,
    "achieving permanence": Theme.ACHIEVING_PERMANENCE,
    "permanence": Theme.ACHIEVING_PERMANENCE,
    "care leavers": Theme.CARE_LEAVERS,
    "vulnerable adolescents": Theme.VULNERABLE_ADOLESCENTS,
    "extra familial harm": Theme.VULNERABLE_ADOLESCENTS,
    "placement decisions": Theme.PLACEMENT_DECISIONS,
    "assurance visit": Theme.ASSURANCE_VISIT,
}


def _theme_key(value: str) -> str:
    value = value.casefold().replace("/", " or ").replace("&", " and ")
    return _SPACES.sub(" ", re.sub(r"[^a-z ]+", " ", value)).strip()


def parse_theme(cell: Cell | None) -> Theme | None:
    if is_null(cell):
        return None
    value = text(cell)
    found = _THEMES.get(_theme_key(value))
    if found is None:
        try:
            found = Theme(value.casefold())
        except ValueError:
            raise CellError(f"not a visit theme: {value!r}") from None
    return found


_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): n for n, name in enumerate(calendar.month_abbr) if name})
_SEP = r"[\s_\-]+"
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?{_SEP}([a-z]+){_SEP}(\d{{4}})")
_MONTH_YEAR = re.compile(rf"(?<![a-z])([a-z]+){_SEP}(\d{{4}})(?!\d)")
_ENGLAND_YEAR = re.compile(rf"in{_SEP}england{_SEP}(\d{{4}})(?!\d)")
_FINANCIAL_YEAR = re.compile(r"(?<!\d)(\d{4})\s*(?:-|\u2013|_|to)\s*(\d{2}|\d{4})(?!\d)")


def release_from_text(value: str) -> date | None:
    """An "as at" date in a title or file name: "as at 31 March 2025", "March_2024", "in
    England 2023" (-> 31 March of that year)."""
    lowered = value.casefold()
    for match in _DAY_MONTH_YEAR.finditer(lowered):
        month = _MONTHS.get(match.group(2))
        if month is not None:
            try:
                return date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                continue
    for match in _MONTH_YEAR.finditer(lowered):
        month = _MONTHS.get(match.group(1))
        if month is not None:
            year = int(match.group(2))
            return date(year, month, calendar.monthrange(year, month)[1])
    england = _ENGLAND_YEAR.search(lowered)
    if england:
        return date(int(england.group(1)), 3, 31)
    return None


def release_from_year_span(value: str) -> date | None:
    """31 March closing an in-year span such as "2024-25" or "2023-2024"."""
    for match in _FINANCIAL_YEAR.finditer(value):
        start, end = int(match.group(1)), int(match.group(2))
        end_year = end if end >= 1000 else start // 100 * 100 + end
        if end_year == start + 1:
            return date(end_year, 3, 31)
    return None
