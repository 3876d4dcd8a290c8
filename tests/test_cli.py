"""The command line, run as a user would run it."""

from __future__ import annotations

import json

from .conftest import ROOT, SEEDS, timeline_cmd


def test_demo_answers_the_headline_question(tmp_path):
    result = timeline_cmd("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert (tmp_path / "timeline.duckdb").exists()
    assert "Beyond Parallel" in out and "ОстроВ" in out and "2023-10-05" in out
    for chrome in ("2026", "Monday, November 25, 2024", "1.000 container"):
        assert chrome not in out
    answer = timeline_cmd("claims", "--about", "Tumangang", "--before", "2023-10-06", "--json", cwd=tmp_path)
    rows = [json.loads(line) for line in answer.stdout.splitlines()]
    texts = " ".join(r["text"] for r in rows)
    assert "73 вагони" in texts and "20 toa xe" in texts and "20 mobil" in texts
    assert "останніх п’яти років" in texts  # a claim whose only own name is "COVID-19" keeps its topic
    assert all(r["outlet"] or r["source"] for r in rows)


def test_ingest_reports_new_present_and_rejected(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00binary")
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    db = str(tmp_path / "t.duckdb")
    first = timeline_cmd("--db", db, "ingest", str(SEEDS), str(bad), str(empty))
    assert first.returncode == 1
    assert "5 new, 0 already present, 2 rejected" in first.stdout
    assert "bad.txt" in first.stderr and "empty.txt" in first.stderr
    again = timeline_cmd("--db", db, "ingest", str(SEEDS))
    assert again.returncode == 0
    assert "0 new, 5 already present, 0 rejected" in again.stdout


def test_jsonl_input_with_metadata_and_a_broken_line(tmp_path):
    lines = [
        json.dumps(
            {
                "text": "Theo Bộ Ngoại giao, hôm 6/10 hai nước đã ký thỏa thuận thương mại mới.",
                "outlet": "Test Daily",
                "published_at": "2024-10-08",
                "language": "vi",
                "url": "https://example.org/a",
            }
        ),
        "{not json",
        json.dumps({"outlet": "no text here"}),
        json.dumps(
            {
                "text": "Laut dem Ministerium stiegen die Preise im vergangenen Monat deutlich.",
                "published_at": "2023-02-30",
            }
        ),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "t.duckdb")
    result = timeline_cmd("--db", db, "ingest", str(path))
    assert result.returncode == 1
    assert "1 new, 0 already present, 3 rejected" in result.stdout
    assert "batch.jsonl:2" in result.stderr and "batch.jsonl:3" in result.stderr and "2023-02-30" in result.stderr
    export = json.loads(timeline_cmd("--db", db, "export", "--format", "json").stdout)
    (article,) = export["articles"]
    assert article["source"] == "https://example.org/a" and article["outlet"] == "Test Daily"
    assert article["document_date"] == {"start": "2024-10-08", "end": "2024-10-09", "basis": "metadata"}
    assert any(t["text"] == "6/10" and t["value_start"] == "2024-10-06" for t in article["time_expressions"])


def test_claims_command_and_json_output(seeded_db):
    result = timeline_cmd("--db", str(seeded_db), "claims", "--about", "Туманганг", "--before", "2023-10-06", "--json")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["claimant"] for r in rows)
    assert all((r["event_start"] or r["stated_start"]) < "2023-10-06" for r in rows)


def test_export_contract(seeded_db, tmp_path):
    out = tmp_path / "export.json"
    result = timeline_cmd("--db", str(seeded_db), "export", "--format", "json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    assert len(data["articles"]) == 5
    for a in data["articles"]:
        text = texts[a["source"].rsplit("/", 1)[-1]]
        assert set(a) >= {
            "id",
            "source",
            "url",
            "outlet",
            "language",
            "published_at",
            "document_date",
            "time_expressions",
            "claims",
        }
        for t in a["time_expressions"]:
            assert text[t["start"] : t["end"]] == t["text"]
            assert t["value_start"] is None or t["value_start"] < t["value_end"]
        for c in a["claims"]:
            assert text[c["start"] : c["end"]] == c["text"]
            assert set(c) >= {
                "id",
                "event_start",
                "event_end",
                "stated_start",
                "stated_end",
                "claimant",
                "entities",
                "quantities",
                "stance",
            }


def test_rebuild_and_verify_commands(seeded_copy):
    assert timeline_cmd("--db", str(seeded_copy), "rebuild").returncode == 0
    verify = timeline_cmd("--db", str(seeded_copy), "verify")
    assert verify.returncode == 0 and "hash chain intact" in verify.stdout


def test_bad_arguments_give_one_line_errors(seeded_db, tmp_path):
    result = timeline_cmd("--db", str(seeded_db), "claims", "--before", "yesterday")
    assert result.returncode == 2 and "Traceback" not in result.stderr and "yesterday" in result.stderr
    missing = timeline_cmd("--db", str(tmp_path / "none.duckdb"), "claims")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_exported_schema_files_match_the_code(tmp_path):
    result = timeline_cmd("schema", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name in ("timeline.graphql", "timeline.sql"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (ROOT / "schema" / name).read_text(encoding="utf-8"), (
            f"schema/{name} is stale: run `timeline schema`"
        )


def test_ingest_with_worker_processes_stores_what_one_process_stores(tmp_path):
    """--workers N extracts in N processes; the log's content and order are those of one process."""
    articles = [
        {"text": p.read_text(encoding="utf-8"), "source": p.name}
        for p in sorted((ROOT / "tests" / "corpus").glob("*/*.txt"))
    ]
    articles.insert(3, {"text": articles[0]["text"], "source": "repeated"})
    articles.insert(7, {"outlet": "no text"})
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    exports = []
    for workers in ("1", "2"):
        db = tmp_path / f"w{workers}.duckdb"
        result = timeline_cmd("--db", str(db), "ingest", "--workers", workers, str(feed))
        assert result.returncode == 1, result.stderr  # the record without text is rejected
        assert f"{len(articles) - 2} new, 1 already present, 1 rejected" in result.stdout
        out = tmp_path / f"w{workers}.json"
        assert timeline_cmd("--db", str(db), "export", "--format", "json", "--out", str(out)).returncode == 0
        exports.append(json.loads(out.read_text(encoding="utf-8")))
        log = timeline_cmd("--db", str(db), "sql", "SELECT stream FROM events ORDER BY position")
        exports.append(log.stdout)
    assert exports[0] == exports[2] and exports[1] == exports[3]
    assert len(exports[0]["articles"]) == len(articles) - 2


def test_ingest_refuses_a_bad_worker_count(tmp_path):
    result = timeline_cmd("--db", str(tmp_path / "t.duckdb"), "ingest", "--workers", "0", str(SEEDS))
    assert result.returncode == 2 and "must be 1 or more" in result.stderr and "Traceback" not in result.stderr


def test_a_jsonl_feed_larger_than_an_article_is_streamed_line_by_line(tmp_path):
    """The 20 MB limit is per article: a bigger feed is read a line at a time, a bad line rejected alone."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:3]]
    padding = (" " * 1023 + "\n").encode() * (21 * 1024)  # blank lines: 21 MB of nothing
    lines = [
        json.dumps({"text": t, "source": f"feed-{i}"}, ensure_ascii=False).encode() + b"\n" for i, t in enumerate(texts)
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(lines[0] + padding + lines[1] + b'{"text": "caf\xe9"}\n' + lines[2])
    result = timeline_cmd("--db", str(tmp_path / "t.duckdb"), "ingest", "--workers", "1", str(feed))
    assert result.returncode == 1, result.stderr
    assert "3 new, 0 already present, 1 rejected" in result.stdout
    bad_line = 2 + 21 * 1024 + 1
    assert f"feed.jsonl:{bad_line}: not valid UTF-8" in result.stderr and "Traceback" not in result.stderr
