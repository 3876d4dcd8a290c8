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
from timeline.extract.designated import designated_names, noun_named, opened_names, with_place_designators
from timeline.extract.docdate import HeadLine, document_date
from timeline.extract.entities import Gazetteer
from timeline.extract.language import detect_language
from timeline.extract.lexicon import Lexicon, lexicon
from timeline.extract.newnames import link_name_parts, new_name_mentions
from timeline.extract.segment import classify, is_prose, paragraphs, sentences
from timeline.extract.tense import mark_future_sentences
from timeline.extract.textnorm import fold_same_length
from timeline.extract.timex import Candidate, find_candidates, mark_forward, resolve_all

_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:h]\d{2}(?!\d)")
_LETTERS = re.compile(r"[^\W\d_]+")
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}\b")  # "siver-online.com.ua" beside a stamp
_STAMP_FILLER = 3  # words a stamp may hold besides its label and date: "le", "à", "Uhr", "by Ana Rey"
_SENTENCE_END = ".!?。"
_STAMP_PARTS = re.compile(r"[|·•]")
EXTRACTOR_VERSION = "0.1.0"


def content_hash(text: str) -> str:
    """The identity of an article's content (sha256 of its exact text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stamp_cue(folded: str, line: tuple[int, int], cands: list[Candidate], lex: Lexicon) -> str | None:
    """The label of a page stamp on ``line``: "publication" ("Publié le 18/02/2025 à 07h10", "입력
    2025.12.17 17:20") or "print" ("Imprimé le 02/09/2025", "Роздруковано: 29.01.2026 08:14 ·
    siver-online.com.ua", "抓取时间：2025-05-03"), else None. A stamp is its label and a full date, perhaps
    with a clock time, a site name and a few other words; it opens with its label or its date, and it is no
    sentence."""
    s, e = line
    if not any(c.kind == "date" for c in cands) or folded[s:e].rstrip()[-1:] in _SENTENCE_END:
        return None
    kinds: set[str] = set()
    rest = list(folded[s:e])
    for key, kind in (("print_stamp_cues", "print"), ("stamp_cues", "publication")):
        for m in lex.phrase_regex(key).finditer(folded, s, e):
            kinds.add(kind)
            rest[m.start() - s : m.end() - s] = " " * (m.end() - m.start())
    if not kinds:
        return None
    found = "publication" if "publication" in kinds else "print"  # "Publié le … Mis à jour le …"
    for c in cands:
        rest[c.start - s : c.end - s] = " " * (c.end - c.start)
    blanked = "".join(rest)
    if len(_LETTERS.findall(_CLOCK.sub(" ", _DOMAIN.sub(" ", blanked)))) > _STAMP_FILLER:
        return None
    # the stamp opens with its label or its date, perhaps after a place or section ("Sevilla | Actualizado …")
    opening = min(i for i, ch in enumerate(blanked) if ch == " " and folded[s + i] != " ")
    parts = _STAMP_PARTS.split(folded[s : s + opening])
    first = _LETTERS.search(folded, s + opening - len(parts[-1]), e)
    return found if first is None or blanked[first.start() - s].isspace() else None


_BRACKETED_WORD = re.compile(r"\s*[(（]\s*([^\W\d_]{1,4})\.?\s*[)）]")


def _names_weekday(folded: str, cands: list[Candidate], lex: Lexicon) -> bool:
    """True when a line names a weekday: in words ("mercredi 19 février 2025") or abbreviated in
    brackets after its date ("2026年9月12日（土）", "2026년 5월 22일 (금)", "19.02.2025 (Mi.)")."""
    if any(c.kind == "weekday" for c in cands):
        return True
    for c in cands:
        m = _BRACKETED_WORD.match(folded, c.end)
        if m and m.group(1) in lex.weekday_abbreviations:
            return True
    return False


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
        stamps = {i: _stamp_cue(folded, lines[i], cands, lex) for i, cands in enumerate(by_line) if cands}
        date_only = {i for i, cands in enumerate(by_line) if stamps.get(i) or _is_date_line(text, lines[i], cands)}
        paras = classify(text, lex, date_only, folded, lines)
        body = [(p.start, p.end) for p in paras if not p.chrome]
        # date lines above the first line of running text are the dateline (or a crawl header)
        first_body = next(
            (i for i, p in enumerate(paras) if not p.chrome and is_prose(text[p.start : p.end])),
            next((i for i, p in enumerate(paras) if not p.chrome), len(paras)),
        )
        head = [
            HeadLine(by_line[i], stamps.get(i), _names_weekday(folded, by_line[i], lex))
            for i in range(first_body)
            if i in date_only
        ]
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
        opened = opened_names(text, folded, sents, lex, mentions) + noun_named(text, folded, lex, mentions)
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
