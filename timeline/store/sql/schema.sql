-- timeline: DuckDB schema. The events table is the source of truth; every other table is a
-- projection rebuilt from it by `timeline rebuild`. Rows of projections carry the log position that
-- created them (`position`) and, once superseded, the position that ended them (`valid_to`).

CREATE TABLE IF NOT EXISTS events (
    position       BIGINT PRIMARY KEY,       -- global order, assigned inside the committing transaction
    stream         VARCHAR NOT NULL,         -- article-<id>, gazetteer
    version        INTEGER NOT NULL,         -- 1, 2, ... within the stream
    type           VARCHAR NOT NULL,         -- ArticleSubmitted, ArticleExtracted, GazetteerImported
    schema_version INTEGER NOT NULL,         -- payload version; older ones are upcast on read
    data           JSON NOT NULL,            -- canonical JSON payload
    meta           JSON NOT NULL,            -- extractor version, causation
    recorded_at    TIMESTAMPTZ NOT NULL,     -- transaction time
    prev_hash      VARCHAR NOT NULL,
    hash           VARCHAR NOT NULL,         -- sha256(prev_hash || canonical event)
    UNIQUE (stream, version)
);

CREATE TABLE IF NOT EXISTS projection_state (
    name     VARCHAR NOT NULL,
    position BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    article_id   VARCHAR NOT NULL,
    stream       VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    url          VARCHAR,
    outlet       VARCHAR,
    title        VARCHAR,
    published_at DATE,
    format       VARCHAR,
    content_hash VARCHAR NOT NULL,
    text         VARCHAR NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    position     BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS extractions (
    article_id          VARCHAR NOT NULL,
    extractor_version   VARCHAR NOT NULL,
    language            VARCHAR,
    language_confidence DOUBLE,
    dct_start           DATE,
    dct_end             DATE,
    dct_basis           VARCHAR,
    position            BIGINT NOT NULL,
    valid_to            BIGINT
);

CREATE TABLE IF NOT EXISTS time_expressions (
    article_id   VARCHAR NOT NULL,
    ordinal      INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    kind         VARCHAR,
    value_start  DATE,
    value_end    DATE,
    granularity  VARCHAR,
    flags        JSON,
    position     BIGINT NOT NULL,
    valid_to     BIGINT
);

CREATE TABLE IF NOT EXISTS claims (
    claim_id           VARCHAR NOT NULL,
    article_id         VARCHAR NOT NULL,
    ordinal            INTEGER NOT NULL,
    text               VARCHAR NOT NULL,
    start_offset       INTEGER NOT NULL,
    end_offset         INTEGER NOT NULL,
    language           VARCHAR,
    claimant_id        VARCHAR,
    claimant_text      VARCHAR,
    cue                VARCHAR,
    stance             VARCHAR NOT NULL,
    event_start        DATE,
    event_end          DATE,
    event_granularity  VARCHAR,
    event_expression   VARCHAR,
    stated_start       DATE,
    stated_end         DATE,
    stated_granularity VARCHAR,
    stated_expression  VARCHAR,
    sort_start         DATE,                -- event start, else stated start: what `before`/`after` filter on
    quantities         JSON,
    position           BIGINT NOT NULL,
    valid_to           BIGINT,
    origin             VARCHAR NOT NULL DEFAULT 'extraction',  -- extraction | correction
    via_id             VARCHAR              -- the outlet that carried the statement ("… told Reuters")
);

CREATE TABLE IF NOT EXISTS claim_entities (
    claim_id  VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    ordinal   INTEGER NOT NULL,
    position  BIGINT NOT NULL,
    valid_to  BIGINT
);

CREATE TABLE IF NOT EXISTS mentions (
    article_id   VARCHAR NOT NULL,
    entity_id    VARCHAR NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    position     BIGINT NOT NULL,
    valid_to     BIGINT
);

CREATE TABLE IF NOT EXISTS entities (
    entity_id VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL,
    origin    VARCHAR NOT NULL,             -- gazetteer | extracted
    position  BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS aliases (
    entity_id VARCHAR NOT NULL,
    alias     VARCHAR NOT NULL,
    language  VARCHAR,
    position  BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS entity_merges (
    from_id  VARCHAR NOT NULL,              -- this entity is now known as ...
    into_id  VARCHAR NOT NULL,              -- ... this one (claims about either are about both)
    position BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS claims_article ON claims (article_id);
CREATE INDEX IF NOT EXISTS claim_entities_entity ON claim_entities (entity_id);
CREATE INDEX IF NOT EXISTS claim_entities_claim ON claim_entities (claim_id);

-- Views for analysts: current rows only, joined the way people ask questions.
CREATE OR REPLACE VIEW claims_view AS
SELECT c.claim_id, c.text, c.language, c.stance,
       c.event_start, c.event_end, c.event_granularity, c.event_expression,
       c.stated_start, c.stated_end, c.sort_start,
       c.claimant_id, ce.name AS claimant, ce.kind AS claimant_kind, c.via_id, ve.name AS via,
       a.article_id, a.source, a.url, a.outlet, a.title, a.published_at,
       c.start_offset, c.end_offset, c.quantities
FROM claims c
JOIN articles a USING (article_id)
LEFT JOIN entities ce ON ce.entity_id = c.claimant_id
LEFT JOIN entities ve ON ve.entity_id = c.via_id
WHERE c.valid_to IS NULL;

CREATE OR REPLACE VIEW claim_entities_view AS
SELECT cv.*, e.entity_id, e.name AS entity, e.kind AS entity_kind
FROM claims_view cv
JOIN claim_entities x ON x.claim_id = cv.claim_id AND x.valid_to IS NULL
JOIN entities e ON e.entity_id = x.entity_id;

CREATE OR REPLACE VIEW events_view AS
SELECT position, stream, version, type, schema_version, recorded_at, data, meta, hash FROM events;

-- Read side for "claims about an entity" (the headline question): one row per claim version and entity it
-- was about when that version was made, with the columns a page of claims shows, inserted in (entity, time,
-- claim) order so that a page scans only that entity's row groups. `valid_to` is the claim row's.
CREATE TABLE IF NOT EXISTS claims_by_entity (
    entity_id          VARCHAR NOT NULL,
    sort_key           DATE NOT NULL,       -- coalesce(sort_start, DATE '9999-12-31'): the page order
    claim_id           VARCHAR NOT NULL,
    article_id         VARCHAR NOT NULL,
    text               VARCHAR NOT NULL,
    language           VARCHAR,
    start_offset       INTEGER NOT NULL,
    end_offset         INTEGER NOT NULL,
    stance             VARCHAR NOT NULL,
    event_start        DATE,
    event_end          DATE,
    event_granularity  VARCHAR,
    event_expression   VARCHAR,
    stated_start       DATE,
    stated_end         DATE,
    stated_granularity VARCHAR,
    stated_expression  VARCHAR,
    claimant_id        VARCHAR,
    claimant_text      VARCHAR,
    via_id             VARCHAR,
    quantities         JSON,
    sort_start         DATE,
    position           BIGINT NOT NULL,     -- the claim row's
    valid_to           BIGINT               -- the claim row's
);
