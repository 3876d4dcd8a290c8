"""One DuckDB file: schema, event log, projections, and read queries. DuckDB errors stop here."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from timeline.domain.events import RecordedEvent
from timeline.errors import ConcurrencyError, StoreError, StoreLockedError
from timeline.store import projections
from timeline.store.eventstore import EventStore, StreamAppend


def schema_sql() -> str:
    """The DuckDB DDL (also exported to ``schema/timeline.sql``)."""
    return (resources.files("timeline.store") / "sql" / "schema.sql").read_text(encoding="utf-8")


class Database:
    """An open timeline database. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._lock = threading.RLock()
        try:
            if not read_only and self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            if read_only and not Path(self.path).exists():
                raise StoreError(f"no database at {self.path}: run `timeline ingest` or `timeline demo` first")
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"{self.path} is in use by another process (is `timeline serve` running on it?). "
                    "Stop that process, or use another --db file."
                ) from exc
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        if not read_only:
            try:
                self._con.execute(schema_sql())
            except duckdb.Error as exc:
                raise StoreError(f"{self.path} is not a timeline database or is damaged: {exc}") from exc
        self.events = EventStore(self._con)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with suppress(duckdb.Error):
            self._con.close()

    # --- writing ------------------------------------------------------------------------------

    def append(self, appends: Sequence[StreamAppend], project: bool = True) -> list[RecordedEvent]:
        """Append events for several streams in ONE transaction and update projections in it too.

        Either every event (and its projection rows) is committed, or nothing is.
        """
        with self._lock:
            try:
                self._con.execute("BEGIN TRANSACTION")
                recorded = self.events.append_in_transaction(appends)
                if project:
                    projections.apply(self._con)
                self._con.execute("COMMIT")
                return recorded
            except ConcurrencyError:
                self._rollback()
                raise
            except duckdb.TransactionException as exc:
                self._rollback()
                raise ConcurrencyError(appends[0].stream if appends else "?", -1, -1) from exc
            except duckdb.Error as exc:
                self._rollback()
                raise StoreError(f"write to {self.path} failed, nothing was stored: {exc}") from exc
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        with suppress(duckdb.Error):
            self._con.execute("ROLLBACK")

    def rebuild(self) -> int:
        """Rebuild every projection from the log; returns the position reached."""
        with self._lock:
            try:
                self._con.execute("BEGIN TRANSACTION")
                position = projections.rebuild(self._con)
                self._con.execute("COMMIT")
                return position
            except duckdb.Error as exc:
                self._rollback()
                raise StoreError(f"rebuild failed, projections unchanged: {exc}") from exc

    def catch_up(self) -> int:
        """Apply events the projections have not seen yet (after a crash between append and project)."""
        with self._lock:
            try:
                self._con.execute("BEGIN TRANSACTION")
                position = projections.apply(self._con)
                self._con.execute("COMMIT")
                return position
            except duckdb.Error as exc:
                self._rollback()
                raise StoreError(f"projection update failed: {exc}") from exc

    # --- reading ------------------------------------------------------------------------------

    def verify(self) -> int:
        """Check the hash chain; returns the number of events verified."""
        with self._lock:
            try:
                return self.events.verify()
            except duckdb.Error as exc:
                raise StoreError(f"cannot read the event log: {exc}") from exc

    def stream_versions(self, streams: Sequence[str]) -> dict[str, int]:
        """Current version per stream."""
        with self._lock:
            try:
                return self.events.stream_versions(streams)
            except duckdb.Error as exc:
                raise StoreError(str(exc)) from exc

    def read_events(
        self, after_position: int = 0, limit: int | None = None, types: Sequence[str] | None = None
    ) -> list[RecordedEvent]:
        """Events after a position (upcast)."""
        with self._lock:
            return list(self.events.read(after_position, limit, types))

    def rows(self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a read query and return its rows."""
        with self._lock:
            try:
                return self._con.execute(sql, params or {}).fetchall()
            except duckdb.Error as exc:
                raise StoreError(f"query failed: {exc}") from exc

    def dicts(self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query and return rows as dicts."""
        with self._lock:
            try:
                cur = self._con.execute(sql, params or {})
                names = [d[0] for d in cur.description or []]
                return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
            except duckdb.Error as exc:
                raise StoreError(f"query failed: {exc}") from exc

    def frame(self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None) -> pl.DataFrame:
        """Run a read query and return a polars DataFrame."""
        with self._lock:
            try:
                return pl.from_arrow(self._con.sql(sql, params=params or {}).to_arrow_table())  # type: ignore[return-value]
            except duckdb.Error as exc:
                raise StoreError(f"query failed: {exc}") from exc

    def table_snapshot(self, table: str) -> list[tuple[Any, ...]]:
        """Every row of a projection table in a stable order (for rebuild-equality checks)."""
        if table not in projections.TABLES:
            raise StoreError(f"unknown table {table!r}")
        with self._lock:
            try:
                cols = [r[0] for r in self._con.execute(f"DESCRIBE {table}").fetchall()]
                order = ", ".join(f'"{c}"' for c in cols if c != "recorded_at")
                return self._con.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
            except duckdb.Error as exc:
                raise StoreError(str(exc)) from exc

    @contextmanager
    def read_transaction(self) -> Iterator[Database]:
        """Hold the connection for several reads that must see one consistent state."""
        with self._lock:
            yield self
