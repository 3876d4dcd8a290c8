"""`timeline ingest` while `timeline serve` holds the database: the articles go through the server, and clients
querying meanwhile never see part of an article."""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest

from timeline.ingest.remote import sidecar_path

from .conftest import GRAPHQL_DIR, serving, timeline_cmd
from .integrity import assert_only_whole_articles
from .synthetic import full_size, write_jsonl

TOKEN = "ingest-test-token"
CLIENTS = 8
QUERY = """query($a: String, $b: String) {
  all: claims(first: 0) { totalCount }
  a: claims(filter: {source: $a}, first: 50) { totalCount edges { node { id article { source } } } }
  b: claims(filter: {source: $b}, first: 50) { totalCount edges { node { id article { source } } } }
}"""


def _claims_per_source(server) -> Counter[str]:
    counts: Counter[str] = Counter()
    after = None
    while True:
        page = server.graphql(
            "query($after: String) { claims(first: 500, after: $after) { "
            "edges { node { article { source } } } pageInfo { hasNextPage endCursor } } }",
            {"after": after},
        )["data"]["claims"]
        counts.update(e["node"]["article"]["source"] for e in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return counts
        after = page["pageInfo"]["endCursor"]


@pytest.mark.slow
def test_ingest_through_the_server_while_eight_clients_query(seeded_copy, tmp_path):
    articles = 1000 if full_size() else 600
    jsonl = write_jsonl(tmp_path / "articles.jsonl", articles)
    with serving(seeded_copy, {"TIMELINE_TOKEN": TOKEN}) as server:
        assert sidecar_path(seeded_copy).exists()
        refused = timeline_cmd("--db", str(seeded_copy), "ingest", str(jsonl), env={"TIMELINE_TOKEN": ""})
        assert refused.returncode == 2 and "set TIMELINE_TOKEN to that server's token" in refused.stderr
        before = server.graphql("{ claims(first: 0) { totalCount } }")["data"]["claims"]["totalCount"]
        stop = threading.Event()
        seen: list[list[dict]] = [[] for _ in range(CLIENTS)]
        errors: list[object] = []

        def client(k: int) -> None:
            rng = random.Random(k)
            while not stop.is_set():
                sources = {"a": f"synthetic-{rng.randrange(articles)}", "b": f"synthetic-{rng.randrange(articles)}"}
                try:
                    answer = server.graphql(QUERY, sources)
                except OSError as exc:
                    errors.append(exc)
                    continue
                if "errors" in answer:
                    errors.append(answer["errors"])
                else:
                    seen[k].append({"sources": sources, **answer["data"]})

        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for t in threads:
            t.start()
        try:
            result = timeline_cmd("--db", str(seeded_copy), "ingest", str(jsonl), env={"TIMELINE_TOKEN": TOKEN})
        finally:
            stop.set()
            for t in threads:
                t.join()
        assert result.returncode == 0, result.stderr
        assert f"{articles} new, 0 already present, 0 rejected" in result.stdout
        assert "sending the articles through it" in result.stderr
        final = _claims_per_source(server)
        final_total = server.graphql("{ claims(first: 0) { totalCount } }")["data"]["claims"]["totalCount"]
    assert not sidecar_path(seeded_copy).exists()  # the server withdrew its announcement when it stopped
    assert not errors, errors[:3]
    assert final_total == sum(final.values()) and final_total > before
    during = 0
    for observations in seen:
        totals = [o["all"]["totalCount"] for o in observations]
        assert totals == sorted(totals) and all(before <= t <= final_total for t in totals)  # monotonic
        during += sum(before < t < final_total for t in totals)
        for o in observations:
            for key in ("a", "b"):  # an article's claims appear all at once, each with its article
                shown = o[key]
                assert shown["totalCount"] in (0, final[o["sources"][key]]), (o["sources"][key], shown)
                assert all(e["node"]["article"]["source"] == o["sources"][key] for e in shown["edges"])
                assert len(shown["edges"]) == shown["totalCount"]
    assert during > 0  # the clients did query while the ingest was under way
    assert assert_only_whole_articles(seeded_copy) == articles + 5


INGEST_ARTICLES = (GRAPHQL_DIR / "ingest_articles.graphql").read_text(encoding="utf-8")


def test_ingest_articles_mutation_stores_the_good_ones_and_needs_the_token(seeded_copy):
    articles = [
        {
            "text": "Theo Reuters, hôm 6/10 giá dầu tại Hà Nội đã tăng 12 phần trăm.",
            "source": "gql-1",
            "publishedAt": "2023-10-08",
            "language": "vi",
        },
        {"text": "   ", "source": "gql-blank"},
        {"text": "За словами міністра, 5 жовтня ціни на пальне зросли на 7 відсотків.", "source": "gql-2"},
    ]
    with serving(seeded_copy, {"TIMELINE_TOKEN": TOKEN}) as server:
        refused = server.graphql(INGEST_ARTICLES, {"articles": articles})
        assert "Authorization: Bearer <TIMELINE_TOKEN>" in refused["errors"][0]["message"]
        done = server.graphql(INGEST_ARTICLES, {"articles": articles}, token=TOKEN)["data"]["ingestArticles"]
        assert (done["new"], done["present"]) == (2, 0) and done["claims"] >= 2
        (rejected,) = done["rejected"]
        assert rejected["source"] == "gql-blank" and "no article text" in rejected["reason"]
        again = server.graphql(INGEST_ARTICLES, {"articles": articles[:1]}, token=TOKEN)["data"]["ingestArticles"]
        assert (again["new"], again["present"]) == (0, 1)  # idempotent
        stored = server.graphql('{ claims(filter: {source: "gql-1"}) { edges { node { text article { source } } } } }')
        assert stored["data"]["claims"]["edges"][0]["node"]["article"]["source"] == "gql-1"
