"""Feeds (TimelineJS, vis-timeline), analyst exports (Parquet, CSV) and the raw-log backup."""

from __future__ import annotations

import json
import urllib.request
from datetime import date

import polars as pl

import timeline
from timeline.store.projections import TABLES

from .conftest import timeline_cmd


def _valid_date(parts: dict) -> date:
    assert set(parts) <= {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}
    return date(int(parts["year"]), int(parts.get("month", 1)), int(parts.get("day", 1)))


def test_timelinejs_feed_follows_the_format(seeded_db):
    out = timeline_cmd("--db", str(seeded_db), "export", "--format", "timelinejs", "--about", "Туманганг")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    events = doc["events"]
    assert events and doc["title"]["text"]["headline"]
    assert len({e["unique_id"] for e in events}) == len(events)
    for e in events:
        start = _valid_date(e["start_date"])
        if "end_date" in e:
            assert _valid_date(e["end_date"]) >= start
        assert e["text"]["headline"] and e["text"]["text"] and e["group"]
    five_years = [e for e in events if "end_date" in e]
    assert five_years and all(int(e["end_date"]["year"]) - int(e["start_date"]["year"]) >= 4 for e in five_years)
    days = [e for e in events if "day" in e["start_date"] and "end_date" not in e]
    assert any(e["start_date"] == {"year": "2023", "month": "10", "day": "5"} for e in days)


def test_vis_feed_over_http_and_cli_agree(server, seeded_db):
    with urllib.request.urlopen(server.url + "/export/vis?about=Tumangang&before=2023-10-06", timeout=30) as resp:
        over_http = json.load(resp)
    cli = json.loads(
        timeline_cmd(
            "--db", str(seeded_db), "export", "--format", "vis", "--about", "Tumangang", "--before", "2023-10-06"
        ).stdout
    )
    assert over_http == cli
    groups = {g["id"] for g in cli["groups"]}
    for item in cli["items"]:
        assert item["type"] in ("point", "range") and item["group"] in groups and item["title"]
        if item["type"] == "range":
            assert item["end"] > item["start"]
    bad = urllib.request.Request(server.url + "/export/vis?before=yesterday")
    try:
        urllib.request.urlopen(bad, timeout=30)
        raise AssertionError("a bad date must be refused")
    except urllib.error.HTTPError as exc:
        assert exc.code == 400 and "yesterday" in json.load(exc)["error"]


def test_parquet_and_csv_carry_claims_with_entities_and_sources(seeded_db, tmp_path):
    for fmt in ("parquet", "csv"):
        out = tmp_path / f"claims.{fmt}"
        result = timeline_cmd("--db", str(seeded_db), "export", "--format", fmt, "--out", str(out))
        assert result.returncode == 0, result.stderr
        frame = pl.read_parquet(out) if fmt == "parquet" else pl.read_csv(out)
        assert {"claim_id", "text", "claimant", "outlet", "source", "entities", "event_start"} <= set(frame.columns)
        assert frame.height > 20
    missing = timeline_cmd("--db", str(seeded_db), "export", "--format", "parquet")
    assert missing.returncode == 2 and "--out" in missing.stderr


def test_event_log_backup_restores_an_identical_database(seeded_db, tmp_path):
    backup = tmp_path / "log.jsonl"
    assert timeline_cmd("--db", str(seeded_db), "export", "--format", "jsonl", "--out", str(backup)).returncode == 0
    restored = tmp_path / "restored.duckdb"
    result = timeline_cmd("--db", str(restored), "ingest", "--events", str(backup))
    assert result.returncode == 0, result.stderr
    with timeline.open(seeded_db, read_only=True) as a, timeline.open(restored, read_only=True) as b:
        assert a.verify() == b.verify()
        for table in TABLES:
            assert a.db.table_snapshot(table) == b.db.table_snapshot(table), table
    again = timeline_cmd("--db", str(restored), "ingest", "--events", str(backup))
    assert again.returncode == 2 and "not empty" in again.stderr
    lines = backup.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[3])
    record["data"] = record["data"].replace("Beyond", "Beyand")
    lines[3] = json.dumps(record, ensure_ascii=False)
    forged = tmp_path / "forged.jsonl"
    forged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = timeline_cmd("--db", str(tmp_path / "other.duckdb"), "ingest", "--events", str(forged))
    assert refused.returncode == 2 and f"position {record['position']}" in refused.stderr


def test_plot_writes_png_and_svg(seeded_db, tmp_path):
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml")):
        out = tmp_path / f"timeline{suffix}"
        result = timeline_cmd("--db", str(seeded_db), "plot", "--about", "Tumangang", "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(magic)
    wrong = timeline_cmd("--db", str(seeded_db), "plot", "--out", str(tmp_path / "timeline.gif"))
    assert wrong.returncode == 2 and ".png or .svg" in wrong.stderr


def test_the_example_script_runs(tmp_path):
    import subprocess
    import sys

    from .conftest import ROOT

    out = tmp_path / "per_outlet.png"
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "claims_per_outlet.py"), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG") and "Dân trí" in result.stdout
