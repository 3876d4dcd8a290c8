"""The per-user gazetteer index cache (``timeline.data.index_cache``): what it reads back is what was
built, a foreign, damaged or stale file is never used, and a directory that cannot be written only
means building. Real files in temporary directories; the CLI as a subprocess."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, timeline_cmd
from timeline.data import build_gazetteer, gazetteer_records
from timeline.data.index_cache import cache_dir, cached, fingerprint, read_index, write_index
from timeline.domain.model import ArticleInput
from timeline.extract import Extractor
from timeline.extract.entities import Gazetteer
from timeline.extract.pipeline import share_gazetteer

Built = tuple[tuple[dict, ...], Gazetteer]


@pytest.fixture(scope="module")
def built() -> Built:
    """Records and gazetteer built from the data files (no cache involved)."""
    return build_gazetteer()


def _same_gazetteer(a: Gazetteer, b: Gazetteer) -> None:
    """Field by field equal, and every dict in the same order (matching may depend on it)."""
    for f in dataclasses.fields(Gazetteer):
        if f.name == "_words":
            continue  # a memo that matching fills
        left, right = getattr(a, f.name), getattr(b, f.name)
        assert left == right, f.name
        if isinstance(left, dict):
            assert list(left) == list(right), f"{f.name}: another order"


def test_the_index_read_back_equals_the_one_built(built: Built, tmp_path: Path) -> None:
    records, gazetteer = built
    key = fingerprint()
    assert write_index(tmp_path, key, records, gazetteer)
    found = read_index(tmp_path, key)
    assert found is not None
    loaded_records, loaded = found
    assert loaded_records == records
    assert [r["id"] for r in loaded_records] == [r["id"] for r in records]
    _same_gazetteer(loaded, gazetteer)
    assert loaded == Gazetteer.from_records(loaded_records)  # and it is what those records build


def test_extraction_with_the_read_index_is_the_same(built: Built, tmp_path: Path) -> None:
    records, gazetteer = built
    key = fingerprint()
    write_index(tmp_path, key, records, gazetteer)
    found = read_index(tmp_path, key)
    assert found is not None
    bundled = gazetteer_records()
    usual = Extractor(bundled).gazetteer
    try:
        share_gazetteer(records, gazetteer)
        fresh = Extractor(records)
        share_gazetteer(*found)
        loaded = Extractor(found[0])
    finally:
        share_gazetteer(bundled, usual)  # the other tests' extractors share the usual one again
    assert loaded.gazetteer is found[1] and fresh.gazetteer is gazetteer
    texts = 0
    for gold in sorted((ROOT / "tests" / "corpus").glob("*/gold.json")):
        language = gold.parent.name
        for path in sorted(gold.parent.glob("*.txt"))[:2]:
            article = ArticleInput(text=path.read_text(encoding="utf-8"), source=path.name, language=language)
            assert loaded.extract(article).to_json() == fresh.extract(article).to_json(), path
            texts += 1
    assert texts >= 20


def test_another_fingerprint_a_damaged_file_or_a_foreign_one_is_not_read(built: Built, tmp_path: Path) -> None:
    records, gazetteer = built
    old, new = "a" * 32, "b" * 32
    assert write_index(tmp_path, old, records, gazetteer)
    assert read_index(tmp_path, new) is None  # nothing under the new fingerprint
    (tmp_path / f"gazetteer-{old}.index").rename(tmp_path / f"gazetteer-{new}.index")
    assert read_index(tmp_path, new) is None  # the header names the old one
    assert write_index(tmp_path, new, records, gazetteer)
    path = tmp_path / f"gazetteer-{new}.index"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert read_index(tmp_path, new) is None  # cut short
    path.write_bytes(data)
    assert read_index(tmp_path, new) is not None
    path.chmod(0o666)
    assert read_index(tmp_path, new) is None  # anyone could have written it


def test_a_directory_that_cannot_be_written_means_building(built: Built, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    unwritable = blocker / "cache"  # even root cannot create a directory inside a file
    assert not write_index(unwritable, fingerprint(), *built)
    for directory in (unwritable, None):
        records, gazetteer = cached(directory, lambda: built)
        assert records is built[0] and gazetteer is built[1]
    assert not unwritable.exists()


def test_old_index_files_are_pruned(built: Built, tmp_path: Path) -> None:
    for i in range(6):
        assert write_index(tmp_path, f"{i:032x}", *built)
        os.utime(tmp_path / f"gazetteer-{i:032x}.index", ns=(i * 10**9, i * 10**9))
    assert write_index(tmp_path, "f" * 32, *built)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [f"gazetteer-{i:032x}.index" for i in (3, 4, 5)] + [f"gazetteer-{'f' * 32}.index"]


def test_the_cache_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("TIMELINE_CACHE_DIR", "off")
    assert cache_dir() is None
    monkeypatch.delenv("TIMELINE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "timeline"


def test_the_cli_writes_the_index_once_and_reads_it_after(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    corpus = ROOT / "tests" / "corpus" / "ru"
    args = ("eval", str(corpus / "gold.json"), "--texts", str(corpus))
    first = timeline_cmd(*args, env={"TIMELINE_CACHE_DIR": str(cache)})
    assert first.returncode == 0, first.stderr
    files = list(cache.glob("gazetteer-*.index"))
    assert len(files) == 1
    written = files[0].stat().st_mtime_ns
    second = timeline_cmd(*args, env={"TIMELINE_CACHE_DIR": str(cache)})
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    assert files[0].stat().st_mtime_ns == written  # read, not written again
    without = timeline_cmd(*args, env={"TIMELINE_CACHE_DIR": "off"})
    assert without.stdout == first.stdout
