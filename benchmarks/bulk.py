"""Large databases for the query, server and rebuild benchmarks, built fast but through the real log.

Extracting a million claims' worth of articles (~80,000) would take hours on two cores, so a set
of distinct corpus articles is extracted once, and its events are replicated: copy ``r`` of an
article differs from the original by a suffix on its copyright footer (page chrome, at the very end
of the text, so every offset stays valid and the extraction is the one the extractor would produce),
which gives it its own content hash, article id, stream and claim ids. The copies are appended
through the event store's public ``append`` (hash chain, stream versions) without projecting, and
``timeline rebuild`` then builds every projection with the same SQL that incremental ingest uses —
which is also what the rebuild benchmark times. The result is a database of the real schema whose
claims about an entity grow in proportion to its size, as they would in a real archive.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.harness import log, timeline_exe

APPEND_BATCH = 500  # article streams per append transaction


@dataclass(frozen=True)
class BaseArticle:
    """One extracted article: its two event payloads and metadata, ready to be copied."""

    submitted: dict[str, Any]
    extracted: dict[str, Any]
    meta: dict[str, Any]
    claims: int


@dataclass(frozen=True)
class Built:
    """A database built for the benchmarks."""

    path: Path
    articles: int
    claims: int
    events: int
    append_seconds: float
    rebuild_seconds: float


def extract_base(n: int, seed: int) -> list[BaseArticle]:
    """Extract ``n`` distinct corpus articles once (the events ingest would append for them)."""
    from benchmarks.extraction import extractor, load_articles
    from timeline.ingest.service import article_events

    ex = extractor()
    out = []
    for art in load_articles(n, seed):
        app = article_events(art, ex)
        submitted, extracted = app.events[0], app.events[1]
        out.append(BaseArticle(submitted.data, extracted.data, submitted.meta, len(extracted.data["claims"])))
    return out


def _copy(base: BaseArticle, r: int) -> Any:
    """Copy ``r`` of an article as a StreamAppend with its own text, hash and ids."""
    from timeline.domain.events import ARTICLE_EXTRACTED, ARTICLE_SUBMITTED, NewEvent
    from timeline.extract.pipeline import content_hash
    from timeline.store.eventstore import NO_STREAM, StreamAppend

    text = base.submitted["text"] + f"/{r}"
    digest = content_hash(text)
    old = base.submitted["content_hash"]
    replace = [(old[:16], digest[:16]), (old[:12], digest[:12])]  # article id, then claim-id prefix

    def rewrite(payload: dict[str, Any]) -> dict[str, Any]:
        raw = json.dumps(payload, ensure_ascii=False)
        for a, b in replace:
            raw = raw.replace(a, b)
        return json.loads(raw)

    submitted = rewrite({**base.submitted, "text": ""})
    submitted.update(
        text=text,
        content_hash=digest,
        source=f"{base.submitted['source']}/copy{r}",
        url=f"{base.submitted['url']}?copy={r}" if base.submitted.get("url") else None,
    )
    extracted = rewrite(base.extracted)
    return StreamAppend(
        f"article-{digest[:16]}",
        NO_STREAM,
        [NewEvent(ARTICLE_SUBMITTED, submitted, base.meta), NewEvent(ARTICLE_EXTRACTED, extracted, base.meta)],
    )


def _copies(base: list[BaseArticle], claims_target: int) -> Iterator[tuple[Any, int]]:
    total, r = 0, 0
    while total < claims_target:
        for b in base:
            if total >= claims_target:
                return
            yield _copy(b, r), b.claims
            total += b.claims
        r += 1


def rebuild(db: Path) -> float:
    """Seconds of ``timeline rebuild`` on a database, run as a user would."""
    start = time.perf_counter()
    done = subprocess.run([timeline_exe(), "--db", str(db), "rebuild"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        killed = " (killed by a signal: out of memory?)" if done.returncode < 0 else ""
        raise RuntimeError(f"timeline rebuild failed with status {done.returncode}{killed}: {done.stderr.strip()}")
    return seconds


def build(db: Path, base: list[BaseArticle], claims_target: int) -> Built:
    """A fresh database with about ``claims_target`` claims (copies of ``base``), projections rebuilt."""
    import timeline

    if db.exists():
        db.unlink()
    articles = claims = 0
    log(f"bulk: appending copies of {len(base)} articles up to {claims_target:,} claims")
    start = time.perf_counter()
    with timeline.open(db) as tl:
        tl.ingest([])  # the gazetteer import, as on a first ingest
        batch: list[Any] = []
        for app, n_claims in _copies(base, claims_target):
            batch.append(app)
            articles += 1
            claims += n_claims
            if len(batch) >= APPEND_BATCH:
                tl.db.append(batch, project=False)
                batch = []
        if batch:
            tl.db.append(batch, project=False)
        events = int(tl.db.rows("SELECT count(*) FROM events")[0][0])
    append_seconds = time.perf_counter() - start
    log(f"bulk: {events:,} events appended in {append_seconds:.0f} s; `timeline rebuild`")
    rebuild_seconds = rebuild(db)
    log(f"bulk: `timeline rebuild` of {events:,} events took {rebuild_seconds:.1f} s")
    return Built(db, articles, claims, events, append_seconds, rebuild_seconds)


def reuse(db: Path) -> Built:
    """A database an earlier run left in the workdir (``--keep-databases``), its read tables brought to this
    version (``timeline rebuild``, timed, when its schema is another version's; else not rebuilt: NaN)."""
    import math

    import duckdb

    from timeline.store.database import schema_version

    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = con.execute("SELECT value FROM timeline_meta WHERE key = 'schema'").fetchall()
    finally:
        con.close()
    seconds = rebuild(db) if stored != [(schema_version(),)] else math.nan
    con = duckdb.connect(str(db), read_only=True)
    try:
        articles, claims, events = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims WHERE valid_to IS NULL), "
            "(SELECT count(*) FROM events)"
        ).fetchall()[0]
    finally:
        con.close()
    log(f"bulk: reusing {db.name}: {claims:,} claims, {events:,} events")
    return Built(db, int(articles), int(claims), int(events), math.nan, seconds)
