"""End-to-end ingest (read JSONL, extract, append events, project) into fresh DuckDB files.

The same articles are also extracted alone (no database), with the same parallelism, so the
cost of the log and the projections shows as a ratio. Ingest is timed at several sizes so the
growth of its time with N can be fitted.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks import corpus
from benchmarks.harness import Row, Sizes, cores, log, loglog_exponent

WORKER_PARAMS = ("workers", "jobs", "processes")


def worker_option() -> str | None:
    """The name of ``Timeline.ingest_paths``' parallelism parameter, if it has one."""
    from timeline.app import Timeline

    params = inspect.signature(Timeline.ingest_paths).parameters
    return next((p for p in WORKER_PARAMS if p in params), None)


def ingest_file(db: Path, jsonl: Path) -> tuple[float, int, int]:
    """Ingest one JSONL file into a fresh database with every core the ingest can use.

    Returns (seconds, articles stored, workers used). Loading the models and the gazetteer, and the
    gazetteer's first import into the new database, happen before the clock starts: they are paid
    once per database or process, not per article.
    """
    import timeline

    option = worker_option()
    workers = cores() if option else 1
    kwargs: dict[str, Any] = {option: workers} if option else {}
    with timeline.open(db) as tl:
        _ = tl.extractor  # built before timing: a one-off cost of a few seconds
        tl.ingest([])  # so is the first import of the gazetteer into a new database
        start = time.perf_counter()
        summary = tl.ingest_paths([jsonl], **kwargs)
        seconds = time.perf_counter() - start
    if summary.rejected:
        raise RuntimeError(f"ingest rejected {len(summary.rejected)} corpus articles: {summary.rejected[0]}")
    return seconds, summary.new, workers


_WORKER_EXTRACTOR: Any = None


def _init_worker() -> None:
    global _WORKER_EXTRACTOR
    from benchmarks.extraction import extractor

    _WORKER_EXTRACTOR = extractor()


def _extract_chunk(records: list[dict[str, Any]]) -> int:
    from timeline.ingest.readers import article_from_record

    for r in records:
        _WORKER_EXTRACTOR.extract(article_from_record(r, r["source"]))
    return len(records)


def extract_only(records: Iterable[dict[str, Any]], workers: int) -> float:
    """Seconds to parse and extract the records, without any database, on ``workers`` processes."""
    from timeline.ingest.readers import article_from_record

    records = list(records)
    if workers <= 1:
        from benchmarks.extraction import extractor

        ex = extractor()
        start = time.perf_counter()
        for r in records:
            ex.extract(article_from_record(r, r["source"]))
        return time.perf_counter() - start
    with ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
        list(pool.map(_extract_chunk, [[]] * workers))  # every worker warmed up before the clock starts
        chunks = [records[i : i + 25] for i in range(0, len(records), 25)]
        start = time.perf_counter()
        done = sum(pool.map(_extract_chunk, chunks))
        seconds = time.perf_counter() - start
    assert done == len(records)
    return seconds


def run(sizes: Sizes, workdir: Path) -> list[Row]:
    """Rows: ingest articles/s, its overhead over extraction alone, and the growth exponent of ingest time."""
    results: list[tuple[int, float]] = []
    workers = 1
    for n in sizes.ingest_articles:
        jsonl = corpus.write_file(workdir / f"ingest-{n}.jsonl", n, sizes.seed)
        db = workdir / f"ingest-{n}.duckdb"
        log(f"ingest: {n} articles into a fresh database")
        seconds, stored, workers = ingest_file(db, jsonl)
        if stored != n:
            raise RuntimeError(f"ingest stored {stored} of {n} distinct corpus articles")
        results.append((n, seconds))
        db.unlink()
    n, ingest_s = results[-1]
    log(f"ingest baseline: extraction alone of the same {n} articles on {workers} process(es)")
    extract_s = extract_only(corpus.articles(n, sizes.seed), workers)
    rate = n / ingest_s
    ratio = ingest_s / extract_s
    exponent = loglog_exponent([x for x, _ in results], [t for _, t in results])
    # fixed costs flatten the fit over small sizes; the last doubling shows the per-article trend
    tail = loglog_exponent([x for x, _ in results[-2:]], [t for _, t in results[-2:]])
    how = f"{workers} worker(s) of {cores()} cores" + ("" if workers > 1 else "; ingest has no parallel option yet")
    return [
        Row(
            f"end-to-end ingest into DuckDB ({workers} worker{'s' if workers > 1 else ''})",
            rate,
            "articles/s",
            "≥ 800 articles/s on 2 cores",
            rate >= 800,
            note=f"{n} articles, JSONL -> events -> projections; {how}",
        ),
        Row(
            "ingest time / extraction alone",
            ingest_s,
            "s",
            "≤ 1.3× (log + projections ≤ 30%)",
            ratio <= 1.3,
            baseline=extract_s,
            baseline_unit="s",
            ratio=ratio,
            note=f"same {n} articles, same parallelism",
        ),
        Row(
            "growth: ingest time vs N (fitted exponent)",
            exponent,
            "",
            "≈ 1 (linear)",
            max(exponent, tail) <= 1.15,
            note=f"last two sizes alone: {tail:.2f}; N = " + ", ".join(f"{x}: {t:.1f} s" for x, t in results),
            extra={"points": results},
        ),
    ]
