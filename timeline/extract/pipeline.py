"""The extraction pipeline: clean -> language -> sentences -> time -> entities -> claimants -> claims."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

from timeline.domain.model import ArticleInput, Extraction
from timeline.extract.aliases import link_aliases
from timeline.extract.claims import build_claims
from timeline.extract.designated import designated_names, opened_names, with_place_designators
from timeline.extract.docdate import document_date
from timeline.extract.entities import Gazetteer
from timeline.extract.language import detect_language
from timeline.extract.lexicon import lexicon
from timeline.extract.newnames import link_name_parts, new_name_mentions
from timeline.extract.segment import classify, is_prose, paragraphs, sentences
from timeline.extract.tense import mark_future_sentences
from timeline.extract.textnorm import fold_same_length
from timeline.extract.timex import Candidate, find_candidates, mark_forward, resolve_all

_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_LETTERS = re.compile(r"[^\W\d_]+")
EXTRACTOR_VERSION = "0.1.0"


def content_hash(text: str) -> str:
    """The identity of an article's content (sha256 of its exact text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_date_line(text: str, line: tuple[int, int], cands: list[Candidate]) -> bool:
    """A line that is nothing but a date (and perhaps a weekday or time): page chrome or a dateline."""
    s, e = line
    if not any(c.kind in ("date", "partial", "month_year") for c in cands):
        return False
    covered = sum(c.end - c.start for c in cands)
    if covered >= 0.6 * (e - s) and sum(1 for ch in text[s:e] if ch.isalnum()) <= 40:
        return True
    # "Распечатано 03.03.2025 в 11:42", "Updated: 11.04.2025, 08:15": a stamp, a full date and a clock time
    line = text[s:e]
    if line.rstrip().endswith(".") or not any(c.kind == "date" for c in cands):
        return False
    letters = len(_LETTERS.findall(line))
    # "Распечатано 03.03.2025 в 11:42": a stamp; "Сегодня: пятница, 18 октября 2024 | Кинешма": the
    # page's today, a weekday with the full date
    stamp = _CLOCK.search(line) is not None and letters <= 4
    today = any(c.kind == "weekday" for c in cands) and letters <= 6
    return stamp or today


_SHARED: dict[int, tuple[Any, Gazetteer]] = {}  # id(records) -> (records, gazetteer): one per process


def _gazetteer(records: Iterable[dict[str, Any]]) -> Gazetteer:
    """The gazetteer of ``records``, built once per tuple of records (``timeline.data.gazetteer_records()``
    is one tuple per process): every extractor of a process shares it, as matching never changes it."""
    if not isinstance(records, tuple):
        return Gazetteer.from_records(records)
    shared = _SHARED.get(id(records))
    if shared is None or shared[0] is not records:
        _SHARED.clear()
        shared = _SHARED[id(records)] = (records, Gazetteer.from_records(records))
    return shared[1]


def share_gazetteer(records: tuple[dict[str, Any], ...], gazetteer: Gazetteer) -> None:
    """Make ``gazetteer`` the one every :class:`Extractor` of ``records`` uses, in place of building it:
    the caller vouches that it equals ``Gazetteer.from_records(records)`` (``timeline.data`` reads it
    from its index cache, which holds exactly that)."""
    _SHARED.clear()
    _SHARED[id(records)] = (records, gazetteer)


class Extractor:
    """Turns an :class:`ArticleInput` into an :class:`Extraction`. Pure: no I/O, deterministic."""

    version = EXTRACTOR_VERSION

    def __init__(self, gazetteer_records: Iterable[dict[str, Any]]) -> None:
        self.gazetteer = _gazetteer(gazetteer_records)
        self._media = frozenset(self.gazetteer.media)

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
        candidates = find_candidates(folded, lex, lines, text)  # one scan; lines never overlap
        by_line: list[list[Candidate]] = [[] for _ in lines]
        starts = [start for start, _end in lines]
        for c in candidates:
            by_line[bisect_right(starts, c.start) - 1].append(c)
        date_only = {i for i, cands in enumerate(by_line) if _is_date_line(text, lines[i], cands)}
        paras = classify(text, lex, date_only, folded, lines)
        body = [(p.start, p.end) for p in paras if not p.chrome]
        # date lines above the first line of running text are the dateline (or a crawl header)
        first_body = next(
            (i for i, p in enumerate(paras) if not p.chrome and is_prose(text[p.start : p.end])),
            next((i for i, p in enumerate(paras) if not p.chrome), len(paras)),
        )
        head = [by_line[i] for i in range(first_body) if i in date_only]
        body_cands = [c for i, p in enumerate(paras) if not p.chrome for c in by_line[i]]
        dct = document_date(article.published_at, head, body_cands)
        anchor = dct.value.start if dct.value is not None and dct.value.granularity == "day" else None
        anchor_year = dct.value.start.year if dct.value is not None else None
        forward = mark_forward(folded, body_cands, lex)
        mark_future_sentences(folded, forward, lex, anchor)
        times = resolve_all(text, forward, anchor, anchor_year)
        sents = sentences(text, paras)
        markers = frozenset(lex.words("noun_markers"))
        known = self.gazetteer.find(text, body, language, nouns_capitalised=bool(markers))
        heads = lex.word_regex("organization_heads") if lex.supplement.get("organization_heads") else None
        min_words = int(lex.supplement.get("new_name_min_words", 1))
        new = new_name_mentions(text, sents, known, times, markers, min_words, heads)
        if heads is not None:  # "UK Space Agency": the country inside the agency's name is no mention
            known = [k for k in known if not any(n.start <= k.start and k.end < n.end for n in new)]
        taken = [(m.start, m.end) for m in known + new] + [(t.start, t.end) for t in times]
        marked = designated_names(text, sents, lex, taken)
        mentions = with_place_designators(text, sorted(known + new + marked, key=lambda m: m.start), lex)
        opened = opened_names(text, folded, sents, lex, mentions)
        mentions = sorted(mentions + opened, key=lambda m: m.start) if opened else mentions
        mentions = link_aliases(text, folded, lex, mentions, [(s.start, s.end) for s in sents])
        mentions = link_name_parts(mentions)
        prefix = content_hash(text)[:12]
        claims = build_claims(text, folded, lex, sents, times, mentions, dct.value, prefix, self._media)
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
