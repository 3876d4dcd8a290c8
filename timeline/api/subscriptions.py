"""Catch-up subscriptions over graphql-transport-ws: the log from a position on, then live."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from timeline.api.context import Context
from timeline.api.types import Claim, ClaimFilter, Event, claim_from_row, event_from_recorded
from timeline.query import claim_where, claims_by_ids

Info = strawberry.Info
POLL_SECONDS = 0.2
BATCH = 500


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Every event after `afterPosition`, in order, then each new one as it is appended "
        "(optionally only of some `types`). Resume from the last position you saw: no gaps, no duplicates."
    )
    async def events(
        self, info: Info, after_position: int = 0, types: list[str] | None = None
    ) -> AsyncGenerator[Event, None]:
        ctx: Context = info.context
        position = max(0, after_position)
        while True:
            head = int(ctx.timeline.db.rows("SELECT coalesce(max(position), 0) FROM events")[0][0])
            batch = [e for e in ctx.timeline.db.read_events(position, BATCH, types) if e.position <= head]
            for e in batch:
                position = e.position
                yield event_from_recorded(e)
            if len(batch) < BATCH:
                position = max(position, head)  # events of other types up to the head are skipped, none later
                await asyncio.sleep(POLL_SECONDS)

    @strawberry.subscription(
        description="Each claim added after `afterPosition` (default: from now on) that matches the filter."
    )
    async def claim_added(
        self, info: Info, filter: ClaimFilter | None = None, after_position: int | None = None
    ) -> AsyncGenerator[Claim, None]:
        from timeline.api.schema import _query_filter

        ctx: Context = info.context
        db = ctx.timeline.db
        position = after_position
        if position is None:
            position = int(db.rows("SELECT coalesce(max(position), 0) FROM events")[0][0])
        while True:
            head = int(db.rows("SELECT coalesce(max(position), 0) FROM events")[0][0])  # read first: no gaps
            where, params = claim_where(_query_filter(filter or ClaimFilter()), ctx.timeline.resolver)
            rows = db.rows(
                f"SELECT c.claim_id, c.position FROM claims c JOIN articles a USING (article_id) "
                f"WHERE {' AND '.join(where)} AND c.position > $since AND c.position <= $head "
                "ORDER BY c.position, c.ordinal LIMIT $n",
                {**params, "since": position, "head": head, "n": BATCH},
            )
            found = {r["claim_id"]: r for r in claims_by_ids(db, [r[0] for r in rows])} if rows else {}
            for claim_id, claim_position in rows:
                if claim_id in found:
                    yield claim_from_row(found[claim_id])
                position = claim_position
            if len(rows) < BATCH:
                position = max(position, head)  # everything up to the head has been seen
                await asyncio.sleep(POLL_SECONDS)
