"""Per-language word lists: CLDR-derived names from dateparser's and Babel's data, plus our supplement.

Month and weekday names, unit words, "last month"/"this year" phrases and "N years ago" patterns
come from the CLDR data that ships inside ``dateparser`` (and Babel for month-name forms). What CLDR
lacks — attribution cues, anchored-duration phrasings, number words, page-chrome cues — lives in one
JSON file per language under ``timeline/extract/languages/``. Adding a language = adding that file
(and dateparser already knows its calendar words).
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from timeline.extract.textnorm import fold_pattern, fold_same_length

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
UNITS = ["year", "month", "week", "day"]
_RELATIVE_KEY = re.compile(r"^(?:in )?(\d+) (year|month|week|day)(?: ago)?$")


@dataclass
class Lexicon:
    """Everything the extractor knows about one language."""

    code: str
    spaced: bool = True
    rtl: bool = False
    date_order: str = "DMY"
    months: dict[str, int] = field(default_factory=dict)
    month_stems: dict[str, int] = field(default_factory=dict)  # Cyrillic stems taking any short ending
    months_capitalised: bool = False  # CLDR writes month names with a capital (en, de, id, ...)
    weekdays: dict[str, int] = field(default_factory=dict)
    weekdays_short: dict[str, int] = field(default_factory=dict)  # only counted after a weekday prefix
    weekday_abbreviations: frozenset[str] = frozenset()  # CLDR's: "sam", "土", "금", "пт" (folded, no dot)
    units: dict[str, str] = field(default_factory=dict)
    relative: dict[str, tuple[int, str]] = field(default_factory=dict)
    ago_patterns: list[tuple[str, str, int]] = field(default_factory=list)  # (regex with (\d+), unit, sign)
    number_words: dict[str, int] = field(default_factory=dict)
    supplement: dict[str, Any] = field(default_factory=dict)
    _folded: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _regexes: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)

    def words(self, key: str) -> list[str]:
        """A list-valued supplement entry, folded for matching (computed once per key)."""
        if key not in self._folded:
            self._folded[key] = [fold_same_length(v) for v in self.supplement.get(key) or []]
        return self._folded[key]

    def word_regex(self, key: str) -> re.Pattern[str]:
        """One compiled alternation of a word list, bounded by non-word characters."""
        if key not in self._regexes:
            words = sorted({w for w in self.words(key) if w}, key=len, reverse=True)
            body = "|".join(re.escape(w) for w in words) or r"(?!x)x"
            self._regexes[key] = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
        return self._regexes[key]

    def prefix_regex(self, key: str) -> re.Pattern[str]:
        """Like :meth:`phrase_regex`, but a word of the list need only start a word of the text, so a
        stem matches its inflected forms ("отверг" in "отвергли") and "nie" still not "Occitanie"."""
        cache_key = "prefix:" + key
        if cache_key not in self._regexes:
            words = sorted({w for w in self.words(key) if w}, key=len, reverse=True)
            body = "|".join(re.escape(w) for w in words) or r"(?!x)x"
            self._regexes[cache_key] = re.compile(rf"(?<!\w)(?:{body})" if self.spaced else body)
        return self._regexes[cache_key]

    def phrase_regex(self, key: str) -> re.Pattern[str]:
        """Like :meth:`word_regex` where the language spaces its words; in Chinese and Japanese, which
        do not, the phrases match anywhere ("该国", "同社", "将于")."""
        if self.spaced:
            return self.word_regex(key)
        cache_key = "phrase:" + key
        if cache_key not in self._regexes:
            words = sorted({w for w in self.words(key) if w}, key=len, reverse=True)
            self._regexes[cache_key] = re.compile("|".join(re.escape(w) for w in words) or r"(?!x)x")
        return self._regexes[cache_key]

    def pattern_regex(self, key: str, patterns: list[str] | None = None) -> re.Pattern[str]:
        """One compiled alternation of regex patterns (the supplement's list ``key``, or ``patterns``
        cached under ``key``), folded like the text. Where the language spaces its words the match
        starts at a word boundary and ends at one, unless ``particles_follow_nouns`` (Korean: "구단은")
        says a particle may be written onto its end."""
        cache_key = "patterns:" + key
        if cache_key not in self._regexes:
            listed = patterns if patterns is not None else self.supplement.get(key) or []
            body = "|".join(f"(?:{fold_pattern(p)})" for p in listed if p) or r"(?!x)x"
            if self.spaced:
                end = "" if self.supplement.get("particles_follow_nouns") else r"(?!\w)"
                body = rf"(?<!\w)(?:{body}){end}"
            self._regexes[cache_key] = re.compile(body)
        return self._regexes[cache_key]


def supported_languages() -> list[str]:
    """Language codes that have a supplement file (fully supported)."""
    folder = resources.files("timeline.extract") / "languages"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def _load_supplement(code: str) -> dict[str, Any]:
    path = resources.files("timeline.extract") / "languages" / f"{code}.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _dateparser_info(code: str) -> dict[str, Any]:
    try:
        module = importlib.import_module(f"dateparser.data.date_translation_data.{code}")
    except ImportError:
        return {}
    return dict(module.info)


def _months_capitalised(code: str) -> bool:
    try:
        from babel.dates import get_month_names

        names = list(get_month_names("wide", "format", code).values())
    except Exception:
        return False
    return bool(names) and all(n[:1].isupper() for n in names)


def _babel_weekday_abbreviations(code: str) -> frozenset[str]:
    try:
        from babel.dates import get_day_names

        return frozenset(
            fold_same_length(name.strip("."))
            for width in ("abbreviated", "short")
            for context in ("format", "stand-alone")
            for name in get_day_names(width, context, code).values()
        )
    except Exception:
        return frozenset()


def _babel_month_names(code: str) -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        from babel.dates import get_month_names

        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, code).items():
                    if len(name.strip(".")) >= 3 or not name.isascii():
                        out[fold_same_length(name.strip("."))] = int(number)
    except Exception:
        pass
    return out


_CYRILLIC_ENDINGS = ("ень", "ня", "ий", "ого", "ь", "я", "а", "і", "е", "й")


def _cyrillic_stem(form: str) -> str | None:
    """The stem of a Cyrillic month name ("вересня" -> "вересн"), or None for other scripts."""
    if not form or not ("\u0400" <= form[0] <= "\u04ff") or len(form) < 4 or " " in form:
        return None
    for ending in _CYRILLIC_ENDINGS:
        if form.endswith(ending) and len(form) - len(ending) >= 3:
            return form[: -len(ending)]
    return None


def _add_case_forms(lex: Lexicon, case_endings: dict[str, list[str]]) -> None:
    """Add to ``lex.months`` the case forms of every month name ending with a key of ``case_endings``
    (``month_case_endings``: a genitive ending -> the endings of its other cases, "я" -> "і", "ю", "ем"):
    "квітня" gives "квітні" and "квітнем", but no bare stem matches "квітка" or "трава"."""
    keys = sorted(case_endings, key=len, reverse=True)
    for form, number in list(lex.months.items()):
        for key in keys:
            if form.endswith(key) and len(form) - len(key) >= 3:
                stem = form[: -len(key)]
                for ending in case_endings[key]:
                    lex.months.setdefault(fold_same_length(stem + ending), number)
                break


@lru_cache(maxsize=64)
def lexicon(code: str) -> Lexicon:
    """The lexicon for ``code`` (cached). Unknown languages get an empty but usable lexicon."""
    info = _dateparser_info(code)
    sup = _load_supplement(code)
    lex = Lexicon(code=code, supplement=sup)
    lex.spaced = bool(sup.get("spaces", not info.get("no_word_spacing", False)))
    lex.rtl = bool(sup.get("rtl", False))
    order = sup.get("date_order") or info.get("date_order") or "DMY"
    lex.date_order = order if order in ("DMY", "MDY", "YMD") else "DMY"
    lex.months_capitalised = _months_capitalised(code)
    for number, name in enumerate(MONTHS, start=1):
        for form in info.get(name, []):
            form = fold_same_length(form.strip("."))
            # very short abbreviations ("th 6", "mar") collide with ordinary words in running text
            if len(form) >= 3 or not form.isascii():
                lex.months[form] = number
    for form, number in _babel_month_names(code).items():
        lex.months.setdefault(form, number)
    for form, number in (sup.get("month_forms") or {}).items():  # case forms CLDR lacks: Russian "мае"
        lex.months.setdefault(fold_same_length(form), int(number))
    case_endings = sup.get("month_case_endings")
    if case_endings:  # the case forms of each month, from its genitive ("квітня" -> "квітні", "квітнем")
        _add_case_forms(lex, case_endings)
    else:  # a stem taking any short ending
        for form, number in list(lex.months.items()):
            stem = _cyrillic_stem(form)
            if stem:
                lex.month_stems.setdefault(stem, number)
    for number, name in enumerate(WEEKDAYS):
        forms = [fold_same_length(f.strip(".")) for f in info.get(name, [])]
        for form in forms:
            if len(form) >= 4 or (not form.isascii() and len(form) >= 2):
                # a form that is the start of a longer one ("segunda" of "segunda-feira") is often an
                # ordinary word ("second"): it counts only after a weekday prefix ("na segunda")
                short = any(other != form and other.startswith(form) for other in forms)
                (lex.weekdays_short if short else lex.weekdays)[form] = number
    lex.weekday_abbreviations = _babel_weekday_abbreviations(code)
    for unit in UNITS:
        for form in [*info.get(unit, []), *(sup.get("unit_words") or {}).get(unit, [])]:
            form = fold_same_length(form.strip("."))
            if len(form) >= 2 or not form.isascii():
                lex.units[form] = unit
    for key, phrases in info.get("relative-type", {}).items():
        m = _RELATIVE_KEY.match(key)
        if not m:
            continue
        amount = int(m.group(1))
        sign = 1 if key.startswith("in ") else -1
        for phrase in phrases:
            if len(phrase) >= 3 or not phrase.isascii():
                lex.relative[fold_same_length(phrase)] = (sign * amount, m.group(2))
    for key, phrases in sup.get("relative_extra", {}).items():
        m = _RELATIVE_KEY.match(key)
        if m:
            sign = 1 if key.startswith("in ") else -1
            for phrase in phrases:
                lex.relative[fold_same_length(phrase)] = (sign * int(m.group(1)), m.group(2))
    for key, patterns in info.get("relative-type-regex", {}).items():
        m = re.match(r"^(in )?\\1 (year|month|week|day)( ago)?$", key)
        if not m:
            continue
        sign = 1 if m.group(1) else -1
        if sign > 0:
            continue  # "in 20 years" is as often a span ("the lowest in 20 years", "em 3 dias") as a date ahead
        for pattern in patterns:
            simple = fold_pattern(pattern.replace(r"(\d++[.,]?\d*+)", "(?P<n>\\d+)"))
            before, _, after = (part.strip() for part in simple.partition("(?P<n>\\d+)"))
            if (not before and after in lex.units) or re.fullmatch(r"[a-z]", after):
                continue  # no "ago" word ("3 minggu" is three weeks) or a lone letter ("il y a 3 m" of snow)
            lex.ago_patterns.append((simple, m.group(2), sign))
    for item in info.get("simplifications", []) or []:
        for word, value in item.items():
            if re.fullmatch(r"\d+", str(value)) and re.fullmatch(r"[\w'’ʼ]+", word):
                lex.number_words[fold_same_length(word)] = int(value)
    for word, value in (sup.get("number_words") or {}).items():
        lex.number_words[fold_same_length(word)] = int(value)
    return lex
