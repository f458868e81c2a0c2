"""Compressed answers, made once per rendered page and encoding, never per request.

A page is rendered once per data version (`api.web.pages`); its gzip and brotli forms are made
the first time a client asks for them and kept beside it. Each encoding is a representation of
its own with an ETag of its own (RFC 9110 §8.8.3: `"<hash>"`, `"<hash>-gzip"`, `"<hash>-br"`),
and every answer that could have been encoded says `Vary: Accept-Encoding`.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from functools import lru_cache

import brotli

# Smaller bodies are sent as they are: compressing them saves less than it costs.
MIN_SIZE = 1024
# Best first; the client's q-values decide among those it accepts.
ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "br": lambda body: bytes(brotli.compress(body, quality=5)),
    "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
}


def chosen_encoding(accept_encoding: str | None, size: int) -> str | None:
    """The encoding to answer with, or None for the body as it is."""
    if not accept_encoding or size < MIN_SIZE:
        return None
    return _best_offered(accept_encoding)


# Clients send the same few Accept-Encoding values over and over: each is read once.
@lru_cache(maxsize=256)
def _best_offered(accept_encoding: str) -> str | None:
    offered: dict[str, float] = {}
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        offered[name.strip().lower()] = quality
    best: tuple[float, str] | None = None
    for name in ENCODERS:
        quality = offered.get(name, offered.get("*", 0.0))
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, name)
    return best[1] if best else None


def encoded_etag(etag: str, encoding: str | None) -> str:
    return etag if encoding is None else f'{etag[:-1]}-{encoding}"'
