"""Extraction of article batches in worker processes, results in input order.

The writer (the one process that appends to the log) hands a batch over, writes the batch before it
while the workers extract, then collects the results in the order the articles came in, so the
log is the same as with one process. With one worker everything runs in this process.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from timeline.domain.model import ArticleInput
from timeline.errors import TimelineError
from timeline.extract import Extractor
from timeline.ingest.payloads import ArticlePayloads, encode

_worker_extractor: Extractor | None = None


@dataclass(frozen=True, slots=True)
class Failed:
    """An article the extractor refused, with the reason to report."""

    reason: str


Outcome = ArticlePayloads | Failed  #: an article's event payloads, encoded, or why there are none


def default_workers() -> int:
    """The number of CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _extract(extractor: Extractor, article: ArticleInput) -> Outcome:
    try:
        return encode(article, extractor.extract(article).to_json())
    except TimelineError as exc:
        return Failed(str(exc))


def _init_worker(extractor: Extractor) -> None:
    global _worker_extractor
    _worker_extractor = extractor


def _extract_chunk(articles: list[ArticleInput]) -> list[Outcome]:
    assert _worker_extractor is not None, "worker started without an extractor"
    return [_extract(_worker_extractor, a) for a in articles]


class Pending:
    """The outcomes of one submitted batch, in order (computed on demand when there are no workers)."""

    def __init__(self, extractor: Extractor, articles: Sequence[ArticleInput], futures: list[Future[Any]]) -> None:
        self._extractor = extractor
        self._articles = articles
        self._futures = futures

    def outcomes(self) -> list[Outcome]:
        """Wait for the batch; one outcome per article, in the order submitted."""
        if not self._futures:
            return [_extract(self._extractor, a) for a in self._articles]
        try:
            return [o for f in self._futures for o in f.result()]
        except BrokenProcessPool:
            raise TimelineError("an extraction worker died (out of memory?); run again with fewer --workers") from None


class ExtractionPool:
    """Extracts batches of articles in ``workers`` processes (started on the first batch that is worth it)."""

    #: a batch smaller than this is extracted in this process (starting workers costs about a second)
    MIN_PARALLEL_BATCH = 32

    def __init__(self, extractor: Extractor, workers: int = 1) -> None:
        self.extractor = extractor
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (pending work is cancelled)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(self, articles: Sequence[ArticleInput]) -> Pending:
        """Start extracting ``articles``; the result is collected with :meth:`Pending.outcomes`."""
        if self.workers == 1 or len(articles) < self.MIN_PARALLEL_BATCH:
            return Pending(self.extractor, articles, [])
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=get_context("spawn"),  # never fork a process holding DuckDB's threads
                initializer=_init_worker,
                initargs=(self.extractor,),
            )
        size = max(1, -(-len(articles) // (self.workers * 4)))  # a few chunks per worker balance the load
        chunks = [list(articles[i : i + size]) for i in range(0, len(articles), size)]
        return Pending(self.extractor, articles, [self._pool.submit(_extract_chunk, c) for c in chunks])
