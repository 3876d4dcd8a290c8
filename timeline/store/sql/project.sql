-- Projection statements. Each reads events with position > $after (and <= $upto) and appends rows.
-- Run in order, in one transaction; a full rebuild is the same statements from position 0 (in
-- chunks of positions, which gives the same rows because incremental runs do).
-- A block can say when it could change something, and is skipped otherwise (it would be a no-op):
--   `-- needs: TypeA, TypeB`         an event of one of these types in the range;
--   `-- needs in log: TypeA, TypeB`  an event of one of these types at any position up to $upto;
--   `-- when: <SQL condition>`       the condition holds (checked just before the block runs).
-- Payloads are parsed once per event: `@submitted` and `@extracted` turn the range's JSON into typed
-- temp tables that the statements after them read.

-- @submitted
-- ArticleSubmitted payloads of the range, parsed once (every field the articles table keeps).
CREATE OR REPLACE TEMP TABLE _submitted AS
SELECT position, stream, recorded_at, json_transform(data, '{"article_id":"VARCHAR","source":"VARCHAR","url":"VARCHAR","outlet":"VARCHAR","title":"VARCHAR","published_at":"VARCHAR","published":"VARCHAR","format":"VARCHAR","content_hash":"VARCHAR","text":"VARCHAR"}') AS d
FROM events
WHERE type = 'ArticleSubmitted' AND position > $after AND position <= $upto;

-- @extracted
-- ArticleExtracted payloads of the range, parsed once into typed lists (claims, mentions, ...).
CREATE OR REPLACE TEMP TABLE _extracted AS
SELECT position, json_transform(data, '{"article_id":"VARCHAR","extractor_version":"VARCHAR","language":"VARCHAR","language_confidence":"VARCHAR","document_date":{"start":"VARCHAR","end":"VARCHAR","basis":"VARCHAR"},"time_expressions":[{"text":"VARCHAR","start":"VARCHAR","end":"VARCHAR","kind":"VARCHAR","value_start":"VARCHAR","value_end":"VARCHAR","granularity":"VARCHAR","flags":"JSON"}],"entities":[{"id":"VARCHAR","name":"VARCHAR","kind":"VARCHAR"}],"mentions":[{"entity_id":"VARCHAR","start":"VARCHAR","end":"VARCHAR","text":"VARCHAR"}],"claims":[{"id":"VARCHAR","text":"VARCHAR","start":"VARCHAR","end":"VARCHAR","claimant_id":"VARCHAR","claimant_text":"VARCHAR","cue":"VARCHAR","stance":"VARCHAR","via_id":"VARCHAR","event_time":{"start":"VARCHAR","end":"VARCHAR","granularity":"VARCHAR","expression":"VARCHAR"},"stated_time":{"start":"VARCHAR","end":"VARCHAR","granularity":"VARCHAR","expression":"VARCHAR"},"quantities":"JSON","entity_ids":["VARCHAR"]}]}') AS d
FROM events
WHERE type = 'ArticleExtracted' AND position > $after AND position <= $upto;

-- @articles
-- needs: ArticleSubmitted
INSERT INTO articles
SELECT d.article_id, stream, d.source, d.url, d.outlet, d.title,
       TRY_CAST(coalesce(d.published_at, d.published) AS DATE),
       coalesce(d.format, 'text'), d.content_hash, d.text, recorded_at, position
FROM _submitted
ORDER BY position;

-- @extractions
-- needs: ArticleExtracted
INSERT INTO extractions
SELECT d.article_id, d.extractor_version, d.language, CAST(d.language_confidence AS DOUBLE),
       CAST(d.document_date.start AS DATE), CAST(d.document_date."end" AS DATE), d.document_date.basis, position, NULL
FROM _extracted
ORDER BY position;

-- @time_expressions
-- needs: ArticleExtracted
WITH items AS (
    SELECT position, d.article_id AS article_id, unnest(d.time_expressions) AS t,
           generate_subscripts(d.time_expressions, 1) AS i
    FROM _extracted
)
INSERT INTO time_expressions
SELECT article_id, i, t.text, CAST(t.start AS INTEGER), CAST(t."end" AS INTEGER), t.kind,
       CAST(t.value_start AS DATE), CAST(t.value_end AS DATE), t.granularity, t.flags, position, NULL
FROM items
ORDER BY position, i;

-- @entities
-- needs: ArticleExtracted, GazetteerImported
WITH gaz AS (
    SELECT ev.position, CAST(ev.data->'entities' AS JSON[]) AS items
    FROM events ev
    WHERE ev.type = 'GazetteerImported' AND ev.position > $after AND ev.position <= $upto
), incoming AS (
    SELECT items[i]->>'id' AS entity_id, items[i]->>'name' AS name, coalesce(items[i]->>'kind', 'unknown') AS kind,
           'gazetteer' AS origin, position, i
    FROM gaz, range(1, len(items) + 1) r(i)
    UNION ALL
    SELECT e.id, e.name, coalesce(e.kind, 'unknown'), 'extracted', position, i
    FROM (SELECT position, unnest(d.entities) AS e, generate_subscripts(d.entities, 1) AS i FROM _extracted)
), firsts AS (
    SELECT * FROM incoming QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY position, i) = 1
)
INSERT INTO entities
SELECT f.entity_id, f.name, f.kind, f.origin, f.position FROM firsts f
WHERE NOT EXISTS (SELECT 1 FROM entities x WHERE x.entity_id = f.entity_id)
ORDER BY f.position, f.i;

-- @aliases
-- needs: GazetteerImported
WITH gaz AS (
    SELECT ev.position, CAST(ev.data->'entities' AS JSON[]) AS items
    FROM events ev WHERE ev.type = 'GazetteerImported' AND ev.position > $after AND ev.position <= $upto
), expanded AS (
    SELECT items[i]->>'id' AS entity_id, items[i]->'aliases' AS aliases, position, i FROM gaz, range(1, len(items) + 1) r(i)
), pairs AS (
    SELECT entity_id, k AS language, position, i, CAST(aliases->k AS VARCHAR[]) AS names
    FROM expanded, unnest(json_keys(aliases)) t(k)
)
INSERT INTO aliases
SELECT entity_id, name, language, position FROM pairs, unnest(names) u(name)
ORDER BY position, i, language, name;

-- @extracted_aliases
-- needs: ArticleExtracted
WITH incoming AS (
    SELECT e.id AS entity_id, e.name AS name, language, position
    FROM (SELECT position, d.language AS language, unnest(d.entities) AS e FROM _extracted)
), firsts AS (
    SELECT * FROM incoming QUALIFY row_number() OVER (PARTITION BY entity_id, name ORDER BY position) = 1
)
INSERT INTO aliases
SELECT f.entity_id, f.name, f.language, f.position FROM firsts f
WHERE NOT EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = f.entity_id AND a.alias = f.name)
ORDER BY f.position, f.entity_id;

-- @mentions
-- needs: ArticleExtracted
WITH items AS (
    SELECT position, d.article_id AS article_id, unnest(d.mentions) AS m, generate_subscripts(d.mentions, 1) AS i
    FROM _extracted
)
INSERT INTO mentions
SELECT article_id, m.entity_id, CAST(m.start AS INTEGER), CAST(m."end" AS INTEGER), m.text, position, NULL
FROM items
ORDER BY position, i;

-- @claims
-- needs: ArticleExtracted
WITH items AS (
    SELECT position, d.article_id AS article_id, d.language AS language, unnest(d.claims) AS c,
           generate_subscripts(d.claims, 1) AS i
    FROM _extracted
)
INSERT INTO claims
SELECT c.id, article_id, i, c.text, CAST(c.start AS INTEGER), CAST(c."end" AS INTEGER), language,
       c.claimant_id, c.claimant_text, c.cue, c.stance,
       CAST(c.event_time.start AS DATE), CAST(c.event_time."end" AS DATE),
       c.event_time.granularity, c.event_time.expression,
       CAST(c.stated_time.start AS DATE), CAST(c.stated_time."end" AS DATE),
       c.stated_time.granularity, c.stated_time.expression,
       coalesce(CAST(c.event_time.start AS DATE), CAST(c.stated_time.start AS DATE)),
       c.quantities, position, NULL, 'extraction', c.via_id
FROM items
ORDER BY position, i;

-- @claims_corrected_on_arrival
-- needs: ArticleExtracted
-- needs in log: ClaimCorrected
-- A claim extracted again after it was corrected keeps the corrections (the latest one per field).
UPDATE claims SET
    claimant_id = coalesce((SELECT arg_max(r.data->'fields'->>'claimant_id', r.position) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = claims.claim_id AND r.position < claims.position AND (r.data->'fields'->>'claimant_id') IS NOT NULL), claims.claimant_id),
    stance = coalesce((SELECT arg_max(r.data->'fields'->>'stance', r.position) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = claims.claim_id AND r.position < claims.position AND (r.data->'fields'->>'stance') IS NOT NULL), claims.stance),
    event_start = coalesce((SELECT CAST(arg_max(r.data->'fields'->>'event_start', r.position) AS DATE) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = claims.claim_id AND r.position < claims.position AND (r.data->'fields'->>'event_start') IS NOT NULL), claims.event_start),
    event_end = coalesce((SELECT CAST(arg_max(r.data->'fields'->>'event_end', r.position) AS DATE) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = claims.claim_id AND r.position < claims.position AND (r.data->'fields'->>'event_end') IS NOT NULL), claims.event_end),
    stated_start = coalesce((SELECT CAST(arg_max(r.data->'fields'->>'stated_start', r.position) AS DATE) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = claims.claim_id AND r.position < claims.position AND (r.data->'fields'->>'stated_start') IS NOT NULL), claims.stated_start),
    stated_end = coalesce((SELECT CAST(arg_max(r.data->'fields'->>'stated_end', r.position) AS DATE) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = claims.claim_id AND r.position < claims.position AND (r.data->'fields'->>'stated_end') IS NOT NULL), claims.stated_end),
    sort_start = NULL
WHERE position > $after AND position <= $upto AND origin = 'extraction'
  AND claim_id IN (SELECT data->>'claim_id' FROM events WHERE type = 'ClaimCorrected' AND position <= $upto);

-- @claim_corrected
-- needs: ClaimCorrected
-- A correction is a new version of the claim: the latest extraction with every correction so far.
INSERT INTO claims
SELECT b.claim_id,
       b.article_id,
       b.ordinal,
       b.text,
       b.start_offset,
       b.end_offset,
       b.language,
       coalesce((SELECT arg_max(r.data->'fields'->>'claimant_id', r.position) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = b.claim_id AND r.position <= e.position AND (r.data->'fields'->>'claimant_id') IS NOT NULL), b.claimant_id),
       b.claimant_text,
       b.cue,
       coalesce((SELECT arg_max(r.data->'fields'->>'stance', r.position) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = b.claim_id AND r.position <= e.position AND (r.data->'fields'->>'stance') IS NOT NULL), b.stance),
       coalesce((SELECT CAST(arg_max(r.data->'fields'->>'event_start', r.position) AS DATE) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = b.claim_id AND r.position <= e.position AND (r.data->'fields'->>'event_start') IS NOT NULL), b.event_start),
       coalesce((SELECT CAST(arg_max(r.data->'fields'->>'event_end', r.position) AS DATE) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = b.claim_id AND r.position <= e.position AND (r.data->'fields'->>'event_end') IS NOT NULL), b.event_end),
       b.event_granularity,
       b.event_expression,
       coalesce((SELECT CAST(arg_max(r.data->'fields'->>'stated_start', r.position) AS DATE) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = b.claim_id AND r.position <= e.position AND (r.data->'fields'->>'stated_start') IS NOT NULL), b.stated_start),
       coalesce((SELECT CAST(arg_max(r.data->'fields'->>'stated_end', r.position) AS DATE) FROM events r WHERE r.type = 'ClaimCorrected' AND r.data->>'claim_id' = b.claim_id AND r.position <= e.position AND (r.data->'fields'->>'stated_end') IS NOT NULL), b.stated_end),
       b.stated_granularity,
       b.stated_expression,
       NULL,
       b.quantities,
       e.position,
       NULL,
       'correction',
       b.via_id
FROM events e
JOIN claims b ON b.claim_id = e.data->>'claim_id' AND b.origin = 'extraction' AND b.position = (
    SELECT max(x.position) FROM claims x WHERE x.claim_id = e.data->>'claim_id' AND x.origin = 'extraction'
      AND x.position < e.position)
WHERE e.type = 'ClaimCorrected' AND e.position > $after AND e.position <= $upto
ORDER BY e.position;

-- @claims_sort_start
-- needs in log: ClaimCorrected
UPDATE claims SET sort_start = coalesce(event_start, stated_start)
WHERE sort_start IS NULL AND position > $after AND position <= $upto;

-- @claim_entities
-- needs: ArticleExtracted
WITH items AS (
    SELECT position, unnest(d.claims) AS c FROM _extracted
), links AS (
    SELECT position, c.id AS claim_id, unnest(c.entity_ids) AS entity_id, generate_subscripts(c.entity_ids, 1) AS j
    FROM items
)
INSERT INTO claim_entities
SELECT claim_id, entity_id, j, position, NULL
FROM links
ORDER BY position, claim_id, j;

-- @alias_added
-- needs: AliasAdded
INSERT INTO aliases
SELECT data->>'entity_id', data->>'alias', data->>'language', position
FROM events
WHERE type = 'AliasAdded' AND position > $after AND position <= $upto
ORDER BY position;

-- @alias_links
-- needs in log: AliasAdded
-- Aliases added through the API link every claim (version) whose text names them, whenever either
-- arrived. A link's position is when both existed (the later of the two, earliest over the aliases),
-- so incremental runs and a rebuild make the same rows.
-- Only (claim version, entity) pairs with a claim or an alias in this range can get a new link; the
-- link's position is still the minimum over all the entity's aliases.
WITH added AS MATERIALIZED (
    SELECT entity_id, alias, lower(alias) AS needle, position FROM aliases
    WHERE position IN (SELECT position FROM events WHERE type = 'AliasAdded')
), touched AS MATERIALIZED (
    SELECT c.claim_id, c.position AS version, a.entity_id
    FROM added a JOIN claims c ON strpos(lower(c.text), a.needle) > 0
    WHERE c.position > $after AND c.position <= $upto
    UNION
    SELECT c.claim_id, c.position AS version, a.entity_id
    FROM added a JOIN claims c ON strpos(lower(c.text), a.needle) > 0
    WHERE a.position > $after AND a.position <= $upto
), pairs AS (
    SELECT c.claim_id, c.position AS version, a.entity_id, min(greatest(c.position, a.position)) AS position
    FROM touched t
    JOIN claims c ON c.claim_id = t.claim_id AND c.position = t.version
    JOIN added a ON a.entity_id = t.entity_id AND strpos(lower(c.text), a.needle) > 0
    GROUP BY c.claim_id, c.position, a.entity_id
)
INSERT INTO claim_entities
SELECT p.claim_id, p.entity_id, 1000, p.position, NULL
FROM pairs p
WHERE p.position > $after AND p.position <= $upto
  AND NOT EXISTS (SELECT 1 FROM claim_entities x WHERE x.claim_id = p.claim_id AND x.entity_id = p.entity_id
                  AND x.position >= p.version)
ORDER BY p.position, p.claim_id, p.entity_id;

-- @entities_merged
-- needs: EntitiesMerged
INSERT INTO entity_merges
SELECT data->>'from_id', data->>'into_id', position
FROM events
WHERE type = 'EntitiesMerged' AND position > $after AND position <= $upto
ORDER BY position;

-- @validity
-- The articles whose rows may need a valid_to: those extracted again (now, or extracted before and
-- again in this range), and those with a claim retracted or corrected (in this range, or before its
-- extraction arrived in this range). Rows of an article seen once, with no correction or retraction,
-- keep valid_to NULL, so they are left alone. valid_to is recomputed from the log alone, so the order
-- of runs does not matter: a row ends at the next extraction of its article, or at the claim's
-- retraction (at once, if the retraction came first).
CREATE OR REPLACE TEMP TABLE _touched AS
SELECT x.article_id FROM extractions x
WHERE x.position <= $upto AND x.article_id IN (SELECT d.article_id FROM _extracted)
GROUP BY x.article_id HAVING count(*) > 1;

-- @validity_corrected
-- needs in log: ClaimRetracted, ClaimCorrected
INSERT INTO _touched
SELECT c.article_id FROM claims c
WHERE c.position > $after AND c.position <= $upto
  AND c.claim_id IN (SELECT data->>'claim_id' FROM events
                     WHERE type IN ('ClaimRetracted', 'ClaimCorrected') AND position <= $upto)
UNION
SELECT c.article_id FROM events e JOIN claims c ON c.claim_id = e.data->>'claim_id'
WHERE e.type IN ('ClaimRetracted', 'ClaimCorrected') AND e.position > $after AND e.position <= $upto;

-- @validity_extractions
-- when: EXISTS (SELECT 1 FROM _touched)
-- Every extraction of the touched articles (the extractions table has one row per ArticleExtracted event).
CREATE OR REPLACE TEMP TABLE _extractions AS
SELECT article_id, position FROM extractions
WHERE position <= $upto AND article_id IN (SELECT article_id FROM _touched);

-- @validity_claims
-- when: EXISTS (SELECT 1 FROM _touched)
UPDATE claims SET valid_to = least(
    (SELECT min(v.position) FROM claims v WHERE v.claim_id = claims.claim_id AND v.position > claims.position),
    (SELECT min(x.position) FROM _extractions x WHERE x.article_id = claims.article_id AND x.position > claims.position),
    (SELECT CASE WHEN min(r.position) < claims.position THEN claims.position ELSE min(r.position) END
     FROM events r WHERE r.type = 'ClaimRetracted' AND r.data->>'claim_id' = claims.claim_id AND r.position <= $upto))
WHERE article_id IN (SELECT article_id FROM _touched);

-- @validity_rows
-- when: EXISTS (SELECT 1 FROM _touched)
UPDATE extractions SET valid_to = (SELECT min(x.position) FROM _extractions x
    WHERE x.article_id = extractions.article_id AND x.position > extractions.position)
WHERE article_id IN (SELECT article_id FROM _touched);

-- @validity_times
-- when: EXISTS (SELECT 1 FROM _touched)
UPDATE time_expressions SET valid_to = (SELECT min(x.position) FROM _extractions x
    WHERE x.article_id = time_expressions.article_id AND x.position > time_expressions.position)
WHERE article_id IN (SELECT article_id FROM _touched);

-- @validity_mentions
-- when: EXISTS (SELECT 1 FROM _touched)
UPDATE mentions SET valid_to = (SELECT min(x.position) FROM _extractions x
    WHERE x.article_id = mentions.article_id AND x.position > mentions.position)
WHERE article_id IN (SELECT article_id FROM _touched);

-- @validity_links
-- when: EXISTS (SELECT 1 FROM _touched)
-- A link ends at the next extraction of its claim's article (set-based: one row per claim version).
UPDATE claim_entities SET valid_to = nxt.next_position
FROM (
    SELECT k.claim_id, k.position, min(x.position) AS next_position
    FROM (
        SELECT DISTINCT ce.claim_id, ce.position, art.article_id
        FROM claim_entities ce
        JOIN (SELECT c.claim_id, min(c.article_id) AS article_id FROM claims c
              WHERE c.claim_id IN (SELECT claim_id FROM claims WHERE article_id IN (SELECT article_id FROM _touched))
              GROUP BY c.claim_id) art ON art.claim_id = ce.claim_id
    ) k
    LEFT JOIN _extractions x ON x.article_id = k.article_id AND x.position > k.position
    GROUP BY k.claim_id, k.position
) nxt
WHERE claim_entities.claim_id = nxt.claim_id AND claim_entities.position = nxt.position;

-- @claims_by_entity
-- Every claim row of this range with each entity it is about: an extracted row's links are the ones its
-- extraction made (same position); a correction's are the links alive at its position.
INSERT INTO claims_by_entity
SELECT DISTINCT ce.entity_id, coalesce(c.sort_start, DATE '9999-12-31'), c.claim_id, c.article_id, c.text,
       c.language, c.start_offset, c.end_offset, c.stance, c.event_start, c.event_end, c.event_granularity,
       c.event_expression, c.stated_start, c.stated_end, c.stated_granularity, c.stated_expression,
       c.claimant_id, c.claimant_text, c.via_id, c.quantities, c.sort_start, c.position, c.valid_to
FROM claims c JOIN claim_entities ce ON ce.claim_id = c.claim_id
WHERE c.position > $after AND c.position <= $upto AND c.origin = 'extraction'
  AND ce.position = c.position
UNION ALL
SELECT DISTINCT ce.entity_id, coalesce(c.sort_start, DATE '9999-12-31'), c.claim_id, c.article_id, c.text,
       c.language, c.start_offset, c.end_offset, c.stance, c.event_start, c.event_end, c.event_granularity,
       c.event_expression, c.stated_start, c.stated_end, c.stated_granularity, c.stated_expression,
       c.claimant_id, c.claimant_text, c.via_id, c.quantities, c.sort_start, c.position, c.valid_to
FROM claims c JOIN claim_entities ce ON ce.claim_id = c.claim_id
    AND ce.position <= c.position AND (ce.valid_to IS NULL OR ce.valid_to > c.position)
WHERE c.position > $after AND c.position <= $upto AND c.origin <> 'extraction'
ORDER BY 1, 2, 3, 23;

-- @claims_by_entity_validity
-- Claim rows ended in this range (their valid_to is a position of this range) end here too.
UPDATE claims_by_entity SET valid_to = c.valid_to
FROM claims c
WHERE c.valid_to > $after AND c.valid_to <= $upto
  AND claims_by_entity.claim_id = c.claim_id AND claims_by_entity.position = c.position;
