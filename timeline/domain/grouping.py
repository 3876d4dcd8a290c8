"""Cross-lingual claim groups and denial links, without translation. Pure functions.

Two claims from different articles are the same observation when they share a specific entity (a
place, person or organisation, not a whole country), state a compatible quantity (within 10 %, or 2:
"at least 70" and "approximately 73" railcars) and their event times, where given, overlap. Groups
are the connected components. A denial denies the claims of a source it names (or whose government
it names: "Washington" for the White House) that share another entity with it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """What grouping needs to know about one claim."""

    claim_id: str
    article_id: str
    outlet: str
    language: str | None
    text: str
    claimant_id: str | None
    stance: str
    entity_ids: frozenset[str]
    quantities: tuple[float, ...]
    event: tuple[date, date] | None
    stated: date | None


@dataclass(slots=True)
class Group:
    """Claims that report one observation, and where they disagree."""

    id: str
    claim_ids: list[str]
    outlets: list[str]
    languages: list[str]
    corroboration: int  # distinct outlets, syndicated copies (same text) counted once
    earliest_stated: date | None
    event: tuple[date, date] | None = None  # the most precise event time any member states
    disagreements: dict[str, list[str]] = field(default_factory=dict)


_WINDOW = 24  # how many following observations of similar size each one is compared with


def _close(a: float, b: float) -> bool:
    return a >= 1 and b >= 1 and abs(a - b) <= max(2.0, 0.1 * max(a, b))


def _overlap(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    return a is None or b is None or (a[0] < b[1] and b[0] < a[1])


def same_observation(a: ClaimFacts, b: ClaimFacts, broad: frozenset[str]) -> bool:
    """Whether two claims from different articles report the same thing."""
    if a.article_id == b.article_id or not (a.entity_ids & b.entity_ids) - broad:
        return False
    if not any(_close(x, y) for x in a.quantities for y in b.quantities):
        return False
    return _overlap(a.event, b.event)


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def group_claims(claims: list[ClaimFacts], broad: frozenset[str]) -> list[Group]:
    """Groups of two or more claims (``broad``: entity ids too general to link on, e.g. countries)."""
    parent = {c.claim_id: c.claim_id for c in claims}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # candidate pairs: per specific entity, observations sorted by quantity, each compared with the
    # next few whose quantity is close enough (linear in the number of claims, not quadratic)
    by_entity: dict[str, list[tuple[float, ClaimFacts]]] = defaultdict(list)
    for c in claims:
        for e in c.entity_ids - broad:
            by_entity[e].extend((q, c) for q in c.quantities if q >= 1)
    for observations in by_entity.values():
        observations.sort(key=lambda o: (o[0], o[1].claim_id))
        for i, (q, a) in enumerate(observations):
            for q2, b in observations[i + 1 : i + 1 + _WINDOW]:
                if not _close(q, q2):
                    break
                if find(a.claim_id) != find(b.claim_id) and same_observation(a, b, broad):
                    parent[find(a.claim_id)] = find(b.claim_id)
    components: dict[str, list[ClaimFacts]] = defaultdict(list)
    for c in claims:
        components[find(c.claim_id)].append(c)
    groups = []
    for members in components.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda c: (c.stated or date.max, c.claim_id))
        groups.append(_describe(members))
    return sorted(groups, key=lambda g: g.id)


def _describe(members: list[ClaimFacts]) -> Group:
    outlets = sorted({c.outlet for c in members})
    languages = sorted({c.language for c in members if c.language})
    # syndicated copies (the same text under several outlets) count once
    owner: dict[str, str] = {}
    for c in members:
        owner.setdefault(_norm(c.text), c.outlet)
    corroboration = len({owner[_norm(c.text)] for c in members})
    disagreements: dict[str, list[str]] = {}
    values = sorted({_fmt(q) for c in members for q in c.quantities})
    if len(values) > 1:
        disagreements["quantity"] = values
    events = sorted({f"{c.event[0]}/{c.event[1]}" for c in members if c.event})
    if len(events) > 1:
        disagreements["eventTime"] = events
    claimants = sorted({c.claimant_id for c in members if c.claimant_id})
    if len(claimants) > 1:
        disagreements["claimant"] = claimants
    stated = [c.stated for c in members if c.stated]
    spans = [c.event for c in members if c.event]
    precise = min(spans, key=lambda e: ((e[1] - e[0]).days, e[0])) if spans else None
    return Group(
        id="g-" + min(c.claim_id for c in members),
        claim_ids=[c.claim_id for c in members],
        outlets=outlets,
        languages=languages,
        corroboration=corroboration,
        earliest_stated=min(stated) if stated else None,
        event=precise,
        disagreements=disagreements,
    )


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def denial_links(claims: list[ClaimFacts], governments: dict[str, str], broad: frozenset[str]) -> list[tuple[str, str]]:
    """(denial, denied) claim-id pairs: the denial names the other claim's source, or its government,
    and they share another entity."""
    by_source: dict[str, list[ClaimFacts]] = defaultdict(list)  # an entity -> claims it is the source of
    for c in claims:
        if c.claimant_id and c.stance != "denial":
            by_source[c.claimant_id].append(c)
            if c.claimant_id in governments:
                by_source[governments[c.claimant_id]].append(c)
    out = []
    for d in (c for c in claims if c.stance == "denial"):
        seen: set[str] = set()
        for named in d.entity_ids:
            for c in by_source.get(named, ()):
                if c.claim_id in seen or c.claimant_id == d.claimant_id:
                    continue
                seen.add(c.claim_id)
                source = {c.claimant_id, governments.get(c.claimant_id or "", "")}
                if not (c.entity_ids & d.entity_ids) - source:
                    continue
                if c.article_id != d.article_id and c.stated and d.stated and c.stated > d.stated:
                    continue  # a denial answers what was said before it (within one article, order is moot)
                out.append((d.claim_id, c.claim_id))
    return sorted(out)
