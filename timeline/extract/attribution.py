"""Who made a statement: per-language attribution cues and the source they point to.

A cue is either followed by its source ("according to X", "theo X", "وفقًا لـ X", "за словами X"),
preceded by it ("X said", "X cho biết", "X mengatakan"), or either (a verb inverted after a quote:
'"…", kata kelompok tersebut'). The source is a gazetteer entity at the head of the source phrase,
an unnamed official ("một quan chức Mỹ giấu tên"), an anaphor ("the report", "kelompok tersebut")
resolved later to the last named source, or, failing those, the phrase itself as a new entity.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from timeline.domain.model import Mention
from timeline.extract.lexicon import Lexicon, lexicon
from timeline.extract.textnorm import fold_same_length

# words that end a source phrase: complementisers ("that") in the supported languages
_COMPLEMENTISERS = ["rằng", "là", "that", "bahwa", "أن", "بأن", "إن", "що", "что", "dass", "que", "che", "qu'"]
_CLAUSE_END = re.compile(r"[,.;:!?،؛\"“”«»—–、，；：「」『』]|\s-\s")
# Japanese and Korean put the speaker first, marked as topic or subject, and the speech verb last:
# "朝鮮中央通信（KCNA）は14日、…と報じた", "산업통상자원부가 14일 밝혔다"
_TOPIC_MARK = {
    "ja": re.compile(r"[)）'’\"”」]*(?:（[^）]{0,40}）)?(?:は|が|によると|では)"),
    "ko": re.compile(r"[)）'’\"”]*(?:\([^)]{0,40}\))?(?:은|는|이|가|께서|측은|측이|측)(?!\w)"),
}
_TOPIC_PHRASE = {
    "ja": re.compile(r"(?:^|(?<=[、。」]))(?P<topic>[^、。「」（）]{2,24}?)(?:（[^）]{0,40}）)?(?:は|が)(?=[^いあ])"),
    "ko": re.compile(r"(?:^|(?<=\s))(?P<topic>[가-힣A-Za-z]{2,12}?)(?:은|는|이|가|께서)(?=\s)"),
}
_MAX_SOURCE_WORDS = 12
_ACTOR_KINDS = ("organization", "person", "group")
_RANK = {"named": 0, "unnamed": 1, "anaphor": 2, "pronoun": 3, "phrase": 4}


@dataclass(frozen=True, slots=True)
class Attribution:
    """A cue and the source it names inside one sentence."""

    cue: str
    cue_start: int
    cue_end: int
    source_start: int
    source_end: int
    source_text: str
    kind: str  # named | anaphor | unnamed | phrase
    mention: Mention | None = None
    direction: str = "after"  # where the source stands relative to the cue
    phrase_start: int = -1  # the whole source phrase ("báo cáo của dự án X thuộc Y (CSIS) hôm 6/10")
    phrase_end: int = -1
    own_clause: bool = False  # the attribution stands as a clause of its own (", theo X hôm 6/10.")

    @property
    def start(self) -> int:
        return min(self.cue_start, self.source_start)

    @property
    def end(self) -> int:
        return max(self.cue_end, self.source_end)


@dataclass(frozen=True, slots=True)
class _CuePatterns:
    after: re.Pattern[str]
    before: re.Pattern[str]
    either: re.Pattern[str]
    anaphors: list[str]
    report_nouns: list[re.Pattern[str]]
    unnamed: list[re.Pattern[str]]
    complementiser: re.Pattern[str]
    self_sourced: re.Pattern[str]  # cues carrying their own pronoun source: "he said", "по его словам"


def _alternation(words: list[str], spaced: bool) -> re.Pattern[str]:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return re.compile(r"(?!x)x")
    glued = [w for w in words if "\uac00" <= w[0] <= "\ud7a3"]  # Korean particles attach to the word before
    words = [w for w in words if w not in glued]
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or r"(?!x)x"
    if glued:
        body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in glued) + "|" + f"(?<!\\w)(?:{body})"
        return re.compile(f"(?:{body})(?!\\w)")
    if spaced:
        return re.compile(rf"(?<!\w)(?:[وفب](?=\w))?(?:{body})(?:[\u064b-\u0652]*ا?[\u064b-\u0652]*)(?!\w)")
    return re.compile(f"(?<!其)(?:{body})")  # "其他说法" ("other views") holds no "他说" ("he said")


def _compile_all(patterns: list[str]) -> list[re.Pattern[str]]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(fold_same_length(p)))
        except re.error:
            continue
    return out


@lru_cache(maxsize=64)
def _cues(code: str) -> _CuePatterns:
    lex = lexicon(code)
    att = lex.supplement.get("attribution") or {}
    after = _with_slavic_forms(fold_same_length(c) for c in att.get("source_after", []))
    before = _with_slavic_forms(fold_same_length(c) for c in att.get("source_before", []))
    either = _with_slavic_forms(fold_same_length(c) for c in att.get("source_either", [])) | (after & before)
    if lex.supplement.get("verb_second"):  # German: "Das meldete die Agentur Xinhua" puts the speaker after
        either |= before
    return _CuePatterns(
        after=_alternation(sorted(after - either), lex.spaced),
        before=_alternation(sorted(before - either), lex.spaced),
        either=_alternation(sorted(either), lex.spaced),
        anaphors=sorted(lex.words("anaphors"), key=len, reverse=True),
        report_nouns=_compile_all(lex.supplement.get("report_nouns", [])),
        unnamed=_compile_all(lex.supplement.get("unnamed_source_patterns", [])),
        complementiser=_alternation([fold_same_length(c) for c in _COMPLEMENTISERS], True),
        self_sourced=_alternation(lex.words("anaphoric_cues"), lex.spaced),
    )


_SLAVIC_PAST = re.compile(r"^(?P<base>[а-яіїєґ']{3,}?)(?:л|ла|ло|ли|в)$")
_SLAVIC_ENDINGS = ("л", "в", "ла", "ло", "ли")


def _with_slavic_forms(cues: Iterable[str]) -> set[str]:
    """Cues plus the other gender/number forms of a Cyrillic past-tense verb at their end
    ("сообщил" -> "сообщила", "сообщило", "сообщили"; "заявив" -> "заявила", "заявило", "заявили")."""
    out = set()
    for cue in cues:
        out.add(cue)
        head, _, last = cue.rpartition(" ")
        m = _SLAVIC_PAST.match(last)
        if m is None:
            continue
        for ending in _SLAVIC_ENDINGS:
            out.add(f"{head} {m.group('base')}{ending}".strip())
    return out


def find_attributions(
    text: str,
    folded: str,
    lex: Lexicon,
    start: int,
    end: int,
    mentions: list[Mention],
    times: list[tuple[int, int]] | None = None,
) -> list[Attribution]:
    """Attributions in the sentence ``text[start:end]``, best first.

    ``times`` are the spans of time expressions: a source phrase ends where one starts, and
    punctuation inside one ("October 5, 2023") does not end a clause.
    """
    cues = _cues(lex.code)
    cased = _is_cased(text[start:end])
    times = sorted(times or [])
    stops = [a for a, _ in times]
    found: list[Attribution] = []
    taken: list[tuple[int, int]] = []
    for direction, rx in (("after", cues.after), ("either", cues.either), ("before", cues.before)):
        for m in rx.finditer(folded, start, end):
            if any(m.start() < b and m.end() > a for a, b in taken):
                continue
            att = None
            if direction == "after" and not lex.rtl:
                att = _source_after(text, folded, m, end, cues, mentions, stops, cased, times, start)
            elif direction == "before" and not lex.rtl:
                att = _topic_source(text, folded, m, start, mentions, lex.code, cues) or _source_before(
                    text, folded, m, start, cues, mentions, cased
                )
            else:  # verbs that may stand on either side of their subject (and all Arabic cues)
                inverted = re.search(r"[\"”»,\-–—]\s*$", folded[max(start, m.start() - 4) : m.start()])
                after = _source_after(text, folded, m, end, cues, mentions, stops, cased, times, start)
                before = _topic_source(text, folded, m, start, mentions, lex.code, cues) or _source_before(
                    text, folded, m, start, cues, mentions, cased
                )
                if lex.rtl:  # verb-first languages: the better kind of source decides
                    ranked = sorted((a for a in (after, before) if a is not None), key=lambda a: _RANK[a.kind])
                else:  # '"…", said X' takes the source after the verb; 'X said' the one before
                    first_after = bool(inverted) or m.start() - start < 2
                    ranked = [a for a in ((after, before) if first_after else (before, after)) if a is not None]
                    ranked.sort(key=lambda a: a.kind == "phrase")
                att = ranked[0] if ranked else None
            if att is not None:
                found.append(att)
                taken.append((m.start(), m.end()))
    # cues that carry their own pronoun ("he said", "dijo" after a quote) stand in only where no
    # explicit source was found for the same words
    for m in cues.self_sourced.finditer(folded, start, end):
        if any(a.kind != "phrase" and a.cue_start < m.end() and a.cue_end > m.start() for a in found):
            continue
        found = [a for a in found if not (a.cue_start < m.end() and a.cue_end > m.start())]
        found.append(
            Attribution(
                m.group(0),
                m.start(),
                m.end(),
                m.start(),
                m.end(),
                text[m.start() : m.end()],
                "pronoun",
                None,
                "after",
                m.start(),
                m.end(),
                True,
            )
        )
    return sorted(found, key=lambda a: (_RANK[a.kind], a.cue_start))


def _clause_end(folded: str, s: int, limit: int, times: list[tuple[int, int]]) -> int:
    """The first clause boundary after ``s`` that is not inside a time expression ("October 5, 2023")."""
    for m in _CLAUSE_END.finditer(folded, s, limit):
        if not any(a <= m.start() < b for a, b in times):
            return m.start()
    return limit


def _is_cased(text: str) -> bool:
    """True when most letters belong to a script with upper and lower case (Latin, Cyrillic, Greek)."""
    letters = cased = 0
    for c, count in Counter(text).items():  # each distinct character once
        if c.isalpha():
            letters += count
            if c.lower() != c.upper():
                cased += count
    return bool(letters) and cased >= letters / 2


def _source_after(
    text: str,
    folded: str,
    cue: re.Match[str],
    limit: int,
    cues: _CuePatterns,
    mentions: list[Mention],
    stops: list[int],
    phrase_ok: bool,
    times: list[tuple[int, int]] | None = None,
    sentence_start: int = 0,
) -> Attribution | None:
    s = cue.end()
    while s < limit and (text[s].isspace() or text[s] in "(-–—"):
        s += 1
    for a, b in times or []:
        if a <= s < b or (a >= s and not folded[s:a].strip()):
            s = b  # "заявил в пятницу координатор ... Кирби": skip the time standing before the speaker
            while s < limit and text[s].isspace():
                s += 1
    e = _clause_end(folded, s, limit, times or [])
    clause_end = e
    e = min([e, *(x for x in stops if x > s)])
    comp = cues.complementiser.search(folded, s, e)
    if comp:
        e = comp.start()
        clause_end = e  # "told Reuters that ...": what follows "that" is the content, not the source
    words = list(re.finditer(r"\S+", text[s:e]))
    if len(words) > _MAX_SOURCE_WORDS:
        e = s + words[_MAX_SOURCE_WORDS - 1].end()
    while e > s and (text[e - 1].isspace() or text[e - 1] in ")"):
        e -= 1
    if e <= s:
        return None
    att = _classify(text, folded, cue, s, e, cues, mentions, head_first=True, phrase_ok=phrase_ok)
    own_clause = cue.start() - sentence_start < 2 or re.search(
        r"[,;:(—–\-]\s*$", folded[max(sentence_start, cue.start() - 3) : cue.start()]
    )
    if att is not None and own_clause:
        # ", theo báo cáo ... (CSIS) hôm 6/10.": an attribution clause of its own is dated by what it holds
        att = replace(att, phrase_end=max(att.phrase_end, clause_end), own_clause=True)
    return att


def _topic_source(
    text: str, folded: str, cue: re.Match[str], start: int, mentions: list[Mention], code: str, cues: _CuePatterns
) -> Attribution | None:
    """Japanese/Korean: the speaker is the topic- or subject-marked phrase of the sentence."""
    mark = _TOPIC_MARK.get(code)
    if mark is None:
        return None
    span = {"direction": "before"}
    for m in mentions:
        speaker = m.entity.kind in (*_ACTOR_KINDS, "country") and start <= m.start and m.end <= cue.start()
        if speaker and mark.match(text, m.end, cue.start()) and not _inside_quote(text, start, m.start):
            return Attribution(
                cue.group(0),
                cue.start(),
                cue.end(),
                m.start,
                m.end,
                m.text,
                "named",
                m,
                phrase_start=m.start,
                phrase_end=m.end,
                **span,
            )
    head = text[start : cue.start()]
    found = next((f for f in _TOPIC_PHRASE[code].finditer(head) if not _inside_quote(head, 0, f.start())), None)
    if found is None:
        return None
    a, b = start + found.start("topic"), start + found.end("topic")
    for rx in cues.unnamed:
        um = rx.search(folded, start, b + 1)
        if um:
            return Attribution(
                cue.group(0),
                cue.start(),
                cue.end(),
                um.start(),
                um.end(),
                text[um.start() : um.end()],
                "unnamed",
                phrase_start=um.start(),
                phrase_end=um.end(),
                **span,
            )
    topic = folded[a:b]
    kind = "anaphor" if any(topic.endswith(x) for x in cues.anaphors) else "phrase"
    return Attribution(
        cue.group(0), cue.start(), cue.end(), a, b, text[a:b], kind, None, phrase_start=a, phrase_end=b, **span
    )


def _inside_quote(text: str, start: int, pos: int) -> bool:
    """True when ``pos`` lies inside a quotation opened after ``start``."""
    chunk = text[start:pos]
    return chunk.count('"') % 2 == 1 or chunk.count("「") > chunk.count("」") or chunk.count("“") > chunk.count("”")


def _source_before(
    text: str,
    folded: str,
    cue: re.Match[str],
    start: int,
    cues: _CuePatterns,
    mentions: list[Mention],
    phrase_ok: bool = True,
) -> Attribution | None:
    e = cue.start()
    while e > start and (text[e - 1].isspace() or text[e - 1] in ")"):
        e -= 1
    window_start = start
    for m in _CLAUSE_END.finditer(folded, start, e):
        window_start = m.end()
    s = window_start
    while s < e and (text[s].isspace() or text[s] in "(-–—"):
        s += 1
    in_clause = [m for m in mentions if m.start >= s and m.end <= e]
    window = folded[s:e]
    is_anaphor = any(a in window and re.search(rf"(?<!\w){re.escape(a)}$", window) for a in cues.anaphors)
    if len(window.split()) <= 2 and not is_anaphor and not any(m.entity.kind in _ACTOR_KINDS for m in in_clause):
        # the subject may stand before an apposition: "Analysts at X, based in Washington, published"
        subject = next(
            (
                m
                for m in mentions
                if start <= m.start
                and m.end <= s
                and m.entity.kind in _ACTOR_KINDS
                and not _CLAUSE_END.search(folded, start, m.start)
            ),
            None,
        )
        if subject is not None:
            return Attribution(
                cue.group(0),
                cue.start(),
                cue.end(),
                subject.start,
                subject.end,
                subject.text,
                "named",
                subject,
                "before",
                subject.start,
                subject.end,
            )
    if e <= s:
        # "An official at a state bank, who asked not to be named, told ...": the subject opens the sentence
        first = _CLAUSE_END.search(folded, start, cue.start())
        if first is None or not 2 <= len(folded[start : first.start()].split()) <= 10:
            return None
        s, e = start, first.start()
    return _classify(text, folded, cue, s, e, cues, mentions, head_first=False, phrase_ok=phrase_ok)


def _classify(
    text: str,
    folded: str,
    cue: re.Match[str],
    s: int,
    e: int,
    cues: _CuePatterns,
    mentions: list[Mention],
    head_first: bool,
    phrase_ok: bool = True,
) -> Attribution | None:
    # drop "a new report by" / "báo cáo mới của" between the cue and the name
    for rx in cues.report_nouns:
        m = rx.match(folded, s, e) if head_first else None
        if m and m.end() < e:
            s = m.end()
            while s < e and text[s].isspace():
                s += 1
    direction = "after" if head_first else "before"
    span = {"direction": direction, "phrase_start": s, "phrase_end": e}
    inside = [m for m in mentions if m.start >= s and m.end <= e]
    actors = [m for m in inside if m.entity.kind in _ACTOR_KINDS]
    phrase = folded[s:e]
    for rx in cues.unnamed:
        um = rx.search(folded, s, e)
        if um:
            return Attribution(
                cue.group(0),
                cue.start(),
                cue.end(),
                um.start(),
                um.end(),
                text[um.start() : um.end()],
                "unnamed",
                **span,
            )
    if inside:
        people = [m for m in actors if m.entity.kind == "person"]
        if head_first:
            head = inside[0] if inside[0].start - s <= 12 else (actors[0] if actors else None)
            if people and head is not None and head.entity.kind != "person":
                head = people[0]  # "the Kremlin's spokesman Dmitry Peskov": the person is the source
        else:
            head = actors[-1] if actors else (inside[-1] if e - inside[-1].end <= 20 else None)
        if head is not None:
            return Attribution(
                cue.group(0), cue.start(), cue.end(), head.start, head.end, head.text, "named", head, **span
            )
    for a in cues.anaphors:
        if a not in phrase:
            continue  # a cheap test first: most anaphors are absent
        for am in re.finditer(rf"(?<!\w){re.escape(a)}(?!\w)", phrase):
            idx = am.start()
            tail_words = len(phrase[idx + len(a) :].split())
            if (head_first and idx <= 12 and tail_words <= 1) or (not head_first and tail_words <= 2):
                return Attribution(
                    cue.group(0),
                    cue.start(),
                    cue.end(),
                    s + idx,
                    s + idx + len(a),
                    text[s + idx : s + idx + len(a)],
                    "anaphor",
                    **span,
                )
    words = list(re.finditer(r"\S+", text[s:e]))
    if not words:
        return None
    if not phrase_ok:
        return None
    if not head_first:
        names = re.search(r"(?:[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w'’.&-]*\s+)*[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w'’.&-]*$", text[s:e])
        if names and names.start() > 0:
            s = s + names.start()  # "крупнейшее профобъединение страны Rengo" -> "Rengo"
            words = list(re.finditer(r"\S+", text[s:e]))
        if len(words) > 5:
            s = s + words[-5].start()
        first = text[s]
        if first.isalpha() and first.lower() != first.upper() and not first.isupper():
            return None  # "though the two countries always [denied]": not a name
    if not any(c.isalpha() for c in text[s:e]):
        return None
    return Attribution(cue.group(0), cue.start(), cue.end(), s, e, text[s:e].strip(" \"'“”«»()"), "phrase", **span)
