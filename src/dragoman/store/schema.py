"""The DuckDB schema as an ordered list of migrations.

Each migration runs once, in order, inside a transaction, and is recorded in ``schema_migrations``.
Never edit a shipped migration: append a new one. :data:`ARROW_SCHEMAS` pins the Arrow types of
the rows :class:`~dragoman.store.db.Store` bulk-inserts; keep them in step with the tables.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "initial tables", """
CREATE TABLE IF NOT EXISTS runs (
    run_id       VARCHAR PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    command      VARCHAR,
    n_articles   INTEGER DEFAULT 0,
    n_events     INTEGER DEFAULT 0,
    n_failures   INTEGER DEFAULT 0
);
CREATE TABLE IF NOT EXISTS articles (
    article_id   VARCHAR PRIMARY KEY,   -- content hash of the text
    doc_id       VARCHAR NOT NULL,
    url          VARCHAR,
    outlet       VARCHAR,
    title        VARCHAR,
    published    DATE,
    origin       VARCHAR,
    text         VARCHAR NOT NULL,
    n_words      INTEGER,
    run_id       VARCHAR,
    ingested_at  TIMESTAMP
);
CREATE TABLE IF NOT EXISTS events (
    event_id        VARCHAR PRIMARY KEY,
    article_id      VARCHAR NOT NULL,
    doc_id          VARCHAR,
    type            VARCHAR NOT NULL,
    mode            VARCHAR,
    source_name     VARCHAR,
    source_actor    VARCHAR,
    source_role     VARCHAR,
    source_kb_id    VARCHAR,
    source_rank     INTEGER,
    target_name     VARCHAR,
    target_actor    VARCHAR,
    target_role     VARCHAR,
    target_kb_id    VARCHAR,
    target_rank     INTEGER,
    date_start      DATE,
    date_end        DATE,
    date_precision  VARCHAR,
    place_name      VARCHAR,
    place_country   VARCHAR,
    lat             DOUBLE,
    lon             DOUBLE,
    status          VARCHAR NOT NULL,
    attributed_to   VARCHAR,
    evidence        VARCHAR,
    evidence_start  INTEGER,
    evidence_end    INTEGER,
    trigger         VARCHAR,
    confidence      DOUBLE,
    extractor       VARCHAR,
    imported        BOOLEAN DEFAULT FALSE,
    origin          VARCHAR,            -- 'extract', 'gdelt1', 'gdelt2', 'icews'
    cluster_id      VARCHAR
);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id     VARCHAR NOT NULL,
    side         VARCHAR NOT NULL,      -- 'source' | 'target'
    name         VARCHAR,
    actor        VARCHAR,
    role         VARCHAR,
    kb_id        VARCHAR,
    PRIMARY KEY (event_id, side)
);
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id    VARCHAR PRIMARY KEY,
    type          VARCHAR NOT NULL,
    mode          VARCHAR,
    source_actor  VARCHAR,
    target_actor  VARCHAR,
    date_start    DATE,
    date_end      DATE,
    place_name    VARCHAR,
    status        VARCHAR,
    n_reports     INTEGER,
    n_outlets     INTEGER,
    first_event_id VARCHAR
);
CREATE TABLE IF NOT EXISTS actors (
    kb_id   VARCHAR PRIMARY KEY,
    name    VARCHAR,
    kind    VARCHAR,
    code    VARCHAR
);
CREATE TABLE IF NOT EXISTS failures (
    origin      VARCHAR,
    doc_id      VARCHAR,
    stage       VARCHAR,
    error_type  VARCHAR,
    message     VARCHAR,
    run_id      VARCHAR,
    failed_at   TIMESTAMP
);
"""),
    (2, "failure keys, import provenance, cluster and run detail", """
-- (Migration 1 named the timestamp "at", a reserved word in DuckDB 2; it is failed_at.)
-- A rerun retries a failed article; a deterministic key keeps one row per failure, not one per run.
CREATE TABLE failures_keyed (
    failure_id  VARCHAR PRIMARY KEY,    -- hash(origin, doc_id, stage, error_type)
    origin      VARCHAR,
    doc_id      VARCHAR,
    stage       VARCHAR,
    error_type  VARCHAR,
    message     VARCHAR,
    run_id      VARCHAR,
    failed_at   TIMESTAMP
);
INSERT INTO failures_keyed
    SELECT DISTINCT ON (md5(concat_ws('|', coalesce(origin, ''), coalesce(doc_id, ''), coalesce(stage, ''),
                              coalesce(error_type, ''))))
           substr(md5(concat_ws('|', coalesce(origin, ''), coalesce(doc_id, ''), coalesce(stage, ''),
                              coalesce(error_type, ''))), 1, 16),
           origin, doc_id, stage, error_type, message, run_id, failed_at
    FROM failures;
DROP TABLE failures;
ALTER TABLE failures_keyed RENAME TO failures;
-- Imported events have no article row: their outlet and URL travel on the event.
ALTER TABLE events ADD COLUMN outlet VARCHAR;
ALTER TABLE events ADD COLUMN url VARCHAR;
ALTER TABLE events ADD COLUMN extra VARCHAR;          -- JSON object of source-specific fields
ALTER TABLE event_actors ADD COLUMN text VARCHAR;
ALTER TABLE event_actors ADD COLUMN kind VARCHAR;
ALTER TABLE event_actors ADD COLUMN method VARCHAR;
ALTER TABLE event_actors ADD COLUMN rank INTEGER;
ALTER TABLE clusters ADD COLUMN source_key VARCHAR;
ALTER TABLE clusters ADD COLUMN target_key VARCHAR;
ALTER TABLE clusters ADD COLUMN origin VARCHAR;
ALTER TABLE runs ADD COLUMN n_skipped INTEGER DEFAULT 0;
ALTER TABLE runs ADD COLUMN status VARCHAR;
CREATE INDEX articles_url ON articles (url);
"""),
]


def _arrow_schemas() -> dict[str, pa.Schema]:
    """Pinned Arrow schemas of the rows the Store bulk-inserts (column names match the tables)."""
    import pyarrow as pa

    s, i, f, d, b, t = pa.string(), pa.int32(), pa.float64(), pa.date32(), pa.bool_(), pa.timestamp("us")
    actor = [("name", s), ("actor", s), ("role", s), ("kb_id", s), ("rank", i)]
    return {
        "articles": pa.schema([("article_id", s), ("doc_id", s), ("url", s), ("outlet", s),
                               ("title", s), ("published", d), ("origin", s), ("text", s),
                               ("n_words", i), ("run_id", s), ("ingested_at", t)]),
        "events": pa.schema(
            [("event_id", s), ("article_id", s), ("doc_id", s), ("type", s), ("mode", s)]
            + [(f"source_{k}", v) for k, v in actor] + [(f"target_{k}", v) for k, v in actor]
            + [("date_start", d), ("date_end", d), ("date_precision", s), ("place_name", s),
               ("place_country", s), ("lat", f), ("lon", f), ("status", s), ("attributed_to", s),
               ("evidence", s), ("evidence_start", i), ("evidence_end", i), ("trigger", s),
               ("confidence", f), ("extractor", s), ("imported", b), ("origin", s),
               ("outlet", s), ("url", s), ("extra", s)]),
        "event_actors": pa.schema([("event_id", s), ("side", s), ("name", s), ("actor", s),
                                   ("role", s), ("kb_id", s), ("text", s), ("kind", s),
                                   ("method", s), ("rank", i)]),
        "clusters": pa.schema([("cluster_id", s), ("type", s), ("mode", s), ("source_actor", s),
                               ("target_actor", s), ("date_start", d), ("date_end", d),
                               ("place_name", s), ("status", s), ("n_reports", i),
                               ("n_outlets", i), ("first_event_id", s), ("source_key", s),
                               ("target_key", s), ("origin", s)]),
        "actors": pa.schema([("kb_id", s), ("name", s), ("kind", s), ("code", s)]),
        "failures": pa.schema([("failure_id", s), ("origin", s), ("doc_id", s), ("stage", s),
                               ("error_type", s), ("message", s), ("run_id", s), ("failed_at", t)]),
    }


ARROW_SCHEMAS = _arrow_schemas()
