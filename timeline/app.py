"""The Python API: ``timeline.open(path)`` -> :class:`Timeline` (ingest, claims, export, verify)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import polars as pl

from timeline.domain.model import ArticleInput
from timeline.groups import GroupIndex
from timeline.ingest.readers import Rejected, read_inputs
from timeline.ingest.service import IngestSummary, ensure_gazetteer, ingest
from timeline.query import (
    ClaimFilter,
    EntityResolver,
    articles_by_ids,
    claim_where,
    entities_by_ids,
    entity_ids_of_claims,
)
from timeline.store import Database

DEFAULT_DB = "timeline.duckdb"


def default_db_path() -> str:
    """``$TIMELINE_DB`` or ``timeline.duckdb`` in the current directory."""
    return os.environ.get("TIMELINE_DB") or DEFAULT_DB


class Timeline:
    """A timeline database opened for reading and writing."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.db = Database(path or default_db_path(), read_only=read_only)
        self.resolver = EntityResolver(self.db)
        self.groups = GroupIndex(self.db)

    def __enter__(self) -> Timeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    @cached_property
    def extractor(self) -> Any:
        """The extractor (built on first use: loading the gazetteer takes a moment)."""
        from timeline.data import gazetteer_records
        from timeline.extract import Extractor

        return Extractor(gazetteer_records())

    def ingest_paths(
        self,
        paths: Iterable[str | Path],
        on_item: Callable[[str, str], None] | None = None,
        workers: int = 1,
    ) -> IngestSummary:
        """Ingest files and directories (.txt, .html, .jsonl), streamed in batches."""
        return self.ingest(read_inputs(list(paths)), on_item, workers)

    def ingest(
        self,
        items: Iterable[ArticleInput | Rejected],
        on_item: Callable[[str, str], None] | None = None,
        workers: int = 1,
    ) -> IngestSummary:
        """Ingest articles already read. ``workers`` > 1 extracts in that many processes (a script that
        uses them must start from an ``if __name__ == "__main__":`` block)."""
        from timeline.data import gazetteer_records

        ensure_gazetteer(self.db, gazetteer_records())
        return ingest(self.db, items, self.extractor, on_item, workers)

    def claims(
        self,
        about: str | None = None,
        before: str | None = None,
        after: str | None = None,
        by: str | None = None,
        language: str | None = None,
        as_of: int | None = None,
        **more: str | None,
    ) -> pl.DataFrame:
        """Claims as a polars DataFrame, filtered like the GraphQL ``claims`` query (``as_of``: a log position)."""
        f = ClaimFilter(about=about, before=before, after=after, by=by, language=language, as_of=as_of, **more)
        where, params = claim_where(f, self.resolver)
        return self.db.frame(
            "SELECT c.claim_id, c.text, c.language, c.stance, c.event_start, c.event_end, c.event_expression, "
            "c.event_granularity, c.stated_granularity, c.stated_expression, "
            "c.stated_start, c.stated_end, c.claimant_id, ce.name AS claimant, a.outlet, a.source, a.url, "
            "a.published_at, c.start_offset, c.end_offset, "
            "(SELECT list(e.name ORDER BY x.ordinal) FROM claim_entities x JOIN entities e USING (entity_id) "
            " WHERE x.claim_id = c.claim_id AND x.valid_to IS NULL) AS entities "
            "FROM claims c JOIN articles a USING (article_id) LEFT JOIN entities ce ON ce.entity_id = c.claimant_id "
            f"WHERE {' AND '.join(where)} ORDER BY c.sort_start NULLS LAST, c.claim_id",
            params,
        )

    def add_alias(
        self, entity_id: str, alias: str, language: str | None = None, expected_version: int | None = None
    ) -> int:
        """Record a new name for an entity (an AliasAdded event); returns its log position."""
        from timeline.corrections import add_alias

        return add_alias(self.db, entity_id, alias, language, expected_version).position

    def retract_claim(self, claim_id: str, reason: str, expected_version: int | None = None) -> int:
        """Retract a claim (a ClaimRetracted event); returns its log position."""
        from timeline.corrections import retract_claim

        return retract_claim(self.db, claim_id, reason, expected_version).position

    def correct_claim(self, claim_id: str, reason: str, expected_version: int | None = None, **fields: Any) -> int:
        """Correct fields of a claim (claimant_id, stance, event_start/end, stated_start/end); returns the position."""
        from timeline.corrections import correct_claim

        return correct_claim(self.db, claim_id, fields, reason, expected_version).position

    def merge_entities(self, from_id: str, into_id: str, expected_version: int | None = None) -> int:
        """Record that two entities are one (an EntitiesMerged event); returns its log position."""
        from timeline.corrections import merge_entities

        return merge_entities(self.db, from_id, into_id, expected_version).position

    def history(self, claim_id: str) -> list[dict[str, Any]]:
        """Every event that touched a claim, oldest first."""
        from timeline.corrections import claim_history

        return claim_history(self.db, claim_id)

    def reextract(self, article_ids: list[str] | None = None, on_item: Callable[[str, str], None] | None = None) -> Any:
        """Run the current extractor over stored articles (all, or ``article_ids``); see ``ReextractSummary``."""
        from timeline.ingest.service import reextract

        return reextract(self.db, self.extractor, article_ids, on_item)

    def feed(self, fmt: str, **filters: Any) -> dict[str, Any]:
        """Claims as a TimelineJS document (``fmt="timelinejs"``) or vis-timeline data (``"vis"``)."""
        from timeline.exports import timelinejs, vis_timeline

        rows = self.claims(**filters).to_dicts()
        if fmt == "timelinejs":
            about = filters.get("about")
            return timelinejs(rows, f"Claims about {about}" if about else "Claims")
        if fmt == "vis":
            return vis_timeline(rows)
        raise ValueError(f"unknown feed format {fmt!r}")

    def export_events(self) -> Iterator[dict[str, Any]]:
        """The raw log, event by event, exactly as stored (a backup ``import_events`` restores)."""
        return self.db.dump_events()

    def import_events(self, records: Iterable[dict[str, Any]]) -> int:
        """Restore a raw log into this (empty) database, checking every hash, then build the projections."""
        count = self.db.load_events(records)
        self.db.rebuild()
        return count

    def sql(self, query: str) -> pl.DataFrame:
        """Run one read-only SQL query against the projections and views."""
        return self.db.frame(query)

    def rebuild(self) -> int:
        """Rebuild every projection from the log."""
        return self.db.rebuild()

    def verify(self) -> int:
        """Verify the hash chain; returns the number of events."""
        return self.db.verify()

    def export(self) -> dict[str, Any]:
        """Everything, in the ``timeline export --format json`` contract."""
        articles = self.db.dicts("SELECT a.article_id FROM articles a ORDER BY a.source, a.article_id")
        ids = [r["article_id"] for r in articles]
        meta = articles_by_ids(self.db, ids)
        times = self.db.dicts("SELECT * FROM time_expressions WHERE valid_to IS NULL ORDER BY article_id, ordinal")
        claims = self.db.dicts("SELECT * FROM claims WHERE valid_to IS NULL ORDER BY article_id, ordinal")
        links = entity_ids_of_claims(self.db, [c["claim_id"] for c in claims])
        wanted = {e for ids_ in links.values() for e in ids_}
        wanted |= {c[k] for c in claims for k in ("claimant_id", "via_id") if c[k]}
        ents = entities_by_ids(self.db, sorted(wanted))
        times_of: dict[str, list[dict[str, Any]]] = {}
        for t in times:
            times_of.setdefault(t["article_id"], []).append(t)
        claims_of: dict[str, list[dict[str, Any]]] = {}
        for c in claims:
            claims_of.setdefault(c["article_id"], []).append(c)
        written: dict[tuple[str, str], list[str]] = {}  # how each entity is written in each article
        for m in self.db.dicts(
            "SELECT DISTINCT article_id, entity_id, text FROM mentions WHERE valid_to IS NULL ORDER BY ALL"
        ):
            written.setdefault((m["article_id"], m["entity_id"]), []).append(m["text"])
        out = []
        for aid in ids:
            a = meta[aid]
            out.append(
                {
                    "id": aid,
                    "source": a["source"],
                    "url": a["url"],
                    "outlet": a["outlet"],
                    "title": a["title"],
                    "language": a["language"],
                    "published_at": _iso(a["published_at"]),
                    "document_date": {
                        "start": _iso(a["dct_start"]),
                        "end": _iso(a["dct_end"]),
                        "basis": a["dct_basis"],
                    },
                    "time_expressions": [_timex_json(t) for t in times_of.get(aid, [])],
                    "claims": [_claim_json(c, links, ents, written) for c in claims_of.get(aid, [])],
                }
            )
        return {"articles": out}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _timex_json(t: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": t["text"],
        "start": t["start_offset"],
        "end": t["end_offset"],
        "kind": t["kind"],
        "value_start": _iso(t["value_start"]),
        "value_end": _iso(t["value_end"]),
        "granularity": t["granularity"],
    }


def _claim_json(
    c: dict[str, Any],
    links: dict[str, list[str]],
    ents: dict[str, dict[str, Any]],
    written: dict[tuple[str, str], list[str]],
) -> dict[str, Any]:
    import json

    def ref(entity_id: str | None, *also: str | None) -> dict[str, Any] | None:
        """An entity with the words the article writes it with ("aliases"), so a reader in another
        language can tell that "Ministry of Trade, Industry and Energy" is the article's "산업부"."""
        e = ents.get(entity_id) if entity_id else None
        if e is None:
            return None
        forms = [*written.get((c["article_id"], e["entity_id"]), []), *(a for a in also if a)]
        return {"id": e["entity_id"], "name": e["name"], "aliases": sorted(set(forms) - {e["name"]})}

    claimant = ref(c["claimant_id"], c["claimant_text"])
    via = ref(c.get("via_id"))
    return {
        "id": c["claim_id"],
        "text": c["text"],
        "start": c["start_offset"],
        "end": c["end_offset"],
        "event_start": _iso(c["event_start"]),
        "event_end": _iso(c["event_end"]),
        "stated_start": _iso(c["stated_start"]),
        "stated_end": _iso(c["stated_end"]),
        "claimant": claimant,
        "via": via,
        "entities": [ref(e) for e in links.get(c["claim_id"], []) if e in ents],
        "quantities": [
            {"value": q["value"], "unit": q["unit"], "text": q["text"]} for q in json.loads(c["quantities"] or "[]")
        ],
        "stance": c["stance"],
    }


def open(path: str | Path | None = None, read_only: bool = False) -> Timeline:
    """Open (or create) a timeline database; ``path`` defaults to ``$TIMELINE_DB`` or ``timeline.duckdb``."""
    return Timeline(path, read_only=read_only)


def evaluate(
    gold_path: str | Path, texts_dir: str | Path, db_path: str | Path | None = None, baseline: bool = False
) -> Any:
    """Score the pipeline against annotations in the gold format.

    With ``baseline``, ``dateparser.search_dates`` is scored instead (time figures only). With
    ``db_path``, the articles already in that database are scored. Otherwise the gold's files
    are read from ``texts_dir`` and ingested into a temporary database first; a file's publication
    date comes from ``texts_dir/metadata.json`` when it has one, else from the gold's ``dct``.
    """
    import json
    import tempfile

    from timeline.errors import InputError
    from timeline.evaluation import score
    from timeline.ingest.readers import SUFFIXES, article_from_record, metadata_for

    try:
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read annotations {gold_path}: {exc}") from None
    folder = Path(texts_dir)
    texts: dict[str, str] = {}
    for ga in gold.get("articles", []):
        path = folder / ga["file"]
        try:
            texts[ga["file"]] = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror}") from None
    if baseline:
        from timeline.baseline import baseline_export

        return score(gold, baseline_export(gold, texts), texts)
    if db_path is not None:
        with Timeline(db_path, read_only=True) as tl:
            return score(gold, tl.export(), texts)
    meta = metadata_for(folder)
    items = []
    for ga in gold.get("articles", []):
        field = "html" if SUFFIXES.get(Path(ga["file"]).suffix.lower()) == "html" else "text"
        record = {**meta.get(ga["file"], {}), field: texts[ga["file"]], "source": str(folder / ga["file"])}
        record.setdefault("published_at", ga.get("dct"))
        record["published_at"] = record["published_at"] or ga.get("dct")
        items.append(article_from_record(record, record["source"]))
    with tempfile.TemporaryDirectory() as tmp, Timeline(Path(tmp) / "eval.duckdb") as tl:
        tl.ingest(items)
        return score(gold, tl.export(), texts)
