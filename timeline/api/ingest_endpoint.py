"""POST /ingest: articles as JSON Lines, stored by the server that holds the database (the ``ingestArticles``
mutation uses the same Ingestor).

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
from timeline.domain.model import ArticleInput
from timeline.errors import AuthError, TimelineError
from timeline.ingest.readers import Rejected
from timeline.ingest.remote import from_wire
from timeline.ingest.service import IngestSummary


class Ingestor:
    """Stores articles for the server: in a worker thread (queries keep being answered), one batch at a time."""

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline
        self._one_at_a_time = threading.Lock()

    def _store(self, items: list[ArticleInput | Rejected]) -> IngestSummary:
        with self._one_at_a_time:
            return self._timeline.ingest(items)

    async def ingest(self, items: list[ArticleInput | Rejected]) -> IngestSummary:
        """Store the articles among ``items`` (rejections are passed through to the summary)."""
        return await run_in_threadpool(self._store, items)


def summary_json(summary: IngestSummary) -> dict[str, Any]:
    """What an ingest did, as POST /ingest answers it."""
    return {
        "new": summary.new,
        "present": summary.present,
        "claims": summary.claims,
        "rejected": [{"source": r.source, "reason": r.reason} for r in summary.rejected],
    }


def ingest_endpoint(ingestor: Ingestor, token: str | None) -> Any:
    """The Starlette endpoint storing POSTed JSON Lines through ``ingestor``."""

    async def endpoint(request: Request) -> JSONResponse:
        rid = request_id(request.scope)
        try:
            require_token(token, bearer(request.headers.get("authorization")), "ingest")
        except AuthError as exc:
            return _error(str(exc), 401 if token else 403, rid, "UNAUTHENTICATED")
        body = await request.body()
        try:
            items = await run_in_threadpool(lambda: list(from_wire(body.splitlines())))
            return JSONResponse(summary_json(await ingestor.ingest(items)))
        except TimelineError as exc:
            return _error(str(exc), 500, rid, "INGEST_FAILED")

    return endpoint


def _error(message: str, status: int, rid: str, code: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code, "requestId": rid}}]}, status_code=status
    )
