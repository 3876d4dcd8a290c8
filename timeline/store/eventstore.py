"""The append-only, hash-chained event log in DuckDB.

``append`` assigns global positions inside the committing transaction, checks each stream's
expected version (raising :class:`ConcurrencyError` on a mismatch) and chains every event's hash
to the one before it. ``verify`` recomputes the whole chain. There is no update or delete.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from timeline.domain.events import (
    GENESIS_HASH,
    NewEvent,
    RecordedEvent,
    canonical_json,
    check_chain,
    epoch_micros,
    event_hash,
    payload_json,
    upcast,
)
from timeline.errors import ConcurrencyError, StoreError

NO_STREAM = 0  #: expected version of a stream that must not exist yet


@dataclass(frozen=True, slots=True)
class StreamAppend:
    """Events for one stream, appended only if the stream is at ``expected_version`` (None: any)."""

    stream: str
    expected_version: int | None
    events: Sequence[NewEvent]


_EVENT_SCHEMA = pa.schema(
    [
        ("position", pa.int64()),
        ("stream", pa.string()),
        ("version", pa.int32()),
        ("type", pa.string()),
        ("schema_version", pa.int32()),
        ("data", pa.string()),
        ("meta", pa.string()),
        ("recorded_at", pa.timestamp("us", tz="UTC")),
        ("prev_hash", pa.string()),
        ("hash", pa.string()),
    ]
)


class EventStore:
    """Appends to and reads from the ``events`` table of an open DuckDB connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def head(self) -> tuple[int, str]:
        """The last position and its hash ((0, genesis) for an empty log)."""
        row = self._con.execute("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1").fetchall()
        return (int(row[0][0]), str(row[0][1])) if row else (0, GENESIS_HASH)

    def stream_versions(self, streams: Sequence[str]) -> dict[str, int]:
        """Current version of each named stream (absent streams are left out)."""
        if not streams:
            return {}
        rows = self._con.execute(
            "SELECT stream, max(version) FROM events WHERE stream IN (SELECT unnest($s)) GROUP BY stream",
            {"s": list(streams)},
        ).fetchall()
        return {str(s): int(v) for s, v in rows}

    def append_in_transaction(self, appends: Sequence[StreamAppend]) -> list[RecordedEvent]:
        """Append inside the caller's open transaction (the caller commits or rolls back)."""
        versions = self.stream_versions([a.stream for a in appends])
        position, prev = self.head()
        now = datetime.now(UTC)
        micros = epoch_micros(now)
        recorded: list[RecordedEvent] = []
        cols: dict[str, list[Any]] = {name: [] for name in _EVENT_SCHEMA.names}
        metas: dict[int, tuple[dict[str, Any], str]] = {}  # events of a batch usually share one meta
        for a in appends:
            current = versions.get(a.stream, 0)
            if a.expected_version is not None and current != a.expected_version:
                raise ConcurrencyError(a.stream, a.expected_version, current)
            for ev in a.events:
                ev = ev.versioned()
                position += 1
                current += 1
                data_json = payload_json(ev.data)
                cached = metas.get(id(ev.meta))
                if cached is None or cached[0] is not ev.meta:
                    cached = metas[id(ev.meta)] = (ev.meta, canonical_json(ev.meta))
                meta_json = cached[1]
                h = event_hash(
                    prev,
                    position=position,
                    stream=a.stream,
                    version=current,
                    type=ev.type,
                    schema_version=ev.schema_version or 1,
                    data_json=data_json,
                    meta_json=meta_json,
                    recorded_micros=micros,
                )
                for name, value in (
                    ("position", position),
                    ("stream", a.stream),
                    ("version", current),
                    ("type", ev.type),
                    ("schema_version", ev.schema_version),
                    ("data", data_json),
                    ("meta", meta_json),
                    ("recorded_at", now),
                    ("prev_hash", prev),
                    ("hash", h),
                ):
                    cols[name].append(value)
                recorded.append(
                    RecordedEvent(
                        position, a.stream, current, ev.type, ev.schema_version or 1, ev.data, ev.meta, now, prev, h
                    )
                )
                prev = h
            versions[a.stream] = current
        if recorded:
            batch = pa.table(cols, schema=_EVENT_SCHEMA)  # noqa: F841 - referenced by name in SQL
            try:
                self._con.execute("INSERT INTO events SELECT * FROM batch")
            except duckdb.ConstraintException as exc:
                raise ConcurrencyError(appends[0].stream, appends[0].expected_version or 0, -1) from exc
        return recorded

    def read(
        self, after_position: int = 0, limit: int | None = None, types: Sequence[str] | None = None
    ) -> Iterator[RecordedEvent]:
        """Events after ``after_position`` in order, payloads upcast to the current schema."""
        sql = (
            "SELECT position, stream, version, type, schema_version, data::VARCHAR, meta::VARCHAR, "
            "recorded_at, prev_hash, hash FROM events WHERE position > $after"
        )
        params: dict[str, Any] = {"after": after_position}
        if types:
            sql += " AND type IN (SELECT unnest($types))"
            params["types"] = list(types)
        sql += " ORDER BY position"
        if limit is not None:
            sql += " LIMIT $limit"
            params["limit"] = limit
        import json

        try:
            cursor = self._con.execute(sql, params)
            while rows := cursor.fetchmany(1000):
                for r in rows:
                    version, data = upcast(r[3], int(r[4]), json.loads(r[5]))
                    yield RecordedEvent(
                        int(r[0]), r[1], int(r[2]), r[3], version, data, json.loads(r[6]), r[7], r[8], r[9]
                    )
        except duckdb.Error as exc:
            raise StoreError(f"cannot read the event log: {exc}") from exc

    def verify(self, chunk: int = 10_000) -> int:
        """Recompute the hash chain; return the number of events. Raises IntegrityError at the first break."""
        prev = GENESIS_HASH
        expected_position = 1
        cursor = self._con.execute(
            "SELECT position, stream, version, type, schema_version, data::VARCHAR, meta::VARCHAR, "
            "epoch_us(recorded_at), prev_hash, hash FROM events ORDER BY position"
        )
        count = 0
        while rows := cursor.fetchmany(chunk):
            for row in rows:
                prev = check_chain(prev, expected_position, row)
                expected_position += 1
                count += 1
        return count
