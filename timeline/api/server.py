"""The ASGI app: GraphQL (with GraphiQL) at /graphql, a health check, and a landing page at /."""

from __future__ import annotations

import logging
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from timeline.api.context import Context
from timeline.api.schema import schema
from timeline.app import Timeline

log = logging.getLogger("timeline.api")

_LANDING = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>timeline</title></head>
<body><h1>timeline</h1><p>Who claimed what, about whom, and when.</p>
<p>GraphQL endpoint and GraphiQL: <a href="/graphql">/graphql</a></p></body></html>"""


class _GraphQL(GraphQL):  # type: ignore[type-arg]
    def __init__(self, timeline: Timeline) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self._timeline = timeline

    async def get_context(self, request: Request | WebSocket, response: Response | None = None) -> Any:
        return Context(self._timeline)


def create_app(timeline: Timeline) -> Starlette:
    """The web app serving ``timeline``."""
    graphql_app = _GraphQL(timeline)

    async def landing(_: Request) -> HTMLResponse:
        return HTMLResponse(_LANDING)

    async def health(_: Request) -> JSONResponse:
        count = timeline.db.rows("SELECT count(*) FROM events")[0][0]
        return JSONResponse({"status": "ok", "events": int(count)})

    return Starlette(
        routes=[
            Route("/", landing),
            Route("/health", health),
            Route("/graphql", graphql_app),
            Mount("/graphql", graphql_app),
        ]
    )
