"""Reference data: the 153 authorities, the councils they replaced, the framework versions.

Loading is idempotent: what is already stored as it should be is left alone, and every insert
or update is written to the change log.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlmodel import Session, SQLModel, select

from api import changes
from api.domain.frameworks import FRAMEWORKS
from api.domain.vocabulary import REGION_NAMES, AuthorityStatus, ChangeAction, LaType, Region
from api.importer.authorities import ALIASES, normalise_name
from api.tables import Authority, AuthoritySuccession, FrameworkJudgement, FrameworkVersion

DATA_DIR = Path(str(files("api") / "data"))
AUTHORITIES_CSV = DATA_DIR / "local_authorities.csv"
PREDECESSORS_CSV = DATA_DIR / "local_authorities_predecessors.csv"
# Data to Insight's authority lookup (MIT licence, see its LICENSE file beside it): Ofsted URNs,
# other names, and DfE's statistical neighbours.
D2I_LOOKUP_CSV = DATA_DIR / "authority_lookup_d2i.csv"
_CODE = re.compile(r"E[0-9]{8}")
REGION_BY_NAME = {name.casefold(): region for region, name in REGION_NAMES.items()}


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _columns(row: SQLModel) -> dict[str, Any]:
    return row.model_dump(mode="json")


def _upsert(
    session: Session,
    model: type[SQLModel],
    wanted: SQLModel,
    key: Any,
    summary: LoadSummary,
    resource_type: str,
    resource_id: str,
) -> None:
    existing = session.get(model, key)
    after = _columns(wanted)
    if existing is None:
        session.add(wanted)
        changes.record(
            session,
            actor=changes.SYSTEM_ACTOR,
            resource_type=resource_type,
            resource_id=resource_id,
            action=ChangeAction.CREATED,
            after=after,
        )
        summary.created += 1
        return
    before = _columns(existing)
    if before == after:
        summary.unchanged += 1
        return
    for field, value in wanted.model_dump().items():
        setattr(existing, field, value)
    changes.record(
        session,
        actor=changes.SYSTEM_ACTOR,
        resource_type=resource_type,
        resource_id=resource_id,
        action=ChangeAction.UPDATED,
        before=before,
        after=after,
    )
    summary.updated += 1


@dataclass(frozen=True)
class LookupEntry:
    """What Data to Insight's lookup adds to an authority."""

    urn: str | None
    aliases: tuple[str, ...]
    neighbours: tuple[str, ...]


def _also_known_as(value: str, names: list[str]) -> list[str]:
    """ "[BCP, Bournemouth, Christchurch & Poole]" -> its names; pieces the list's commas split
    out of a name that itself holds a comma are joined again when they make a known name."""
    pieces = [p.strip() for p in value.strip().strip("[]").split(",") if p.strip()]
    known = {normalise_name(n) for n in names}
    found: list[str] = []
    index = 0
    while index < len(pieces):
        if index + 1 < len(pieces):
            joined = f"{pieces[index]}, {pieces[index + 1]}"
            if normalise_name(joined) in known:
                found.append(joined)
                index += 2
                continue
        found.append(pieces[index])
        index += 1
    return found


def lookup_entries() -> tuple[dict[str, LookupEntry], dict[str, LookupEntry]]:
    """The lookup's entries by ONS code, and (for the abolished councils, which it lists
    without a code) by DfE number."""
    by_code: dict[str, LookupEntry] = {}
    by_dfe: dict[str, LookupEntry] = {}
    with D2I_LOOKUP_CSV.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            names = [row["local_authority_ons_name"], row["ofsted_ilacs_scrape_la_name"]]
            aliases = [n for n in names if n.strip() and not n.strip().isdigit()]
            aliases += _also_known_as(row["also_known_as"], aliases)
            entry = LookupEntry(
                urn=row["urn"].strip() or None,
                aliases=tuple(dict.fromkeys(a.strip() for a in aliases)),
                neighbours=tuple(_CODE.findall(row["stat_neighbours_la_code"])),
            )
            code = row["la_code_new"].strip()
            if code:
                by_code[code] = entry
            else:
                by_dfe[row["la_code"].strip()] = entry
    return by_code, by_dfe


def _aliases(name: str, ofsted_name: str, entry: LookupEntry | None) -> list[str] | None:
    """The names an authority is known by other than its own (case-insensitively distinct)."""
    candidates = [ofsted_name, *(entry.aliases if entry else ())]
    candidates += [alias for alias, ons_name in ALIASES.items() if ons_name == name]
    seen = {name.casefold()}
    found = []
    for candidate in candidates:
        if candidate and candidate.casefold() not in seen:
            seen.add(candidate.casefold())
            found.append(candidate)
    return found


def _authorities() -> tuple[list[Authority], list[AuthoritySuccession]]:
    with AUTHORITIES_CSV.open(newline="", encoding="utf-8") as f:
        current = list(csv.DictReader(f))
    with PREDECESSORS_CSV.open(newline="", encoding="utf-8") as f:
        abolished = list(csv.DictReader(f))
    region_of = {
        row["ons_code"]: REGION_BY_NAME[row["ofsted_region"].casefold()] for row in current
    }
    by_code, by_dfe = lookup_entries()
    authorities = []
    for row in current:
        entry = by_code.get(row["ons_code"])
        authorities.append(
            Authority(
                code=row["ons_code"],
                name=row["name"],
                ofsted_name=row["ofsted_name"] or row["name"],
                dfe_number=row["dfe_la_number"],
                la_type=LaType(row["la_type"]).value,
                region=region_of[row["ons_code"]].value,
                status=AuthorityStatus.CURRENT.value,
                ofsted_page_url=row["ofsted_la_page"] or None,
                urn=entry.urn if entry else None,
                aliases=_aliases(row["name"], row["ofsted_name"] or row["name"], entry),
                statistical_neighbours=list(entry.neighbours) if entry else [],
            )
        )
    links: list[AuthoritySuccession] = []
    for row in abolished:
        successors = row["successor_codes"].split(";")
        # An abolished council's region is its successors' (they never straddle regions).
        region: Region = region_of[successors[0]]
        authorities.append(
            Authority(
                code=row["ons_code"],
                name=row["name"],
                ofsted_name=row["name"],
                dfe_number=row["dfe_la_number"],
                la_type=LaType(row["la_type"]).value,
                region=region.value,
                status=AuthorityStatus.ABOLISHED.value,
                # English local government reorganisations take effect on 1 April.
                abolished_on=date(int(row["abolished_year"]), 4, 1),
                urn=entry.urn if (entry := by_dfe.get(row["dfe_la_number"])) else None,
                aliases=_aliases(row["name"], row["name"], entry),
                statistical_neighbours=[],
            )
        )
        links.extend(
            AuthoritySuccession(predecessor_code=row["ons_code"], successor_code=code)
            for code in successors
        )
    return authorities, links


def load_reference_data(session: Session) -> LoadSummary:
    summary = LoadSummary()
    for framework in FRAMEWORKS:
        _upsert(
            session,
            FrameworkVersion,
            FrameworkVersion(
                id=framework.id,
                name=framework.name,
                starts_on=framework.starts_on,
                ends_on=framework.ends_on,
            ),
            framework.id,
            summary,
            "framework",
            framework.id,
        )
        areas = [(a, True) for a in framework.judgements]
        areas += [(a, False) for a in framework.optional_judgements]
        for position, (area, required) in enumerate(areas):
            _upsert(
                session,
                FrameworkJudgement,
                FrameworkJudgement(
                    framework_id=framework.id,
                    area=area.value,
                    position=position,
                    required=required,
                ),
                (framework.id, area.value),
                summary,
                "framework",
                framework.id,
            )
    session.flush()
    authorities, links = _authorities()
    for authority in authorities:
        _upsert(session, Authority, authority, authority.code, summary, "authority", authority.code)
    session.flush()
    stored = set(
        session.execute(
            select(AuthoritySuccession.predecessor_code, AuthoritySuccession.successor_code)
        )
    )
    for link in links:
        if (link.predecessor_code, link.successor_code) in stored:
            summary.unchanged += 1
            continue
        session.add(link)
        changes.record(
            session,
            actor=changes.SYSTEM_ACTOR,
            resource_type="authority",
            resource_id=link.successor_code,
            action=ChangeAction.PREDECESSOR_LINKED,
            after=_columns(link),
            authority_code=link.successor_code,
        )
        summary.created += 1
    session.flush()
    return summary
