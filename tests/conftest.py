"""Shared fixtures: real DuckDB files, the real seed articles, a real server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import timeline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
GRAPHQL_DIR = ROOT / "graphql"
SHARED = ROOT.parent / "shared"


def timeline_cmd(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI as a user would."""
    exe = shutil.which("timeline", path=str(Path(sys.executable).parent)) or shutil.which("timeline")
    assert exe, "the `timeline` command is not installed"
    return subprocess.run(
        [exe, *args], cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the five seed articles ingested (do not modify: copy it)."""
    path = tmp_path_factory.mktemp("seeded") / "seeded.duckdb"
    with timeline.open(path) as tl:
        summary = tl.ingest_paths([SEEDS])
    assert summary.new == 5 and not summary.rejected
    return path


@pytest.fixture
def seeded_copy(seeded_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded database."""
    target = tmp_path / "copy.duckdb"
    shutil.copy(seeded_db, target)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, url: str, db: Path, proc: subprocess.Popen[str] | None = None) -> None:
        self.url = url
        self.db = db
        self.proc = proc

    def graphql(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(self.url + "/graphql", body, headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return json.load(resp)
        except urllib.error.HTTPError as exc:  # GraphQL errors may come with a 4xx status
            return json.load(exc)


@contextmanager
def serving(db: Path, env: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> Iterator[Server]:
    """`timeline serve [args]` in its own process (real uvicorn) on a free port of 127.0.0.1."""
    port = free_port()
    exe = shutil.which("timeline", path=str(Path(sys.executable).parent)) or "timeline"
    # the server's log goes to a file: a pipe nobody reads fills up (64 KB of logged GraphQL errors) and
    # then blocks the server on its next log line
    log_path = db.with_name(f"{db.name}.{port}.serve.log")
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [exe, "--db", str(db), "serve", "--port", str(port), "--log-level", "warning", *args],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            if proc.poll() is not None:
                log.close()
                raise RuntimeError(f"server exited: {log_path.read_text(encoding='utf-8')}") from None
            time.sleep(0.2)
    else:
        proc.kill()
        log.close()
        raise RuntimeError("server did not start within 60 s")
    try:
        yield Server(url, db, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def server(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A read-mostly server over a copy of the seeded database (mutations disabled)."""
    db = tmp_path_factory.mktemp("served") / "served.duckdb"
    shutil.copy(seeded_db, db)
    env = {k: v for k, v in os.environ.items() if k != "TIMELINE_TOKEN"}
    with serving(db, {**env, "TIMELINE_TOKEN": ""}) as s:
        yield s
