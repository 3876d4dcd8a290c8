"""Quantities: numbers in the locale's notation, scaled by number words, with modifier and unit."""

from __future__ import annotations

import re
from functools import lru_cache

from timeline.domain.model import Quantity
from timeline.extract.lexicon import Lexicon, lexicon
from timeline.extract.textnorm import fold_same_length

# "(?<![\w.,\-‐])\d+…" written with its first digit ahead of the look-behind, so the scan jumps from digit to digit
_NUMBER = re.compile(r"\d(?<![\w.,\-‐]\d)\d*(?:[.,\u00a0\u202f' ]\d+)*(?![\w.,]\d)")

_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")
_GROUPED = re.compile(r"\d{1,3}(?:[.,' ]\d{3})+")
_NON_DIGIT = re.compile(r"\D")


@lru_cache(maxsize=64)
def _symbols(code: str) -> tuple[str, str]:
    try:
        from babel import Locale

        symbols = Locale.parse(code).number_symbols
        latn = symbols.get("latn", symbols)
        return latn.get("decimal", "."), latn.get("group", ",")
    except Exception:
        return ".", ","


@lru_cache(maxsize=64)
def _words(code: str) -> tuple[dict[str, float], dict[str, list[str]]]:
    """The language's scale words ("triệu": 1e6) and quantity modifiers, folded (once per language)."""
    lex = lexicon(code)
    scale = {fold_same_length(k): v for k, v in (lex.supplement.get("large_number_words") or {}).items()}
    mods = {
        k: [fold_same_length(c) for c in v if c] for k, v in (lex.supplement.get("quantity_modifiers") or {}).items()
    }
    return scale, mods


def parse_number(raw: str, code: str) -> float | None:
    """A number written in ``code``'s notation ('2,5' vi = 2.5; '60.000' vi = 60000)."""
    decimal, group = _symbols(code)
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if decimal not in s and _GROUPED.fullmatch(s):
        return float(_NON_DIGIT.sub("", s))  # only group separators: "60.000", "1,000", "12 500"
    for sep in {group, " ", "'"} - {decimal}:
        s = s.replace(sep, "")
    s = s.replace(decimal, ".")
    try:
        return float(s) if s.count(".") <= 1 else None
    except ValueError:
        return None


def find_quantities(
    text: str, folded: str, lex: Lexicon, start: int, end: int, skip: list[tuple[int, int]]
) -> list[Quantity]:
    """Quantities between ``start`` and ``end`` that are not inside a time expression (``skip``)."""
    scale, mods = _words(lex.code)
    out = []
    for m in _NUMBER.finditer(text, start, end):
        s, e = m.start(), m.end()
        if any(s < b and e > a for a, b in skip):
            continue
        value = parse_number(m.group(0).strip(), lex.code)
        if value is None:
            continue
        tail = folded[e : e + 40]
        unit = None
        word = _NEXT_WORD.match(tail)
        if word:
            w = word.group(1)
            if w in scale:
                value *= scale[w]
                e += word.end()
                nxt = _NEXT_WORD.match(folded[e : e + 40])
                unit = nxt.group(1) if nxt else None
            else:
                unit = w
        head = folded[max(start, s - 30) : s]
        modifier = "exact"
        for name in ("at_least", "at_most", "approx"):
            if any(head.rstrip().endswith(c) for c in mods.get(name, [])):
                modifier = name
                break
        out.append(Quantity(value, unit, text[s:e], s, e, modifier))
    return out


__all__ = ["find_quantities", "lexicon", "parse_number"]
