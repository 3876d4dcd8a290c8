"""Shared fixtures: real DuckDB files, the real seed articles, a real server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import timeline
from benchmarks.harness import served

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


@pytest.fixture(scope="session", autouse=True)
def gazetteer_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One gazetteer index cache for the session (this process and the CLI and servers it starts),
    never the user's: the first process builds the index, the others read it."""
    path = tmp_path_factory.mktemp("gazetteer-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TIMELINE_CACHE_DIR", str(path))
        yield path


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
    with served(db, {**os.environ, **(env or {})}, args, start_timeout=60) as (url, proc):
        yield Server(url, db, proc)


@pytest.fixture(scope="session")
def server(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A read-mostly server over a copy of the seeded database (mutations disabled)."""
    db = tmp_path_factory.mktemp("served") / "served.duckdb"
    shutil.copy(seeded_db, db)
    env = {k: v for k, v in os.environ.items() if k != "TIMELINE_TOKEN"}
    with serving(db, {**env, "TIMELINE_TOKEN": ""}) as s:
        yield s
