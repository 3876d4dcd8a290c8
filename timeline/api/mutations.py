"""GraphQL mutations: corrections appended as events. Each returns its result or a typed error."""

from __future__ import annotations

from typing import Annotated

import strawberry

from timeline import corrections
from timeline.api.context import Context
from timeline.api.types import Entity
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


@strawberry.type
class Mutation:
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
        try:
            event = corrections.merge_entities(ctx.timeline.db, str(from_), str(into), expected_version, ctx.actor)
        except ConcurrencyError as exc:
            return _conflict(exc)
        except NotFoundError as exc:
            return NotFoundProblem(message=str(exc))
        except ValidationError as exc:
            return ValidationProblem(message=str(exc))
        target = await ctx.entities.load(str(into))
        assert target is not None
        return EntitiesMerged(position=event.position, version=event.version, into=target)

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
        try:
            event = corrections.add_alias(ctx.timeline.db, str(entity), alias, language, expected_version, ctx.actor)
        except ConcurrencyError as exc:
            return _conflict(exc)
        except NotFoundError as exc:
            return NotFoundProblem(message=str(exc))
        except ValidationError as exc:
            return ValidationProblem(message=str(exc))
        found = await ctx.entities.load(str(entity))
        assert found is not None
        return AliasAdded(position=event.position, version=event.version, alias=alias.strip(), entity=found)

    @strawberry.mutation(description="Retract a claim, with a reason (requires the token).")
    def retract_claim(
        self,
        info: Info,
        id: strawberry.ID,
        reason: str,
        expected_version: int | None = None,
    ) -> RetractClaimResult:
        ctx: Context = info.context
        ctx.require_token()
        try:
            event = corrections.retract_claim(ctx.timeline.db, str(id), reason, expected_version, ctx.actor)
        except ConcurrencyError as exc:
            return _conflict(exc)
        except NotFoundError as exc:
            return NotFoundProblem(message=str(exc))
        except ValidationError as exc:
            return ValidationProblem(message=str(exc))
        return ClaimRetracted(position=event.position, version=event.version, claim_id=strawberry.ID(str(id)))
