"""Internal errors: masked for the client, logged with the request id (which the client gets too)."""

from __future__ import annotations

import logging

from strawberry.extensions import MaskErrors

from graphql import GraphQLError

log = logging.getLogger("timeline.api")


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
