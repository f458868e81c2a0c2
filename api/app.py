"""The FastAPI application: routers, error handling, the OpenAPI document."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline

from api.routers import (
    authorities,
    changes,
    engagement_meetings,
    event_steps,
    events,
    exports,
    frameworks,
    health,
    priority_actions,
    schedule,
    self_evaluations,
    statistics,
)
from api.settings import get_settings
from api.web import openapi
from api.web.authentication import AuthenticationMiddleware
from api.web.cors import CorsMiddleware
from api.web.metrics import MetricsMiddleware
from api.web.middleware import BodyLimitMiddleware, CachingMiddleware, HeadMiddleware
from api.web.problems import install_problem_handlers
from api.web.query import refuse_unknown_parameters
from api.web.revalidation import RevalidationMiddleware


def _operation_id(route: APIRoute) -> str:
    return route.name


def create_app() -> FastAPI:
    # /docs and /redoc load Swagger UI and ReDoc from the package, not from a CDN.
    app = FastAPIOffline(
        title="ILACS inspections API",
        version="1.0.0",
        generate_unique_id_function=_operation_id,
        dependencies=[Depends(refuse_unknown_parameters)],
    )
    settings = get_settings()
    install_problem_handlers(app)
    # Added innermost first. From the outside in: public pages just served are answered again
    # before anything else (with what the layers below would have added, and counted); metrics
    # see every other answer; CORS answers preflights; HEAD is a GET without its body; every
    # answer gets its caching headers (and every GET an ETag); the caller is decided before
    # any body is read; bodies are bounded.
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(AuthenticationMiddleware)
    app.add_middleware(CachingMiddleware)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(CorsMiddleware, trusted_origins=settings.cors_origin_list)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(RevalidationMiddleware)
    for module in (
        health,
        authorities,
        self_evaluations,
        engagement_meetings,
        events,
        event_steps,
        priority_actions,
        schedule,
        frameworks,
        statistics,
        changes,
        exports,
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
                methods = {m.upper() for m in item}
                if "GET" in methods:
                    methods.add("HEAD")  # every GET answers HEAD too
                table.append((re.compile(pattern), sorted(methods)))
        return sorted({m for pattern, methods in table if pattern.fullmatch(path) for m in methods})

    return allowed


app = create_app()
