"""Who is calling, decided once per request, before anything else of it is read.

No `Authorization` header means the public. A header that is not a well-formed bearer token,
or a token that is unknown or revoked, is a 401 on every route, the platform's included: a
caller who meant to authenticate is never silently served the public view. A change asked for
without a token is a 401 before its body is read, so a stranger's large body costs nothing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPBearer
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import Headers
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from api.db import sessions_of_app
from api.domain.vocabulary import Role
from api.keys import TOKEN_PATTERN, find_active_key
from api.threads import read_in_thread
from api.visibility import PUBLIC, Caller
from api.web.problems import ApiProblem, problem_response

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Declares the scheme in the OpenAPI document; the header itself is read by the middleware.
_bearer = HTTPBearer(auto_error=False, description="A token made with `ilacs keys create`")


class Unauthorized(ApiProblem):
    def __init__(self, detail: str) -> None:
        super().__init__(
            401,
            "unauthorized",
            detail,
            title="Unauthorized",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


class AuthenticationRequired(ApiProblem):
    def __init__(self) -> None:
        super().__init__(
            401,
            "unauthorized",
            "Changes need a bearer token: send 'Authorization: Bearer <token>' (no "
            "Authorization header arrived with this request).",
            title="Unauthorized",
            headers={"WWW-Authenticate": "Bearer"},
        )


class Forbidden(ApiProblem):
    def __init__(self, detail: str) -> None:
        super().__init__(403, "forbidden", detail, title="Forbidden")


async def identify(scope: Scope, header: str | None) -> Caller:
    """The caller a request's Authorization header names; Unauthorized if it names no one."""
    if header is None:
        return PUBLIC
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.casefold() != "bearer":
        raise Unauthorized("The Authorization header must be 'Bearer <token>'.")
    if not token:
        raise Unauthorized(
            "The Authorization header arrived without a token: send 'Bearer <token>' "
            "(is the variable holding your token empty?)."
        )
    if not TOKEN_PATTERN.fullmatch(token):
        raise Unauthorized("That is not a token this service issued (they start 'ilacs_').")
    make_session = await sessions_of_app(scope["app"])

    def lookup() -> Caller | None:
        with make_session(False) as session:
            key = find_active_key(session, token)
            if key is None:
                return None
            return Caller(
                role=Role(key.role),
                authority_code=key.authority_code,
                region=key.region,
                key_id=key.id,
            )

    try:
        caller = await read_in_thread(lookup)
    except SQLAlchemyError:
        raise ApiProblem(
            503,
            "database-unavailable",
            "The database cannot be reached right now.",
            headers={"Retry-After": "5"},
        ) from None
    if caller is None:
        raise Unauthorized("This token is unknown or has been revoked.")
    return caller


def _is_a_change(scope: Scope) -> bool:
    """Whether the request names a route that changes something (not a 404 or a 405)."""
    if scope["method"] in SAFE_METHODS:
        return False
    return any(route.matches(scope)[0] is Match.FULL for route in scope["app"].router.routes)


class AuthenticationMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            caller = await identify(scope, Headers(scope=scope).get("authorization"))
            if caller is PUBLIC and _is_a_change(scope):
                raise AuthenticationRequired()
        except ApiProblem as problem:
            await problem_response(problem)(scope, receive, send)
            return
        scope.setdefault("state", {})["caller"] = caller
        await self.app(scope, receive, send)


async def current_caller(
    request: Request, _scheme: Annotated[object, Depends(_bearer)] = None
) -> Caller:
    caller: Caller = request.state.caller
    return caller


CallerDep = Annotated[Caller, Depends(current_caller)]


def require_caller(caller: CallerDep) -> Caller:
    """The caller of a change: someone with a token."""
    if caller.role is None:
        raise AuthenticationRequired()
    return caller


WriterDep = Annotated[Caller, Depends(require_caller)]


def require_operator(caller: CallerDep) -> Caller:
    """Operators' reads (metrics): admins only, since counters show activity as it happens."""
    if caller.role is None:
        raise AuthenticationRequired()
    if caller.role is not Role.ADMIN:
        raise Forbidden("Metrics are for operators: an admin token.")
    return caller


OperatorDep = Annotated[Caller, Depends(require_operator)]
