"""The FastAPI application: routers, middleware, error handling (the OpenAPI document is
completed in api.openapi)."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline

from api import openapi
from api.metrics import MetricsMiddleware
from api.problems import install_problem_handlers
from api.revalidation import RevalidationMiddleware
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


def _operation_id(route: APIRoute) -> str:
    return route.name


def create_app() -> FastAPI:
    # /docs and /redoc load Swagger UI and ReDoc from the package, not from a CDN.
    app = FastAPIOffline(
        title="ILACS inspections API",
        version="1.0.0",
        generate_unique_id_function=_operation_id,
    )
    install_problem_handlers(app)
    # Outermost last: metrics see every answer, the early 304s included.
    app.add_middleware(RevalidationMiddleware)
    # Browsers on other origins may read public data (and revalidate it); changes stay with
    # callers that are not browsers on other origins.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD"],
        allow_headers=["If-None-Match"],
        expose_headers=["ETag", "Link", "Location", "Retry-After"],
    )
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
    openapi.install(app)
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


app = create_app()
