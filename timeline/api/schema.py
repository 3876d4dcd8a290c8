"""The GraphQL schema: queries over claims, articles, entities and the raw event log."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial
from typing import Annotated

import strawberry
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, ParserCache, ValidationCache
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from graphql import GraphQLError
from timeline.api.context import Context
from timeline.api.limits import CostLimit, Limits, ReadSnapshot, check_first
from timeline.api.masking import MaskAndLog
from timeline.api.mutations import Mutation
from timeline.api.subscriptions import Subscription
from timeline.api.types import (
    Article,
    Claim,
    ClaimConnection,
    ClaimEdge,
    ClaimFilter,
    ClaimGroup,
    Entity,
    Event,
    PageInfo,
    article_from_row,
    claim_from_row,
    entity_from_row,
    event_from_recorded,
    group_from_domain,
)
from timeline.errors import QueryError, StoreError, TimelineError
from timeline.query import MAX_PAGE, claim_by_id, claims_count, claims_page, encode_cursor
from timeline.query import ClaimFilter as QueryFilter

Info = strawberry.Info
AsOf = Annotated[datetime | None, strawberry.argument(description="Answer as the database would have at this time.")]
AsOfPosition = Annotated[
    int | None, strawberry.argument(description="Answer as the database would have at this log position.")
]


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


@strawberry.type
class Query:
    @strawberry.field(
        description=f"Claims matching a filter, in (time, id) order; `first` is at most {MAX_PAGE} (more is an error)."
    )
    def claims(
        self,
        info: Info,
        filter: ClaimFilter | None = None,
        first: int = 50,
        after: str | None = None,
        as_of: AsOf = None,
        as_of_position: AsOfPosition = None,
    ) -> ClaimConnection:
        ctx: Context = info.context
        f = filter or ClaimFilter()
        position = _as_of_position(ctx, as_of, as_of_position)
        qf = _query_filter(f, position)
        db, resolver = ctx.timeline.db, ctx.timeline.resolver
        rows, _total, more = claims_page(db, resolver, qf, check_first(first), after, count=False)
        edges = [ClaimEdge(node=claim_from_row(r), cursor=encode_cursor(r["sort_start"], r["claim_id"])) for r in rows]
        return ClaimConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=more,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            count=partial(claims_count, db, resolver, qf),
        )

    @strawberry.field(
        description="Groups of claims reporting one observation across languages, largest first; "
        "with a filter, only groups with a matching claim."
    )
    def claim_groups(
        self,
        info: Info,
        filter: ClaimFilter | None = None,
        first: int = 50,
        as_of: AsOf = None,
        as_of_position: AsOfPosition = None,
    ) -> list[ClaimGroup]:
        ctx: Context = info.context
        position = _as_of_position(ctx, as_of, as_of_position)
        view = ctx.timeline.groups.current(position)
        groups = list(view.groups.values())
        if filter is not None:
            qf = _query_filter(filter, position)
            rows, _total, _more = claims_page(ctx.timeline.db, ctx.timeline.resolver, qf, MAX_PAGE, count=False)
            wanted = {view.group_of[r["claim_id"]] for r in rows if r["claim_id"] in view.group_of}
            groups = [g for g in groups if g.id in wanted]
        groups.sort(key=lambda g: (-len(g.claim_ids), g.earliest_stated or date.max, g.id))
        return [group_from_domain(g) for g in groups[: check_first(first)]]

    @strawberry.field(description="One claim by id (a retracted one too, with `retractedAtPosition`).")
    def claim(
        self, info: Info, id: strawberry.ID, as_of: AsOf = None, as_of_position: AsOfPosition = None
    ) -> Claim | None:
        position = _as_of_position(info.context, as_of, as_of_position)
        row = claim_by_id(info.context.timeline.db, str(id), position)
        return claim_from_row(row) if row else None

    @strawberry.field(description="One article by id.")
    async def article(
        self, info: Info, id: strawberry.ID, as_of: AsOf = None, as_of_position: AsOfPosition = None
    ) -> Article | None:
        position = _as_of_position(info.context, as_of, as_of_position)
        found = await info.context.articles.load(str(id))
        if found is None or position is None:
            return found
        known = info.context.timeline.db.rows(
            "SELECT 1 FROM articles WHERE article_id = $id AND position <= $p", {"id": str(id), "p": position}
        )
        return found if known else None

    @strawberry.field(description=f"Articles in source order (`first` at most {MAX_PAGE}).")
    def articles(
        self, info: Info, first: int = 50, offset: int = 0, as_of: AsOf = None, as_of_position: AsOfPosition = None
    ) -> list[Article]:
        db = info.context.timeline.db
        position = _as_of_position(info.context, as_of, as_of_position)
        extraction = (
            "x.valid_to IS NULL" if position is None else "x.position <= $p AND (x.valid_to IS NULL OR x.valid_to > $p)"
        )
        rows = db.dicts(
            "SELECT a.article_id, a.source, a.url, a.outlet, a.title, a.published_at, a.text, a.format, "
            "x.language, x.dct_start, x.dct_end, x.dct_basis FROM articles a "
            f"LEFT JOIN extractions x ON x.article_id = a.article_id AND {extraction} "
            + ("" if position is None else "WHERE a.position <= $p ")
            + "ORDER BY a.source, a.article_id LIMIT $n OFFSET $o",
            {"n": check_first(first), "o": max(0, offset), **({} if position is None else {"p": position})},
        )
        return [article_from_row(r) for r in rows]

    @strawberry.field(description="One entity by id, or by a name or alias in any script.")
    async def entity(
        self, info: Info, id: strawberry.ID, as_of: AsOf = None, as_of_position: AsOfPosition = None
    ) -> Entity | None:
        ctx: Context = info.context
        position = _as_of_position(ctx, as_of, as_of_position)
        ids = [str(id), *ctx.timeline.resolver.resolve(str(id), position)]
        for candidate in ids:
            if position is not None and not ctx.timeline.db.rows(
                "SELECT 1 FROM entities WHERE entity_id = $id AND position <= $p", {"id": candidate, "p": position}
            ):
                continue
            found = await ctx.entities.load(candidate)
            if found is not None:
                return found
        return None

    @strawberry.field(description="Entities whose name or alias contains `search` (any script), best first.")
    def entities(
        self, info: Info, search: str, first: int = 20, as_of: AsOf = None, as_of_position: AsOfPosition = None
    ) -> list[Entity]:
        ctx: Context = info.context
        db = ctx.timeline.db
        position = _as_of_position(ctx, as_of, as_of_position)
        exact = ctx.timeline.resolver.resolve(search, position)
        cutoff = "" if position is None else "AND e.position <= $p AND (a.position IS NULL OR a.position <= $p) "
        rows = db.dicts(
            "SELECT e.entity_id, e.name, e.kind, bool_or(e.entity_id IN (SELECT unnest($exact::VARCHAR[]))) AS hit "
            "FROM entities e LEFT JOIN aliases a USING (entity_id) "
            "WHERE (e.entity_id IN (SELECT unnest($exact::VARCHAR[])) OR e.name ILIKE $q OR a.alias ILIKE $q) "
            f"{cutoff}GROUP BY e.entity_id, e.name, e.kind ORDER BY hit DESC, length(e.name), e.name LIMIT $n",
            {
                "exact": exact,
                "q": f"%{search}%",
                "n": check_first(first),
                **({} if position is None else {"p": position}),
            },
        )
        return [entity_from_row(r) for r in rows]

    @strawberry.field(description="The raw event log after a position (the log is the source of truth).")
    def events(self, info: Info, after_position: int = 0, first: int = 100) -> list[Event]:
        db = info.context.timeline.db
        return [event_from_recorded(e) for e in db.read_events(after_position, check_first(first))]


def _as_of_position(ctx: Context, as_of: datetime | None, as_of_position: int | None) -> int | None:
    if as_of_position is not None:
        if as_of_position < 0:
            raise QueryError("asOfPosition must be >= 0")
        return as_of_position
    if as_of is None:
        return None
    moment = as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)
    row = ctx.timeline.db.rows("SELECT coalesce(max(position), 0) FROM events WHERE recorded_at <= $t", {"t": moment})
    return int(row[0][0])


def _query_filter(f: ClaimFilter, as_of: int | None = None) -> QueryFilter:
    return QueryFilter(
        about=f.about,
        before=_iso(f.before),
        after=_iso(f.after),
        stated_before=_iso(f.stated_before),
        stated_after=_iso(f.stated_after),
        by=f.by,
        language=f.language,
        source=f.source,
        text=f.text,
        as_of=as_of,
    )


def _should_mask(error: GraphQLError) -> bool:
    """Hide internal errors; keep our own, actionable ones (bad cursor, bad date...)."""
    original = error.original_error
    if original is None:
        return False  # validation and parse errors are safe and useful
    return isinstance(original, StoreError) or not isinstance(original, (QueryError, TimelineError))


# The validation rules, made once: strawberry's QueryDepthLimiter and MaxAliasesLimiter make a new rule class per
# request, which would give every request its own validation-cache key (and so no cache hit).
_RULES = [depth_rule(10, None), max_aliases_rule(30), CostLimit]
_DOCUMENT_CACHE = 256  # distinct query texts whose parsed document and validation errors are kept


def build_schema(limits: Limits | None = None) -> strawberry.Schema:
    """The schema with its safety limits. Extensions are given as factories: each request gets its own.

    Parsed documents (keyed by the query text and the token limit) and their validation errors (keyed by
    the parsed document and the rules) are cached, bounded: the same query text is parsed and validated once.
    """
    time_limit = (limits or Limits()).time_limit
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            partial(MaxTokensLimiter, max_token_count=5000),
            partial(AddValidationRules, _RULES),
            partial(ParserCache, maxsize=_DOCUMENT_CACHE),
            partial(ValidationCache, maxsize=_DOCUMENT_CACHE),
            partial(ReadSnapshot, time_limit=time_limit),
            partial(MaskAndLog, should_mask_error=_should_mask, error_message="Internal error (logged on the server)"),
        ],
    )


schema = build_schema()


def sdl() -> str:
    """The schema in SDL (exported to ``schema/timeline.graphql``)."""
    return schema.as_str() + "\n"
