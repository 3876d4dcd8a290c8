"""The project's own exceptions. Every error a user can see is one of these, with a message they can act on."""

from __future__ import annotations


class TimelineError(Exception):
    """Base class of every error raised on purpose by timeline."""


class InputError(TimelineError):
    """An input file or record cannot be read as an article (the message names it and says why)."""


class ConcurrencyError(TimelineError):
    """An append expected a stream version that is no longer current."""

    def __init__(self, stream: str, expected: int, actual: int) -> None:
        super().__init__(f"stream {stream!r} is at version {actual}, not the expected {expected}; reload and retry")
        self.stream = stream
        self.expected = expected
        self.actual = actual


class StoreError(TimelineError):
    """The database could not be opened, read or written (wraps the underlying DuckDB error)."""


class StoreLockedError(StoreError):
    """Another process holds the database file for writing."""


class IntegrityError(TimelineError):
    """The event log failed verification: a hash does not match its event or chain."""

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(f"event log corrupt at position {position}: {reason}")
        self.position = position
        self.reason = reason


class QueryError(TimelineError):
    """A query argument is invalid (bad date, bad cursor, unknown field)."""


class NotFoundError(TimelineError):
    """The entity, claim or article named does not exist (or no longer does)."""


class ValidationError(TimelineError):
    """A value given to a correction is not acceptable (the message says which and why)."""


class AuthError(TimelineError):
    """A mutation was attempted without the right bearer token, or mutations are disabled."""


class TimeLimitError(QueryError):
    """A request ran longer than the server's per-request time limit."""
