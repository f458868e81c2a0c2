"""The FastAPI application: routers, error handling, the OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api.metrics import MetricsMiddleware
from api.problems import Problem, install_problem_handlers
from api.routers import authorities, events, frameworks, health, statistics

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
    app.add_middleware(MetricsMiddleware)
    for module in (health, authorities, events, frameworks, statistics):
        app.include_router(module.router)
    _document_problems(app)
    return app


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
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


app = create_app()
