"""Towns and regions from the bundled place lists (GeoNames cities, ISO 3166-2 subdivisions), through the
public extraction API on short texts written for these tests."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from timeline.data import gazetteer_records
from timeline.domain.model import ArticleInput
from timeline.extract import Extractor
from timeline.extract.entities import key_fingerprint, name_key


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(gazetteer_records())


def places(extractor: Extractor, text: str, language: str) -> dict[str, str]:
    """Mention text -> entity name, for the places found."""
    found = extractor.extract(ArticleInput(text=text, source="t.txt", language=language)).mentions
    return {m.text: m.entity.name for m in found if m.entity.kind == "place"}


def test_a_mid_size_town_in_a_latin_script_sentence(extractor):
    text = "Die Gewerkschaft teilte mit, die Hafenarbeiter legten in Bremerhaven und Nordenham die Arbeit nieder."
    found = places(extractor, text, "de")
    assert found.get("Bremerhaven") == "Bremerhaven"
    assert found.get("Nordenham") == "Nordenham"
    text = "Il sindaco di Pozzuoli ha dichiarato che le scuole resteranno chiuse."
    assert places(extractor, text, "it").get("Pozzuoli") == "Pozzuoli"


def test_a_region_in_russian_and_ukrainian_cases_is_one_entity(extractor):
    text = "Число заболевших корью в Кировской области достигло 46 человек, сообщило управление."
    assert places(extractor, text, "ru").get("Кировской области") == "Kirov Oblast"
    text = "У Харківській області відновили електропостачання, повідомила обласна адміністрація."
    assert places(extractor, text, "uk").get("Харківській області") == "Kharkiv Oblast"


def test_a_japanese_prefecture_and_a_korean_province(extractor):
    text = "神奈川県警によると、横浜市の会社から顧客情報が流出した。"
    assert places(extractor, text, "ja").get("神奈川県") == "Kanagawa"
    text = "경기도는 4일 폭우로 도로가 통제됐다고 밝혔다. 경기도의 피해가 컸다."
    assert places(extractor, text, "ko").get("경기도") == "Gyeonggi"


def test_regions_of_several_countries(extractor):
    assert "Herault" in places(extractor, "Les pompiers de l'Hérault sont intervenus mardi.", "fr").values()
    text = "Flooding closed roads across Gloucestershire and Moray on Tuesday, police said."
    found = places(extractor, text, "en")
    assert found.get("Gloucestershire") == "Gloucestershire"
    assert found.get("Moray") == "Moray"


@pytest.mark.parametrize(
    ("text", "language", "word"),
    [
        ("Nice to see you again, she said on Monday.", "en", "Nice"),
        ("Mobile phones were banned, the school said.", "en", "Mobile"),
        ("Split decisions are rare, the court said.", "en", "Split"),
        ("Marco Rossi ha detto che la squadra è pronta.", "it", "Marco"),
        ("Rio de Janeiro não é o único destino, disse o ministro.", "pt", "Rio"),
        ("Die Lage im Forst bleibt angespannt, sagte der Sprecher.", "de", "Lage"),
        ("Die Lage im Forst bleibt angespannt, sagte der Sprecher.", "de", "Forst"),
        ("Как сообщил глава района Сергей Белых, занятия приостановлены.", "ru", "Белых"),
        ("Senator Elizabeth Warren said the bill would fail.", "en", "Warren"),
    ],
)
def test_a_town_named_like_a_word_or_a_person_is_not_matched(extractor, text, language, word):
    assert word not in places(extractor, text, language)


def test_the_stored_keys_of_the_place_lists_are_this_matchers():
    """The place lists store each name's key (loading them is then fast); a change to the key functions
    needs ``python scripts/build_places.py`` (until then, the keys are computed at load time)."""
    folder = resources.files("timeline.data")
    for filename, rows_key in (("places.json", "places"), ("subdivisions.json", "entities")):
        data = json.loads((folder / filename).read_text(encoding="utf-8"))
        assert data["key_fingerprint"] == key_fingerprint(), f"{filename}: run scripts/build_places.py"
        for row in data[rows_key][:: max(1, len(data[rows_key]) // 500)]:
            aliases, keys = row["aliases"], row["keys"]
            pairs = (
                zip(aliases, keys, strict=True)
                if isinstance(aliases, list)
                else ((a, k) for lang in aliases for a, k in zip(aliases[lang], keys[lang], strict=True))
            )
            for alias, key in pairs:
                assert name_key(alias) == key, (filename, alias)
