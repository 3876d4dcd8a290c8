"""POST /ingest: articles as JSON Lines, stored by the server that holds the database.

Needs ``Authorization: Bearer $TIMELINE_TOKEN``; the body limit is the RequestGuard's. Ingest runs in a
worker thread, one request at a time, in transactions of whole articles, so queries keep being answered
and never see part of an article.
"""

from __future__ import annotations

import threading
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from timeline.api.auth import bearer, require_token
from timeline.api.request_guard import request_id
from timeline.app import Timeline
from timeline.errors import AuthError, TimelineError
from timeline.ingest.remote import from_wire


def ingest_endpoint(timeline: Timeline, token: str | None) -> Any:
    """The Starlette endpoint storing POSTed articles in ``timeline``."""
    one_at_a_time = threading.Lock()

    def store(body: bytes) -> dict[str, Any]:
        items = list(from_wire(body.splitlines()))
        with one_at_a_time:
            summary = timeline.ingest(items)
        return {
            "new": summary.new,
            "present": summary.present,
            "claims": summary.claims,
            "rejected": [{"source": r.source, "reason": r.reason} for r in summary.rejected],
        }

    async def endpoint(request: Request) -> JSONResponse:
        rid = request_id(request.scope)
        try:
            require_token(token, bearer(request.headers.get("authorization")), "ingest")
        except AuthError as exc:
            return _error(str(exc), 401 if token else 403, rid, "UNAUTHENTICATED")
        body = await request.body()
        try:
            return JSONResponse(await run_in_threadpool(store, body))
        except TimelineError as exc:
            return _error(str(exc), 500, rid, "INGEST_FAILED")

    return endpoint


def _error(message: str, status: int, rid: str, code: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code, "requestId": rid}}]}, status_code=status
    )
