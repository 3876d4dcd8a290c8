"""Checks, through public interfaces, that a database holds only whole articles."""

from __future__ import annotations

from pathlib import Path

import timeline

from .conftest import timeline_cmd


def assert_only_whole_articles(db: Path) -> int:
    """The database opens and verifies, and every article in the log is complete everywhere; returns the count."""
    verified = timeline_cmd("--db", str(db), "verify")
    assert verified.returncode == 0, verified.stderr
    with timeline.open(db, read_only=True) as tl:
        streams = tl.sql(
            "SELECT stream, list(type ORDER BY version) AS types FROM events_view "
            "WHERE stream LIKE 'article-%' GROUP BY stream"
        )
        assert all(t == ["ArticleSubmitted", "ArticleExtracted"] for t in streams["types"].to_list())
        # every article's claims, as the log records them, are all in the read tables (never some of them)
        mismatched = tl.sql(
            "WITH logged AS (SELECT data->>'article_id' AS article_id, json_array_length(data->'claims') AS n "
            "  FROM events_view WHERE type = 'ArticleExtracted'), "
            "shown AS (SELECT article_id, count(*) AS n FROM claims_view GROUP BY article_id) "
            "SELECT l.article_id, l.n, coalesce(s.n, 0) FROM logged l LEFT JOIN shown s USING (article_id) "
            "WHERE l.n <> coalesce(s.n, 0)"
        )
        assert mismatched.height == 0, mismatched
        counts = tl.sql(
            "SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(DISTINCT article_id) FROM articles) "
            "AS distinct_articles, (SELECT count(*) FROM extractions WHERE valid_to IS NULL) AS extractions"
        ).row(0)
        assert counts[0] == counts[1] == counts[2] == streams.height, counts
        return streams.height
