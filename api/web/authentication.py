"""Who is calling: bearer tokens, created from the command line and stored only as hashes.

No `Authorization` header means the public. A header that is not a well-formed bearer token,
or a token that is unknown or revoked, is a 401: a caller who meant to authenticate is never
silently served the public view.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPBearer
from sqlmodel import Session, col, select

from api.db import SessionFactory, session_factory
from api.domain.vocabulary import AuthorityStatus, Region, Role
from api.ids import new_id
from api.tables import ApiKey, Authority, utcnow
from api.visibility import PUBLIC, Caller
from api.web.problems import ApiProblem
from api.web.threads import read_in_thread

TOKEN_PREFIX = "ilacs_"
_TOKEN = re.compile(r"ilacs_[A-Za-z0-9_-]{43}")
# Declares the scheme in the OpenAPI document; the header itself is read below.
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


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def create_key(
    session: Session,
    role: Role,
    *,
    authority_code: str | None = None,
    region: Region | None = None,
    label: str | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its token; the token is not stored and cannot be shown again."""
    if role is Role.AUTHORITY:
        if authority_code is None or region is not None:
            raise ValueError("an authority key is bound to one authority (--authority), no region")
        authority = session.get(Authority, authority_code)
        if authority is None or authority.status != AuthorityStatus.CURRENT.value:
            raise ValueError(f"no current authority {authority_code!r}")
    elif authority_code is not None:
        raise ValueError("only an authority key names an authority")
    if role is Role.ADMIN and region is not None:
        raise ValueError("an admin key sees every region")
    token = new_token()
    key = ApiKey(
        id=new_id("key"),
        token_hash=hash_token(token),
        role=role.value,
        authority_code=authority_code,
        region=region.value if region else None,
        label=label,
        created_at=utcnow(),
    )
    session.add(key)
    session.flush()
    return key, token


def revoke_key(session: Session, key_id: str) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise ValueError(f"no key {key_id!r}")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
    return key


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.exec(select(ApiKey).order_by(col(ApiKey.created_at))).all())


async def current_caller(
    request: Request,
    make_session: Annotated[SessionFactory, Depends(session_factory)],
    _scheme: Annotated[object, Depends(_bearer)] = None,
) -> Caller:
    # async, and no database for the public: most callers cost nothing to identify.
    header = request.headers.get("authorization")
    if header is None:
        return PUBLIC
    scheme, _, token = header.partition(" ")
    if scheme.casefold() != "bearer" or not _TOKEN.fullmatch(token.strip()):
        raise Unauthorized(
            "The Authorization header must be 'Bearer <token>' with a token of ours."
        )

    def lookup() -> ApiKey | None:
        with make_session(False) as session:
            found: ApiKey | None = session.exec(
                select(ApiKey).where(col(ApiKey.token_hash) == hash_token(token.strip()))
            ).first()
            return found

    key = await read_in_thread(lookup)
    if key is None or key.revoked_at is not None:
        raise Unauthorized("This token is unknown or has been revoked.")
    return Caller(
        role=Role(key.role),
        authority_code=key.authority_code,
        region=key.region,
        key_id=key.id,
    )


CallerDep = Annotated[Caller, Depends(current_caller)]


class AuthenticationRequired(ApiProblem):
    def __init__(self) -> None:
        super().__init__(
            401,
            "unauthorized",
            "Changes need a bearer token: Authorization: Bearer <token>.",
            title="Unauthorized",
            headers={"WWW-Authenticate": "Bearer"},
        )


def require_caller(caller: CallerDep) -> Caller:
    """The caller of a change: someone with a token (checked before the body is)."""
    if caller.role is None:
        raise AuthenticationRequired()
    return caller


WriterDep = Annotated[Caller, Depends(require_caller)]
