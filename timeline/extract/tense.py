"""Months named in a sentence about the future.

"The company plans to cut 1,200 jobs in October" (written in August) means the coming October, and
"число случаев может превысить сотню уже в декабре" (written on 28 November) the coming December. A
month written without a year is otherwise the last such one before the document date. When its
sentence holds a word of the future or of a plan (``future_cues`` per language: "will", "plans to",
"может", "计划", "予定", "سوف", and the time module's ``future_tense_cues``) and the coming occurrence
is nearer to the document date than the last one, it is read forward (the ``future`` flag of the time
module). A day of the month written alone is left to the time module, which weighs the tense words of
its own clause, past ones included ("did not establish until the 27th").
The nearer-of-the-two condition keeps a past month in a sentence that also looks ahead ("sales fell
in March and could fall further", written in May) where it was.
"""

from __future__ import annotations

import re
from datetime import date

from timeline.extract.lexicon import Lexicon
from timeline.extract.timex import Candidate

_SENTENCE_END = re.compile(r"[.!?。！？]\s|[。！？]|\n")


def _sentence(folded: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(folded, max(0, start - 400), start)), default=0)
    right = _SENTENCE_END.search(folded, end)
    return left, right.start() if right else len(folded)


def _coming_is_nearer(c: Candidate, anchor: date) -> bool:
    """The coming occurrence of a bare month, or of a quarter or half-year without a year (by its first
    month), is nearer to ``anchor`` than the last one."""
    period = c.kind in ("quarter", "half") and c.y is None and c.unit is None
    if (c.kind == "month" or period) and c.m:
        ahead = (c.m - anchor.month) % 12
        back = (anchor.month - c.m) % 12
        return ahead != 0 and (ahead < back or (period and ahead == back))  # half a year off: the coming half
    return False


def mark_future_sentences(folded: str, candidates: list[Candidate], lex: Lexicon, anchor: date | None) -> None:
    """Flag as ``future`` the bare months, quarters and half-years of ``candidates`` (in place) whose
    sentence speaks of the future and whose coming occurrence is nearer to ``anchor`` (the document
    date) than the last ("expects sales to recover in the second quarter", written in January)."""
    if anchor is None:
        return
    listed = [
        *(lex.supplement.get("future_cues") or []),
        *(lex.supplement.get("future_verb_endings") or []),
        *map(re.escape, lex.supplement.get("future_tense_cues") or []),
    ]
    cues = lex.pattern_regex("future_cues+future_tense_cues", listed)
    spans = [(c.start, c.end) for c in candidates]
    for c in candidates:
        if "future" in c.flags or not _coming_is_nearer(c, anchor):
            continue
        left, right = _sentence(folded, c.start, c.end)
        # a cue inside a time expression is none ("in May" is not the modal "may")
        hits = [
            m for m in cues.finditer(folded, left, right) if not any(a < m.end() and m.start() < b for a, b in spans)
        ]
        if hits:
            c.flags = [*c.flags, "future"]
