"""What the server refuses, and how: body sizes, page sizes, a per-request time limit, request ids, and
internal errors masked for the client but logged (with the request id) for the operator."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.types.graphql import OperationType

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)
from timeline.errors import QueryError, StoreError
from timeline.query import MAX_PAGE

log = logging.getLogger("timeline.api")

REQUEST_ID_HEADER = "x-request-id"
_DRAIN_FACTOR = 4  # a refused body up to 4x the limit is read before answering 413; larger ones are cut off


@dataclass(frozen=True)
class Limits:
    """The server's limits (``timeline serve`` flags set them)."""

    body_bytes: int = 1024 * 1024  #: a GraphQL request body (a query and its variables)
    ingest_bytes: int = 64 * 1024 * 1024  #: a POST /ingest body (JSON Lines; `timeline ingest` sends less)
    time_limit: float | None = 10.0  #: seconds a GraphQL query may take


def check_first(first: int, name: str = "first") -> int:
    """A page size as given, or a QueryError when it is negative or over the cap (never clamped silently)."""
    if first < 0 or first > MAX_PAGE:
        raise QueryError(f"{name} must be between 0 and {MAX_PAGE} (got {first}); page with `after` for more")
    return first


def request_id(scope: Scope) -> str:
    """The id the RequestGuard gave this request."""
    return str(scope.get("state", {}).get("request_id", "-"))


class RequestGuard:
    """ASGI middleware: gives every HTTP request an id (echoed in ``X-Request-Id``) and refuses bodies over
    the limit of their path with 413, before the app reads them."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    def _limit(self, path: str) -> int:
        return self.limits.ingest_bytes if path.rstrip("/") == "/ingest" else self.limits.body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = rid

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        limit = self._limit(scope["path"])
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and not declared.isdigit():
            await _too_large(scope, send_with_id, limit, rid)
            return
        drain = declared is not None and int(declared) > limit  # refused; read it anyway so the client sees why
        if drain and int(declared or 0) > _DRAIN_FACTOR * limit:
            await _too_large(scope, send_with_id, limit, rid)  # too much to read just to refuse it
            return
        body = bytearray()  # read (at most the limit) now, then replay it to the app
        seen = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            more = message.get("more_body", False)
            if seen > limit:
                drain = True
                body.clear()
                if seen > _DRAIN_FACTOR * limit:
                    break
            else:
                body += chunk
        if drain:
            await _too_large(scope, send_with_id, limit, rid)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_id)


async def _too_large(scope: Scope, send: Send, limit: int, rid: str) -> None:
    message = f"the request body is over this server's {_size(limit)} limit for {scope['path']}"
    if scope["path"].rstrip("/") == "/ingest":
        message += "; send the articles in several requests (`timeline ingest` does)"
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": "PAYLOAD_TOO_LARGE", "requestId": rid}}]})
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body.encode()})


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


def has_lone_surrogate(value: Any) -> bool:
    """True when a decoded JSON value holds a string that is not valid Unicode (JSON allows "\\ud800")."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    return False


class ReadSnapshot(SchemaExtension):
    """Runs every query against one committed state of the database (a snapshot: ingest committing
    meanwhile is invisible to it) and within the server's time limit."""

    def __init__(self, *, time_limit: float | None = None, execution_context: Any = None) -> None:
        super().__init__(execution_context=execution_context)
        self.time_limit = time_limit

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        timeline = getattr(context, "timeline", None)
        if timeline is None or not self._is_query():
            yield
            return
        with ExitStack() as stack:
            try:
                stack.enter_context(timeline.db.snapshot(self.time_limit))
            except StoreError as exc:  # reads then fail too, and are masked and logged one by one
                log.error("request %s: no read snapshot: %s", getattr(context, "request_id", "-"), exc)
            yield

    def _is_query(self) -> bool:
        try:
            return self.execution_context.operation_type == OperationType.QUERY
        except Exception:  # no valid operation: nothing will be executed
            return False


class MaskAndLog(MaskErrors):
    """Masks internal errors (``should_mask_error``) and logs each with the request id, which the masked
    error carries in ``extensions.requestId`` so that a user can report it."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        rid = getattr(self.execution_context.context, "request_id", None) or "-"
        original = error.original_error
        log.error(
            "request %s: internal error at %s: %r",
            rid,
            ".".join(map(str, error.path or [])) or "-",
            original,
            exc_info=(type(original), original, original.__traceback__) if original is not None else None,
        )
        return GraphQLError(
            message=f"{self.error_message} (request id {rid})",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": rid},
        )


MAX_COST = 100_000


class CostLimit(ValidationRule):
    """Refuses an operation whose cost is over MAX_COST before it runs. Every field costs one per item of the
    lists around it, a list's size being its ``first`` (a variable, or more, counts as the page cap: a larger
    ``first`` gets its own error when the query runs): thirty aliased
    pages of 500 claims with twenty fields each cost 300,000."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        cost = self._cost(node.selection_set, 1, set())
        if cost > MAX_COST:
            self.report_error(
                GraphQLError(
                    f"this query would cost {cost:,} (each field counts once per item of the lists around it), "
                    f"over this server's limit of {MAX_COST:,}: ask for fewer items or fewer fields",
                    node,
                )
            )

    def _cost(self, selection_set: SelectionSetNode | None, multiplier: int, fragments: set[str]) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                inner = multiplier * _list_size(selection)
                total += inner + self._cost(selection.selection_set, inner, fragments)
            elif isinstance(selection, InlineFragmentNode):
                total += self._cost(selection.selection_set, multiplier, fragments)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in fragments:
                fragment = self.context.get_fragment(selection.name.value)
                if fragment is not None:
                    total += self._cost(fragment.selection_set, multiplier, fragments | {selection.name.value})
            if total > MAX_COST:
                break
        return total


def _list_size(field: FieldNode) -> int:
    for argument in field.arguments or ():
        if argument.name.value == "first":
            value = argument.value
            return max(1, min(int(value.value), MAX_PAGE)) if isinstance(value, IntValueNode) else MAX_PAGE
    return 1
