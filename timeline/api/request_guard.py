"""The HTTP door: every request gets an id (echoed in ``X-Request-Id``), bodies over the limit of their
path are refused with 413 before the app reads them, and strings that are not Unicode are refused."""

from __future__ import annotations

import json
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from timeline.api.limits import Limits

REQUEST_ID_HEADER = b"x-request-id"
_DRAIN_FACTOR = 4  # a refused body up to 4x the limit is read before answering 413; larger ones are cut off


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
                message["headers"] = [*message.get("headers", []), (REQUEST_ID_HEADER, rid.encode())]
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
