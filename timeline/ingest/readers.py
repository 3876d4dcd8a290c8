"""Turn paths (.txt, .html, .jsonl, directories) into :class:`ArticleInput` records or rejections."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from timeline.domain.model import ArticleInput
from timeline.errors import InputError
from timeline.ingest.encodings import decode_legacy
from timeline.ingest.htmltext import keep_main_text, visible_text

SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
METADATA_FILE = "metadata.json"
_FIELDS = ("text", "html", "source", "url", "outlet", "title", "published_at", "language")


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not become an article, with a reason a user can act on."""

    source: str
    reason: str


def parse_date(value: Any, field: str = "published_at") -> date | None:
    """An ISO date or datetime string as a date; None for null; InputError for anything else."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{field} must be an ISO date string like 2023-10-07, not {type(value).__name__}")
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise InputError(f"{field} {value!r} is not a valid ISO date (YYYY-MM-DD)") from None


MAX_BYTES = 20 * 1024 * 1024  # a news article is kilobytes; anything this large is not one


def _decode(raw: bytes, name: str) -> str:
    """UTF-8, else a legacy encoding charset-normalizer is sure of (windows-1251, windows-1256, latin-1...)."""
    if len(raw) > MAX_BYTES:
        raise InputError(f"{name}: {len(raw) // (1024 * 1024)} MB is too large for an article (limit 20 MB)")
    if b"\x00" in raw[:4096] or raw[:4] in (b"PK\x03\x04", b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff\xe0"):
        raise InputError(f"{name}: binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        position = exc.start
    decoded = decode_legacy(raw)
    if decoded is None:
        raise InputError(
            f"{name}: not valid UTF-8 (byte {position}) and no other encoding fits; convert it to UTF-8 first"
        )
    return decoded[0]


def _from_html(html: str, source: str, meta: dict[str, Any]) -> ArticleInput:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=meta.get("url"), with_metadata=True, include_comments=False, include_tables=False
    )
    main = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not main.strip():
        raise InputError(f"{source}: no article text found in the HTML")
    # the page's own characters at the page's own offsets: every span links back to the source
    text = keep_main_text(visible_text(html), main)
    if not text.strip():
        raise InputError(f"{source}: no article text found in the HTML")
    title = meta.get("title") or getattr(doc, "title", None)
    published = parse_date(meta.get("published_at")) if meta.get("published_at") else None
    if published is None and getattr(doc, "date", None):
        try:
            published = parse_date(doc.date)
        except InputError:
            published = None
    return ArticleInput(
        text=text,
        source=meta.get("source") or source,
        url=meta.get("url") or getattr(doc, "url", None),
        outlet=meta.get("outlet") or getattr(doc, "sitename", None),
        title=title,
        published_at=published,
        language=meta.get("language"),
        format="html",
        html=html,
    )


def article_from_record(record: Any, default_source: str) -> ArticleInput:
    """One JSON record (a JSONL line or metadata + text) as an article; InputError if it is unusable."""
    if not isinstance(record, dict):
        raise InputError("expected a JSON object")
    for key in _FIELDS:
        if key in record and record[key] is not None and not isinstance(record[key], str):
            raise InputError(f"field {key!r} must be a string, not {type(record[key]).__name__}")
    source = record.get("source") or record.get("url") or default_source
    if record.get("html") and not record.get("text"):
        return _from_html(record["html"], source, record)
    text = record.get("text")
    if not text or not text.strip():
        raise InputError('no article text: the file or record is empty (a JSONL record needs "text" or "html")')
    return ArticleInput(
        text=text,
        source=source,
        url=record.get("url"),
        outlet=record.get("outlet"),
        title=record.get("title"),
        published_at=parse_date(record.get("published_at")),
        language=record.get("language"),
        format="text",
    )


def metadata_for(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / METADATA_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: unreadable metadata ({exc})") from None
    return dict(data.get("articles", {}))


def _expand(paths: list[Path]) -> Iterator[tuple[Path, dict[str, Any]] | Rejected]:
    for path in paths:
        if path.is_dir():
            try:
                meta = metadata_for(path)
            except InputError as exc:
                yield Rejected(str(path / METADATA_FILE), str(exc))
                meta = {}
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUFFIXES:
                    yield child, (meta.get(child.name) or meta.get(str(child.relative_to(path))) or {})
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                yield Rejected(str(path), f"unsupported file type {path.suffix or '(none)'}: use .txt, .html or .jsonl")
            else:
                yield path, metadata_for(path.parent).get(path.name, {})
        else:
            yield Rejected(str(path), "no such file or directory")


def read_inputs(paths: list[str | Path]) -> Iterator[ArticleInput | Rejected]:
    """Every article (or rejection) found under ``paths``, streamed one at a time."""
    for item in _expand([Path(p) for p in paths]):
        if isinstance(item, Rejected):
            yield item
            continue
        path, meta = item
        kind = SUFFIXES[path.suffix.lower()]
        try:
            if kind == "jsonl" and path.stat().st_size > MAX_BYTES:
                yield from _stream_jsonl(path)  # a feed of many articles: one line at a time
                continue
            raw = path.read_bytes()
        except OSError as exc:
            yield Rejected(str(path), f"cannot read: {exc.strerror}")
            continue
        if kind == "jsonl":
            yield from _read_jsonl(path, raw)
            continue
        try:
            text = _decode(raw, str(path))
            record = {**meta, "source": meta.get("source") or str(path)}
            if kind == "html":
                yield _from_html(text, str(path), record)
            else:
                yield article_from_record({**record, "text": text}, str(path))
        except InputError as exc:
            reason = str(exc)
            yield Rejected(str(path), reason.removeprefix(f"{path}: "))


def _stream_jsonl(path: Path) -> Iterator[ArticleInput | Rejected]:
    """A JSONL file too large to read at once, line by line (UTF-8; each line limited like an article)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
        if b"\x00" in head or head[:4] in (b"PK\x03\x04", b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff\xe0"):
            yield Rejected(str(path), "binary file, not text")
            return
        fh.seek(0)
        for number, raw in enumerate(fh, start=1):
            where = f"{path}:{number}"
            if len(raw) > MAX_BYTES:
                yield Rejected(where, f"{len(raw) // (1024 * 1024)} MB is too large for an article (limit 20 MB)")
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Rejected(where, f"not valid UTF-8 (byte {exc.start}); convert the file to UTF-8 first")
                continue
            yield from _jsonl_record(line, where)


def _jsonl_record(line: str, where: str) -> Iterator[ArticleInput | Rejected]:
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except ValueError as exc:
        yield Rejected(where, f"not valid JSON ({exc.msg})")
        return
    try:
        yield article_from_record(record, where)
    except InputError as exc:
        yield Rejected(where, str(exc))


def _read_jsonl(path: Path, raw: bytes) -> Iterator[ArticleInput | Rejected]:
    try:
        text = _decode(raw, str(path))
    except InputError as exc:
        yield Rejected(str(path), str(exc).removeprefix(f"{path}: "))
        return
    for number, line in enumerate(text.splitlines(), start=1):
        yield from _jsonl_record(line, f"{path}:{number}")
