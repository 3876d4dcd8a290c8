"""The document creation time (DCT): metadata, else a dateline, else inferred from the body.

Page chrome never sets it: a date line above the headline that names a weekday is the page's
"today" header (a crawl date), a print or save stamp ("Imprimé le 02/09/2025", "Збережено:
14.03.2026 07:52") says when the page was read, and dates in related-article lists are chrome by
construction. A publication stamp ("Publié le 18/02/2025 à 07h10", "입력 2025.12.17 17:20") wins over
other date lines; of those, the one nearest the body (the byline under the headline) comes first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from timeline.domain.model import DocumentDate, Interval
from timeline.extract.timex import Candidate, resolve


@dataclass(frozen=True)
class HeadLine:
    """A date-only line above the body: its candidates, its stamp kind ("publication", "print" or
    None) and whether it names the weekday (a page's "today" header: "mercredi 19 février 2025",
    "2026年9月12日（土）")."""

    candidates: list[Candidate]
    stamp: str | None = None
    names_weekday: bool = False


def document_date(
    published_at: date | None,
    head_lines: list[HeadLine],
    body_candidates: list[Candidate],
) -> DocumentDate:
    """Pick the DCT. ``head_lines``: the date-only lines before the body, in page order."""
    if published_at is not None:
        return DocumentDate(_day(published_at), "metadata")
    body_days = [_full(c) for c in body_candidates if _full(c)]
    body_years = [c.y for c in body_candidates if c.y]
    latest_body = max(body_days) if body_days else None
    stamped = [h for h in head_lines if h.stamp == "publication"]
    others = [h for h in reversed(head_lines) if h.stamp is None and not h.names_weekday]
    for line in stamped + others:
        for c in line.candidates:
            day = _full(c)
            if day is None:
                continue
            if line.stamp is None and latest_body and day < latest_body:
                continue  # a dateline cannot precede the events it reports
            return DocumentDate(_day(day), "dateline")
    if latest_body is not None:
        return DocumentDate(_day(latest_body), "body")
    if body_years:
        y = max(body_years)
        return DocumentDate(Interval(date(y, 1, 1), date(y + 1, 1, 1), "year"), "body")
    return DocumentDate(None, "none")


def _full(c: Candidate) -> date | None:
    if c.kind != "date":
        return None
    value = resolve(c, None, None)
    return value.start if value else None


def _day(d: date) -> Interval:
    return Interval(d, d + timedelta(days=1), "day")
