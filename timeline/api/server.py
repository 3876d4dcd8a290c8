"""The ASGI app: GraphQL (with GraphiQL) at /graphql, a health check, and a landing page at /."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from timeline.api.context import Context
from timeline.api.schema import schema
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
    def __init__(self, timeline: Timeline, token: str | None) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self._timeline = timeline
        self._token = token

    async def get_context(self, request: Request | WebSocket, response: Response | None = None) -> Any:
        header = request.headers.get("authorization", "")
        presented = header[7:].strip() if header.lower().startswith("bearer ") else None
        return Context(self._timeline, token=self._token, presented=presented)


def create_app(timeline: Timeline, token: str | None = None) -> Starlette:
    """The web app serving ``timeline``; mutations need ``token`` (default: ``$TIMELINE_TOKEN``)."""
    graphql_app = _GraphQL(timeline, token if token is not None else os.environ.get("TIMELINE_TOKEN") or None)

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

    return Starlette(
        routes=[
            Route("/", landing),
            Mount("/static", StaticFiles(directory=str(_STATIC)), name="static"),
            Route("/health", health),
            Route("/export/{fmt}", feed),
            Route("/graphql", graphql_app),
            WebSocketRoute("/graphql", graphql_app),
            Mount("/graphql", graphql_app),
        ]
    )
