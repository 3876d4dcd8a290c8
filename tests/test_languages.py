"""Extraction in every supported language, on short articles written for these tests (tests/corpus/<lang>).

Each folder holds three articles and their annotations in the gold format. The figures are the
same ones `timeline eval` prints; the floors below guard against regressions (the issue targets,
0.9 and above, are tracked in the README's per-language table).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.app import evaluate

CORPUS = Path(__file__).parent / "corpus"
LANGUAGES = sorted(p.name for p in CORPUS.iterdir() if (p / "gold.json").exists())


def test_every_supported_language_has_a_corpus():
    from timeline.extract.lexicon import supported_languages

    assert set(supported_languages()) <= set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language(lang):
    result = evaluate(CORPUS / lang / "gold.json", CORPUS / lang)
    f = result.figures
    misses = "\n".join(result.misses)
    assert f["articles_missing"] == 0
    assert f["boilerplate_leaks"] == 0, misses
    assert f["false_dates"] <= 1, misses
    assert f["timex_precision"] >= 0.85, misses
    assert f["timex_recall"] >= 0.8, misses
    assert f["timex_value_accuracy"] >= 0.8, misses
    assert f["claim_recall"] >= 0.6, misses


HELDOUT = Path(__file__).parent / "heldout"
HELDOUT_LANGUAGES = sorted(p.name for p in HELDOUT.iterdir() if (p / "gold.json").exists())


@pytest.mark.parametrize("lang", HELDOUT_LANGUAGES)
def test_heldout_language(lang):
    """Articles written by someone who never saw the extractor (tests/heldout/README.md): lower floors,
    the measured figures are in the README."""
    result = evaluate(HELDOUT / lang / "gold.json", HELDOUT / lang)
    f = result.figures
    misses = "\n".join(result.misses)
    assert f["articles_missing"] == 0
    assert f["boilerplate_leaks"] == 0, misses
    assert f["false_dates"] <= 1, misses
    assert f["timex_precision"] >= 0.9, misses
    assert f["timex_recall"] >= 0.8, misses
    assert f["claim_recall"] >= 0.7, misses


HELDOUT2 = Path(__file__).parent / "heldout2"
HELDOUT2_LANGUAGES = sorted(p.name for p in HELDOUT2.iterdir() if (p / "gold.json").exists())


@pytest.mark.parametrize("lang", HELDOUT2_LANGUAGES)
def test_heldout2_language(lang):
    """Pages (text and HTML) written by someone who never saw the extractor and never tuned on
    (tests/heldout2/README.md): floors far below the measured figures, to catch a page that suddenly
    yields nothing."""
    result = evaluate(HELDOUT2 / lang / "gold.json", HELDOUT2 / lang)
    f = result.figures
    misses = "\n".join(result.misses)
    assert f["articles_missing"] == 0
    assert f["boilerplate_leaks"] == 0, misses
    assert f["false_dates"] <= 2, misses
    assert f["timex_precision"] >= 0.9, misses
    assert f["timex_recall"] >= 0.6, misses
    assert f["claim_recall"] >= 0.6, misses
