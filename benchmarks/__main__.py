"""Run every benchmark and print one table: ``python -m benchmarks [--short] [--markdown]``."""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path

from benchmarks import bulk, extraction, ingest, memory, query, rebuild, throughput
from benchmarks.harness import FULL, SHORT, Row, Sizes, cores, log, table

BENCHMARKS = ["extraction", "ingest", "memory", "query"]  # query also runs throughput and rebuild


def log_rows(rows: list[Row]) -> None:
    """Log results as soon as they are known (a long run stopped early still tells what it measured)."""
    for line in table(rows).splitlines()[2:]:
        log("result: " + line)


def run(sizes: Sizes, workdir: Path, only: list[str], keep: bool = False) -> list[Row]:
    """Run the selected benchmarks at ``sizes`` in ``workdir``; returns the table rows. With ``keep``, query
    databases are left in ``workdir`` and ones already there are used again."""
    rows: list[Row] = []

    def done(new: list[Row]) -> None:
        rows.extend(new)
        log_rows(new)

    if "extraction" in only:
        done(extraction.run(sizes))
    if "ingest" in only:
        done(ingest.run(sizes, workdir))
    if "memory" in only:
        done(memory.run(sizes, workdir))
    if "query" in only:
        base: list[bulk.BaseArticle] = []
        built: list[bulk.Built] = []
        latencies: list[query.Latency] = []
        load: list[Row] = []
        for claims in sizes.claims:
            db = workdir / f"claims-{claims}.duckdb"
            if keep and db.exists():
                built.append(bulk.reuse(db))
            else:
                if not base:
                    log(f"bulk: extracting {sizes.base_articles} distinct articles to copy")
                    base = bulk.extract_base(sizes.base_articles, sizes.seed + 2)
                built.append(bulk.build(db, base, claims))
            last = claims == sizes.claims[-1]
            size = built[-1].claims

            def under_load(url: str, size: int = size) -> list[Row]:  # on the largest database only
                return throughput.run(url, sizes, size)

            latency, after, after_uncached = query.measure(built[-1], sizes.requests, under_load if last else None)
            latencies.append(latency)
            if after:
                uncached = throughput.rename(after_uncached or [], ", response cache off")
                load = after + uncached
            log_rows(query.rows(latencies[-1:]))  # progress: the table has every size
            if not keep:
                db.unlink()
        rows += query.rows(latencies)
        done(load)
        timed = [b for b in built if b.rebuild_seconds == b.rebuild_seconds]  # reused ones may not be (NaN)
        if timed:
            done(rebuild.rows(timed))
    return rows


def machine() -> str:
    """A one-line description of where this ran."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cores()} cores ({cpu}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, print the table (and optionally write JSON)."""
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--short", action="store_true", help="small sizes (CI): about a minute or two")
    p.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    p.add_argument("--only", default=",".join(BENCHMARKS), help=f"comma-separated subset of {','.join(BENCHMARKS)}")
    p.add_argument("--workdir", help="where corpora and databases go (default: a temporary directory)")
    p.add_argument("--json", help="also write the rows as JSON to this file")
    p.add_argument(
        "--claims", help="comma-separated sizes of the query databases (default: 10k,100k,1M; short: 500,2500)"
    )
    p.add_argument(
        "--keep-databases",
        action="store_true",
        help="leave the query databases in --workdir, and use the ones already there (brought to this version)",
    )
    p.add_argument("--memory", help="the two sizes of the memory benchmark, e.g. 1000,4000 (articles)")
    args = p.parse_args(argv)
    only = [x.strip() for x in args.only.split(",") if x.strip()]
    unknown = sorted(set(only) - set(BENCHMARKS))
    if unknown:
        print(f"error: unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    sizes = SHORT if args.short else FULL
    if args.claims:
        sizes = replace(sizes, claims=tuple(int(x) for x in args.claims.split(",")))
    if args.memory:
        small, large = (int(x) for x in args.memory.split(","))
        sizes = replace(sizes, memory_articles=(small, large))
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    t0 = time.perf_counter()
    try:
        rows = run(sizes, workdir, only, keep=args.keep_databases)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.perf_counter() - t0
    command = "python -m benchmarks" + (" --short" if args.short else "")
    print(f"{sizes.name} run, {started}, {elapsed:.0f} s; {machine()}; `{command}`")
    print(table(rows, markdown=args.markdown))
    if args.json:
        out = {"sizes": asdict(sizes), "started": started, "seconds": elapsed, "machine": machine()}
        out["rows"] = [asdict(r) for r in rows]
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
