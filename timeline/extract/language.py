"""Language identification with lingua (offline models shipped in the wheel).

A fast low-accuracy pass over all languages proposes candidates; when it is not sure (close relatives
such as Indonesian and Malay), a high-accuracy detector restricted to the top candidates decides.
That keeps memory small (high-accuracy models are loaded only for the few languages in question).
"""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# the first 1,500 characters decide: on the regression texts (benchmarks.regression, 647 texts in 14
# languages) they give the same codes and confidences as 3,000 did, in 60% of the time (1,000 gave the
# same codes too, but two confidences moved in the fifth decimal)
_SAMPLE_CHARS = 1500
_SURE = 0.9
_CANDIDATES = 3


@lru_cache(maxsize=1)
def _coarse() -> LanguageDetector:
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


@lru_cache(maxsize=32)
def _fine(candidates: frozenset[Language]) -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*candidates).build()


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and confidence of the main language of ``text`` ('und', 0.0 when unknown)."""
    sample = text[:_SAMPLE_CHARS]
    if sum(c.isspace() for c in sample) * 3 > len(sample):
        # an HTML page's text keeps the page's offsets, so its markup is blank space: skip it
        sample = " ".join(text[: _SAMPLE_CHARS * 20].split())[:_SAMPLE_CHARS]
    if not any(c.isalpha() for c in sample):
        return "und", 0.0
    values = _coarse().compute_language_confidence_values(sample)
    if not values or values[0].value <= 0:
        return "und", 0.0
    best = values[0]
    if best.value < _SURE:
        candidates = frozenset(v.language for v in values[:_CANDIDATES] if v.value > 0)
        if len(candidates) > 1:
            fine = _fine(candidates).compute_language_confidence_values(sample)
            if fine:
                best = fine[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)
