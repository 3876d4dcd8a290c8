"""The extraction pipeline: clean -> language -> sentences -> time -> entities -> claimants -> claims."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from timeline.domain.model import ArticleInput, Extraction
from timeline.extract.claims import build_claims
from timeline.extract.docdate import document_date
from timeline.extract.entities import Gazetteer
from timeline.extract.language import detect_language
from timeline.extract.lexicon import lexicon
from timeline.extract.newnames import new_name_mentions
from timeline.extract.segment import classify, paragraphs, sentences
from timeline.extract.textnorm import fold_same_length
from timeline.extract.timex import extract_time_expressions, find_candidates

EXTRACTOR_VERSION = "0.1.0"


def content_hash(text: str) -> str:
    """The identity of an article's content (sha256 of its exact text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Extractor:
    """Turns an :class:`ArticleInput` into an :class:`Extraction`. Pure: no I/O, deterministic."""

    version = EXTRACTOR_VERSION

    def __init__(self, gazetteer_records: Iterable[dict[str, Any]]) -> None:
        self.gazetteer = Gazetteer.from_records(gazetteer_records)

    def extract(self, article: ArticleInput) -> Extraction:
        """Extract everything from one article."""
        text = article.text
        if article.language:
            language, confidence = article.language.lower().split("-")[0], 1.0
        else:
            language, confidence = detect_language(text)
        lex = lexicon(language)
        folded = fold_same_length(text)

        lines = paragraphs(text)
        date_only: set[int] = set()
        line_cands = []
        for i, (s, e) in enumerate(lines):
            cands = find_candidates(folded, lex, [(s, e)], text)
            line_cands.append(cands)
            covered = sum(c.end - c.start for c in cands)
            letters = sum(1 for ch in text[s:e] if ch.isalnum())
            if (
                cands
                and any(c.kind in ("date", "partial", "month_year") for c in cands)
                and covered >= 0.6 * (e - s)
                and letters <= 40
            ):
                date_only.add(i)
        paras = classify(text, lex, date_only)
        body = [(p.start, p.end) for p in paras if not p.chrome]
        first_body = next((i for i, p in enumerate(paras) if not p.chrome), len(paras))
        head = [line_cands[i] for i in range(first_body) if i in date_only]
        body_cands = find_candidates(folded, lex, body, text)
        dct = document_date(article.published_at, head, body_cands)
        anchor = dct.value.start if dct.value is not None and dct.value.granularity == "day" else None
        anchor_year = dct.value.start.year if dct.value is not None else None
        times = extract_time_expressions(text, folded, lex, body, anchor, anchor_year)
        sents = sentences(text, paras)
        known = self.gazetteer.find(text, body)
        mentions = sorted(known + new_name_mentions(text, sents, known, times), key=lambda m: m.start)
        prefix = content_hash(text)[:12]
        claims = build_claims(text, folded, lex, sents, times, mentions, dct.value, prefix)
        return Extraction(
            language=language,
            language_confidence=confidence,
            document_date=dct,
            body_spans=body,
            time_expressions=times,
            mentions=mentions,
            claims=claims,
            extractor_version=EXTRACTOR_VERSION,
        )
