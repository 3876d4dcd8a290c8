"""Hostile and broken requests over real HTTP: each gets a clear error, and the server keeps serving."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn

import timeline
from benchmarks.harness import free_port
from timeline.api.server import create_app

from .conftest import serving

NORMAL = "{ claims(first: 3) { totalCount edges { node { id text } } } }"
SQL_INJECTIONS = [
    "' OR 1=1 --",
    "'; DROP TABLE events; --",
    "%' UNION SELECT hash FROM events --",
    '") OR ("1"="1',
    "$1; DELETE FROM claims",
    "\\'; SELECT * FROM duckdb_tables(); --",
]
SQL_WORDS = ("duckdb", "binder error", "parser error", "catalog error", "conversion", "select ", "traceback")


def post(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
    """POST raw bytes; the status, headers and the JSON (or text) answer, whatever the status."""
    request = urllib.request.Request(url, body, {"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            status, head, raw = resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        status, head, raw = exc.code, dict(exc.headers), exc.read()
    try:
        return status, {k.lower(): v for k, v in head.items()}, json.loads(raw)
    except ValueError:
        return status, {k.lower(): v for k, v in head.items()}, raw.decode("utf-8", "replace")


def gql(url: str, query: str, variables: dict[str, Any] | None = None) -> tuple[int, dict[str, str], Any]:
    return post(url + "/graphql", json.dumps({"query": query, "variables": variables or {}}).encode())


def assert_still_serving(url: str) -> None:
    status, _, answer = gql(url, NORMAL)
    assert status == 200 and "errors" not in answer and answer["data"]["claims"]["totalCount"] > 0


def _messages(answer: Any) -> str:
    if isinstance(answer, dict):
        return " | ".join(e["message"] for e in answer.get("errors", []))
    return str(answer)


def _depth_20() -> str:
    query = "id"
    for _ in range(9):  # claims -> edges -> node -> group -> claims -> group ... twenty levels deep
        query = f"group {{ claims {{ {query} }} }}"
    return "{ claims { edges { node { " + query + " } } } }"


HOSTILE = {
    "depth 20": (_depth_20(), "depth"),
    "1,000 aliases": ("{ " + " ".join(f"a{i}: claims {{ totalCount }}" for i in range(1000)) + " }", "5000 tokens"),
    "100 aliases": ("{ " + " ".join(f"a{i}: __typename" for i in range(100)) + " }", "aliases"),
    "30 aliased pages of 500 claims": (
        "{ "
        + " ".join(
            f"a{i}: claims(first: 500) {{ edges {{ node {{ id text language stance claimant {{ id name }} "
            "article { id source outlet } entities { id name } } } }"
            for i in range(30)
        )
        + " }",
        "over this server's limit of 100,000",
    ),
    "first: 1000000": ("{ claims(first: 1000000) { totalCount } }", "first must be between 0 and 500"),
    "first: -1": ("{ articles(first: -1) { id } }", "first must be between 0 and 500"),
    "events first: 1000000": ("{ events(first: 1000000) { position } }", "first must be between 0 and 500"),
    "unknown field": ("{ claims { edges { node { password } } } }", "password"),
    "syntax error": ("{ claims { ", "Syntax Error"),
    "mutation without a token": (
        'mutation { addAlias(entity: "tumangang", alias: "X") { __typename } }',
        "disabled on this server",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_queries_get_a_clear_error_and_the_server_keeps_serving(server, name):
    query, expected = HOSTILE[name]
    status, headers, answer = gql(server.url, query)
    assert status in (200, 400), (status, answer)
    assert expected.lower() in _messages(answer).lower(), answer
    assert not any(word in _messages(answer).lower() for word in SQL_WORDS)
    assert headers.get("x-request-id")
    assert_still_serving(server.url)


def test_oversized_and_malformed_bodies_get_4xx(server):
    query = "{ claims { totalCount } }" + "#" * (1024 * 1024)  # a 1 MB query
    status, headers, answer = gql(server.url, query)
    assert status == 413 and "1 MB limit" in _messages(answer)
    assert answer["errors"][0]["extensions"]["requestId"] == headers["x-request-id"]
    status, _, answer = post(server.url + "/graphql", b'{"query": "{ claims { totalCount } }"')  # broken JSON
    assert status == 400 and "JSON" in str(answer)
    status, _, answer = post(server.url + "/graphql", b"[1, 2")
    assert status == 400
    assert_still_serving(server.url)


def test_ingest_needs_the_token(server, seeded_copy):
    line = json.dumps({"text": "Theo Reuters, giá dầu tăng.", "source": "x"}).encode()
    status, _, answer = post(server.url + "/ingest", line)
    assert status == 403 and "ingest is disabled on this server" in _messages(answer)
    with serving(seeded_copy, {"TIMELINE_TOKEN": "right"}) as s:
        status, _, answer = post(s.url + "/ingest", line, {"Authorization": "Bearer wrong"})
        assert status == 401 and "Authorization: Bearer <TIMELINE_TOKEN>" in _messages(answer)
        status, _, answer = post(s.url + "/ingest", line, {"Authorization": "Bearer right"})
        assert status == 200 and (answer["new"], answer["rejected"]) == (1, [])
        status, _, answer = post(s.url + "/ingest", b"x" * (65 * 1024 * 1024), {"Authorization": "Bearer right"})
        assert status == 413 and "64 MB limit" in _messages(answer)
        assert_still_serving(s.url)


def test_sql_injection_in_every_string_argument_is_just_text(server):
    _, _, before = gql(server.url, "{ events(first: 500) { position hash } }")
    queries = [
        "query($s: String) { claims(filter: {about: $s}) { totalCount } }",
        "query($s: String) { claims(filter: {by: $s}) { totalCount } }",
        "query($s: String) { claims(filter: {language: $s}) { totalCount } }",
        "query($s: String) { claims(filter: {source: $s}) { totalCount } }",
        "query($s: String) { claims(filter: {text: $s}) { totalCount } }",
        "query($s: String) { claimGroups(filter: {about: $s, text: $s}) { id } }",
        "query($s: String) { claims(after: $s) { totalCount } }",
        "query($s: String!) { entities(search: $s) { id } }",
        "query($s: ID!) { entity(id: $s) { id } }",
        "query($s: ID!) { claim(id: $s) { id } }",
        "query($s: ID!) { article(id: $s) { id } }",
    ]
    for query in queries:
        for attack in SQL_INJECTIONS:
            status, _, answer = gql(server.url, query, {"s": attack})
            assert status == 200, (query, attack, answer)
            messages = _messages(answer).lower().replace(attack.lower(), "")  # the input may be quoted back
            assert not any(word in messages for word in SQL_WORDS), (query, attack, answer)
            if "errors" in answer:  # only our own, actionable errors (a bad cursor)
                assert "after" in query and "invalid cursor" in messages, (query, attack, answer)
                continue
            data = next(iter(answer["data"].values()))
            assert data in (None, [], {"totalCount": 0}), (query, attack, data)
    _, _, after = gql(server.url, "{ events(first: 500) { position hash } }")
    assert after == before  # nothing written, nothing dropped
    assert_still_serving(server.url)


def test_time_limit_gives_a_clear_error(seeded_copy):
    with serving(seeded_copy, {"TIMELINE_TOKEN": ""}, ("--time-limit", "0.000001")) as s:
        status, headers, answer = gql(s.url, NORMAL)
        assert status == 200 and "took longer than this server's 1e-06 s limit" in _messages(answer)
        assert headers["x-request-id"]
        with urllib.request.urlopen(s.url + "/health", timeout=30) as resp:  # the server itself is fine
            assert resp.status == 200


def test_strings_that_are_not_unicode_are_refused(server):
    body = b'{"query": "query($s: String!) { entities(search: $s) { id } }", "variables": {"s": "\\ud800"}}'
    status, _, answer = post(server.url + "/graphql", body)
    assert status == 400 and "not valid Unicode" in str(answer)
    assert_still_serving(server.url)


@contextmanager
def _in_process_server(app: Any) -> Iterator[str]:
    """A real uvicorn on 127.0.0.1 serving ``app`` from a thread of this process."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_internal_errors_are_masked_and_logged_with_the_request_id(seeded_copy, caplog):
    tl = timeline.open(seeded_copy)
    with _in_process_server(create_app(tl, token="")) as url:
        assert_still_serving(url)
        tl.close()  # the database goes away under the server: every read is now an internal error
        with caplog.at_level(logging.ERROR, logger="timeline.api"):
            status, headers, answer = gql(url, NORMAL)
    assert status == 200
    (error,) = answer["errors"]
    rid = headers["x-request-id"]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": rid}
    assert error["message"] == f"Internal error (logged on the server) (request id {rid})"
    logged = [r for r in caplog.records if f"request {rid}: internal error" in r.getMessage()]
    assert logged and logged[0].exc_info  # the operator gets the details, with the traceback


def _preflight(url: str, origin: str) -> dict[str, str]:
    request = urllib.request.Request(
        url + "/graphql",
        method="OPTIONS",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as exc:
        return {k.lower(): v for k, v in exc.headers.items()}


def test_cors_is_off_unless_an_origin_is_configured(server, seeded_copy):
    assert "access-control-allow-origin" not in _preflight(server.url, "https://evil.example")
    with serving(seeded_copy, {"TIMELINE_TOKEN": ""}, ("--cors-origin", "https://news.example")) as s:
        assert _preflight(s.url, "https://news.example")["access-control-allow-origin"] == "https://news.example"
        assert "access-control-allow-origin" not in _preflight(s.url, "https://evil.example")
