"""`Idempotency-Key` for POST: a retried request gets the first answer, not a second change.

The first successful answer is stored, in the same transaction as the change it made, under
the caller and the key. The same key with the same request replays it; with another request it
is a 409. Keys are kept for at least `KEEP_FOR`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Annotated

from fastapi import Header, Response
from pydantic import BaseModel
from sqlmodel import Session, col, delete

from api.tables import IdempotencyRecord, utcnow
from api.visibility import Caller
from api.web.problems import ApiProblem

KEEP_FOR = timedelta(hours=24)
REPLAYED_HEADERS = ("etag", "location", "content-type")

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Send the same key when retrying: the first answer is replayed",
    ),
]


class IdempotencyKeyReused(ApiProblem):
    def __init__(self) -> None:
        super().__init__(
            409,
            "idempotency-key-reused",
            "This Idempotency-Key was already used for a different request.",
        )


def fingerprint(method: str, path: str, body: BaseModel | None) -> str:
    payload = body.model_dump(mode="json") if body is not None else None
    text = json.dumps([method, path, payload], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def once(
    session: Session,
    caller: Caller,
    key: str | None,
    request_fingerprint: str,
    run: Callable[[], Response],
) -> Response:
    """Run the request, or replay the answer already given to it under this key."""
    if key is None:
        return run()
    now = utcnow()
    session.exec(
        delete(IdempotencyRecord).where(col(IdempotencyRecord.created_at) < now - KEEP_FOR)
    )
    record = session.get(IdempotencyRecord, (caller.actor, key))
    if record is not None:
        if record.request_hash != request_fingerprint:
            raise IdempotencyKeyReused()
        return Response(
            content=record.body.encode(),
            status_code=record.status_code,
            headers={**record.headers, "Idempotent-Replayed": "true"},
        )
    response = run()
    if 200 <= response.status_code < 300:
        session.add(
            IdempotencyRecord(
                actor=caller.actor,
                key=key,
                request_hash=request_fingerprint,
                status_code=response.status_code,
                body=bytes(response.body).decode(),
                headers={
                    name: value
                    for name, value in response.headers.items()
                    if name in REPLAYED_HEADERS
                },
                created_at=now,
            )
        )
        session.flush()
    return response
