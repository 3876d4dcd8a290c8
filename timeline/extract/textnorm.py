"""Offset-preserving text normalisation shared by every matcher."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHE_CHARS = "’ʼ‘`´"
_APOSTROPHES = str.maketrans(dict.fromkeys(_APOSTROPHE_CHARS, "'"))
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def fold_same_length(text: str) -> str:
    """Lowercase ``text`` char by char, unify apostrophes, keep the length (offsets stay valid)."""
    for apostrophe in _APOSTROPHE_CHARS:  # str.replace is much faster than str.translate on long texts
        if apostrophe in text:
            text = text.replace(apostrophe, "'")
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # "İ" lowers to two characters


_DASHES = re.compile(r"[\-‐-―_]+")
_SPACES = re.compile(r"\s+")
_REGEX_SYNTAX = re.compile(r"(\\.|\(\?P<\w+>|\(\?P=\w+\))")


def fold_pattern(pattern: str) -> str:
    """A regex folded like the text it runs on; its escapes (``\\S`` must not become ``\\s``) and
    group names are left alone."""
    parts = _REGEX_SYNTAX.split(pattern)
    return "".join(tok if i % 2 else fold_same_length(tok) for i, tok in enumerate(parts))


@lru_cache(maxsize=65536)
def strip_marks(text: str) -> str:
    """Remove combining diacritics (accents, Arabic harakat), fold đ to d, normalise Arabic letters."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return normalise_arabic(unicodedata.normalize("NFC", kept)).replace("đ", "d").replace("Đ", "D")


def normalise_arabic(text: str) -> str:
    """Drop optional Arabic vowel marks and tatweel; unify alef, ya and ta marbuta forms."""
    return _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_LETTERS)


def match_key(text: str, keep_marks: bool = True) -> str:
    """The key names are compared by: case-folded, apostrophes and dashes unified, spaces collapsed.

    Diacritics are kept by default (Vietnamese "Ảnh" is not "Anh"); ``keep_marks=False`` drops them,
    for user queries typed without accents.
    """
    if text.isascii():  # NFKC, Arabic letters and marks change no ASCII text
        text = text.translate(_APOSTROPHES).casefold()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
        text = normalise_arabic(text) if keep_marks else strip_marks(text)
    text = _DASHES.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def is_acronym(word: str) -> bool:
    """Two to six capital letters, perhaps with punctuation around them: "ZDS", "NUG", "ТАСС"."""
    letters = word.strip(".,;:'’()")
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters)  # (Hangul is never upper case)
