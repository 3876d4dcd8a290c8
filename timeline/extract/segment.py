"""Paragraphs, sentences and page chrome.

A paragraph is a non-empty line. Page chrome is recognised line by line: lines that are only a date
or a time, short lines carrying a chrome cue ("related articles", "subscribe", "support us"), and
everything after the first chrome marker that follows the article body (related-article lists).
Chrome stays in the stored text; it is simply never a source of claims or dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timeline.extract.lexicon import Lexicon
from timeline.extract.textnorm import fold_same_length

_SENTENCE_END = re.compile(
    r"(?P<stop>[.!?؟]+)[\"'”»)\]]*\s+(?=[\"'“«(\-–—]?\s*[^\s\da-zа-яіїєґ])"  # alphabetic scripts
    r"|[。！？]+[”」』）\"']*"  # CJK: no space needed
)
# a period after these does not end a sentence: ordinals ("5. Oktober"), initials, common abbreviations
_NO_BREAK_BEFORE = re.compile(
    r"(?<![\w.])(?:\d{1,2}|\w|mr|mrs|ms|dr|prof|st|gen|sen|rep|gov|lt|col|gen|no|nr|vs|etc|ca|bzw|z\.b|u\.a"
    r"|d\.h|т\.е|т\.д|г|им|ул|св|sr|sra|dra|av|p\.ex|jr)$",
    re.IGNORECASE,
)
_ONLY_DATEISH = re.compile(r"^[\W\d_]*$")
_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A line of the article with its offsets and whether it is page chrome."""

    start: int
    end: int
    chrome: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence span inside a paragraph."""

    start: int
    end: int
    paragraph: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-empty lines of ``text``, stripped of surrounding whitespace."""
    out = []
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _word_count(s: str) -> int:
    return len(_WORD.findall(s))


def _cue_hits(folded: str, cues: re.Pattern[str]) -> int:
    return len({m.group(0) for m in cues.finditer(folded)})


_LETTER_WORD = re.compile(r"[^\W\d_]+")
_PROSE_END = re.compile(r"[.!?…。！？\"'”»)]\s*$")


def is_prose(line: str) -> bool:
    """A line of running text: eight words or more and a sentence end (a related-article headline
    such as "В Перми запустили онлайн-мониторинг качества воздуха (12.02.2025)" has none)."""
    return len(_LETTER_WORD.findall(line)) >= 8 and bool(_PROSE_END.search(line)) and not line.rstrip().endswith(")")


def classify(
    text: str,
    lex: Lexicon,
    date_only: set[int],
    folded_text: str | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> list[Paragraph]:
    """Mark each paragraph as body or chrome. ``date_only`` holds indexes of lines that are only a date;
    ``spans`` are the paragraphs when the caller already has them."""
    spans = spans if spans is not None else paragraphs(text)
    folded_text = folded_text if folded_text is not None else fold_same_length(text)
    cues = lex.word_regex("boilerplate_cues")
    marks: list[tuple[bool, str]] = []
    counts = [_word_count(text[s:e]) for s, e in spans]  # words per line, counted once
    for i, (s, e) in enumerate(spans):
        line = text[s:e]
        folded = folded_text[s:e]
        words = counts[i]
        hits = _cue_hits(folded, cues)
        if i in date_only or _ONLY_DATEISH.match(line):
            marks.append((True, "date-or-number line"))
        elif hits and words <= 6:
            marks.append((True, "chrome cue"))
        elif hits >= 2 and words <= 30:
            marks.append((True, "chrome cues"))
        else:
            marks.append((False, ""))
    # the body starts at the first line of running text (a headline of eight words is not one: the
    # dateline under it, "20.11.2024, 16:12 Uhr", must not end the article before it starts)
    body_lines = [i for i in range(len(spans)) if not marks[i][0] and counts[i] >= 8]
    prose = [i for i in body_lines if is_prose(text[spans[i][0] : spans[i][1]])]
    if body_lines:
        first_body = prose[0] if prose else body_lines[0]
        for i in range(first_body + 1, len(spans)):
            if marks[i][0]:
                # a chrome marker after the body starts: the rest is chrome unless more body follows
                # that is longer than what remains as chrome-like (a real article resumes with prose)
                rest = [j for j in range(i + 1, len(spans)) if not marks[j][0]]
                resumes = rest and all(is_prose(text[spans[j][0] : spans[j][1]]) for j in rest[:3])
                # dated lines further down mean a related-article list, unless what follows is clearly
                # the article going on (three paragraphs of running text: a byline date under the lede)
                going_on = len(rest) >= 3 and sum(counts[j] for j in rest[:3]) >= 60
                dated = any(marks[j][0] and j in date_only for j in range(i, len(spans)))
                if not resumes or (dated and not going_on):
                    for j in range(i, len(spans)):
                        if not marks[j][0]:
                            marks[j] = (True, "after page chrome")
                    break
    return [Paragraph(s, e, chrome, reason) for (s, e), (chrome, reason) in zip(spans, marks, strict=True)]


def sentences(text: str, paras: list[Paragraph]) -> list[Sentence]:
    """Split every body paragraph into sentences."""
    out: list[Sentence] = []
    for index, p in enumerate(paras):
        if p.chrome:
            continue
        start = p.start
        for m in _SENTENCE_END.finditer(text, p.start, p.end):
            if m.group("stop") == "." and _NO_BREAK_BEFORE.search(text, max(p.start, m.start() - 8), m.start()):
                continue
            stop = m.end()
            while stop > m.start() and text[stop - 1].isspace():
                stop -= 1
            if stop > start:
                out.append(Sentence(start, stop, index))
            start = m.end()
        if start < p.end:
            out.append(Sentence(start, p.end, index))
    return out
