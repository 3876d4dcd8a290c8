"""Temporal expressions: candidate detection by our own per-language rules, then resolution.

Candidates come from patterns built from the language's lexicon (CLDR month/weekday/unit names,
relative phrases, anchored-duration templates). Resolution turns a candidate into a half-open
interval against the document creation time (DCT); without a DCT, relative and partial dates stay
unresolved (their text is kept). Numbers with thousands or decimal separators never match a date
pattern: only ``/`` makes an unprefixed day-month pair, and ``.``/``-`` need a year or a cue word.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from timeline.domain.model import Interval, TimeExpression
from timeline.extract.lexicon import Lexicon, lexicon
from timeline.extract.prefilter import literal_filter
from timeline.extract.textnorm import fold_pattern, fold_same_length

_RANGE_CONNECTORS = [
    "đến",
    "tới",
    "to",
    "until",
    "till",
    "through",
    "sampai",
    "hingga",
    "до",
    "по",
    "إلى",
    "bis",
    "au",
    "al",
    "a",
    "até",
    "-",
    "–",
    "—",
    "~",
    "〜",
]
_PAIR_CONNECTORS = [
    *_RANGE_CONNECTORS,
    "and",
    "và",
    "dan",
    "и",
    "і",
    "та",
    "et",
    "y",
    "e",
    "und",
    "o",
    "or",
    "ou",
    "hoặc",
    "atau",
    "или",
    "або",
    "و",
    "a",
]
_PARTICLES_FOLLOW = {"ko"}  # languages whose case particles are written attached to the word
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
# every pattern of these kinds has a digit it cannot do without
_NEEDS_DIGIT = frozenset(
    {
        "iso",
        "numeric_full",
        "cjk",
        "cjk_day",
        "day_month",
        "month_day",
        "month_year",
        "year",
        "partial_slash",
        "partial_dash",
        "partial_range",
        "quarter_latin",
        "half_latin",
    }
)
_YEAR = r"(?P<y>(?:1[89]|2[01])\d\d)"
# what every match of a pattern of these kinds holds, read off the patterns in _patterns below (a line
# without it is skipped: keep these in step with the patterns)
_SHAPES = {
    "iso": re.compile(r"\d-\d\d?-\d"),
    "numeric_full": re.compile(r"\d[./-]\d\d?[./-]\d"),
    "cjk": re.compile(r"\d\s*[月월]"),
    "cjk_day": re.compile(r"\d\s*[日일]"),
    "partial_slash": re.compile(r"\d/\d"),
    "partial_dash": re.compile(r"\d[-.]\d"),
    "partial_range": re.compile(r"\d[-/.]\d"),
    "year": re.compile(r"(?:1[89]|2[01])\d\d"),
    "month_year": re.compile(r"(?:1[89]|2[01])\d\d"),
    "quarter_latin": re.compile(r"q[1-4]"),
    "half_latin": re.compile(r"h[12]"),
}
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|\.|-го)?"


@dataclass(slots=True)
class Candidate:
    """A matched temporal expression before resolution."""

    start: int
    end: int
    kind: str
    y: int | None = None
    m: int | None = None
    d: int | None = None
    n: int | None = None
    unit: str | None = None
    weekday: int | None = None
    flags: list[str] = field(default_factory=list)
    priority: int = 0
    months: int | None = None  # length of a quarter (3) or half-year (6)
    pattern: str = ""  # the kind of pattern that found it ("day": a day of the month standing alone)
    direction: int = 0  # +1: the text itself says forward ("el próximo día 3"), -1: back ("le 12 dernier")
    range_end: bool = False  # it ends a range opened by the candidate before it ("4月から9月まで", "from May to June")
    fiscal_start: int = 1  # the first month of a fiscal year ("2024年度", flag "fiscal"): April in Japan


# what may stand right after a day of the month written alone ("le 12, ...", "the 27th that"), besides the
# words of the language's ``day_followers``
_PUNCT_AFTER = r"""$|[.,;:!?()\[\]»«"”“'—–\n]"""
_TILDES = str.maketrans(dict.fromkeys("〜～ー-", "~"))
_PERIOD_MONTHS = {"quarter": 3, "half": 6, "yearpart": 1}  # a year part: its end or start month


def _alt(words: list[str] | set[str] | dict[str, int]) -> str:
    alts = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts) + ")" if alts else r"(?!x)x"


@dataclass(frozen=True, slots=True)
class _Words:
    """Word lists of a language's day and period expressions, folded like the text."""

    day_words: dict[str, int]  # ordinal day words ("السادس" -> 6)
    month_offsets: dict[str, int]  # what fixes the month of a day: "of last month" -> -1, "الجاري" -> 0
    year_offsets: dict[str, int]  # what fixes the year of a period: "of last year" -> -1, "of the year" -> 0
    ordinals: dict[str, dict[str, int]]  # "quarter"/"half" -> "first" -> 1
    relative: dict[str, dict[str, int]]  # "quarter"/"half" -> "last quarter" -> -1 (in quarters)
    week_days: dict[str, int]  # weekday names after a named week ("三" of "上周三", "水曜日"), with the weekdays


# "上周", "先週", "지난주"; not "一週間前", "先週末", "이번 주 들어"
_PLAIN_WEEK = re.compile(r"^[^\d前末初入後后들]+$")


def _folded_map(raw: dict[str, Any] | None) -> dict[str, int]:
    return {_clean(fold_same_length(k)): int(v) for k, v in (raw or {}).items()}


@lru_cache(maxsize=64)
def _words(code: str) -> _Words:
    lex = lexicon(code)
    sup = lex.supplement
    months = {k: n for k, (n, unit) in lex.relative.items() if unit == "month"}
    years = {k: n for k, (n, unit) in lex.relative.items() if unit == "year"}
    return _Words(
        day_words=_folded_map(sup.get("day_ordinal_words")),
        month_offsets={**months, **_folded_map(sup.get("day_month_words"))},
        year_offsets={**years, **_folded_map(sup.get("period_year_words"))},
        ordinals={kind: _folded_map(sup.get(f"{kind}_ordinals")) for kind in _PERIOD_MONTHS},
        relative={kind: _folded_map(sup.get(f"{kind}_relative")) for kind in _PERIOD_MONTHS},
        week_days={**_folded_map(sup.get("week_day_names")), **lex.weekdays},
    )


@dataclass(frozen=True, slots=True)
class _Patterns:
    compiled: list[tuple[str, re.Pattern[str], int]]
    # per pattern, searches for what every match of it holds (literals, a shape); a line missing one is skipped
    filters: list[tuple[re.Pattern[str], ...]]
    needs_digit: list[bool]  # per pattern: no match without a digit (a line without one is skipped)


@lru_cache(maxsize=64)
def _patterns(code: str) -> _Patterns:
    lex = lexicon(code)
    b = r"(?<![\w])" if lex.spaced else ""
    e = r"(?![\w])" if lex.spaced else ""
    if lex.code in _PARTICLES_FOLLOW:
        e = r"(?![\dA-Za-z])"  # Korean particles attach to the word: "2018년에", "9월부터"
    if lex.rtl:  # Arabic-script clitics (wa-, fa-, bi-, li-) may be glued to the first word
        b = r"(?<![\w])(?:[وفبل](?=\S))?"
    month = _alt(lex.months)
    if lex.month_stems:  # inflected month names: "вересні", "сентябре"
        month = f"(?:{month}|{_alt(lex.month_stems)}[^\\W\\d_]{{0,3}})"
    month_g = rf"(?P<mon>{month})\.?(?:\s*/\s*[^\W\d_]+(?:\s+[^\W\d_]+)?)?"  # "سبتمبر/أيلول"
    year_pre = _alt(lex.words("year_prefixes"))
    year_suf = _alt(lex.words("year_suffixes"))
    month_pre = _alt(lex.words("month_prefixes"))
    wd_pre = _alt(lex.words("weekday_prefixes"))
    num_pre = _alt(lex.words("numeric_date_prefixes"))
    wd_suf = _alt(lex.words("weekday_suffixes"))
    units = _alt(lex.units)
    numwords = _alt(lex.number_words)
    sep_y = rf"(?:\s*,?\s*(?:(?:de|del|of)\s+)?(?:{year_pre}\s+)?{_YEAR}(?:\s*{year_suf})?)"
    pats: list[tuple[str, str, int]] = [
        ("iso", r"(?<![\d.])(?P<y>\d{4})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?![\d-])", 9),
        (
            "numeric_full",
            r"(?<![\d.,/-])(?P<a>\d{1,4})(?P<s>[./-])(?P<b>\d{1,2})(?P=s)(?P<c>\d{2,4})(?![\d.,/-]?\d)",
            8,
        ),
        ("cjk", r"(?:(?P<y>\d{4})\s*[年년]\s*)?(?<!\d)(?P<m>[01]?\d)\s*[月월](?:\s*(?P<d>[0-3]?\d)\s*[日일])?", 8),
        # "14日", "6일": a day of the month, the month being the DCT's (or the one before)
        (
            "cjk_day",
            # not a count of days: "猛暑日が16日" (16 hot days), "휴일이 3일" (3 holidays)
            r"(?<![日일][がはもを이가은는도]\s)(?<![日일][がはもを이가은는도])"
            r"(?<![\d.])(?P<d>[0-3]?\d)\s*[日일](?![間间간째당씩])(?!\s*(?:동안|간|間|间|あたり|当たり|ぶり|連続|以上|분))",
            3,
        ),
        # (the day is a number of its own: "14월" is no "1" + "4월")
        ("day_month", rf"{b}(?:{num_pre}\s+)?{_DAY}(?!\d)\s*(?:de\s+|of\s+)?{month_g}{sep_y}?{e}", 7),
        ("month_day", rf"{b}{month_g}\s+{_DAY}{sep_y}?{e}", 6),
        (
            "month_year",
            rf"{b}(?:{month_pre}\s+)?{month_g}\s*(?:de\s+|of\s+)?,?\s*(?:{year_pre}\s+)?{_YEAR}(?:\s*{year_suf})?{e}",
            6,
        ),
        ("month", rf"{b}(?:{month_pre})\s+{month_g}{e}", 4),
        ("month_bare", rf"{b}{month_g}{e}", 2),
        # "de outubro a dezembro", "in May and August", "từ tháng 9 đến tháng 10": both are months
        ("month_pair", rf"{b}(?P<mon>{month})\s+(?:{_alt([*_PAIR_CONNECTORS, 'à'])})\s+(?P<mon2>{month}){e}", 3),
        ("year", rf"{b}(?:{year_pre})\s+{_YEAR}(?!\d)(?:\s*{year_suf})?{e}", 5),
        ("year", rf"(?<![\d.,]){_YEAR}\s*{year_suf}{e}", 5),
        ("partial_slash", r"(?<![\w.,/:-])(?P<a>[0-3]?\d)/(?P<b>[01]?\d)(?![\w/]|[.,:]\d)", 5),
        ("partial_dash", rf"{b}(?:{num_pre})\s+(?P<a>[0-3]?\d)[-.](?P<b>[01]?\d)(?![\w/-]|[.,:]\d)", 5),
        (
            "partial_range",
            rf"(?<=\d)\s*(?:{_alt(_RANGE_CONNECTORS)})\s*(?P<a>[0-3]?\d)[-/.](?P<b>[01]?\d)(?![\w/-]|[.,:]\d)",
            3,
        ),
        # ``relative_stop``: what may not follow ("the last year of his presidency" is no "last year")
        (
            "relative",
            rf"{b}(?P<rel>{_alt(lex.relative)}){e}{fold_pattern(lex.supplement.get('relative_stop') or '')}",
            5,
        ),
        # "Dienstagmorgen", "Freitagabend": a weekday with the part of the day written on (``weekday_suffixes``)
        ("weekday", rf"{b}(?:{wd_pre}\s+)?(?P<wd>{_alt(lex.weekdays)})(?:{wd_suf})?{e}", 4),
        ("weekday", rf"{b}(?:{wd_pre})\s+(?P<wd>{_alt(lex.weekdays_short)}){e}", 4),
    ]
    if lex.supplement.get("week_then_weekday"):  # "上周三", "先週の水曜日", "지난주 수요일": a day of that week
        weeks = [k for k, (n, unit) in lex.relative.items() if unit == "week" and -1 <= n <= 1 and _PLAIN_WEEK.match(k)]
        days = list(_words(lex.code).week_days)
        pats.append(("week_day", rf"{b}(?P<wk>{_alt(weeks)})\s*(?:の\s*)?(?P<wd>{_alt(days)}){e}", 6))
    num = rf"(?P<n>\d{{1,3}}|{numwords})"
    for template in lex.supplement.get("past_duration_patterns", []):
        # {one}: a template without a number counts one unit ("over the past year", "nell'ultimo anno")
        # {decade}: ten years ("over the past decade", "en la última década"), where it is its own word
        body = fold_pattern(template).replace("{num}", num).replace("{one}", "(?P<one>)")
        body = body.replace("{unit}", rf"(?P<u>{units})").replace("{decade}", "(?P<ten>)")
        pats.append(("duration", rf"{b}{body}{e}", 7))
    if lex.ago_patterns:
        # one pattern for all "N units ago" forms (alternative i is group a{i}, its number n{i}); "dua tahun
        # lalu" (two years ago) must not read as "tahun lalu" (last year): numbers in words too
        alternatives = [
            f"(?P<a{i}>" + pattern.replace("(?P<n>\\d+)", rf"(?P<n{i}>\d+|{numwords})") + ")"
            for i, (pattern, _unit, _sign) in sorted(enumerate(lex.ago_patterns), key=lambda x: -len(x[1][0]))
        ]
        # not "3年前後" (about three years), nor what the language's ``ago_stop`` rules out ("قبل 3 أيام من
        # الانتخابات", three days before the vote: counted from another event, not from the DCT)
        ago_stop = fold_pattern(lex.supplement.get("ago_stop") or "")
        pats.append(("ago", rf"{b}(?:{'|'.join(alternatives)}){e}(?![後后]){ago_stop}", 6))
    # the month a trailing period ends with, perhaps with its year: "November 2024", "2024年11月"
    month_y = rf"(?:(?P<y>(?:1[89]|2[01])\d\d)\s*[年년]\s*)?(?P<mon>{month}){sep_y.replace('(?P<y>', '(?P<y2>')}?"
    for template in lex.supplement.get("trailing_period_patterns", []):
        # "in the 12 months to November", "nos 12 meses encerrados em novembro": N units ending with a month
        body = fold_pattern(template).replace("{num}", num).replace("{one}", "(?P<one>)")
        body = body.replace("{unit}", rf"(?P<u>{units})").replace("{month}", month_y)
        pats.append(("trailing", rf"{b}{body}{e}", 8))
    pats += _day_patterns(lex, b, e)
    pats += _period_patterns(lex, b, e, year_pre, year_suf)
    compiled, needs_digit = [], []
    for kind, pattern, priority in pats:
        try:
            compiled.append((kind, re.compile(pattern), priority))
        except re.error:
            continue  # a malformed data pattern must not break extraction
        needs_digit.append(kind in _NEEDS_DIGIT or (kind == "day" and "(?P<dw>" not in pattern))
    filters = [
        tuple(f for f in (_SHAPES.get(kind), literal_filter(rx)) if f is not None) for kind, rx, _priority in compiled
    ]
    return _Patterns(compiled, filters, needs_digit)


def _day_patterns(lex: Lexicon, b: str, e: str) -> list[tuple[str, str, int]]:
    """A day of the month written alone: "the 27th", "le 12 dernier", "no dia 15", "12-го числа".

    From the language's ``day_patterns``, templates where ``{day}`` is the day (digits, or a word of
    ``day_ordinal_words``), ``{month_rel}`` a phrase fixing its month ("of last month", "الشهر
    الجاري"), ``{follow}`` asks for punctuation, the end of the line or a word of ``day_followers`` next
    (not a noun: "the 3rd round", "il 9 per cento"), and ``{lower}`` asks the original text for a
    lower-case word next (German: "am 12. wurde", not "am 3. Spieltag"). Named groups ``fut`` and
    ``past`` mark words that point forward or back ("el próximo día 3", "il 12 scorso"). No match is
    followed by a number: "the 3rd, 4th and 5th floors", "am 12. und 13. Mai", "le 12-13".
    """
    templates = lex.supplement.get("day_patterns") or []
    if not templates:
        return []
    words = _words(lex.code)
    day = r"(?P<d>[0-3]?\d)(?!\d|[.,:/]\d)"
    if words.day_words:
        day = rf"(?:{day}|(?P<dw>{_alt(words.day_words)}))"
    month_rel = rf"(?P<mrel>{_alt(words.month_offsets)})"
    follow = rf"(?=\s*(?:{_PUNCT_AFTER}|{_alt(lex.words('day_followers'))}(?!\w)))"
    # "il 9, il 10 e l'11 giugno", "the 3rd, 4th": a list or range of numbers, perhaps behind short words
    no_list = rf"(?!\s*%|\s*(?:[,/&+]|{_alt(_PAIR_CONNECTORS)})\s*(?:[^\W\d]{{1,4}}'?\s*){{0,2}}\d)"
    out = []
    for template in templates:
        body = fold_pattern(template)
        holes = {"{day}": day, "{month_rel}": month_rel, "{follow}": follow, "{lower}": "(?P<lower>)"}
        for key, value in holes.items():
            body = body.replace(key, value)
        out.append(("day", rf"{b}{body}{no_list}{e}", 5))
    return out


def _period_patterns(lex: Lexicon, b: str, e: str, year_pre: str, year_suf: str) -> list[tuple[str, str, int]]:
    """Quarters and half-years: "Q1 2025" in every language, and the language's ``quarter_patterns`` and
    ``half_patterns`` ("au premier trimestre", "1분기", "上半年"): templates where ``{ord}`` is a word of
    ``quarter_ordinals``/``half_ordinals`` and ``{year}`` a year ("2025", "2025年") or a phrase of the
    relative years or ``period_year_words`` ("of last year", "of the year"). ``quarter_relative`` and
    ``half_relative`` are counted from the DCT's own period ("last quarter" -> -1)."""
    words = _words(lex.code)
    year = rf"(?:(?:{year_pre}\s+)?{_YEAR}(?:\s*{year_suf})?|(?P<yr>{_alt(words.year_offsets)}))"
    out = []
    for kind, letter, top in (("quarter", "q", 4), ("half", "h", 2), ("yearpart", "", 0)):
        if letter:  # "Q1 2025", "Q3/2024", "2025 Q1", "2025年Q1": the Latin notation, in every language
            year_first = r"(?P<y2>(?:1[89]|2[01])\d\d)(?:\s*[年년])?\s*[/-]?\s*"
            year_after = rf"\s*[/-]?\s*{_YEAR}(?!\d)"
            body = rf"(?<![a-z0-9.,/-])(?:{year_first})?{letter}(?P<o>[1-{top}])(?(y2)(?![a-z0-9])|{year_after})"
            out.append((f"{kind}_latin", body, 7))
        ordinal = rf"(?P<o>{_alt(words.ordinals[kind])})"
        for template in lex.supplement.get(f"{kind}_patterns") or []:
            body = fold_pattern(template).replace("{ord}", ordinal).replace("{year}", year)
            out.append((kind, rf"{b}{body}{e}", 6))
        if words.relative[kind]:
            stop = fold_pattern(lex.supplement.get("period_relative_stop") or "")
            out.append((kind, rf"{b}(?P<rel>{_alt(words.relative[kind])}){e}{stop}", 5))
    return out


def _order_dm(lex: Lexicon, a: int, b: int) -> tuple[int, int, list[str]]:
    """Day and month of a numeric pair by the locale's order; flag it when both readings are valid."""
    flags = ["ambiguous_day_month"] if a <= 12 and b <= 12 and a != b else []
    if lex.date_order == "MDY":
        return b, a, flags
    return a, b, flags


def find_candidates(
    folded: str, lex: Lexicon, regions: list[tuple[int, int]], text: str | None = None
) -> list[Candidate]:
    """Every non-overlapping candidate inside ``regions`` (best match wins where they overlap).

    With the original ``text``, a capitalised month name standing alone ("attempts in May and
    August") counts too, in languages that capitalise month names.
    """
    found: list[Candidate] = []
    pats = _patterns(lex.code)
    lo, hi = min((a for a, _ in regions), default=0), max((b for _, b in regions), default=0)
    anywhere: dict[re.Pattern[str], bool] = {}  # filter -> whether the text holds one of its literals at all
    active = []  # the patterns whose filters all find something somewhere in the text (searched once each)
    for (kind, rx, priority), filters, needs_digit in zip(pats.compiled, pats.filters, pats.needs_digit, strict=True):
        if kind == "month_bare" and (text is None or not lex.months_capitalised):
            continue
        possible = True
        for needed in filters:
            if needed not in anywhere:
                anywhere[needed] = needed.search(folded, lo, hi) is not None
            if not anywhere[needed]:
                possible = False
                break
        if possible:
            active.append((kind, rx, priority, filters, needs_digit))
    for start, end in regions:
        digits = _DIGIT.search(folded, start, end) is not None
        present: dict[re.Pattern[str], bool] = {}  # patterns share filters (month names): one search each
        for kind, rx, priority, filters, needs_digit in active:
            if not digits and needs_digit:
                continue  # these patterns cannot match a line without a digit
            has = True
            for needed in filters:  # nor a line without what every match of the pattern holds
                has = present.get(needed)
                if has is None:
                    has = present[needed] = needed.search(folded, start, end) is not None
                if not has:
                    break
            if not has:
                continue
            for m in rx.finditer(folded, start, end):
                if kind == "month_bare" and not _standalone_month(text or "", m, start):
                    continue
                if kind == "day" and m.groupdict().get("lower") is not None and not _lower_next(text, m.end("lower")):
                    continue  # "am 3. Spieltag": an ordinal before a noun
                if kind == "month_pair":
                    for group in ("mon", "mon2"):
                        number = _month_number(lex, m.group(group))
                        if number is not None:
                            found.append(Candidate(m.start(group), m.end(group), "month", m=number, priority=priority))
                    continue
                if kind == "weekday" and _weekday_is_unit(folded, m, lex):
                    continue  # "3 minggu", "minggu lalu": a week, not Sunday
                if kind == "relative" and _day_named(folded, m, lex):
                    continue  # "hari Minggu lalu": last Sunday, not last week
                cand = _candidate(kind, m, lex, priority)
                if cand is not None and cand.kind == "quarter" and cand.y is None and _in_a_game(folded, cand, lex):
                    continue  # "40 points in the fourth quarter": a quarter of a game, not of the year
                if cand is not None and cand.end > cand.start:
                    found.append(cand)
    found.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    chosen: list[Candidate] = []
    for c in found:
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


_GAME_WINDOW = 80  # characters on either side of a quarter in which a word of a game may stand


def _in_a_game(folded: str, c: Candidate, lex: Lexicon) -> bool:
    """True when a word of a game (``game_words``: "points", "scored", "minutes", "Spiel") stands in the
    sentence of a quarter that names no year, nearer to it than any word of the year's accounts
    (``fiscal_words``: "earnings", "revenue", "fiscal", "GDP"): "40 points in the fourth quarter" is a
    quarter of a game, "earnings in the fourth quarter beat forecasts as the firm scored" one of the year."""
    if not lex.supplement.get("game_words"):
        return False
    sentence_start = max(folded.rfind(".", 0, c.start), folded.rfind("\n", 0, c.start), c.start - _GAME_WINDOW)
    ends = [i for i in (folded.find(".", c.end), folded.find("\n", c.end)) if i >= 0]
    lo, hi = sentence_start + 1, min([*ends, c.end + _GAME_WINDOW])

    def nearest(key: str) -> int | None:
        distances = [
            c.start - m.end() if m.end() <= c.start else m.start() - c.end
            for m in lex.pattern_regex(key).finditer(folded, lo, hi)
            if m.end() <= c.start or m.start() >= c.end
        ]
        return min(distances, default=None)

    game = nearest("game_words")
    if game is None:
        return False
    fiscal = nearest("fiscal_words") if lex.supplement.get("fiscal_words") else None
    return fiscal is None or game < fiscal


@lru_cache(maxsize=64)
def _unit_context(code: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """What before (a number, a word of ``weekday_unit_before``) or after (``weekday_unit_after``) a weekday
    name that is also a unit word makes it count weeks, and what before it keeps it a day
    (``weekday_day_words``)."""
    lex = lexicon(code)
    unit_before = "|".join(f"(?:{fold_pattern(p)})" for p in lex.supplement.get("weekday_unit_before") or [])
    before = rf"(?<!\w)(?:\d+|{_alt(lex.number_words)}{'|' + unit_before if unit_before else ''})\s+$"
    after = "|".join(f"(?:{fold_pattern(p)})" for p in lex.supplement.get("weekday_unit_after") or []) or r"(?!x)x"
    day = rf"(?<!\w){_alt(lex.words('weekday_day_words'))}\s+$"
    return re.compile(before), re.compile(rf"\s+(?:{after})(?!\w)"), re.compile(day)


def _weekday_is_unit(folded: str, m: re.Match[str], lex: Lexicon) -> bool:
    """True when a weekday name that is also a unit word (Indonesian "minggu": Sunday and week) counts
    weeks: after a number ("3 minggu", "dua minggu") or a word of ``weekday_unit_before`` ("beberapa",
    "setiap"), or before a word of ``weekday_unit_after`` ("lalu", "depan", "kedua"), unless a word of
    ``weekday_day_words`` stands right before it ("hari Minggu lalu" is last Sunday)."""
    if _clean(m.group("wd")) not in lex.units:
        return False
    number_before, unit_after, day_before = _unit_context(lex.code)
    before = folded[max(0, m.start("wd") - 30) : m.start("wd")]
    if day_before.search(before):
        return False
    return number_before.search(before) is not None or unit_after.match(folded, m.end("wd")) is not None


def _day_named(folded: str, m: re.Match[str], lex: Lexicon) -> bool:
    """True when a relative phrase opens with a weekday name right after a word of ``weekday_day_words``
    ("hari Minggu lalu": the weekday's own word makes "Minggu" a day, not the week of "minggu lalu")."""
    if not lex.supplement.get("weekday_day_words"):
        return False
    first = m.group("rel").split()[0]
    _number, _after, day_before = _unit_context(lex.code)
    return first in lex.weekdays and day_before.search(folded, max(0, m.start() - 30), m.start()) is not None


def _standalone_month(text: str, m: re.Match[str], region_start: int) -> bool:
    """A bare month name written with a capital, long enough not to be a common word, not sentence-initial."""
    word = text[m.start() : m.end()]
    if len(word) < 4 or not word[:1].isupper():
        return False
    before = text[region_start : m.start()].rstrip()
    return bool(before) and before[-1] not in '.!?:"“«'


def _lower_next(text: str | None, at: int) -> bool:
    """The original text goes on with a lower-case word after ``at`` (German: not a noun)."""
    if text is None:
        return False
    rest = text[at : at + 40].lstrip()
    return bool(rest) and rest[0].isalpha() and rest[0].islower()


def _num(value: str, lex: Lexicon) -> int | None:
    if value.isdigit():
        return int(value)
    return lex.number_words.get(value.replace("’", "'").replace("ʼ", "'"))


def _candidate(kind: str, m: re.Match[str], lex: Lexicon, priority: int) -> Candidate | None:
    g = m.groupdict()
    s, e = m.start(), m.end()
    # trim whitespace captured at the edges
    while s < e and m.string[s].isspace():
        s += 1
    c = Candidate(s, e, kind, priority=priority, pattern=kind)
    if kind == "iso":
        c.kind, c.y, c.m, c.d = "date", int(g["y"]), int(g["m"]), int(g["d"])
    elif kind == "numeric_full":
        a, b2, y = g["a"], int(g["b"]), g["c"]
        if len(a) == 4:
            c.y, c.m, c.d = int(a), b2, int(y)
        else:
            if len(y) != 4:
                return None
            c.d, c.m, c.flags = _order_dm(lex, int(a), b2)
            c.y = int(y)
        c.kind = "date"
    elif kind == "cjk":
        c.m = int(g["m"])
        c.y = int(g["y"]) if g.get("y") else None
        c.d = int(g["d"]) if g.get("d") else None
        c.kind = ("date" if c.d else "month_year") if c.y else ("partial" if c.d else "month")
    elif kind == "cjk_day":
        c.d, c.kind = int(g["d"]), "day_of_month"
    elif kind in ("day_month", "month_day"):
        c.m = _month_number(lex, g["mon"])
        c.d = int(g["d"])
        c.y = int(g["y"]) if g.get("y") else None
        c.kind = "date" if c.y else "partial"
    elif kind == "month_year":
        c.m, c.y, c.kind = _month_number(lex, g["mon"]), int(g["y"]), "month_year"
    elif kind in ("month", "month_bare"):
        c.m, c.kind = _month_number(lex, g["mon"]), "month"
    elif kind == "year":
        c.y, c.kind = int(g["y"]), "year"
    elif kind in ("partial_slash", "partial_dash", "partial_range"):
        c.d, c.m, c.flags = _order_dm(lex, int(g["a"]), int(g["b"]))
        c.kind = "partial"
    elif kind == "relative":
        offset, unit = lex.relative.get(_clean(g["rel"]), (None, None))
        if offset is None:
            return None
        c.n, c.unit, c.kind = offset, unit, "relative"
    elif kind == "weekday":
        c.weekday = lex.weekdays.get(_clean(g["wd"]), lex.weekdays_short.get(_clean(g["wd"])))
        c.kind = "weekday"
        if _past_marked(m.string, s, e, lex):  # "last Thursday", "jeudi dernier": never the document's own day
            c.direction = -1
    elif kind == "week_day":
        c.weekday = _words(lex.code).week_days.get(_clean(g["wd"]))
        c.n, c.unit = lex.relative[_clean(g["wk"])][0], "week"
        c.kind = "week_day" if c.weekday is not None else "invalid"
    elif kind == "duration":
        n = _num(g["n"], lex) if g.get("n") else 1 if g.get("one") is not None else None
        unit = lex.units.get(_clean(g["u"])) if g.get("u") else None
        if g.get("ten") is not None:
            n, unit = 10, "year"
        if n is None or unit is None:
            return None
        if unit == "month" and re.search(r"\d\s*[月월]", m.group(0)) and not re.search(r"[个個ヶか개]", m.group(0)):
            return None  # "9月以来" is "since September"; "9个月来" would be nine months
        c.n, c.unit, c.kind = n, unit, "duration"
    elif kind == "trailing":
        n = _num(g["n"], lex) if g.get("n") else 1 if g.get("one") is not None else None
        unit = lex.units.get(_clean(g["u"])) if g.get("u") else None
        if n is None or unit not in ("month", "year", "week"):
            return None
        c.n, c.unit, c.m, c.kind = n, unit, _month_number(lex, g["mon"]), "trailing"
        if g.get("y") or g.get("y2"):  # "in the 12 months to November 2024"
            c.y = int(g.get("y") or g["y2"])
    elif kind == "day":
        words = _words(lex.code)
        c.d = int(g["d"]) if g.get("d") else words.day_words.get(_clean(g.get("dw") or ""))
        c.direction = 1 if g.get("fut") else -1 if g.get("past") else 0
        c.kind = "day_of_month"
        if g.get("mrel"):  # "the 3rd of last month", "في السادس من الشهر الجاري"
            offset = words.month_offsets.get(_clean(g["mrel"]))
            if offset is None:
                return None
            c.n, c.unit, c.kind = offset, "month", "anchored_day_of_month"
    elif kind.removesuffix("_latin") in _PERIOD_MONTHS:
        kind = kind.removesuffix("_latin")
        words = _words(lex.code)
        c.months, c.kind = _PERIOD_MONTHS[kind], kind
        if g.get("rel"):  # "last quarter": counted from the DCT's quarter
            offset = words.relative[kind].get(_clean(g["rel"]))
            if offset is None:
                return None
            c.n, c.unit = offset, kind
        else:
            o = _clean(g["o"])
            number = int(o) if o.isdigit() else words.ordinals[kind].get(o)
            if number is None:
                number = words.ordinals[kind].get(_SPACES.sub("", o).translate(_TILDES))  # "1～3月期"
            if number is None or not 1 <= number <= 12 // c.months:
                return None
            c.m = (number - 1) * c.months + 1
            if g.get("y") or g.get("y2"):
                c.y = int(g.get("y") or g["y2"])
            elif g.get("fy"):  # a quarter of a fiscal year: its months counted from the year's first
                if g.get("fm"):  # "2026年3月期第1四半期": the fiscal year that ends with March 2026
                    first = int(g["fy"]) * 12 + int(g["fm"]) - 12
                else:  # "2024年度第1四半期": the fiscal year 2024 begins in the month ``fiscal_year_start``
                    first = int(g["fy"]) * 12 + int(lex.supplement.get("fiscal_year_start", 1)) - 1
                c.y, month = divmod(first + c.m - 1, 12)
                c.m = month + 1
            elif g.get("yr"):
                offset = words.year_offsets.get(_clean(g["yr"]))
                if offset is None:
                    return None
                c.n, c.unit = offset, "year"
    elif kind == "ago":
        i = int((m.lastgroup or "a-1")[1:])
        if not 0 <= i < len(lex.ago_patterns):
            return None
        _pattern, unit, sign = lex.ago_patterns[i]
        n = _num(g[f"n{i}"], lex)
        if n is None:
            return None
        c.n, c.unit, c.kind = sign * n, unit, "relative"
    if c.m is not None and not 1 <= c.m <= 12:
        return None
    if c.d is not None and not 1 <= c.d <= 31:
        return None
    if c.kind in ("date", "partial", "month", "month_year") and c.m is None:
        return None
    if c.kind in ("weekday", "invalid") and c.weekday is None:
        return None
    fiscal = tuple(lex.words("fiscal_year_suffixes"))  # "2024年度", "昨年度": from fiscal_year_start
    yearly = c.kind == "year" or (c.kind == "relative" and c.unit == "year")
    if fiscal and yearly and m.string[s:e].rstrip().endswith(fiscal):
        c.flags = [*c.flags, "fiscal"]
        c.fiscal_start = int(lex.supplement.get("fiscal_year_start", 1))
    return c


def _past_marked(folded: str, start: int, end: int, lex: Lexicon) -> bool:
    """True when a weekday is marked as past by a word of ``weekday_past_words`` in it or right after it
    ("last Thursday", "в прошлый четверг", "jeudi dernier", "il giovedì scorso")."""
    if not lex.supplement.get("weekday_past_words"):
        return False
    after = re.match(r"\s*([^\W\d_]+(?:\s+[^\W\d_]+)?)", folded[end : end + 30])
    span = folded[start:end] + " " + (after.group(1) if after else "")
    return lex.word_regex("weekday_past_words").search(span) is not None


def _clean(s: str) -> str:
    return _SPACES.sub(" ", s.strip(".").strip())


def _month_number(lex: Lexicon, form: str) -> int | None:
    form = _clean(form)
    if form in lex.months:
        return lex.months[form]
    for stem, number in sorted(lex.month_stems.items(), key=lambda kv: -len(kv[0])):
        if form.startswith(stem):
            return number
    return None


def _fiscal_year(year: int, first_month: int) -> Interval:
    """The fiscal year ``year`` that begins in ``first_month`` ("2024年度": April 2024 to March 2025)."""
    return Interval(date(year, first_month, 1), date(year + 1, first_month, 1), "year")


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    y, m = divmod(index, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _month(y: int, m: int) -> Interval:
    return Interval(date(y, m, 1), _add_months(date(y, m, 1), 1), "month")


def _year(y: int) -> Interval:
    return Interval(date(y, 1, 1), date(y + 1, 1, 1), "year")


def _day(d: date) -> Interval:
    return Interval(d, d + timedelta(days=1), "day")


def _shift(anchor: date, n: int, unit: str) -> date:
    if unit == "year":
        return _add_months(anchor, 12 * n)
    if unit == "month":
        return _add_months(anchor, n)
    if unit == "week":
        return anchor + timedelta(weeks=n)
    return anchor + timedelta(days=n)


_ANCHORED_KINDS = {
    "anchored_month": "month_year",
    "anchored_day_of_month": "date",
    "anchored_partial": "date",
    "trailing": "duration",
}
_FUTURE_WINDOW = 14  # characters before (or after) an expression in which a future marker may stand


def mark_forward(folded: str, candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """Candidates read forward in time, and relative years or months joined to the month or day they
    qualify.

    - "bis Freitag", "fino a venerdì", "오는 8일", "الشهر المقبل", "em março" after "deve": a month,
      weekday or day after a future marker (``future_markers`` before, ``future_markers_after`` after)
      is the next one, not the last (flag ``future``).
    - "내년 3월", "去年10月", "이달 31일": a relative year or month right before a month or day fixes it.
    """
    before = lex.phrase_regex("future_markers")
    after = lex.phrase_regex("future_markers_after")
    out: list[Candidate] = []
    for c in candidates:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "relative"
            and prev.unit in ("year", "month")
            and c.kind in ("month", "day_of_month", "partial")
            and c.start - prev.end <= 2
            and not folded[prev.end : c.start].strip()
        ):
            merged = Candidate(prev.start, c.end, c.kind, m=c.m, d=c.d, flags=list(c.flags), priority=c.priority)
            merged.n, merged.unit = prev.n, prev.unit
            merged.kind = "anchored_" + c.kind
            out[-1] = merged
            continue
        own = folded[c.start : c.end]
        year_word = _relative_year_prefix(own, lex) if c.kind in ("month", "partial") else None
        if year_word is not None:  # "내년 3월", "去年10月", "지난해 8월": the month of that year
            c.n, c.unit, c.kind = year_word, "year", "anchored_" + ("month" if c.kind == "month" else "partial")
        elif prev is not None and _ends_range(folded, prev, c):
            # "4月から9月まで", "с апреля по сентябрь", "von April bis September": read from the start
            c.range_end = True
        elif c.kind in ("month", "weekday", "day_of_month") or (c.months and c.y is None and c.unit is None):
            head = folded[max(0, c.start - _FUTURE_WINDOW) : c.start]
            tail = folded[c.end : c.end + _FUTURE_WINDOW]
            marked = any(m.end() >= len(head) - 1 for m in before.finditer(head)) or before.match(own) is not None
            forward = marked or after.match(tail.lstrip()) is not None
            if c.pattern == "day":
                tense = _clause_tense(folded, c.start, lex)
                if c.direction:  # the expression's own word: "el próximo día 3", "il 12 scorso"
                    forward = c.direction > 0
                elif after.match(tail.lstrip()) is None and tense is not None:
                    forward = tense > 0  # "did not establish until the 27th", "vai reunir-se ... no dia 15"
            if forward:
                c.flags = [*c.flags, "future"]
        out.append(c)
    return out


# what stands between the two ends of a range (whole, spaces included): "4月から9月", "from March to May",
# "с апреля по сентябрь", "from 2018 to 2022"; or opens the second one ("bis September", "до вересня",
# "hingga September", "đến tháng 9"). A word, not the start of one: "a" in "agosto".
_RANGE_WORDS = _alt(
    [*_RANGE_CONNECTORS, "zum", "bis zum", "à", "hasta", "jusqu'à", "jusqu'en", "fino a", "حتى", "cho đến"]
)
RANGE_JOIN = re.compile(rf"\s*(?:(?:{_RANGE_WORDS})(?![^\W\d_])|から|부터|到|至|～)\s*", re.IGNORECASE)
_RANGE_OPEN = re.compile(rf"(?:{_RANGE_WORDS})(?=\s)")
_RANGE_KINDS = frozenset({"month", "month_year", "partial", "date"})  # what a range of months or days joins


def _ends_range(folded: str, prev: Candidate, c: Candidate) -> bool:
    """True when ``c`` is the end of a range of months or days whose start is ``prev``: only a joining word
    stands between them, or nothing does and ``c`` opens with one ("von April bis September")."""
    if prev.kind not in _RANGE_KINDS | {"anchored_month", "anchored_partial"} or c.kind not in _RANGE_KINDS:
        return False
    gap = folded[prev.end : c.start]
    if RANGE_JOIN.fullmatch(gap):
        return True
    return not gap.strip() and gap.count("\n") == 0 and _RANGE_OPEN.match(folded, c.start) is not None


_TENSE_WINDOW = 60  # characters before a day of the month in which a tense cue of its clause may stand
_CLAUSE_END = re.compile(r"[.!?;:\n]")


def _clause_tense(folded: str, start: int, lex: Lexicon) -> int | None:
    """+1 or -1 when the nearest tense cue before ``start`` in its sentence (``future_tense_cues``:
    "will", "vai"; ``future_verb_endings``: "se réunira", "debatirá"; ``past_tense_cues``: "did", "had")
    says the clause looks forward or back."""
    lo = max(0, start - _TENSE_WINDOW)
    window = folded[lo:start]
    ends = [m.end() for m in _CLAUSE_END.finditer(window)]
    if ends:
        window = window[ends[-1] :]
    best: tuple[int, int] | None = None
    for key, sign in (("future_tense_cues", 1), ("past_tense_cues", -1), ("future_verb_endings", 1)):
        if not lex.supplement.get(key):
            continue
        rx = lex.pattern_regex(key) if key == "future_verb_endings" else lex.phrase_regex(key)
        for m in rx.finditer(window):
            if best is None or m.end() > best[0]:
                best = (m.end(), sign)
    return best[1] if best is not None else None


def _relative_year_prefix(own: str, lex: Lexicon) -> int | None:
    """The year offset of a relative-year word opening ``own`` ("내년 3월" -> +1, "去年10月" -> -1)."""
    best: tuple[int, int] | None = None
    for phrase, (offset, unit) in lex.relative.items():
        if unit == "year" and offset is not None and own.startswith(phrase) and (best is None or len(phrase) > best[0]):
            best = (len(phrase), offset)
    return best[1] if best is not None else None


def resolve(c: Candidate, anchor: date | None, anchor_year: int | None) -> Interval | None:
    """The interval a candidate denotes, given the DCT (``anchor``) or only its year."""
    try:
        return _resolve(c, anchor, anchor_year)
    except (ValueError, OverflowError):
        return None


def _resolve(c: Candidate, anchor: date | None, anchor_year: int | None) -> Interval | None:
    if c.kind == "date" and c.y and c.m and c.d:
        return _day(date(c.y, c.m, c.d))
    if c.kind == "month_year" and c.y and c.m:
        return _month(c.y, c.m)
    if c.kind == "year" and c.y:
        return _fiscal_year(c.y, c.fiscal_start) if "fiscal" in c.flags else _year(c.y)
    if c.months and c.kind in _PERIOD_MONTHS:
        return _period_value(c, anchor)
    if c.kind == "partial" and c.m and c.d:
        if anchor is not None:
            options = []
            for y in (anchor.year - 1, anchor.year, anchor.year + 1):
                try:
                    options.append(date(y, c.m, c.d))
                except ValueError:
                    continue
            if not options:
                return None
            return _day(min(options, key=lambda d: abs((d - anchor).days)))
        if anchor_year is not None:
            return _day(date(anchor_year, c.m, c.d))
        return None
    if c.kind == "trailing":
        return _trailing(c, anchor)
    if anchor is None:
        return None
    future = "future" in c.flags
    if c.kind.startswith("anchored_") and c.unit and c.n is not None:
        base = _shift(anchor, c.n, c.unit)
        if c.kind == "anchored_month" and c.m and c.unit == "year":
            return _month(base.year, c.m)  # "내년 3월", "去年10月"
        if c.kind in ("anchored_day_of_month", "anchored_partial") and c.d:
            month = c.m if c.m and c.unit == "year" else base.month
            return _day(date(base.year, month, c.d))  # "이달 31일"
        return None
    if c.kind == "month" and c.m:
        if future:
            return _month(anchor.year if c.m >= anchor.month else anchor.year + 1, c.m)
        y = anchor.year if c.m <= anchor.month else anchor.year - 1
        return _month(y, c.m)
    if c.kind == "day_of_month" and c.d and future:
        for ahead in range(0, 3):  # "오는 8일": this month if the day is still to come, else the next
            first = _add_months(date(anchor.year, anchor.month, 1), ahead)
            if c.d <= calendar.monthrange(first.year, first.month)[1] and date(first.year, first.month, c.d) > anchor:
                return _day(date(first.year, first.month, c.d))
        return None
    if c.kind == "day_of_month" and c.d:
        for back in range(0, 3):  # this month if the day has come, else the month before
            first = _add_months(date(anchor.year, anchor.month, 1), -back)
            if c.d <= calendar.monthrange(first.year, first.month)[1]:
                day = date(first.year, first.month, c.d)
                if day <= anchor:
                    return _day(day)
        return None
    if c.kind == "week_day" and c.weekday is not None and c.n is not None:  # "上周三": Wednesday of last week
        return _day(anchor - timedelta(days=anchor.weekday()) + timedelta(days=7 * c.n + c.weekday))
    if c.kind == "weekday" and c.weekday is not None and future:
        return _day(anchor + timedelta(days=(c.weekday - anchor.weekday() - 1) % 7 + 1))
    if c.kind == "weekday" and c.weekday is not None:
        back = (anchor.weekday() - c.weekday) % 7 or (7 if c.direction < 0 else 0)
        return _day(anchor - timedelta(days=back))
    if c.kind == "relative" and c.unit and c.n is not None:
        target = _shift(anchor, c.n, c.unit)
        if c.unit == "year" and "fiscal" in c.flags:  # "今年度" written in February 2026: April 2025 on
            return _fiscal_year(target.year - (target.month < c.fiscal_start), c.fiscal_start)
        if c.unit == "year":
            return _year(target.year)
        if c.unit == "month":
            return _month(target.year, target.month)
        if c.unit == "week" and (c.pattern == "ago" or abs(c.n) >= 2):  # "hace dos semanas", "منذ أسبوعين": that day
            return _day(target)
        if c.unit == "week":
            monday = target - timedelta(days=target.weekday())
            return Interval(monday, monday + timedelta(days=7), "week")
        return _day(target)
    if c.kind == "duration" and c.unit and c.n:
        return Interval(_shift(anchor, -c.n, c.unit), anchor, c.unit)
    return None


def _trailing(c: Candidate, anchor: date | None) -> Interval | None:
    """N units ending with a month: of its year ("in the 12 months to November 2024"), else the latest such
    month that has begun by the DCT ("in the 12 months to November")."""
    if not (c.unit and c.n and c.m):
        return None
    if c.y is not None:
        year = c.y
    elif anchor is not None:
        year = anchor.year if c.m <= anchor.month else anchor.year - 1
    else:
        return None
    last = _month(year, c.m)
    return Interval(_shift(last.end, -c.n, c.unit), last.end, "month")


def _period_value(c: Candidate, anchor: date | None) -> Interval | None:
    """A quarter or half-year: of its year, of the DCT's year shifted ("of last year"), counted from the
    DCT's own ("last quarter"), else the latest that has begun by the DCT (with a future marker: the
    first that has not ended)."""
    months = c.months or 3
    if c.unit == c.kind and c.n is not None:  # relative: "last quarter", "本季度"
        if anchor is None:
            return None
        own = date(anchor.year, (anchor.month - 1) // months * months + 1, 1)
        start = _add_months(own, c.n * months)
    elif c.y and c.m:
        start = date(c.y, c.m, 1)
    elif anchor is None or not c.m:
        return None
    elif c.unit == "year" and c.n is not None:
        start = date(anchor.year + c.n, c.m, 1)
    elif "future" in c.flags:
        start = date(anchor.year, c.m, 1)
        if _add_months(start, months) <= anchor:
            start = date(anchor.year + 1, c.m, 1)
    else:
        start = date(anchor.year, c.m, 1)
        if start > anchor:
            start = date(anchor.year - 1, c.m, 1)
    return Interval(start, _add_months(start, months), "month" if months == 1 else c.kind)


def resolve_all(
    text: str, candidates: list[Candidate], anchor: date | None, anchor_year: int | None
) -> list[TimeExpression]:
    """Resolved time expressions from candidates (impossible absolute dates are dropped)."""
    values = [resolve(c, anchor, anchor_year) for c in candidates]
    for i, c in enumerate(candidates):
        if c.range_end and i > 0:
            values[i - 1], values[i] = _range_ends(candidates[i - 1], values[i - 1], c, values[i])
    out = []
    for c, value in zip(candidates, values, strict=True):
        flags = list(c.flags)
        if value is None:
            if c.kind in ("date", "month_year", "year"):
                continue  # an impossible absolute date ("31/02/2023") is not a date at all
            flags.append("unresolved")
        kind = _ANCHORED_KINDS.get(c.kind, c.kind)
        out.append(TimeExpression(text[c.start : c.end], c.start, c.end, kind, value, tuple(flags)))
    return out


_OWN_YEAR = frozenset({"month_year", "date"})  # a range end that names its year
_RANGE_DAYS = 183  # the longest range of days written without the end's year


def _range_ends(
    first: Candidate, a: Interval | None, second: Candidate, b: Interval | None
) -> tuple[Interval | None, Interval | None]:
    """The two ends of a range ("4月から9月まで", "from April to September 2024"), each read from the other
    where it names no year: the end is the first such month or day on or after the start (not the one a
    future marker such as "まで" or "bis" would choose), a start without a year is the last such month or
    day on or before an end that names one."""
    if a is None or b is None:
        return a, b
    this_year, next_year = a.start.year, a.start.year + 1
    if second.kind not in _OWN_YEAR and second.m and second.d:
        # a range of days over the new year ("20 December to 5 January") is short; "18 September 2021 to
        # 2 September" contradicts itself, and its end keeps the start's year
        b = _in_year(b, [this_year, next_year], lambda start: 0 <= (start - a.start).days <= _RANGE_DAYS) or (
            _in_year(b, [this_year], lambda _start: True) or b
        )
    elif second.kind not in _OWN_YEAR and second.m:
        b = _in_year(b, [this_year, next_year], lambda start: start >= a.start.replace(day=1)) or b
    elif second.kind in _OWN_YEAR and first.kind in ("month", "partial") and first.m and "future" not in first.flags:
        a = _in_year(a, [b.start.year, b.start.year - 1], lambda start: start <= b.start) or a
    return a, b


def _in_year(value: Interval, years: list[int], fits: Callable[[date], bool]) -> Interval | None:
    """A month or day ``value`` moved to the first of ``years`` where its start ``fits``; None if none does."""
    for year in years:
        try:
            start = value.start.replace(year=year)
        except ValueError:  # 29 February
            continue
        if fits(start):
            end = _add_months(start, 1) if value.granularity == "month" else start + timedelta(days=1)
            return Interval(start, end, value.granularity)
    return None
