# ruff: noqa: E501
"""Answers of a fixed set of GraphQL requests from a running server, as canonical JSON (to compare two
versions of the server on one database: ``python scripts/compare_answers.py URL OUT.json``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.harness import graphql_operation  # noqa: E402
from benchmarks.throughput import MIX  # noqa: E402

FULL_CLAIM = """
  id text language stance claimantText retractedAtPosition
  eventTime { start end granularity expression } statedAt { start end granularity expression }
  quantities { value unit text modifier } span { start end }
  claimant { id name kind aliases } via { id name }
  entities { id name kind }
  article { id source url outlet title publishedAt language documentDate { start end expression } text }
"""

EXTRA: list[tuple[str, str, dict[str, object]]] = [
    (
        "full page",
        f"{{ claims(first: 500) {{ totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {FULL_CLAIM} }} }} }} }}",
        {},
    ),
    (
        "about+before total",
        '{ claims(filter: {about: "Tumangang", before: "2023-10-06"}, first: 500) { totalCount edges { cursor node { id } } } }',
        {},
    ),
    (
        "no total",
        '{ claims(filter: {about: "Russia"}, first: 200) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id article { text } } } } }',
        {},
    ),
    (
        "as of position",
        '{ claims(filter: {about: "Tumangang"}, first: 100, asOfPosition: 700) { totalCount edges { node { id text entities { id } } } } }',
        {},
    ),
    (
        "language+after",
        '{ claims(filter: {language: "ru", after: "2020-01-01"}, first: 300) { totalCount edges { node { id statedAt { start } } } } }',
        {},
    ),
    ("text", '{ claims(filter: {text: "said"}, first: 100) { totalCount edges { node { id } } } }', {}),
    (
        "stated",
        '{ claims(filter: {statedAfter: "2023-01-01", statedBefore: "2024-01-01", about: "Russia"}, first: 100) { totalCount edges { node { id } } } }',
        {},
    ),
    ("entities search", '{ entities(search: "Kim", first: 20) { id name kind aliases } }', {}),
    ("articles", "{ articles(first: 30) { id source title language text } }", {}),
    ("groups", "{ claimGroups(first: 10) { id size outlets languages claims { id } } }", {}),
]


def fetch_all(url: str) -> dict[str, object]:
    """Every request's answer, with the second page of each claims page (via its end cursor) too."""
    out: dict[str, object] = {}
    with httpx.Client(base_url=url, timeout=300) as client:
        for name, query, variables in [*MIX, *EXTRA]:
            out[name] = client.post("/graphql", json={"query": query, "variables": variables}).json()
            claims = (out[name].get("data") or {}).get("claims") if isinstance(out[name], dict) else None
            cursor = ((claims or {}).get("pageInfo") or {}).get("endCursor")
            if cursor and "$after" in query:
                out[name + " page 2"] = client.post(
                    "/graphql", json={"query": query, "variables": {**variables, "after": cursor}}
                ).json()
        out["headline file"] = client.post("/graphql", json={"query": graphql_operation("headline")}).json()
    return out


if __name__ == "__main__":
    answers = fetch_all(sys.argv[1])
    Path(sys.argv[2]).write_text(json.dumps(answers, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    print(f"{len(answers)} answers written to {sys.argv[2]}")
