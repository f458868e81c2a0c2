"""`Idempotency-Key` for every POST: a retried request gets the first answer, not a second change.

The first successful answer is stored, in the same transaction as the change it made, under
the caller and the key. The same key with the same request replays it (status, body, ETag,
Location, with `Idempotent-Replayed: true`); with another request it is a 409. Keys are kept
for `KEEP_FOR`. Retries that arrive while the first request is still running wait for it and
then replay its answer, on PostgreSQL as on SQLite.

A POST route takes `IdempotencyDep` before anything that reads or claims the resource, and
answers through it: `return idempotency.respond(response)`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Header, Request, Response

from api.db import SessionDep
from api.repositories import idempotency as records
from api.tables import IdempotencyRecord, utcnow
from api.visibility import Caller
from api.web.authentication import WriterDep
from api.web.problems import ApiProblem, Replayed

KEEP_FOR = timedelta(hours=24)
REPLAYED_HEADERS = ("etag", "location", "content-type")

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Send the same key when retrying: the first answer is replayed (kept 24 h)",
    ),
]


class IdempotencyKeyReused(ApiProblem):
    def __init__(self) -> None:
        super().__init__(
            409,
            "idempotency-key-reused",
            "This Idempotency-Key was already used for a different request.",
        )


@dataclass(frozen=True)
class Requested:
    key: str
    fingerprint: str


def fingerprint(method: str, path: str, body: bytes) -> str:
    try:
        payload: object = json.loads(body) if body else None
    except ValueError:
        payload = body.decode("utf-8", "replace")
    text = json.dumps([method, path, payload], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


async def _requested(request: Request, key: IdempotencyKey = None) -> Requested | None:
    if key is None:
        return None
    body = await request.body()
    return Requested(key, fingerprint(request.method, request.url.path, body))


class Idempotency:
    def __init__(self, session: SessionDep, caller: Caller, requested: Requested | None) -> None:
        self.session = session
        self.caller = caller
        self.requested = requested

    def replay_if_answered(self) -> None:
        if self.requested is None:
            return
        records.hold(self.session, self.caller.actor, self.requested.key)
        records.forget_before(self.session, utcnow() - KEEP_FOR)
        record = records.find(self.session, self.caller.actor, self.requested.key)
        if record is None:
            return
        if record.request_hash != self.requested.fingerprint:
            raise IdempotencyKeyReused()
        raise Replayed(
            Response(
                content=record.body.encode(),
                status_code=record.status_code,
                headers={**record.headers, "Idempotent-Replayed": "true"},
            )
        )

    def respond(self, response: Response) -> Response:
        """The route's answer, kept for retries when it succeeded."""
        if self.requested is not None and 200 <= response.status_code < 300:
            records.store(
                self.session,
                IdempotencyRecord(
                    actor=self.caller.actor,
                    key=self.requested.key,
                    request_hash=self.requested.fingerprint,
                    status_code=response.status_code,
                    body=bytes(response.body).decode(),
                    headers={
                        name: value
                        for name, value in response.headers.items()
                        if name in REPLAYED_HEADERS
                    },
                    created_at=utcnow(),
                ),
            )
        return response


def idempotency(
    session: SessionDep,
    caller: WriterDep,
    requested: Annotated[Requested | None, Depends(_requested)],
) -> Idempotency:
    guard = Idempotency(session, caller, requested)
    guard.replay_if_answered()
    return guard


IdempotencyDep = Annotated[Idempotency, Depends(idempotency)]
