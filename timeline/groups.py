"""Claim groups and denial links over the current claims, cached until the log moves."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any

from timeline.domain.grouping import ClaimFacts, Group, denial_links, group_claims
from timeline.store import Database


@dataclass
class GroupView:
    """Groups, each claim's group, and who denies whom — as of one log position."""

    position: int
    groups: dict[str, Group] = field(default_factory=dict)
    group_of: dict[str, str] = field(default_factory=dict)
    denies: dict[str, list[str]] = field(default_factory=dict)
    denied_by: dict[str, list[str]] = field(default_factory=dict)


class GroupIndex:
    """Computes :class:`GroupView` from the projections (a pure function of them), cached by position."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._view: GroupView | None = None

    def current(self, as_of: int | None = None) -> GroupView:
        """The view for the log's current head, or as of an earlier log position."""
        head = int(self._db.rows("SELECT coalesce(max(position), 0) FROM events")[0][0])
        position = head if as_of is None else min(as_of, head)
        with self._lock:
            if self._view is None or self._view.position != position:
                self._view = self._build(position)
            return self._view

    def _build(self, position: int) -> GroupView:
        alive = "position <= $p AND (valid_to IS NULL OR valid_to > $p)"
        rows = self._db.dicts(
            "SELECT c.claim_id, c.article_id, coalesce(a.outlet, a.source) AS outlet, c.language, c.text, "
            "c.claimant_id, c.stance, c.quantities, c.event_start, c.event_end, c.stated_start, "
            f"(SELECT list(x.entity_id) FROM claim_entities x WHERE x.claim_id = c.claim_id AND x.{alive}) "
            f"AS entity_ids FROM claims c JOIN articles a USING (article_id) WHERE c.{alive}",
            {"p": position},
        )
        facts = [_facts(r) for r in rows]
        broad = frozenset(r[0] for r in self._db.rows("SELECT entity_id FROM entities WHERE kind = 'country'"))
        view = GroupView(position)
        for g in group_claims(facts, broad):
            view.groups[g.id] = g
            for cid in g.claim_ids:
                view.group_of[cid] = g.id
        for denial, denied in denial_links(facts, self._governments(), broad):
            view.denies.setdefault(denial, []).append(denied)
            view.denied_by.setdefault(denied, []).append(denial)
        return view

    def _governments(self) -> dict[str, str]:
        """Organisation id -> id of the country whose government it speaks for (from the gazetteer event)."""
        row = self._db.rows(
            "SELECT data::VARCHAR FROM events WHERE type = 'GazetteerImported' ORDER BY position DESC LIMIT 1"
        )
        if not row:
            return {}
        records = json.loads(row[0][0]).get("entities", [])
        by_code = {r["country_code"]: r["id"] for r in records if r.get("country_code")}
        return {r["id"]: by_code[r["government_of"]] for r in records if r.get("government_of") in by_code}


def _facts(r: dict[str, Any]) -> ClaimFacts:
    quantities = tuple(float(q["value"]) for q in json.loads(r["quantities"] or "[]"))
    event = (r["event_start"], r["event_end"]) if r["event_start"] and r["event_end"] else None
    return ClaimFacts(
        claim_id=r["claim_id"],
        article_id=r["article_id"],
        outlet=r["outlet"],
        language=r["language"],
        text=r["text"],
        claimant_id=r["claimant_id"],
        stance=r["stance"],
        entity_ids=frozenset(r["entity_ids"] or []),
        quantities=quantities,
        event=event,
        stated=r["stated_start"],
    )
