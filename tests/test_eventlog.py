"""The event log's invariants, on real DuckDB files."""

from __future__ import annotations

import hashlib

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import timeline
from timeline.domain.events import EncodedPayload, NewEvent, canonical_json, event_hash
from timeline.errors import ConcurrencyError, IntegrityError
from timeline.store import Database
from timeline.store.eventstore import NO_STREAM, StreamAppend

from .conftest import SEEDS, timeline_cmd


def _events(db: Database) -> list[tuple]:
    return db.rows("SELECT position, stream, version, type, data::VARCHAR, hash FROM events ORDER BY position")


def test_appending_never_changes_earlier_events(tmp_path):
    with Database(tmp_path / "log.duckdb") as db:
        db.append([StreamAppend("s-1", NO_STREAM, [NewEvent("Noted", {"n": 1})])])
        before = _events(db)
        db.append([StreamAppend("s-2", NO_STREAM, [NewEvent("Noted", {"n": 2}), NewEvent("Noted", {"n": 3})])])
        after = _events(db)
    assert after[: len(before)] == before
    assert [r[0] for r in after] == [1, 2, 3]
    assert [(r[1], r[2]) for r in after] == [("s-1", 1), ("s-2", 1), ("s-2", 2)]


def test_expected_version_conflict_raises_and_writes_nothing(tmp_path):
    with Database(tmp_path / "log.duckdb") as db:
        db.append([StreamAppend("s", NO_STREAM, [NewEvent("Noted", {"n": 1})])])
        with pytest.raises(ConcurrencyError) as info:
            db.append(
                [
                    StreamAppend("other", NO_STREAM, [NewEvent("Noted", {"n": 2})]),
                    StreamAppend("s", NO_STREAM, [NewEvent("Noted", {"n": 3})]),
                ]
            )
        assert info.value.stream == "s" and info.value.actual == 1
        assert len(_events(db)) == 1  # the batch is atomic: "other" was not written either
        db.append([StreamAppend("s", 1, [NewEvent("Noted", {"n": 4})])])
        assert db.stream_versions(["s"]) == {"s": 2}


def test_ingest_is_idempotent(seeded_copy):
    with timeline.open(seeded_copy) as tl:
        before = tl.db.rows("SELECT count(*) FROM events")[0][0]
        summary = tl.ingest_paths([SEEDS])
        after = tl.db.rows("SELECT count(*) FROM events")[0][0]
    assert (summary.new, summary.present) == (0, 5)
    assert after == before


def test_tampering_with_any_event_is_detected_and_named(seeded_copy):
    with timeline.open(seeded_copy) as tl:
        assert tl.verify() > 5
        target = tl.db.rows("SELECT position FROM events WHERE type = 'ArticleSubmitted' ORDER BY position LIMIT 1")[0][
            0
        ]
    con = duckdb.connect(str(seeded_copy))
    con.execute(
        'UPDATE events SET data = json_merge_patch(data, \'{"outlet": "forged"}\') WHERE position = ?', [target]
    )
    con.close()
    with timeline.open(seeded_copy) as tl, pytest.raises(IntegrityError) as info:
        tl.verify()
    assert info.value.position == target
    result = timeline_cmd("--db", str(seeded_copy), "verify")
    assert result.returncode == 2
    assert f"position {target}" in result.stderr


def test_rebuild_equals_incremental(tmp_path):
    """Ingest the seeds one article at a time (incremental projection), then rebuild from the log."""
    from timeline.store.projections import TABLES

    with timeline.open(tmp_path / "inc.duckdb") as tl:
        for path in sorted(SEEDS.glob("*.txt")):
            tl.ingest_paths([path])
        incremental = {t: tl.db.table_snapshot(t) for t in TABLES}
        tl.rebuild()
        rebuilt = {t: tl.db.table_snapshot(t) for t in TABLES}
    assert all(incremental[t] for t in ("articles", "claims", "claim_entities", "entities"))
    for table in TABLES:
        assert rebuilt[table] == incremental[table], table


def test_a_failed_write_leaves_no_partial_article(tmp_path):
    """An article whose append fails leaves neither events nor projection rows."""
    from timeline.ingest.readers import read_inputs
    from timeline.ingest.service import article_events

    with timeline.open(tmp_path / "db.duckdb") as tl:
        article = next(iter(read_inputs([sorted(SEEDS.glob("*.txt"))[0]])))
        good = article_events(article, tl.extractor)
        clash = StreamAppend("article-x", 5, [NewEvent("Noted", {})])  # wrong expected version
        with pytest.raises(ConcurrencyError):
            tl.db.append([good, clash])
        assert tl.db.rows("SELECT count(*) FROM events")[0][0] == 0
        assert tl.db.rows("SELECT count(*) FROM articles")[0][0] == 0
        assert tl.db.rows("SELECT count(*) FROM claims")[0][0] == 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=40, deadline=None)
@given(payloads=st.lists(st.dictionaries(st.text(max_size=10), json_values, max_size=5), min_size=1, max_size=4))
def test_log_round_trips_any_payload(tmp_path_factory, payloads):
    path = tmp_path_factory.mktemp("rt") / "rt.duckdb"
    with Database(path) as db:
        db.append([StreamAppend("p", NO_STREAM, [NewEvent("Payload", p) for p in payloads])], project=False)
        read = db.read_events()
        assert [e.data for e in read] == payloads
        assert db.verify() == len(payloads)


def test_chain_hash_of_an_event_is_unchanged():
    """The hash of an event, as computed when the log format was fixed: old databases still verify."""
    data = {"text": 'Kyiv "quoted"\n\t\u2028 Київ 北京 \U0001f600 \\ end', "n": 1.5, "k": [None, True]}
    digest = event_hash(
        "ab" * 32,
        position=7,
        stream="article-0123456789abcdef",
        version=2,
        type="ArticleExtracted",
        schema_version=1,
        data_json=canonical_json(data),
        meta_json=canonical_json({"tool_version": "0.1.0"}),
        recorded_micros=1_700_000_000_123_456,
    )
    assert digest == "588e85fc53beeddbf04bdf3b47fcf0b83b3f2e249d1e42b106c5f03ee90d0bd9"


@settings(max_examples=200, deadline=None)
@given(
    fields=st.tuples(
        st.integers(0, 2**62), st.text(), st.integers(0, 2**31), st.text(), st.integers(0, 99), st.text(), st.text()
    ),
    payload=st.dictionaries(st.text(max_size=10), json_values, max_size=5),
)
def test_chain_hash_is_sha256_of_the_previous_hash_and_the_canonical_event(fields, payload):
    position, stream, version, etype, schema_version, meta_json, prev = fields
    data_json = EncodedPayload.of(payload).json
    assert data_json == canonical_json(payload) and dict(EncodedPayload(data_json)) == payload
    body = canonical_json([position, stream, version, etype, schema_version, data_json, meta_json, 42])
    expected = hashlib.sha256((prev + body).encode("utf-8", "surrogatepass")).hexdigest()
    try:
        digest = event_hash(
            prev,
            position=position,
            stream=stream,
            version=version,
            type=etype,
            schema_version=schema_version,
            data_json=data_json,
            meta_json=meta_json,
            recorded_micros=42,
        )
    except UnicodeEncodeError:  # a lone surrogate cannot be stored either
        assert any("\ud800" <= c <= "\udfff" for c in prev + body)
        return
    assert digest == expected


def test_old_event_versions_are_upcast_on_read(tmp_path):
    with Database(tmp_path / "db.duckdb") as db:
        db.append(
            [
                StreamAppend(
                    "legacy",
                    NO_STREAM,
                    [
                        NewEvent(
                            "ArticleSubmitted",
                            {"article_id": "x", "text": "t", "published": "2023-10-07"},
                            schema_version=1,
                        )
                    ],
                )
            ],
            project=False,
        )
        (event,) = db.read_events()
    assert event.schema_version == 2
    assert event.data["published_at"] == "2023-10-07" and "published" not in event.data
