"""A cache of whole GraphQL answers (the encoded HTTP response), correct by construction because the log is
append-only.

Every answer of a query is a function of the request (query text, operation name, variables, and the
content type and formats it accepts) and of the database's committed state. That state changes only when a
write transaction commits, and every one of them (appending events, restoring a log, rebuilding projections)
goes through this process's ``Database``, which counts them in ``Database.generation``: no other process can
write the file while the server holds it. So an answer stored under (request, generation) stays right until
the next commit, when the generation moves and every older entry is unreachable (and dropped). Only queries
(no mutation, no subscription) that were answered 200 without any error are stored; ``asOf`` queries are
keyed the same way (an ``asOf`` in the future depends on the log's head, which the generation covers).
A hit skips parsing, execution and JSON encoding: the stored bytes are sent again (with the request's own
``X-Request-Id``, which the RequestGuard around this adds).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import lru_cache

from graphql.error import GraphQLError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphql import OperationType, get_operation_ast, parse

DEFAULT_ENTRIES = 512


@lru_cache(maxsize=256)
def is_query(query: str, operation_name: str | None) -> bool:
    """True when the operation ``operation_name`` of ``query`` is a query (not a mutation or subscription)."""
    try:
        operation = get_operation_ast(parse(query), operation_name)
    except GraphQLError:
        return False
    return operation is not None and operation.operation == OperationType.QUERY


STORE = "response_cache_store"  # set in the request's scope state by whoever decides the answer may be stored


def request_key(body: bytes, accept: bytes) -> Hashable | None:
    """What identifies the answer to a JSON GraphQL request body (with the generation), or None when it cannot
    be keyed (not a JSON object with a query string)."""
    try:
        request = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(request, dict) or not isinstance(request.get("query"), str):
        return None
    variables, name = request.get("variables"), request.get("operationName")
    if not isinstance(variables, dict | None) or not isinstance(name, str | None):
        return None
    canonical = json.dumps(variables or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (request["query"], canonical, name, accept)


Stored = tuple[list[tuple[bytes, bytes]], bytes]  # response headers and body


class ResponseCache:
    """At most ``entries`` results of the current generation, least recently used dropped first."""

    def __init__(self, entries: int = DEFAULT_ENTRIES) -> None:
        self.entries = entries
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._results: OrderedDict[Hashable, Stored] = OrderedDict()

    def get(self, key: Hashable, generation: int) -> Stored | None:
        """The result stored for ``key`` at ``generation``, if any."""
        with self._lock:
            if generation != self._generation:
                return None
            result = self._results.get(key)
            if result is not None:
                self._results.move_to_end(key)
            return result

    def put(self, key: Hashable, generation: int, result: Stored) -> None:
        """Store ``result`` (computed from the state at ``generation``); older generations are dropped."""
        if self.entries <= 0:
            return
        with self._lock:
            if self._generation is not None and generation < self._generation:
                return  # computed before a commit another request has already seen
            if generation != self._generation:
                self._results.clear()
                self._generation = generation
            self._results[key] = result
            self._results.move_to_end(key)
            while len(self._results) > self.entries:
                self._results.popitem(last=False)


class CachedGraphQL:
    """ASGI wrapper of the GraphQL app: a POST of JSON whose answer is stored for the current generation is
    answered with the stored bytes; any other request goes to the app, and its answer is stored when the app
    marked it storable (``STORE`` in the scope's state: a query answered without errors) and it is a 200."""

    def __init__(self, app: ASGIApp, cache: ResponseCache, generation: Callable[[], int]) -> None:
        self.app = app
        self.cache = cache
        self.generation = generation

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        if (
            self.cache.entries <= 0
            or scope["type"] != "http"
            or scope["method"] != "POST"
            or not headers.get(b"content-type", b"").startswith(b"application/json")
        ):
            await self.app(scope, receive, send)
            return
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        key = request_key(bytes(body), headers.get(b"accept", b""))
        if key is None:
            await self.app(scope, replay, send)
            return
        generation = self.generation()  # read before executing: a later commit makes the entry stale
        stored = self.cache.get(key, generation)
        if stored is not None:
            await send({"type": "http.response.start", "status": 200, "headers": stored[0]})
            await send({"type": "http.response.body", "body": stored[1]})
            return
        decision: dict[str, bool] = {}
        scope.setdefault("state", {})[STORE] = decision
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, replay, capture)
        if decision.get("store") and start.get("status") == 200:
            self.cache.put(key, generation, (list(start.get("headers", [])), b"".join(chunks)))


def mark_storable(scope: Scope, query: str | None, operation_name: str | None) -> None:
    """Let CachedGraphQL store this request's answer: call when it was answered without errors (only queries
    are stored; a mutation or subscription never is)."""
    decision = scope.get("state", {}).get(STORE)
    if decision is not None and isinstance(query, str) and is_query(query, operation_name):
        decision["store"] = True
