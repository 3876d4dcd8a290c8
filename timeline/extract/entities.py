"""Entity linking against a multilingual gazetteer, across spellings and scripts.

Names are compared token by token after normalisation (case, diacritics, apostrophes), with Arabic
clitics and the article stripped and Cyrillic case endings removed, so "Північною Кореєю" meets
"Північна Корея" and "للبيت الأبيض" meets "البيت الأبيض". Names in another script are compared by
a consonant skeleton of their transliteration (anyascii), so "Туманганг", "تومانغانغ" and
"Tumangang" are one place. Scripts without spaces (CJK) are matched as substrings.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from anyascii import anyascii

from timeline.domain.model import EntityRef, Mention
from timeline.extract.textnorm import match_key

_TOKEN = re.compile(r"[\w'’ʼ]+(?:[-‐][\w'’ʼ]+)*")
_SLAVIC_ENDINGS = sorted(
    [
        "ією",
        "ами",
        "ями",
        "ого",
        "ому",
        "ими",
        "іми",
        "ах",
        "ях",
        "ою",
        "ею",
        "єю",
        "ів",
        "їв",
        "ям",
        "ам",
        "ом",
        "ем",
        "ий",
        "ій",
        "ої",
        "ія",
        "ії",
        "ію",
        "ья",
        "ье",
        "ью",
        "ей",
        "ой",
        "ая",
        "ую",
        "юю",
        "ое",
        "ые",
        "ых",
        "ым",
        "а",
        "я",
        "у",
        "ю",
        "і",
        "ї",
        "и",
        "е",
        "є",
        "о",
        "ы",
        "ь",
        "й",
    ],
    key=len,
    reverse=True,
)
# Korean case particles glued to the noun before them ("백악관은", "러시아에", "북한의")
_HANGUL_PARTICLES = sorted(
    [
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "의",
        "에",
        "에서",
        "에게",
        "께서",
        "와",
        "과",
        "도",
        "로",
        "으로",
        "만",
        "측은",
        "측이",
        "측",
        "이라고",
        "라고",
        "까지",
        "부터",
        "에는",
        "에서는",
        "과의",
        "와의",
        "으로부터",
        "로부터",
    ],
    key=len,
    reverse=True,
)
# the same lists by length, longest first: one dictionary look-up per length instead of one test per ending
_SLAVIC_BY_LENGTH = [(n, frozenset(e for e in _SLAVIC_ENDINGS if len(e) == n)) for n in (3, 2, 1)]
_HANGUL_BY_LENGTH = [(n, frozenset(p for p in _HANGUL_PARTICLES if len(p) == n)) for n in (4, 3, 2, 1)]
_ELISION = re.compile(r"^(?:[a-zà-ÿ]{1,5}|[LD])['’ʼ](?=\w)")  # elided articles and prepositions: "l'Iran", "L'Ukraine"
_LATIN_ENDINGS = ("es", "en", "s", "n", "e")  # German/Romance inflection, tried only when exact keys fail
_SKELETON_MAP = str.maketrans({"p": "b", "t": "d", "k": "g", "q": "g", "c": "g", "j": "g", "v": "f"})
_NOT_LATIN = re.compile(r"[^a-z]")
_VOWELS = re.compile(r"[aeiouywh]")
_REPEATS = re.compile(r"(.)\1+")
_MAX_WINDOW = 7
_WORD_MEMO = 200_000  # distinct words remembered by a gazetteer (the memo starts over when full)


@lru_cache(maxsize=8192)
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in ("CYRILLIC", "ARABIC", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "LATIN"):
        if script in name:
            return script
    return "OTHER"


@lru_cache(maxsize=200_000)
def token_key(token: str, keep_marks: bool = True) -> str:
    """The comparison key of one word: folded, clitics and case endings removed (accents kept unless asked)."""
    key = match_key(token, keep_marks)
    if key.endswith("'s") and len(key) > 3:
        key = key[:-2]  # possessive: "Russia's", "Kremlin's"
    elided = _ELISION.match(token)
    if elided:
        key = key[elided.end() :]  # "l'Iran", "d'Ukraine", "dell'Iran" (but not "O'Brien")
    key = key.replace("'", "")
    if not key:
        return key
    script = _script(key[0])
    if script == "ARABIC":
        for prefix in ("وال", "فال", "بال", "كال", "لل", "ال"):
            if key.startswith(prefix) and len(key) - len(prefix) >= 3:
                key = key[len(prefix) :]
                break
        else:
            if key[0] in "وفبلك" and len(key) >= 5:
                key = key[1:]
    elif script == "HANGUL" and len(key) >= 3:
        for n, particles in _HANGUL_BY_LENGTH:
            if len(key) - n >= 2 and key[-n:] in particles:
                key = key[:-n]
                break
    elif script == "CYRILLIC" and len(key) >= 4:
        for n, endings in _SLAVIC_BY_LENGTH:
            if len(key) - n >= 3 and key[-n:] in endings:
                key = key[:-n]
                break
    return key


def _name_end(text: str, a: int, b: int) -> int:
    """Where a name in the word ``text[a:b]`` ends: before a Korean particle glued to it ("기상청|에")."""
    word = text[a:b]
    if word and _script(word[0]) == "HANGUL" and len(word) >= 3:
        for n, particles in _HANGUL_BY_LENGTH:
            if len(word) - n >= 2 and word[-n:] in particles:
                return b - n
    return b


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """Consonant skeleton of a transliterated name: 'Tumangang', 'Туманганг', 'تومانغانغ' -> 'dmngng'.

    Each word is reduced by :func:`token_key` first, so the Arabic article and clitics do not count.
    """
    words = [token_key(t) for t in _TOKEN.findall(name)]
    latin = anyascii(" ".join(w for w in words if w)).lower()
    latin = _NOT_LATIN.sub("", latin).translate(_SKELETON_MAP)
    latin = _VOWELS.sub("", latin)
    return _REPEATS.sub(r"\1", latin)


_HANGUL_DESIGNATORS = ("도", "시", "군", "구")  # province, city, county, district: also the particle "도"


def _alias_token_key(token: str) -> str:
    """:func:`token_key` of a word of a name, but for a Korean name that ends with a designator which
    is also a particle ("경기도", Gyeonggi Province, is not "경기", economy, plus "도", also)."""
    if len(token) >= 3 and token.endswith(_HANGUL_DESIGNATORS) and _script(token[0]) == "HANGUL":
        return match_key(token)
    return token_key(token)


def name_key(alias: str) -> str:
    """The key a name is indexed by, as one string: its word keys joined by spaces, or for a name in a
    script without spaces its folded form. The bundled place lists store it (see :func:`key_fingerprint`)."""
    alias = alias.strip()
    if _is_spaced_script(alias):
        return " ".join(k for k in map(_alias_token_key, _TOKEN.findall(alias)) if k)
    return match_key(alias)


# words whose keys exercise every rule of token_key and match_key: when a change to either changes one of
# them, the keys stored in the place lists are stale, and the lists are indexed from their names instead
_PROBES = (
    "Харківській",
    "Кировской",
    "Омутнинске",
    "області",
    "Белых",
    "الحديدة",
    "والبيت",
    "لليمن",
    "백악관은",
    "토트넘에서는",
    "경기도",
    "Russia's",
    "l'Iran",
    "dell'Ucraina",
    "O'Brien",
    "Weißen",
    "Hérault",
    "Bắc Giang",
    "ＡＢＣ",
    "İstanbul",
    "Saint-Chinian",
    "神奈川県",
    "東京都",
    "Κρήτη",
    "Ǆ",
    "Niedersachsen",
)


def key_fingerprint() -> str:
    """A digest of the keys of :data:`_PROBES` (see :func:`name_key`)."""
    import hashlib

    return hashlib.sha256("\n".join(name_key(p) for p in _PROBES).encode()).hexdigest()[:16]


def _is_spaced_script(s: str) -> bool:
    if s.isascii() or max(s) < "\u2e80":  # no CJK, hiragana or katakana character comes before U+2E80
        return True
    return not any(_script(c) in ("CJK", "HIRAGANA", "KATAKANA") for c in s)


@dataclass(frozen=True, slots=True)
class _Word:
    """One distinct word as the matcher sees it (all of it depends on the word alone)."""

    key: str  # token_key
    stem: str  # the key without one Latin inflectional ending
    first_known: bool  # the key (or stem) starts some multi-word name
    alone: bool  # lower-case and starts no longer name: only the word itself can be a name
    hit: str | None  # the entity the word names by itself
    capitalised: bool
    guessable: bool  # may start a skeleton (transliteration) match
    alpha: bool  # has a letter
    known: bool  # a one-word key of the index
    skeleton: str | None  # consonant skeleton of the word (None: not computed yet, see _Word.sound)
    script: str  # script of its first character
    text: str

    def sound(self) -> str:
        """The word's consonant skeleton."""
        return self.skeleton if self.skeleton is not None else skeleton(self.text)


@dataclass
class Gazetteer:
    """Canonical entities and their aliases, indexed for matching."""

    entities: dict[str, EntityRef] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=dict)  # entity id -> alias strings
    implied: dict[str, str] = field(default_factory=dict)  # capital id -> country id (metonymy)
    parent: dict[str, str] = field(default_factory=dict)  # entity id -> parent organisation id
    media: set[str] = field(default_factory=set)  # ids of news outlets (they carry claims, are no topic)
    bulk: set[str] = field(default_factory=set)  # ids from the long place lists (they yield to a person's name)
    _index: dict[tuple[str, ...], str] = field(default_factory=dict)
    _loose: dict[tuple[str, ...], str] = field(default_factory=dict)  # accents dropped, for typed queries
    _loose_pending: list[tuple[str, str]] = field(default_factory=list)  # (alias, id): _loose, when needed
    _stemmed: dict[tuple[str, ...], str] = field(default_factory=dict)  # inflected Latin names ("Weißen Hauses")
    _first_tokens: set[str] = field(default_factory=set)  # first words of multi-word names (a fast filter)
    _proper: set[tuple[str, ...]] = field(default_factory=set)  # keys of names written with a capital
    _acronyms: set[str] = field(default_factory=set)  # short all-capital names: "UN" is not Spanish "Un"
    _skeletons: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)  # -> (id, alias scripts)
    _skeleton_prefixes: set[str] = field(default_factory=set)  # every prefix of a skeleton (a fast filter)
    _cjk: dict[str, str] = field(default_factory=dict)
    _cjk_languages: dict[str, set[str]] = field(default_factory=dict)  # languages a short unspaced name is from
    _cjk_prefixes: set[str] = field(default_factory=set)  # every prefix of a CJK key (a trie as a set)
    _cjk_chars: re.Pattern[str] | None = None  # the CJK characters of CJK keys: no match without one
    _words: dict[str, _Word] = field(default_factory=dict)  # word -> what matching knows of it (a memo)
    _prefixes: set[tuple[str, ...]] = field(default_factory=set)  # every prefix of an exact key
    _stem_prefixes: set[tuple[str, ...]] = field(default_factory=set)  # prefixes of keys, stemmed
    # one-word Cyrillic keys of names that carry a case ending ("Ханой" -> "хан"): a word that is its
    # bare stem ("Хан") is another word, not the name; _bare: keys of names written as their stem
    _cased_tail: set[tuple[str, ...]] = field(default_factory=set)  # keys of names whose last word has a capital
    _inflected: set[str] = field(default_factory=set)
    _bare: set[str] = field(default_factory=set)

    @classmethod
    def from_records(cls, records: Iterable[dict[str, Any]]) -> Gazetteer:
        """Build from records ``{id, name, kind, aliases: {lang: [..]} | [..], part_of?, metonym_of?, media?}``."""
        # the index is hundreds of thousands of small objects that all live as long as the gazetteer: the
        # cyclic garbage collector, run on every few hundred of them, would scan them over and over
        enabled = gc.isenabled()
        gc.disable()
        try:
            return cls._from_records(records)
        finally:
            if enabled:
                gc.enable()

    @classmethod
    def _from_records(cls, records: Iterable[dict[str, Any]]) -> Gazetteer:
        g = cls()
        records = list(records)
        by_code = {r.get("country_code"): r["id"] for r in records if r.get("country_code")}
        for r in records:
            g.add_entity(r["id"], r["name"], r.get("kind", "unknown"))
            names = r.get("aliases", [])
            pairs = [(lang, n) for lang, values in names.items() for n in values] if isinstance(names, dict) else []
            if not isinstance(names, dict):
                pairs = [("*", n) for n in names]
            stored = r.get("keys")  # the place lists' name_key of each alias, in the same order
            if isinstance(stored, dict):
                keys = [k for lang in names for k in stored[lang]]
            else:
                keys = list(stored) if stored is not None else [None] * len(pairs)
            # organisations are translated ("Tổng cục Thống kê"), not transliterated: no skeleton guesses
            fuzzy = r.get("fuzzy", r.get("kind") != "organization")
            if r.get("name_matches", True):  # a place list's city whose name is a word ("Nice") is not found by it
                g.add_alias(r["id"], r["name"], "*", fuzzy)
            for (lang, alias), key in zip(pairs, keys, strict=True):
                g.add_alias(r["id"], alias, lang, fuzzy, key)
            if r.get("bulk"):
                g.bulk.add(r["id"])
            if r.get("media"):
                g.media.add(r["id"])
            if r.get("part_of"):
                g.parent[r["id"]] = r["part_of"]
            if r.get("metonym_of") and r["metonym_of"] in by_code:
                g.implied[r["id"]] = by_code[r["metonym_of"]]
            if r.get("government_of") and r["government_of"] in by_code:
                g.parent.setdefault(r["id"], by_code[r["government_of"]])
        g.compile()
        return g

    def to_state(self) -> dict[str, Any]:
        """Every field of the gazetteer as plain builtins (strings, tuples, lists, dicts, sets), for a
        cache that :meth:`from_state` turns back into a gazetteer that matches the same (equal, but for the
        memo of words seen). The containers are the gazetteer's own: serialise the state at once."""
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state["entities"] = [(e.id, e.name, e.kind) for e in self.entities.values()]
        state["_cjk_chars"] = None if self._cjk_chars is None else self._cjk_chars.pattern
        state["_words"] = {}  # a memo of matching, not part of the index
        return state

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Gazetteer:
        """The gazetteer :meth:`to_state` described (``ValueError`` for a state with other fields)."""
        if set(state) != {f.name for f in fields(cls)}:
            raise ValueError("not the state of this version of the gazetteer")
        values = dict(state)
        values["entities"] = {i: EntityRef(i, name, kind) for i, name, kind in state["entities"]}
        pattern = state["_cjk_chars"]
        values["_cjk_chars"] = None if pattern is None else re.compile(pattern)
        return cls(**values)

    def add_entity(self, entity_id: str, name: str, kind: str) -> None:
        """Register an entity (idempotent)."""
        self.entities.setdefault(entity_id, EntityRef(entity_id, name, kind))
        self.aliases.setdefault(entity_id, set())

    def add_alias(
        self, entity_id: str, alias: str, language: str = "*", fuzzy: bool = True, stored: str | None = None
    ) -> None:
        """Register one more name for an entity (``language``: the language the name is written in, if
        known; ``fuzzy``: also match its transliteration in other scripts, for names listed in few scripts;
        ``stored``: its :func:`name_key`, if known)."""
        alias = alias.strip()
        if not alias:
            return
        if self._words:
            self._words.clear()
        self.aliases.setdefault(entity_id, set()).add(alias)
        if _is_spaced_script(alias):
            tokens = _TOKEN.findall(alias)
            if stored is None:
                key = tuple(k for k in map(_alias_token_key, tokens) if k)
            else:
                key = tuple(stored.split(" ")) if stored else ()
            if key and (len(key) > 1 or len(key[0]) >= 2):
                if len(key) == 1 and _script(key[0][0]) == "CYRILLIC":
                    (self._bare if match_key(alias) == key[0] else self._inflected).add(key[0])
                self._index.setdefault(key, entity_id)
                self._first_tokens.add(key[0])
                self._add_prefixes(key)
                if _capitalised(alias):
                    self._proper.add(key)
                    if len(key) > 1 and tokens[-1][:1].isupper():
                        self._cased_tail.add(key)
                self._loose_pending.append((alias, entity_id))  # only typed queries need it (resolve_name)
                if len(key) == 1 and alias.isalpha() and alias.isupper() and len(alias) <= 3:
                    self._acronyms.add(key[0])
                stemmed = _stem_key(key)
                if stemmed != key:
                    self._stemmed.setdefault(stemmed, entity_id)
                    self._first_tokens.add(stemmed[0])
                    self._stem_prefixes.update(stemmed[:k] for k in range(1, len(stemmed) + 1))
            sk = skeleton(alias) if fuzzy else ""
            if len(sk) >= 5:
                self._skeleton_prefixes.update(sk[:k] for k in range(len(sk) + 1))  # "" too
                script = _script(next((c for c in alias if c.isalpha()), "a"))
                known = self._skeletons.get(sk)
                if known is not None and known[0] != entity_id:
                    self._skeletons[sk] = ("", frozenset())  # ambiguous across entities: never use
                else:
                    scripts = known[1] if known else frozenset()
                    self._skeletons[sk] = (entity_id, scripts | {script})
        else:
            key = match_key(alias) if stored is None else stored
            self._cjk.setdefault(key, entity_id)
            self._cjk_languages.setdefault(key, set()).add(language)

    def compile(self) -> None:
        """Prepare the substring matcher for scripts without spaces."""
        self._cjk_prefixes = {k[:n] for k in self._cjk for n in range(1, len(k) + 1)}
        # every such key holds a character of a script without spaces: a region with none of them is skipped
        chars = sorted({c for k in self._cjk for c in k if not _is_spaced_script(c)})
        self._cjk_chars = re.compile("[" + "".join(re.escape(c) for c in chars) + "]") if chars else None
        if any(_is_spaced_script(k) for k in self._cjk):
            self._cjk_chars = re.compile(r"[\s\S]")  # a key without such a character: scan every region

    def _cjk_matches(self, folded: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """Non-overlapping CJK keys in ``folded[start:end]``, left to right, the longest at each position."""
        prefixes, keys = self._cjk_prefixes, self._cjk
        pos = start
        while pos < end:
            best = 0
            n = 1
            while pos + n <= end and folded[pos : pos + n] in prefixes:
                if folded[pos : pos + n] in keys:
                    best = n
                n += 1
            if best:
                yield pos, pos + best
                pos += best
            else:
                pos += 1

    def resolve_name(self, name: str) -> str | None:
        """The entity id a whole name denotes (id, alias in any script, or transliteration), or None."""
        name = name.strip()
        if name in self.entities:
            return name
        key = tuple(k for k in (token_key(t) for t in _TOKEN.findall(name)) if k)
        if key in self._index:
            return self._index[key]
        for alias, entity_id in self._loose_pending:
            words = _TOKEN.findall(alias)
            self._loose.setdefault(tuple(k for k in (token_key(t, False) for t in words) if k), entity_id)
        self._loose_pending.clear()
        loose = tuple(k for k in (token_key(t, False) for t in _TOKEN.findall(name)) if k)
        if loose in self._loose:
            return self._loose[loose]
        if match_key(name) in self._cjk:
            return self._cjk[match_key(name)]
        sk = skeleton(name)
        entity_id, _scripts = self._skeletons.get(sk, ("", frozenset()))
        return entity_id if len(sk) >= 5 and entity_id else None

    def find(
        self, text: str, regions: list[tuple[int, int]], language: str | None = None, nouns_capitalised: bool = False
    ) -> list[Mention]:
        """Every gazetteer mention inside ``regions`` of ``text`` (longest match wins).

        A name of two characters or fewer in a script without spaces counts only in a text of the
        language it was listed for: Chinese "海地" (Haiti) is not a name inside Japanese "沿海地方".
        A one-word place from the long lists next to another capitalised word is part of a longer name
        ("Elizabeth Warren", "Paris Hilton", "Tottenham Hotspur"), not the place; in a language that
        capitalises nouns (``nouns_capitalised``: German), a capitalised word after a lower-case one
        is a noun ("in der Hansestadt Bremerhaven") and does not count.
        """
        mentions: list[Mention] = []
        # the CJK matcher only runs where a name could start (folding is per character, so once per text)
        folded = match_key_same_length(text) if self._cjk_chars is not None else ""
        for start, end in regions:
            mentions.extend(self._find_spaced(text, start, end, nouns_capitalised))
            if self._cjk_chars is not None and self._cjk_chars.search(folded, start, end):
                for s, e in self._cjk_matches(folded, start, end):
                    name = folded[s:e]
                    langs = self._cjk_languages.get(name, {"*"})
                    if language and len(name) <= 2 and "*" not in langs and language not in langs:
                        continue
                    ent = self.entities[self._cjk[name]]
                    if all(e <= x.start or s >= x.end for x in mentions):
                        mentions.append(Mention(ent, s, e, text[s:e]))
        return self._with_implied(sorted(mentions, key=lambda m: m.start))

    def _with_implied(self, mentions: list[Mention]) -> list[Mention]:
        out = []
        for m in mentions:
            out.append(m)
            country = self.implied.get(m.entity.id)
            if country and country in self.entities:
                out.append(Mention(self.entities[country], m.start, m.end, m.text))
        return out

    def _word(self, word: str) -> _Word:
        """What matching needs to know about one word, computed once per distinct word (bounded memo)."""
        info = self._words.get(word)
        if info is not None:
            return info
        key = token_key(word)
        hit = self._one_word_hit(word, key)
        if hit is None and len(word) >= 3 and word.endswith(_HANGUL_DESIGNATORS) and _script(word[0]) == "HANGUL":
            hit = self._one_word_hit(word, match_key(word))  # "경기도" itself, its "도" no particle
        stem = _stem_key((key,))[0]
        initial = word[0]
        cased_lower = initial.lower() != initial.upper() and not initial.isupper()
        first_known = key in self._first_tokens or stem in self._first_tokens
        # only a capitalised (or caseless) word of four letters or more can start a skeleton match
        may_guess = initial.isalpha() and not cased_lower and len(key) >= 4
        sk = skeleton(word) if may_guess else None
        info = _Word(
            key=key,
            stem=stem,
            first_known=first_known,
            # a lower-case word that starts no longer name: only the word itself can be one
            alone=not first_known and cased_lower,
            hit=hit,
            capitalised=_capitalised(word),
            # a run of words has the skeleton of its first word, then more: no such name starts otherwise
            guessable=sk is not None and sk in self._skeleton_prefixes,
            alpha=any(c.isalpha() for c in word),
            known=(key,) in self._index,
            skeleton=sk,
            text=word,
            script=_script(initial),
        )
        if len(self._words) >= _WORD_MEMO:
            self._words.clear()
        self._words[word] = info
        return info

    def _in_longer_name(
        self, text: str, words: list[_Word], spans: list[tuple[int, int]], i: int, nouns_capitalised: bool
    ) -> bool:
        """Whether word ``i`` stands next to another capitalised word of no known name (see :meth:`find`)."""

        def name_word(j: int) -> bool:
            w = words[j]
            if not (w.alpha and w.capitalised and w.text[:1].isupper()):
                return False
            if text[min(spans[j][1], spans[i][1]) : max(spans[j][0], spans[i][0])].strip():
                return False  # punctuation between
            return w.hit is None or w.hit in self.bulk  # a curated name next to it ("Berlin Brandenburg") is apart

        if i + 1 < len(words) and name_word(i + 1):
            return True
        if i > 0 and name_word(i - 1):
            if nouns_capitalised and i > 1 and words[i - 2].text[:1].islower():
                return text[spans[i - 2][1] : spans[i - 1][0]].strip() != ""  # "der Stadt Bremerhaven"
            return True
        return False

    def _find_spaced(self, text: str, start: int, end: int, nouns_capitalised: bool = False) -> list[Mention]:
        memo, word_info = self._words, self._word
        words = [memo.get(w) or word_info(w) for w in _TOKEN.findall(text, start, end)]
        # a lower-case word that starts no longer name and names nothing alone is passed over at once
        candidates = [i for i, w in enumerate(words) if not w.alone or w.hit is not None]
        if not candidates:
            return []
        spans = [m.span() for m in _TOKEN.finditer(text, start, end)]
        out: list[Mention] = []
        entities = self.entities
        position = 0  # next index into candidates
        i = -1
        while position < len(candidates):
            if candidates[position] < i:
                position += 1
                continue
            i = candidates[position]
            position += 1
            info = words[i]
            if info.alone:
                if info.hit is not None and not (
                    info.hit in self.bulk and self._in_longer_name(text, words, spans, i, nouns_capitalised)
                ):
                    s, e = spans[i]
                    out.append(Mention(entities[info.hit], s, e, text[s:e]))
                i += 1
                continue
            hit = None
            if info.first_known:
                hit = self._window_hit(words, i)
            if hit is None and info.hit is not None:
                hit = (1, info.hit)  # the word alone ("Chinas": a stemmed one-word name needs six letters)
            if hit is None and info.guessable:
                hit = self._skeleton_hit(words, i)
            if (
                hit is not None
                and hit[0] == 1
                and hit[1] in self.bulk
                and self._in_longer_name(text, words, spans, i, nouns_capitalised)
            ):
                hit = None
            if hit is not None:
                n, entity_id = hit
                s = spans[i][0]
                e = _name_end(text, spans[i + n - 1][0], spans[i + n - 1][1])
                out.append(Mention(entities[entity_id], s, e, text[s:e]))
                i += n
            else:
                i += 1
        return out

    def _add_prefixes(self, key: tuple[str, ...]) -> None:
        for k in range(1, len(key) + 1):
            self._prefixes.add(key[:k])
            self._stem_prefixes.add(key[:k])  # a stemmed window is looked up among the exact keys too

    def _window_hit(self, words: list[_Word], i: int) -> tuple[int, str] | None:
        """The longest name of two words or more that starts at word ``i`` (exact, else inflected)."""
        limit = min(_MAX_WINDOW, len(words) - i)
        exact: list[tuple[str, ...]] = []  # keys of the windows that are still a prefix of some name
        stemmed: list[tuple[str, ...]] = []
        key: tuple[str, ...] = ()
        for w in words[i : i + limit]:
            key = (*key, w.key)
            if key not in self._prefixes:
                break
            exact.append(key)
        key = ()
        for w in words[i : i + limit]:
            key = (*key, w.stem)
            if key not in self._stem_prefixes:
                break
            stemmed.append(key)
        # a longer window is no name: every name (and every inflected one) is among the prefixes
        capitalised = words[i].capitalised
        for n in range(max(len(exact), len(stemmed)), 1, -1):
            if n <= len(exact):
                key = exact[n - 1]
                entity_id = self._index.get(key)
                if entity_id is not None:
                    if key in self._proper and not capitalised:
                        continue  # "hiến pháp" (constitution) is not "Pháp" (France)
                    if entity_id in self.bulk and key in self._cased_tail and not words[i + n - 1].capitalised:
                        continue  # "Hòa bình" (peace) is not "Hòa Bình" (the province); "Кировской области" is
                    return n, entity_id
            if capitalised and n <= len(stemmed):
                stem = stemmed[n - 1]
                target = self._stemmed.get(stem) or self._index.get(stem)
                if target and any(w.stem != w.key for w in words[i : i + n]):
                    return n, target  # "Weißen Hauses"
        return None

    def _one_word_hit(self, word: str, key_token: str) -> str | None:
        """The entity a single word names by itself (what the window search finds for a one-word window)."""
        key = (key_token,)
        if key in self._index:
            if key in self._proper and not _capitalised(word):
                return None
            bare = word[m.end() :] if (m := _ELISION.match(word)) else word  # "l'ONU"
            if key_token in self._acronyms and not bare.isupper() and bare.lower() != bare.upper():
                return None  # "Un dirigente" is not the UN, "Who" starting a sentence not the WHO
            if key_token in self._inflected and key_token not in self._bare and match_key(word) == key_token:
                return None  # "Хан" is no form of "Ханой", "Сан" none of "Сана"
            return self._index[key]
        if _capitalised(word):
            stemmed = _stem_key(key)
            target = self._stemmed.get(stemmed) or self._index.get(stemmed)
            if target and stemmed != key and len(key[0]) >= 6:
                return target
        return None

    def _skeleton_hit(self, words: list[_Word], i: int) -> tuple[int, str] | None:
        """A name of another script met by its consonant skeleton, over up to three words from ``i``.

        Only capitalised words (or words of scripts without case) of four letters or more start one.
        The skeleton of a run of words is that of its words joined, runs of one consonant collapsed.
        """
        for n in range(min(3, len(words) - i), 0, -1):
            window = words[i : i + n]
            if not all(w.alpha for w in window):
                continue
            if any(w.known for w in window):
                continue  # a guess never swallows a known name ("الإجمالي لروسيا" is not "Kamala Harris")
            sk = window[0].sound()
            for w in window[1:]:
                piece = w.sound()
                sk += piece[1:] if sk and piece and sk[-1] == piece[0] else piece
            entity_id, scripts = self._skeletons.get(sk, ("", frozenset()))
            # only across scripts: within one script the exact keys already had their chance
            if len(sk) >= 5 and entity_id and words[i].script not in scripts:
                return n, entity_id
        return None


@lru_cache(maxsize=200_000)
def _stem_key(key: tuple[str, ...]) -> tuple[str, ...]:
    """Latin tokens without one inflectional ending ("hauses" -> "haus", "weißen" -> "weiß")."""
    out = []
    for token in key:
        if len(token) >= 5 and token.isalpha() and _script(token[0]) == "LATIN":
            for ending in _LATIN_ENDINGS:
                if token.endswith(ending) and len(token) - len(ending) >= 4:
                    token = token[: -len(ending)]
                    break
        out.append(token)
    return tuple(out)


@lru_cache(maxsize=200_000)
def _capitalised(word: str) -> bool:
    """True when the word starts with an upper-case letter, or its script has no case."""
    elided = _ELISION.match(word)
    if elided:
        word = word[elided.end() :]  # "l'Ucraina" is written with a capital
    first = next((c for c in word if c.isalpha()), "")
    return not first or first.isupper() or first.lower() == first.upper()


def match_key_same_length(text: str) -> str:
    """Lowercase without changing length (for substring offsets in CJK text)."""
    if "Σ" not in text:  # str.lower() is per character but for the final sigma, and keeps length but for "İ"
        low = text.lower()
        if len(low) == len(text):
            return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def slug(name: str) -> str:
    """A readable id for a new entity name."""
    key = match_key(name)
    ascii_key = re.sub(r"[^a-z0-9]+", "-", anyascii(key).lower()).strip("-")
    return ascii_key or "entity"
