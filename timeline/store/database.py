"""One DuckDB file: schema, event log, projections, and read queries. DuckDB errors stop here."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
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
from timeline.store.snapshot import ACTIVE, Snapshot

_POOL_SIZE = 16  # idle snapshot cursors kept open


def schema_version() -> str:
    """A fingerprint of the DDL and projection SQL: read tables made by other versions are rebuilt."""
    import hashlib

    folder = resources.files("timeline.store") / "sql"
    text = (folder / "schema.sql").read_text(encoding="utf-8") + (folder / "project.sql").read_text(encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def schema_sql() -> str:
    """The DuckDB DDL (also exported to ``schema/timeline.sql``)."""
    return (resources.files("timeline.store") / "sql" / "schema.sql").read_text(encoding="utf-8")


class Database:
    """An open timeline database. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._lock = threading.RLock()
        self._pool: list[duckdb.DuckDBPyConnection] = []
        self._pool_lock = threading.Lock()
        self._generation = 0
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
        self.events = EventStore(self._con)
        try:
            self._prepare_schema()
        except duckdb.Error as exc:
            self.close()
            raise StoreError(f"{self.path} is not a timeline database or is damaged: {exc}") from exc
        except StoreError:
            self.close()
            raise

    def _prepare_schema(self) -> None:
        """Create the schema; when the projections were made by another version, rebuild them from the log.

        The log is the source of truth, so an upgrade never migrates read tables: it drops and rebuilds them.
        """
        version = schema_version()
        tables = {r[0] for r in self._con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        stored = None
        if "timeline_meta" in tables:
            row = self._con.execute("SELECT value FROM timeline_meta WHERE key = 'schema'").fetchall()
            stored = row[0][0] if row else None
        if stored == version:
            return
        if self.read_only:
            if "events" in tables:
                raise StoreError(
                    f"{self.path} was written by another version of timeline: open it once for writing "
                    "(for example `timeline rebuild`) to rebuild its read tables from the log"
                )
            raise StoreError(f"{self.path} is not a timeline database")
        with self._writing(f"cannot rebuild the read tables of {self.path}"):
            self._recreate_projections(with_state=True)
            self._con.execute("CREATE TABLE IF NOT EXISTS timeline_meta (key VARCHAR, value VARCHAR)")
            self._con.execute("DELETE FROM timeline_meta WHERE key = 'schema'")
            self._con.execute("INSERT INTO timeline_meta VALUES ('schema', $v)", {"v": version})
            projections.rebuild(self._con)

    def _recreate_projections(self, with_state: bool = False) -> None:
        """Drop the read tables and views and create them empty from the DDL (inside a transaction).

        Dropping is far cheaper than deleting every row (and every index entry) of a large table.
        """
        for view in ("claims_view", "claim_entities_view", "events_view"):
            self._con.execute(f"DROP VIEW IF EXISTS {view}")
        for table in (*projections.TABLES, *(["projection_state"] if with_state else [])):
            self._con.execute(f"DROP TABLE IF EXISTS {table}")
        self._con.execute(schema_sql())

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent). Reads then fail: the generation moves, so no cached answer is reused."""
        self._generation += 1
        with self._pool_lock:
            idle, self._pool = self._pool, []
        for cursor in idle:
            with suppress(duckdb.Error):
                cursor.close()
        with suppress(duckdb.Error):
            self._con.close()

    # --- writing ------------------------------------------------------------------------------

    def append(self, appends: Sequence[StreamAppend], project: bool = True) -> list[RecordedEvent]:
        """Append events for several streams in ONE transaction and update projections in it too.

        Either every event (and its projection rows) is committed, or nothing is.
        """
        stream = appends[0].stream if appends else "?"
        with self._writing(f"write to {self.path} failed, nothing was stored", stream):
            recorded = self.events.append_in_transaction(appends)
            if project:
                projections.apply(self._con)
        return recorded

    @contextmanager
    def _writing(self, failure: str, stream: str = "?") -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back on any error, DuckDB errors
        turned into ours (a write-write conflict is a ConcurrencyError on ``stream``)."""
        with self._lock:
            try:
                self._con.execute("BEGIN TRANSACTION")
                yield
                self._con.execute("COMMIT")
                self._generation += 1
            except duckdb.TransactionException as exc:
                self._rollback()
                raise ConcurrencyError(stream, -1, -1) from exc
            except duckdb.Error as exc:
                self._rollback()
                raise StoreError(f"{failure}: {exc}") from exc
            except BaseException:
                self._rollback()
                raise

    @property
    def generation(self) -> int:
        """How many write transactions this process has committed on the file: while it is open for writing no
        other process can write it, so equal generations mean equal committed states (response caches key on it)."""
        return self._generation

    @property
    def seen_generation(self) -> int:
        """The generation the reads of this moment see at least: the active snapshot's, else the current one."""
        snap = ACTIVE.get()
        return snap.generation if snap is not None and snap.owner is self else self._generation

    def _rollback(self) -> None:
        with suppress(duckdb.Error):
            self._con.execute("ROLLBACK")

    @contextmanager
    def memory_limited(self, limit: str) -> Iterator[None]:
        """Cap DuckDB's memory (e.g. ``"512MB"``) inside the block, then restore the previous cap.

        Without a cap DuckDB keeps the blocks it wrote cached up to 80% of RAM, so a long ingest's
        RSS grows with the database; with one it evicts them (they are on disk) and spills temporary
        data, and the RSS stays flat.
        """
        with self._lock:
            try:
                before = self._con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
                self._con.execute(f"SET memory_limit = '{_size(limit)}'")
            except duckdb.Error as exc:
                raise StoreError(f"cannot limit DuckDB's memory to {limit}: {exc}") from exc
        try:
            yield
        finally:
            with self._lock, suppress(duckdb.Error):
                self._con.execute(f"SET memory_limit = '{_size(str(before))}'")

    def dump_events(self) -> Iterator[dict[str, Any]]:
        """Every stored event with every column as stored (``recorded_at`` as epoch microseconds)."""
        with self._lock:
            try:
                cur = self._con.execute(
                    "SELECT position, stream, version, type, schema_version, data::VARCHAR, meta::VARCHAR, "
                    "epoch_us(recorded_at), prev_hash, hash FROM events ORDER BY position"
                )
                names = [
                    "position",
                    "stream",
                    "version",
                    "type",
                    "schema_version",
                    "data",
                    "meta",
                    "recorded_at_us",
                    "prev_hash",
                    "hash",
                ]
                rows = cur.fetchall()
            except duckdb.Error as exc:
                raise StoreError(f"cannot read the event log: {exc}") from exc
        for row in rows:
            yield dict(zip(names, row, strict=True))

    def load_events(self, records: Iterable[dict[str, Any]]) -> int:
        """Append raw events (from ``dump_events``) after checking positions and the hash chain.

        All or nothing: one transaction. Raises IntegrityError naming the first record that does not fit.
        """
        from datetime import UTC, datetime, timedelta

        from timeline.domain.events import check_chain
        from timeline.errors import IntegrityError

        with self._writing(f"restore into {self.path} failed, nothing was stored"):
            position, prev = self.events.head()
            count = 0
            for r in records:
                try:
                    fields = (
                        int(r["position"]),
                        str(r["stream"]),
                        int(r["version"]),
                        str(r["type"]),
                        int(r["schema_version"]),
                        str(r["data"]),
                        str(r["meta"]),
                        int(r["recorded_at_us"]),
                        str(r["prev_hash"]),
                        str(r["hash"]),
                    )
                except (KeyError, TypeError, ValueError) as exc:
                    raise IntegrityError(position + 1, f"malformed event record ({exc})") from None
                pos, stream, version, etype, sv, data, meta, micros, prev_hash, h = fields
                if pos != position + 1 or prev_hash != prev:
                    raise IntegrityError(pos, "does not continue this database's log")
                check_chain(prev, position + 1, fields)
                moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)
                self._con.execute(
                    "INSERT INTO events VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    [pos, stream, version, etype, sv, data, meta, moment, prev_hash, h],
                )
                position, prev = pos, h
                count += 1
        return count

    def rebuild(self, timer: projections.Timer | None = None) -> int:
        """Rebuild every projection from the log; returns the position reached. ``timer`` is told the
        seconds each projection statement took."""
        with self._writing("rebuild failed, projections unchanged"):
            self._recreate_projections()
            return projections.rebuild(self._con, timer=timer)

    # --- reading ------------------------------------------------------------------------------

    @contextmanager
    def snapshot(self, time_limit: float | None = None) -> Iterator[None]:
        """Make every read of this database inside the block (and in the asyncio tasks it starts) see one
        committed state, without waiting for writers; past ``time_limit`` seconds reads raise TimeLimitError."""
        with self._pool_lock:
            cursor = self._pool.pop() if self._pool else None
        try:
            if cursor is None:
                with self._lock:
                    cursor = self._con.cursor()
            snap = Snapshot(self, cursor, time_limit, generation=self._generation)
            snap.start()
        except duckdb.Error as exc:
            raise StoreError(f"cannot read {self.path}: {exc}") from exc
        token = ACTIVE.set(snap)
        try:
            yield
        finally:
            try:
                ACTIVE.reset(token)
            except ValueError:  # reset from another context: clear it there
                ACTIVE.set(None)
            reusable = snap.finish()
            with self._pool_lock:
                if reusable and len(self._pool) < _POOL_SIZE:
                    self._pool.append(cursor)
                    cursor = None
            if cursor is not None:
                with suppress(duckdb.Error):
                    cursor.close()

    @contextmanager
    def _reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection to read from: the active snapshot's cursor, else the shared connection."""
        snap = ACTIVE.get()
        if snap is None or snap.owner is not self:
            with self._lock:
                try:
                    yield self._con
                except duckdb.InterruptException as exc:
                    raise StoreError(f"query interrupted: {exc}") from exc
            return
        snap.check()
        with snap.lock:
            try:
                yield snap.cursor
            except duckdb.InterruptException as exc:
                raise snap.timed_out() from exc

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
        with self._reading() as con:
            return list(EventStore(con).read(after_position, limit, types))

    def rows(self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a read query and return its rows."""
        with self._reading() as con:
            try:
                return con.execute(sql, params or {}).fetchall()
            except duckdb.InterruptException:
                raise
            except duckdb.Error as exc:
                raise StoreError(f"query failed: {exc}") from exc

    def dicts(self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query and return rows as dicts."""
        with self._reading() as con:
            try:
                cur = con.execute(sql, params or {})
                names = [d[0] for d in cur.description or []]
                return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
            except duckdb.InterruptException:
                raise
            except duckdb.Error as exc:
                raise StoreError(f"query failed: {exc}") from exc

    def frame(self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None) -> pl.DataFrame:
        """Run a read query and return a polars DataFrame."""
        with self._reading() as con:
            try:
                return pl.from_arrow(con.sql(sql, params=params or {}).to_arrow_table())  # type: ignore[return-value]
            except duckdb.InterruptException:
                raise
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
        """Several reads that must see one consistent state (inside a snapshot they already do)."""
        snap = ACTIVE.get()
        if snap is not None and snap.owner is self:
            yield self
            return
        with self._lock:
            yield self


def _size(text: str) -> str:
    """A memory size such as ``512MB`` or ``18.8 GiB``, checked (it is spliced into a SET statement)."""
    import re

    if not re.fullmatch(r"\s*\d+(\.\d+)?\s*[KMGT]?i?B\s*", text, flags=re.I):
        raise StoreError(f"not a memory size: {text!r}")
    return text.strip()
