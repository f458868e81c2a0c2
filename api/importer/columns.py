"""Header rows: finding them, and mapping Ofsted's column names (and synonyms) to fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from api.importer.values import Cell, text


class Field(StrEnum):
    CODE = "code"
    NAME = "name"
    STATUS = "status"
    REGION = "region"
    DATE = "date"
    PUBLISHED = "published"
    TYPE = "type"
    THEME = "theme"
    # Judgements, as the sheets name them (mapped to JudgementArea once the date is known).
    OVERALL = "overall"
    LEADERS = "leaders"
    HELP = "help"
    CHILDREN_IN_CARE = "children_in_care"
    CARE_LEAVERS = "care_leavers"
    CHILDREN_IN_CARE_AND_CARE_LEAVERS = "children_in_care_and_care_leavers"


JUDGEMENT_FIELDS = (
    Field.OVERALL,
    Field.LEADERS,
    Field.HELP,
    Field.CHILDREN_IN_CARE,
    Field.CARE_LEAVERS,
    Field.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
)

_SYNONYMS: dict[str, Field] = {
    "local authority area code": Field.CODE,
    "local authority code": Field.CODE,
    "la area code": Field.CODE,
    "la code": Field.CODE,
    "area code": Field.CODE,
    "ons code": Field.CODE,
    "local authority name": Field.NAME,
    "local authority": Field.NAME,
    "la name": Field.NAME,
    "local authority status": Field.STATUS,
    "la status": Field.STATUS,
    "region": Field.REGION,
    "ofsted region": Field.REGION,
    "la region": Field.REGION,
    "inspection date": Field.DATE,
    "inspection/visit date": Field.DATE,
    "visit date": Field.DATE,
    "inspection start date": Field.DATE,
    "publication date": Field.PUBLISHED,
    "report publication date": Field.PUBLISHED,
    "inspection type": Field.TYPE,
    "inspection/visit type": Field.TYPE,
    "visit type": Field.TYPE,
    "visit theme": Field.THEME,
    "theme": Field.THEME,
    "overall effectiveness": Field.OVERALL,
    "impact of leaders": Field.LEADERS,
    "impact of leaders on social work practice with children and families": Field.LEADERS,
    "children who need help and protection": Field.HELP,
    "children in care": Field.CHILDREN_IN_CARE,
    "care leavers": Field.CARE_LEAVERS,
    "children in care and care leavers": Field.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
}

_SPACES = re.compile(r"\s+")
# "First ILACS …", "Second ILACS framework …", "ILACS framework …" (wide history sheets).
_WIDE = re.compile(r"(?:(first|second|third|fourth|fifth|sixth)\s+)?ilacs(?:\s+framework)?\s+(.+)")


def header_key(cell: Cell | None) -> str:
    """Case-, space- and line-break-insensitive header text, without 'the'/'experiences and
    progress of' lead-ins."""
    key = _SPACES.sub(" ", text(cell).casefold()).strip()
    key = key.removeprefix("the ")
    return key.removeprefix("experiences and progress of ")


def field_for(cell: Cell | None) -> Field | None:
    return _SYNONYMS.get(header_key(cell))


def is_header_row(row: list[Cell]) -> bool:
    return bool(row) and header_key(row[0]) == "web link"


@dataclass
class Header:
    """Column positions of one table: plain fields, and for wide tables one block of fields per
    "First/Second/… ILACS" inspection (ordinal '' for the single "ILACS framework" block)."""

    columns: dict[Field, int] = field(default_factory=dict)
    blocks: dict[str, dict[Field, int]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    @property
    def wide(self) -> bool:
        return bool(self.blocks)

    def name(self, index: int) -> str:
        return self.names.get(index, f"column {index + 1}")


def read_header(row: list[Cell]) -> Header:
    header = Header()
    for index, cell in enumerate(row):
        label = text(cell)
        if not label:
            continue
        header.names[index] = label
        wide = _WIDE.fullmatch(header_key(cell))
        if wide:
            block_field = _SYNONYMS.get(header_key(wide.group(2)))
            if block_field is not None:
                block = header.blocks.setdefault((wide.group(1) or "").capitalize(), {})
                block.setdefault(block_field, index)
            continue
        plain = field_for(cell)
        if plain is not None:
            header.columns.setdefault(plain, index)
    return header
