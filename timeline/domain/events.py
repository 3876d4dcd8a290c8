"""Event types, canonical encoding, the hash chain and upcasting. Pure functions, no I/O.

An event is a fact that happened: it is never edited. Each has a global ``position``, a ``stream``
(``article-<hash>``, ``gazetteer``) with a ``version`` inside it, a ``type``, a ``schema_version``
of its payload, the payload ``data``, ``meta`` (extractor version, causation) and ``recorded_at``.
``hash = sha256(prev_hash || canonical(event))`` links every event to the one before it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

ARTICLE_SUBMITTED = "ArticleSubmitted"
ARTICLE_EXTRACTED = "ArticleExtracted"
GAZETTEER_IMPORTED = "GazetteerImported"
ALIAS_ADDED = "AliasAdded"
CLAIM_RETRACTED = "ClaimRetracted"
ENTITIES_MERGED = "EntitiesMerged"
CLAIM_CORRECTED = "ClaimCorrected"

#: Current payload schema version of each event type. Older versions are upcast on read.
CURRENT_SCHEMA: dict[str, int] = {
    ARTICLE_SUBMITTED: 2,
    ARTICLE_EXTRACTED: 1,
    GAZETTEER_IMPORTED: 1,
    ALIAS_ADDED: 1,
    CLAIM_RETRACTED: 1,
    ENTITIES_MERGED: 1,
    CLAIM_CORRECTED: 1,
}

GENESIS_HASH = "0" * 64


class EncodedPayload(Mapping[str, Any]):
    """A payload already in canonical JSON (made where it was computed, e.g. in an extraction worker).

    The log stores ``json`` as is, so the writer does not encode the payload again; the mapping is
    parsed only if someone reads it. Build it with :meth:`of`, which guarantees the canonical form.
    """

    __slots__ = ("_value", "json")

    def __init__(self, canonical: str) -> None:
        self.json = canonical
        self._value: dict[str, Any] | None = None

    @classmethod
    def of(cls, value: Mapping[str, Any]) -> EncodedPayload:
        """The canonical encoding of ``value``."""
        return cls(canonical_json(value))

    def _parsed(self) -> dict[str, Any]:
        if self._value is None:
            self._value = json.loads(self.json)
        return self._value

    def __getitem__(self, key: str) -> Any:
        return self._parsed()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._parsed())

    def __len__(self) -> int:
        return len(self._parsed())

    def __reduce__(self) -> tuple[type[EncodedPayload], tuple[str]]:
        return (EncodedPayload, (self.json,))  # only the text crosses a process boundary


def payload_json(data: Mapping[str, Any]) -> str:
    """The canonical JSON of a payload (taken as is when it is already encoded)."""
    return data.json if isinstance(data, EncodedPayload) else canonical_json(data)


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event about to be appended (no position or hash yet)."""

    type: str
    data: Mapping[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)
    schema_version: int | None = None

    def versioned(self) -> NewEvent:
        """This event with its schema version filled in from CURRENT_SCHEMA."""
        if self.schema_version is not None:
            return self
        return replace(self, schema_version=CURRENT_SCHEMA.get(self.type, 1))


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An event as stored in the log."""

    position: int
    stream: str
    version: int
    type: str
    schema_version: int
    data: Mapping[str, Any]
    meta: dict[str, Any]
    recorded_at: datetime
    prev_hash: str
    hash: str


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no whitespace, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def epoch_micros(moment: datetime) -> int:
    """Microseconds since the Unix epoch, exact (no float rounding)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def event_hash(
    prev_hash: str,
    *,
    position: int,
    stream: str,
    version: int,
    type: str,
    schema_version: int,
    data_json: str,
    meta_json: str,
    recorded_micros: int,
) -> str:
    """The chain hash of one event given the hash of the event before it.

    The hashed body is ``canonical_json([position, stream, version, type, schema_version, data_json,
    meta_json, recorded_micros])``, written out here without the general encoder (same bytes, faster).
    """
    ints = (position, version, schema_version, recorded_micros)
    strings = (stream, type, data_json, meta_json)
    if not (all(x.__class__ is int for x in ints) and all(x.__class__ is str for x in strings)):
        body = canonical_json([position, stream, version, type, schema_version, data_json, meta_json, recorded_micros])
    else:
        body = (
            f"[{position},{_string(stream)},{version},{_string(type)},{schema_version},"
            f"{_string(data_json)},{_string(meta_json)},{recorded_micros}]"
        )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


_string: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]  # as json.dumps


StoredRow = tuple[int, str, int, str, int, str, str, int, str, str]
"""position, stream, version, type, schema_version, data JSON, meta JSON, recorded µs, prev_hash, hash"""


def check_chain(prev_hash: str, expected_position: int, row: StoredRow) -> str:
    """Check that a stored event continues the chain after ``prev_hash``; return its hash.

    Raises IntegrityError naming the position where the log breaks.
    """
    from timeline.errors import IntegrityError

    position, stream, version, etype, schema_version, data, meta, micros, prev, stored = row
    if position != expected_position:
        raise IntegrityError(expected_position, f"position {position} follows {expected_position - 1}")
    if prev != prev_hash:
        raise IntegrityError(position, "prev_hash does not match the hash of the event before it")
    computed = event_hash(
        prev_hash,
        position=position,
        stream=stream,
        version=version,
        type=etype,
        schema_version=schema_version,
        data_json=data,
        meta_json=meta,
        recorded_micros=micros,
    )
    if computed != stored:
        raise IntegrityError(position, "stored hash does not match the event's content")
    return stored


# --- upcasting ---------------------------------------------------------------------------------

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
_UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register a function turning payload version ``from_version`` into ``from_version + 1``."""

    def register(fn: Upcaster) -> Upcaster:
        _UPCASTERS[(event_type, from_version)] = fn
        return fn

    return register


def upcast(event_type: str, schema_version: int, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Bring a payload up to the current schema version by applying registered upcasters in turn."""
    target = CURRENT_SCHEMA.get(event_type, schema_version)
    version = schema_version
    while version < target:
        step = _UPCASTERS.get((event_type, version))
        if step is None:
            raise ValueError(f"no upcaster for {event_type} v{version}")
        data = step(data)
        version += 1
    return version, data


@upcaster(ARTICLE_SUBMITTED, 1)
def _article_submitted_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v1 (pre-release) named the publication date ``published`` and had no ``format``."""
    out = {k: v for k, v in data.items() if k != "published"}
    out["published_at"] = data.get("published")
    out.setdefault("format", "text")
    return out
