"""Per-request context: the database and DataLoaders that batch lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader

from timeline.api.auth import require_token
from timeline.api.types import Article, Claim, Entity, article_from_row, claim_from_row, entity_from_row
from timeline.app import Timeline
from timeline.query import article_texts, articles_by_ids, claims_by_ids, entities_by_ids, entity_ids_of_claims


@dataclass
class Context:
    """What every resolver of one request shares."""

    timeline: Timeline
    token: str | None = None  # the server's configured bearer token (None: mutations disabled)
    presented: str | None = None  # the token this request carries
    request_id: str | None = None  # the id in the response's X-Request-Id header and in masked errors
    ingestor: Any = None  # the server's Ingestor (ingestArticles), None outside a server
    articles: DataLoader[str, Article | None] = field(init=False)
    article_texts: DataLoader[str, str] = field(init=False)
    entities: DataLoader[str, Entity | None] = field(init=False)
    claim_entity_ids: DataLoader[str, list[str]] = field(init=False)
    aliases: DataLoader[str, list[str]] = field(init=False)
    claims: DataLoader[str, Claim | None] = field(init=False)

    _groups: Any = None

    def group_view(self) -> Any:
        """The claim groups as of this request's start (computed, or fetched from cache, once per request)."""
        if self._groups is None:
            self._groups = self.timeline.groups.current()
        return self._groups

    @property
    def actor(self) -> str | None:
        """Who is changing things (recorded in event meta); tokens identify no one yet."""
        return "token" if self.presented else None

    def require_token(self) -> None:
        """Raise unless the request carries the configured bearer token."""
        require_token(self.token, self.presented, "this mutation")

    def __post_init__(self) -> None:
        db = self.timeline.db

        async def load_articles(ids: list[str]) -> list[Article | None]:
            rows = articles_by_ids(db, ids, text=False)  # texts are long: loaded only when asked for
            return [article_from_row(rows[i]) if i in rows else None for i in ids]

        async def load_article_texts(ids: list[str]) -> list[str]:
            texts = article_texts(db, ids)
            return [texts[i] for i in ids]

        async def load_entities(ids: list[str]) -> list[Entity | None]:
            merged = dict(self.timeline.resolver.merges())

            def canonical(entity_id: str) -> str:
                for _ in range(len(merged) + 1):  # an entity merged into another is shown as that one
                    if entity_id not in merged:
                        break
                    entity_id = merged[entity_id]
                return entity_id

            targets = [canonical(i) for i in ids]
            rows = entities_by_ids(db, sorted(set(targets)))
            return [entity_from_row(rows[t]) if t in rows else None for t in targets]

        async def load_claim_entities(ids: list[str]) -> list[list[str]]:
            links = entity_ids_of_claims(db, ids)
            return [links.get(i, []) for i in ids]

        async def load_aliases(ids: list[str]) -> list[list[str]]:
            rows = db.rows(
                "SELECT entity_id, list(DISTINCT alias ORDER BY alias) FROM aliases "
                "WHERE entity_id IN (SELECT unnest($ids::VARCHAR[])) GROUP BY entity_id",
                {"ids": ids},
            )
            found = {r[0]: list(r[1]) for r in rows}
            return [found.get(i, []) for i in ids]

        self.articles = DataLoader(load_articles)
        self.article_texts = DataLoader(load_article_texts)
        self.entities = DataLoader(load_entities)
        self.claim_entity_ids = DataLoader(load_claim_entities)

        async def load_claims(ids: list[str]) -> list[Claim | None]:
            rows = {r["claim_id"]: r for r in claims_by_ids(db, ids)}
            return [claim_from_row(rows[i]) if i in rows else None for i in ids]

        self.aliases = DataLoader(load_aliases)
        self.claims = DataLoader(load_claims)
