"""ETags and conditional answers.

Responses are serialised once, to bytes, and their ETag is the hash of those bytes; so an ETag
changes exactly when what the caller would read changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.domain.errors import DomainWarning
from api.schemas import WarningPublic
from api.web.encoding import ENCODERS, chosen_encoding, encoded_etag

JSON_MEDIA_TYPE = "application/json"


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


@dataclass(frozen=True)
class Rendered:
    """A serialised response: its bytes, their ETag and the cursor of the page after it."""

    body: bytes
    etag: str
    next_cursor: str | None = None
    # Compressed forms, made on first demand and kept with the page (never per request).
    _encoded: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    def variant(self, encoding: str | None) -> tuple[bytes, str]:
        """The body and ETag of the page in `encoding` (None: as it is)."""
        if encoding is None:
            return self.body, self.etag
        body = self._encoded.get(encoding)
        if body is None:
            body = self._encoded[encoding] = ENCODERS[encoding](self.body)
        return body, encoded_etag(self.etag, encoding)

    def encoding_for(self, accept_encoding: str | None) -> str | None:
        """The encoding to send this page in to a client that accepts `accept_encoding`."""
        return chosen_encoding(accept_encoding, len(self.body))

    def negotiated(self, accept_encoding: str | None) -> tuple[str | None, bytes, str]:
        encoding = self.encoding_for(accept_encoding)
        return (encoding, *self.variant(encoding))

    @classmethod
    def of(cls, body: bytes, next_cursor: str | None = None) -> Rendered:
        return cls(body, etag_of(body), next_cursor)

    @classmethod
    def model(cls, model: BaseModel, next_cursor: str | None = None) -> Rendered:
        return cls.of(model.model_dump_json().encode(), next_cursor)


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def etag_matches(header: str | None, etag: str, *, weak: bool) -> bool:
    """Whether a conditional header names `etag`.

    If-None-Match compares weakly (RFC 9110 §13.1.2: W/"x" matches "x", and `*` matches any);
    If-Match strongly (§13.1.1: a weak tag never matches; `*` is refused before this, see
    `api.web.preconditions`).
    """
    if not header:
        return False
    if weak and header == etag:
        return True  # the usual revalidation: the one tag it was given, sent back as it is
    tags = _tags(header)
    if weak:
        return "*" in tags or etag.removeprefix("W/") in {t.removeprefix("W/") for t in tags}
    return not etag.startswith("W/") and etag in tags


def cached_response(
    request: Request,
    rendered: Rendered,
    headers: Mapping[str, str] | None = None,
    *,
    compress: bool = False,
) -> Response:
    """200 with the body, or 304 when the caller already holds this version. With `compress`,
    in the encoding the caller accepts best (gzip, br), each with its own ETag."""
    if compress:
        encoding, body, etag = rendered.negotiated(request.headers.get("accept-encoding"))
        all_headers = {"ETag": etag, "Vary": "Accept-Encoding", **(headers or {})}
        if encoding:
            all_headers["Content-Encoding"] = encoding
    else:
        body, etag = rendered.body, rendered.etag
        all_headers = {"ETag": etag, **(headers or {})}
    if etag_matches(request.headers.get("if-none-match"), etag, weak=True):
        all_headers.pop("Content-Encoding", None)
        return Response(status_code=304, headers=all_headers)
    return Response(content=body, media_type=JSON_MEDIA_TYPE, headers=all_headers)


def json_response(
    request: Request, model: BaseModel, headers: Mapping[str, str] | None = None
) -> Response:
    """A single resource, as it is: its ETag is the one a change names in If-Match."""
    return cached_response(request, Rendered.model(model), headers)


def written(
    view: BaseModel,
    envelope: type[BaseModel],
    warnings: Sequence[DomainWarning] = (),
    *,
    status: int = 200,
    location: str | None = None,
) -> Response:
    """The answer to a change: the resource as it now is, with any warnings, and its new ETag
    (the one a GET of the resource answers with)."""
    headers = {"ETag": Rendered.model(view).etag}
    if location:
        headers["Location"] = location
    body = envelope(
        **view.model_dump(),
        warnings=[WarningPublic(code=w.code, detail=w.detail) for w in warnings],
    )
    return Response(
        content=body.model_dump_json().encode(),
        status_code=status,
        media_type=JSON_MEDIA_TYPE,
        headers=headers,
    )
