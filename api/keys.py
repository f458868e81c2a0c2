"""API keys: made and revoked by an operator from the command line, stored only as hashes.

A token is shown once, when it is made; the service keeps its SHA-256 and the role, authority
or region it is bound to.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlmodel import Session, col, select

from api.domain.vocabulary import AuthorityStatus, Region, Role
from api.ids import new_id
from api.tables import ApiKey, Authority, utcnow

TOKEN_PREFIX = "ilacs_"
TOKEN_PATTERN = re.compile(r"ilacs_[A-Za-z0-9_-]{43}")


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


def find_active_key(session: Session, token: str) -> ApiKey | None:
    """The key a token belongs to, unless it is unknown or revoked."""
    key = session.exec(select(ApiKey).where(col(ApiKey.token_hash) == hash_token(token))).first()
    return key if key is not None and key.revoked_at is None else None
