"""Queries over authorities: one statement per concern, however many rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from api.tables import Authority, AuthoritySuccession


@dataclass(frozen=True)
class AuthorityFilters:
    region: str | None = None
    la_type: str | None = None
    status: str | None = None


@dataclass
class Succession:
    predecessors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    successors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def list_authorities(session: Session, filters: AuthorityFilters) -> Sequence[Authority]:
    """Every authority matching the filters, ordered by code."""
    query = select(Authority).order_by(Authority.code)
    if filters.region:
        query = query.where(Authority.region == filters.region)
    if filters.la_type:
        query = query.where(Authority.la_type == filters.la_type)
    if filters.status:
        query = query.where(Authority.status == filters.status)
    return session.execute(query).scalars().all()


def codes(session: Session) -> list[str]:
    """Every authority's code, in order."""
    return list(session.exec(select(col(Authority.code)).order_by(col(Authority.code))).all())


def authorities_by_code(session: Session, codes: Sequence[str]) -> Sequence[Authority]:
    if not codes:
        return []
    return session.exec(select(Authority).where(col(Authority.code).in_(list(codes)))).all()


def get_authority(session: Session, code: str) -> Authority | None:
    return session.get(Authority, code)


def succession(session: Session) -> Succession:
    """All reorganisation links (a handful of rows), both ways."""
    links = Succession()
    rows = session.execute(
        select(AuthoritySuccession.predecessor_code, AuthoritySuccession.successor_code).order_by(
            AuthoritySuccession.predecessor_code, AuthoritySuccession.successor_code
        )
    )
    for predecessor, successor in rows:
        links.predecessors[successor].append(predecessor)
        links.successors[predecessor].append(successor)
    return links
