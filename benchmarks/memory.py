"""Peak memory of ``timeline ingest FILE.jsonl`` in its own process, at two sizes (flat in N?)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from benchmarks import corpus
from benchmarks.harness import Row, Sizes, linear_fit, log, timeline_exe

TARGET_ARTICLES = 100_000
TARGET_MB = 1536
MIN_FOR_SLOPE = 500  # articles: below this, growth is warm-up, not a per-article cost
PROBE_ARTICLES, PROBE_SECONDS = 5000, 60  # a JSONL of 5,000 articles is over 20 MB
MAX_SLOPE_PER_1000 = 5.0  # MB per 1,000 articles still counted as flat


def peak_rss_mb(args: list[str]) -> tuple[float, int, str]:
    """Run a command; return its peak resident set size in MB (from ``wait4``), exit status and stderr."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return usage.ru_maxrss / 1024, proc.returncode, err.read()  # ru_maxrss is in KB on Linux


def run(sizes: Sizes, workdir: Path) -> list[Row]:
    """Row: peak RSS at the larger size, with the per-article slope and the extrapolation to 100,000."""
    points: list[tuple[int, float]] = []
    for n in sizes.memory_articles:
        jsonl = corpus.write_file(workdir / f"memory-{n}.jsonl", n, sizes.seed + 1)
        db = workdir / f"memory-{n}.duckdb"
        log(f"memory: `timeline ingest` of {n} articles ({jsonl.stat().st_size / 1e6:.1f} MB of JSONL)")
        mb, status, err = peak_rss_mb([timeline_exe(), "--db", str(db), "ingest", "-q", str(jsonl)])
        if status != 0:
            raise RuntimeError(f"timeline ingest exited with status {status}: {err.strip()[:500]}")
        points.append((n, mb))
        log(f"memory: peak RSS {mb:.0f} MB for {n} articles")
        db.unlink()
        jsonl.unlink()
    _intercept, slope = linear_fit([n for n, _ in points], [mb for _, mb in points])
    (n1, mb1), (n2, mb2) = points
    note = f"{n1} articles: {mb1:.0f} MB, {n2}: {mb2:.0f} MB; slope {slope * 1000:.1f} MB per 1,000 articles"
    if n1 < MIN_FOR_SLOPE:  # warm-up (caches, compiled patterns, DuckDB's buffers) still dominates the growth
        return [
            Row(
                f"peak RSS, ingest of one JSONL stream ({n2} articles)",
                mb2,
                "MB",
                "≤ 1.5 GB, flat in N",
                mb2 <= TARGET_MB,
                note=note + " (too few articles to judge flatness)",
                extra={"points": points},
            )
        ]
    at_target = mb2 if n2 >= TARGET_ARTICLES else max(mb2, mb2 + slope * (TARGET_ARTICLES - n2))
    accepted, probe = large_file_accepted(workdir, sizes.seed + 1)
    return [
        Row(
            f"peak RSS, ingest of one JSONL stream ({'measured' if n2 >= TARGET_ARTICLES else 'extrapolated'} at 100k)",
            at_target,
            "MB",
            "≤ 1.5 GB, flat in N",
            at_target <= TARGET_MB and slope * 1000 <= MAX_SLOPE_PER_1000 and accepted,
            note=f"{note}; {probe}",
            extra={"points": points, "slope_mb_per_article": slope},
        )
    ]


def large_file_accepted(workdir: Path, seed: int) -> tuple[bool, str]:
    """Does ``timeline ingest`` take a JSONL file larger than one article may be (20 MB)? Its answer comes
    before any extraction when it refuses; if it is still ingesting after a while, it has accepted the file."""
    jsonl = corpus.write_file(workdir / "memory-large.jsonl", PROBE_ARTICLES, seed)
    mb = jsonl.stat().st_size / 1e6
    log(f"memory: does `timeline ingest` accept one JSONL of {PROBE_ARTICLES} articles ({mb:.0f} MB)?")
    try:
        done = subprocess.run(
            [timeline_exe(), "--db", str(workdir / "memory-large.duckdb"), "ingest", "-q", str(jsonl)],
            capture_output=True,
            text=True,
            timeout=PROBE_SECONDS,
        )
        accepted = done.returncode == 0 or "too large" not in done.stderr
        answer = "accepted" if accepted else f"REJECTED WHOLE: {done.stderr.strip().splitlines()[0][-90:]}"
    except subprocess.TimeoutExpired:
        accepted, answer = True, f"accepted (still ingesting after {PROBE_SECONDS} s)"
    finally:
        jsonl.unlink()
        (workdir / "memory-large.duckdb").unlink(missing_ok=True)
    return accepted, f"one JSONL of {PROBE_ARTICLES:,} articles ({mb:.0f} MB): {answer}"
