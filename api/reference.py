"""Reference data: the 153 authorities, the councils they replaced, the framework versions.

Loading is idempotent: what is already stored as it should be is left alone, and every insert
or update is written to the change log.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlmodel import Session, SQLModel, select

from api import changes
from api.domain.frameworks import FRAMEWORKS
from api.domain.vocabulary import REGION_NAMES, AuthorityStatus, ChangeAction, LaType, Region
from api.tables import Authority, AuthoritySuccession, FrameworkJudgement, FrameworkVersion

DATA_DIR = Path(str(files("api") / "data"))
AUTHORITIES_CSV = DATA_DIR / "local_authorities.csv"
PREDECESSORS_CSV = DATA_DIR / "local_authorities_predecessors.csv"
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


def _authorities() -> tuple[list[Authority], list[AuthoritySuccession]]:
    with AUTHORITIES_CSV.open(newline="", encoding="utf-8") as f:
        current = list(csv.DictReader(f))
    with PREDECESSORS_CSV.open(newline="", encoding="utf-8") as f:
        abolished = list(csv.DictReader(f))
    region_of = {
        row["ons_code"]: REGION_BY_NAME[row["ofsted_region"].casefold()] for row in current
    }
    authorities = [
        Authority(
            code=row["ons_code"],
            name=row["name"],
            ofsted_name=row["ofsted_name"] or row["name"],
            dfe_number=row["dfe_la_number"],
            la_type=LaType(row["la_type"]).value,
            region=region_of[row["ons_code"]].value,
            status=AuthorityStatus.CURRENT.value,
            ofsted_page_url=row["ofsted_la_page"] or None,
        )
        for row in current
    ]
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
