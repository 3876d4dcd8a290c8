"""Extraction of article batches in worker processes, results in input order.

The writer (the one process that appends to the log) hands a batch over, writes the batch before it
while the workers extract, then collects the results in the order the articles came in, so the
log is the same as with one process. With one worker everything runs in this process.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing import get_context

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


def _init_worker(pickled: str) -> None:
    """Load the writer's extractor from the file it was pickled to (see ``ExtractionPool._start``)."""
    global _worker_extractor
    with open(pickled, "rb") as f:
        _worker_extractor = pickle.load(f)


def _extract_chunk(articles: list[ArticleInput]) -> list[Outcome]:
    assert _worker_extractor is not None, "worker started without an extractor"
    return [_extract(_worker_extractor, a) for a in articles]


class Pending:
    """The outcomes of one submitted batch, in order (computed on demand when there are no workers).

    While it waits, this process extracts chunks no worker has started yet (their futures can still
    be cancelled): the writer is not idle, and a batch does not wait for workers that are still
    starting up.
    """

    def __init__(
        self, extractor: Extractor, chunks: list[list[ArticleInput]], futures: list[Future[list[Outcome]]]
    ) -> None:
        self._extractor = extractor
        self._chunks = chunks
        self._futures = futures

    def _here(self, index: int) -> list[Outcome]:
        return [_extract(self._extractor, a) for a in self._chunks[index]]

    def _steal_last(self, after: int, done: dict[int, list[Outcome]]) -> bool:
        """Extract here the last chunk after ``after`` that no worker has started; False if there is none."""
        for j in range(len(self._futures) - 1, after, -1):
            if j not in done and not self._futures[j].done() and self._futures[j].cancel():
                done[j] = self._here(j)
                return True
        return False

    def outcomes(self) -> list[Outcome]:
        """Wait for the batch; one outcome per article, in the order submitted."""
        if not self._futures:
            return [o for i in range(len(self._chunks)) for o in self._here(i)]
        done: dict[int, list[Outcome]] = {}
        results: list[Outcome] = []
        try:
            for i, future in enumerate(self._futures):
                while i not in done and not future.done():
                    if future.cancel():
                        done[i] = self._here(i)
                    elif not self._steal_last(i, done):
                        break  # every other chunk is with a worker: wait for this one
                results.extend(done.pop(i) if i in done else future.result())
        except BrokenProcessPool:
            raise TimelineError("an extraction worker died (out of memory?); run again with fewer --workers") from None
        return results


class ExtractionPool:
    """Extracts batches of articles in ``workers`` processes (started on the first batch that is worth it)."""

    #: a batch smaller than this is extracted in this process (starting workers costs about a second)
    MIN_PARALLEL_BATCH = 32

    def __init__(self, extractor: Extractor, workers: int = 1) -> None:
        self.extractor = extractor
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._pickled: str | None = None

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (pending work is cancelled)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._pickled is not None:
            with suppress(OSError):
                os.unlink(self._pickled)
            self._pickled = None

    def _start(self) -> ProcessPoolExecutor:
        """Start the workers. The extractor goes to them through a file: handed over as an argument, it
        would be written to each new process's pipe, and that write waits until the process has started
        Python and imported everything — one worker after the other, seconds each."""
        with tempfile.NamedTemporaryFile(prefix="timeline-extractor-", suffix=".pickle", delete=False) as f:
            pickle.dump(self.extractor, f, protocol=pickle.HIGHEST_PROTOCOL)
            self._pickled = f.name
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=get_context("spawn"),  # never fork a process holding DuckDB's threads
            initializer=_init_worker,
            initargs=(self._pickled,),
        )

    def submit(self, articles: Sequence[ArticleInput]) -> Pending:
        """Start extracting ``articles``; the result is collected with :meth:`Pending.outcomes`."""
        if self.workers == 1 or len(articles) < self.MIN_PARALLEL_BATCH:
            return Pending(self.extractor, [list(articles)], [])
        if self._pool is None:
            self._pool = self._start()
        size = max(1, -(-len(articles) // (self.workers * 4)))  # a few chunks per worker balance the load
        chunks = [list(articles[i : i + size]) for i in range(0, len(articles), size)]
        return Pending(self.extractor, chunks, [self._pool.submit(_extract_chunk, c) for c in chunks])
