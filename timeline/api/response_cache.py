"""A cache of whole GraphQL query results, correct by construction because the log is append-only.

Every answer of a query is a function of the request (query text, operation name, variables) and of the
database's committed state. That state changes only when a write transaction commits, and every one of
them (appending events, restoring a log, rebuilding projections) goes through this process's
``Database``, which counts them in ``Database.generation``: no other process can write the file while the
server holds it. So a result stored under (request, generation) stays right until the next commit, when the
generation moves and every older entry is unreachable (and dropped). Only queries (no mutation, no
subscription) that finished without any error are stored; ``asOf`` queries are keyed the same way (an
``asOf`` in the future depends on the log's head, which the generation covers).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Hashable
from functools import lru_cache
from typing import Any

from graphql.error import GraphQLError

from graphql import ExecutionResult, OperationType, get_operation_ast, parse

DEFAULT_ENTRIES = 512


@lru_cache(maxsize=256)
def is_query(query: str, operation_name: str | None) -> bool:
    """True when the operation ``operation_name`` of ``query`` is a query (not a mutation or subscription)."""
    try:
        operation = get_operation_ast(parse(query), operation_name)
    except GraphQLError:
        return False
    return operation is not None and operation.operation == OperationType.QUERY


def request_key(query: str, variables: dict[str, Any] | None, operation_name: str | None) -> Hashable | None:
    """What identifies a request's answer (with the generation), or None when it cannot be keyed."""
    try:
        canonical = json.dumps(variables or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    return (query, canonical, operation_name)


class ResponseCache:
    """At most ``entries`` results of the current generation, least recently used dropped first."""

    def __init__(self, entries: int = DEFAULT_ENTRIES) -> None:
        self.entries = entries
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._results: OrderedDict[Hashable, ExecutionResult] = OrderedDict()

    def get(self, key: Hashable, generation: int) -> ExecutionResult | None:
        """The result stored for ``key`` at ``generation``, if any."""
        with self._lock:
            if generation != self._generation:
                return None
            result = self._results.get(key)
            if result is not None:
                self._results.move_to_end(key)
            return result

    def put(self, key: Hashable, generation: int, result: ExecutionResult) -> None:
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
