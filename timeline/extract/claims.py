"""Claims: one per attributed sentence, with claimant, entities, quantities, event and stated time.

Attribution reaches a sentence three ways: its own cue; the cue of another sentence of the same
paragraph (news paragraphs attribute once: '"…73 вагони. …", - пише видання.'); or, for an anaphor
("the report said"), the last named source in the article, whose report date then dates the claim.
A time expression next to the attribution ("…(CSIS) hôm 6/10", "kata kelompok tersebut pada hari
Jumat") is when the claim was stated; the others in the sentence are when the event happened.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from timeline.domain.model import Claim, EntityRef, Interval, Mention, Quantity, TimeExpression
from timeline.extract.attribution import Attribution, find_attributions, inside_quotation
from timeline.extract.coreference import Resolved, person_named, resolve_descriptions
from timeline.extract.entities import slug
from timeline.extract.lexicon import Lexicon
from timeline.extract.quantities import find_quantities
from timeline.extract.segment import Sentence
from timeline.extract.textnorm import fold_same_length
from timeline.extract.timex import RANGE_JOIN
from timeline.extract.topic import article_topic

_PLACE_KINDS = ("country", "place")
_STATED_GAP_AFTER = 14
_NARRATIVE_GRANULARITIES = ("day", "week", "month")  # what a following sentence goes on with (not a year)
_PARENTHETICAL = re.compile(r"\s*[,،]\s*")
_STATED_GAP_BEFORE = 4
_LEADING = 24  # characters from the sentence start within which a leading time adverbial may stand


@dataclass(slots=True)
class _Source:
    entity: EntityRef
    text: str
    stated: TimeExpression | None
    via: Mention | None = None


def _entity_for(att: Attribution) -> EntityRef:
    if att.mention is not None:
        return att.mention.entity
    name = re.sub(r"\s+", " ", att.source_text).strip()
    kind = "person" if att.kind == "unnamed" else "group"
    prefix = "unnamed-" if att.kind == "unnamed" else "x-"
    return EntityRef(prefix + slug(name), name, kind)


# "… menyebutkan bahwa", "said that": the content follows the cue, so a clause before the source is
# an introduction ("Dalam laporan terakhirnya bulan lalu, panel itu menyebutkan bahwa …")
_COMPLEMENTISER = re.compile(
    r"(?:\s*[\w-]+){0,3}?\s*[,:]?\s*(?:that|bahwa|rằng|là|que|qu'|dass|che|что|що|أن|بأن|إن)(?!\w)", re.IGNORECASE
)


def _stated_for(
    att: Attribution, sentence_times: list[TimeExpression], text: str, sentence_start: int, sentence_end: int
) -> TimeExpression | None:
    """The time expression that dates the attribution itself: inside the attribution block (cue and
    source phrase: "(CSIS) hôm 6/10", "a report published on October 5") or right next to it ("said
    on Friday", "kata kelompok tersebut pada hari Jumat", "hôm 17-10, Điện Kremlin tuyên bố")."""
    phrase_start = att.phrase_start if att.phrase_start >= 0 else att.source_start
    block_start = min(att.cue_start, att.source_start, phrase_start)
    block_end = max(att.cue_end, att.source_end, att.phrase_end)
    if att.direction == "before":
        block_start = min(att.cue_start, att.source_start)  # the clause before the speaker is the content
    for t in sentence_times:
        if t.value is None or t.kind == "duration" or inside_quotation(text, sentence_start, t.start):
            continue  # a time inside the quoted words belongs to them ("…지난 8월 … 겪었다"고 지적했다)
        if _SINCE.search(text[max(sentence_start, t.start - 12) : t.start]) or _SINCE_OPENING.match(text, t.start):
            continue  # "seit Dienstagmorgen": where a period starts, not when anyone spoke
        if block_start <= t.start and t.end <= block_end:
            return t
        if att.direction == "before" and t.end <= att.source_start:
            between = text[t.end : att.source_start]
            clean = not re.search(r"[.;:!?\"”»«“]", between) and "," not in between.lstrip(" ,")
            content_before = not _COMPLEMENTISER.match(text, att.cue_end, sentence_end)
            leading = not content_before or t.start - sentence_start <= _LEADING or not re.search("[,،]", between)
            if clean and leading and len(between.split()) <= 6:
                # not "placed two satellites into orbit on Tuesday, the company said": the content's time
                return t  # "Earlier this month, the union Rengo said", "hôm 17-10, Điện Kremlin tuyên bố"
        if (att.direction == "after" and not att.own_clause) or att.adverbial:
            continue  # "nach Angaben des Weißen Hauses seit September ...": the time belongs to the content
        gap_after = text[block_end : t.start]
        if 0 <= t.start - block_end <= _STATED_GAP_AFTER and not re.search(r"[.;!?\"”»:,،、，]", gap_after):
            return t
        if _PARENTHETICAL.fullmatch(gap_after) and _PARENTHETICAL.match(text, t.end):
            return t  # "أعلنت منظمة الصحة العالمية، يوم الاثنين، تسجيل": set off by commas after the source
        if 0 <= block_start - t.end <= _STATED_GAP_BEFORE and t.start - sentence_start <= _LEADING:
            return t  # a sentence-initial "On Monday, the Kremlin said" / "hôm 17-10, Điện Kremlin tuyên bố"
    return None


def _country_referred_to(
    folded: str, start: int, end: int, anaphor: re.Pattern[str], mentions: list[Mention]
) -> EntityRef | None:
    """The country that "nước này" / "the country" / "该国" in ``folded[start:end]`` refers back to: the
    last country named before it in the article (None without such words or such a country)."""
    hit = anaphor.search(folded, start, end)
    if hit is None:
        return None
    before = [m for m in mentions if m.end <= hit.start() and m.entity.kind == "country"]
    return before[-1].entity if before else None


def _same_head(anaphor: str, sources: list[_Source]) -> _Source | None:
    """The latest source whose name holds the anaphor's noun: "the ministry" -> "Ministry of Finance",
    "同省" -> "財務省", "该部" -> "商务部". None when no source shares it."""
    folded = fold_same_length(anaphor)
    words = [w for w in re.findall(r"\w+", folded) if len(w) >= 4]
    tail = folded[1:] if not words and len(folded) >= 2 else ""  # unspaced: "同|省", "该|部"
    for src in reversed(sources):
        name = fold_same_length(f"{src.text} {src.entity.name}")
        if any(w in name for w in words) or (tail and tail in name):
            return src
    return None


# a period that runs from a time up to the statement: "since 14 February", "depuis 2023", "منذ 14 فبراير"
_SINCE = re.compile(
    r"(?:since|ever since|depuis|desde|seit|dal|dall'|da|dalla|منذ|від|с|从|自|自从)\s*$", re.IGNORECASE
)
_SINCE_OPENING = re.compile(r"(?:since|depuis|desde|seit|dal|dall'|منذ|від|с|从|自|自从)\s*(?=\w)", re.IGNORECASE)
_SINCE_AFTER = re.compile(r"^\s*(?:以来|来|이후|以降|から)")


_YEAR_DIGITS = re.compile(r"\d{4}")


def _restates(t: TimeExpression, stated: TimeExpression | None, text: str) -> bool:
    """True when ``t`` is the statement's time or repeats it right after it ("Senin (15/5)")."""
    if stated is None:
        return False
    if t is stated:
        return True
    gap = text[stated.end : t.start] if stated.end <= t.start else text[t.end : stated.start]
    return t.value == stated.value and len(gap) <= 3 and not gap.strip(" ([（,")


def _same_year_end(first: TimeExpression, second: TimeExpression) -> Interval:
    """The end of "from X to Y" when Y gives no year of its own ("今年4月から9月まで", "from March to
    May"): the first month or day after X with Y's month and day, not the one its own reading chose
    (a future marker such as "まで" may have read it forward a year)."""
    a, b = first.value, second.value
    assert a is not None and b is not None
    if _YEAR_DIGITS.search(second.text) or b.granularity not in ("month", "day") or b.start < a.start:
        return b
    for year in (a.start.year, a.start.year + 1):
        try:
            start = b.start.replace(year=year)
            end = b.end.replace(year=year + (b.end.year - b.start.year))
        except ValueError:  # 29 February
            continue
        if start >= a.start:
            return Interval(start, end, b.granularity)
    return b


def _period(times: list[TimeExpression], text: str, end: date | None) -> Interval | None:
    """The period a claim's first time expressions span: "from X to Y" joins both ends, "since X" runs
    from X to ``end`` (the statement's date)."""
    first = times[0]
    if first.value is None:
        return None
    if len(times) > 1 and times[1].value is not None:
        gap = text[first.end : times[1].start]
        # the joining word may open the second expression: "с 7 сентября по 1 октября"
        opening = RANGE_JOIN.match(times[1].text)
        joined = RANGE_JOIN.fullmatch(gap) or (not gap.strip() and opening is not None and opening.end() > 0)
        last = _same_year_end(first, times[1])
        if joined and first.value.start < last.end:
            return Interval(first.value.start, last.end, first.value.granularity)
    before = text[max(0, first.start - 12) : first.start]
    if (
        end is not None
        and first.value.start < end
        and (
            _SINCE.search(before)
            or _SINCE_OPENING.match(text, first.start)
            or _SINCE_AFTER.match(text[first.end : first.end + 4])
        )
    ):
        return Interval(first.value.start, end, first.value.granularity)
    return None


def _goes_on_with(narrative: TimeExpression | None) -> bool:
    """True when a sentence with no time of its own may take ``narrative``, the event time of the sentence
    before it in its paragraph: a day, a week or a month, not a period up to now (a year is too broad to
    carry over)."""
    return (
        narrative is not None
        and narrative.value is not None
        and narrative.kind not in ("duration", "trailing")
        and _SINCE_OPENING.match(narrative.text) is None  # "Seit Februar 2022" is no event to go on with
        and narrative.value.granularity in _NARRATIVE_GRANULARITIES
    )


def _event_time(times: list[TimeExpression], text: str) -> TimeExpression | None:
    """The first time expression of a claim, made finer by one that follows right after it and lies
    inside it ("今年7月", "this year in July", "2023, in October")."""
    if not times:
        return None
    best = times[0]
    for nxt in times[1:]:
        gap = text[best.end : nxt.start]
        inside = best.value is not None and nxt.value is not None
        inside = inside and best.value.start <= nxt.value.start and nxt.value.end <= best.value.end
        if inside and nxt.value != best.value and len(gap.strip(" ,、，")) <= 3 and len(gap) <= 5:
            best = nxt
        else:
            break
    return best


def _stance(folded_sentence: str, cue: str | None, lex: Lexicon) -> str:
    denial = lex.prefix_regex("denial_cues")  # "nie" is not in "Occitanie", "отверг" is in "отвергли"
    folded_cue = fold_same_length(cue) if cue else ""
    if denial.search(folded_sentence) or (folded_cue and denial.search(folded_cue)):
        return "denial"
    if lex.supplement.get("denial_patterns") and lex.pattern_regex("denial_patterns").search(folded_sentence):
        return "denial"  # "wies … Berichte zurück": a verb and its particle apart
    if lex.word_regex("hedge_cues").search(folded_sentence):
        return "hedged"
    return "asserted"


_CLAUSE_BREAK = re.compile(r"[,;،؛，；]\s*")


def _observation_spans(text: str, start: int, end: int, quantities: list[Quantity]) -> list[tuple[int, int]]:
    """One span per observation: a sentence whose clauses each state their own number ("at least 70
    cars ..., and no more than 20 in five years") becomes one claim per clause."""
    if len(quantities) < 2:
        return [(start, end)]
    spans, cut = [], start
    for left, right in pairwise(quantities):
        breaks = list(_CLAUSE_BREAK.finditer(text, left.end, right.start))
        if not breaks:
            continue
        boundary = breaks[-1]
        if len(text[boundary.end() : right.start].split()) < 2 or len(text[cut : boundary.start()].split()) < 4:
            continue  # "70, 73 and 75 cars": a list, not separate clauses
        spans.append((cut, boundary.start()))
        cut = boundary.end()
    spans.append((cut, end))
    return spans


def _as_spoken(described: Mention, named_sources: list[_Source]) -> _Source:
    """The source a description stands for: the latest time that entity spoke (its report date still
    dates the claim), else the entity itself."""
    spoke = [src for src in named_sources if src.entity.id == described.entity.id]
    return spoke[-1] if spoke else _Source(described.entity, described.text, None)


def _describes(described: list[Resolved], att: Attribution) -> Mention | None:
    """The description that makes up a phrase source, but for a word or two of connective ("그러나
    구단" = "but the club"), when the source is such a phrase."""
    if att.kind != "phrase":
        return None
    for r in described:
        m = r.mention
        if att.source_start <= m.start and m.end <= att.source_end:
            return m if (att.source_end - att.source_start) - (m.end - m.start) <= 4 else None
    return None


_OPENING = 40  # characters from a sentence's start within which its subject begins


def _opening_actor(text: str, sentence: Sentence, mentions: list[Mention], before: int) -> Mention | None:
    """The organisation, person or new name that opens the sentence (its subject), before ``before``."""
    for m in mentions:
        if m.start - sentence.start > _OPENING or m.end > before or _CLAUSE_BREAK.search(text, sentence.start, m.start):
            break  # (not past a comma: "L'ipocentro, nei pressi della Solfatara, …")
        if m.entity.kind in ("organization", "person", "group", "unknown"):
            return m
    return None


def _last_actor(text: str, mentions: list[Mention], before: int) -> Mention | None:
    """The organisation named last before ``before`` (else the last quoted new name, else the last new
    name): what "the club" refers to."""
    earlier = [m for m in mentions if m.end <= before]
    tiers = (
        [m for m in earlier if m.entity.kind == "organization"],
        [m for m in earlier if m.entity.kind == "unknown" and m.start > 0 and text[m.start - 1] in '«"“„'],
        [m for m in earlier if m.entity.kind == "unknown"],
    )
    return next((tier[-1] for tier in tiers if tier), None)


def _refers_to_itself(folded: str, start: int, end: int, claimant: tuple[int, int], pattern: re.Pattern[str]) -> bool:
    """True when the claim's words outside its claimant refer back to the claimant ("its", "we", "同社")."""
    return any(not claimant[0] <= m.start() < claimant[1] for m in pattern.finditer(folded, start, end))


def build_claims(
    text: str,
    folded: str,
    lex: Lexicon,
    sentences: list[Sentence],
    times: list[TimeExpression],
    mentions: list[Mention],
    dct: Interval | None,
    claim_prefix: str,
    media: frozenset[str] = frozenset(),
) -> list[Claim]:
    """Claims of an article from its sentences, time expressions and entity mentions (``media``: the
    ids of known news outlets, which no description such as "the company" stands for)."""
    per_sentence: list[tuple[Sentence, Attribution | None, list[TimeExpression], list[Mention]]] = []
    for s in sentences:
        sm = [m for m in mentions if m.start >= s.start and m.end <= s.end]
        st = [t for t in times if t.start >= s.start and t.end <= s.end]
        atts = find_attributions(text, folded, lex, s.start, s.end, sm, [(t.start, t.end) for t in st])
        per_sentence.append((s, atts[0] if atts else None, st, sm))

    atts_found = [att for _, att, _, _ in per_sentence if att is not None]
    outlets = media | frozenset(a.via.entity.id for a in atts_found if a.via is not None)
    speakers = frozenset(a.mention.entity.id for a in atts_found if a.mention is not None)
    as_source = resolve_descriptions(text, folded, lex, sentences, mentions, outlets, speakers)

    claims: list[Claim] = []
    last_named: _Source | None = None
    last_group: _Source | None = None  # "the report", "the analysts" refer back to an organisation
    by_paragraph: dict[int, list[int]] = {}
    for i, (s, _, _, _) in enumerate(per_sentence):
        by_paragraph.setdefault(s.paragraph, []).append(i)

    resolved: list[_Source | None] = [None] * len(per_sentence)
    named_sources: list[_Source] = []
    for i, (sentence, att, st, _sm) in enumerate(per_sentence):
        if att is None:
            continue
        stated = _stated_for(att, st, text, sentence.start, sentence.end)
        if att.kind in ("anaphor", "pronoun"):
            # "the ministry said" -> the last source named a ministry; "the report said" -> the last
            # named organisation; "he said" -> whoever was named last
            described = next((r for r in as_source if att.source_start <= r.mention.start < att.source_end), None)
            # a source that spoke before and whose name holds the noun ("the ministry" -> "Ministry of
            # Finance"), else a name the article gave that holds it (a report it published earlier
            # still dates the claim)
            antecedent = _same_head(att.source_text, named_sources) if att.kind == "anaphor" else None
            if antecedent is None and described is not None and att.kind == "anaphor" and described.by_head:
                antecedent = _as_spoken(described.mention, named_sources)
            if antecedent is None and att.kind == "pronoun" and att.direction == "after":
                # "L'ARS Occitanie a recensé 23 cas …, a-t-elle annoncé": the subject opening the sentence
                subject = _opening_actor(text, sentence, _sm, att.cue_start)
                antecedent = _Source(subject.entity, subject.text, None) if subject is not None else None
            if antecedent is None:
                antecedent = last_group if att.kind == "anaphor" else (last_named or last_group)
            if antecedent is None and described is not None and att.kind == "anaphor":
                antecedent = _Source(described.mention.entity, described.mention.text, None)
            if antecedent is None and att.kind == "anaphor":
                # no organisation spoke before: "the club said" refers to the last one named
                named = _last_actor(text, mentions, sentence.start)
                antecedent = _Source(named.entity, named.text, None) if named is not None else None
            if antecedent is None:
                resolved[i] = _Source(_entity_for(att), att.source_text, stated, att.via)
            else:
                resolved[i] = _Source(antecedent.entity, att.source_text, stated or antecedent.stated, att.via)
        elif (described := _describes(as_source, att)) is not None:
            # a phrase that is only a description ("공사는", "그러나 구단은"): the entity it stands for
            antecedent = _as_spoken(described, named_sources)
            resolved[i] = _Source(antecedent.entity, att.source_text, stated or antecedent.stated, att.via)
        else:
            src = _Source(_entity_for(att), att.source_text, stated, att.via)
            if att.kind in ("named", "phrase"):
                last_named = src
                named_sources.append(src)
                if src.entity.kind in ("organization", "group"):
                    last_group = src
            resolved[i] = src

    # a sentence without its own attribution takes the next one of its paragraph, else the previous
    inherited_from: list[int | None] = []
    for i, (s, _, _, _) in enumerate(per_sentence):
        siblings = by_paragraph[s.paragraph]
        after = [j for j in siblings if j > i and resolved[j] is not None]
        before = [j for j in siblings if j < i and resolved[j] is not None]
        inherited_from.append(None if resolved[i] is not None else after[0] if after else (before or [None])[-1])
    sentence_starts = [s.start for s, _, _, _ in per_sentence]

    def claimant_at(offset: int) -> EntityRef | None:
        i = bisect_right(sentence_starts, offset) - 1
        if i < 0:
            return None
        pick = inherited_from[i]
        source = resolved[i] if pick is None else resolved[pick]
        return source.entity if source is not None else None

    in_content = resolve_descriptions(text, folded, lex, sentences, mentions, outlets, speakers, claimant_at)
    description_at = {r.mention.start: r.mention for r in in_content}
    topic = article_topic(text, sentences, [*mentions, *description_at.values()], outlets)
    previous_entities: dict[str, list[EntityRef]] = {}
    country_anaphor = lex.phrase_regex("country_anaphors")
    self_reference = lex.phrase_regex("self_references")
    pronouns = frozenset(lex.words("anaphors"))
    last_event: tuple[int, TimeExpression] | None = None  # (sentence index, the event time it told of)
    for i, (s, att, st, sm) in enumerate(per_sentence):
        # a sentence with no time of its own goes on with the event the sentence before it in its paragraph
        # told of ("Le musée a été cambriolé dans la nuit de samedi à dimanche. Les voleurs ont pénétré …")
        narrative = None
        if last_event is not None and last_event[0] == i - 1 and not st:
            narrative = last_event[1] if per_sentence[i - 1][0].paragraph == s.paragraph else None
        source = resolved[i]
        inherited = False
        if source is None:
            pick = inherited_from[i]
            if pick is None:
                own_event = _event_time([t for t in st if t.value is not None], text)
                if own_event is not None:
                    last_event = (i, own_event)
                continue
            source, inherited = resolved[pick], True
        assert source is not None
        own_stated = None if inherited or att is None else _stated_for(att, st, text, s.start, s.end)
        stated_t = own_stated or source.stated
        claimant_span = (att.source_start, att.source_end) if att is not None and not inherited else (-1, -1)
        skip = [(t.start, t.end) for t in st]
        quantities = find_quantities(text, folded, lex, s.start, s.end, skip)
        stance = _stance(folded[s.start : s.end], att.cue if att else None, lex)
        for start, end in _observation_spans(text, s.start, s.end, quantities):
            span_times = [t for t in st if t.start >= start and t.end <= end]
            dated = [t for t in span_times if t.value is not None and not _restates(t, stated_t, text)]
            event_t = _event_time(dated, text)
            stated_end = stated_t.value.end if stated_t and stated_t.value else dct.end if dct else None
            period = _period(dated, text, stated_end) if dated else None
            if event_t is not None:
                last_event = (i, event_t)
            elif period is None and _goes_on_with(narrative):
                event_t = narrative
            entities: list[EntityRef] = []
            referred_source = att is not None and not inherited and att.kind in ("anaphor", "pronoun")
            own = [m for m in description_at.values() if start <= m.start and m.end <= end]
            for m in sorted(sm + own, key=lambda m: m.start):
                in_claimant = m.start >= claimant_span[0] and m.end <= claimant_span[1]
                if m.start < start or m.end > end or (in_claimant and m.entity.kind not in _PLACE_KINDS):
                    continue  # a country or place naming the source ("Hãng thông tấn trung ương Triều Tiên",
                    # "Министерство здравоохранения Кировской области") stays a topic
                if folded[m.start : m.end] in pronouns and description_at.get(m.start) is not m:
                    continue  # a capitalised pronoun is no name ("Він" is not the city of Vinh)
                is_via = source.via is not None and m.entity.id == source.via.entity.id
                # the source itself is a topic when described or named in what it says, if it spoke
                # as "the company"/"it" ("A Cortiças do Sorraia registou ..., anunciou a empresa")
                itself = (
                    m.entity.id == source.entity.id
                    and description_at.get(m.start) is not m
                    and not (referred_source and not in_claimant)
                )
                if not itself and not is_via and m.entity not in entities:
                    entities.append(m.entity)  # the outlet that carried a statement is not its topic
            referred = _country_referred_to(folded, start, end, country_anaphor, mentions)
            if referred is not None and referred not in entities and referred.id != source.entity.id:
                entities.append(referred)  # "nước này", "the country", "该国": the country named last
            if (
                source.entity.kind in ("organization", "group", "unknown")
                and not person_named(source.text, text)
                and source.entity not in entities
                and (stance == "denial" or _refers_to_itself(folded, start, end, claimant_span, self_reference))
            ):
                # "Severn Vale said criminals copied its files", "das Ministerium wies Berichte zurück,
                # wonach …": an organisation's denial or words about its own are about itself
                entities.append(source.entity)
            if not any(e.kind != "unknown" and e.id != source.entity.id for e in entities):
                # no known subject of its own ("COVID-19" is a name, not a topic): the claim continues
                # the topic of the same source's previous claim
                inherited_topic = [e for e in previous_entities.get(source.entity.id, []) if e not in entities]
                entities = inherited_topic + entities
            else:
                previous_entities[source.entity.id] = entities
            if topic is not None and topic not in entities and topic.id != source.entity.id:
                entities.append(topic)  # what the article is about, named in its lede and again and again
            claims.append(
                Claim(
                    id=f"{claim_prefix}-c{len(claims) + 1}",
                    text=text[start:end],
                    start=start,
                    end=end,
                    claimant=source.entity,
                    claimant_text=source.text,
                    cue=att.cue if att is not None and not inherited else None,
                    entities=entities,
                    quantities=[q for q in quantities if q.start >= start and q.end <= end],
                    event_time=period or (event_t.value if event_t else None),
                    event_expression=event_t.text if event_t else None,
                    stated_time=stated_t.value if stated_t else dct,
                    stated_expression=stated_t.text if stated_t else None,
                    stance=stance,
                    via=source.via.entity if source.via is not None else None,
                )
            )
    return claims
