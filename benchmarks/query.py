"""The headline GraphQL query over HTTP against ``timeline serve``, at several database sizes,
against the same filter written by hand in DuckDB SQL on the same file."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.bulk import Built
from benchmarks.harness import Row, graphql_operation, log, loglog_exponent, percentile, serving

T = TypeVar("T")

ABOUT, ABOUT_ID, BEFORE = "Tumangang", "tumangang", "2023-10-06"
PAGE = 50  # the claims connection's default page
TIMEOUT_S = 60.0

# What graphql/headline.graphql asks for, by hand: the page of claims about the entity whose event
# (else stated) time starts before the date, in (time, id) order, with claimant, entities and article.
HEADLINE_SQL = f"""
SELECT c.claim_id, c.text, c.language,
       c.event_start, c.event_end, c.event_granularity, c.event_expression, c.stated_start, c.stated_end,
       c.claimant_id, ce.name AS claimant,
       (SELECT list(struct_pack(id := e.entity_id, name := e.name) ORDER BY x.ordinal)
          FROM claim_entities x JOIN entities e USING (entity_id)
         WHERE x.claim_id = c.claim_id AND x.valid_to IS NULL) AS entities,
       a.source, a.url, a.outlet, a.published_at, x.language AS article_language, c.start_offset, c.end_offset
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN extractions x ON x.article_id = a.article_id AND x.valid_to IS NULL
LEFT JOIN entities ce ON ce.entity_id = c.claimant_id
WHERE c.valid_to IS NULL
  AND c.sort_start < DATE '{BEFORE}'
  AND c.claim_id IN (SELECT claim_id FROM claim_entities WHERE valid_to IS NULL AND entity_id = '{ABOUT_ID}')
ORDER BY coalesce(c.sort_start, DATE '9999-12-31'), c.claim_id
LIMIT {PAGE}
"""


@dataclass
class Latency:
    """Latencies of one query at one database size."""

    claims: int
    graphql_ms: list[float]
    sql_ms: list[float]
    graphql_rows: int
    sql_rows: int
    graphql_errors: int = 0
    uncached_ms: list[float] = field(default_factory=list)  # the same query with the response cache off
    uncached_errors: int = 0

    def p(self, which: str, q: float) -> float:
        values = {"graphql": self.graphql_ms, "sql": self.sql_ms, "uncached": self.uncached_ms}[which]
        return percentile(values, q)


def sql_latency(db: Path, requests: int) -> tuple[list[float], int]:
    """Milliseconds per run of the hand-written SQL (DuckDB in this process, read-only) and its row count."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = len(con.execute(HEADLINE_SQL).fetchall())  # warm: the first run reads the file
        times = []
        for _ in range(requests):
            t0 = time.perf_counter()
            con.execute(HEADLINE_SQL).fetchall()
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        con.close()
    return times, rows


def graphql_latency(url: str, requests: int) -> tuple[list[float], int, int]:
    """Milliseconds per headline query over HTTP (one keep-alive connection), the claims returned, and
    the requests that failed or timed out (counted at the timeout, so they weigh on p99)."""
    import httpx

    body = {"query": graphql_operation("headline")}
    errors = 0
    with httpx.Client(base_url=url, timeout=TIMEOUT_S) as client:
        for _ in range(3):  # warm-up: first requests build caches (entity resolver, DataLoaders)
            first = client.post("/graphql", json=body)
        first.raise_for_status()
        data = first.json()
        if data.get("errors"):
            raise RuntimeError(f"headline query failed: {data['errors']}")
        rows = len(data["data"]["claims"]["edges"])
        times = []
        for _ in range(requests):
            t0 = time.perf_counter()
            try:
                failed = client.post("/graphql", json=body).status_code != 200
            except httpx.TransportError:  # a timeout or dropped connection: reported, not fatal
                failed = True
            errors += failed
            times.append((time.perf_counter() - t0) * 1000)
    return times, rows, errors


def measure(built: Built, requests: int, then: Callable[[str], T] | None = None) -> tuple[Latency, T | None, T | None]:
    """SQL first (DuckDB allows one writer process per file), then GraphQL against ``timeline serve`` on the
    same file as it ships (response cache on), then against ``timeline serve --response-cache 0`` (every
    request executed); ``then(url)`` runs against each server afterwards (one start fewer)."""
    log(f"query: hand-written SQL x{requests} on {built.claims:,} claims")
    sql_ms, sql_rows = sql_latency(built.path, requests)
    with serving(built.path) as url:
        log(f"query: headline GraphQL over HTTP x{requests} on {built.claims:,} claims")
        gql_ms, gql_rows, errors = graphql_latency(url, requests)
        after = then(url) if then is not None else None
    with serving(built.path, ("--response-cache", "0")) as url:
        log(f"query: headline GraphQL over HTTP x{requests} on {built.claims:,} claims, response cache off")
        raw_ms, _rows, raw_errors = graphql_latency(url, requests)
        after_uncached = then(url) if then is not None else None
    latency = Latency(built.claims, gql_ms, sql_ms, gql_rows, sql_rows, errors, raw_ms, raw_errors)
    return latency, after, after_uncached


def rows(results: list[Latency]) -> list[Row]:
    """Rows: p50/p99 per size with the SQL baseline, the GraphQL/SQL ratio, and the growth exponent."""
    out = []
    for r in results:
        g50, g99, s50, s99 = r.p("graphql", 50), r.p("graphql", 99), r.p("sql", 50), r.p("sql", 99)
        big = r.claims >= 1_000_000
        target = "p50 ≤ 15 ms, p99 ≤ 50 ms; ≤ 3× SQL" if big else "≤ 3× SQL"
        ratio = g50 / s50 if s50 else None
        met = (ratio is not None and ratio <= 3) and (not big or (g50 <= 15 and g99 <= 50)) and not r.graphql_errors
        same = f"; {r.graphql_errors} REQUESTS FAILED OR TIMED OUT ({TIMEOUT_S:.0f} s)" if r.graphql_errors else ""
        if r.graphql_rows != r.sql_rows:
            same += f"; ROW COUNTS DIFFER: GraphQL {r.graphql_rows}, SQL {r.sql_rows}"
        out.append(
            Row(
                f"headline query over HTTP, {r.claims:,} claims (p50)",
                g50,
                "ms",
                target,
                met,
                baseline=s50,
                baseline_unit="ms SQL",
                ratio=ratio,
                note=f"p99 {g99:.1f} ms (SQL p99 {s99:.1f} ms); {len(r.graphql_ms)} requests, "
                f"{r.graphql_rows} claims per page{same}",
            )
        )
    for r in results:
        if not r.uncached_ms:
            continue
        u50, u99, s50 = r.p("uncached", 50), r.p("uncached", 99), r.p("sql", 50)
        big = r.claims >= 1_000_000
        ratio = u50 / s50 if s50 else None
        met = (ratio is not None and ratio <= 3) and (not big or (u50 <= 15 and u99 <= 50)) and not r.uncached_errors
        failed = f"; {r.uncached_errors} REQUESTS FAILED OR TIMED OUT" if r.uncached_errors else ""
        out.append(
            Row(
                f"headline query, response cache off, {r.claims:,} claims (p50)",
                u50,
                "ms",
                "p50 ≤ 15 ms, p99 ≤ 50 ms; ≤ 3× SQL" if big else "≤ 3× SQL",
                met,
                baseline=s50,
                baseline_unit="ms SQL",
                ratio=ratio,
                note=f"p99 {u99:.1f} ms; `timeline serve --response-cache 0`: every request parsed (cached), "
                f"executed and encoded{failed}",
            )
        )
    if len(results) >= 2:
        exponent = loglog_exponent([r.claims for r in results], [r.p("graphql", 50) for r in results])
        sql_exp = loglog_exponent([r.claims for r in results], [r.p("sql", 50) for r in results])
        uncached = ""
        if all(r.uncached_ms for r in results):
            raw_exp = loglog_exponent([r.claims for r in results], [r.p("uncached", 50) for r in results])
            uncached = f"response cache off: {raw_exp:.2f}; "
        out.append(
            Row(
                "growth: query p50 vs claims (fitted exponent)",
                exponent,
                "",
                "< 1 (sub-linear)",
                exponent < 1,
                note=f"{uncached}SQL alone: {sql_exp:.2f}; sizes " + ", ".join(f"{r.claims:,}" for r in results),
            )
        )
    return out


def summary(results: list[Latency]) -> dict[str, Any]:
    """Raw figures for the JSON output."""
    return {
        str(r.claims): {
            "graphql_p50": r.p("graphql", 50),
            "graphql_p99": r.p("graphql", 99),
            "sql_p50": r.p("sql", 50),
            "sql_p99": r.p("sql", 99),
        }
        for r in results
    }
