"""Read snapshots: every read inside ``Database.snapshot()`` sees one committed state of the database.

A snapshot is a DuckDB cursor (a connection of its own to the same database) with an open read
transaction, so a writer committing meanwhile is invisible to it and never waits for it. It is active
for the code that opened it and everything that code starts (threads excepted): a context variable, so
the asyncio tasks of one GraphQL request share it and other requests do not. An optional time limit
interrupts a running DuckDB query and refuses further reads once passed.
"""

from __future__ import annotations

import heapq
import itertools
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
    generation: int = 0  # the owner's write generation just before the transaction began (a lower bound)
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: float = field(default_factory=time.monotonic)
    interrupted: bool = False
    done: bool = False  # finished: the watchdog leaves it (and its cursor, back in the pool) alone

    def start(self) -> None:
        """Begin the transaction, pin its snapshot with a first read, and arm the time limit."""
        self.cursor.execute("BEGIN TRANSACTION")
        self.cursor.execute("SELECT count(*) FROM projection_state").fetchall()
        if self.time_limit is not None:
            WATCHDOG.arm(self.started + self.time_limit, self)

    def interrupt(self) -> None:
        """Interrupt the running DuckDB query (the watchdog calls it, under its lock, unless ``done``)."""
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
        WATCHDOG.disarm(self)
        try:
            self.cursor.execute("ROLLBACK")
        except duckdb.Error:
            return False
        return not self.interrupted


class Watchdog:
    """One daemon thread that interrupts snapshots past their deadline (a timer thread per request would cost a
    thread start, and a wait for it, per request)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Snapshot]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, deadline: float, snap: Snapshot) -> None:
        """Interrupt ``snap`` at ``deadline`` (time.monotonic) unless it is disarmed first."""
        with self._cond:
            heapq.heappush(self._heap, (deadline, next(self._order), snap))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="snapshot-watchdog", daemon=True)
                self._thread.start()
            if self._heap[0][2] is snap:
                self._cond.notify()

    def disarm(self, snap: Snapshot) -> None:
        """Never interrupt ``snap`` from now on (its entry leaves the heap at its deadline)."""
        with self._cond:
            snap.done = True

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                while self._heap and (self._heap[0][0] <= now or self._heap[0][2].done):
                    _deadline, _, snap = heapq.heappop(self._heap)
                    if not snap.done:
                        snap.interrupt()
                # a finished snapshot leaves the heap when it reaches the top (or at its deadline)
                self._cond.wait(self._heap[0][0] - now if self._heap else None)


WATCHDOG = Watchdog()

ACTIVE: ContextVar[Snapshot | None] = ContextVar("timeline_snapshot", default=None)
