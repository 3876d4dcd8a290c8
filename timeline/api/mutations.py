"""GraphQL mutations: corrections appended as events. Each returns its result or a typed error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

import strawberry

from timeline import corrections
from timeline.api.context import Context
from timeline.api.ingest_mutation import IngestResult, ingest_articles
from timeline.api.types import Claim, Entity
from timeline.domain.events import RecordedEvent
from timeline.errors import ConcurrencyError, NotFoundError, ValidationError

Info = strawberry.Info


@strawberry.type(description="The stream was changed by someone else since the version you read.")
class ConflictError:
    message: str
    stream: str
    expected_version: int
    actual_version: int


@strawberry.type(name="NotFoundError", description="The entity or claim does not exist (or is no longer current).")
class NotFoundProblem:
    message: str


@strawberry.type(name="ValidationError", description="A value was not acceptable; the message says which and why.")
class ValidationProblem:
    message: str


@strawberry.type(description="An alias was recorded; claims whose text names it now link to the entity.")
class AliasAdded:
    position: int = strawberry.field(description="The log position of the AliasAdded event.")
    version: int = strawberry.field(description="The entity stream's version after the change.")
    alias: str
    entity: Entity


@strawberry.type(description="A claim was retracted; it stays in the log, `history` and `asOf` reads.")
class ClaimRetracted:
    position: int
    version: int
    claim_id: strawberry.ID


AddAliasResult = Annotated[
    AliasAdded | ConflictError | NotFoundProblem | ValidationProblem, strawberry.union("AddAliasResult")
]
RetractClaimResult = Annotated[
    ClaimRetracted | ConflictError | NotFoundProblem | ValidationProblem, strawberry.union("RetractClaimResult")
]


def _conflict(exc: ConcurrencyError) -> ConflictError:
    return ConflictError(message=str(exc), stream=exc.stream, expected_version=exc.expected, actual_version=exc.actual)


@strawberry.type(description="Two entities are now one; claims about either are about both.")
class EntitiesMerged:
    position: int
    version: int
    into: Entity


MergeEntitiesResult = Annotated[
    EntitiesMerged | ConflictError | NotFoundProblem | ValidationProblem, strawberry.union("MergeEntitiesResult")
]


@strawberry.input(description="New values for some fields of a claim; leave the others out.")
class ClaimCorrection:
    claimant: strawberry.ID | None = None
    stance: str | None = None
    event_start: date | None = None
    event_end: date | None = strawberry.field(default=None, description="Exclusive.")
    stated_start: date | None = None
    stated_end: date | None = strawberry.field(default=None, description="Exclusive.")


@strawberry.type(description="A claim has a corrected version; the extracted one stays in its history.")
class ClaimCorrected:
    position: int
    version: int
    claim: Claim


CorrectClaimResult = Annotated[
    ClaimCorrected | ConflictError | NotFoundProblem | ValidationProblem, strawberry.union("CorrectClaimResult")
]


@strawberry.type(description="What a re-extraction did.")
class Reextracted:
    reextracted: int
    unchanged: int
    missing: list[str]


Problem = ConflictError | NotFoundProblem | ValidationProblem


def _attempt(action: Callable[[], RecordedEvent]) -> RecordedEvent | Problem:
    """Run a correction; our own errors become the typed problems of the schema."""
    try:
        return action()
    except ConcurrencyError as exc:
        return _conflict(exc)
    except NotFoundError as exc:
        return NotFoundProblem(message=str(exc))
    except ValidationError as exc:
        return ValidationProblem(message=str(exc))


@strawberry.type
class Mutation:
    ingest_articles: IngestResult = strawberry.mutation(
        resolver=ingest_articles,
        description="Store articles not yet present, with their extraction (requires the token; a request body "
        "is at most 1 MB: use POST /ingest or `timeline ingest` for more).",
    )

    @strawberry.mutation(description="Correct fields of a claim, with a reason (requires the token).")
    async def correct_claim(
        self, info: Info, id: strawberry.ID, fields: ClaimCorrection, reason: str, expected_version: int | None = None
    ) -> CorrectClaimResult:
        ctx: Context = info.context
        ctx.require_token()
        values = {
            "claimant_id": str(fields.claimant) if fields.claimant is not None else None,
            "stance": fields.stance,
            "event_start": fields.event_start,
            "event_end": fields.event_end,
            "stated_start": fields.stated_start,
            "stated_end": fields.stated_end,
        }
        db = ctx.timeline.db
        outcome = _attempt(lambda: corrections.correct_claim(db, str(id), values, reason, expected_version, ctx.actor))
        if not isinstance(outcome, RecordedEvent):
            return outcome
        claim = await ctx.claims.load(str(id))
        assert claim is not None
        return ClaimCorrected(position=outcome.position, version=outcome.version, claim=claim)

    @strawberry.mutation(description="Run the current extractor again over some articles, or all (requires the token).")
    def reextract(self, info: Info, article_ids: list[strawberry.ID] | None = None) -> Reextracted:
        ctx: Context = info.context
        ctx.require_token()
        summary = ctx.timeline.reextract([str(a) for a in article_ids] if article_ids is not None else None)
        return Reextracted(reextracted=summary.reextracted, unchanged=summary.unchanged, missing=summary.missing)

    @strawberry.mutation(description="Merge entity `from` into `into` (requires the token).")
    async def merge_entities(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        into: strawberry.ID,
        expected_version: int | None = None,
    ) -> MergeEntitiesResult:
        ctx: Context = info.context
        ctx.require_token()
        db = ctx.timeline.db
        outcome = _attempt(lambda: corrections.merge_entities(db, str(from_), str(into), expected_version, ctx.actor))
        if not isinstance(outcome, RecordedEvent):
            return outcome
        target = await ctx.entities.load(str(into))
        assert target is not None
        return EntitiesMerged(position=outcome.position, version=outcome.version, into=target)

    @strawberry.mutation(description="Add a name for an entity in any language or script (requires the token).")
    async def add_alias(
        self,
        info: Info,
        entity: strawberry.ID,
        alias: str,
        language: str | None = None,
        expected_version: int | None = None,
    ) -> AddAliasResult:
        ctx: Context = info.context
        ctx.require_token()
        db = ctx.timeline.db
        outcome = _attempt(lambda: corrections.add_alias(db, str(entity), alias, language, expected_version, ctx.actor))
        if not isinstance(outcome, RecordedEvent):
            return outcome
        found = await ctx.entities.load(str(entity))
        assert found is not None
        return AliasAdded(position=outcome.position, version=outcome.version, alias=alias.strip(), entity=found)

    @strawberry.mutation(description="Retract a claim, with a reason (requires the token).")
    def retract_claim(
        self, info: Info, id: strawberry.ID, reason: str, expected_version: int | None = None
    ) -> RetractClaimResult:
        ctx: Context = info.context
        ctx.require_token()
        db = ctx.timeline.db
        outcome = _attempt(lambda: corrections.retract_claim(db, str(id), reason, expected_version, ctx.actor))
        if not isinstance(outcome, RecordedEvent):
            return outcome
        return ClaimRetracted(position=outcome.position, version=outcome.version, claim_id=strawberry.ID(str(id)))
