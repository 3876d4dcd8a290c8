"""GraphQL types. Resolvers fetch related objects through per-request DataLoaders (no N+1)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry.scalars import JSON

if TYPE_CHECKING:
    from timeline.api.context import Context

Info = strawberry.Info


@strawberry.type(description="A half-open calendar interval [start, end) and the words that expressed it.")
class TimeValue:
    start: date | None = strawberry.field(description="First day of the interval.")
    end: date | None = strawberry.field(description="Day after the last day (exclusive).")
    granularity: str | None = strawberry.field(
        description="day, week, month, quarter, half (of a year), year, or the unit of a duration."
    )
    expression: str | None = strawberry.field(description="The text as written, when the text gave it.")


@strawberry.type(description="A span of the article's original text, as Python string offsets [start, end).")
class Span:
    start: int
    end: int


@strawberry.type(description="A number the claim states, with its modifier (exact, approx, at_least, at_most).")
class Quantity:
    value: float
    unit: str | None
    text: str
    modifier: str


@strawberry.type(description="A person, organisation, place or country, known under aliases in many scripts.")
class Entity:
    id: strawberry.ID
    name: str
    kind: str

    @strawberry.field(description="Every known name of the entity, in any language or script.")
    async def aliases(self, info: Info) -> list[str]:
        ctx: Context = info.context
        return await ctx.aliases.load(str(self.id))


@strawberry.type(description="A news article as submitted, with what extraction inferred about it.")
class Article:
    id: strawberry.ID
    source: str = strawberry.field(description="Where it came from: the given source, else file name, else URL.")
    url: str | None
    outlet: str | None
    title: str | None
    published_at: date | None = strawberry.field(description="Publication date from the metadata, if given.")
    language: str | None = strawberry.field(description="ISO 639-1 code (given or identified).")
    document_date: TimeValue | None = strawberry.field(
        description="The document creation time used to resolve relative dates, with its basis in `expression`: "
        "metadata, dateline, body or none."
    )
    text_value: strawberry.Private[str | None] = None  # fetched with the row, else loaded when asked for

    @strawberry.field(
        description="The text exactly as given (an HTML page with all but its visible text blanked to spaces, "
        "same length); all spans index into it, and so into the page."
    )
    async def text(self, info: Info) -> str:
        if self.text_value is not None:
            return self.text_value
        ctx: Context = info.context
        return await ctx.article_texts.load(str(self.id))


def article_from_row(r: dict[str, Any]) -> Article:
    """An Article from a query row."""
    dd = TimeValue(
        start=r["dct_start"], end=r["dct_end"], granularity="day" if r["dct_start"] else None, expression=r["dct_basis"]
    )
    return Article(
        id=strawberry.ID(r["article_id"]),
        source=r["source"],
        url=r["url"],
        outlet=r["outlet"],
        title=r["title"],
        published_at=r["published_at"],
        language=r["language"],
        document_date=dd,
        text_value=r.get("text"),
    )


def entity_from_row(r: dict[str, Any]) -> Entity:
    """An Entity from a query row."""
    return Entity(id=strawberry.ID(r["entity_id"]), name=r["name"], kind=r["kind"])


@strawberry.type(description="An event in a claim's history: its extraction, and every correction since.")
class HistoryEntry:
    position: int
    type: str
    recorded_at: datetime
    reason: str | None


@strawberry.type(description="Where the claims of a group differ: the field and the values seen.")
class Disagreement:
    field: str
    values: list[str]


@strawberry.type(description="Claims in any language that report the same observation, grouped without translation.")
class ClaimGroup:
    id: strawberry.ID
    size: int
    outlets: list[str] = strawberry.field(description="Distinct outlets carrying the claim (source when unknown).")
    languages: list[str]
    corroboration: int = strawberry.field(
        description="Distinct outlets, with syndicated copies of one text counted once."
    )
    earliest_statement: date | None
    event_time: TimeValue | None = strawberry.field(
        description="The most precise event time any member states: it holds for the whole group, while each "
        "member keeps what its own text said."
    )
    disagreements: list[Disagreement]
    claim_ids: strawberry.Private[list[str]]

    @strawberry.field(description="The member claims, earliest statement first.")
    async def claims(self, info: Info) -> list[Claim]:
        ctx: Context = info.context
        found = await ctx.claims.load_many(self.claim_ids)
        return [c for c in found if c is not None]


def group_from_domain(g: Any) -> ClaimGroup:
    """A ClaimGroup from the grouping result."""
    return ClaimGroup(
        id=strawberry.ID(g.id),
        size=len(g.claim_ids),
        outlets=g.outlets,
        languages=g.languages,
        corroboration=g.corroboration,
        earliest_statement=g.earliest_stated,
        event_time=TimeValue(start=g.event[0], end=g.event[1], granularity=None, expression=None) if g.event else None,
        disagreements=[Disagreement(field=k, values=v) for k, v in g.disagreements.items()],
        claim_ids=g.claim_ids,
    )


@strawberry.type(description="One attributed statement: who claimed what, about whom, and when.")
class Claim:
    id: strawberry.ID
    text: str = strawberry.field(description="The sentence that carries the claim, as in the source.")
    language: str | None
    event_time: TimeValue | None = strawberry.field(
        description="When the described thing happened, as the text says (null when the text gives no time)."
    )
    stated_at: TimeValue | None = strawberry.field(
        description="When the claim was made: the report's date if the text gives it, else the article's date."
    )
    quantities: list[Quantity]
    stance: str = strawberry.field(description="asserted, denial or hedged.")
    span: Span = strawberry.field(description="Where the claim's text is in the article's text.")
    claimant_text: str | None = strawberry.field(description="The words naming the source, as written.")
    retracted_at_position: int | None = strawberry.field(
        default=None, description="The log position of the retraction, when the claim was retracted."
    )
    article_id: strawberry.Private[str]
    claimant_id: strawberry.Private[str | None]
    via_id: strawberry.Private[str | None] = None

    @strawberry.field(description="Who made the claim (resolved entity), or null when the text does not say.")
    async def claimant(self, info: Info) -> Entity | None:
        if not self.claimant_id:
            return None
        ctx: Context = info.context
        return await ctx.entities.load(self.claimant_id)

    @strawberry.field(
        description='The outlet that carried the statement ("an unnamed official told Reuters"), or null.'
    )
    async def via(self, info: Info) -> Entity | None:
        if not self.via_id:
            return None
        ctx: Context = info.context
        return await ctx.entities.load(self.via_id)

    @strawberry.field(description="The entities the claim is about.")
    async def entities(self, info: Info) -> list[Entity]:
        ctx: Context = info.context
        ids = await ctx.claim_entity_ids.load(str(self.id))
        found = await ctx.entities.load_many(ids)
        unique: dict[str, Entity] = {}
        for e in found:
            if e is not None:
                unique.setdefault(str(e.id), e)  # two merged entities show once
        return list(unique.values())

    @strawberry.field(description="The group of claims (in any language) reporting the same observation, if any.")
    def group(self, info: Info) -> ClaimGroup | None:
        ctx: Context = info.context
        view = ctx.group_view()
        gid = view.group_of.get(str(self.id))
        return group_from_domain(view.groups[gid]) if gid else None

    @strawberry.field(description="Claims that deny this one.")
    async def denied_by(self, info: Info) -> list[Claim]:
        ctx: Context = info.context
        ids = ctx.group_view().denied_by.get(str(self.id), [])
        return [c for c in await ctx.claims.load_many(ids) if c is not None]

    @strawberry.field(description="Claims this one denies.")
    async def denies(self, info: Info) -> list[Claim]:
        ctx: Context = info.context
        ids = ctx.group_view().denies.get(str(self.id), [])
        return [c for c in await ctx.claims.load_many(ids) if c is not None]

    @strawberry.field(description="Every event that touched the claim, oldest first, with its reason.")
    def history(self, info: Info) -> list[HistoryEntry]:
        from timeline.corrections import claim_history

        ctx: Context = info.context
        return [
            HistoryEntry(position=r["position"], type=r["type"], recorded_at=r["recorded_at"], reason=r["reason"])
            for r in claim_history(ctx.timeline.db, str(self.id))
        ]

    @strawberry.field(description="The article the claim was found in (source, outlet, URL).")
    async def article(self, info: Info) -> Article:
        ctx: Context = info.context
        article = await ctx.articles.load(self.article_id)
        assert article is not None
        return article


def _time(start: date | None, end: date | None, granularity: str | None, expression: str | None) -> TimeValue | None:
    if start is None and expression is None:
        return None
    return TimeValue(start=start, end=end, granularity=granularity, expression=expression)


def claim_from_row(r: dict[str, Any]) -> Claim:
    """A Claim from a query row."""
    quantities = json.loads(r["quantities"] or "[]")
    return Claim(
        id=strawberry.ID(r["claim_id"]),
        text=r["text"],
        language=r["language"],
        event_time=_time(r["event_start"], r["event_end"], r["event_granularity"], r["event_expression"]),
        stated_at=_time(r["stated_start"], r["stated_end"], r["stated_granularity"], r["stated_expression"]),
        quantities=[
            Quantity(value=q["value"], unit=q.get("unit"), text=q["text"], modifier=q.get("modifier", "exact"))
            for q in quantities
        ],
        stance=r["stance"],
        span=Span(start=r["start_offset"], end=r["end_offset"]),
        claimant_text=r["claimant_text"],
        retracted_at_position=r.get("valid_to"),
        article_id=r["article_id"],
        claimant_id=r["claimant_id"],
        via_id=r.get("via_id"),
    )


@strawberry.type
class ClaimEdge:
    node: Claim
    cursor: str


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="A page of claims in (time, id) order.")
class ClaimConnection:
    edges: list[ClaimEdge]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], int]]  # counted only when asked for, in the request's snapshot

    @strawberry.field(description="How many claims match the filter in all.")
    def total_count(self) -> int:
        return self.count()


@strawberry.input(description="Which claims to return. Every field is optional; all given fields must hold.")
class ClaimFilter:
    about: str | None = strawberry.field(
        default=None,
        description="An entity the claim is about: its id, or a name or alias in any script "
        "(Tumangang, Туманганг, تومانغانغ).",
    )
    before: date | None = strawberry.field(
        default=None,
        description="The claim's event time starts before this date (an interval that begins "
        "earlier matches). A claim whose text gives no event time uses its stated time.",
    )
    after: date | None = strawberry.field(
        default=None, description="The claim's event time (else stated time) ends after this date."
    )
    stated_before: date | None = strawberry.field(default=None, description="Stated time starts before this date.")
    stated_after: date | None = strawberry.field(default=None, description="Stated time ends after this date.")
    by: str | None = strawberry.field(default=None, description="The claimant: id, name or alias in any script.")
    language: str | None = strawberry.field(default=None, description="ISO 639-1 language of the claim's article.")
    source: str | None = strawberry.field(default=None, description="The article's source, URL, or file name.")
    text: str | None = strawberry.field(default=None, description="Words the claim's text contains (case-insensitive).")


@strawberry.type(description="One event of the append-only log.")
class Event:
    position: int
    stream: str
    version: int
    type: str
    schema_version: int
    recorded_at: datetime
    data: JSON
    meta: JSON
    hash: str


def event_from_recorded(e: Any) -> Event:
    """An Event from a recorded (upcast) log event."""
    return Event(
        position=e.position,
        stream=e.stream,
        version=e.version,
        type=e.type,
        schema_version=e.schema_version,
        recorded_at=e.recorded_at,
        data=e.data,
        meta=e.meta,
        hash=e.hash,
    )
