"""The document creation time (DCT): metadata, else a dateline, else inferred from the body.

Page chrome never sets it: a date line above the headline that names a weekday is the page's
"today" header (a crawl date), and dates in related-article lists are chrome by construction.
"""

from __future__ import annotations

from datetime import date, timedelta

from timeline.domain.model import DocumentDate, Interval
from timeline.extract.timex import Candidate, resolve


def document_date(
    published_at: date | None,
    head_lines: list[list[Candidate]],
    body_candidates: list[Candidate],
) -> DocumentDate:
    """Pick the DCT. ``head_lines``: candidates of date-only lines before the body, in order."""
    if published_at is not None:
        return DocumentDate(_day(published_at), "metadata")
    body_days = [_full(c) for c in body_candidates if _full(c)]
    body_years = [c.y for c in body_candidates if c.y]
    latest_body = max(body_days) if body_days else None
    for cands in head_lines:
        if any(c.kind == "weekday" for c in cands):
            continue  # "Monday, November 25, 2024" over the headline: the page's today, not the article's
        for c in cands:
            day = _full(c)
            if day is None:
                continue
            if latest_body and day < latest_body:
                continue  # a dateline cannot precede the events it reports
            if body_years and day.year > max(body_years) + 1:
                continue  # far later than anything the article mentions: a crawl or page date
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
