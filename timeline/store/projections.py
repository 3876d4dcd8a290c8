"""Projections: read tables built from the log by set-based SQL (``sql/project.sql``).

The same statements serve incremental apply (events after the checkpoint) and a full rebuild
(every table emptied, then all events), so both give identical tables by construction; a test
checks it anyway.
"""

from __future__ import annotations

import re
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


@lru_cache(maxsize=1)
def _statements() -> list[tuple[str, str]]:
    text = (resources.files("timeline.store") / "sql" / "project.sql").read_text(encoding="utf-8")
    parts = re.split(r"^-- @(\w+)\s*$", text, flags=re.M)
    return [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts), 2)]


def checkpoint(con: duckdb.DuckDBPyConnection) -> int:
    """The last log position the projections include."""
    row = con.execute("SELECT position FROM projection_state WHERE name = $n", {"n": PROJECTION}).fetchall()
    return int(row[0][0]) if row else 0


def apply(con: duckdb.DuckDBPyConnection, upto: int | None = None) -> int:
    """Bring projections up to ``upto`` (default: the log head) inside the caller's transaction."""
    after = checkpoint(con)
    if upto is None:
        row = con.execute("SELECT coalesce(max(position), 0) FROM events").fetchall()
        upto = int(row[0][0]) if row else 0
    if upto <= after:
        return after
    values = {"after": after, "upto": upto}
    for _name, sql in _statements():
        con.execute(sql, {k: v for k, v in values.items() if f"${k}" in sql})
    con.execute("DELETE FROM projection_state WHERE name = $n", {"n": PROJECTION})
    con.execute("INSERT INTO projection_state VALUES ($n, $p)", {"n": PROJECTION, "p": upto})
    return upto


def rebuild(con: duckdb.DuckDBPyConnection) -> int:
    """Empty every projection table and rebuild from position 0 (caller's transaction)."""
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")
    con.execute("DELETE FROM projection_state WHERE name = $n", {"n": PROJECTION})
    return apply(con)
