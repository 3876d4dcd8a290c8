"""Definite descriptions: the entity that "the company", "la compañía", "同社", "المحافظة" stand for.

A news article names an organisation or a place once and then describes it: "Severn Vale Water ...
the company said", "ミナトチケット ... 同社は", "محافظة الحديدة ... في المحافظة". Each language file's
``descriptions`` holds three lists of patterns (matched on folded text):

- ``organization``: nouns that may stand for any organisation ("the company", "das Unternehmen", "同社");
- ``named_organization``: nouns that stand only for an organisation whose name or designation holds
  them ("the ministry" -> "Ministry of Finance", "der Verband" -> "Zentralverband ...", "공사" ->
  "한국철도공사", "die Gewerkschaft" -> "der Gewerkschaft Verdi");
- ``place``: nouns of places ("the city", "المحافظة", "в районе").

A description is resolved in two steps: (1) its head noun: the latest earlier mention whose name, or
the word written just before it ("die Gewerkschaft Verdi"), hold the noun; (2) for
``organization`` and ``place`` nouns, the entity of that kind the article has named most often so far
(ties: the latest). Outlets that carried a statement, people and countries are never antecedents;
``description_stem_trim`` (German, Russian, Ukrainian) drops case endings from the noun before (1).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from timeline.domain.model import EntityRef, Mention
from timeline.extract.lexicon import Lexicon
from timeline.extract.segment import Sentence
from timeline.extract.textnorm import fold_same_length, is_acronym

_KINDS = ("organization", "named_organization", "place", "named")
_ARABIC_ARTICLE = re.compile(r"^(?:[وف]?[بك]?ال|[وف]?لل)")
_UNSPACED_DETERMINERS = "同该該全"
# what an unknown name written like this is: an organisation ("NUG", "«Ромашка»", "「ミナトチケット」")
_OPENING_QUOTES = '«"“„「『《'
_ORGANISATION_ENDINGS = re.compile(
    r"(?:\b(?:GmbH|AG|SE|KG|e\.V\.|Ltd|Limited|Inc|Corp|PLC|plc|LLC|S\.A\.|SA|S\.p\.A\.|SpA|Srl|S\.r\.l\.|"
    r"Lda|Ltda|Group|Gruppe|Groupe|Grupo|Holding|Bank|Banco|Banca|Energie|Energy|Airlines|Airways)|"
    r"公司|集团|集團|工業|工业|株式会社|銀行|银行|은행|공사|그룹|전자|건설)\.?$"
)
# the last word of a name that says it is a firm or a body ("Nordenhamer Umschlagsgesellschaft")
_ORGANISATION_WORDS = re.compile(
    r"(?:gesellschaft|werke?|gruppe|verband|kombinat|завод|комбинат|холдинг|company|corporation|group|"
    r"compagnie|société|compañía|empresa|società|companhia|grupo)$",
    re.IGNORECASE,
)
_NEVER = ("person", "country")


@dataclass(frozen=True, slots=True)
class Description:
    """A definite description in the text: where it is, its kind and its head noun (folded)."""

    start: int
    end: int
    kind: str  # organization | named_organization | place | named
    head: str


@dataclass(frozen=True, slots=True)
class Resolved:
    """A description as a mention of the entity it stands for; ``by_head`` when its noun is in that
    entity's name or designation (surer than the most-named entity of its kind)."""

    mention: Mention
    by_head: bool


def _patterns(lex: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    """The language's description patterns, one compiled alternation per kind (cached by the lexicon)."""
    table = lex.supplement.get("descriptions") or {}
    return [(kind, lex.pattern_regex(f"descriptions.{kind}", table[kind])) for kind in _KINDS if table.get(kind)]


def _head(match: re.Match[str], lex: Lexicon) -> str:
    """The description's noun, without determiner or article ("the company" -> "company", "同社" -> "社")."""
    if "head" in match.re.groupindex and match.group("head"):
        head = match.group("head")
    elif lex.spaced:
        head = re.findall(r"\w+", match.group(0))[-1]
    else:
        head = match.group(0).lstrip(_UNSPACED_DETERMINERS) or match.group(0)
    head = _ARABIC_ARTICLE.sub("", head) if lex.rtl else head
    trim = int(lex.supplement.get("description_stem_trim", 0))
    if trim and len(head) > 5:
        head = head[: len(head) - trim]
    return head


def find_descriptions(folded: str, lex: Lexicon, spans: Iterable[tuple[int, int]]) -> list[Description]:
    """The definite descriptions inside ``spans`` (the article's sentences)."""
    patterns = _patterns(lex)
    found: list[Description] = []
    if not patterns:
        return found
    for start, end in spans:
        for kind, rx in patterns:
            for m in rx.finditer(folded, start, end):
                found.append(Description(m.start(), m.end(), kind, _head(m, lex)))
    found.sort(key=lambda d: (d.start, -d.end))
    kept: list[Description] = []
    for d in found:
        if not kept or d.start >= kept[-1].end:
            kept.append(d)
    return kept


@lru_cache(maxsize=4096)  # asked again for every description and claim of the article
def person_named(name: str, text: str) -> bool:
    """True when ``name`` is written like a person's in ``text``: a full name whose last word the
    article also uses alone ("Mark Ellery" ... "Ellery said")."""
    words = name.split()
    if not (2 <= len(words) <= 4 and len(words[-1]) >= 3 and text.count(words[-1]) > text.count(name)):
        return False
    # every word a name's, none a word the article also writes in lower case ("Das Agrarministerium",
    # "Severn Vale Water", "Verrerie Dulac" are no people)
    return all(w[:1].isupper() and not re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", text) for w in words)


def _person_like(mention: Mention, text: str) -> bool:
    """A person's name: a known person, or one written like a person's (:func:`person_named`)."""
    return mention.entity.kind == "person" or person_named(mention.text, text)


def _organisation_like(mention: Mention, text: str, speakers: frozenset[str], designated: frozenset[str]) -> int:
    """How surely an earlier name is an organisation's: 2 known or written like one (a legal form,
    quoted, designated by a noun such as "la empresa local"), 1 an acronym, a named source or a name
    the article gives often (``speakers`` holds the ids of both), 0 not at all (see the module docstring)."""
    if mention.entity.kind == "organization" or mention.entity.id in designated:
        return 2
    if mention.entity.kind != "unknown" or _person_like(mention, text):
        return 0
    if _ORGANISATION_WORDS.search(mention.text):
        return 2
    quoted = mention.start > 0 and text[mention.start - 1] in _OPENING_QUOTES
    if quoted or _ORGANISATION_ENDINGS.search(mention.text):
        return 2
    return int(bool(is_acronym(mention.text) or (mention.entity.id in speakers and len(mention.text) >= 4)))


_RECURRING = 3  # an unknown name the article gives this often is one of its actors ("L'Atalanta …")


def _recurring(mentions: list[Mention], text: str) -> frozenset[str]:
    """The unknown names, not written like a person's, that the article gives at least ``_RECURRING`` times."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.entity.kind == "unknown" and not _person_like(m, text):
            counts[m.entity.id] = counts.get(m.entity.id, 0) + 1
    return frozenset(k for k, n in counts.items() if n >= _RECURRING)


_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’-]*)")


def _designated(text: str, descriptions: list[Description], mentions: list[Mention]) -> frozenset[str]:
    """Names that an organisation's noun stands right before, perhaps with a word or two between: "la
    empresa local Forestal Quintela", "the airline Cascadia Air", "die Firma Mühlenfeld"."""
    by_start = {m.start: m.entity.id for m in mentions}
    out: set[str] = set()
    for d in descriptions:
        if d.kind not in ("organization", "named_organization"):
            continue
        pos = d.end
        for _ in range(3):
            word = _NEXT_WORD.match(text, pos)
            if word is None:
                break
            if word.start(1) in by_start:
                out.add(by_start[word.start(1)])
                break
            if not word.group(1).islower():
                break
            pos = word.end()
    return frozenset(out)


def _word_before(folded: str, start: int) -> str:
    """The word written right before ``start`` (with only a space between), else ""."""
    hit = re.search(r"(\w+) $", folded[max(0, start - 40) : start])
    return hit.group(1) if hit else ""


def _by_head(head: str, kind: str, before: list[Mention], folded: str, spaced: bool) -> EntityRef | None:
    """The latest earlier entity whose name, or the word written right before it, holds ``head``."""
    unfit = ("organization",) if kind == "place" else ("place",)
    # an organisation's designation may stand before its name ("der Gewerkschaft Verdi"); a place's is
    # part of it ("Кировской области"), and the words before it belong to something else. A name that
    # holds the noun itself ("musée Pierre-Carrère") goes before one that only follows it.
    for with_lead in (False, True) if spaced and kind != "place" else (False,):
        for m in reversed(before):
            if m.entity.kind in unfit:
                continue
            lead = _word_before(folded, m.start) if with_lead else ""
            words = " ".join([lead, folded[m.start : m.end], fold_same_length(m.entity.name)])
            if head and head in words:
                return m.entity
    return None


_NAME_WORD = re.compile(r"[^\W\d_]+")


def _by_name_word(head: str, before: list[Mention], folded: str, trim: int) -> EntityRef | None:
    """The latest earlier entity of two words or more with ``head`` as one of its words, or as the word
    written right before it: "the bridge" -> "Kelston Meadow Bridge", "le musée" -> "(musée)
    Pierre-Carrère", "die Brücke" -> "(Talbrücke) Erlengrund". A whole word, an inflected one or the end of
    a compound (:func:`_holds`), never any other part."""
    for m in reversed(before):  # a name holding the noun ("musée Pierre-Carrère") goes first
        words = _NAME_WORD.findall(folded[m.start : m.end]) + _NAME_WORD.findall(fold_same_length(m.entity.name))
        if len(set(words)) >= 2 and any(_holds(word, head, trim) for word in words):
            return m.entity
    for m in reversed(before):  # then a name the noun is written right before
        lead = _word_before(folded, m.start)
        if lead and _holds(lead, head, trim):
            return m.entity
    return None


def _holds(word: str, head: str, trim: int) -> bool:
    """True when ``word`` is ``head``, perhaps inflected (within ``trim`` + 1 letters of its end), or a
    compound ending in it ("footbridge", "talbrücke" for "bridge", "brück"): heads of five letters or more."""
    if word == head:
        return True
    at = word.rfind(head)
    if at < 0 or len(word) - (at + len(head)) > (trim + 1 if trim else 0):
        return False
    return at == 0 or len(head) >= (4 if trim else 5)  # "brück" is "brücke" trimmed


def _same_entity(a: EntityRef, b: EntityRef, trim: int) -> bool:
    """One entity, also when an inflecting language wrote it in two cases ("Росприроднадзор",
    "Росприроднадзора") and the two became two new names."""
    if a.id == b.id:
        return True
    x, y = fold_same_length(a.name), fold_same_length(b.name)
    if not trim or min(len(x), len(y)) <= 5:
        return False
    return x[: len(x) - trim] == y[: len(x) - trim] and abs(len(x) - len(y)) <= trim


def _just_named(candidates: list[tuple[Mention, int]], since: int) -> EntityRef | None:
    """The latest organisation written like one (level 2) since ``since`` (the previous sentence): a
    description right after a name stands for it ("... die Nordenhamer Umschlagsgesellschaft (NUG), die
    ... Der Betrieb habe ...")."""
    recent = [m for m, level in candidates if m.start >= since and level == 2]
    return recent[-1].entity if recent else None


def _most_named(candidates: list[tuple[Mention, int]]) -> EntityRef | None:
    """The entity named most often (then the surer, then the first named) among ``candidates``."""
    score: dict[str, list[int]] = {}
    entity: dict[str, EntityRef] = {}
    for m, sure in candidates:
        if m.entity.id not in score:
            score[m.entity.id] = [0, sure, -m.start]
            entity[m.entity.id] = m.entity
        score[m.entity.id][0] += 1
        score[m.entity.id][1] = max(score[m.entity.id][1], sure)
    if not score:
        return None
    return entity[max(score, key=lambda k: score[k])]


def resolve_descriptions(
    text: str,
    folded: str,
    lex: Lexicon,
    sentences: list[Sentence],
    mentions: list[Mention],
    outlets: frozenset[str],
    speakers: frozenset[str],
    claimant_at: Callable[[int], EntityRef | None] | None = None,
) -> list[Resolved]:
    """The descriptions that stand for an entity named earlier in the article, with that entity.

    ``outlets`` are the ids of entities that carried statements (never antecedents); ``speakers`` the
    ids of named sources (an unknown name that speaks is an actor); ``claimant_at(offset)`` the entity
    of whoever makes the claim at ``offset``: a description in what they say is rarely themselves unless
    it names them ("the ministry said ... the company")."""
    out: list[Resolved] = []
    descriptions = find_descriptions(folded, lex, ((s.start, s.end) for s in sentences))
    if not descriptions:
        return out
    starts = {m.start for m in mentions}
    designated = _designated(text, descriptions, mentions)
    actors = speakers | _recurring(mentions, text)
    trim = int(lex.supplement.get("description_stem_trim", 0))
    sentence_starts = [s.start for s in sentences]

    def sentence_start(offset: int) -> int:
        """Where the sentence before the one holding ``offset`` starts."""
        i = bisect_right(sentence_starts, offset) - 1
        return sentence_starts[max(0, i - 1)] if i >= 0 else 0

    for d in descriptions:
        if any(m.start < d.end and d.start < m.end for m in mentions):
            continue  # part of a name ("the Ministry of Finance", "Landkreis Nienburg")
        after = d.end + len(text[d.end : d.end + 3]) - len(text[d.end : d.end + 3].lstrip())
        if after in starts or text[after : after + 1] in _OPENING_QUOTES:
            continue  # it designates the name that follows ("die Firma Mühlenfeld", "компания «Ромашка»")
        if lex.spaced and any(0 <= d.start - m.end <= 1 for m in mentions):
            continue  # it ends the name before it ("Кировской области", "Landkreis" in "Nienburger Landkreis")
        before = [
            m
            for m in mentions
            if m.end <= d.start
            and m.entity.kind not in _NEVER
            and m.entity.id not in outlets
            and not _person_like(m, text)
        ]
        if d.kind == "named":  # any noun after an article: it stands for a name holding it, or for nothing
            entity = _by_name_word(d.head, before, folded, trim)
        else:
            entity = _by_head(d.head, d.kind, before, folded, lex.spaced)
        by_head = entity is not None
        speaker = claimant_at(d.start) if claimant_at is not None else None
        if speaker is not None:
            before = [m for m in before if not _same_entity(m.entity, speaker, trim)]
        if entity is None and d.kind == "organization":
            sure = [(m, level) for m in before if (level := _organisation_like(m, text, actors, designated))]
            entity = _just_named(sure, sentence_start(d.start)) or _most_named(sure)
        elif entity is None and d.kind == "place":
            entity = _most_named([(m, 1) for m in before if m.entity.kind == "place"])
        if entity is not None:
            out.append(Resolved(Mention(entity, d.start, d.end, text[d.start : d.end]), by_head))
    return out
