"""Projections: read tables built from the log by set-based SQL (``sql/project.sql``).

The same statements serve incremental apply (events after the checkpoint) and a full rebuild
(every table emptied, then all events, a chunk of positions at a time), so both give identical
tables by construction; a test checks it anyway.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import duckdb

PROJECTION = "main"
TABLES = [
    "articles",
    "extractions",
    "time_expressions",
    "claims",
    "claim_entities",
    "mentions",
    "entities",
    "aliases",
    "entity_merges",
    "claims_by_entity",
]
#: events per step of a rebuild: bounds the memory of the parsed payloads, costs a few statements per step
REBUILD_CHUNK = 20_000
_TEMP_TABLES = ("_submitted", "_extracted", "_touched", "_extractions")


@dataclass(frozen=True, slots=True)
class Statement:
    """One ``-- @name`` block of project.sql, with the conditions under which it can change anything."""

    name: str
    sql: str
    needs: frozenset[str] | None = None  # an event of one of these types in the range
    needs_in_log: frozenset[str] | None = None  # ... at any position up to the end of the range
    when: str | None = None  # an SQL condition checked just before it runs

    def runs(self, in_range: set[str], in_log: set[str]) -> bool:
        """Whether the event types present allow this statement to change anything."""
        return (self.needs is None or bool(self.needs & in_range)) and (
            self.needs_in_log is None or bool(self.needs_in_log & in_log)
        )


def _types(sql: str, label: str) -> frozenset[str] | None:
    found = re.search(rf"^-- {label}:\s*(.+)$", sql, flags=re.M)
    return frozenset(t.strip() for t in found.group(1).split(",")) if found else None


@lru_cache(maxsize=1)
def statements() -> list[Statement]:
    """The projection statements, in the order they run."""
    text = (resources.files("timeline.store") / "sql" / "project.sql").read_text(encoding="utf-8")
    parts = re.split(r"^-- @(\w+)\s*$", text, flags=re.M)
    out = []
    for i in range(1, len(parts), 2):
        sql = parts[i + 1].strip()
        when = re.search(r"^-- when:\s*(.+)$", sql, flags=re.M)
        out.append(
            Statement(parts[i], sql, _types(sql, "needs"), _types(sql, "needs in log"), when.group(1) if when else None)
        )
    return out


def _params(sql: str, values: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in values.items() if f"${k}" in sql}


def checkpoint(con: duckdb.DuckDBPyConnection) -> int:
    """The last log position the projections include."""
    row = con.execute("SELECT position FROM projection_state WHERE name = $n", {"n": PROJECTION}).fetchall()
    return int(row[0][0]) if row else 0


def head(con: duckdb.DuckDBPyConnection) -> int:
    """The last position of the log (0 when empty)."""
    row = con.execute("SELECT coalesce(max(position), 0) FROM events").fetchall()
    return int(row[0][0]) if row else 0


Timer = Callable[[str, float], None]
"""Called with each statement's name and seconds (``benchmarks.profile`` uses it)."""


def apply(con: duckdb.DuckDBPyConnection, upto: int | None = None, timer: Timer | None = None) -> int:
    """Bring projections up to ``upto`` (default: the log head) inside the caller's transaction."""
    after = checkpoint(con)
    if upto is None:
        upto = head(con)
    if upto <= after:
        return after
    values = {"after": after, "upto": upto}
    rows = con.execute(
        "SELECT type, max(position) > $after FROM events WHERE position <= $upto GROUP BY type", values
    ).fetchall()
    in_log = {str(r[0]) for r in rows}
    in_range = {str(r[0]) for r in rows if r[1]}
    for st in statements():
        if not st.runs(in_range, in_log):
            continue
        start = time.perf_counter()
        if st.when is not None:
            check = f"SELECT ({st.when})"
            if not con.execute(check, _params(check, values)).fetchall()[0][0]:
                continue
        con.execute(st.sql, _params(st.sql, values))
        if timer is not None:
            timer(st.name, time.perf_counter() - start)
    for table in _TEMP_TABLES:  # the parsed payloads of the range: free them now
        con.execute(f"DROP TABLE IF EXISTS temp.{table}")
    con.execute("DELETE FROM projection_state WHERE name = $n", {"n": PROJECTION})
    con.execute("INSERT INTO projection_state VALUES ($n, $p)", {"n": PROJECTION, "p": upto})
    return upto


def rebuild(con: duckdb.DuckDBPyConnection, chunk: int = REBUILD_CHUNK, timer: Timer | None = None) -> int:
    """Build every projection from position 0 into EMPTY tables, ``chunk`` events at a time (caller's
    transaction; ``Database`` empties the tables by dropping and recreating them, which is much
    cheaper than deleting every row). Each step is an incremental apply, so the result is the same
    as in one step."""
    con.execute("DELETE FROM projection_state WHERE name = $n", {"n": PROJECTION})
    last = head(con)
    reached = 0
    while reached < last:
        reached = apply(con, min(reached + chunk, last), timer)
    return reached
