"""Read-side queries over a Dragoman database: filters, reports for clustering, the summary.

Functions take a DuckDB connection (``Store.con``) and never write. Every user value reaches SQL as
a bound parameter.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from ..analysis.cluster import Report, actor_key, outlet_key

# The export view: one row per event (dyad), with what the article adds.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "cluster_id", "doc_id", "article_id", "type", "mode",
    "source_name", "source_actor", "source_role", "source_kb_id",
    "target_name", "target_actor", "target_role", "target_kb_id",
    "date_start", "date_end", "date_precision", "place_name", "place_country", "lat", "lon",
    "status", "attributed_to", "evidence", "evidence_start", "evidence_end", "trigger",
    "confidence", "extractor", "imported", "origin", "outlet", "url", "published", "title",
)

_SELECT_EVENTS = """
SELECT e.event_id, e.cluster_id, e.doc_id, e.article_id, e.type, e.mode,
       e.source_name, e.source_actor, e.source_role, e.source_kb_id,
       e.target_name, e.target_actor, e.target_role, e.target_kb_id,
       e.date_start, e.date_end, e.date_precision, e.place_name, e.place_country, e.lat, e.lon,
       e.status, e.attributed_to, e.evidence, e.evidence_start, e.evidence_end, e.trigger,
       e.confidence, e.extractor, e.imported, e.origin,
       coalesce(a.outlet, e.outlet) AS outlet, coalesce(a.url, e.url) AS url,
       a.published, a.title
FROM events e LEFT JOIN articles a USING (article_id)
"""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events an export or query keeps; None means no restriction."""

    actor: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    status: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """A SQL WHERE clause over ``events e`` and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            clauses.append("(lower(?) IN (lower(e.source_actor), lower(e.target_actor), "
                           "lower(e.source_name), lower(e.target_name), lower(e.source_kb_id), "
                           "lower(e.target_kb_id)))")
            params.append(self.actor)
        if self.type:
            clauses.append("e.type = upper(?)")
            params.append(self.type)
        if self.status:
            clauses.append("e.status = lower(?)")
            params.append(self.status)
        if self.since:
            clauses.append("coalesce(e.date_end, e.date_start) >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("e.date_start <= ?")
            params.append(self.until)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def select_events(con: duckdb.DuckDBPyConnection,
                  event_filter: EventFilter | None = None) -> list[dict[str, Any]]:
    """Events (one row per dyad) matching a filter, in a stable order."""
    where, params = (event_filter or EventFilter()).where()
    sql = _SELECT_EVENTS + where + " ORDER BY e.date_start NULLS LAST, e.event_id"
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event in the nested JSON shape of ``dragoman extract``, plus corpus fields."""
    def side(prefix: str) -> dict[str, Any] | None:
        if row[f"{prefix}_name"] is None and row[f"{prefix}_actor"] is None:
            return None
        return {k: row[f"{prefix}_{k}"] for k in ("name", "actor", "role", "kb_id")}

    start, end = row["date_start"], row["date_end"]
    when: Any = None
    if start is not None:
        when = start.isoformat() if start == end or end is None else {
            "start": start.isoformat(), "end": end.isoformat()}
    place = None
    if row["place_name"] or row["place_country"]:
        place = {"name": row["place_name"], "country": row["place_country"],
                 "lat": row["lat"], "lon": row["lon"]}
    return {
        "doc_id": row["doc_id"], "event_id": row["event_id"], "cluster_id": row["cluster_id"],
        "type": row["type"], "mode": row["mode"], "source": side("source"),
        "target": side("target"), "date": when, "date_precision": row["date_precision"],
        "location": place, "status": row["status"], "attributed_to": row["attributed_to"],
        "evidence": {"text": row["evidence"], "start": row["evidence_start"],
                     "end": row["evidence_end"]},
        "trigger": row["trigger"], "confidence": row["confidence"], "extractor": row["extractor"],
        "imported": row["imported"], "origin": row["origin"], "outlet": row["outlet"],
        "url": row["url"],
        "published": row["published"].isoformat() if row["published"] else None,
    }


def load_reports(con: duckdb.DuckDBPyConnection) -> list[Report]:
    """Every stored event in the shape the clustering needs."""
    rows = con.execute("""
        SELECT e.event_id, e.article_id, e.type, e.source_actor, e.source_kb_id, e.source_name,
               e.target_actor, e.target_kb_id, e.target_name, e.date_start, e.date_end,
               e.date_precision, e.place_name, e.place_country, e.status, e.mode,
               coalesce(a.outlet, e.outlet), coalesce(a.url, e.url), a.published, e.origin
        FROM events e LEFT JOIN articles a USING (article_id)""").fetchall()
    return [Report(event_id=r[0], article_id=r[1], type=r[2],
                   source=actor_key(r[3], r[4], r[5]), target=actor_key(r[6], r[7], r[8]),
                   date_start=r[9], date_end=r[10], precision=r[11], place=r[12],
                   place_country=r[13], status=r[14], mode=r[15],
                   outlet=outlet_key(r[16], r[17], r[1]), published=r[18],
                   origin=r[19] or "extract", source_actor=r[3], target_actor=r[6])
            for r in rows]


@dataclass(frozen=True, slots=True)
class Summary:
    """What a database holds, for ``dragoman summary`` and the end of ``dragoman ingest``."""

    articles: int
    events: int
    imported_events: int
    clusters: int
    corroborated: int  # clusters told by two or more outlets
    failures: int
    top_actors: tuple[tuple[str, int], ...]
    top_clusters: tuple[dict[str, Any], ...]


def summary(con: duckdb.DuckDBPyConnection, top: int = 10) -> Summary:
    """Counts, top actors by events, and the most corroborated clusters."""
    def scalar(sql: str) -> int:
        return con.execute(sql).fetchone()[0] or 0

    actors = con.execute("""
        SELECT coalesce(actor, name) AS who, count(DISTINCT event_id) AS n FROM event_actors
        WHERE coalesce(actor, name) IS NOT NULL GROUP BY who ORDER BY n DESC, who LIMIT ?""",
                         [top]).fetchall()
    cursor = con.execute("""
        SELECT cluster_id, type, coalesce(source_actor, source_key) AS source_actor,
               coalesce(target_actor, target_key) AS target_actor, date_start, date_end, place_name,
               n_reports, n_outlets FROM clusters
        ORDER BY n_outlets DESC, n_reports DESC, cluster_id LIMIT ?""", [min(top, 5)])
    names = [d[0] for d in cursor.description]
    clusters = tuple(dict(zip(names, row)) for row in cursor.fetchall())  # before the next execute
    return Summary(
        articles=scalar("SELECT count(*) FROM articles"),
        events=scalar("SELECT count(*) FROM events"),
        imported_events=scalar("SELECT count(*) FROM events WHERE imported"),
        clusters=scalar("SELECT count(*) FROM clusters"),
        corroborated=scalar("SELECT count(*) FROM clusters WHERE n_outlets >= 2"),
        failures=scalar("SELECT count(*) FROM failures"),
        top_actors=tuple((str(w), int(n)) for w, n in actors),
        top_clusters=clusters)


def table_snapshot(con: duckdb.DuckDBPyConnection, table: str,
                   ignore: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    """All rows of a table, sorted, without volatile columns (run ids, timestamps)."""
    cols = [r[0] for r in con.execute(f"DESCRIBE {_known_table(table)}").fetchall()
            if r[0] not in ignore]
    return sorted(con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)


def _known_table(table: str) -> str:
    if table not in {"articles", "events", "event_actors", "clusters", "actors", "failures", "runs"}:
        raise ValueError(f"unknown table {table!r}")
    return table
