"""Ingest: articles -> extraction -> events appended (one transaction per batch of whole articles)."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from timeline import __version__
from timeline.domain.events import (
    ARTICLE_EXTRACTED,
    ARTICLE_SUBMITTED,
    GAZETTEER_IMPORTED,
    NewEvent,
    canonical_json,
)
from timeline.domain.model import ArticleInput
from timeline.errors import ConcurrencyError
from timeline.extract import Extractor
from timeline.ingest.parallel import ExtractionPool, Failed, Pending
from timeline.ingest.payloads import article_id, payloads
from timeline.ingest.readers import Rejected
from timeline.store import Database
from timeline.store.eventstore import NO_STREAM, StreamAppend

GAZETTEER_STREAM = "gazetteer"
BATCH_SIZE = 200  #: articles per write transaction (each article's events are always in one)
#: DuckDB's memory cap while ingesting: enough for a batch's statements; blocks already written are
#: evicted instead of cached, so the memory of a long ingest does not grow with the database
INGEST_MEMORY_LIMIT = "512MB"
T = TypeVar("T")


@dataclass
class IngestSummary:
    """What an ingest run did."""

    new: int = 0
    present: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    claims: int = 0

    @property
    def total(self) -> int:
        return self.new + self.present + len(self.rejected)


def ensure_gazetteer(db: Database, records: Iterable[dict[str, Any]]) -> bool:
    """Append a GazetteerImported event if the bundled gazetteer differs from the last import."""
    entities = [
        {
            k: r[k]
            for k in ("id", "name", "kind", "aliases", "part_of", "metonym_of", "government_of", "country_code")
            if k in r
        }
        for r in records
        if r.get("imported", True)  # the long place lists become entities when an article names them
    ]
    digest = hashlib.sha256(canonical_json(entities).encode()).hexdigest()
    last = db.rows(
        "SELECT data->>'digest' FROM events WHERE stream = $s ORDER BY version DESC LIMIT 1", {"s": GAZETTEER_STREAM}
    )
    if last and last[0][0] == digest:
        return False
    version = db.stream_versions([GAZETTEER_STREAM]).get(GAZETTEER_STREAM, 0)
    db.append(
        [
            StreamAppend(
                GAZETTEER_STREAM,
                version,
                [NewEvent(GAZETTEER_IMPORTED, {"digest": digest, "entities": entities}, {"tool_version": __version__})],
            )
        ]
    )
    return True


def article_events(article: ArticleInput, extractor: Extractor) -> StreamAppend:
    """The events recording one article: what was submitted, and what extraction found."""
    submitted, extracted = payloads(article, extractor.extract(article).to_json())
    return _article_append(submitted["article_id"], submitted, extracted, _meta(extractor.version))


def _meta(extractor_version: str) -> dict[str, Any]:
    return {"extractor_version": extractor_version, "tool_version": __version__, "causation": "ingest"}


def _article_append(
    aid: str, submitted: Mapping[str, Any], extracted: Mapping[str, Any], meta: dict[str, Any]
) -> StreamAppend:
    return StreamAppend(
        f"article-{aid}",
        NO_STREAM,
        [NewEvent(ARTICLE_SUBMITTED, submitted, meta), NewEvent(ARTICLE_EXTRACTED, extracted, meta)],
    )


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest(
    db: Database,
    items: Iterable[ArticleInput | Rejected],
    extractor: Extractor,
    on_item: Callable[[str, str], None] | None = None,
    workers: int = 1,
) -> IngestSummary:
    """Store every article not yet present. ``on_item(source, outcome)`` is called once per input.

    Inputs are read in batches (never all at once); with ``workers`` > 1 the articles of one batch are
    extracted in worker processes while the batch before it is written, in input order.
    """
    summary = IngestSummary()
    seen_in_run: set[str] = set()

    def _notify(source: str, outcome: str) -> None:
        if on_item is not None:
            on_item(source, outcome)

    def screen(items: list[ArticleInput | Rejected]) -> list[ArticleInput]:
        """Report rejected, repeated and already stored inputs; return the articles to extract."""
        articles: list[ArticleInput] = []
        for item in items:
            if isinstance(item, Rejected):
                summary.rejected.append(item)
                _notify(item.source, "rejected")
                continue
            aid = article_id(item.text)
            if aid in seen_in_run:
                summary.present += 1
                _notify(item.source, "present")
                continue
            seen_in_run.add(aid)
            articles.append(item)
        stored = db.stream_versions([f"article-{article_id(a.text)}" for a in articles])
        fresh = []
        for art in articles:
            if f"article-{article_id(art.text)}" in stored:
                summary.present += 1
                _notify(art.source, "present")
            else:
                fresh.append(art)
        return fresh

    meta = _meta(extractor.version)

    def write(articles: list[ArticleInput], pending: Pending) -> None:
        batch: list[tuple[ArticleInput, StreamAppend]] = []
        claims: dict[str, int] = {}
        for art, outcome in zip(articles, pending.outcomes(), strict=True):
            if isinstance(outcome, Failed):
                summary.rejected.append(Rejected(art.source, outcome.reason))
                _notify(art.source, "rejected")
            else:
                app = _article_append(outcome.article_id, outcome.submitted, outcome.extracted, meta)
                claims[app.stream] = outcome.claims
                batch.append((art, app))
        if not batch:
            return
        existing = db.stream_versions([a.stream for _, a in batch])  # another writer may have stored some
        todo = [(art, app) for art, app in batch if app.stream not in existing]
        for art, app in batch:
            if app.stream in existing:
                summary.present += 1
                _notify(art.source, "present")
        try:
            if todo:
                db.append([app for _, app in todo])
            for art, app in todo:
                summary.new += 1
                summary.claims += claims[app.stream]
                _notify(art.source, "new")
        except ConcurrencyError:
            for art, app in todo:  # someone else stored some of them meanwhile: go one by one
                try:
                    db.append([app])
                    summary.new += 1
                    summary.claims += claims[app.stream]
                    _notify(art.source, "new")
                except ConcurrencyError:
                    summary.present += 1
                    _notify(art.source, "present")

    with db.memory_limited(INGEST_MEMORY_LIMIT), ExtractionPool(extractor, workers) as pool:
        in_flight: deque[tuple[list[ArticleInput], Pending]] = deque()
        for items_batch in _batches(items, BATCH_SIZE):
            fresh = screen(items_batch)
            in_flight.append((fresh, pool.submit(fresh)))
            if len(in_flight) > 1:  # the workers extract this batch while the one before is written
                write(*in_flight.popleft())
        while in_flight:
            write(*in_flight.popleft())
    return summary


@dataclass
class ReextractSummary:
    """What a re-extraction run did."""

    reextracted: int = 0
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)


def _comparable(extraction: dict[str, Any]) -> str:
    return canonical_json({k: v for k, v in extraction.items() if k != "extractor_version"})


def reextract(
    db: Database,
    extractor: Extractor,
    article_ids: list[str] | None = None,
    on_item: Callable[[str, str], None] | None = None,
) -> ReextractSummary:
    """Run the current extractor again over stored articles. Where its result differs, a new
    ArticleExtracted event supersedes the old one (which stays in the log); otherwise nothing is appended."""
    import json

    from timeline.domain.events import upcast
    from timeline.ingest.readers import parse_date

    summary = ReextractSummary()
    where = "" if article_ids is None else " AND data->>'article_id' IN (SELECT unnest($ids::VARCHAR[]))"
    params: dict[str, Any] = {} if article_ids is None else {"ids": article_ids}
    rows = db.rows(
        "SELECT stream, schema_version, data::VARCHAR FROM events WHERE type = 'ArticleSubmitted'"
        + where
        + " ORDER BY position",
        params,
    )
    if article_ids is not None:
        found = {json.loads(r[2])["article_id"] for r in rows}
        summary.missing = [a for a in article_ids if a not in found]
    for stream, schema_version, raw in rows:
        _version, data = upcast(ARTICLE_SUBMITTED, int(schema_version), json.loads(raw))
        article = ArticleInput(
            text=data["text"],
            source=data["source"],
            url=data.get("url"),
            outlet=data.get("outlet"),
            title=data.get("title"),
            published_at=parse_date(data.get("published_at")),
            language=data.get("language"),
            format=data.get("format", "text"),
            html=data.get("html"),
        )
        latest = db.rows(
            "SELECT data::VARCHAR FROM events WHERE stream = $s AND type = 'ArticleExtracted' "
            "ORDER BY version DESC LIMIT 1",
            {"s": stream},
        )
        fresh = {"article_id": data["article_id"], **extractor.extract(article).to_json()}
        if latest and _comparable(json.loads(latest[0][0])) == _comparable(fresh):
            summary.unchanged += 1
            if on_item:
                on_item(data["source"], "unchanged")
            continue
        version = db.stream_versions([stream]).get(stream, 0)
        meta = {"extractor_version": extractor.version, "tool_version": __version__, "causation": "reextract"}
        db.append([StreamAppend(stream, version, [NewEvent(ARTICLE_EXTRACTED, fresh, meta)])])
        summary.reextracted += 1
        if on_item:
            on_item(data["source"], "reextracted")
    return summary
