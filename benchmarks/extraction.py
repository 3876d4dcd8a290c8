"""Extraction throughput on one core, against ``dateparser.search_dates`` on the same texts."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from benchmarks import corpus
from benchmarks.harness import Row, Sizes, log
from timeline.domain.model import ArticleInput

BASELINE_CAP = 140  # search_dates is slow: it runs on the first texts (every language), ours on the same ones too


def load_articles(n: int, seed: int, start: int = 0) -> list[ArticleInput]:
    """``n`` corpus articles parsed by the ingest reader (the JSONL record -> ArticleInput step)."""
    from timeline.ingest.readers import article_from_record

    return [article_from_record(r, r["source"]) for r in corpus.articles(n, seed, start)]


def extractor() -> Any:
    """The extractor as ingest builds it, warmed up on one article per language."""
    from timeline.data import gazetteer_records
    from timeline.extract import Extractor

    ex = Extractor(gazetteer_records())
    for art in load_articles(len(corpus.LANGUAGES), seed=1):
        ex.extract(art)
    return ex


def baseline_dates(article: ArticleInput) -> int:
    """``search_dates`` with the article's language and its publication date as the relative base."""
    from dateparser.search import search_dates

    settings: dict[str, Any] = {"RETURN_AS_TIMEZONE_AWARE": False}
    if article.published_at is not None:
        d = article.published_at
        settings["RELATIVE_BASE"] = datetime(d.year, d.month, d.day)
    try:
        languages = [article.language] if article.language else None
        found = search_dates(article.text, languages=languages, settings=settings)
    except Exception:  # a failure on one text counts as nothing found, as in timeline.baseline
        found = None
    return len(found or [])


def language_id(arts: list[ArticleInput]) -> Row:
    """Language identification alone (what extraction adds when an article comes without a language)."""
    from timeline.extract.language import detect_language

    for art in load_articles(len(corpus.LANGUAGES), seed=1):  # lingua loads its models on first use
        detect_language(art.text)
    start = time.perf_counter()
    codes = [detect_language(art.text)[0] for art in arts]
    seconds = time.perf_counter() - start
    right = sum(1 for art, code in zip(arts, codes, strict=True) if code == art.language)
    return Row(
        "language identification, per article",
        1000 * seconds / len(arts),
        "ms",
        "—",
        None,
        note=f"{len(arts)} articles without their language; {right} of them identified as given",
    )


def run(sizes: Sizes) -> list[Row]:
    """Rows: extraction articles/s on one core, and the ratio over search_dates."""
    arts = load_articles(sizes.extraction_articles, sizes.seed)
    ex = extractor()
    log(f"extraction: {len(arts)} articles on one core")
    per_article: list[float] = []
    start = time.perf_counter()
    for art in arts:
        t0 = time.perf_counter()
        ex.extract(art)
        per_article.append(time.perf_counter() - t0)
    ours_total = time.perf_counter() - start
    ours_rate = len(arts) / ours_total

    subset = arts[: min(len(arts), BASELINE_CAP)]
    for art in load_articles(len(corpus.LANGUAGES), seed=1):  # dateparser loads each language on first use
        baseline_dates(art)
    log(f"extraction baseline: search_dates on {len(subset)} of the same articles")
    start = time.perf_counter()
    found = sum(baseline_dates(art) for art in subset)
    base_total = time.perf_counter() - start
    base_rate = len(subset) / base_total
    ours_subset_rate = len(subset) / sum(per_article[: len(subset)])
    ratio = ours_subset_rate / base_rate
    mean_kb = sum(len(a.text.encode()) for a in arts) / len(arts) / 1024
    lid = language_id(arts)
    return [
        Row(
            "extraction throughput, one core",
            ours_rate,
            "articles/s",
            "≥ 500 articles/s",
            ours_rate >= 500,
            note=f"{len(arts)} articles, {mean_kb:.1f} KB mean, 14 languages",
        ),
        Row(
            "extraction vs dateparser.search_dates",
            ours_subset_rate,
            "articles/s",
            "≥ 10×",
            ratio >= 10,
            baseline=base_rate,
            baseline_unit="articles/s",
            ratio=ratio,
            note=f"same {len(subset)} texts, right language and RELATIVE_BASE; search_dates found {found} dates",
        ),
        lid,
    ]
