"""The ASGI app: GraphQL (with GraphiQL) at /graphql, POST /ingest, feeds, a health check, and the page at /."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http.base import HTTPException

from timeline.api.auth import bearer
from timeline.api.context import Context
from timeline.api.ingest_endpoint import Ingestor, ingest_endpoint
from timeline.api.limits import Limits
from timeline.api.request_guard import RequestGuard, has_lone_surrogate, request_id
from timeline.api.response_cache import DEFAULT_ENTRIES, CachedGraphQL, ResponseCache, mark_storable
from timeline.api.schema import build_schema
from timeline.app import Timeline
from timeline.errors import QueryError

log = logging.getLogger("timeline.api")


def jsonable(value: Any) -> Any:
    """Dates and other values as JSON can carry them."""
    import json

    return json.loads(json.dumps(value, default=str))


_STATIC = Path(__file__).parent / "static"
_PAGE = _STATIC / "index.html"


class _GraphQL(GraphQL):  # type: ignore[type-arg]
    def __init__(self, timeline: Timeline, token: str | None, limits: Limits, ingestor: Ingestor) -> None:
        super().__init__(build_schema(limits), graphql_ide="graphiql")
        self._timeline = timeline
        self._token = token
        self._ingestor = ingestor

    async def execute_single(
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: Any,
        root_value: Any,
        request_data: Any,
    ) -> Any:
        """Execute one operation; an answer without errors may be stored by the CachedGraphQL around this."""
        result = await super().execute_single(request, request_adapter, sub_response, context, root_value, request_data)
        if not result.errors and result.data is not None and isinstance(request, Request):
            mark_storable(request.scope, request_data.query, request_data.operation_name)
        return result

    def decode_json(self, data: str | bytes) -> object:
        value = super().decode_json(data)
        if has_lone_surrogate(value):
            raise HTTPException(
                400, "the request holds a string that is not valid Unicode (a lone \\uD800-\\uDFFF escape)"
            )
        return value

    async def get_context(self, request: Request | WebSocket, response: Response | None = None) -> Any:
        return Context(
            self._timeline,
            token=self._token,
            presented=bearer(request.headers.get("authorization")),
            request_id=request_id(request.scope) if isinstance(request, Request) else None,
            ingestor=self._ingestor,
        )


def create_app(
    timeline: Timeline,
    token: str | None = None,
    limits: Limits | None = None,
    cors_origins: Sequence[str] = (),
    on_start: Callable[[], None] | None = None,
    on_stop: Callable[[], None] | None = None,
    response_cache: int = DEFAULT_ENTRIES,
) -> ASGIApp:
    """The web app serving ``timeline``; mutations and POST /ingest need ``token`` (default: ``$TIMELINE_TOKEN``).

    Cross-origin requests are refused (no CORS headers) unless ``cors_origins`` lists the origins allowed.
    ``on_start``/``on_stop`` run when the server starts listening and when it stops. Up to ``response_cache``
    query results are kept until the database next changes (``response_cache.py``; 0: none).
    """
    limits = limits or Limits()
    token = token if token is not None else os.environ.get("TIMELINE_TOKEN") or None
    ingestor = Ingestor(timeline)
    graphql_app = _GraphQL(timeline, token, limits, ingestor)
    cached = CachedGraphQL(graphql_app, ResponseCache(response_cache), lambda: timeline.db.generation)

    async def landing(_: Request) -> HTMLResponse:
        return HTMLResponse(_PAGE.read_text(encoding="utf-8"))

    async def feed(request: Request) -> JSONResponse:
        fmt = request.path_params["fmt"]
        if fmt not in ("timelinejs", "vis"):
            return JSONResponse({"error": f"unknown feed {fmt!r}: use timelinejs or vis"}, status_code=404)
        filters = {k: v for k, v in request.query_params.items() if k in ("about", "before", "after", "by", "language")}
        try:
            return JSONResponse(jsonable(timeline.feed(fmt, **filters)))
        except QueryError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

    async def health(_: Request) -> JSONResponse:
        count = timeline.db.rows("SELECT count(*) FROM events")[0][0]
        return JSONResponse({"status": "ok", "events": int(count)})

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if on_start:
            on_start()
        try:
            yield
        finally:
            if on_stop:
                on_stop()

    app = Starlette(
        routes=[
            Route("/", landing),
            Mount("/static", StaticFiles(directory=str(_STATIC)), name="static"),
            Route("/health", health),
            Route("/export/{fmt}", feed),
            Route("/ingest", ingest_endpoint(ingestor, token), methods=["POST"]),
            Route("/graphql", cached),
            WebSocketRoute("/graphql", graphql_app),
            Mount("/graphql", cached),
        ],
        lifespan=lifespan,
    )
    guarded: ASGIApp = RequestGuard(app, limits)
    if cors_origins:
        guarded = CORSMiddleware(
            guarded,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["X-Request-Id"],
        )
    return guarded
