"""The article's topic: the entity a news article is about, which its claims are about too.

A news article names what it is about in its lede and then keeps coming back to it, often only by a
description ("the bridge", "le musée", "同社"). Its claims are about that entity even where a sentence
does not name it ("Les voleurs ont forcé une porte", in an article about a museum theft). The topic is
the entity named in the first paragraph of the body that the article names most often (descriptions
that stand for it included), at least ``MIN_MENTIONS`` times and in two paragraphs or more; never a
country, a person, a news outlet or the place of the dateline (a person in the lede is mostly who
speaks, and a country or the dateline is the setting, not the subject).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable

from timeline.domain.model import EntityRef, Mention
from timeline.extract.segment import Sentence

MIN_MENTIONS = 3
_NEVER = ("country", "person")


def article_topic(
    text: str, sentences: list[Sentence], mentions: Iterable[Mention], outlets: frozenset[str]
) -> EntityRef | None:
    """The topic entity of an article from its sentences and its mentions (descriptions resolved to the
    entity they stand for included), or None when no entity of the lede comes back often enough."""
    if not sentences:
        return None
    lede = [s for s in sentences if s.paragraph == sentences[0].paragraph]
    start, end = lede[0].start, lede[-1].end
    dateline_end = _dateline_end(text, start)
    paragraph_of = {s.start: s.paragraph for s in sentences}
    starts = sorted(paragraph_of)
    counts: Counter[str] = Counter()
    paragraphs: dict[str, set[int]] = {}
    entities: dict[str, EntityRef] = {}
    in_lede: set[str] = set()
    for m in mentions:
        if m.entity.kind in _NEVER or m.entity.id in outlets:
            continue
        counts[m.entity.id] += 1
        entities[m.entity.id] = m.entity
        at = bisect_right(starts, m.start) - 1
        paragraphs.setdefault(m.entity.id, set()).add(paragraph_of[starts[at]] if at >= 0 else -1)
        if dateline_end <= m.start and m.end <= end:
            in_lede.add(m.entity.id)
    ranked = sorted(in_lede, key=lambda k: (-counts[k], k))
    if not ranked or counts[ranked[0]] < MIN_MENTIONS or len(paragraphs[ranked[0]]) < 2:
        return None
    return entities[ranked[0]]


_DATELINE = re.compile(r"[^.!?。\n]{0,40}?(?:\s[-–—]\s|[-–—]{1,2}\s|=[^)）]{0,20}[)）]|[)）]\s*[-–—]?\s*)")


def _dateline_end(text: str, start: int) -> int:
    """Where the dateline opening the lede ends ("BRISTOL — ", "(서울=연합뉴스) ", "ROUEN – "), else ``start``:
    the place it names is where the news was written, not what it is about."""
    m = _DATELINE.match(text, start)
    return m.end() if m else start
