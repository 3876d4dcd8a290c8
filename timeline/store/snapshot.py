"""Read snapshots: every read inside ``Database.snapshot()`` sees one committed state of the database.

A snapshot is a DuckDB cursor (a connection of its own to the same database) with an open read
transaction, so a writer committing meanwhile is invisible to it and never waits for it. It is active
for the code that opened it and everything that code starts (threads excepted): a context variable, so
the asyncio tasks of one GraphQL request share it and other requests do not. An optional time limit
interrupts a running DuckDB query and refuses further reads once passed.
"""

from __future__ import annotations

import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass, field

import duckdb

from timeline.errors import TimeLimitError


@dataclass
class Snapshot:
    """One open read transaction, owned by one Database."""

    owner: object
    cursor: duckdb.DuckDBPyConnection
    time_limit: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: float = field(default_factory=time.monotonic)
    interrupted: bool = False
    _timer: threading.Timer | None = None

    def start(self) -> None:
        """Begin the transaction, pin its snapshot with a first read, and arm the time limit."""
        self.cursor.execute("BEGIN TRANSACTION")
        self.cursor.execute("SELECT count(*) FROM projection_state").fetchall()
        if self.time_limit is not None:
            self._timer = threading.Timer(self.time_limit, self._interrupt)
            self._timer.daemon = True
            self._timer.start()

    def _interrupt(self) -> None:
        self.interrupted = True
        self.cursor.interrupt()

    def check(self) -> None:
        """Raise TimeLimitError once the time limit has passed."""
        if self.time_limit is not None and (self.interrupted or time.monotonic() - self.started > self.time_limit):
            raise self.timed_out()

    def timed_out(self) -> TimeLimitError:
        """The error for a request that ran out of time."""
        return TimeLimitError(
            f"the request took longer than this server's {self.time_limit:g} s limit; "
            "ask for less (a smaller `first`, fewer fields or a narrower filter)"
        )

    def finish(self) -> bool:
        """End the transaction; True when the cursor can be reused (it was not interrupted)."""
        if self._timer is not None:
            self._timer.cancel()
        try:
            self.cursor.execute("ROLLBACK")
        except duckdb.Error:
            return False
        return not self.interrupted


ACTIVE: ContextVar[Snapshot | None] = ContextVar("timeline_snapshot", default=None)
