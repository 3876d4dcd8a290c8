"""Corrections are events: aliases and retractions through GraphQL, asOf reads, history, rebuild."""

from __future__ import annotations

import shutil

import pytest

import timeline
from timeline.store.projections import TABLES

from .conftest import GRAPHQL_DIR, serving

TOKEN = "test-token-123"
# An article of our own whose station name is spelled in a way the gazetteer does not know.
ARTICLE = "米戦略国際問題研究所によると、トゥマンガン駅では2023年10月5日に貨車73両が確認された。\n"
HEADLINE = """query($asOf: Int) { claims(filter: {about: "Tumangang", before: "2023-10-06"}, asOfPosition: $asOf) {
  edges { node { id text claimant { name } } } } }"""
ADD_ALIAS = (GRAPHQL_DIR / "add_alias.graphql").read_text(encoding="utf-8")
RETRACT = """mutation($id: ID!, $v: Int) { retractClaim(id: $id, reason: "test retraction", expectedVersion: $v) {
  __typename ... on ClaimRetracted { position claimId } ... on ConflictError { expectedVersion actualVersion }
  ... on NotFoundError { message } } }"""


@pytest.fixture
def writable(seeded_db, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(seeded_db, db)
    (tmp_path / "ja.txt").write_text(ARTICLE, encoding="utf-8")
    with timeline.open(db) as tl:
        assert tl.ingest_paths([tmp_path / "ja.txt"]).new == 1
    with serving(db, {"TIMELINE_TOKEN": TOKEN}) as s:
        yield s


def _texts(result: dict) -> list[str]:
    return [e["node"]["text"] for e in result["data"]["claims"]["edges"]]


def test_alias_in_a_new_script_finds_missed_claims_and_asof_gives_the_old_answer(writable):
    before = _texts(writable.graphql(HEADLINE))
    assert before and not any("トゥマンガン" in t for t in before)
    refused = writable.graphql(ADD_ALIAS, {"alias": "トゥマンガン"})
    assert "Authorization" in refused["errors"][0]["message"]
    added = writable.graphql(ADD_ALIAS, {"alias": "トゥマンガン"}, token=TOKEN)["data"]["addAlias"]
    assert added["__typename"] == "AliasAdded" and "トゥマンガン" in added["entity"]["aliases"]
    after = _texts(writable.graphql(HEADLINE))
    assert any("トゥマンガン" in t for t in after)
    assert set(before) < set(after)
    old = _texts(writable.graphql(HEADLINE, {"asOf": added["position"] - 1}))
    assert sorted(old) == sorted(before)
    again = writable.graphql(ADD_ALIAS, {"alias": "トゥマンガン"}, token=TOKEN)["data"]["addAlias"]
    assert again["__typename"] == "ValidationError"


def test_retraction_hides_the_claim_keeps_history_and_rebuild_agrees(writable):
    nodes = writable.graphql(HEADLINE)["data"]["claims"]["edges"]
    claim_id = nodes[0]["node"]["id"]
    conflict = writable.graphql(RETRACT, {"id": claim_id, "v": 3}, token=TOKEN)["data"]["retractClaim"]
    assert conflict == {"__typename": "ConflictError", "expectedVersion": 3, "actualVersion": 0}
    done = writable.graphql(RETRACT, {"id": claim_id, "v": 0}, token=TOKEN)["data"]["retractClaim"]
    assert done["__typename"] == "ClaimRetracted"
    remaining = [e["node"]["id"] for e in writable.graphql(HEADLINE)["data"]["claims"]["edges"]]
    assert claim_id not in remaining
    history = writable.graphql(
        "query($id: ID!) { claim(id: $id) { retractedAtPosition history { type reason position } } }", {"id": claim_id}
    )["data"]["claim"]
    assert history["retractedAtPosition"] == done["position"]
    assert [h["type"] for h in history["history"]][-1] == "ClaimRetracted"
    assert history["history"][-1]["reason"] == "test retraction"
    missing = writable.graphql(RETRACT, {"id": claim_id, "v": None}, token=TOKEN)["data"]["retractClaim"]
    assert missing["__typename"] == "NotFoundError"


def test_rebuild_after_corrections_gives_identical_tables(seeded_copy, tmp_path):
    (tmp_path / "ja.txt").write_text(ARTICLE, encoding="utf-8")
    with timeline.open(seeded_copy) as tl:
        tl.add_alias("tumangang", "トゥマンガン", "ja")
        tl.ingest_paths([tmp_path / "ja.txt"])  # after the alias: linked on arrival
        claim_id = tl.claims(about="Tumangang")["claim_id"][0]
        tl.retract_claim(claim_id, "duplicate")
        incremental = {t: tl.db.table_snapshot(t) for t in TABLES}
        tl.rebuild()
        rebuilt = {t: tl.db.table_snapshot(t) for t in TABLES}
        assert any("トゥマンガン" in t for t in tl.claims(about="Туманганг")["text"])
    for table in TABLES:
        assert rebuilt[table] == incremental[table], table


GROUPS = (GRAPHQL_DIR / "claim_groups.graphql").read_text(encoding="utf-8")
DENIALS = """{ claims(filter: {text: "Kremlin", language: "vi"}) { edges { node { stance
  denies { text claimant { id } } } } } }"""


def test_the_railcar_claims_form_one_cross_lingual_group_with_a_disagreement(server):
    groups = server.graphql(GROUPS)["data"]["claimGroups"]
    railcars = [
        g
        for g in groups
        if any(d["field"] == "quantity" and {"70", "73"} <= set(d["values"]) for d in g["disagreements"])
    ]
    assert len(railcars) == 1
    group = railcars[0]
    assert group["size"] >= 4 and len(group["outlets"]) == 4
    assert set(group["languages"]) == {"vi", "id", "ar", "uk"}
    assert group["eventTime"]["start"] == "2023-10-05"  # only the Ukrainian text dates the imagery
    twenty = [g for g in groups if g is not group and all("20" in c["text"] for c in g["claims"])]
    assert twenty and len(twenty[0]["languages"]) >= 3


def test_the_kremlin_denial_links_to_the_white_house_claims(server):
    nodes = [e["node"] for e in server.graphql(DENIALS)["data"]["claims"]["edges"]]
    denial = [n for n in nodes if n["stance"] == "denial"]
    assert denial
    assert any(c["claimant"]["id"] == "white-house" for c in denial[0]["denies"])


def test_event_subscription_catches_up_then_streams_every_new_event_once(writable):
    import json as _json

    from websockets.sync.client import connect

    head = max(
        e["position"]
        for e in writable.graphql("{ events(afterPosition: 0, first: 500) { position } }")["data"]["events"]
    )
    ws_url = writable.url.replace("http://", "ws://") + "/graphql"
    with connect(ws_url, subprotocols=["graphql-transport-ws"], open_timeout=10) as ws:
        ws.send(_json.dumps({"type": "connection_init"}))
        assert _json.loads(ws.recv(timeout=10))["type"] == "connection_ack"
        query = (GRAPHQL_DIR / "events_subscription.graphql").read_text(encoding="utf-8")
        ws.send(
            _json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query, "variables": {"after": head - 2}}})
        )
        for alias in ("Tumangang-A", "Tumangang-B", "Tumangang-C"):
            added = writable.graphql(ADD_ALIAS, {"alias": alias}, token=TOKEN)["data"]["addAlias"]
            assert added["__typename"] == "AliasAdded"
        seen = []
        while len(seen) < 5:
            message = _json.loads(ws.recv(timeout=15))
            assert message["type"] == "next", message
            seen.append(message["payload"]["data"]["events"])
    positions = [e["position"] for e in seen]
    assert positions == list(range(head - 1, head + 4))
    assert [e["type"] for e in seen[2:]] == ["AliasAdded"] * 3


def test_reextract_supersedes_an_older_extraction_and_rebuild_agrees(seeded_copy):
    from timeline.domain.events import NewEvent
    from timeline.store.eventstore import StreamAppend

    with timeline.open(seeded_copy) as tl:
        article_id, stream, source = tl.db.rows(
            "SELECT article_id, stream, source FROM articles ORDER BY source LIMIT 1"
        )[0]
        current = tl.db.rows(
            "SELECT data::VARCHAR FROM events WHERE stream = $s AND type = 'ArticleExtracted'", {"s": stream}
        )[0][0]
        import json

        corrected_id = tl.db.rows("SELECT claim_id FROM claims WHERE article_id = $a LIMIT 1", {"a": article_id})[0][0]
        tl.correct_claim(corrected_id, "checked by hand", stance="hedged")
        older = {**json.loads(current), "claims": [], "extractor_version": "0.0.1"}  # an extractor that found none
        version = tl.db.stream_versions([stream])[stream]
        head = tl.db.rows("SELECT max(position) FROM events")[0][0]
        tl.db.append([StreamAppend(stream, version, [NewEvent("ArticleExtracted", older)])])
        assert (
            tl.db.rows("SELECT count(*) FROM claims WHERE article_id = $a AND valid_to IS NULL", {"a": article_id})[0][
                0
            ]
            == 0
        )
        summary = tl.reextract()
        assert (summary.reextracted, summary.unchanged) == (1, 4)
        restored = tl.db.rows(
            "SELECT count(*) FROM claims WHERE article_id = $a AND valid_to IS NULL", {"a": article_id}
        )[0][0]
        ended = tl.db.rows(
            "SELECT count(*) FROM claims WHERE article_id = $a AND valid_to IS NOT NULL", {"a": article_id}
        )[0][0]
        assert restored > 0 and ended == restored + 1  # every earlier version is kept, superseded
        assert source in set(tl.claims(about="Tumangang", as_of=head)["source"])  # what the database held then
        assert source in set(tl.claims(about="Tumangang")["source"])
        stance = tl.db.rows("SELECT stance FROM claims WHERE claim_id = $c AND valid_to IS NULL", {"c": corrected_id})
        assert stance == [("hedged",)]  # the correction survives re-extraction
        incremental = {t: tl.db.table_snapshot(t) for t in TABLES}
        tl.rebuild()
        assert {t: tl.db.table_snapshot(t) for t in TABLES} == incremental


MERGE = """mutation($f: ID!, $i: ID!) { mergeEntities(from: $f, into: $i) {
  __typename ... on EntitiesMerged { into { id } } ... on ValidationError { message }
  ... on NotFoundError { message } } }"""


def test_merging_an_unknown_name_into_a_known_entity(writable, tmp_path):
    # "para analis di Washington" (an unknown group) is the source the Indonesian article names
    by_group = """{ claims(filter: {by: "Beyond Parallel", language: "id"}) { totalCount } }"""
    assert writable.graphql(by_group)["data"]["claims"]["totalCount"] == 0
    merged = writable.graphql(MERGE, {"f": "x-para-analis-di-washington", "i": "beyond-parallel"}, token=TOKEN)
    assert merged["data"]["mergeEntities"]["__typename"] == "EntitiesMerged"
    assert writable.graphql(by_group)["data"]["claims"]["totalCount"] > 0
    cycle = writable.graphql(MERGE, {"f": "beyond-parallel", "i": "x-para-analis-di-washington"}, token=TOKEN)
    assert cycle["data"]["mergeEntities"]["__typename"] == "ValidationError"
    shown = writable.graphql(
        '{ claims(filter: {language: "id", text: "Laporan tersebut"}) { edges { node { claimant { id } } } } }'
    )
    assert {e["node"]["claimant"]["id"] for e in shown["data"]["claims"]["edges"]} == {"beyond-parallel"}


CORRECT = """mutation($id: ID!) { correctClaim(id: $id, reason: "the imagery is dated in the report",
  fields: {eventStart: "2023-10-05", eventEnd: "2023-10-06", claimant: "csis"}) {
  __typename ... on ClaimCorrected { claim { eventTime { start end } claimant { id } } }
  ... on ValidationError { message } } }"""


def test_a_correction_is_a_new_version_that_survives_reextraction(writable):
    vi = writable.graphql(
        '{ claims(filter: {about: "Tumangang", language: "vi", text: "70"}) '
        "{ edges { node { id eventTime { start } } } } }"
    )["data"]["claims"]["edges"]
    claim_id = vi[0]["node"]["id"]
    refused = writable.graphql(CORRECT, {"id": claim_id})
    assert "Authorization" in refused["errors"][0]["message"]
    corrected = writable.graphql(CORRECT, {"id": claim_id}, token=TOKEN)["data"]["correctClaim"]
    assert corrected["__typename"] == "ClaimCorrected"
    assert corrected["claim"]["eventTime"] == {"start": "2023-10-05", "end": "2023-10-06"}
    assert corrected["claim"]["claimant"]["id"] == "csis"
    bad = writable.graphql(CORRECT.replace('"2023-10-06"', '"2023-10-01"'), {"id": claim_id}, token=TOKEN)
    assert bad["data"]["correctClaim"]["__typename"] == "ValidationError"
    again = writable.graphql("mutation { reextract { reextracted unchanged } }", token=TOKEN)["data"]["reextract"]
    assert again["reextracted"] == 0
    after = writable.graphql(
        "query($id: ID!) { claim(id: $id) { eventTime { start } history { type } } }", {"id": claim_id}
    )["data"]["claim"]
    assert after["eventTime"]["start"] == "2023-10-05"
    assert [h["type"] for h in after["history"]] == ["ArticleExtracted", "ClaimCorrected"]


def test_claim_added_subscription_streams_matching_claims_from_a_position(writable):
    import json as _json

    from websockets.sync.client import connect

    ws_url = writable.url.replace("http://", "ws://") + "/graphql"
    query = (
        'subscription { claimAdded(afterPosition: 0, filter: {about: "Tumangang", language: "uk"}) { text language } }'
    )
    with connect(ws_url, subprotocols=["graphql-transport-ws"], open_timeout=10) as ws:
        ws.send(_json.dumps({"type": "connection_init"}))
        assert _json.loads(ws.recv(timeout=10))["type"] == "connection_ack"
        ws.send(_json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        first = _json.loads(ws.recv(timeout=15))
    assert first["type"] == "next"
    claim = first["payload"]["data"]["claimAdded"]
    assert claim["language"] == "uk" and "Туманганг" in claim["text"]


def test_every_read_query_answers_as_of_a_position(writable):
    added = writable.graphql(ADD_ALIAS, {"alias": "Quuxstation"}, token=TOKEN)["data"]["addAlias"]
    before = added["position"] - 1
    query = """query($p: Int) {
      articles(asOfPosition: $p, first: 500) { id }
      entity(id: "Quuxstation", asOfPosition: $p) { id }
      entities(search: "Quuxstation", asOfPosition: $p) { id }
      claimGroups(asOfPosition: $p) { id } }"""
    now = writable.graphql(query, {"p": None})["data"]
    then = writable.graphql(query, {"p": before})["data"]
    assert now["entity"] == {"id": "tumangang"} and then["entity"] is None
    assert [e["id"] for e in now["entities"]] == ["tumangang"] and then["entities"] == []
    assert len(then["articles"]) == len(now["articles"]) == 6
    assert writable.graphql(query, {"p": 0})["data"]["articles"] == []
