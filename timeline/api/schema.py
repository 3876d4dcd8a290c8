"""The GraphQL schema: queries over claims, articles, entities and the raw event log."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import strawberry
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from graphql import GraphQLError
from timeline.api.context import Context
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
from timeline.errors import QueryError, TimelineError
from timeline.query import MAX_PAGE, claim_by_id, claims_page, encode_cursor
from timeline.query import ClaimFilter as QueryFilter

Info = strawberry.Info


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


@strawberry.type
class Query:
    @strawberry.field(description=f"Claims matching a filter, in (time, id) order; `first` is capped at {MAX_PAGE}.")
    def claims(
        self,
        info: Info,
        filter: ClaimFilter | None = None,
        first: int = 50,
        after: str | None = None,
        as_of: Annotated[
            datetime | None, strawberry.argument(description="Answer as the database would have at this time.")
        ] = None,
        as_of_position: Annotated[
            int | None, strawberry.argument(description="Answer as the database would have at this log position.")
        ] = None,
    ) -> ClaimConnection:
        ctx: Context = info.context
        f = filter or ClaimFilter()
        position = _as_of_position(ctx, as_of, as_of_position)
        qf = _query_filter(f, position)
        rows, total, more = claims_page(ctx.timeline.db, ctx.timeline.resolver, qf, first, after)
        edges = [ClaimEdge(node=claim_from_row(r), cursor=encode_cursor(r["sort_start"], r["claim_id"])) for r in rows]
        return ClaimConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=more,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=total,
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
        as_of_position: Annotated[
            int | None, strawberry.argument(description="Groups as the database would have formed them then.")
        ] = None,
    ) -> list[ClaimGroup]:
        ctx: Context = info.context
        position = _as_of_position(ctx, None, as_of_position)
        view = ctx.timeline.groups.current(position)
        groups = list(view.groups.values())
        if filter is not None:
            qf = _query_filter(filter, position)
            rows, _total, _more = claims_page(ctx.timeline.db, ctx.timeline.resolver, qf, MAX_PAGE)
            wanted = {view.group_of[r["claim_id"]] for r in rows if r["claim_id"] in view.group_of}
            groups = [g for g in groups if g.id in wanted]
        groups.sort(key=lambda g: (-len(g.claim_ids), g.earliest_stated or date.max, g.id))
        return [group_from_domain(g) for g in groups[: max(0, min(first, MAX_PAGE))]]

    @strawberry.field(description="One claim by id.")
    def claim(self, info: Info, id: strawberry.ID) -> Claim | None:
        row = claim_by_id(info.context.timeline.db, str(id))
        return claim_from_row(row) if row else None

    @strawberry.field(description="One article by id.")
    async def article(self, info: Info, id: strawberry.ID) -> Article | None:
        return await info.context.articles.load(str(id))

    @strawberry.field(description=f"Articles in source order (at most {MAX_PAGE}).")
    def articles(self, info: Info, first: int = 50, offset: int = 0) -> list[Article]:
        db = info.context.timeline.db
        rows = db.dicts(
            "SELECT a.article_id, a.source, a.url, a.outlet, a.title, a.published_at, a.text, a.format, "
            "x.language, x.dct_start, x.dct_end, x.dct_basis FROM articles a "
            "LEFT JOIN extractions x ON x.article_id = a.article_id AND x.valid_to IS NULL "
            "ORDER BY a.source, a.article_id LIMIT $n OFFSET $o",
            {"n": max(0, min(first, MAX_PAGE)), "o": max(0, offset)},
        )
        return [article_from_row(r) for r in rows]

    @strawberry.field(description="One entity by id, or by a name or alias in any script.")
    async def entity(self, info: Info, id: strawberry.ID) -> Entity | None:
        ctx: Context = info.context
        ids = [str(id), *ctx.timeline.resolver.resolve(str(id))]
        for candidate in ids:
            found = await ctx.entities.load(candidate)
            if found is not None:
                return found
        return None

    @strawberry.field(description="Entities whose name or alias contains `search` (any script), best first.")
    def entities(self, info: Info, search: str, first: int = 20) -> list[Entity]:
        ctx: Context = info.context
        db = ctx.timeline.db
        exact = ctx.timeline.resolver.resolve(search)
        rows = db.dicts(
            "SELECT e.entity_id, e.name, e.kind, bool_or(e.entity_id IN (SELECT unnest($exact::VARCHAR[]))) AS hit "
            "FROM entities e LEFT JOIN aliases a USING (entity_id) "
            "WHERE e.entity_id IN (SELECT unnest($exact::VARCHAR[])) OR e.name ILIKE $q OR a.alias ILIKE $q "
            "GROUP BY ALL ORDER BY hit DESC, length(e.name), e.name LIMIT $n",
            {"exact": exact, "q": f"%{search}%", "n": max(0, min(first, MAX_PAGE))},
        )
        return [entity_from_row(r) for r in rows]

    @strawberry.field(description="The raw event log after a position (the log is the source of truth).")
    def events(self, info: Info, after_position: int = 0, first: int = 100) -> list[Event]:
        db = info.context.timeline.db
        return [event_from_recorded(e) for e in db.read_events(after_position, max(0, min(first, MAX_PAGE)))]


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
    return not isinstance(original, (QueryError, TimelineError))


def build_schema() -> strawberry.Schema:
    """The schema with its safety limits."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            QueryDepthLimiter(max_depth=10),
            MaxTokensLimiter(max_token_count=5000),
            MaxAliasesLimiter(max_alias_count=30),
            MaskErrors(should_mask_error=_should_mask, error_message="Internal error (logged on the server)."),
        ],
    )


schema = build_schema()


def sdl() -> str:
    """The schema in SDL (exported to ``schema/timeline.graphql``)."""
    return schema.as_str() + "\n"
