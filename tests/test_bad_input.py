"""Bad input gets one clear line each; the good articles of the same batch are all stored."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from timeline.data import gazetteer_records
from timeline.domain.model import ArticleInput
from timeline.extract import Extractor

from .conftest import SEEDS, timeline_cmd

GOOD = "Theo Bộ Quốc phòng, hôm 6/10 hai nước đã ký một thỏa thuận mới về thương mại và an ninh.\n"


def _bad_files(folder):
    files = {
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n",
        "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "archive.txt": b"PK\x03\x04" + bytes(200),
        "deep.html": b"<html><body>" + b"<div>" * 10000 + b"text" + b"</div>" * 10000 + b"</body></html>",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    lines = [
        "{broken json",
        json.dumps({"outlet": "no text"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "Theo Reuters, giá dầu tăng.", "published_at": "2023-02-30"}),
        json.dumps({"text": "Theo Reuters, giá dầu tăng mạnh.", "published_at": "yesterday"}),
        json.dumps({"text": "Theo Reuters, giá dầu giảm.", "published_at": "99999-01-01"}),
        json.dumps({"text": "Theo Reuters, giá dầu đứng yên.", "published_at": -86400}),
    ]
    (folder / "bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(files) + len(lines)


def test_a_batch_with_bad_inputs_stores_every_good_article(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = _bad_files(folder)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "legacy-1251.txt").write_bytes(
        "За словами міністра, у вересні ціни на пальне зросли на десять відсотків по всій країні.".encode("cp1251")
    )
    db = tmp_path / "t.duckdb"
    result = timeline_cmd("--db", str(db), "ingest", str(folder), str(SEEDS))
    assert result.returncode == 1
    assert f"7 new, 0 already present, {bad} rejected" in result.stdout
    lines = [x for x in result.stderr.splitlines() if x.startswith("rejected: ")]
    assert len(lines) == bad and "Traceback" not in result.stderr
    for name in ("empty.txt", "blank.txt", "image.txt", "archive.txt", "deep.html", "bad.jsonl:1", "bad.jsonl:4"):
        assert any(name in x for x in lines), name
    with timeline.open(db, read_only=True) as tl:
        assert tl.verify() > 0
        sources = {r[0] for r in tl.db.rows("SELECT source FROM articles")}
        assert any(s.endswith("legacy-1251.txt") for s in sources)
        text = tl.db.rows("SELECT text FROM articles WHERE source LIKE '%legacy-1251.txt'")[0][0]
        assert "міністра" in text  # decoded from windows-1251


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(gazetteer_records())


def test_hostile_text_is_extracted_without_failing(extractor):
    long_sentence = "Theo Reuters, " + "giá dầu tăng " * 8000 + "hôm 6/10."
    tricky = "Theo\u200b Reuters\u202e, hôm 6/10 Nga \u2066và\u2069 Triều Tiên ký thỏa thuận, Moscow said in English."
    for text in (long_sentence, tricky, "\u200b" * 1000):
        extraction = extractor.extract(ArticleInput(text=text, source="x", published_at=date(2023, 10, 7)))
        for t in extraction.time_expressions:
            assert t.text == text[t.start : t.end]


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400),
    lang=st.sampled_from(["vi", "ar", "uk", "zh", "ja", "ko", "en", None]),
)
def test_extraction_never_raises_in_any_language(extractor, text, lang):
    extraction = extractor.extract(ArticleInput(text=text, source="x", language=lang, published_at=date(2023, 1, 1)))
    for c in extraction.claims:
        assert 0 <= c.start < c.end <= len(text)
        if c.event_time is not None:
            assert c.event_time.start < c.event_time.end
