"""Decoding text saved in a legacy encoding, or saying why it cannot be decoded."""

from __future__ import annotations

#: The legacy encodings news text is most often saved in, most likely first: when several fit a text
#: equally well (French in cp1252 also decodes as cp1250, with "è" turned into "č"), the first one wins.
PREFERRED = ("cp1252", "cp1251", "cp1256", "cp1250", "cp1253", "cp1254", "cp1255", "cp1257", "koi8_r", "latin_1")

_CHAOS_LIMIT = 0.2  # charset-normalizer's mess ratio above which a decoding is noise
_CHAOS_TIE = 0.02
_COHERENCE_TIE = 0.1


def decode_legacy(raw: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` for bytes that are not UTF-8, or None when no encoding fits.

    charset-normalizer proposes candidates (its own guesses plus the common legacy encodings, tried
    explicitly so that a short Latin text is never taken for a CJK multibyte one); among those that are
    about as clean and as coherent as the best, the most common legacy encoding is chosen.
    """
    from charset_normalizer import from_bytes

    candidates = {m.encoding: m for m in from_bytes(raw)}
    for m in from_bytes(raw, cp_isolation=list(PREFERRED)):
        candidates.setdefault(m.encoding, m)
    usable = [m for m in candidates.values() if m.chaos <= _CHAOS_LIMIT and m.encoding not in ("utf_8", "ascii")]
    if not usable:
        return None
    least_chaos = min(m.chaos for m in usable)
    clean = [m for m in usable if m.chaos <= least_chaos + _CHAOS_TIE]
    most_coherent = max(m.coherence for m in clean)
    best = [m for m in clean if m.coherence >= most_coherent - _COHERENCE_TIE]

    def rank(m: object) -> tuple[int, float, float]:
        encoding = m.encoding  # type: ignore[attr-defined]
        preferred = PREFERRED.index(encoding) if encoding in PREFERRED else len(PREFERRED)
        return preferred, m.chaos, -m.coherence  # type: ignore[attr-defined]

    chosen = min(best, key=rank)
    return str(chosen), chosen.encoding
