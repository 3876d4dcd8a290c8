"""Catch-up subscriptions over graphql-transport-ws: the log from a position on, then live."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from timeline.api.context import Context
from timeline.api.types import Claim, Event, claim_from_row, event_from_recorded
from timeline.query import claims_by_ids

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
            batch = ctx.timeline.db.read_events(position, BATCH, types)
            for e in batch:
                position = e.position
                yield event_from_recorded(e)
            if len(batch) < BATCH:
                if types:  # skip over events of other types so the next read starts after them
                    head = ctx.timeline.db.rows("SELECT coalesce(max(position), 0) FROM events")[0][0]
                    position = max(position, int(head))
                await asyncio.sleep(POLL_SECONDS)

    @strawberry.subscription(description="Each claim added after `afterPosition` (default: from now on).")
    async def claim_added(self, info: Info, after_position: int | None = None) -> AsyncGenerator[Claim, None]:
        ctx: Context = info.context
        db = ctx.timeline.db
        position = after_position
        if position is None:
            position = int(db.rows("SELECT coalesce(max(position), 0) FROM events")[0][0])
        while True:
            rows = db.rows(
                "SELECT claim_id, position FROM claims WHERE position > $p AND valid_to IS NULL "
                "ORDER BY position, ordinal LIMIT $n",
                {"p": position, "n": BATCH},
            )
            if rows:
                found = {r["claim_id"]: r for r in claims_by_ids(db, [r[0] for r in rows])}
                for claim_id, claim_position in rows:
                    if claim_id in found:
                        yield claim_from_row(found[claim_id])
                    position = claim_position
            else:
                await asyncio.sleep(POLL_SECONDS)
