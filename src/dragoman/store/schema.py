"""The DuckDB schema as an ordered list of migrations.

Each migration runs once, in order, inside a transaction, and is recorded in ``schema_migrations``.
Never edit a shipped migration: append a new one.
"""
from __future__ import annotations

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
    at          TIMESTAMP
);
"""),
]
