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
from timeline.extract.textnorm import fold_pattern, fold_same_length

# words that end a source phrase: complementisers ("that") in the supported languages
_COMPLEMENTISERS = ["rằng", "là", "that", "bahwa", "أن", "بأن", "إن", "що", "что", "dass", "que", "che", "qu'"]
_CLAUSE_END = re.compile(r"[,.;:!?،؛\"“”«»—–、，；：「」『』]|\s-\s")
# Japanese and Korean put the speaker first, marked as topic or subject, and the speech verb last:
# "朝鮮中央通信（KCNA）は14日、…と報じた", "산업통상자원부가 14일 밝혔다"
_TOPIC_MARK = {
    "ja": re.compile(r"[)）'’\"”」]*(?:（[^）]{0,40}）)?(?P<p>は|が|によると|では)"),
    "ko": re.compile(r"[)）'’\"”]*(?:\([^)]{0,40}\))?(?P<p>은|는|이|가|께서|측은|측이|측)(?!\w)"),
}
_TOPIC_PHRASE = {
    "ja": re.compile(
        r"(?:^|(?<=[、。」\s]))(?P<topic>(?:[^、。「」（）\s]|（[^）]{0,40}）){2,40}?)(?P<p>は|が)(?=[^いあ])"
    ),
    "ko": re.compile(r"(?:^|(?<=\s))(?P<topic>(?:[가-힣A-Za-z]|\([^)]{0,40}\)){2,40}?)(?P<p>은|는|이|가|께서)(?=\s)"),
}
_TOPIC_PARTICLES = {"は", "によると", "では", "은", "는", "께서", "측은"}
# the ending of a quoted clause in Korean: "…했다고", "…이라고", "…할 것이라며"
_QUOTATIVE = {"ko": re.compile(r"(?:다|라|이라|냐|자|까)(?:고|며|면서)(?=\s)")}
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
    adverbial: bool = False  # "산업부에 따르면 2월 …": a time after it belongs to the content, not the statement
    via: Mention | None = None  # the outlet that carried it: "an official told Reuters", "…对法新社表示"
    from_record: bool = False  # "according to data from X": X's record vouches for the whole sentence

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
    pronouns: frozenset[str]  # the same words as a set, for membership tests
    anaphor_phrase: re.Pattern[str]  # a whole source phrase that refers back: "the data", "panel itu"
    report_nouns: list[re.Pattern[str]]
    unnamed: list[re.Pattern[str]]
    complementiser: re.Pattern[str]
    self_sourced: re.Pattern[str]  # cues carrying their own pronoun source: "he said", "по его словам"
    publisher: list[re.Pattern[str]]  # "Xが発表した統計" before "によると": X is the source
    exclusions: list[str]  # words holding a cue that are no speech: "称为" (is called), "被称"
    adjacent: frozenset[str]  # cues whose source is the word right before them: "산업부에 따르면"
    record_nouns: re.Pattern[str]  # "data", "بيانات": "according to data from X" cites X's record
    subject_stop: re.Pattern[str] | None  # where a Chinese subject ends: "海关总署发言人吕大良|在…表示"
    # languages that capitalise nouns (German): articles and prepositions, the lower-case words a noun
    # phrase may hold after its first noun ("der Gewerkschaft Verdi", "des Instituts für …"); empty elsewhere
    noun_phrase_words: frozenset[str] = frozenset()
    # articles that open no subject (German dative "dem", "einem"): "sagte dem NDR" names who was told
    object_articles: frozenset[str] = frozenset()
    source_never_opens: frozenset[str] = frozenset()  # German "zum", "am": a phrase after the cue, no source
    # the language's definite descriptions of organisations, whole: "o colegiado", "la fiscalía"
    description: re.Pattern[str] = re.compile(r"(?!x)x")
    # cues that name a source only when they open the sentence: "Para a economista X, …", "Pour l'ONG, …"
    leading: re.Pattern[str] = re.compile(r"(?!x)x")


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
            out.append(re.compile(fold_pattern(p)))
        except re.error:
            continue
    return out


@lru_cache(maxsize=64)
def _cues(code: str) -> _CuePatterns:
    lex = lexicon(code)
    att = lex.supplement.get("attribution") or {}
    aux = lex.supplement.get("auxiliary_variants") or []

    def forms(key: str) -> set[str]:
        return _with_slavic_forms(_with_auxiliaries((fold_same_length(c) for c in att.get(key, [])), aux))

    after, before = forms("source_after"), forms("source_before")
    either = forms("source_either") | (after & before)
    if lex.supplement.get("verb_second") or lex.supplement.get("subject_inversion"):
        # German "Das meldete die Agentur Xinhua", Spanish "…, anunció este jueves la Agencia": the
        # speaker may follow any speech verb
        either |= before
    return _CuePatterns(
        after=_alternation(sorted(after - either), lex.spaced),
        before=_alternation(sorted(before - either), lex.spaced),
        either=_alternation(sorted(either), lex.spaced),
        anaphors=sorted(lex.words("anaphors"), key=len, reverse=True),
        pronouns=frozenset(lex.words("anaphors")),
        anaphor_phrase=_anaphor_phrase(lex.supplement.get("anaphor_patterns") or []),
        report_nouns=_compile_all(lex.supplement.get("report_nouns", [])),
        unnamed=_compile_all(lex.supplement.get("unnamed_source_patterns", [])),
        complementiser=_alternation([fold_same_length(c) for c in _COMPLEMENTISERS], True),
        self_sourced=_alternation(lex.words("anaphoric_cues"), lex.spaced),
        exclusions=lex.words("cue_exclusions"),
        publisher=_compile_all(lex.supplement.get("publisher_patterns", [])),
        adjacent=frozenset(lex.words("adjacent_source_cues")),
        record_nouns=_alternation(lex.words("record_nouns"), lex.spaced),
        subject_stop=(
            re.compile("|".join(re.escape(w) for w in sorted(lex.words("subject_stops"), key=len, reverse=True)))
            if lex.words("subject_stops")
            else None
        ),
        noun_phrase_words=frozenset(lex.words("noun_markers")),
        object_articles=frozenset(lex.words("object_articles")),
        source_never_opens=frozenset(lex.words("source_never_opens")),
        description=_description_phrase(lex.supplement.get("descriptions") or {}),
        leading=re.compile(
            r"\s*(?:" + "|".join(re.escape(w) for w in lex.words("leading_source_cues")) + r")(?=\s)"
            if lex.words("leading_source_cues")
            else r"(?!x)x"
        ),
    )


def _with_auxiliaries(cues: Iterable[str], groups: list[list[str]]) -> set[str]:
    """Cues plus their other compound tenses: "ha detto" -> "aveva detto", "avrebbe detto" (the
    language file lists auxiliaries that may replace each other in ``auxiliary_variants``)."""
    out = set()
    for cue in cues:
        out.add(cue)
        for group in groups:
            lead = next((a for a in sorted(group, key=len, reverse=True) if cue.startswith(a + " ")), None)
            if lead is not None:
                out.update(f"{a}{cue[len(lead) :]}" for a in group)
    return out


def _description_phrase(table: dict[str, list[str]]) -> re.Pattern[str]:
    """One regex matching a whole source phrase that is a definite description of an organisation, perhaps
    with an adjective or two after its noun ("le conseil régional", "la fiscalía provincial")."""
    patterns = [
        re.sub(r"\(\?P<\w+>", "(?:", p) for kind in ("organization", "named_organization") for p in table.get(kind, [])
    ]
    whole = _anaphor_phrase(patterns).pattern.replace("(?:^|(?<=\\s))", "^", 1)
    return re.compile(whole.removesuffix("$") + r"(?:\s+[^\W\d_]+){0,2}$") if whole.endswith("$") else re.compile(whole)


def _anaphor_phrase(patterns: list[str]) -> re.Pattern[str]:
    """One regex for the language's open-class anaphors, matching a whole (stripped) source phrase."""
    valid = []
    for p in patterns:
        try:
            re.compile(p)
        except re.error:
            continue
        valid.append(fold_pattern(p))
    if not valid:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?:^|(?<=\s))(?:" + "|".join(valid) + r")$")


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
    # a name inside quoted speech ("针对网上流传的“溪洛渡水电站大坝出现裂缝”的说法") is never the speaker;
    # a quoted name on its own ("«Зорі»") is a name
    quotes = _QUOTE_CHARS.search(text, start, end) is not None  # most sentences hold no quotation
    if quotes:
        mentions = [m for m in mentions if not _quoted(text, start, m.start, end) or _name_quote(text, m)]
    times = sorted(times or [])
    stops = [a for a, _ in times]
    found: list[Attribution] = []
    taken: list[tuple[int, int]] = []
    directions = (("after", cues.after), ("either", cues.either), ("before", cues.before))
    scans = [(direction, list(rx.finditer(folded, start, end))) for direction, rx in directions]
    # a cue inside a longer one of another direction is none: "称" in "他辩称"
    spans = [(m.start(), m.end()) for _d, ms in scans for m in ms]
    for direction, matches in scans:
        for m in matches:
            if any(a <= m.start() and m.end() <= b and b - a > m.end() - m.start() for a, b in spans):
                continue
            if any(m.start() < b and m.end() > a for a, b in taken) or _excluded(folded, m, cues.exclusions):
                continue
            if quotes and _quoted(text, start, m.start(), end):
                continue  # '"… meningkatkan nilai tambah ekspor …," kata X': words inside a quotation are no cue
            att = None
            if direction == "after" and not lex.rtl:
                att = _source_after(text, folded, m, end, cues, mentions, stops, cased, times, start)
            elif direction == "before" and not lex.rtl:
                att = _speaker_before(text, folded, m, start, mentions, lex.code, cues, cased, times)
            else:  # verbs that may stand on either side of their subject (and all Arabic cues)
                inverted = re.search(r"[\"”»,\-–—]\s*$", folded[max(start, m.start() - 4) : m.start()])
                after = _source_after(text, folded, m, end, cues, mentions, stops, cased, times, start)
                before = _speaker_before(text, folded, m, start, mentions, lex.code, cues, cased, times)
                if lex.rtl:  # verb-first languages: the better kind of source decides
                    ranked = sorted((a for a in (after, before) if a is not None), key=lambda a: _RANK[a.kind])
                else:  # '"…", said X' takes the source after the verb; 'X said' the one before
                    first_after = bool(inverted) or m.start() - start < 2
                    if first_after and before is not None and _apposition_closed(text, before, m.start()):
                        first_after = False  # "La portavoz …, Mercedes Lozano, rechazó": the apposed name
                    if lex.supplement.get("verb_second") and len(text[start : m.start()].split()) <= 1:
                        first_after = True  # "Das meldete die Agentur Xinhua": the fronted word is the object
                    ranked = [a for a in ((after, before) if first_after else (before, after)) if a is not None]
                    ranked.sort(key=lambda a: a.kind == "phrase")
                att = ranked[0] if ranked else None
            if att is not None:
                found.append(att)
                taken.append((m.start(), m.end()))
    lead = cues.leading.match(folded, start, end)
    if lead is not None and not found and "," in folded[lead.end() : end]:
        # "Para a economista-chefe da Paraná Capital, Juliana Meirelles, o BC deve …": the opening
        # phrase up to its comma (or the name apposed to it) is the source of the rest
        att = _source_after(text, folded, lead, end, cues, mentions, stops, True, times, start)
        comma = folded.index(",", lead.end(), end)
        named = _apposed_name(text, comma, end, mentions)
        if named is not None and att is not None:  # the person apposed to the role
            att = replace(att, source_start=named.start, source_end=named.end, source_text=named.text)
            att = replace(att, kind="named", mention=named)
        if att is not None and att.mention is not None and att.mention.entity.kind in (*_ACTOR_KINDS, "unknown"):
            found.append(replace(att, own_clause=True))  # not "Para o Brasil, …" (for Brazil)
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
    # "La compañía negó … y aseguró que …": a verb without its own subject after a cue that has one
    # shares that subject, so it is no pronoun source of its own
    explicit = [a.cue_start for a in found if a.kind != "pronoun"]
    found = [a for a in found if a.kind != "pronoun" or not any(c < a.cue_start for c in explicit)]
    found = [_with_via(a, text, folded, mentions) for a in found]
    # "The US announced aid …, according to data from the Kiel Institute": the record outranks the verb
    return sorted(found, key=lambda a: (not a.from_record, _RANK[a.kind], a.cue_start))


_VIA_GAP_AFTER_SOURCE = 8  # "官员对法新社表示", "당국자는 연합뉴스에", "当局者は匿名を条件にAP通信に対し"
_VIA_GAP_AFTER_CUE = 3  # "told Reuters"
_VIA_ARTICLE = re.compile(r"\s+(?:the|dem|der|al|au|à|à la|ao|à|alla|al|all'|a la)\s*")


_TOLD_GAP = re.compile(r"[\s,،]*(?:to|à|a|al|ao|an|ل|для|對|对)?\s*(?:ل?وكالة(?:\s+أنباء)?\s+)?")


def _with_via(att: Attribution, text: str, folded: str, mentions: list[Mention]) -> Attribution:
    """The attribution with the organisation that carried the statement, when one stands right after
    the source or the cue ("an official told Reuters", "مسؤول … نقلت وكالة أسوشيتد برس عن"), not the source itself."""
    own = att.mention.entity.id if att.mention is not None else None
    phrase = (att.phrase_start, att.phrase_end) if att.phrase_start >= 0 else (att.source_start, att.source_end)
    for m in mentions:
        if m.entity.kind != "organization" or m.entity.id == own:
            continue
        if att.source_start <= m.start and m.end <= att.source_end:
            continue
        after_cue = 0 <= m.start - att.cue_end <= _VIA_GAP_AFTER_CUE or (
            0 <= m.start - att.cue_end <= 10 and _VIA_ARTICLE.fullmatch(folded, att.cue_end, m.start) is not None
        )  # "told the BBC", "sagte dem NDR", "a déclaré au Parisien"
        gap = text[att.source_end : m.start]
        after_source = (
            att.direction == "before"
            and att.source_end <= m.start
            and m.end <= att.cue_start
            and len(gap) <= _VIA_GAP_AFTER_SOURCE
            and not _CLAUSE_END.search(folded, att.source_end, m.start)
        )
        carried = att.kind == "unnamed" and phrase[0] <= m.start and m.end <= phrase[1]
        told = (  # "قال مسؤول …، فضّل عدم الكشف عن اسمه، لوكالة الصحافة الفرنسية": told to the outlet next
            att.kind == "unnamed" and att.direction == "after" and _TOLD_GAP.fullmatch(gap) is not None
        )
        if after_cue or after_source or carried or told:
            return replace(att, via=m)
    return att


def _excluded(folded: str, cue: re.Match[str], exclusions: list[str]) -> bool:
    """True when the cue is part of a listed non-speech word ("称为" holds "称")."""
    for x in exclusions:
        at = folded.find(x, max(0, cue.start() - len(x) + 1), cue.end() + len(x) - 1)
        while at != -1 and at < cue.end():
            if at + len(x) > cue.start():
                return True
            at = folded.find(x, at + 1, cue.end() + len(x) - 1)
    return False


_NAME_QUOTES = {"«": "»", "„": "“"}
_QUOTED_NAME = re.compile(r"[«„\"][^\s«»„“\".,;:!?]+(?:\s[^\s«»„“\".,;:!?]+){0,3}[»“\"]")


def _quoted_names(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of short quoted names ("пресслужба «Браги»") whose quotation marks end no clause."""
    return [(m.start(), m.end()) for m in _QUOTED_NAME.finditer(folded, start, end)]


def _clause_end(folded: str, s: int, limit: int, times: list[tuple[int, int]]) -> int:
    """The first clause boundary after ``s`` that is not inside a time expression ("October 5, 2023")."""
    skip_to = s
    for m in _CLAUSE_END.finditer(folded, s, limit):
        if m.start() < skip_to or any(a <= m.start() < b for a, b in times):
            continue
        if m.group(0) in _NAME_QUOTES:
            close = folded.find(_NAME_QUOTES[m.group(0)], m.end(), min(limit, m.end() + 40))
            inner, rest = folded[m.end() : close], folded[close + 1 : limit].lstrip()
            if close > m.end() and len(inner.split()) <= 4 and not re.search(r"[.,;:!?]", inner) and rest[:1].isalpha():
                skip_to = close + 1  # "директор «Поділля-Логістик» Олег Мартинюк": a quoted name inside the phrase
                continue
        return m.start()
    return limit


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_LETTER_CASE: dict[str, int] = {}  # character -> 0 no letter, 1 letter without case, 2 cased letter


def _is_cased(text: str) -> bool:
    """True when most letters belong to a script with upper and lower case (Latin, Cyrillic, Greek)."""
    if text.isascii():  # every ASCII letter has case
        return _ASCII_LETTER.search(text) is not None
    letters = cased = 0
    for c, count in Counter(text).items():  # each distinct character once
        kind = _LETTER_CASE.get(c)
        if kind is None:
            kind = _LETTER_CASE[c] = (2 if c.lower() != c.upper() else 1) if c.isalpha() else 0
        if kind:
            letters += count
            if kind == 2:
                cased += count
    return bool(letters) and cased >= letters / 2


def _noun_phrase_end(text: str, folded: str, s: int, e: int, phrase_words: frozenset[str]) -> int:
    """Where a German source after its cue ends: at the first lower-case word after a noun that is no
    article or preposition, the verb ("Nach Angaben der Polizei | legten …")."""
    seen_noun, previous = False, ""
    for w in re.finditer(r"[^\W\d_][\w'’.-]*", text[s:e]):
        word = w.group(0)
        if word[0].isupper():
            seen_noun = True
        elif seen_noun and folded[s + w.start() : s + w.end()] not in phrase_words and not previous.endswith("-"):
            return s + w.start()  # ("Staats- und Parteichef Xi Jinping": a shared compound goes on)
        elif seen_noun and not text[s + w.end() : e].strip(' .,;:!?"“”„«»'):
            return s + w.start()  # "teilte die Stadt | mit.": the verb's particle closes the clause
        previous = word
    return e


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
    for rx in cues.unnamed:
        um = rx.match(folded, s, limit)
        if um:  # "قال مسؤول في وزارة …، فضّل عدم الكشف عن اسمه، لوكالة …": the phrase spans its commas
            a, b = um.start(), um.end()
            return Attribution(cue.group(0), cue.start(), cue.end(), a, b, text[a:b], "unnamed", None, "after", a, b)
    e = _clause_end(folded, s, limit, times or [])
    clause_end = e
    e = min([e, *(x for x in stops if x > s)])
    if e < clause_end:
        # "dados divulgados nesta quinta-feira pelo Escritório …": a report noun and its publisher
        # around a time expression; the time is blanked so the report-noun pattern spans it
        masked = _blank(folded, times or [], s, clause_end)
        spans = [m.end() for rx in cues.report_nouns if (m := rx.match(masked, s, clause_end)) and m.end() > e]
        if spans:
            folded = masked
            e = min([clause_end, *(x for x in stops if x >= max(spans))])
    comp = cues.complementiser.search(folded, s, e)
    if comp:
        e = comp.start()
        clause_end = e  # "told Reuters that ...": what follows "that" is the content, not the source
    words = list(re.finditer(r"\S+", text[s:e]))
    if len(words) > _MAX_SOURCE_WORDS:
        e = s + words[_MAX_SOURCE_WORDS - 1].end()
    if cues.noun_phrase_words:
        e = _noun_phrase_end(text, folded, s, e, cues.noun_phrase_words)
    first_word = re.match(r"\w+", folded[s:e])
    cue_words = cue.group(0).split()
    object_first = first_word is not None and first_word.group(0) in cues.object_articles
    if object_first and cue_words and cue_words[-1] not in cues.noun_phrase_words:
        return None  # (not after a preposition: "geht aus einem Bericht hervor")
    if first_word is not None and first_word.group(0) in cues.source_never_opens:
        return None  # "bestritt zum Auftakt, dass …": a prepositional phrase; the subject came before
    while e > s and (text[e - 1].isspace() or (text[e - 1] == ")" and text.count("(", s, e) < text.count(")", s, e))):
        e -= 1
    if e < limit and text[e] == ")" and text.count("(", s, e) > text.count(")", s, e):
        e += 1  # "l'Ufficio nazionale di statistica (Nbs)": keep the parenthesis whole
    if e <= s:
        return None
    att = _classify(text, folded, cue, s, e, cues, mentions, head_first=True, phrase_ok=phrase_ok)
    if att is None or att.kind in ("phrase", "anaphor"):
        named = _apposed_name(text, e, limit, mentions)
        if named is not None:  # "a déclaré le directeur général, Olivier Trannoy, lors de …": the name
            att = Attribution(
                cue.group(0),
                cue.start(),
                cue.end(),
                named.start,
                named.end,
                named.text,
                "named",
                named,
                "after",
                s,
                named.end,
            )
    own_clause = cue.start() - sentence_start < 2 or re.search(
        r"[,;:(—–\-]\s*$", folded[max(sentence_start, cue.start() - 3) : cue.start()]
    )
    if att is not None and own_clause:
        # ", theo báo cáo ... (CSIS) hôm 6/10.": an attribution clause of its own is dated by what it holds
        att = replace(att, phrase_end=max(att.phrase_end, clause_end), own_clause=True)
    return att


def _apposition_closed(text: str, before: Attribution, cue_start: int) -> bool:
    """True when ``before`` names a person whose apposition the comma right before the cue closes."""
    return (
        before.mention is not None
        and before.mention.entity.kind in ("person", "unknown")
        and text[before.source_end : cue_start].strip() in (",", "،")
        and text[: before.source_start].rstrip().endswith((",", "،"))
    )


def _apposed_name(text: str, e: int, limit: int, mentions: list[Mention]) -> Mention | None:
    """The person named in an apposition right after a role ending at ``e``: "le directeur général,
    Olivier Trannoy, lors …" (the name closes at a comma, a quotation mark or the sentence end)."""
    i = e
    while i < limit and text[i] in " \t":
        i += 1
    if i >= limit or text[i] not in ",،":
        return None
    i += 1
    while i < limit and text[i].isspace():
        i += 1
    for m in mentions:
        if m.start == i and m.entity.kind in ("person", "unknown"):
            rest = text[m.end : m.end + 3].lstrip()
            if not rest or rest[0] in ',،.;:«»"“”(':
                return m
    return None


def _blank(folded: str, times: list[tuple[int, int]], start: int, end: int) -> str:
    """``folded`` with the time expressions inside ``[start, end)`` replaced by spaces (same length)."""
    for a, b in times:
        if start <= a and b <= end:
            folded = folded[:a] + " " * (b - a) + folded[b:]
    return folded


def _speaker_before(
    text: str,
    folded: str,
    cue: re.Match[str],
    start: int,
    mentions: list[Mention],
    code: str,
    cues: _CuePatterns,
    phrase_ok: bool,
    times: list[tuple[int, int]],
) -> Attribution | None:
    """The source standing before its cue, by the rules of the language's word order."""
    if cue.group(0).strip() in cues.adjacent:
        return _adjacent_source(text, folded, cue, start, mentions, cues)
    return (
        _marked_speaker(text, folded, cue, start, mentions, code, cues)
        or _subject_source(text, folded, cue, start, mentions, cues, times)
        or _source_before(text, folded, cue, start, cues, mentions, phrase_ok)
    )


_CHUNK_START = re.compile(r"[、。，,」』\]\s:：;；]")


def _adjacent_source(
    text: str, folded: str, cue: re.Match[str], start: int, mentions: list[Mention], cues: _CuePatterns
) -> Attribution | None:
    """ "산업부에 따르면", "政府関係者によると": the source is the chunk glued to the cue, or the publisher
    of the report it names ("財務省が19日発表した貿易統計によると", "통계청이 발표한 자료에 따르면")."""
    clause_start = start
    for m in _CLAUSE_END.finditer(folded, start, cue.start()):
        clause_start = m.end()
    for rx in cues.publisher:
        pm = rx.search(text, clause_start, cue.start())
        if pm and pm.end() == cue.start():
            a, b = pm.start("src"), pm.end("src")
            return replace(_named_or_phrase(text, folded, cue, a, b, mentions, cues), adverbial=True)
    e = cue.start()
    while e > start and text[e - 1].isspace():
        e -= 1
    s = e
    while s > start and not _CHUNK_START.match(text[s - 1]) and e - s < 24:
        s -= 1
    if e - s < 2:
        return None
    return replace(_named_or_phrase(text, folded, cue, s, e, mentions, cues), adverbial=True)


def _subject_source(
    text: str,
    folded: str,
    cue: re.Match[str],
    start: int,
    mentions: list[Mention],
    cues: _CuePatterns,
    times: list[tuple[int, int]],
) -> Attribution | None:
    """Chinese: the subject opens the clause and ends where an adverbial begins ("海关总署发言人吕大良
    在新闻发布会上表示", "中国海关总署12日公布的数据显示")."""
    if cues.subject_stop is None:
        return None
    s = start
    for m in _CLAUSE_END.finditer(folded, start, cue.start()):
        chunk = text[start : m.start()]
        in_brackets = chunk.count("（") + chunk.count("(") > chunk.count("）") + chunk.count(")")
        if not in_brackets and not any(a <= m.start() < b for a, b in times):
            s = m.end()  # "蓝鲸汽车公司（下称“蓝鲸汽车”）28日…称": the quotes in brackets end no clause
    while s < cue.start() and text[s].isspace():
        s += 1
    e = cue.start()
    for a, _b in times:
        if s + 2 <= a < e:
            e = a
    stop = next((m for m in cues.subject_stop.finditer(folded, s + 2, e)), None)
    if stop is not None:
        e = stop.start()
    opened = max(text.rfind("（", s, e), text.rfind("(", s, e))
    if opened > s + 1 and text.find("）", opened, e) < 0 and text.find(")", opened, e) < 0:
        e = opened  # "…股份有限公司（下称“蓝鲸汽车”）": the name before the brackets
    for rx in cues.unnamed:  # "一位不愿具名的商务部官员": before "官员" is taken for a report noun
        um = rx.search(folded, s, e)
        if um:
            a, b = um.start(), um.end()
            span = {"direction": "before", "phrase_start": s, "phrase_end": e}
            return Attribution(cue.group(0), cue.start(), cue.end(), a, b, text[a:b], "unnamed", **span)
    for rx in cues.report_nouns:  # "…公布的数据", "…的发言人": the publisher is the source
        tail = max((m for m in rx.finditer(folded, s, e) if m.end() == e), default=None, key=lambda m: -m.start())
        if tail is not None and tail.start() - s >= 2:
            e = tail.start()
    if not 2 <= e - s <= 24 or inside_quotation(text, start, s):
        return None
    return _named_or_phrase(text, folded, cue, s, e, mentions, cues)


def _named_or_phrase(
    text: str, folded: str, cue: re.Match[str], s: int, e: int, mentions: list[Mention], cues: _CuePatterns
) -> Attribution:
    """The source phrase ``text[s:e]`` of an unspaced or agglutinating script: the known actor that
    ends it, an unnamed official, an anaphor ("论文", "同省"), or else the phrase itself as a name."""
    span = {"direction": "before", "phrase_start": s, "phrase_end": e}
    inside = [m for m in mentions if s <= m.start and m.end <= e + 1]
    actor = next((m for m in reversed(inside) if m.entity.kind in _ACTOR_KINDS), None)
    if actor is None:
        actor = next((m for m in reversed(inside) if m.end >= e - 1), None)
    if actor is not None and (actor.end >= e - 1 or actor.entity.kind in _ACTOR_KINDS):
        return Attribution(
            cue.group(0), cue.start(), cue.end(), actor.start, actor.end, actor.text, "named", actor, **span
        )
    for rx in cues.unnamed:
        um = rx.search(folded, s, e)
        if um:
            a, b = um.start(), um.end()
            return Attribution(cue.group(0), cue.start(), cue.end(), a, b, text[a:b], "unnamed", **span)
    phrase = folded[s:e]
    kind = "anaphor" if e - s <= 6 and any(phrase.endswith(a) for a in cues.anaphors) else "phrase"
    return Attribution(cue.group(0), cue.start(), cue.end(), s, e, _trim_name(text[s:e]), kind, **span)


def _marked_speaker(
    text: str, folded: str, cue: re.Match[str], start: int, mentions: list[Mention], code: str, cues: _CuePatterns
) -> Attribution | None:
    """Japanese/Korean: the speaker is the topic-marked phrase of the sentence ("…は", "…은/는"), else
    the subject-marked one ("…が", "…이/가"); a subject inside the reported clause is not the speaker."""
    if code not in _TOPIC_MARK:
        return None
    quotative = _QUOTATIVE.get(code)
    if quotative is not None:
        # "…기록했다고 산업통상자원부가 14일 밝혔다": the speaker follows the quoted clause, if one stands there
        ends = [q.end() for q in quotative.finditer(text, start, cue.start())]
        ends = [e for e in ends if not inside_quotation(text, start, e)]
        if ends:
            after = _topic_source(text, folded, cue, ends[-1], mentions, cues, code)
            if after is not None:
                return after
    return _topic_source(text, folded, cue, start, mentions, cues, code)


def _topic_source(
    text: str,
    folded: str,
    cue: re.Match[str],
    start: int,
    mentions: list[Mention],
    cues: _CuePatterns,
    code: str,
) -> Attribution | None:
    """The topic- or subject-marked speaker between ``start`` and the cue."""
    mark = _TOPIC_MARK[code]
    # (is topic-marked, position, start, end, mention)
    found: list[tuple[bool, int, int, int, Mention | None]] = []
    for m in mentions:
        if m.entity.kind not in (*_ACTOR_KINDS, "country", "unknown") or not (
            start <= m.start and m.end <= cue.start()
        ):
            continue
        mk = mark.match(text, m.end, cue.start())
        if mk and (_name_quote(text, m) or not inside_quotation(text, start, m.start)):
            topic = mk.group("p") in _TOPIC_PARTICLES
            if m.entity.kind == "unknown" and not topic:
                continue  # a new name marked as the topic speaks ("「ミナトチケット」は…発表した"); as a subject
                # it is as often what the clause is about
            found.append((topic, m.start, m.start, m.end, m))
    for f in _TOPIC_PHRASE[code].finditer(text, start, cue.start()):
        if inside_quotation(text, start, f.start()):
            continue
        a, b = f.start("topic"), f.end("topic")
        if code == "ko":
            a = _noun_phrase_start(text, start, a)
        if not any(m is not None and a <= ms and me <= b + 1 for _t, _p, ms, me, m in found):
            found.append((f.group("p") in _TOPIC_PARTICLES, a, a, b, None))
    if not found:
        return None
    _topic, _pos, a, b, mention = min(found, key=lambda c: (not c[0], c[1]))
    span = {"direction": "before", "phrase_start": a, "phrase_end": b}
    if mention is not None:
        return Attribution(cue.group(0), cue.start(), cue.end(), a, b, mention.text, "named", mention, **span)
    for rx in cues.unnamed:
        um = rx.search(folded, start, b + 1)
        if um:
            ua, ub = um.start(), um.end()
            return Attribution(cue.group(0), cue.start(), cue.end(), ua, ub, text[ua:ub], "unnamed", **span)
    actors = [m for m in mentions if a <= m.start and m.end <= b and m.entity.kind in _ACTOR_KINDS]
    if actors:  # "ロシア大統領府（クレムリン）のペスコフ報道官": the person, else the last organisation
        head = next((m for m in actors if m.entity.kind == "person"), actors[-1])
        return Attribution(cue.group(0), cue.start(), cue.end(), head.start, head.end, head.text, "named", head, **span)
    topic = folded[a:b]
    kind = "anaphor" if any(topic.endswith(x) and len(topic) - len(x) <= 1 for x in cues.anaphors) else "phrase"
    return Attribution(cue.group(0), cue.start(), cue.end(), a, b, _trim_name(text[a:b]), kind, **span)


_KO_ENDINGS = "은는이가을를에의도와과로며고다서"


def _noun_phrase_start(text: str, floor: int, a: int, words: int = 3) -> int:
    """Korean: a topic noun extended back over the words of its noun phrase ("드미트리 페스코프 크렘린궁
    대변인은"), stopping at a word that ends in a particle or a verb ending."""
    for _ in range(words):
        m = re.search(r"([가-힣A-Za-z()]+)\s+$", text[floor:a])
        if m is None or m.group(1)[-1] in _KO_ENDINGS:
            break
        a = floor + m.start(1)
    return a


_QUOTE_CHARS = re.compile('["“«「『]')
_QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("「", "」"), ("『", "』"))


def _quoted(text: str, start: int, pos: int, end: int) -> bool:
    """True when ``pos`` lies between an opening and a closing quotation mark inside ``[start, end)``."""
    before, after = text[start:pos], text[pos:end]
    if before.count('"') % 2 == 1 and '"' in after:
        return True
    return any(before.count(o) > before.count(c) and c in after for o, c in _QUOTE_PAIRS)


def _name_quote(text: str, m: Mention) -> bool:
    """True when the quotation marks around ``m`` hold nothing but the name."""
    return m.start > 0 and text[m.start - 1] in '«„“"「' and text[m.end : m.end + 1] in ("»", "“", "”", '"', "」")


def inside_quotation(text: str, start: int, pos: int) -> bool:
    """True when ``pos`` lies inside a quotation opened after ``start`` and not yet closed ("…",
    “…”, «…», „…“, 「…」, 『…』)."""
    chunk = text[start:pos]
    if chunk.count('"') % 2 == 1 or chunk.count("«") > chunk.count("»"):
        return True
    if chunk.count("「") > chunk.count("」") or chunk.count("『") > chunk.count("』"):
        return True
    if "„" in chunk:  # German „…“: the second mark closes
        return chunk.count("„") > chunk.count("“")
    return chunk.count("“") > chunk.count("”")


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
    for rx in cues.unnamed:
        # "An engineer at the spaceport, who was not authorised to speak publicly, said": the unnamed
        # source spans its commas and ends right before the cue
        for um in rx.finditer(folded, start, e):
            if not folded[um.end() : cue.start()].strip(" ,\u00a0"):
                a, b = um.start(), um.end()
                return Attribution(
                    cue.group(0), cue.start(), cue.end(), a, b, text[a:b], "unnamed", None, "before", a, b
                )
    window_start = start
    quoted = _quoted_names(folded, start, e)
    for m in _CLAUSE_END.finditer(folded, start, e):
        if not any(a <= m.start() < b for a, b in quoted):
            window_start = m.end()
    s = window_start
    while s < e and (text[s].isspace() or text[s] in "(-–—"):
        s += 1
    in_clause = [m for m in mentions if m.start >= s and m.end <= e]
    window = folded[s:e]
    is_anaphor = bool(cues.anaphor_phrase.search(window.strip())) or any(
        a in window and re.search(rf"(?<!\w){re.escape(a)}$", window) for a in cues.anaphors
    )
    apposed = _apposed_subject(text, folded, start, window_start, mentions) if e <= s else None
    if apposed is not None and _person_in(*apposed, mentions):
        # "The head of NASA, Bill Nelson, said": the person named in the apposition speaks
        return _classify(text, folded, cue, *apposed, cues, mentions, head_first=False, phrase_ok=phrase_ok)
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
        if apposed is not None:
            s, e = apposed  # '"…", ông Bill Nelson, Giám đốc NASA, phát biểu': the name before the apposition
        else:
            # "An official at a state bank, who asked not to be named, told ...": the subject opens the sentence
            first = _CLAUSE_END.search(folded, start, cue.start())
            if first is None or not 2 <= len(folded[start : first.start()].split()) <= 10:
                return None
            s, e = start, first.start()
    return _classify(text, folded, cue, s, e, cues, mentions, head_first=False, phrase_ok=phrase_ok)


_DATELINE = re.compile(r"[^\W\d_a-zà-ÿа-яё]{2,}(?:[ -][^\W\d_a-zà-ÿа-яё]{2,})*\s*[-–—]\s")  # "ROUEN – ", "SAN JOSÉ — "
_COMMA = re.compile(r"(?<!\d)[,،，]|[,،，](?!\d)")  # not the decimal comma of "184,6"


def _apposed_subject(
    text: str, folded: str, start: int, boundary: int, mentions: list[Mention]
) -> tuple[int, int] | None:
    """The subject of "X, <apposition>, said": the segment before the apposition that ends at
    ``boundary`` (just after its closing comma), when it holds a name (a capitalised word or a known
    entity); else None."""
    cuts = [m for m in _COMMA.finditer(folded, start, boundary) if not inside_quotation(text, start, m.start())]
    if len(cuts) < 2:
        return None
    a, b = (cuts[-3].end() if len(cuts) >= 3 else start), cuts[-2].start()
    pa, pb = cuts[-2].end(), cuts[-1].start()
    named = _is_name(text, a, b, mentions)
    if not named and _is_name(text, pa, pb, mentions):
        # "The government spokesman, Yoshimasa Hayashi, denied": the apposition is the name
        a, b = pa, pb
        named = True
    seg = text[a:b].strip()
    words = seg.split()
    lead = next((i for i, w in enumerate(words) if not w[:1].islower()), len(words))
    if not named and (a == start or lead <= 2):
        # a title may stand before the name ("ông Bill Nelson"); mid-sentence, more lower-case words
        # before it make a phrase of place, not a subject ("L'ipocentro, nei pressi della Solfatara, …,")
        # a bare capitalised word counts only opening the sentence: mid-sentence it may be a weekday
        # set off by commas ("BPS, Senin, 17 Agustus 2020, mencatat")
        capitals = [w for w in words[1:] if w[:1].isupper()] if a == start else []
        named = _person_in(a, b, mentions) or any(a <= m.start and m.end <= b for m in mentions) or bool(capitals)
    if named and len(seg.split()) > 6 and a == start and _DATELINE.match(seg):
        # "ROUEN – Le fabricant de flacons de parfum Verrerie Dulac, filiale de …,": the name it holds
        inner = [m for m in mentions if a <= m.start and m.end <= b and m.entity.kind in (*_ACTOR_KINDS, "unknown")]
        if not inner:
            return None
        a, b = inner[-1].start, inner[-1].end
    if not named or not seg:
        return None
    while a < b and text[a].isspace():
        a += 1
    return a, b


def _is_name(text: str, a: int, b: int, mentions: list[Mention]) -> bool:
    """True when ``text[a:b]`` is nothing but the name of a person (or an unknown name)."""
    seg = text[a:b].strip()
    return bool(seg) and any(
        a <= m.start and m.end <= b and m.entity.kind in ("person", "unknown") and len(m.text) >= 0.8 * len(seg)
        for m in mentions
    )


def _person_in(a: int, b: int, mentions: list[Mention]) -> bool:
    """True when a person (or an unknown name, which is most often one) is named within ``[a, b)``."""
    return any(a <= m.start and m.end <= b and m.entity.kind in ("person", "unknown") for m in mentions)


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
    after_report_noun = False  # "بيانات رسمية نشرتها هيئة الإحصاء": what follows is a publisher's name
    for rx in cues.report_nouns:
        m = rx.match(folded, s, e) if head_first else None
        if m and m.end() < e:
            s, after_report_noun = m.end(), True
            while s < e and text[s].isspace():
                s += 1
    if head_first and not after_report_noun:
        m = cues.record_nouns.match(folded, s, e)
        if m and m.end() < e and folded[m.end()].isspace():
            s, after_report_noun = m.end() + 1, True  # "وفق بيانات معهد كيل": the record's owner follows
    direction = "after" if head_first else "before"
    span = {"direction": direction, "phrase_start": s, "phrase_end": e}
    # a capitalised pronoun is no name, whatever it spells in another language ("Він" is not Vinh)
    inside = [m for m in mentions if m.start >= s and m.end <= e and folded[m.start : m.end] not in cues.pronouns]
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
            if head is None and inside[-1].end >= e - 1 and inside[-1].entity.kind == "unknown":
                head = inside[-1]  # "die staatliche Nachrichtenagentur Xinhua": the name closing the phrase
            if people and head is not None and head.entity.kind != "person":
                head = people[0]  # "the Kremlin's spokesman Dmitry Peskov": the person is the source
            elif head is not None and head.entity.kind != "person" and _closing_name(text, inside[-1], head, e):
                head = inside[-1]  # "директор «Поділля-Логістик» Олег Мартинюк": the name after the role
        else:
            head = actors[-1] if actors else (inside[-1] if e - inside[-1].end <= 20 else None)
        if head is not None:
            return Attribution(
                cue.group(0),
                cue.start(),
                cue.end(),
                head.start,
                head.end,
                head.text,
                "named",
                head,
                **span,
                from_record=head_first and _cites_record(folded, cue, s, cues),
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
    whole = cues.anaphor_phrase.search(phrase.rstrip())
    if whole is not None and (head_first or whole.start() == 0 or not phrase_ok):
        a, b = s + whole.start(), s + whole.end()
        return Attribution(cue.group(0), cue.start(), cue.end(), a, b, text[a:b], "anaphor", **span)
    words = list(re.finditer(r"\S+", text[s:e]))
    if not words:
        return None
    if not phrase_ok and not after_report_noun:
        return None
    if not head_first:
        names = re.search(r"(?:[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w'’.&-]*\s+)*[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w'’.&-]*$", text[s:e])
        if names and names.start() > 0:
            s = s + names.start()  # "крупнейшее профобъединение страны Rengo" -> "Rengo"
            words = list(re.finditer(r"\S+", text[s:e]))
        if len(words) > 5:
            s = s + words[-5].start()
        first = text[s]
        lower = first.isalpha() and first.lower() != first.upper() and not first.isupper()
        if lower and not cues.description.match(folded[s:e].strip()):
            return None  # "though the two countries always [denied]": not a name ("o colegiado" is a description)
    if not any(c.isalpha() for c in text[s:e]):
        return None
    return Attribution(
        cue.group(0),
        cue.start(),
        cue.end(),
        s,
        e,
        _trim_name(text[s:e]),
        "phrase",
        **span,
        from_record=head_first and after_report_noun and _cites_record(folded, cue, s, cues),
    )


def _cites_record(folded: str, cue: re.Match[str], s: int, cues: _CuePatterns) -> bool:
    """True when the cue or the words between it and the source name a record: "according to data
    from", "وفق بيانات معهد", "segundo dados divulgados pelo"."""
    return bool(cues.record_nouns.search(folded, cue.start(), s))


def _closing_name(text: str, last: Mention, head: Mention, e: int) -> bool:
    """True when ``last``, after ``head``, is a new name of two or three words that closes the phrase."""
    return (
        last is not head
        and last.entity.kind == "unknown"
        and last.end >= e - 1
        and 2 <= len(last.text.split()) <= 3
        and text[last.start - 1 : last.start] not in ("«", '"', "“", "„")
    )


def _trim_name(phrase: str) -> str:
    """A source phrase without surrounding quotes or unbalanced brackets ("(Nbs)" stays whole)."""
    name = phrase.strip(" \"'“”«»")
    while name and (
        (name[-1] == ")" and name.count(")") > name.count("("))
        or (name[0] == "(" and name.count("(") > name.count(")"))
    ):
        name = name[:-1] if name[-1] == ")" else name[1:]
        name = name.strip(" \"'“”«»")
    return name
