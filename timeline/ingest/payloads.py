"""The payloads of an article's two events, encoded where they are computed (an extraction worker).

The writer (the one process appending to the log) then only hashes and inserts them: encoding a
payload costs more than extracting a short article's dates, and it parallelises with extraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from timeline.domain.events import EncodedPayload
from timeline.domain.model import ArticleInput
from timeline.extract.pipeline import content_hash


@dataclass(frozen=True, slots=True)
class ArticlePayloads:
    """An article's ArticleSubmitted and ArticleExtracted payloads (canonical JSON) and its claim count."""

    article_id: str
    submitted: EncodedPayload
    extracted: EncodedPayload
    claims: int


def article_id(text: str) -> str:
    """An article's id: the first 16 hex digits of the sha256 of its exact text."""
    return content_hash(text)[:16]


def payloads(article: ArticleInput, extraction: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ArticleSubmitted and ArticleExtracted payloads of an article and its extraction (as JSON)."""
    digest = content_hash(article.text)
    aid = digest[:16]
    return {"article_id": aid, "content_hash": digest, **article.to_json()}, {"article_id": aid, **extraction}


def encode(article: ArticleInput, extraction: dict[str, Any]) -> ArticlePayloads:
    """Both payloads in canonical JSON, ready to append."""
    submitted, extracted = payloads(article, extraction)
    return ArticlePayloads(
        submitted["article_id"],
        EncodedPayload.of(submitted),
        EncodedPayload.of(extracted),
        len(extraction.get("claims") or ()),
    )
