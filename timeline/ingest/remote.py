"""Ingest through a running ``timeline serve`` that holds the database (DuckDB allows one writing process).

The server writes ``<db>.server.json`` (its URL and pid) when it starts and removes it when it stops;
``timeline ingest`` finds it when the database is locked, reads and checks the inputs itself (so rejections
read the same as a local ingest) and POSTs the good articles as JSON Lines to ``/ingest`` with the bearer
token ``$TIMELINE_TOKEN``, a few hundred at a time.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from timeline.domain.model import ArticleInput
from timeline.errors import InputError, TimelineError
from timeline.ingest.readers import Rejected, article_from_record
from timeline.ingest.service import IngestSummary

SIDECAR_SUFFIX = ".server.json"
CHUNK_ARTICLES = 200
CHUNK_BYTES = 4 * 1024 * 1024


class RemoteIngestError(TimelineError):
    """The server holding the database could not take the articles (the message says what to do)."""


def sidecar_path(db: str | Path) -> Path:
    """Where a server holding ``db`` announces itself."""
    path = Path(db)
    return path.with_name(path.name + SIDECAR_SUFFIX)


def write_sidecar(db: str | Path, url: str) -> Path:
    """Announce a server for ``db`` (called by ``timeline serve`` once it listens)."""
    path = sidecar_path(db)
    path.write_text(json.dumps({"url": url, "pid": os.getpid()}) + "\n", encoding="utf-8")
    return path


def remove_sidecar(db: str | Path) -> None:
    """Withdraw this process's announcement (called when the server stops)."""
    path = sidecar_path(db)
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def find_server(db: str | Path) -> str | None:
    """The URL of the server announced for ``db``, if its announcement exists and it answers."""
    try:
        url = str(json.loads(sidecar_path(db).read_text(encoding="utf-8"))["url"]).rstrip("/")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        with urllib.request.urlopen(url + "/health", timeout=5) as resp:
            return url if resp.status == 200 else None
    except (OSError, ValueError):
        return None


def to_wire(article: ArticleInput) -> dict[str, Any]:
    """An article as a JSON Lines record that :func:`from_wire` turns back into the same article."""
    return article.to_json()


def from_wire(lines: Iterable[bytes], name: str = "request") -> Iterator[ArticleInput | Rejected]:
    """Articles from JSON Lines (the ``.jsonl`` input format, plus ``format`` and ``html`` kept as given)."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(raw.decode("utf-8"))
            article = article_from_record(record, where)
            fmt, html = record.get("format"), record.get("html")
            if isinstance(fmt, str) and fmt in ("text", "html", "jsonl") and fmt != article.format:
                article = replace(article, format=fmt)
            if isinstance(html, str) and record.get("text"):
                article = replace(article, html=html)
            yield article
        except UnicodeDecodeError:
            yield Rejected(where, "not valid UTF-8")
        except ValueError as exc:
            yield Rejected(where, f"not valid JSON ({exc})")
        except InputError as exc:
            yield Rejected(where, str(exc))


def _chunks(articles: Iterable[ArticleInput]) -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    size = 0
    for article in articles:
        line = json.dumps(to_wire(article), ensure_ascii=False).encode("utf-8") + b"\n"
        if chunk and (len(chunk) >= CHUNK_ARTICLES or size + len(line) > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(line)
        size += len(line)
    if chunk:
        yield chunk


def ingest_remote(
    url: str,
    token: str | None,
    items: Iterable[ArticleInput | Rejected],
    on_item: Callable[[str, str], None] | None = None,
) -> IngestSummary:
    """Send the articles among ``items`` to the server at ``url``; rejections stay local, as in a local ingest."""
    if not token:
        raise RemoteIngestError(
            f"the database is held by `timeline serve` at {url}: set TIMELINE_TOKEN to that server's token "
            "and run the same command again to ingest through it (or stop the server)"
        )
    summary = IngestSummary()

    def articles() -> Iterator[ArticleInput]:
        for item in items:
            if isinstance(item, Rejected):
                summary.rejected.append(item)
                if on_item:
                    on_item(item.source, "rejected")
            else:
                yield item

    for chunk in _chunks(articles()):
        answer = _post(url + "/ingest", b"".join(chunk), token)
        summary.new += int(answer["new"])
        summary.present += int(answer["present"])
        summary.claims += int(answer["claims"])
        summary.rejected += [Rejected(r["source"], r["reason"]) for r in answer.get("rejected", [])]
        if on_item:
            for _ in chunk:
                on_item("", "sent")
    return summary


class RemoteTimeline:
    """What ``timeline ingest`` needs of a Timeline (``ingest_paths``), done through the server at ``url``."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url
        self.token = token

    def __enter__(self) -> RemoteTimeline:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def ingest_paths(
        self, paths: Iterable[str | Path], on_item: Callable[[str, str], None] | None = None, **_options: Any
    ) -> IngestSummary:
        """Read and check ``paths`` here, store their articles there (local-only options are ignored)."""
        from timeline.ingest.readers import read_inputs

        return ingest_remote(self.url, self.token, read_inputs(list(paths)), on_item)


def _post(url: str, body: bytes, token: str) -> dict[str, Any]:
    request = urllib.request.Request(
        url,
        body,
        {"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=600) as resp:
            return dict(json.load(resp))
    except urllib.error.HTTPError as exc:
        try:
            message = json.load(exc)["errors"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            message = f"HTTP {exc.code}"
        raise RemoteIngestError(f"the server at {url} refused the articles: {message}") from None
    except (OSError, ValueError) as exc:
        raise RemoteIngestError(
            f"the server at {url} did not answer ({exc}); articles sent before this were stored, "
            "run the same command again once it is back (ingest is idempotent)"
        ) from None
