"""The query layer: claim filters, keyset pagination, entity-name resolution. Returns plain rows."""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from timeline.errors import QueryError
from timeline.extract.entities import Gazetteer, slug
from timeline.ingest.readers import parse_date
from timeline.store import Database

MAX_PAGE = 500
_FAR_FUTURE = date(9999, 12, 31)


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What to select. Dates are ISO strings; names may be in any script (or entity ids)."""

    about: str | None = None
    before: str | None = None
    after: str | None = None
    stated_before: str | None = None
    stated_after: str | None = None
    by: str | None = None
    language: str | None = None
    source: str | None = None
    text: str | None = None
    as_of: int | None = None  # a log position: answer as the database would have then


def _date(value: str | None, name: str) -> date | None:
    try:
        return parse_date(value, name)
    except Exception as exc:
        raise QueryError(str(exc)) from None


def encode_cursor(sort_start: date | None, claim_id: str) -> str:
    """An opaque keyset cursor."""
    raw = json.dumps([(sort_start or _FAR_FUTURE).isoformat(), claim_id])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[date, str]:
    """The keyset position of a cursor; QueryError if it is not one of ours."""
    try:
        day, claim_id = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
        return date.fromisoformat(day), str(claim_id)
    except Exception:
        raise QueryError(f"invalid cursor {cursor!r}") from None


class EntityResolver:
    """Resolves names in any script to entity ids, from the database's entities and aliases."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._version: object = None
        self._checked_at = -1  # the database generation the current gazetteer was last checked at
        self._gazetteer = Gazetteer()
        self._past: dict[int, Gazetteer] = {}
        self._merges: tuple[int, list[tuple[str, str]]] = (-1, [])

    def _build(self, as_of: int | None) -> Gazetteer:
        cutoff = "" if as_of is None else " WHERE position <= $p"
        params = {} if as_of is None else {"p": as_of}
        g = Gazetteer()
        for entity_id, name, kind in self._db.rows(f"SELECT entity_id, name, kind FROM entities{cutoff}", params):
            g.add_entity(entity_id, name, kind)
            g.add_alias(entity_id, name)
        for entity_id, alias in self._db.rows(f"SELECT entity_id, alias FROM aliases{cutoff}", params):
            if entity_id in g.entities:
                g.add_alias(entity_id, alias)
        g.compile()
        return g

    def _current(self, as_of: int | None = None) -> Gazetteer:
        if as_of is not None:
            with self._lock:
                if as_of not in self._past:
                    if len(self._past) > 8:
                        self._past.clear()
                    self._past[as_of] = self._build(as_of)
                return self._past[as_of]
        generation = self._db.seen_generation  # read before the aliases: they are at least that recent
        if generation == self._checked_at:  # no write since the last check: nothing can have changed
            return self._gazetteer
        version = tuple(self._db.rows("SELECT count(*), coalesce(max(position), 0) FROM aliases")[0])
        with self._lock:
            if version != self._version:
                self._gazetteer, self._version = self._build(None), version
            self._checked_at = generation
            return self._gazetteer

    def merges(self) -> list[tuple[str, str]]:
        """Every (from, into) entity merge now (read again only after a write)."""
        generation = self._db.seen_generation
        cached_at, pairs = self._merges
        if cached_at != generation:
            pairs = [(a, b) for a, b in self._db.rows("SELECT from_id, into_id FROM entity_merges")]
            self._merges = (generation, pairs)
        return pairs

    def resolve(self, name: str, as_of: int | None = None) -> list[str]:
        """Entity ids that ``name`` denotes, with every entity merged with it (empty when nothing matches),
        optionally as of a log position."""
        g = self._current(as_of)
        hit = g.resolve_name(name)
        if not hit:
            candidate = "x-" + slug(name)
            hit = candidate if candidate in g.entities else None
        return self.merged_with(hit, as_of) if hit else []

    def merged_with(self, entity_id: str, as_of: int | None = None) -> list[str]:
        """``entity_id`` and every entity merged with it, in either direction, transitively."""
        if as_of is None:
            pairs = self.merges()
        else:
            pairs = self._db.rows("SELECT from_id, into_id FROM entity_merges WHERE position <= $p", {"p": as_of})
        if not pairs:
            return [entity_id]
        linked: dict[str, set[str]] = {}
        for a, b in pairs:
            linked.setdefault(a, set()).add(b)
            linked.setdefault(b, set()).add(a)
        seen, todo = {entity_id}, [entity_id]
        while todo:
            for nxt in linked.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return sorted(seen)


def claim_where(f: ClaimFilter, resolver: EntityResolver) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions and parameters for a filter (on claims c joined with articles a)."""
    params: dict[str, Any] = {}
    if f.as_of is None:
        where = ["c.valid_to IS NULL"]
        link = "valid_to IS NULL"
    else:  # rows that existed at that position and had not been superseded yet
        params["as_of"] = f.as_of
        where = ["c.position <= $as_of", "(c.valid_to IS NULL OR c.valid_to > $as_of)"]
        link = "position <= $as_of AND (valid_to IS NULL OR valid_to > $as_of)"
    if f.about:
        params["about"] = resolver.resolve(f.about, f.as_of)
        where.append(
            f"c.claim_id IN (SELECT claim_id FROM claim_entities WHERE {link} "
            "AND entity_id IN (SELECT unnest($about::VARCHAR[])))"
        )
    if f.by:
        params["by"] = resolver.resolve(f.by, f.as_of)
        params["by_text"] = f"%{f.by}%"
        where.append("(c.claimant_id IN (SELECT unnest($by::VARCHAR[])) OR c.claimant_text ILIKE $by_text)")
    where += _own_conditions(f, "c", params)
    if f.source:
        params["source"] = f.source
        params["source_suffix"] = "%/" + f.source
        where.append("(a.source = $source OR a.url = $source OR a.source LIKE $source_suffix)")
    if f.text:
        params["text"] = f"%{f.text}%"
        where.append("c.text ILIKE $text")
    return where, params


def _own_conditions(f: ClaimFilter, alias: str, params: dict[str, Any]) -> list[str]:
    """The filter's conditions on a claim's own columns (dates, language) for the table ``alias``,
    their values added to ``params``."""
    where = []
    for key, sql in (
        ("before", "{a}.sort_start < $before"),
        ("after", "coalesce({a}.event_end, {a}.stated_end) > $after"),
        ("stated_before", "{a}.stated_start < $stated_before"),
        ("stated_after", "{a}.stated_end > $stated_after"),
    ):
        value = _date(getattr(f, key), key)
        if value is not None:
            params[key] = value
            where.append(sql.format(a=alias))
    if f.language:
        params["language"] = f.language.lower()
        where.append(f"{alias}.language = $language")
    return where


CLAIM_COLUMNS = """
    c.claim_id, c.article_id, c.text, c.language, c.start_offset, c.end_offset, c.stance,
    c.event_start, c.event_end, c.event_granularity, c.event_expression,
    c.stated_start, c.stated_end, c.stated_granularity, c.stated_expression,
    c.claimant_id, c.claimant_text, c.via_id, c.quantities, c.sort_start, c.position, c.valid_to
"""


_BY_ENTITY_COLUMNS = CLAIM_COLUMNS.replace("c.", "b.")
ALIAS_LINK_ORDINAL = 1000  # the ordinal of the links that aliases added later make (project.sql, @alias_links)


def _by_entity(db: Database, f: ClaimFilter, resolver: EntityResolver) -> tuple[str, dict[str, Any], bool] | None:
    """The FROM/WHERE for a filter that ``claims_by_entity`` can answer (current claims about an entity, with
    conditions on the claim's own columns), its parameters, and whether rows may repeat; None when the filter
    needs the general query.

    ``claims_by_entity`` holds the links a claim version was made with. Links that an alias added later made
    (rare: only API-added aliases make them) are read from ``claim_entities`` and ``claims`` and added, and
    then a claim may appear twice, as it may when the name denotes several (merged) entities."""
    if not f.about or f.as_of is not None or f.by or f.source or f.text:
        return None
    ids = resolver.resolve(f.about, None)
    params: dict[str, Any] = {"about": ids[0] if len(ids) == 1 else ids}
    entity = "entity_id = $about" if len(ids) == 1 else "entity_id IN (SELECT unnest($about::VARCHAR[]))"
    late = db.rows(
        f"SELECT count(*) FROM claim_entities WHERE ordinal >= {ALIAS_LINK_ORDINAL} AND valid_to IS NULL AND {entity}",
        params,
    )[0][0]
    source = f"SELECT b.sort_key, {_BY_ENTITY_COLUMNS} FROM claims_by_entity b WHERE b.valid_to IS NULL AND b.{entity}"
    if late:
        source += (
            f" UNION ALL SELECT coalesce(c.sort_start, DATE '9999-12-31') AS sort_key, {CLAIM_COLUMNS} "
            "FROM claim_entities ce JOIN claims c ON c.claim_id = ce.claim_id AND c.valid_to IS NULL "
            f"WHERE ce.ordinal >= {ALIAS_LINK_ORDINAL} AND ce.valid_to IS NULL AND ce.{entity}"
        )
    where = ["TRUE", *_own_conditions(f, "b", params)]
    return f"FROM ({source}) b WHERE {' AND '.join(where)}", params, len(ids) > 1 or bool(late)


def claims_page(
    db: Database,
    resolver: EntityResolver,
    f: ClaimFilter,
    first: int = 50,
    after: str | None = None,
    count: bool = True,
) -> tuple[list[dict[str, Any]], int | None, bool]:
    """One page of claims in (time, id) order, the total matching (None unless ``count``), and whether more
    follow. Claims about an entity come from the ``claims_by_entity`` read table (one entity's rows, already in
    page order); other filters from ``claims``."""
    if first < 0:
        raise QueryError("first must be >= 0")
    first = min(first, MAX_PAGE)
    cursor = decode_cursor(after) if after else None
    with db.read_transaction():
        fast = _by_entity(db, f, resolver)
        if fast is not None:
            base, params, repeats = fast
            total = int(db.rows(_count_sql(base, repeats), params)[0][0]) if count else None
            page_where = " AND (b.sort_key, b.claim_id) > ($cur_day, $cur_id)" if cursor else ""
            select = f"SELECT {'DISTINCT ' if repeats else ''}* {base}{page_where}"
            sql = f"SELECT * EXCLUDE (sort_key) FROM ({select}) ORDER BY sort_key, claim_id LIMIT $limit"
        else:
            where, params = claim_where(f, resolver)
            base = f"FROM claims c JOIN articles a USING (article_id) WHERE {' AND '.join(where)}"
            total = int(db.rows(f"SELECT count(*) {base}", params)[0][0]) if count else None
            page_where = ""
            if cursor:
                page_where = " AND (coalesce(c.sort_start, DATE '9999-12-31'), c.claim_id) > ($cur_day, $cur_id)"
            sql = (
                f"SELECT {CLAIM_COLUMNS} {base}{page_where} "
                "ORDER BY coalesce(c.sort_start, DATE '9999-12-31'), c.claim_id LIMIT $limit"
            )
        if cursor:
            params = {**params, "cur_day": cursor[0], "cur_id": cursor[1]}
        rows = db.dicts(sql, {**params, "limit": first + 1})
    return rows[:first], total, len(rows) > first


def _count_sql(base: str, repeats: bool) -> str:
    return f"SELECT count({'DISTINCT b.claim_id' if repeats else '*'}) {base}"


def claims_count(db: Database, resolver: EntityResolver, f: ClaimFilter) -> int:
    """How many claims match ``f`` in all."""
    fast = _by_entity(db, f, resolver)
    if fast is not None:
        base, params, repeats = fast
        return int(db.rows(_count_sql(base, repeats), params)[0][0])
    where, params = claim_where(f, resolver)
    sql = f"SELECT count(*) FROM claims c JOIN articles a USING (article_id) WHERE {' AND '.join(where)}"
    return int(db.rows(sql, params)[0][0])


def claim_by_id(db: Database, claim_id: str, as_of: int | None = None) -> dict[str, Any] | None:
    """One claim by id: its current row, or its last row if it was retracted (or its row as of a position)."""
    cutoff = "" if as_of is None else " AND c.position <= $p"
    rows = db.dicts(
        f"SELECT {CLAIM_COLUMNS} FROM claims c WHERE c.claim_id = $id{cutoff} ORDER BY c.position DESC LIMIT 1",
        {"id": claim_id, **({} if as_of is None else {"p": as_of})},
    )
    return rows[0] if rows else None


def claims_by_ids(db: Database, ids: list[str]) -> list[dict[str, Any]]:
    """Current claims by id."""
    return db.dicts(
        f"SELECT {CLAIM_COLUMNS} FROM claims c WHERE c.valid_to IS NULL "
        "AND c.claim_id IN (SELECT unnest($ids::VARCHAR[]))",
        {"ids": ids},
    )


def articles_by_ids(db: Database, ids: list[str], text: bool = True) -> dict[str, dict[str, Any]]:
    """Articles (with their current extraction) keyed by id; without their text unless ``text``."""
    rows = db.dicts(
        "SELECT a.article_id, a.source, a.url, a.outlet, a.title, a.published_at, a.format, "
        + ("a.text, " if text else "")
        + "x.language, x.dct_start, x.dct_end, x.dct_basis, x.extractor_version "
        "FROM articles a LEFT JOIN extractions x ON x.article_id = a.article_id AND x.valid_to IS NULL "
        "WHERE a.article_id IN (SELECT unnest($ids::VARCHAR[]))",
        {"ids": ids},
    )
    return {r["article_id"]: r for r in rows}


def entities_by_ids(db: Database, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Entities keyed by id."""
    rows = db.dicts(
        "SELECT entity_id, name, kind FROM entities WHERE entity_id IN (SELECT unnest($ids::VARCHAR[]))", {"ids": ids}
    )
    return {r["entity_id"]: r for r in rows}


def article_texts(db: Database, ids: list[str]) -> dict[str, str]:
    """Article texts keyed by id."""
    rows = db.rows(
        "SELECT article_id, text FROM articles WHERE article_id IN (SELECT unnest($ids::VARCHAR[]))", {"ids": ids}
    )
    return {r[0]: r[1] for r in rows}


def entity_ids_of_claims(db: Database, claim_ids: list[str]) -> dict[str, list[str]]:
    """The entity ids each claim is about, in order."""
    rows = db.rows(
        "SELECT claim_id, entity_id FROM claim_entities WHERE valid_to IS NULL "
        "AND claim_id IN (SELECT unnest($ids::VARCHAR[])) ORDER BY claim_id, ordinal",
        {"ids": claim_ids},
    )
    out: dict[str, list[str]] = {cid: [] for cid in claim_ids}
    for claim_id, entity_id in rows:
        out[claim_id].append(entity_id)
    return out
