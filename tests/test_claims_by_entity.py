"""Claims about an entity are read from the ``claims_by_entity`` read table; ``asOfPosition`` reads go through
the general query over ``claims``. After corrections, a retraction, a merge and a re-extraction, both must
give the same pages (as of the head, the past is the present), through a real server, with its response
cache off and on."""

from __future__ import annotations

import json
import shutil
import urllib.request
from typing import Any

import pytest

import timeline

from .conftest import GRAPHQL_DIR, serving
from .test_corrections import ARTICLE

TOKEN = "test-token-456"
PAGE = """query($f: ClaimFilter, $first: Int, $after: String, $p: Int) {
  claims(filter: $f, first: $first, after: $after, asOfPosition: $p) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id text language stance eventTime { start end } statedAt { start end }
      claimant { id } entities { id } article { id source } } } } }"""
FILTERS: list[dict[str, Any]] = [
    {"about": "Tumangang"},
    {"about": "Туманганг", "before": "2023-10-06"},
    {"about": "Tumangang", "after": "2023-10-01"},
    {"about": "Tumangang", "language": "uk"},
    {"about": "Tumangang", "statedAfter": "2023-01-01", "statedBefore": "2024-06-01"},
    {"about": "Nobody-we-know"},
]
CORRECT = """mutation($id: ID!) { correctClaim(id: $id, reason: "dated by hand",
  fields: {eventStart: "2001-01-01", eventEnd: "2001-01-02"}) { __typename } }"""
RETRACT = """mutation($id: ID!) { retractClaim(id: $id, reason: "duplicate") { __typename } }"""
MERGE = """mutation($f: ID!, $i: ID!) { mergeEntities(from: $f, into: $i) { __typename } }"""
ADD_ALIAS = (GRAPHQL_DIR / "add_alias.graphql").read_text(encoding="utf-8")


def _pages(server: Any, f: dict[str, Any], head: int | None) -> list[dict[str, Any]]:
    """Every page of 3 claims (then one page of 500) for a filter, as of ``head`` (None: now)."""
    pages, after = [], None
    while True:
        answer = server.graphql(PAGE, {"f": f, "first": 3, "after": after, "p": head})
        assert "errors" not in answer, answer
        pages.append(answer["data"]["claims"])
        if not answer["data"]["claims"]["pageInfo"]["hasNextPage"]:
            break
        after = answer["data"]["claims"]["pageInfo"]["endCursor"]
    pages.append(server.graphql(PAGE, {"f": f, "first": 500, "p": head})["data"]["claims"])
    return pages


@pytest.mark.parametrize("cache", ["0", "512"])
def test_claims_about_an_entity_match_the_general_query_after_corrections(seeded_db, tmp_path, cache):
    db = tmp_path / "c.duckdb"
    shutil.copy(seeded_db, db)
    (tmp_path / "ja.txt").write_text(ARTICLE, encoding="utf-8")  # names the station in a spelling not yet known
    with timeline.open(db) as tl:
        tl.ingest_paths([tmp_path / "ja.txt"])
        tl.reextract()
    with serving(db, {"TIMELINE_TOKEN": TOKEN}, ("--response-cache", cache)) as server:
        edges = server.graphql(PAGE, {"f": {"about": "Tumangang"}, "first": 50})["data"]["claims"]["edges"]
        assert len(edges) >= 4
        ids = [e["node"]["id"] for e in edges]
        assert server.graphql(CORRECT, {"id": ids[-1]}, token=TOKEN)["data"]["correctClaim"]["__typename"] == (
            "ClaimCorrected"
        )
        assert server.graphql(RETRACT, {"id": ids[0]}, token=TOKEN)["data"]["retractClaim"]["__typename"] == (
            "ClaimRetracted"
        )
        others = sorted({e["id"] for edge in edges for e in edge["node"]["entities"]} - {"tumangang"})
        alias = server.graphql(ADD_ALIAS, {"alias": "トゥマンガン"}, token=TOKEN)["data"]["addAlias"]
        assert alias["__typename"] == "AliasAdded"  # links the Japanese claim, made before the alias, later
        merged = server.graphql(MERGE, {"f": others[0], "i": "tumangang"}, token=TOKEN)["data"]["mergeEntities"]
        assert merged["__typename"] == "EntitiesMerged"  # now claims about either are about both: rows repeat
        with urllib.request.urlopen(server.url + "/health", timeout=30) as resp:
            head = json.load(resp)["events"]  # positions run 1..n: the head is the count
        for f in FILTERS:
            now = _pages(server, f, None)
            assert now == _pages(server, f, head), f
        now_ids = [e["node"]["id"] for e in _pages(server, {"about": "Tumangang"}, None)[-1]["edges"]]
        assert ids[0] not in now_ids and ids[-1] in now_ids
        assert now_ids.index(ids[-1]) == 0  # its corrected event time (2001) puts it first
        texts = [e["node"]["text"] for e in _pages(server, {"about": "Tumangang"}, None)[-1]["edges"]]
        assert any("トゥマンガン" in t for t in texts)
