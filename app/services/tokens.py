"""Random secrets handed to a browser, of which only the SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets


def hash_token(raw: str) -> str:
    """SHA-256 hex of a token: what the database keeps instead of the token."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh 256-bit token and its hash."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)
