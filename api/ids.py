"""Opaque, immutable resource ids: a short prefix saying what it is, then randomness."""

from __future__ import annotations

import secrets


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(12)}"
