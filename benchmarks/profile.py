"""Where the time goes: ``python -m benchmarks.profile extraction|ingest|rebuild [N]``.

- ``extraction``: cProfile of the extractor over N corpus articles, top functions by own time.
- ``ingest``: cProfile of ``Timeline.ingest_paths`` over N articles into a fresh database.
- ``rebuild``: each statement of ``timeline/store/sql/project.sql`` (what ``timeline rebuild`` runs,
  in order, from position 0) timed on a copy of a bulk-built database of N claims.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import shutil
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from benchmarks import bulk, corpus
from benchmarks.extraction import extractor, load_articles
from benchmarks.harness import FULL

TABLES = ["articles", "extractions", "time_expressions", "claims", "claim_entities", "mentions", "entities"]


def _print_stats(profile: cProfile.Profile, top: int) -> None:
    stats = pstats.Stats(profile, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)


def profile_extraction(n: int, top: int) -> None:
    """Top functions by own time while extracting ``n`` articles on one core."""
    arts = load_articles(n, FULL.seed)
    ex = extractor()
    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    for art in arts:
        ex.extract(art)
    prof.disable()
    print(f"{n} articles in {time.perf_counter() - start:.1f} s (under the profiler)")
    _print_stats(prof, top)


def profile_ingest(n: int, top: int, workdir: Path) -> None:
    """Top functions by own time while ingesting ``n`` articles into a fresh database."""
    import timeline

    jsonl = corpus.write_file(workdir / "profile.jsonl", n, FULL.seed)
    with timeline.open(workdir / "profile.duckdb") as tl:
        _ = tl.extractor
        tl.ingest([])
        prof = cProfile.Profile()
        start = time.perf_counter()
        prof.enable()
        tl.ingest_paths([jsonl])
        prof.disable()
    print(f"{n} articles in {time.perf_counter() - start:.1f} s (under the profiler)")
    _print_stats(prof, top)


def profile_rebuild(claims: int, workdir: Path) -> None:
    """Seconds per projection statement when rebuilding a bulk database of ``claims`` claims."""
    import duckdb

    base = bulk.extract_base(min(FULL.base_articles, max(28, claims // 12)), FULL.seed + 2)
    built = bulk.build(workdir / "rebuild.duckdb", base, claims)
    copy = workdir / "rebuild-copy.duckdb"
    shutil.copy(built.path, copy)
    sql = (resources.files("timeline.store") / "sql" / "project.sql").read_text(encoding="utf-8")
    parts = re.split(r"^-- @(\w+)\s*$", sql, flags=re.M)
    statements = [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts), 2)]
    con = duckdb.connect(str(copy))
    con.execute("BEGIN")
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")
    upto = con.execute("SELECT max(position) FROM events").fetchall()[0][0]
    values = {"after": 0, "upto": upto}
    timings = []
    for name, statement in statements:
        start = time.perf_counter()
        con.execute(statement, {k: v for k, v in values.items() if f"${k}" in statement})
        timings.append((time.perf_counter() - start, name))
    con.execute("ROLLBACK")
    con.close()
    total = sum(t for t, _ in timings)
    print(f"{built.events:,} events, {built.claims:,} claims: projection statements {total:.1f} s")
    print(f"(`timeline rebuild` as a whole: {built.rebuild_seconds:.1f} s)")
    for seconds, name in sorted(timings, reverse=True):
        print(f"{seconds:8.2f} s  {100 * seconds / total:5.1f}%  {name}")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and print one profile."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__.split("\n")[0])
    p.add_argument("what", choices=["extraction", "ingest", "rebuild"])
    p.add_argument("n", type=int, nargs="?", default=200, help="articles (extraction, ingest) or claims (rebuild)")
    p.add_argument("--top", type=int, default=25, help="functions to list")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="timeline-profile-") as tmp:
        if args.what == "extraction":
            profile_extraction(args.n, args.top)
        elif args.what == "ingest":
            profile_ingest(args.n, args.top, Path(tmp))
        else:
            profile_rebuild(args.n, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
