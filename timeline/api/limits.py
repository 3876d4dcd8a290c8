"""What the server refuses, and how: page sizes, query cost, and a per-request time limit over one read
snapshot (body sizes and request ids: ``request_guard.py``; masked errors: ``masking.py``)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from strawberry.extensions import SchemaExtension
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
