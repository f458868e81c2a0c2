"""RFC 9457 problem details: the one shape of every error, and the handlers that make it.

Every error the service can answer with is a `Problem` with a stable `type` per kind of error.
Routes declare which ones they return with `problem_responses(...)`, so that the OpenAPI
document, schemathesis and generated clients agree with what is really sent.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.domain.errors import DomainError, Forbidden, InvalidInput, NotFound, StaleVersion

log = logging.getLogger(__name__)


class Replayed(Exception):
    """Raised to answer with a response stored earlier (an idempotent replay) instead of
    running the route again; the request's transaction rolls back, having changed nothing."""

    def __init__(self, response: Response) -> None:
        super().__init__("replayed")
        self.response = response


PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "/problems/"
# What a 503 asks the caller to wait before trying again.
RETRY_AFTER_SECONDS = 5


MAX_FIELD_PROBLEMS = 100
MAX_DETAIL = 5000


class FieldProblem(BaseModel):
    field: str = Field(
        max_length=500, description="Where the invalid value was: a parameter or a body path"
    )
    message: str = Field(max_length=1000)


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    type: str = Field(
        max_length=200,
        pattern=r"^/problems/[a-z0-9-]{1,100}$",
        description="Stable identifier of the kind of error, e.g. /problems/not-found",
    )
    title: str = Field(max_length=200)
    status: int = Field(ge=400, le=599)
    detail: str = Field(max_length=MAX_DETAIL)
    errors: list[FieldProblem] | None = Field(
        default=None,
        max_length=MAX_FIELD_PROBLEMS,
        description="For invalid input: each invalid field and what was wrong",
    )


class ApiProblem(Exception):
    """An error answer raised from a route or a service."""

    def __init__(
        self,
        status: int,
        slug: str,
        detail: str,
        *,
        title: str | None = None,
        errors: Sequence[FieldProblem] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.title = title or HTTPStatus(status).phrase
        self.detail = detail
        self.errors = list(errors)
        self.headers = dict(headers or {})


class UnknownParameters(ApiProblem):
    def __init__(self, unknown: Sequence[str], accepted: Sequence[str]) -> None:
        names = ", ".join(accepted) if accepted else "none"
        super().__init__(
            400,
            "unknown-parameter",
            f"Unknown query parameter {', '.join(unknown)}; this operation takes: {names}.",
            title="Unknown parameter",
            errors=[
                FieldProblem(field=name, message="not a parameter of this operation")
                for name in unknown
            ],
        )


class InvalidParameter(ApiProblem):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(
            422,
            "invalid-request",
            f"{field}: {message}",
            title="Invalid request",
            errors=[FieldProblem(field=field, message=message)],
        )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def problem_response(problem: ApiProblem) -> Response:
    # Bounded as the document says, however many or long the messages behind it were.
    errors = [
        FieldProblem.model_construct(field=_clip(e.field, 500), message=_clip(e.message, 1000))
        for e in problem.errors[:MAX_FIELD_PROBLEMS]
    ]
    body = Problem(
        type=PROBLEM_TYPE_BASE + problem.slug,
        title=_clip(problem.title, 200),
        status=problem.status,
        detail=_clip(problem.detail, MAX_DETAIL),
        errors=errors or None,
    )
    return Response(
        content=body.model_dump_json(exclude_none=True),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=problem.headers,
    )


def _field_of(loc: Sequence[int | str]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _validation_problem(exc: RequestValidationError) -> ApiProblem:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return ApiProblem(
            400, "malformed-body", "The request body is not valid JSON.", title="Malformed body"
        )
    fields = [
        FieldProblem(field=_field_of(e.get("loc", ())), message=str(e.get("msg", "invalid")))
        for e in errors
    ]
    detail = "; ".join(f"{f.field}: {f.message}" for f in fields)
    return ApiProblem(422, "invalid-request", detail, title="Invalid request", errors=fields)


# The status of each kind of refusal; any other (a refused step, a broken hard rule) is a
# conflict with the resource's state, 409.
_DOMAIN_STATUSES: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, 404),
    (Forbidden, 403),
    (StaleVersion, 412),
    (InvalidInput, 422),
)


def _domain_problem(exc: DomainError) -> ApiProblem:
    fields = [FieldProblem(field=e.field, message=e.message) for e in exc.errors]
    status = next((s for kind, s in _DOMAIN_STATUSES if isinstance(exc, kind)), 409)
    return ApiProblem(status, exc.code, exc.detail, title=exc.title, errors=fields)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Replayed)
    async def _replayed(_: Request, exc: Replayed) -> Response:
        return exc.response

    @app.exception_handler(ApiProblem)
    async def _api_problem(_: Request, exc: ApiProblem) -> Response:
        return problem_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> Response:
        return problem_response(_validation_problem(exc))

    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> Response:
        return problem_response(_domain_problem(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        slugs = {404: "not-found", 405: "method-not-allowed", 401: "unauthorized"}
        slug = slugs.get(exc.status_code, f"http-{exc.status_code}")
        detail = str(exc.detail) if exc.detail else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and detail == "Not Found":
            detail = "No resource exists at this address."
        headers = dict(exc.headers or {})
        allowed = getattr(request.app.state, "allowed_methods", None)
        if exc.status_code == 405 and allowed is not None:
            # Every method the path has, not only those of the first route that matched it.
            headers["Allow"] = ", ".join(allowed(request.url.path))
            detail = f"{request.method} is not one of them: {headers['Allow']}."
        return problem_response(ApiProblem(exc.status_code, slug, detail, headers=headers))

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> Response:
        log.info("integrity error: %s", exc.orig)
        return problem_response(
            ApiProblem(409, "conflict", "The change conflicts with data already stored.")
        )

    @app.exception_handler(OperationalError)
    async def _database_down(_: Request, exc: OperationalError) -> Response:
        log.error("database error: %s", exc.orig)
        return problem_response(
            ApiProblem(
                503,
                "database-unavailable",
                "The database cannot be reached right now.",
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> Response:
        log.exception("unexpected error", exc_info=exc)
        return problem_response(
            ApiProblem(500, "internal-error", "Something went wrong on our side; it is logged.")
        )


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problems a route can answer with."""
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


# What any operation can answer: an unknown query parameter (400), a bad token (401).
EVERY_PROBLEM = (400, 401)


def read_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a GET: 304 on a matching `If-None-Match`, plus its problems."""
    return {
        304: {"description": "Not modified: the If-None-Match ETag is current"},
        **problem_responses(*sorted({*EVERY_PROBLEM, *statuses})),
    }


# What every change can answer besides success: no token (401), not allowed (403), a hard
# rule or a reused Idempotency-Key (409), a body too large (413) or invalid (422).
WRITE_PROBLEMS = (*EVERY_PROBLEM, 403, 409, 413, 422)


def write_responses(
    *, existing: bool = True, under: bool = False
) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a change: of an `existing` resource (404 when the caller cannot see
    it, 428 without If-Match, 412 when stale), or a creation, `under` a resource that may not
    exist (404)."""
    statuses = {*WRITE_PROBLEMS}
    if existing:
        statuses |= {404, 412, 428}
    elif under:
        statuses.add(404)
    return problem_responses(*sorted(statuses))
