"""Cheap necessary conditions for regular expressions: skip a region a pattern cannot match in.

:func:`required_literals` reads a pattern's parse tree and returns strings one of which every match
must contain (a literal run the pattern cannot do without, or the union of such runs over the
alternatives of a group). A region without any of them cannot hold a match, so the expensive pattern
need not run there. The analysis only looks at what a match consumes (lookarounds are ignored), so
the condition is exact: skipping never changes what the pattern finds.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_MIN_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT))


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, or None when none can be told."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except (re.error, RecursionError):
        return None
    try:
        found = _sequence(list(tree))
    except (TypeError, ValueError, IndexError, AttributeError):  # an unexpected node: no condition
        return None
    if not found or any(not s for s in found):
        return None
    return frozenset(found)


def literal_filter(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A pattern that finds one of the :func:`required_literals` of ``pattern`` (None: no filter).

    Patterns that need the same literals get the same filter object, so a caller can search once.
    """
    found = required_literals(pattern)
    return _filter(found) if found is not None else None


@lru_cache(maxsize=1024)
def _filter(found: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in sorted(found, key=lambda s: (-len(s), s))))


def _score(found: frozenset[str]) -> tuple[int, int]:
    """Rarer is better: longer shortest string first, then fewer strings."""
    return min(len(s) for s in found), -len(found)


def _sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    i = 0
    while i < len(items):
        op, av = items[i]
        if op is c.LITERAL:
            run = []
            while i < len(items) and items[i][0] is c.LITERAL:
                run.append(chr(items[i][1]))
                i += 1
            found: frozenset[str] | None = frozenset({"".join(run)})
        else:
            found = _item(op, av)
            i += 1
        if found and (best is None or _score(found) > _score(best)):
            best = found
    return best


def _item(op: Any, av: Any) -> frozenset[str] | None:
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None
        return _sequence(list(sub))
    if op is c.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in _MIN_REPEATS:
        low, _high, sub = av
        return _sequence(list(sub)) if low >= 1 else None
    if op is c.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            found = _sequence(list(alternative))
            if not found:
                return None  # an alternative that needs no literal: nothing is required
            union |= found
        return frozenset(union)
    if op is c.IN:
        chars = set()
        for kind, value in av:
            if kind is not c.LITERAL:
                return None
            chars.add(chr(value))
        return frozenset(chars) if chars else None
    return None
