"""Judgement statistics over the published record, for any day and region."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from api.domain.statistics import judgement_counts
from api.domain.vocabulary import AuthorityStatus, Region
from api.repositories import authorities as authority_repo
from api.schemas import JudgementCount, JudgementStatistics
from api.services.standing import standings


def judgement_statistics(
    session: Session, *, as_of: date, fieldwork_to: date | None, region: Region | None
) -> JudgementStatistics:
    filters = authority_repo.AuthorityFilters(
        region=region.value if region else None, status=AuthorityStatus.CURRENT.value
    )
    in_scope = [a.code for a in authority_repo.list_authorities(session, filters)]
    where = standings(session, as_of, fieldwork_to)
    latest = [
        standing.own_latest
        for code in in_scope
        if (standing := where.get(code)) is not None and standing.own_latest is not None
    ]
    return JudgementStatistics(
        as_of=as_of,
        fieldwork_to=fieldwork_to,
        region=region,
        authorities=len(in_scope),
        inspected=len(latest),
        judgements=[
            JudgementCount(
                judgement=c.judgement,
                counts=c.counts,
                total=c.total,
                good_or_better_share=c.good_or_better_share,
            )
            for c in judgement_counts(latest)
        ],
    )
