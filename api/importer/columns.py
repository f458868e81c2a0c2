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
    # The SIF judgements (2013-2018), in the wide history sheets of the 2022 and 2023 releases.
    SIF_CHILDREN_LOOKED_AFTER = "sif_children_looked_after"
    SIF_ADOPTION = "sif_adoption"
    SIF_CARE_LEAVERS = "sif_care_leavers"
    SIF_LEADERSHIP = "sif_leadership"


SIF_JUDGEMENT_FIELDS = (
    Field.OVERALL,
    Field.HELP,
    Field.SIF_CHILDREN_LOOKED_AFTER,
    Field.SIF_ADOPTION,
    Field.SIF_CARE_LEAVERS,
    Field.SIF_LEADERSHIP,
)

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

# A SIF block's column, after its "First SIF" / "SIF Re-inspection" lead-in, as reduced by
# `_sif_key`.
_SIF_SYNONYMS: dict[str, Field] = {
    "publication date": Field.PUBLISHED,
    "report publication date": Field.PUBLISHED,
    "inspection date": Field.DATE,
    "overall judgement": Field.OVERALL,
    "overall effectiveness": Field.OVERALL,
    "children who need help and protection": Field.HELP,
    "children looked after and achieving permanence": Field.SIF_CHILDREN_LOOKED_AFTER,
    "adoption performance": Field.SIF_ADOPTION,
    "adoption": Field.SIF_ADOPTION,
    "care leavers": Field.SIF_CARE_LEAVERS,
    "leadership management and governance": Field.SIF_LEADERSHIP,
}

_SPACES = re.compile(r"\s+")
# "First SIF …", "SIF Re-inspection …", each possibly after the framework's name
# ("Single Inspection of LA Children's Services (SIF) First SIF publication date").
_SIF = re.compile(
    r"(?:single inspection of[^()]*\(sif\)\s*)?"
    r"(?:(first|second|third)\s+sif|sif\s+(re-?\s*inspection))\s+(.+)"
)
# "First ILACS …", "Second ILACS framework …", "ILACS framework …" (wide history sheets).
_WIDE = re.compile(r"(?:(first|second|third|fourth|fifth|sixth)\s+)?ilacs(?:\s+framework)?\s+(.+)")


def header_key(cell: Cell | None) -> str:
    """Case-, space- and line-break-insensitive header text, without 'the'/'experiences and
    progress of' lead-ins."""
    key = _SPACES.sub(" ", text(cell).casefold()).strip()
    key = key.removeprefix("the ")
    return key.removeprefix("experiences and progress of ")


def _sif_key(rest: str) -> str:
    rest = re.sub(r"\([^)]*\)", " ", rest)
    rest = re.sub(r"^\s*cla\s+sub\s*:?\s*", "", rest)
    rest = re.sub(r"^(the\s+)?experiences and progress of\s+", "", rest.strip())
    return _SPACES.sub(" ", re.sub(r"[^a-z ]+", " ", rest)).strip()


def sif_block_of(cell: Cell | None) -> tuple[str, Field] | None:
    """("First SIF" | "SIF re-inspection" ..., field) for a SIF history column, else None."""
    found = _SIF.fullmatch(header_key(cell))
    if not found:
        return None
    label = f"{found.group(1).capitalize()} SIF" if found.group(1) else "SIF re-inspection"
    column = _SIF_SYNONYMS.get(_sif_key(found.group(3)))
    return (label, column) if column is not None else None


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
    # One block per SIF inspection ("First SIF", "SIF re-inspection"): 2022 and 2023 releases.
    sif_blocks: dict[str, dict[Field, int]] = field(default_factory=dict)

    @property
    def wide(self) -> bool:
        return bool(self.blocks or self.sif_blocks)

    def name(self, index: int) -> str:
        return self.names.get(index, f"column {index + 1}")


def read_header(row: list[Cell]) -> Header:
    header = Header()
    for index, cell in enumerate(row):
        label = text(cell)
        if not label:
            continue
        header.names[index] = label
        sif = sif_block_of(cell)
        if sif is not None:
            header.sif_blocks.setdefault(sif[0], {}).setdefault(sif[1], index)
            continue
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
