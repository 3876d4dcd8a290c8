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


LEGACY = {
    "legacy-1251.txt": ("cp1251", "За словами міністра, у вересні ціни на пальне зросли на десять відсотків."),
    "legacy-1256.txt": ("cp1256", "وفقا لوزارة الدفاع، وقعت الدولتان اتفاقا جديدا بشأن التجارة والأمن."),
    "legacy-latin1.txt": (
        "latin-1",
        "Selon le ministère de la Défense, les deux pays ont signé un accord économique le 6 octobre à Genève.",
    ),
}
HOSTILE = {
    "zero-width and bidi": "Theo\u200b Reuters\u202e, hôm 6/10 Nga \u2066và\u2069 Triều Tiên ký thỏa thuận\u200d mới.",
    "mixed scripts": "Theo Reuters, Путин и 習近平 đã gặp nhau ở Moskva hôm 6/10, وفقا للكرملين, said the Kremlin.",
    "100,000-character sentence": "Theo Reuters, " + "giá dầu tăng " * 7700 + "hôm 6/10.",
}


def _bad_files(folder):
    """Every kind of bad input, each with a word its rejection line must give as the reason."""
    files = {
        "empty.txt": (b"", "empty"),
        "blank.txt": (b"  \n\t\n", "empty"),
        "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        "archive.txt": (b"PK\x03\x04" + bytes(200), "binary"),
        "invalid-utf8.txt": (bytes(0x80 + (i * 37) % 128 for i in range(300)), "UTF-8"),
        "deep.html": (b"<html><body>" + b"<div>" * 10000 + b"text" + b"</div>" * 10000 + b"</body></html>", "HTML"),
    }
    for name, (data, _reason) in files.items():
        (folder / name).write_bytes(data)
    sentence = "Theo Reuters, giá dầu tăng mạnh trong tuần này. ".encode()
    with (folder / "huge.txt").open("wb") as fh:  # 50 MB of text
        fh.write(sentence * (50 * 1024 * 1024 // len(sentence) + 1))
    expected = {name: reason for name, (_data, reason) in files.items()} | {"huge.txt": "too large"}
    lines = [
        ("{broken json", "JSON"),
        (json.dumps({"outlet": "no text"}), "no article text"),
        (json.dumps({"text": 42}), "must be a string"),
        (json.dumps({"text": "Theo Reuters, giá dầu tăng.", "published_at": "2023-02-30"}), "2023-02-30"),
        (json.dumps({"text": "Theo Reuters, giá dầu tăng mạnh.", "published_at": "yesterday"}), "yesterday"),
        (json.dumps({"text": "Theo Reuters, giá dầu giảm.", "published_at": "99999-01-01"}), "99999"),
        (json.dumps({"text": "Theo Reuters, giá dầu đứng yên.", "published_at": -86400}), "published_at"),
        (json.dumps({"text": "Theo Reuters, giá dầu đứng.", "published_at": "-0001-01-01"}), "-0001"),
    ]
    (folder / "bad.jsonl").write_text("\n".join(line for line, _ in lines) + "\n", encoding="utf-8")
    expected |= {f"bad.jsonl:{n}": reason for n, (_line, reason) in enumerate(lines, start=1)}
    return expected


def test_a_batch_with_bad_inputs_stores_every_good_article(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    expected = _bad_files(folder)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, (encoding, text) in LEGACY.items():
        (folder / name).write_bytes(text.encode(encoding))
    hostile = [{"text": text, "source": name} for name, text in HOSTILE.items()]
    (folder / "hostile.jsonl").write_text("\n".join(json.dumps(r) for r in hostile) + "\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    result = timeline_cmd("--db", str(db), "ingest", str(folder), str(SEEDS))
    good = 1 + len(LEGACY) + len(HOSTILE) + 5
    assert result.returncode == 1  # some were rejected
    assert f"{good} new, 0 already present, {len(expected)} rejected" in result.stdout
    lines = [x for x in result.stderr.splitlines() if x.startswith("rejected: ")]
    assert len(lines) == len(expected) and "Traceback" not in result.stderr
    for name, reason in expected.items():  # one line per bad input, naming it and saying why
        (line,) = [x for x in lines if f"{name}: " in x]
        assert reason.lower() in line.lower(), (name, line)
    with timeline.open(db, read_only=True) as tl:
        assert tl.verify() > 0
        stored = dict(tl.db.rows("SELECT source, text FROM articles"))
        for name, (_encoding, text) in LEGACY.items():  # decoded exactly
            assert stored[str(folder / name)] == text
        for name, text in HOSTILE.items():  # stored exactly, every claim's offsets index its text
            assert stored[name] == text
            claims = tl.db.rows(
                "SELECT c.text, c.start_offset, c.end_offset FROM claims c JOIN articles a USING (article_id) "
                "WHERE a.source = $s",
                {"s": name},
            )
            assert all(text[start:end] == claim for claim, start, end in claims)
        assert not any(name in source for source in stored for name in expected)
        # nothing partial: every submitted article has its extraction, in the log and in the read tables
        streams = tl.db.rows(
            "SELECT stream, list(type ORDER BY version) FROM events WHERE stream LIKE 'article-%' GROUP BY stream"
        )
        assert len(streams) == good and all(types == ["ArticleSubmitted", "ArticleExtracted"] for _, types in streams)
        assert tl.db.rows("SELECT count(*) FROM extractions")[0][0] == good


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
