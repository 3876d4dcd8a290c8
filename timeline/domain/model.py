"""Value objects produced by extraction and carried in events. Pure data, no I/O."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class Interval:
    """A half-open calendar interval [start, end) with the granularity of what was said."""

    start: date
    end: date
    granularity: str  # day | week | month | quarter | half | year | decade | duration

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"interval start {self.start} must be before end {self.end}")

    def to_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "granularity": self.granularity}


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """An article as submitted: exact text plus whatever metadata the user had."""

    text: str
    source: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published_at: date | None = None
    language: str | None = None
    format: str = "text"  # text | html | jsonl
    html: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The article and its metadata, JSON-safe (``html`` only when there is some)."""
        record: dict[str, Any] = {
            "text": self.text,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "language": self.language,
            "format": self.format,
        }
        if self.html is not None:
            record["html"] = self.html
        return record


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A temporal expression found in the text, with its normalised value (None if unresolved)."""

    text: str
    start: int
    end: int
    kind: str  # date | month | year | weekday | relative | duration | partial | day_of_month | quarter | half
    value: Interval | None
    flags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "value_start": self.value.start.isoformat() if self.value else None,
            "value_end": self.value.end.isoformat() if self.value else None,
            "granularity": self.value.granularity if self.value else None,
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity as referenced from a claim: id, canonical name, kind."""

    id: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an entity is named in the text."""

    entity: EntityRef
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit word and modifier (approx / at_least / at_most / exact)."""

    value: float
    unit: str | None
    text: str
    start: int
    end: int
    modifier: str = "exact"


@dataclass(slots=True)
class Claim:
    """One attributed statement: its span, who made it, what it is about and when."""

    id: str
    text: str
    start: int
    end: int
    claimant: EntityRef | None
    claimant_text: str | None
    cue: str | None
    entities: list[EntityRef] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    event_time: Interval | None = None
    event_expression: str | None = None
    stated_time: Interval | None = None
    stated_expression: str | None = None
    stance: str = "asserted"  # asserted | denial | hedged
    via: EntityRef | None = None  # the outlet that carried the statement ("an official told Reuters")


@dataclass(frozen=True, slots=True)
class DocumentDate:
    """The document creation time and where it came from (metadata | dateline | body | none)."""

    value: Interval | None
    basis: str


@dataclass(slots=True)
class Extraction:
    """Everything extraction finds in one article."""

    language: str
    language_confidence: float
    document_date: DocumentDate
    body_spans: list[tuple[int, int]]
    time_expressions: list[TimeExpression]
    mentions: list[Mention]
    claims: list[Claim]
    extractor_version: str

    def to_json(self) -> dict[str, Any]:
        """The ArticleExtracted event payload (JSON-safe)."""
        dd = self.document_date
        return {
            "extractor_version": self.extractor_version,
            "language": self.language,
            "language_confidence": round(self.language_confidence, 4),
            "document_date": {
                "start": dd.value.start.isoformat() if dd.value else None,
                "end": dd.value.end.isoformat() if dd.value else None,
                "basis": dd.basis,
            },
            "body_spans": [list(s) for s in self.body_spans],
            "time_expressions": [t.to_json() for t in self.time_expressions],
            "entities": _entities_json(self.mentions, self.claims),
            "mentions": [
                {"entity_id": m.entity.id, "start": m.start, "end": m.end, "text": m.text} for m in self.mentions
            ],
            "claims": [_claim_json(c) for c in self.claims],
        }


def _interval_json(i: Interval | None, expr: str | None) -> dict[str, Any] | None:
    if i is None:
        return None
    return {**i.to_json(), "expression": expr}


def _claim_json(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "claimant_id": c.claimant.id if c.claimant else None,
        "claimant_text": c.claimant_text,
        "cue": c.cue,
        "entity_ids": [e.id for e in c.entities],
        "quantities": [{k: v for k, v in asdict(q).items()} for q in c.quantities],
        "event_time": _interval_json(c.event_time, c.event_expression),
        "stated_time": _interval_json(c.stated_time, c.stated_expression),
        "stance": c.stance,
        "via_id": c.via.id if c.via else None,
    }


def _entities_json(mentions: list[Mention], claims: list[Claim]) -> list[dict[str, str]]:
    seen: dict[str, EntityRef] = {}
    for m in mentions:
        seen.setdefault(m.entity.id, m.entity)
    for c in claims:
        for ref in (c.claimant, c.via):
            if ref:
                seen.setdefault(ref.id, ref)
        for e in c.entities:
            seen.setdefault(e.id, e)
    return [{"id": e.id, "name": e.name, "kind": e.kind} for e in seen.values()]
