"""A per-user cache of the built gazetteer: the entity records and their matching index, written once
by the first process that builds them and read by every later one (about 0.5 s instead of 3 s).

The file is named and headed by a fingerprint of everything the index is made from: the bytes of every
``.py`` and ``.json`` file of ``timeline.data``, ``timeline.extract`` and ``timeline.domain``, and the
versions of Python, ``marshal``, Unicode, Babel (CLDR country names) and anyascii. Any change to one
of them names another file, so a stale index is never read; a missing, unreadable or foreign one means
building as before. The payload is :mod:`marshal` of plain builtins (no pickle: loading runs no code);
a file is read only when the current user owns it and no one else may write it. Files are written to a
temporary name and renamed into place, so a reader never sees half a file; a directory that cannot be
written (read-only home, ``TIMELINE_CACHE_DIR=off``) only means building in every process.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import re
import stat
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from timeline.extract.entities import Gazetteer

FORMAT = 1  # bump when the payload's layout changes
_MAGIC = b"timeline-gazetteer-index"
_KEEP = 4  # index files kept in the directory (one per code and data version: other checkouts, upgrades)
_SOURCES = ("timeline.data", "timeline.extract", "timeline.domain")

Records = tuple[dict[str, Any], ...]


def cache_dir() -> Path | None:
    """Where the index is cached: ``$TIMELINE_CACHE_DIR`` (``off``: nowhere), else
    ``$XDG_CACHE_HOME/timeline``, else ``~/.cache/timeline``."""
    chosen = os.environ.get("TIMELINE_CACHE_DIR", "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "timeline"


def fingerprint() -> str:
    """A digest of the code, data and library versions the gazetteer index is built from."""
    import anyascii
    import babel

    digest = hashlib.sha256()
    versions = (FORMAT, sys.version, marshal.version, unicodedata.unidata_version, babel.__version__)
    digest.update(repr((*versions, getattr(anyascii, "__version__", ""))).encode())
    for package in _SOURCES:
        for name, path in sorted(_source_files(resources.files(package), package)):
            digest.update(name.encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def _source_files(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    """Every ``.py`` and ``.json`` file under ``folder``, with its path from the package."""
    out = []
    for entry in folder.iterdir():
        name = f"{prefix}/{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                out.extend(_source_files(entry, name))
        elif entry.name.endswith((".py", ".json")):
            out.append((name, entry))
    return out


def _path(directory: Path, key: str) -> Path:
    return directory / f"gazetteer-{key}.index"


def _header(key: str) -> bytes:
    return _MAGIC + b" " + key.encode() + b"\n"


def read_index(directory: Path, key: str) -> tuple[Records, Gazetteer] | None:
    """The records and gazetteer cached under fingerprint ``key``, or None when there are none (or the
    file is damaged, of another shape, or could have been written by another user)."""
    path = _path(directory, key)
    enabled = gc.isenabled()
    gc.disable()  # a million long-lived objects: the cyclic collector would scan them over and over
    try:
        with path.open("rb") as f:
            info = os.fstat(f.fileno())
            if not _trusted(info):
                return None
            data = f.read()
        header = _header(key)
        if not data.startswith(header):
            return None
        records, state = marshal.loads(memoryview(data)[len(header) :])
        if not isinstance(records, tuple) or not all(isinstance(r, dict) for r in records):
            return None
        return records, Gazetteer.from_state(_decoded(state))
    except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError, re.error):
        return None  # missing, cut short or of another shape: built instead
    finally:
        if enabled:
            gc.enable()


def _trusted(info: os.stat_result) -> bool:
    """A regular file that only its owner, this user, may write (it is code's input, like a config file)."""
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "geteuid") or info.st_uid == os.geteuid()


def write_index(directory: Path, key: str, records: Records, gazetteer: Gazetteer) -> bool:
    """Cache ``records`` and ``gazetteer`` under fingerprint ``key`` (atomically: written aside, then
    renamed); False when the directory cannot be written. Keeps the :data:`_KEEP` newest index files."""
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".gazetteer-", suffix=".tmp")  # mode 0600
        with os.fdopen(fd, "wb") as f:
            f.write(_header(key))
            f.write(marshal.dumps((records, _encoded(gazetteer.to_state()))))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, _path(directory, key))
        tmp = None
    except (OSError, ValueError):  # cannot be written, or something not marshallable: no cache
        return False
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    _prune(directory)
    return True


def _encoded(state: dict[str, Any]) -> dict[str, Any]:
    """The state with its sets (fields, and the values of dict fields) as lists, and which were which:
    marshal sorts a set's items to write it, which takes seconds for these."""
    out: dict[str, Any] = {}
    kinds: dict[str, str] = {}
    for name, value in state.items():
        if isinstance(value, set):
            out[name], kinds[name] = list(value), "set"
        elif isinstance(value, dict) and value and all(isinstance(v, set) for v in value.values()):
            out[name], kinds[name] = {k: list(v) for k, v in value.items()}, "dict of sets"
        else:
            out[name] = value
    return {"fields": out, "kinds": kinds}


def _decoded(encoded: dict[str, Any]) -> dict[str, Any]:
    """The state :func:`_encoded` encoded."""
    state = dict(encoded["fields"])
    for name, kind in encoded["kinds"].items():
        if kind == "set":
            state[name] = set(state[name])
        elif kind == "dict of sets":
            state[name] = {k: set(v) for k, v in state[name].items()}
        else:
            raise ValueError(f"unknown kind {kind!r}")
    return state


def _prune(directory: Path) -> None:
    """Remove all but the :data:`_KEEP` most recently written index files (another process may be
    removing them too, or reading one: a reader that finds its file gone builds the index)."""
    try:
        found = [(p.stat().st_mtime_ns, p) for p in directory.glob("gazetteer-*.index")]
    except OSError:
        return
    for _mtime, path in sorted(found, reverse=True)[_KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()


def cached(directory: Path | None, build: Callable[[], tuple[Records, Gazetteer]]) -> tuple[Records, Gazetteer]:
    """The records and gazetteer from the cache in ``directory`` when it holds this version's, else
    ``build()`` them and cache them there (when it can be written)."""
    if directory is None:
        return build()
    key = fingerprint()
    found = read_index(directory, key)
    if found is not None:
        return found
    records, gazetteer = build()
    write_index(directory, key, records, gazetteer)
    return records, gazetteer
