"""The FastAPI application: routers, error handling, the OpenAPI document."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api.routers import (
    authorities,
    event_steps,
    events,
    frameworks,
    health,
    priority_actions,
    self_evaluations,
    statistics,
)
from api.web.metrics import MetricsMiddleware
from api.web.problems import Problem, install_problem_handlers
from api.web.revalidation import RevalidationMiddleware

DESCRIPTION = """\
The open, machine-readable record of Ofsted's inspections of local authority children's
services (ILACS) in England: the 153 authorities, their inspections and visits, judgements,
priority actions, pathways and due windows.

Errors are RFC 9457 `application/problem+json`. Lists are cursor-paginated. Every response
has an `ETag`. Contains public sector information licensed under the Open Government Licence
v3.0 (Ofsted's "Local authority inspection outcomes" official statistics).
"""


def _operation_id(route: APIRoute) -> str:
    return route.name


def create_app() -> FastAPI:
    app = FastAPI(
        title="ILACS inspections API",
        version="1.0.0",
        description=DESCRIPTION,
        generate_unique_id_function=_operation_id,
        license_info={"name": "MIT"},
    )
    install_problem_handlers(app)
    # Outermost last: metrics see every answer, the early 304s included.
    app.add_middleware(RevalidationMiddleware)
    app.add_middleware(MetricsMiddleware)
    for module in (
        health,
        authorities,
        self_evaluations,
        events,
        event_steps,
        priority_actions,
        frameworks,
        statistics,
    ):
        app.include_router(module.router)
    _document_problems(app)
    app.state.allowed_methods = _allowed_methods(app)
    return app


def _allowed_methods(app: FastAPI) -> Callable[[str], list[str]]:
    """The methods the OpenAPI document gives a concrete path, for 405's Allow header."""
    table: list[tuple[re.Pattern[str], list[str]]] = []

    def allowed(path: str) -> list[str]:
        if not table:
            for template, item in app.openapi()["paths"].items():
                pattern = re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template))
                table.append((re.compile(pattern), sorted(m.upper() for m in item)))
        return sorted({m for pattern, methods in table if pattern.fullmatch(path) for m in methods})

    return allowed


def _document_problems(app: FastAPI) -> None:
    """Put the Problem schema into the document, where every route's errors refer to it."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = FastAPI.openapi(app)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(
                Problem.model_json_schema(ref_template="#/components/schemas/{model}").pop(
                    "$defs", {}
                )
            )
            components["Problem"] = Problem.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
            components["Problem"].pop("$defs", None)
            _optional_authentication_for_reads(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _optional_authentication_for_reads(schema: dict[str, Any]) -> None:
    """Reads serve the public without a token and more with one: their security requirement
    lists the empty alternative too (OpenAPI's way to say 'optional')."""
    for item in schema.get("paths", {}).values():
        operation = item.get("get")
        if operation and operation.get("security"):
            operation["security"] = [{}, *operation["security"]]


app = create_app()
