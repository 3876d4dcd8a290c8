"""The ``ingestArticles`` mutation: a few articles stored through GraphQL (POST /ingest takes large batches)."""

from __future__ import annotations

from datetime import date

import strawberry

from timeline.api.context import Context
from timeline.domain.model import ArticleInput
from timeline.errors import InputError
from timeline.ingest.readers import Rejected, article_from_record


@strawberry.input(description="An article to store: its exact text and what is known about it.")
class ArticleSubmission:
    text: str
    source: str | None = strawberry.field(default=None, description="Defaults to the URL, else `articles[i]`.")
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published_at: date | None = None
    language: str | None = strawberry.field(default=None, description="ISO 639-1; detected when not given.")


@strawberry.type(description="An article that was not stored, and why.")
class IngestRejection:
    source: str
    reason: str


@strawberry.type(description="What an ingest did: articles stored, already present, rejected; claims extracted.")
class IngestResult:
    new: int
    present: int
    claims: int
    rejected: list[IngestRejection]


def _article(submission: ArticleSubmission, where: str) -> ArticleInput | Rejected:
    record = {
        "text": submission.text,
        "source": submission.source,
        "url": submission.url,
        "outlet": submission.outlet,
        "title": submission.title,
        "published_at": submission.published_at.isoformat() if submission.published_at else None,
        "language": submission.language,
    }
    try:
        return article_from_record(record, where)
    except InputError as exc:
        return Rejected(submission.source or where, str(exc))


async def ingest_articles(info: strawberry.Info, articles: list[ArticleSubmission]) -> IngestResult:
    """Store the articles not yet present, each in a transaction with its extraction (requires the token)."""
    ctx: Context = info.context
    ctx.require_token()
    if ctx.ingestor is None:
        raise InputError("ingestArticles needs a running server")
    items = [_article(a, f"articles[{i}]") for i, a in enumerate(articles)]
    summary = await ctx.ingestor.ingest(items)
    return IngestResult(
        new=summary.new,
        present=summary.present,
        claims=summary.claims,
        rejected=[IngestRejection(source=r.source, reason=r.reason) for r in summary.rejected],
    )
