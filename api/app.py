"""The FastAPI application: routers, error handling, the OpenAPI document."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute

from api.routers import (
    authorities,
    changes,
    event_steps,
    events,
    exports,
    frameworks,
    health,
    priority_actions,
    self_evaluations,
    statistics,
)
from api.settings import get_settings
from api.web.authentication import AuthenticationMiddleware
from api.web.cors import CorsMiddleware
from api.web.metrics import MetricsMiddleware
from api.web.middleware import BodyLimitMiddleware, CachingMiddleware, HeadMiddleware
from api.web.problems import Problem, install_problem_handlers
from api.web.query import refuse_unknown_parameters
from api.web.revalidation import RevalidationMiddleware

DESCRIPTION = """\
The open, machine-readable record of Ofsted's inspections of local authority children's
services (ILACS) in England: the 153 authorities, their inspections and visits, judgements,
priority actions, pathways and due windows.

Errors are RFC 9457 `application/problem+json`. Lists are cursor-paginated. Every GET answers
with an `ETag` and honours `If-None-Match`; every change to an existing resource needs
`If-Match`. Contains public sector information licensed under the Open Government Licence
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
        dependencies=[Depends(refuse_unknown_parameters)],
    )
    settings = get_settings()
    install_problem_handlers(app)
    # Added innermost first. From the outside in: metrics see every answer; CORS answers
    # preflights; HEAD is a GET without its body; every answer gets its caching headers (and
    # every GET an ETag); the caller is decided before any body is read; bodies are bounded;
    # public revalidations of pages just served are answered before the router.
    app.add_middleware(RevalidationMiddleware)
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(AuthenticationMiddleware)
    app.add_middleware(CachingMiddleware)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(CorsMiddleware, trusted_origins=settings.cors_origin_list)
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
        changes,
        exports,
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
                methods = {m.upper() for m in item}
                if "GET" in methods:
                    methods.add("HEAD")  # every GET answers HEAD too
                table.append((re.compile(pattern), sorted(methods)))
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
