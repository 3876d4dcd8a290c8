"""Server throughput: concurrent clients sending a mix of read queries to ``timeline serve``."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

from benchmarks.harness import Row, Sizes, graphql_operation, log, percentile

MIX: list[tuple[str, str, dict[str, Any]]] = [
    ("headline", graphql_operation("headline"), {}),
    ("claims page", graphql_operation("claims_page"), {"filter": {"about": "Russia", "after": "2022-01-01"}}),
    ("claims by", graphql_operation("claims_page"), {"filter": {"by": "Reuters"}, "first": 20}),
    ("claims in ko", graphql_operation("claims_page"), {"filter": {"about": "김정은", "language": "ko"}}),
    ("entity", graphql_operation("entity"), {"name": "Туманганг"}),
    ("events", graphql_operation("events"), {"after": 1000, "first": 5}),
]


@dataclass
class Load:
    """What the clients saw."""

    seconds: float
    ok: int
    errors: int
    latencies_ms: list[float]
    first_error: str = ""


async def _client(url: str, deadline: float, rng: random.Random, load: Load) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        while time.perf_counter() < deadline:
            _name, query, variables = rng.choice(MIX)
            t0 = time.perf_counter()
            try:
                resp = await client.post("/graphql", json={"query": query, "variables": variables})
                failed = resp.status_code != 200 or bool(resp.json().get("errors"))
                reason = resp.text[:200] if failed else ""
            except Exception as exc:  # a refused or dropped connection is an error the table reports
                failed, reason = True, repr(exc)
            load.latencies_ms.append((time.perf_counter() - t0) * 1000)
            if failed:
                load.errors += 1
                load.first_error = load.first_error or reason
            else:
                load.ok += 1


async def _run(url: str, clients: int, seconds: float, seed: int) -> Load:
    load = Load(seconds, 0, 0, [])
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(*(_client(url, deadline, random.Random(seed + i), load) for i in range(clients)))
    load.seconds = time.perf_counter() - start
    return load


def run(url: str, sizes: Sizes, claims: int) -> list[Row]:
    """Row: requests/s and errors with ``sizes.clients`` concurrent clients for ``sizes.throughput_seconds``."""
    log(f"throughput: {sizes.clients} clients, mixed queries, {sizes.throughput_seconds:.0f} s, {claims:,} claims")
    load = asyncio.run(_run(url, sizes.clients, sizes.throughput_seconds, sizes.seed))
    rate = (load.ok + load.errors) / load.seconds
    note = (
        f"{claims:,} claims; {load.ok + load.errors} requests, latency p50 {percentile(load.latencies_ms, 50):.0f} ms,"
        f" p99 {percentile(load.latencies_ms, 99):.0f} ms; mix: " + ", ".join(name for name, _, _ in MIX)
    )
    if load.errors:
        note += f"; first error: {load.first_error}"
    return [
        Row(
            f"server throughput, {sizes.clients} concurrent clients",
            rate,
            "req/s",
            "≥ 300 req/s on 2 cores, 0 errors",
            rate >= 300 and load.errors == 0,
            note=note,
            extra={"errors": load.errors, "ok": load.ok},
        ),
        Row(
            "server errors under load",
            float(load.errors),
            "errors",
            "0",
            load.errors == 0,
            note="non-200 responses, GraphQL errors, dropped connections",
        ),
    ]


def rename(rows: list[Row], label: str) -> list[Row]:
    """The rows with ``label`` after their names (the same measure on a server configured otherwise)."""
    from dataclasses import replace

    return [replace(r, what=r.what + label) for r in rows]
