"""Timeline feeds for front ends: TimelineJS and vis-timeline, from claim rows. Pure functions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def _parts(day: date, granularity: str | None) -> dict[str, str]:
    out = {"year": str(day.year)}
    if granularity in (None, "day", "week", "month", "quarter", "half", "duration"):
        out["month"] = str(day.month)
    if granularity in (None, "day", "week"):
        out["day"] = str(day.day)
    return out


def _when(row: dict[str, Any]) -> tuple[date, date, str | None, str | None] | None:
    """(start, exclusive end, granularity, expression) of the claim's event time, else its stated time."""
    if row.get("event_start") is not None:
        return row["event_start"], row["event_end"], row.get("event_granularity"), row.get("event_expression")
    if row.get("stated_start") is not None:
        return row["stated_start"], row["stated_end"], row.get("stated_granularity"), row.get("stated_expression")
    return None


_ONE_UNIT = {"day": (1, 1), "week": (7, 7), "month": (28, 31), "year": (365, 366)}


def _is_range(start: date, end: date, granularity: str | None) -> bool:
    """True unless the interval is exactly one day, week, month or year ("the past five years" is a range)."""
    low, high = _ONE_UNIT.get(granularity or "", (1, 1))
    return not low <= (end - start).days <= high


def timelinejs(rows: list[dict[str, Any]], title: str | None = None) -> dict[str, Any]:
    """A TimelineJS3 document: one event per claim at its granularity, grouped by claimant."""
    events = []
    for r in rows:
        when = _when(r)
        if when is None:
            continue
        start, end, granularity, expression = when
        event: dict[str, Any] = {
            "start_date": _parts(start, granularity),
            "text": {
                "headline": f"{r.get('claimant') or 'Unattributed'}: {_short(r['text'])}",
                "text": f"“{r['text']}” — {r.get('claimant') or 'unattributed'}, {r.get('outlet') or r.get('source')}",
            },
            "group": r.get("claimant") or "Unattributed",
            "unique_id": r["claim_id"],
        }
        if end is not None and _is_range(start, end, granularity):
            event["end_date"] = _parts(end - timedelta(days=1), granularity)
        if expression and granularity not in ("day",):
            event["display_date"] = expression
        events.append(event)
    doc: dict[str, Any] = {"events": events}
    if title:
        doc["title"] = {"text": {"headline": title, "text": f"{len(events)} claims"}}
    return doc


def vis_timeline(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """vis-timeline items (point for a day, range for anything longer) and groups (one per claimant)."""
    items, groups = [], {}
    for r in rows:
        when = _when(r)
        if when is None:
            continue
        start, end, _granularity, _expression = when
        group = r.get("claimant") or "Unattributed"
        groups.setdefault(group, {"id": group, "content": group})
        item: dict[str, Any] = {
            "id": r["claim_id"],
            "content": _short(r["text"]),
            "start": start.isoformat(),
            "group": group,
            "type": "point",
            "title": r["text"],
        }
        if end is not None and (end - start).days > 1:
            item.update(end=end.isoformat(), type="range")  # a month or "the past five years" is a bar
        items.append(item)
    return {"items": items, "groups": list(groups.values())}


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
