"""A synthetic history N times today's, written straight into the bench's SQLite database.

Today's Ofsted releases hold ~400 published events (ILACS 2018 onwards) for 161 authorities.
This adds, for every authority, `scale x today's events / authorities` more (~250 each at
100x): published graded inspections (standard and short, with every judgement their framework
requires) and focused and monitoring visits (with a theme), in today's proportions, fieldwork
spread from January 2018 to a few months ago (before an abolished council's end), published
4 to 10 weeks later; and, as the importer writes them, one `imported` row per event in the
change log. Grades and themes are drawn from today's own distribution. SQLAlchemy core, in bulk,
in one transaction; seeded, so two runs build the same history.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, create_engine, func, insert, select

from api.clock import LONDON
from api.domain.frameworks import framework_for
from api.domain.vocabulary import EventKind
from api.ids import new_id
from api.tables import Authority, Change, Event, Judgement

FIRST_DAY = date(2018, 1, 8)
CHUNK = 5000


@dataclass
class Generated:
    events: int
    judgements: int
    changes: int
    seconds: float


def _weighted(counter: Counter[Any]) -> tuple[list[Any], list[int]]:
    items = sorted(counter.items(), key=lambda kv: str(kv[0]))
    return [k for k, _ in items], [v for _, v in items]


def generate(database_url: str, scale: int, *, seed: int = 20260401) -> Generated:
    """Add (scale - 1) times today's history, so the database holds `scale` times it."""
    began = time.monotonic()
    engine: Engine = create_engine(database_url)
    rng = random.Random(seed)
    events_t, judgements_t, changes_t = (
        Event.__table__,  # type: ignore[attr-defined]
        Judgement.__table__,  # type: ignore[attr-defined]
        Change.__table__,  # type: ignore[attr-defined]
    )
    with engine.begin() as conn:
        authorities = conn.execute(select(Authority.code, Authority.abolished_on)).all()
        real = conn.execute(select(Event.kind, Event.theme)).all()
        grades = Counter(g for (g,) in conn.execute(select(Judgement.grade)))
        today = conn.execute(select(func.date("now"))).scalar_one()
    last_day = date.fromisoformat(today) - timedelta(days=75)
    kinds_themes, kt_weights = _weighted(Counter((k, t) for k, t in real))
    grade_values, grade_weights = _weighted(grades)
    per_authority = max(1, round((scale - 1) * len(real) / len(authorities)))
    now = datetime.now(UTC)
    events: list[dict[str, Any]] = []
    judgements: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for code, abolished_on in authorities:
        end = min(last_day, abolished_on - timedelta(days=75)) if abolished_on else last_day
        span = (end - FIRST_DAY).days
        if span <= 0:
            continue
        for kind_value, theme in rng.choices(kinds_themes, kt_weights, k=per_authority):
            start = FIRST_DAY + timedelta(days=rng.randrange(span))
            start -= timedelta(days=start.weekday())  # fieldwork starts on a Monday
            published = start + timedelta(days=rng.randint(28, 70))
            kind = EventKind(kind_value)
            framework = framework_for(kind, start)
            event_id = new_id("evt")
            event_grades: dict[str, str] = {}
            if kind in framework.graded_kinds:
                event_grades = {
                    area.value: rng.choices(grade_values, grade_weights)[0]
                    for area in framework.judgements
                }
            events.append(
                {
                    "id": event_id,
                    "authority_code": code,
                    "kind": kind.value,
                    "status": "published",
                    "framework_id": framework.id,
                    "theme": theme,
                    "notified_on": None,
                    "fieldwork_start": start,
                    "fieldwork_end": None,
                    "published_on": published,
                    "report_url": None,
                    "status_reason": None,
                    "notes": None,
                    "source": "import",
                    "source_release": published,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            judgements.extend(
                {"event_id": event_id, "area": area, "grade": grade}
                for area, grade in event_grades.items()
            )
            changes.append(
                {
                    "at": now,
                    "day": now.astimezone(LONDON).date(),  # the change's London day
                    "actor": "import",
                    "resource_type": "event",
                    "resource_id": event_id,
                    "action": "imported",
                    "authority_code": code,
                    "event_id": event_id,
                    "version": 1,
                    "before": None,
                    "after": {
                        "kind": kind.value,
                        "framework": framework.id,
                        "theme": theme,
                        "fieldwork_start": start.isoformat(),
                        "published_on": published.isoformat(),
                        "grades": dict(sorted(event_grades.items())),
                    },
                    "reason": f"synthetic history x{scale} (bench)",
                }
            )
    with engine.begin() as conn:
        for table, rows in ((events_t, events), (judgements_t, judgements), (changes_t, changes)):
            for i in range(0, len(rows), CHUNK):
                conn.execute(insert(table), rows[i : i + CHUNK])
    engine.dispose()
    return Generated(len(events), len(judgements), len(changes), time.monotonic() - began)
