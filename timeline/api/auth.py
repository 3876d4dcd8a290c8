"""Bearer-token checks shared by GraphQL mutations and POST /ingest."""

from __future__ import annotations

import hmac

from timeline.errors import AuthError


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, else None."""
    header = header or ""
    return header[7:].strip() or None if header.lower().startswith("bearer ") else None


def require_token(configured: str | None, presented: str | None, what: str = "this mutation") -> None:
    """Raise AuthError unless ``presented`` is the server's ``configured`` token (None: writing is disabled)."""
    if not configured:
        raise AuthError(f"{what} is disabled on this server: start it with TIMELINE_TOKEN set")
    if not presented or not hmac.compare_digest(presented.encode(), configured.encode()):
        raise AuthError(f"{what} needs the header 'Authorization: Bearer <TIMELINE_TOKEN>'")
