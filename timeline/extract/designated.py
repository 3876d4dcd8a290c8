"""Names found by the word that marks them, for scripts without letter case.

Arabic, Chinese, Japanese and Korean write names like any other word, so the capital-letter rule of
:mod:`timeline.extract.newnames` finds nothing there. A title or a designator does:

- ``person_titles`` (Arabic "الدكتور", "المهندسة"; Chinese "副县长", "发言人"): the one to three words
  (Chinese: two or three characters) after it are a person's name; the name's last word alone later
  in the article ("وأضافت الكعبي"), or the whole Chinese name, is the same person.
- ``name_designators`` (Arabic "مركز", "جامعة", "محافظة"): the designator and the words after it, up to
  a preposition or punctuation, are a name ("مركز محمد بن راشد للفضاء", "جامعة خليفة").
- ``name_suffixes`` (Chinese "县", "公司"; Japanese "工業", "県"; Korean "역", "공사"): the word that
  ends with one ("永善县", "東海ケミカル工業", "국토교통부는" without its particle) is a name.
- ``dual_designators`` (Arabic "محافظتي", "مدينتي"): the words after one up to a word with "و", and that
  word, are two names ("محافظتي حجة وتعز", "محافظتا ذي قار والبصرة").
- ``place_designators_after`` (Russian "области", "района"; Ukrainian "області"): a name followed by
  one is a place, the designator included ("Кировской области").
- ``organization_openers`` (Russian "Министерство", "Управление"; Ukrainian "Міністерство"): a
  capitalised one, up to three lower-case words and the names after it are an organisation's name
  ("Министерство здравоохранения Кировской области", "Управление Роспотребнадзора по Кировской
  области"; after a name only a word of ``organization_opener_links``, "по", leads on); the place
  inside stays a mention of its own.
- A name written with the person's age in brackets, as Korean, Japanese and Chinese news do
  ("이도윤(21)", "田中一郎（45）", "이도윤(21·강원FC)"), is a person's; the same name later in the article
  (with a particle, "이도윤은") is the same person.
- In Chinese and Japanese, a short run in quotation marks with no kana particle or punctuation is a
  name: 「ハマナ精工」, 《21世纪经济报道》.

New names are entities of unknown kind (titled ones are people), with ids from their words, as in
:mod:`timeline.extract.newnames`.
"""

from __future__ import annotations

import re

from timeline.domain.model import EntityRef, Mention
from timeline.extract.entities import slug, token_key
from timeline.extract.lexicon import Lexicon
from timeline.extract.segment import Sentence

_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u064b-\u0652]+")
_ARABIC_STOPS = frozenset(
    [
        "في",
        "من",
        "إلى",
        "على",
        "عن",
        "مع",
        "أن",
        "إن",
        "بأن",
        "لأن",
        "قال",
        "قالت",
        "وقال",
        "وقالت",
        "أمس",
        "اليوم",
        "يوم",
        "الذي",
        "التي",
        "الذين",
        "بعد",
        "قبل",
        "خلال",
        "منذ",
        "حتى",
        "بين",
        "عند",
        "لدى",
        "مثل",
        "حول",
        "ضد",
        "نحو",
        "أو",
        "ثم",
        "كما",
        "لكن",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "وفي",
        "ومن",
        "قوله",
        "قولها",
        "قولهم",
        "قولهما",
    ]
)
_MAX_ARABIC_WORDS = {"title": 3, "designator": 4}
_KO_PARTICLES = re.compile(r"(?:은|는|이|가|을|를|에|에서|에게|의|와|과|로|으로|도|만|측은|측|께서)$")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3A-Za-z0-9]+")
_CJK_STOPS = frozenset("的在和与及对向从于为将已被由据称是了、，。在该本全这那各同此其")
_HAN_OR_KATAKANA = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff\u3005]")


def designated_names(text: str, sentences: list[Sentence], lex: Lexicon, taken: list[tuple[int, int]]) -> list[Mention]:
    """Mentions of names marked by a title, a designator or a suffix (see the module docstring) that
    overlap nothing in ``taken`` (known names and time expressions)."""
    found: list[Mention] = []
    titles = lex.words("person_titles")
    designators = lex.words("name_designators")
    suffixes = lex.words("name_suffixes")
    if not (titles or designators or suffixes or not lex.spaced):
        return found
    spans = list(taken)
    if not lex.spaced:
        found.extend(_quoted(text, sentences, spans, suffixes))
    duals = frozenset(lex.words("dual_designators"))
    for s in sentences:
        if duals:
            found.extend(_arabic_duals(text, s, duals, spans))
        if titles and not lex.spaced:
            found.extend(_han_titled(text, s, lex, spans))
        elif titles or designators:
            found.extend(_arabic(text, s, titles, designators, spans))
        if suffixes:
            found.extend(_by_suffix(text, s, lex, spans))
    if lex.code in _AGED_NAME_SCRIPTS:
        found.extend(_aged_people(text, sentences, spans, _AGED_NAME_SCRIPTS[lex.code]))
    if lex.code in _AGED_NAME_SCRIPTS:  # a name given once with its title or age is the same person later
        found.extend(_repeated(text, sentences, [m for m in found if m.entity.kind == "person"], spans))
    found.extend(_surnames(text, sentences, found, spans))
    return sorted(found, key=lambda m: m.start)


# a short quoted run without kana particles or punctuation: 「ハマナ精工」, 《21世纪经济报道》 (speech in
# quotation marks always holds hiragana or punctuation)
_QUOTED_NAME = re.compile(r"[「『《“](?P<name>[^\s「」『』《》“”、。，！？!?：:\u3040-\u309f]{2,20})[」』》”]")


def _quoted(text: str, sentences: list[Sentence], spans: list[tuple[int, int]], suffixes: list[str]) -> list[Mention]:
    """Names in Chinese and Japanese quotation marks (companies, sites, papers, groups)."""
    out: list[Mention] = []
    for s in sentences:
        for m in _QUOTED_NAME.finditer(text, s.start, s.end):
            start, end = m.start("name"), m.end("name")
            name = m.group("name")
            if text[m.start()] == "“" and len(name) > 6 and not any(name.endswith(x) for x in suffixes):
                continue  # Chinese quotes a rumour or a slogan in “” too: “溪洛渡水电站大坝出现裂缝”
            if _HAN_OR_KATAKANA.search(name) and _free(spans, start, end):
                out.append(_mention(text, start, end, "unknown"))
                spans.append((start, end))
    return out


def _mention(text: str, start: int, end: int, kind: str) -> Mention:
    name = text[start:end]
    key = " ".join(k for k in (token_key(w) for w in name.split()) if k) or name
    return Mention(EntityRef("x-" + slug(key), name, kind), start, end, name)


def _free(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(start < b and end > a for a, b in spans)


def _arabic(
    text: str, s: Sentence, titles: list[str], designators: list[str], spans: list[tuple[int, int]]
) -> list[Mention]:
    out: list[Mention] = []
    words = list(_ARABIC_WORD.finditer(text, s.start, s.end))
    for i, w in enumerate(words):
        word = w.group(0)
        bare = re.sub(r"^(?:و|ف|ب|ل|لل)(?=..)", "", word)
        kind = "title" if word in titles or bare in titles else None
        if kind is None and (word in designators or bare in designators or bare.removeprefix("ال") in designators):
            kind = "designator"
        if kind is None:
            continue
        end_word = i
        for j in range(i + 1, min(len(words), i + 1 + _MAX_ARABIC_WORDS[kind])):
            gap = text[words[j - 1].end() : words[j].start()]
            if gap.strip() or words[j].group(0) in _ARABIC_STOPS or not _free(spans, words[j].start(), words[j].end()):
                break  # punctuation, a preposition or a known name ("بالولايات المتحدة") ends the name
            end_word = j
        if end_word == i:
            continue
        whole = word in titles or word in designators  # "وزارة" is a designator: its و is no conjunction
        start = words[i + 1].start() if kind == "title" else w.start() + (0 if whole else len(word) - len(bare))
        end = words[end_word].end()
        if _free(spans, start, end):
            out.append(_mention(text, start, end, "person" if kind == "title" else "unknown"))
            spans.append((start, end))
    return out


_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")


def _han_titled(text: str, s: Sentence, lex: Lexicon, spans: list[tuple[int, int]]) -> list[Mention]:
    """Chinese: the two or three characters after a title are a person's name, up to a word that ends
    a subject ("永善县副县长李建华对新华社说": 李建华)."""
    out: list[Mention] = []
    stops = lex.phrase_regex("subject_stops")
    for t in lex.phrase_regex("person_titles").finditer(text, s.start, s.end):
        name = _HAN_NAME.match(text, t.end(), s.end)
        if name is None:
            continue
        end = name.end()
        stop = stops.search(text, t.end() + 2, min(s.end, end + 4))
        if stop is not None and stop.start() < end:
            end = stop.start()  # "王芳表示": the name ends where "表示" begins
        while end > t.end() + 2 and text[end - 1] in _CJK_STOPS:
            end -= 1
        if _free(spans, t.end(), end):
            out.append(_mention(text, t.end(), end, "person"))
            spans.append((t.end(), end))
    return out


def _arabic_duals(text: str, s: Sentence, duals: frozenset[str], spans: list[tuple[int, int]]) -> list[Mention]:
    """The two names after a dual designator: "محافظتي حجة وتعز" (the governorates of Hajjah and Taiz); the
    first may be of up to three words, "محافظتا ذي قار والبصرة"."""
    out: list[Mention] = []
    words = list(_ARABIC_WORD.finditer(text, s.start, s.end))
    for i, w in enumerate(words[:-2]):
        bare = re.sub(r"^(?:و|ف|ب|ل)(?=..)", "", w.group(0))
        if w.group(0) not in duals and bare not in duals:
            continue
        k = next((k for k in range(i + 2, min(i + 5, len(words))) if words[k].group(0).startswith("و")), None)
        if k is None:
            continue
        first = words[i + 1 : k]
        second = words[k]
        if len(second.group(0)) < 3 or any(f.group(0) in _ARABIC_STOPS for f in first):
            continue
        if text[first[0].start() : first[-1].end()].count("،") or "،" in text[first[-1].end() : second.start()]:
            continue  # a comma ends the first name: "محافظتي حجة، وتعز" is no pair
        for start, end in ((first[0].start(), first[-1].end()), (second.start() + 1, second.end())):
            if _free(spans, start, end):
                out.append(_mention(text, start, end, "unknown"))
                spans.append((start, end))
    return out


def _by_suffix(text: str, s: Sentence, lex: Lexicon, spans: list[tuple[int, int]]) -> list[Mention]:
    out: list[Mention] = []
    suffixes = lex.words("name_suffixes")
    if lex.spaced:  # Korean: the spaced word that ends with a suffix, its particle dropped
        for w in _HANGUL_WORD.finditer(text[s.start : s.end]):
            word = _KO_PARTICLES.sub("", w.group(0))
            for suffix in suffixes:
                stem = len(word) - len(suffix)
                if word.endswith(suffix) and stem >= (2 if len(suffix) == 1 else 1):
                    start = s.start + w.start()
                    end = start + len(word)
                    if _free(spans, start, end):
                        out.append(_mention(text, start, end, "unknown"))
                        spans.append((start, end))
                    break
        return out
    ends = {b for _, b in spans}
    for m in lex.phrase_regex("name_suffixes").finditer(text, s.start, s.end):
        start = m.start()
        reach = (
            10 if len(m.group(0)) >= 4 else 6
        )  # "合肥蓝鲸新能源汽车" + "股份有限公司": a legal form ends a long name
        while start > s.start and m.start() - start < reach and start not in ends:
            ch = text[start - 1]  # "昭通市永善县": the name ends where a known one ("昭通市") does
            if ch in _CJK_STOPS or not _HAN_OR_KATAKANA.match(ch):
                break
            start -= 1
        if m.start() - start < 2 or not _free(spans, start, m.end()):
            continue  # one character before the suffix is rarely a name ("全县", "该市")
        out.append(_mention(text, start, m.end(), "unknown"))
        spans.append((start, m.end()))
    return out


def _surnames(
    text: str, sentences: list[Sentence], people: list[Mention], spans: list[tuple[int, int]]
) -> list[Mention]:
    """The last word of a titled name, alone later in the article, names the same person."""
    out: list[Mention] = []
    for person in [m for m in people if m.entity.kind == "person"]:
        last = person.text.split()[-1]
        if len(last) < 4 or len(person.text.split()) < 2:
            continue
        rx = re.compile(rf"(?<![\w])(?:[وفبل])?{re.escape(last)}(?![\w])")
        for s in sentences:
            for m in rx.finditer(text, max(s.start, person.end), s.end):
                start = m.end() - len(last)
                if _free(spans, start, m.end()):
                    out.append(Mention(person.entity, start, m.end(), last))
                    spans.append((start, m.end()))
    return out


def with_place_designators(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """Names followed by a place designator (``place_designators_after``: Russian "области", "района")
    extended over it, as places: "Кировской" + "области" is "Кировской области", not a name and a noun."""
    designators = lex.words("place_designators_after")
    if not designators:
        return mentions
    rx = re.compile(r" (" + "|".join(re.escape(d) for d in sorted(designators, key=len, reverse=True)) + r")(?!\w)")
    starts = {m.start for m in mentions}
    out: list[Mention] = []
    for m in mentions:
        hit = rx.match(text.lower(), m.end)
        if hit is None or m.entity.kind not in ("unknown", "place") or hit.end() in starts:
            out.append(m)
            continue
        out.append(_mention(text, m.start, hit.end(), "place"))
    return out


_SPACE = re.compile(r"\s+")
_LOWER_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def opened_names(
    text: str, folded: str, sentences: list[Sentence], lex: Lexicon, mentions: list[Mention]
) -> list[Mention]:
    """Organisations named by an opening word (``organization_openers``), the lower-case words after it
    and the names those lead to: "Министерство здравоохранения" + "Кировской области". The name ends
    with the last name reached; an opener that reaches none names nothing here."""
    if not lex.supplement.get("organization_openers"):
        return []
    by_start = {m.start: m for m in mentions}
    links = frozenset(lex.words("organization_opener_links"))
    out: list[Mention] = []
    for s in sentences:
        for m in lex.word_regex("organization_openers").finditer(folded, s.start, s.end):
            if not text[m.start()].isupper():
                continue
            pos, last_end, lower = m.end(), -1, 0
            whole = by_start.get(m.start())
            if whole is not None:  # "Управление Росгвардии" was found as a name: it may reach further
                pos = last_end = first_end = whole.end
            else:
                first_end = -1
            while (gap := _SPACE.match(text, pos, s.end)) is not None:
                named = by_start.get(gap.end())
                if named is not None:  # a name: the organisation reaches at least this far
                    pos = last_end = named.end
                    lower = 0
                    continue
                word = _LOWER_WORD.match(text, gap.end(), s.end)
                if word is None or not word.group(0).islower() or lower == 3:
                    break
                if last_end > 0 and folded[word.start() : word.end()] not in links:
                    break  # after a name only a link ("по Кировской области") goes on
                pos, lower = word.end(), lower + 1
            if last_end > first_end:
                out.append(_mention(text, m.start(), last_end, "organization"))
    return out


def noun_named(text: str, folded: str, lex: Lexicon, mentions: list[Mention]) -> list[Mention]:
    """Names that a lower-case noun written before them is part of (``name_nouns``, fr, es, it, pt:
    "musée", "ospedale", "ponte"), perhaps with a link (``name_noun_links``: "di", "de", "d'"): "le musée
    Pierre-Carrère", "l'ospedale di Borgotaro", "a ponte Mauá". The name inside stays a mention of its own
    (Borgotaro is a town); people and countries are never named so."""
    if not lex.supplement.get("name_nouns"):
        return []
    nouns = "|".join(re.escape(w) for w in sorted(lex.words("name_nouns"), key=len, reverse=True))
    links = "|".join(re.escape(w) for w in sorted(lex.words("name_noun_links"), key=len, reverse=True))
    before = re.compile(rf"(?<![^\W\d_])(?:{nouns})\s+(?:(?:{links or '(?!x)x'})(?:\s+|(?<=['’]))\s*)?$")
    out: list[Mention] = []
    for m in mentions:
        if m.entity.kind in ("person", "country"):
            continue
        hit = before.search(folded, max(0, m.start - 40), m.start)
        if hit is not None and text[hit.start()].islower():
            out.append(_mention(text, hit.start(), m.end, "unknown"))
    return out


# the letters a name of each language is written in, where "name(age)" marks a person
_AGED_NAME_SCRIPTS = {"ko": "\uac00-\ud7a3", "ja": "\u4e00-\u9fff\u3005\u30a0-\u30ff", "zh": "\u4e00-\u9fff"}


def _aged_people(text: str, sentences: list[Sentence], spans: list[tuple[int, int]], letters: str) -> list[Mention]:
    """People named with their age in brackets: "이도윤(21)", "田中一郎（45）", "김모(45·회사원)"."""
    rx = re.compile(rf"(?<![{letters}])[{letters}]{{2,4}}(?=[(（]\d{{1,3}}[)）·,、])")
    out: list[Mention] = []
    for s in sentences:
        for m in rx.finditer(text, s.start, s.end):
            if _free(spans, m.start(), m.end()):
                out.append(_mention(text, m.start(), m.end(), "person"))
                spans.append((m.start(), m.end()))
    return out


def _repeated(
    text: str, sentences: list[Sentence], people: list[Mention], spans: list[tuple[int, int]]
) -> list[Mention]:
    """Every other writing of the names in ``people`` (a Korean particle may follow: "이도윤은")."""
    out: list[Mention] = []
    for person in {p.text: p for p in people}.values():
        for s in sentences:
            start = text.find(person.text, s.start, s.end)
            while start >= 0:
                end = start + len(person.text)
                if _free(spans, start, end):
                    out.append(Mention(person.entity, start, end, person.text))
                    spans.append((start, end))
                start = text.find(person.text, end, s.end)
    return out
