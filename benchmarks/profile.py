"""Where the time goes: ``python -m benchmarks.profile extraction|ingest|rebuild [N]``.

- ``extraction``: cProfile of the extractor over N corpus articles, top functions by own time.
- ``ingest``: cProfile of ``Timeline.ingest_paths`` over N articles into a fresh database.
- ``rebuild``: each statement of ``timeline/store/sql/project.sql`` (what ``timeline rebuild`` runs,
  in order, from position 0), timed during a rebuild of a bulk-built database of N claims.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import bulk, corpus
from benchmarks.extraction import extractor, load_articles
from benchmarks.harness import FULL


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
    """Seconds per projection statement (summed over the rebuild's chunks) when rebuilding a bulk
    database of ``claims`` claims, as ``timeline rebuild`` runs them; the rest is the commit."""
    from collections import defaultdict

    from timeline.store import Database

    base = bulk.extract_base(min(FULL.base_articles, max(28, claims // 12)), FULL.seed + 2)
    built = bulk.build(workdir / "rebuild.duckdb", base, claims)
    timings: dict[str, float] = defaultdict(float)

    def timer(name: str, seconds: float) -> None:
        timings[name] += seconds

    with Database(built.path) as db:
        start = time.perf_counter()
        db.rebuild(timer)
        whole = time.perf_counter() - start
    total = sum(timings.values())
    print(f"{built.events:,} events, {built.claims:,} claims: rebuild {whole:.1f} s, statements {total:.1f} s")
    print(f"(`timeline rebuild` as a whole, in its own process: {built.rebuild_seconds:.1f} s)")
    for name, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
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
