"""The baseline we measure against: ``dateparser.search_dates`` with the right language and base date.

It turns search_dates' findings into the export format (day-granularity intervals, offsets found
left to right in the text), so the same scorer can compare it with our extractor side by side.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from dateparser.search import search_dates


def search_dates_expressions(text: str, language: str | None, base: date | None) -> list[dict[str, Any]]:
    """Time expressions as ``dateparser.search_dates`` finds them (each a one-day interval)."""
    settings: dict[str, Any] = {"RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    try:
        found = search_dates(text, languages=[language] if language else None, settings=settings) or []
    except Exception:  # the baseline failing on a text counts as finding nothing
        found = []
    out, cursor = [], 0
    for substring, moment in found:
        start = text.find(substring, cursor)
        if start < 0:
            start = text.find(substring)
        if start < 0:
            continue
        cursor = start + len(substring)
        day = moment.date()
        out.append(
            {
                "text": substring,
                "start": start,
                "end": start + len(substring),
                "value_start": day.isoformat(),
                "value_end": (day + timedelta(days=1)).isoformat(),
                "granularity": "day",
            }
        )
    return out


def baseline_export(gold: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """An export (time expressions only) of the gold's articles, made by the baseline."""
    articles = []
    for ga in gold.get("articles", []):
        dct = date.fromisoformat(ga["dct"]) if ga.get("dct") else None
        articles.append(
            {
                "source": ga["file"],
                "time_expressions": search_dates_expressions(texts[ga["file"]], ga.get("language"), dct),
                "claims": [],
            }
        )
    return {"articles": articles}
