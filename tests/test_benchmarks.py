"""The benchmark suite's short mode and the corpus generator, run as a user would run them.

Timing is never asserted here (targets live in the table the suite prints); these tests check that
every benchmark runs and reports a sane figure, and that the corpus is what the README says.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT

LANGUAGES = {"vi", "id", "ar", "uk", "en", "ru", "ko", "ja", "zh", "de", "fr", "es", "it", "pt"}
ROWS = [
    "extraction throughput",
    "extraction vs dateparser",
    "end-to-end ingest",
    "ingest time / extraction alone",
    "growth: ingest time",
    "peak RSS",
    "headline query over HTTP",
    "growth: query p50",
    "server throughput",
    "server errors under load",
    "`timeline rebuild`",
]


def python_m(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def corpus_lines(n: int, seed: int) -> list[str]:
    done = python_m("benchmarks.corpus", str(n), "--seed", str(seed))
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.bench
def test_short_benchmarks_report_every_row(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = python_m("benchmarks", "--short", "--markdown", "--json", str(out), timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    whats = [r["what"] for r in report["rows"]]
    for prefix in ROWS:
        assert any(w.startswith(prefix) for w in whats), f"no row {prefix!r} in {whats}"
    for row in report["rows"]:
        value = row["measured"]
        assert value is not None and math.isfinite(value), row
        if not row["what"].startswith(("growth", "server errors")):
            assert value > 0, row
        if row["baseline"] is not None:
            assert row["baseline"] > 0 and row["ratio"] > 0, row
    errors = next(r for r in report["rows"] if r["what"].startswith("server errors"))
    assert errors["measured"] == 0, errors["note"]
    assert "| what | measured |" in done.stdout  # the Markdown table the README takes


@pytest.mark.bench
def test_corpus_is_deterministic_multilingual_and_sized(tmp_path: Path) -> None:
    lines = corpus_lines(56, seed=7)
    assert lines == corpus_lines(56, seed=7)
    assert lines != corpus_lines(56, seed=8)
    records = [json.loads(line) for line in lines]
    assert Counter(r["language"] for r in records) == dict.fromkeys(LANGUAGES, 4)
    assert len({r["text"] for r in records}) == len(records)
    for r in records:
        assert {"text", "source", "url", "outlet", "published_at", "language"} <= set(r)
        assert 2048 <= len(r["text"].encode("utf-8")) <= 6144, (r["source"], len(r["text"].encode()))
    out = tmp_path / "corpus.jsonl"
    done = python_m("benchmarks.corpus", "56", "--seed", "7", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").splitlines() == lines


@pytest.mark.bench
def test_corpus_articles_yield_dates_and_claims_in_every_language(tmp_path: Path) -> None:
    """What the generator writes is news the pipeline reads: dates, entities and claims in each language."""
    import timeline

    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(corpus_lines(28, seed=3)) + "\n", encoding="utf-8")
    with timeline.open(tmp_path / "c.duckdb") as tl:
        summary = tl.ingest_paths([path])
        assert summary.new == 28 and not summary.rejected
        per_language = tl.sql(
            "SELECT x.language, count(DISTINCT t.text) AS dates, "
            "(SELECT count(*) FROM claims c WHERE c.language = x.language AND c.valid_to IS NULL) AS claims "
            "FROM extractions x JOIN time_expressions t USING (article_id) "
            "WHERE x.valid_to IS NULL AND t.valid_to IS NULL GROUP BY x.language"
        ).to_dicts()
    assert {r["language"] for r in per_language} == LANGUAGES
    for r in per_language:
        assert r["dates"] >= 3 and r["claims"] >= 2, r
