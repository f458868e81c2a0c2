"""Resolve Ofsted's local authority names and codes to ONS codes."""

from __future__ import annotations

import csv
import re
from pathlib import Path

_CODE = re.compile(r"[EW]\d{8}")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Suffixes dropped from council names, longest first; never applied when nothing would remain.
_SUFFIXES = (
    " metropolitan borough council",
    " county borough council",
    " borough council",
    " county council",
    " city council",
    " district council",
    " council",
)
_PREFIXES = ("the ", "london borough of ", "royal borough of ")

# Ofsted's (and others') short forms, as written in the releases -> the ONS name in
# local_authorities.csv. Most are also reachable through the `ofsted_name` column.
ALIASES: dict[str, str] = {
    "Bristol": "Bristol, City of",
    "City of Bristol": "Bristol, City of",
    "Durham": "County Durham",
    "Herefordshire": "Herefordshire, County of",
    "County of Herefordshire": "Herefordshire, County of",
    "Kingston upon Hull": "Kingston upon Hull, City of",
    "Hull": "Kingston upon Hull, City of",
    "City of Kingston upon Hull": "Kingston upon Hull, City of",
    "St Helens": "St. Helens",
    "Telford & Wrekin": "Telford and Wrekin",
    "Bedford Borough": "Bedford",
    "Bournemouth, Christchurch & Poole": "Bournemouth, Christchurch and Poole",
    "BCP": "Bournemouth, Christchurch and Poole",
    "Hammersmith & Fulham": "Hammersmith and Fulham",
}


def normalise_name(name: str) -> str:
    """casefold, '&' -> 'and', punctuation dropped, 'council' suffixes and 'the' prefix dropped."""
    text = name.casefold().replace("&", " and ")
    text = _NON_ALNUM.sub(" ", text).strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text.strip()


def _name_variants(name: str) -> set[str]:
    """The name and, for ONS's inverted forms ("Bristol, City of"), the natural orders."""
    variants = {normalise_name(name)}
    match = re.fullmatch(r"(.+),\s*((?:city|county) of)", name.strip(), flags=re.IGNORECASE)
    if match:
        variants.add(normalise_name(match.group(1)))
        variants.add(normalise_name(f"{match.group(2)} {match.group(1)}"))
    return variants - {""}


class AuthorityIndex:
    """Ofsted name/code -> ONS code, for the 153 current LAs and the abolished councils."""

    def __init__(
        self,
        current_names: dict[str, str],
        abolished_names: dict[str, str],
        codes: dict[str, str],
    ) -> None:
        self._current = current_names
        self._abolished = abolished_names
        self._codes = codes

    @classmethod
    def from_csv(cls, authorities_csv: Path, predecessors_csv: Path) -> AuthorityIndex:
        current: dict[str, str] = {}
        abolished: dict[str, str] = {}
        codes: dict[str, str] = {}
        by_ons_name: dict[str, str] = {}
        with authorities_csv.open(newline="", encoding="utf-8-sig") as handle:
            for record in csv.DictReader(handle):
                code = record["ons_code"].strip().upper()
                codes[code] = code
                for alternative in _CODE.findall((record.get("alternative_codes") or "").upper()):
                    codes.setdefault(alternative, code)
                by_ons_name[record["name"].strip()] = code
                for column in ("name", "ofsted_name"):
                    for variant in _name_variants(record.get(column) or ""):
                        current.setdefault(variant, code)
        with predecessors_csv.open(newline="", encoding="utf-8-sig") as handle:
            for record in csv.DictReader(handle):
                code = record["ons_code"].strip().upper()
                codes.setdefault(code, code)
                for variant in _name_variants(record["name"]):
                    abolished.setdefault(variant, code)
        for alias, ons_name in ALIASES.items():
            if ons_name in by_ons_name:
                current.setdefault(normalise_name(alias), by_ons_name[ons_name])
        return cls(current, abolished, codes)

    @property
    def codes(self) -> frozenset[str]:
        """Every ONS code the index resolves to (current and abolished)."""
        return frozenset(self._codes.values())

    def resolve(self, code: str | None, name: str | None, *, abolished: bool = False) -> str | None:
        """The ONS code for an Ofsted code and/or name, or None.

        A known ONS code wins (alternative codes map to the main one). Otherwise the name is
        matched after normalisation. `abolished=True` (the sheet says "No longer exists", or the
        row is in the "existed before the restructure" table) matches only abolished councils,
        so "Dorset" there is Dorset County Council, not today's Dorset; without it current LAs
        come first and an abolished council is matched only when no current LA has that name.
        """
        if code:
            found = self._codes.get(code.strip().upper())
            if found is not None:
                return found
        if not name:
            return None
        key = normalise_name(name)
        if abolished:
            return self._abolished.get(key)
        return self._current.get(key) or self._abolished.get(key)
