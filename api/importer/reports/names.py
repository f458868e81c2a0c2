"""Authority names as printed on a report -> ONS codes.

Builds on the release importer's AuthorityIndex (the project's authorities CSVs), adding the
aliases of Data to Insight's authority lookup (`api/data/authority_lookup_d2i.csv`, copied from
Data to Insight's ofsted-ilacs-scrape-tool, MIT licence, Copyright (c) 2023 data-to-insight),
the forms reports print ("City of York Council", "Council of the Isles of Scilly"), joint
reports naming two councils, and the councils abolished by reorganisations.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path

from api.importer.authorities import AuthorityIndex, normalise_name

DATA_DIR = Path(str(files("api") / "data"))
AUTHORITIES_CSV = DATA_DIR / "local_authorities.csv"
PREDECESSORS_CSV = DATA_DIR / "local_authorities_predecessors.csv"
D2I_LOOKUP_CSV = DATA_DIR / "authority_lookup_d2i.csv"

# Ways of writing a council's name that normalise_name keeps but ONS names lack; tried only
# after the name as printed (so "City of London" stays the City of London).
_EXTRA_PREFIXES = re.compile(
    r"^(?:the\s+)?(?:council\s+of\s+the\s+|city\s+of\s+|county\s+of\s+|metropolitan\s+borough\s+of\s+"
    r"|borough\s+of\s+|london\s+borough\s+of\s+|royal\s+borough\s+of\s+)",
    re.IGNORECASE,
)
_EXTRA_SUFFIXES = re.compile(
    r"(?:\s+(?:city|county|borough|district|metropolitan|unitary))*"
    r"(?:\s+(?:council|authority|children's\s+services))?$",
    re.IGNORECASE,
)
# Short forms reports print -> the name in local_authorities.csv.
REPORT_ALIASES: dict[str, str] = {
    "Newcastle": "Newcastle upon Tyne",
    "East Riding": "East Riding of Yorkshire",
}
_JOINT_SEPARATORS = re.compile(r"\s*(?:,\s*and|,|\band\b|&)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class _Abolished:
    code: str
    key: str  # normalised name
    dfe_number: str
    abolished_on: date
    successors: tuple[str, ...]


class ReportAuthorities:
    """Resolves the name printed on a report, for an inspection starting on a given day."""

    def __init__(
        self,
        index: AuthorityIndex,
        aliases: dict[str, str],
        dfe_numbers: dict[str, str],
        abolished: list[_Abolished],
    ) -> None:
        self._index = index
        self._aliases = aliases
        self._dfe = dfe_numbers
        self._abolished = abolished

    @classmethod
    def load(
        cls,
        authorities_csv: Path = AUTHORITIES_CSV,
        predecessors_csv: Path = PREDECESSORS_CSV,
        d2i_csv: Path | None = D2I_LOOKUP_CSV,
    ) -> ReportAuthorities:
        index = AuthorityIndex.from_csv(authorities_csv, predecessors_csv)
        dfe: dict[str, str] = {}
        by_dfe: dict[str, str] = {}
        with authorities_csv.open(newline="", encoding="utf-8-sig") as handle:
            for record in csv.DictReader(handle):
                dfe[record["ons_code"]] = record["dfe_la_number"]
                by_dfe.setdefault(record["dfe_la_number"], record["ons_code"])
        abolished: list[_Abolished] = []
        with predecessors_csv.open(newline="", encoding="utf-8-sig") as handle:
            for record in csv.DictReader(handle):
                dfe[record["ons_code"]] = record["dfe_la_number"]
                abolished.append(
                    _Abolished(
                        code=record["ons_code"],
                        key=normalise_name(record["name"]),
                        dfe_number=record["dfe_la_number"],
                        # English reorganisations take effect on 1 April.
                        abolished_on=date(int(record["abolished_year"]), 4, 1),
                        successors=tuple(record["successor_codes"].split(";")),
                    )
                )
        aliases: dict[str, str] = {}
        if d2i_csv is not None and d2i_csv.exists():
            with d2i_csv.open(newline="", encoding="utf-8-sig") as handle:
                for record in csv.DictReader(handle):
                    code = record.get("la_code_new") or ""
                    if code not in dfe:
                        continue  # abolished councils: their rows carry no ONS code
                    names = [record.get("local_authority_ons_name") or ""]
                    names += (record.get("also_known_as") or "").strip("[]").split(",")
                    for name in names:
                        if name.strip():
                            aliases.setdefault(normalise_name(name), code)
        return cls(index, aliases, dfe, abolished)

    def _lookup(self, name: str) -> str | None:
        stripped = _EXTRA_SUFFIXES.sub("", _EXTRA_PREFIXES.sub("", name.strip()))
        candidates = [name, stripped]
        candidates += [REPORT_ALIASES[c] for c in (name, stripped) if c in REPORT_ALIASES]
        for candidate in candidates:
            code = self._index.resolve(None, candidate) or self._aliases.get(
                normalise_name(candidate)
            )
            if code is not None:
                return code
        return None

    def _as_on(self, code: str, name: str, on: date | None) -> str:
        """The code for an inspection on `on` of the council printed as `name`.

        A current council whose abolished predecessor bore the same name (Dorset County
        Council -> Dorset, North Yorkshire County Council -> North Yorkshire) stands for the
        predecessor before the reorganisation. Where only the name and ONS code changed (the
        DfE number stayed: Buckinghamshire, North Yorkshire, Somerset) Ofsted files the older
        inspection under the current code (DOMAIN.md section 7), so the current code stays.
        """
        if on is None:
            return code
        key = normalise_name(name)
        for old in self._abolished:
            if code in old.successors and old.key == key and on < old.abolished_on:
                return code if self._dfe.get(code) == old.dfe_number else old.code
        return code

    def resolve(self, name: str, on: date | None = None) -> tuple[str, ...]:
        """The ONS codes of the council(s) `name` names, in printed order; () when unknown.

        One code for one council; two or more for a joint report ("North Northamptonshire and
        West Northamptonshire"), where no single council bears the whole name.
        """
        name = re.sub(r"\s+", " ", name).strip(" ,.;:")
        code = self._lookup(name)
        if code is not None:
            return (self._as_on(code, name, on),)
        parts = [p for p in _JOINT_SEPARATORS.split(name) if p.strip()]
        return self._joint(parts, on)

    def _joint(self, parts: list[str], on: date | None) -> tuple[str, ...]:
        """Splits words joined by 'and' into councils, each a run of parts ("Brighton and
        Hove" is one); () unless every part belongs to a council."""
        if not parts:
            return ()
        for end in range(len(parts), 0, -1):
            head = " and ".join(parts[:end])
            code = self._lookup(head)
            if code is None:
                continue
            if end == len(parts):
                return (self._as_on(code, head, on),)
            rest = self._joint(parts[end:], on)
            if rest:
                return (self._as_on(code, head, on), *rest)
        return ()
