"""Contract tests: schemathesis generates requests, valid and invalid, for every operation and
checks each answer against the OpenAPI document (status declared, schema, content type,
headers, no 5xx, valid data accepted, invalid data refused), as the public and as an admin,
whose requests reach past authentication into every write. By-id operations get real ids
from the shipped data; the stateful test follows the document's links from one answer to the
next (plan an event, then read it, notify it with its ETag as If-Match, and so on).

Configuration (checks, expected statuses, examples) is in schemathesis.toml; the hooks below
give positive requests what OpenAPI cannot say: a cursor the API issued, and date ranges and
plans whose fields agree with one another.
"""

from __future__ import annotations

import re
from typing import Any

import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from sqlmodel import Session, col, select

from api.domain.lifecycle import KIND_RULES
from api.domain.vocabulary import EventKind, EventStatus, Theme
from api.tables import Event, PriorityAction
from api.web.paging import encode_cursor
from tests.conftest import OWN_AUTHORITY, TEST_TODAY

# A cursor each list could have issued (the sort key of a real row): a forged cursor is a 422
# by design, which a pattern cannot express.
CURSORS = {
    "authorities-list": encode_cursor(["E09000001"]),
    "priority-actions-list": encode_cursor(["pa_0"]),
    "events-list": encode_cursor(["2024-01-01", "evt_0"]),
    "authorities-events-list": encode_cursor(["2024-01-01", "evt_0"]),
    "authorities-self-evaluations-list": encode_cursor(["2024-01-01", "evt_0"]),
    "authorities-engagement-meetings-list": encode_cursor(["2024-01-01", "evt_0"]),
    "schedule-list": encode_cursor(["2024-01-01", "graded_inspection_window.E10000016.evt_0"]),
}
# The change feed resumes from `after`: a day and how many of that day's changes were read.
AFTERS = {"changes-list": encode_cursor(["2024-01-01", 0])}
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
RECENT = "2024-01-01"
CURRENT_AUTHORITY = "E10000016"  # Kent
RANGES = (
    ("fieldwork_from", "fieldwork_to"),
    ("fieldwork_start", "fieldwork_end"),
    ("from", "to"),
)
# The schedule's period is at most ten years long (a 422 beyond, by design).
LONGEST_PERIOD = ("from", "to", 10)


def _bounded(values: dict[str, Any]) -> None:
    first, last, years = LONGEST_PERIOD
    a, b = values.get(first), values.get(last)
    if not (isinstance(a, str) and isinstance(b, str) and DAY.fullmatch(a) and DAY.fullmatch(b)):
        return
    if int(b[:4]) - int(a[:4]) >= years:
        month_day = "02-28" if b[5:] == "02-29" else b[5:]
        values[last] = f"{int(a[:4]) + years - 1}-{month_day}"


def _positive(case: schemathesis.Case) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_positive


def _ordered(values: dict[str, Any]) -> None:
    for first, last in RANGES:
        a, b = values.get(first), values.get(last)
        if isinstance(a, str) and isinstance(b, str) and a > b:
            values[first], values[last] = b, a


def plausible(case: schemathesis.Case) -> None:
    """Positive requests keep the rules between fields, and between fields and the data, that
    the document states in words: a cursor the API issued, ranges in order, changes on days
    that have come and that a framework covers, a current authority, a theme only on visits
    (one of Ofsted's, but for a JTAI's open one), a JTAI's facts only on a JTAI."""
    if not _positive(case):
        return
    operation_id = case.operation.definition.raw.get("operationId")
    if isinstance(case.query, dict):
        if case.query.get("cursor") is not None and operation_id in CURSORS:
            case.query["cursor"] = CURSORS[operation_id]
        if case.query.get("after") is not None and operation_id in AFTERS:
            case.query["after"] = AFTERS[operation_id]
        _ordered(case.query)
        _bounded(case.query)
    if isinstance(case.body, dict):
        for name, value in case.body.items():
            if isinstance(value, str) and DAY.fullmatch(value):
                case.body[name] = min(max(value, RECENT), TEST_TODAY.isoformat())
        _ordered(case.body)
        if "authority_code" in case.body:
            case.body["authority_code"] = CURRENT_AUTHORITY
        kind = case.body.get("kind")
        if kind in {k.value for k in EventKind}:
            if not KIND_RULES[EventKind(kind)].has_theme:
                case.body.pop("theme", None)
            elif kind != EventKind.JTAI and case.body.get("theme") is not None:
                # A visit takes one of Ofsted's themes; only a JTAI's theme is open.
                case.body["theme"] = Theme.FRONT_DOOR.value
            if kind != EventKind.JTAI:
                case.body.pop("inspectorates", None)
                case.body.pop("written_statement_required", None)


def _real_ids(session: Session) -> dict[str, str]:
    """Ids of a published event and a published priority action of the shipped data."""
    event = session.exec(
        select(Event)
        .where(col(Event.status) == EventStatus.PUBLISHED.value)
        .where(col(Event.authority_code) == OWN_AUTHORITY)
        .order_by(col(Event.fieldwork_start).desc())
    ).first()
    action = session.exec(select(PriorityAction).order_by(col(PriorityAction.id))).first()
    assert event is not None
    ids = {"event_id": event.id}
    if action is not None:
        ids["action_id"] = action.id
    return ids


@pytest.fixture
def contract_schema(app: FastAPI, session: Session) -> Any:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.config.update(parameters=_real_ids(session))
    return schema


schema = schemathesis.pytest.from_fixture("contract_schema")


@schema.parametrize()
def test_every_operation_keeps_the_contract_for_the_public(case: schemathesis.Case) -> None:
    plausible(case)
    case.call_and_validate()


@schema.parametrize()
def test_every_operation_keeps_the_contract_for_an_admin(
    case: schemathesis.Case, tokens: dict[str, dict[str, str]]
) -> None:
    plausible(case)
    case.call_and_validate(headers=tokens["admin"])


@pytest.mark.parametrize("caller", ["public", "admin"])
def test_following_the_links_keeps_the_contract(
    app: FastAPI, session: Session, tokens: dict[str, dict[str, str]], caller: str
) -> None:
    loaded = schemathesis.openapi.from_asgi("/openapi.json", app)
    loaded.config.update(parameters=_real_ids(session))
    headers = tokens[caller]

    class Machine(loaded.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case: schemathesis.Case) -> None:
            plausible(case)

        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"headers": {**(case.headers or {}), **headers}}

    Machine.run(
        settings=hypothesis.settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=5,
            deadline=None,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )


STATEFUL_EXAMPLES = 10
