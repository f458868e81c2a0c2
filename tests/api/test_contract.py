"""Contract tests: schemathesis generates requests, valid and invalid, for every operation and
checks each answer against the OpenAPI document (status declared, schema, content type, no 5xx),
as the public and as an admin, whose requests reach past authentication into every write.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi import FastAPI


@pytest.fixture
def contract_schema(app: FastAPI) -> object:
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("contract_schema")


@schema.parametrize()
def test_every_operation_keeps_the_contract_for_the_public(case: schemathesis.Case) -> None:
    case.call_and_validate()


@schema.parametrize()
def test_every_operation_keeps_the_contract_for_an_admin(
    case: schemathesis.Case, tokens: dict[str, dict[str, str]]
) -> None:
    case.call_and_validate(headers=tokens["admin"])
