-- Projection statements. Each reads events with position > $after (and <= $upto) and appends rows.
-- Run in order, in one transaction; a full rebuild is the same statements from position 0.

-- @articles
INSERT INTO articles
SELECT data->>'article_id', stream, data->>'source', data->>'url', data->>'outlet', data->>'title',
       TRY_CAST(coalesce(data->>'published_at', data->>'published') AS DATE),
       coalesce(data->>'format', 'text'), data->>'content_hash', data->>'text', recorded_at, position
FROM events
WHERE type = 'ArticleSubmitted' AND position > $after AND position <= $upto
ORDER BY position;

-- @extractions
INSERT INTO extractions
SELECT data->>'article_id', data->>'extractor_version', data->>'language',
       CAST(data->>'language_confidence' AS DOUBLE),
       CAST(data->'document_date'->>'start' AS DATE), CAST(data->'document_date'->>'end' AS DATE),
       data->'document_date'->>'basis', position, NULL
FROM events
WHERE type = 'ArticleExtracted' AND position > $after AND position <= $upto
ORDER BY position;

-- @time_expressions
WITH src AS (
    SELECT position, data->>'article_id' AS article_id, CAST(data->'time_expressions' AS JSON[]) AS items
    FROM events WHERE type = 'ArticleExtracted' AND position > $after AND position <= $upto
)
INSERT INTO time_expressions
SELECT article_id, i, items[i]->>'text', CAST(items[i]->>'start' AS INTEGER), CAST(items[i]->>'end' AS INTEGER),
       items[i]->>'kind', CAST(items[i]->>'value_start' AS DATE), CAST(items[i]->>'value_end' AS DATE),
       items[i]->>'granularity', items[i]->'flags', position, NULL
FROM src, range(1, len(items) + 1) r(i)
ORDER BY position, i;

-- @entities
WITH src AS (
    SELECT ev.type, ev.position, CAST(ev.data->'entities' AS JSON[]) AS items
    FROM events ev
    WHERE ev.type IN ('GazetteerImported', 'ArticleExtracted') AND ev.position > $after AND ev.position <= $upto
), incoming AS (
    SELECT items[i]->>'id' AS entity_id, items[i]->>'name' AS name, coalesce(items[i]->>'kind', 'unknown') AS kind,
           CASE WHEN type = 'GazetteerImported' THEN 'gazetteer' ELSE 'extracted' END AS origin,
           position, i
    FROM src, range(1, len(items) + 1) r(i)
), firsts AS (
    SELECT * FROM incoming QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY position, i) = 1
)
INSERT INTO entities
SELECT f.entity_id, f.name, f.kind, f.origin, f.position FROM firsts f
WHERE NOT EXISTS (SELECT 1 FROM entities x WHERE x.entity_id = f.entity_id)
ORDER BY f.position, f.i;

-- @aliases
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
WITH src AS (
    SELECT ev.position, ev.data->>'language' AS language, CAST(ev.data->'entities' AS JSON[]) AS items
    FROM events ev
    WHERE ev.type = 'ArticleExtracted' AND ev.position > $after AND ev.position <= $upto
), incoming AS (
    SELECT items[i]->>'id' AS entity_id, items[i]->>'name' AS name, language, position
    FROM src, range(1, len(items) + 1) r(i)
), firsts AS (
    SELECT * FROM incoming QUALIFY row_number() OVER (PARTITION BY entity_id, name ORDER BY position) = 1
)
INSERT INTO aliases
SELECT f.entity_id, f.name, f.language, f.position FROM firsts f
WHERE NOT EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = f.entity_id AND a.alias = f.name)
ORDER BY f.position, f.entity_id;

-- @mentions
WITH src AS (
    SELECT position, data->>'article_id' AS article_id, CAST(data->'mentions' AS JSON[]) AS items
    FROM events WHERE type = 'ArticleExtracted' AND position > $after AND position <= $upto
)
INSERT INTO mentions
SELECT article_id, items[i]->>'entity_id', CAST(items[i]->>'start' AS INTEGER), CAST(items[i]->>'end' AS INTEGER),
       items[i]->>'text', position, NULL
FROM src, range(1, len(items) + 1) r(i)
ORDER BY position, i;

-- @claims
WITH src AS (
    SELECT position, data->>'article_id' AS article_id, data->>'language' AS language,
           CAST(data->'claims' AS JSON[]) AS items
    FROM events WHERE type = 'ArticleExtracted' AND position > $after AND position <= $upto
), rows AS (SELECT src.*, i, items[i] AS c FROM src, range(1, len(items) + 1) r(i))
INSERT INTO claims
SELECT c->>'id', article_id, i, c->>'text', CAST(c->>'start' AS INTEGER), CAST(c->>'end' AS INTEGER), language,
       c->>'claimant_id', c->>'claimant_text', c->>'cue', c->>'stance',
       CAST(c->'event_time'->>'start' AS DATE), CAST(c->'event_time'->>'end' AS DATE),
       c->'event_time'->>'granularity', c->'event_time'->>'expression',
       CAST(c->'stated_time'->>'start' AS DATE), CAST(c->'stated_time'->>'end' AS DATE),
       c->'stated_time'->>'granularity', c->'stated_time'->>'expression',
       coalesce(CAST(c->'event_time'->>'start' AS DATE), CAST(c->'stated_time'->>'start' AS DATE)),
       c->'quantities', position, NULL, 'extraction', c->>'via_id'
FROM rows
ORDER BY position, i;

-- @claims_corrected_on_arrival
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
UPDATE claims SET sort_start = coalesce(event_start, stated_start)
WHERE sort_start IS NULL AND position > $after AND position <= $upto;

-- @claim_entities
WITH src AS (
    SELECT position, CAST(data->'claims' AS JSON[]) AS items
    FROM events WHERE type = 'ArticleExtracted' AND position > $after AND position <= $upto
), rows AS (SELECT position, items[i] AS c FROM src, range(1, len(items) + 1) r(i))
INSERT INTO claim_entities
SELECT c->>'id', CAST(c->'entity_ids' AS VARCHAR[])[j], j, position, NULL
FROM rows, range(1, len(CAST(c->'entity_ids' AS VARCHAR[])) + 1) r2(j)
ORDER BY position, c->>'id', j;

-- @alias_added
INSERT INTO aliases
SELECT data->>'entity_id', data->>'alias', data->>'language', position
FROM events
WHERE type = 'AliasAdded' AND position > $after AND position <= $upto
ORDER BY position;

-- @alias_links
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
INSERT INTO entity_merges
SELECT data->>'from_id', data->>'into_id', position
FROM events
WHERE type = 'EntitiesMerged' AND position > $after AND position <= $upto
ORDER BY position;

-- @validity
-- valid_to of every row whose article was (re-)extracted or whose claim was retracted in this range,
-- recomputed from the log alone, so the order of runs does not matter: a row ends at the next
-- extraction of its article, or at the claim's retraction (at once, if the retraction came first).
CREATE OR REPLACE TEMP TABLE _touched AS
SELECT DISTINCT data->>'article_id' AS article_id FROM events
WHERE type = 'ArticleExtracted' AND position > $after AND position <= $upto
UNION
SELECT DISTINCT c.article_id FROM events e JOIN claims c ON c.claim_id = e.data->>'claim_id'
WHERE e.type IN ('ClaimRetracted', 'ClaimCorrected') AND e.position > $after AND e.position <= $upto;

-- @validity_extractions
CREATE OR REPLACE TEMP TABLE _extractions AS
SELECT data->>'article_id' AS article_id, position FROM events
WHERE type = 'ArticleExtracted' AND position <= $upto
  AND data->>'article_id' IN (SELECT article_id FROM _touched);

-- @validity_claims
UPDATE claims SET valid_to = least(
    (SELECT min(v.position) FROM claims v WHERE v.claim_id = claims.claim_id AND v.position > claims.position),
    (SELECT min(x.position) FROM _extractions x WHERE x.article_id = claims.article_id AND x.position > claims.position),
    (SELECT CASE WHEN min(r.position) < claims.position THEN claims.position ELSE min(r.position) END
     FROM events r WHERE r.type = 'ClaimRetracted' AND r.data->>'claim_id' = claims.claim_id AND r.position <= $upto))
WHERE article_id IN (SELECT article_id FROM _touched);

-- @validity_rows
UPDATE extractions SET valid_to = (SELECT min(x.position) FROM _extractions x
    WHERE x.article_id = extractions.article_id AND x.position > extractions.position)
WHERE article_id IN (SELECT article_id FROM _touched);

-- @validity_times
UPDATE time_expressions SET valid_to = (SELECT min(x.position) FROM _extractions x
    WHERE x.article_id = time_expressions.article_id AND x.position > time_expressions.position)
WHERE article_id IN (SELECT article_id FROM _touched);

-- @validity_mentions
UPDATE mentions SET valid_to = (SELECT min(x.position) FROM _extractions x
    WHERE x.article_id = mentions.article_id AND x.position > mentions.position)
WHERE article_id IN (SELECT article_id FROM _touched);

-- @validity_links
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
