"""The stored first answers of POSTs sent with an Idempotency-Key."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session, col, delete

from api.tables import IdempotencyRecord


def hold(session: Session, actor: str, key: str) -> None:
    """Until this transaction ends, make every other request with the same caller and key wait.

    PostgreSQL: a transaction-level advisory lock, so a concurrent retry waits for the first
    request to commit and then finds its answer. SQLite: a writing request already holds the
    database's write lock from its first statement (see `api.db`).
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.blake2b(f"{actor}\0{key}".encode(), digest_size=8).digest()
    session.execute(
        text("SELECT pg_advisory_xact_lock(:lock)"),
        {"lock": int.from_bytes(digest, "big", signed=True)},
    )


def forget_before(session: Session, moment: datetime) -> None:
    session.exec(delete(IdempotencyRecord).where(col(IdempotencyRecord.created_at) < moment))


def find(session: Session, actor: str, key: str) -> IdempotencyRecord | None:
    return session.get(IdempotencyRecord, (actor, key))


def store(session: Session, record: IdempotencyRecord) -> None:
    session.add(record)
    session.flush()
