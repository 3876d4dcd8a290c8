"""Corrections as events: aliases added, claims retracted. Nothing is edited in place.

Each correction is appended to its own stream (``entity-<id>``, ``claim-<id>``) with an optional
expected version, so two users correcting the same thing cannot silently overwrite each other.
The projections apply them (``sql/project.sql``): an alias links every claim whose text names it,
and a retracted claim gets a ``valid_to`` position, which keeps it in history and ``asOf`` reads.
"""

from __future__ import annotations

from typing import Any

from timeline import __version__
from timeline.domain.events import (
    ALIAS_ADDED,
    CLAIM_CORRECTED,
    CLAIM_RETRACTED,
    ENTITIES_MERGED,
    NewEvent,
    RecordedEvent,
)
from timeline.errors import NotFoundError, ValidationError
from timeline.store import Database
from timeline.store.eventstore import StreamAppend

MAX_ALIAS = 200
MAX_REASON = 2000


def _meta(actor: str | None) -> dict[str, Any]:
    return {"tool_version": __version__, "causation": "api", "actor": actor}


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise ValidationError(f"a reason of 1 to {MAX_REASON} characters is required")
    return reason


def _require_entity(db: Database, entity_id: str) -> None:
    if not db.rows("SELECT 1 FROM entities WHERE entity_id = $id", {"id": entity_id}):
        raise NotFoundError(f"no entity with id {entity_id!r}")


def _record(
    db: Database, stream: str, expected_version: int | None, event_type: str, data: dict[str, Any], actor: str | None
) -> RecordedEvent:
    """Append one correction event to its stream (checking the expected version)."""
    (event,) = db.append([StreamAppend(stream, expected_version, [NewEvent(event_type, data, _meta(actor))])])
    return event


def add_alias(
    db: Database,
    entity_id: str,
    alias: str,
    language: str | None = None,
    expected_version: int | None = None,
    actor: str | None = None,
) -> RecordedEvent:
    """Record that ``alias`` names ``entity_id`` (in ``language``, if given)."""
    alias = (alias or "").strip()
    if not alias or len(alias) > MAX_ALIAS:
        raise ValidationError(f"alias must be 1 to {MAX_ALIAS} characters")
    if len(alias) < 3:
        raise ValidationError("alias must be at least 3 characters (shorter ones would match inside other words)")
    if language is not None and not (2 <= len(language) <= 8 and language.replace("-", "").isalpha()):
        raise ValidationError(f"language {language!r} is not an ISO 639 code")
    _require_entity(db, entity_id)
    if db.rows(
        "SELECT 1 FROM aliases WHERE entity_id = $id AND lower(alias) = lower($a)", {"id": entity_id, "a": alias}
    ):
        raise ValidationError(f"{alias!r} is already an alias of {entity_id!r}")
    return _record(
        db,
        f"entity-{entity_id}",
        expected_version,
        ALIAS_ADDED,
        {"entity_id": entity_id, "alias": alias, "language": language},
        actor,
    )


def retract_claim(
    db: Database, claim_id: str, reason: str, expected_version: int | None = None, actor: str | None = None
) -> RecordedEvent:
    """Record that a claim is withdrawn (it stays in the log and in ``history``)."""
    reason = _reason(reason)
    if not db.rows("SELECT 1 FROM claims WHERE claim_id = $id AND valid_to IS NULL", {"id": claim_id}):
        raise NotFoundError(f"no current claim with id {claim_id!r}")
    return _record(
        db, f"claim-{claim_id}", expected_version, CLAIM_RETRACTED, {"claim_id": claim_id, "reason": reason}, actor
    )


def claim_history(db: Database, claim_id: str) -> list[dict[str, Any]]:
    """Every event that touched a claim, oldest first: its extraction and every correction."""
    rows = db.dicts(
        "SELECT e.position, e.type, e.recorded_at, e.stream, e.data->>'reason' AS reason "
        "FROM events e WHERE e.stream = 'claim-' || $id "
        "OR (e.type = 'ArticleExtracted' AND e.data->>'article_id' = "
        "    (SELECT article_id FROM claims WHERE claim_id = $id LIMIT 1)) "
        "OR (e.type = 'AliasAdded' AND e.position IN "
        "    (SELECT position FROM claim_entities WHERE claim_id = $id AND ordinal = 1000)) "
        "ORDER BY e.position",
        {"id": claim_id},
    )
    if not rows:
        raise NotFoundError(f"no claim with id {claim_id!r}")
    return rows


def merge_entities(
    db: Database, from_id: str, into_id: str, expected_version: int | None = None, actor: str | None = None
) -> RecordedEvent:
    """Record that ``from_id`` is the same entity as ``into_id``; claims about either are about both."""
    if from_id == into_id:
        raise ValidationError("an entity cannot be merged into itself")
    _require_entity(db, from_id)
    _require_entity(db, into_id)
    merges = dict(db.rows("SELECT from_id, into_id FROM entity_merges"))
    if from_id in merges:
        raise ValidationError(f"{from_id!r} is already merged into {merges[from_id]!r}")
    target = into_id
    while target in merges:  # merging into something that leads back to from_id would make a cycle
        target = merges[target]
        if target == from_id:
            raise ValidationError(f"{into_id!r} is already merged into {from_id!r}")
    return _record(
        db, f"entity-{from_id}", expected_version, ENTITIES_MERGED, {"from_id": from_id, "into_id": into_id}, actor
    )


CORRECTABLE = ("claimant_id", "stance", "event_start", "event_end", "stated_start", "stated_end")
STANCES = ("asserted", "denial", "hedged")


def correct_claim(
    db: Database,
    claim_id: str,
    fields: dict[str, Any],
    reason: str,
    expected_version: int | None = None,
    actor: str | None = None,
) -> RecordedEvent:
    """Record corrected values for some fields of a claim. The claim gets a new version with them; the
    extracted version stays in history, and a later re-extraction keeps the corrections."""
    from datetime import date

    reason = _reason(reason)
    given = {k: v for k, v in fields.items() if v is not None}
    unknown = set(given) - set(CORRECTABLE)
    if unknown or not given:
        raise ValidationError(
            f"give at least one of {', '.join(CORRECTABLE)}" + (f"; not {sorted(unknown)}" if unknown else "")
        )
    rows = db.dicts(
        "SELECT event_start, event_end, stated_start, stated_end FROM claims WHERE claim_id = $id AND valid_to IS NULL",
        {"id": claim_id},
    )
    if not rows:
        raise NotFoundError(f"no current claim with id {claim_id!r}")
    if "stance" in given and given["stance"] not in STANCES:
        raise ValidationError(f"stance must be one of {', '.join(STANCES)}")
    if "claimant_id" in given:
        _require_entity(db, given["claimant_id"])
    merged = {**rows[0]}
    for key in ("event_start", "event_end", "stated_start", "stated_end"):
        if key in given:
            value = given[key]
            try:
                merged[key] = value if isinstance(value, date) else date.fromisoformat(str(value))
            except ValueError:
                raise ValidationError(f"{key} {value!r} is not an ISO date (YYYY-MM-DD)") from None
            given[key] = merged[key].isoformat()
    for prefix in ("event", "stated"):
        start, end = merged[f"{prefix}_start"], merged[f"{prefix}_end"]
        if (start is None) != (end is None) or (start is not None and not start < end):
            raise ValidationError(f"{prefix} time must have a start before its (exclusive) end")
    return _record(
        db,
        f"claim-{claim_id}",
        expected_version,
        CLAIM_CORRECTED,
        {"claim_id": claim_id, "fields": given, "reason": reason},
        actor,
    )
