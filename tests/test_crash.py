"""`kill -9` during `timeline ingest`: the database opens, verifies, holds only whole articles, and re-running the
same ingest completes it without duplicates. Bounded for CI; TIMELINE_FULL_TESTS=1 runs 5,000 articles."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import timeline
from timeline.store.projections import TABLES

from .conftest import timeline_cmd
from .integrity import assert_only_whole_articles
from .synthetic import full_size, write_jsonl


def _start_ingest(db: Path, jsonl: Path) -> subprocess.Popen[bytes]:
    exe = shutil.which("timeline", path=str(Path(sys.executable).parent)) or "timeline"
    return subprocess.Popen(
        [exe, "--db", str(db), "ingest", "-q", str(jsonl)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _wait_for_commits(db: Path, proc: subprocess.Popen[bytes], count: int, timeout: float = 300) -> None:
    """Wait until the ingest has committed ``count`` more transactions (each one changes DuckDB's WAL file)."""
    wal = db.with_name(db.name + ".wal")

    def state() -> tuple[int, int] | None:
        try:
            st = wal.stat()
        except FileNotFoundError:
            return None
        return st.st_size, st.st_mtime_ns

    last, seen, deadline = state(), 0, time.time() + timeout
    while seen < count and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
        now = state()
        if now != last:
            seen, last = seen + 1, now


@pytest.mark.slow
def test_kill_9_during_ingest_leaves_whole_articles_and_a_rerun_completes(tmp_path):
    articles = 5000 if full_size() else 400
    jsonl = write_jsonl(tmp_path / "articles.jsonl", articles)
    db = tmp_path / "crash.duckdb"
    rng = random.Random(7)
    kills = mid_write = stored = 0
    while kills < 5 or (mid_write < 2 and kills < 12):
        proc = _start_ingest(db, jsonl)
        if kills % 2:  # a random moment
            time.sleep(rng.uniform(0.5, 8.0))
        else:  # a random moment while batches are being written, however slow start-up is
            _wait_for_commits(db, proc, rng.randint(1, 4))
            time.sleep(rng.uniform(0.0, 1.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        now = assert_only_whole_articles(db)
        mid_write += now > stored  # this run was writing articles when it was killed
        stored = now
        if stored == articles:  # it finished before the kill: start afresh so that every kill finds work
            db.unlink()
            db.with_name(db.name + ".wal").unlink(missing_ok=True)
            stored = 0
    assert kills >= 5 and mid_write >= 2, (kills, mid_write)
    final = timeline_cmd("--db", str(db), "ingest", "-q", str(jsonl), timeout=900)
    assert final.returncode == 0, final.stderr
    assert assert_only_whole_articles(db) == articles  # every input once: nothing lost, nothing duplicated
    with timeline.open(db) as tl:  # and the read tables are what the log says they are
        incremental = {t: tl.db.table_snapshot(t) for t in TABLES}
        tl.rebuild()
        assert {t: tl.db.table_snapshot(t) for t in TABLES} == incremental
