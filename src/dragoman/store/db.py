"""The Store: the one write path into the DuckDB database.

Every write is idempotent and batched: a batch of :class:`~dragoman.pipeline.ArticleResult` goes in
as one transaction (articles, events, event_actors, actors, failures), keyed so that writing the same
batch again changes nothing. Rows travel into DuckDB as Arrow tables with the pinned schemas of
:mod:`dragoman.store.schema` (``INSERT OR IGNORE ... BY NAME``), so no value is ever spliced into SQL.

Only one process can open a DuckDB file at a time; a second one gets :class:`StoreLockedError`
naming the file and the process that holds it.
"""
from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import StoreError, StoreLockedError
from ..types import ActorRef, Article, Event
from .schema import ARROW_SCHEMAS, MIGRATIONS

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>.*?) \(PID (?P<pid>\d+)\)")


@dataclass(frozen=True, slots=True)
class WriteCounts:
    """Rows a write actually added (duplicates of stored rows do not count)."""

    articles: int = 0
    events: int = 0
    failures: int = 0

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(self.articles + other.articles, self.events + other.events,
                           self.failures + other.failures)


class Store:
    """A Dragoman database: ``Store(":memory:")`` or ``Store("dragoman.duckdb")``."""

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False) -> None:
        self.path = str(path)
        self.con = _connect(self.path, read_only)
        if not read_only:
            self.migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (and release the file lock)."""
        self.con.close()

    def cursor(self) -> Store:
        """This database through another DuckDB cursor, for a second thread of this process (one
        connection must not be used by two threads at once). Close it before the Store."""
        other = object.__new__(Store)
        other.path, other.con = self.path, self.con.cursor()
        return other

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block in one transaction: all of it is stored, or none of it."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- migrations -------------------------------------------------------------------------------

    def migrate(self) -> list[int]:
        """Apply the migrations this database lacks, each in its own transaction."""
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                         " name VARCHAR, applied_at TIMESTAMP)")
        done = {row[0] for row in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        applied = []
        for version, name, sql in sorted(MIGRATIONS):
            if version in done:
                continue
            with self.transaction() as con:
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, _now()])
            applied.append(version)
        return applied

    def schema_version(self) -> int:
        """The highest migration applied."""
        return self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or 0

    # -- runs -------------------------------------------------------------------------------------

    def start_run(self, command: str) -> str:
        """Record the start of a run and return its id."""
        run_id = uuid.uuid4().hex[:12]
        self.con.execute("INSERT INTO runs (run_id, started_at, command, status) VALUES (?, ?, ?, ?)",
                         [run_id, _now(), command, "running"])
        return run_id

    def finish_run(self, run_id: str, counts: WriteCounts, skipped: int = 0,
                   status: str = "done") -> None:
        """Record the end of a run with what it added."""
        self.con.execute("UPDATE runs SET finished_at = ?, n_articles = ?, n_events = ?, "
                         "n_failures = ?, n_skipped = ?, status = ? WHERE run_id = ?",
                         [_now(), counts.articles, counts.events, counts.failures, skipped, status,
                          run_id])

    # -- reads the ingest driver needs ---------------------------------------------------------------

    def known_articles(self, articles: Sequence[Article]) -> set[str]:
        """Article ids of those already stored, matched by content hash or by URL."""
        ids = [a.article_id for a in articles]
        urls = [a.url for a in articles if a.url]
        with keyboard_interrupts():
            rows = self.con.execute("SELECT article_id, url FROM articles WHERE list_contains(?, "
                                    "article_id) OR list_contains(?, url)", [ids, urls]).fetchall()
        stored_ids = {r[0] for r in rows}
        stored_urls = {r[1] for r in rows if r[1]}
        return {a.article_id for a in articles
                if a.article_id in stored_ids or (a.url and a.url in stored_urls)}

    def count(self, table: str) -> int:
        """Number of rows in one of the Dragoman tables."""
        if table not in ARROW_SCHEMAS and table not in ("clusters", "runs"):
            raise StoreError(f"unknown table {table!r}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    # -- writes -----------------------------------------------------------------------------------

    def write_results(self, results: Sequence[Any], run_id: str | None = None) -> WriteCounts:
        """Write one batch of ArticleResults (articles, events, actors, failures) in one transaction."""
        return self.write_tables(result_tables(results), run_id)

    def write_events(self, events: Sequence[Event], failures: Sequence[dict[str, Any]] = (),
                     run_id: str | None = None) -> WriteCounts:
        """Write events that have no article row (imports) and their failures, in one transaction."""
        now = _now()
        rows = {"articles": [], "events": [event_row(e) for e in events],
                "failures": [dict(f, failure_id=failure_key(f["origin"], f["doc_id"], f["stage"],
                                                             f["error_type"]), run_id=run_id, failed_at=now)
                             for f in failures]}
        return self.write_tables(_tables(rows, events), run_id)

    def write_tables(self, tables: dict[str, pa.Table], run_id: str | None = None) -> WriteCounts:
        """Write one batch given as Arrow tables with the pinned schemas (``result_tables``, which
        a worker process may have built) in one transaction, stamped with the run id."""
        for name, table in tables.items():
            if name not in BATCH_TABLES or not table.schema.equals(ARROW_SCHEMAS[name]):
                raise StoreError(f"table {name!r} does not have the pinned schema of store/schema.py")
        added: dict[str, int] = {}
        with self.transaction() as con:
            for name, table in tables.items():
                added[name] = _insert_table(con, name, _stamp(table, run_id))
        return WriteCounts(added.get("articles", 0), added.get("events", 0), added.get("failures", 0))

    def recluster(self, tolerance_days: int = 2) -> int:
        """Cluster every stored event again and rewrite clusters and events.cluster_id."""
        from ..analysis.cluster import cluster_reports
        from .queries import load_reports

        with keyboard_interrupts():
            reports = load_reports(self.con)
        clusters = cluster_reports(reports, tolerance_days=tolerance_days)
        members = pa.table({"event_id": [m for c in clusters for m in c.event_ids],
                            "cluster_id": [c.cluster_id for c in clusters for _ in c.event_ids]},
                           schema=pa.schema([("event_id", pa.string()), ("cluster_id", pa.string())]))
        with self.transaction() as con:
            con.execute("DELETE FROM clusters")
            _insert_ignore(con, "clusters", [c.to_row() for c in clusters])
            con.register("_members", members)
            con.execute("UPDATE events SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
            con.execute("UPDATE events SET cluster_id = m.cluster_id FROM _members m "
                        "WHERE events.event_id = m.event_id")
            con.unregister("_members")
        return len(clusters)


@contextmanager
def keyboard_interrupts() -> Iterator[None]:
    """DuckDB answers Ctrl-C during a query with RuntimeError('Query interrupted'): give it back as
    the KeyboardInterrupt it was, so callers stop the way they do for any Ctrl-C."""
    try:
        yield
    except RuntimeError as exc:
        if "interrupted" in str(exc).lower():
            raise KeyboardInterrupt from exc
        raise


# -- rows ------------------------------------------------------------------------------------------

BATCH_TABLES = ("articles", "events", "event_actors", "actors", "failures")


def result_tables(results: Sequence[Any]) -> dict[str, pa.Table]:
    """One batch of ArticleResults as Arrow tables with the pinned schemas, ready for
    ``Store.write_tables``. Pure: workers build them and only tables cross to the driver."""
    now = _now()
    good = [r for r in results if not r.failed]
    events = [e for r in good for e in r.events]
    rows = {"articles": [article_row(r.article, None, now) for r in good],
            "events": [event_row(e) for e in events],
            "failures": [failure_row(r, None, now) for r in results if r.failed]}
    return _tables(rows, events)


def concat_tables(batches: Sequence[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    """Several batches' ``result_tables`` as one batch (same pinned schemas)."""
    if len(batches) == 1:
        return batches[0]
    return {name: pa.concat_tables([b[name] for b in batches]) for name in BATCH_TABLES}


def _tables(rows: dict[str, list[dict]], events: Sequence[Event]) -> dict[str, pa.Table]:
    rows["event_actors"] = [a for e in events for a in event_actor_rows(e)]
    rows["actors"] = [a for e in events for a in actor_rows(e)]
    return {name: pa.Table.from_pylist(rows[name], schema=ARROW_SCHEMAS[name]) for name in BATCH_TABLES}


def _stamp(table: pa.Table, run_id: str | None) -> pa.Table:
    """The table with its ``run_id`` column set (rows built in a worker do not know the run)."""
    if run_id is None or "run_id" not in table.column_names or not table.num_rows:
        return table
    at = table.column_names.index("run_id")
    return table.set_column(at, table.schema.field(at), pa.array([run_id] * table.num_rows, pa.string()))

def article_row(article: Article, run_id: str | None, now: datetime) -> dict[str, Any]:
    """The ``articles`` row of an Article."""
    return {"article_id": article.article_id, "doc_id": article.doc_id, "url": article.url,
            "outlet": article.outlet, "title": article.title, "published": article.published,
            "origin": article.origin, "text": article.text, "n_words": len(article.text.split()),
            "run_id": run_id, "ingested_at": now}


def event_row(event: Event) -> dict[str, Any]:
    """The flattened ``events`` row of an Event."""
    extra = dict(event.extra)
    row: dict[str, Any] = {
        "event_id": event.event_id, "article_id": event.article_id, "doc_id": event.doc_id,
        "type": event.type, "mode": event.mode, "status": event.status,
        "attributed_to": event.attributed_to, "evidence": event.evidence.text,
        "evidence_start": event.evidence.start, "evidence_end": event.evidence.end,
        "trigger": event.trigger.text, "confidence": event.confidence,
        "extractor": event.extractor, "imported": event.imported,
        "origin": extra.pop("origin", None) or ("import" if event.imported else "extract"),
        "outlet": extra.pop("outlet", None), "url": extra.pop("url", None),
        "extra": json.dumps(extra, sort_keys=True, default=str) if extra else None,
    }
    for side, ref in (("source", event.source), ("target", event.target)):
        for key in ("name", "actor", "role", "kb_id", "rank"):
            row[f"{side}_{key}"] = getattr(ref, key) if ref else None
    row.update(_date_columns(event))
    row.update(_place_columns(event))
    return row


def _date_columns(event: Event) -> dict[str, Any]:
    d = event.date
    return {"date_start": d.start if d else None, "date_end": d.end if d else None,
            "date_precision": d.precision if d else None}


def _place_columns(event: Event) -> dict[str, Any]:
    p = event.place
    return {"place_name": p.name if p else None, "place_country": p.country if p else None,
            "lat": p.lat if p else None, "lon": p.lon if p else None}


def event_actor_rows(event: Event) -> list[dict[str, Any]]:
    """The long-form ``event_actors`` rows: one per side that names an actor."""
    return [{"event_id": event.event_id, "side": side, "name": ref.name, "actor": ref.actor,
             "role": ref.role, "kb_id": ref.kb_id, "text": ref.text, "kind": ref.kind,
             "method": ref.method, "rank": ref.rank}
            for side, ref in (("source", event.source), ("target", event.target)) if ref]


def actor_rows(event: Event) -> list[dict[str, Any]]:
    """``actors`` rows: one per knowledge-base entry (or per unresolved name) seen in events.

    Keyed by the kb id, so a minister and the state they represent are two rows; the clustering
    key (actor code first) would let whichever report came first name the row.
    """
    from ..analysis.cluster import actor_key

    return [{"kb_id": ref.kb_id or actor_key(ref.actor, None, ref.name), "name": ref.name,
             "kind": ref.kind, "code": ref.actor}
            for ref in (event.source, event.target) if isinstance(ref, ActorRef)]


def failure_key(origin: str | None, doc_id: str | None, stage: str | None,
                error_type: str | None) -> str:
    """Deterministic failure id, so a rerun that fails the same way adds no row."""
    key = "|".join(x or "" for x in (origin, doc_id, stage, error_type))
    return hashlib.md5(key.encode("utf-8")).hexdigest()[:16]


def failure_row(result: Any, run_id: str | None, now: datetime) -> dict[str, Any]:
    """The ``failures`` row of a failed ArticleResult."""
    a = result.article
    origin = a.origin or a.url or a.doc_id
    return {"failure_id": failure_key(origin, a.doc_id, result.stage, result.error_type),
            "origin": origin, "doc_id": a.doc_id, "stage": result.stage,
            "error_type": result.error_type, "message": result.message, "run_id": run_id, "failed_at": now}


def _insert_ignore(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[dict]) -> None:
    rows = list(rows)
    if rows:
        schema = ARROW_SCHEMAS.get(table)
        _insert_table(con, table, pa.Table.from_pylist(rows, schema=schema) if schema
                      else pa.Table.from_pylist(rows))


def _insert_table(con: duckdb.DuckDBPyConnection, table: str, batch: pa.Table) -> int:
    """Insert the rows whose key is new; return how many that was (DuckDB counts them)."""
    if not batch.num_rows:
        return 0
    con.register("_batch", batch)
    try:
        return con.execute(f"INSERT OR IGNORE INTO {table} BY NAME SELECT * FROM _batch").fetchone()[0]
    finally:
        con.unregister("_batch")


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        if "Could not set lock" in str(exc):
            raise StoreLockedError(lock_message(path, str(exc))) from None
        raise StoreError(f"{path}: cannot open the database ({exc})") from None
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open the database ({exc})") from None


def lock_message(path: str, duckdb_message: str) -> str:
    """Explain a held lock: which file, which process, and what to do."""
    match = _LOCK_HOLDER.search(duckdb_message)
    holder = f"process {match['pid']} ({match['exe']})" if match else "another process"
    return (f"{path} is in use by {holder}. DuckDB lets one process open a database file at a "
            "time: wait for that process to finish or stop it, or use another --db file.")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
