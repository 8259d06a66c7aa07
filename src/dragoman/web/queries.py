"""Read-only SQL behind the pages and the API: the events table, one event, the overview.

Every function takes a cursor (``WebDatabase.reader()``), runs SELECTs only, and passes every user
value as a bound parameter; only fixed SQL fragments are joined. An event's *effective* dates are
its own, or its article's publication date when the text gave none (as in the analysis), so an
undated event still sorts and filters by when it was reported.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import duckdb

from ..analysis.data import ActorSpec
from ..store.queries import event_record, summary
from .params import EventQuery

_SELECT = """
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
_FIRST_DAY = "coalesce(e.date_start, e.date_end, a.published)"
_LAST_DAY = "coalesce(e.date_end, e.date_start, a.published)"
_ORDER = {"newest": f" ORDER BY {_FIRST_DAY} DESC NULLS LAST, e.event_id",
          "oldest": f" ORDER BY {_FIRST_DAY} ASC NULLS LAST, e.event_id"}
LATEST = 10
TOP_ACTORS = 10


def _side(prefix: str, spec: ActorSpec) -> tuple[str, list[Any]]:
    """SQL true when one side of an event is the actor (code or name, case-insensitive)."""
    sql = (f"(list_contains(?, lower(e.{prefix}_actor)) "
           f"OR list_contains(?, lower(e.{prefix}_name)))")
    return sql, [sorted(spec.codes), sorted(spec.names)]


def _involves(spec: ActorSpec) -> tuple[str, list[Any]]:
    """SQL true when the actor is on either side."""
    src, p1 = _side("source", spec)
    dst, p2 = _side("target", spec)
    return f"({src} OR {dst})", p1 + p2


def _between(a: ActorSpec, b: ActorSpec) -> tuple[str, list[Any]]:
    """SQL true for events between the two actors, either way round."""
    a_src, pa_src = _side("source", a)
    a_dst, pa_dst = _side("target", a)
    b_src, pb_src = _side("source", b)
    b_dst, pb_dst = _side("target", b)
    sql = f"(({a_src} AND {b_dst}) OR ({b_src} AND {a_dst}))"
    return sql, pa_src + pb_dst + pb_src + pa_dst


def event_where(query: EventQuery, actor: ActorSpec | None,
                counterpart: ActorSpec | None) -> tuple[str, list[Any]]:
    """The WHERE clause of the events table and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    if actor and counterpart:
        add(*_flat(_between(actor, counterpart)))
    elif actor or counterpart:
        add(*_flat(_involves(actor or counterpart)))  # type: ignore[arg-type]
    if query.type:
        add("e.type = ?", query.type)
    if query.status:
        add("e.status = ?", query.status)
    if query.since:
        add(f"{_LAST_DAY} >= ?", query.since)
    if query.until:
        add(f"{_FIRST_DAY} <= ?", query.until)
    if query.place:
        add("(contains(lower(e.place_name), lower(?)) OR lower(e.place_country) = lower(?))",
            query.place, query.place)
    if query.outlet:
        add("contains(lower(coalesce(a.outlet, e.outlet)), lower(?))", query.outlet)
    if query.q:
        add("contains(lower(e.evidence), lower(?))", query.q)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _flat(part: tuple[str, list[Any]]) -> list[Any]:
    """(sql, [values]) as [sql, *values] for ``add``."""
    return [part[0], *part[1]]


def _records(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Fetched rows as nested event records with the article title."""
    names = [d[0] for d in cursor.description]
    return [_record(dict(zip(names, row))) for row in cursor.fetchall()]


def _record(row: dict[str, Any]) -> dict[str, Any]:
    """One row in the export's JSON shape, plus the article's title."""
    return {**event_record(row), "title": row["title"]}


def count_events(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> int:
    """Number of events matching a WHERE clause."""
    sql = "SELECT count(*) FROM events e LEFT JOIN articles a USING (article_id)" + where
    return int(con.execute(sql, params).fetchone()[0])


def list_events(con: duckdb.DuckDBPyConnection, where: str, params: list[Any], order: str,
                limit: int, offset: int) -> list[dict[str, Any]]:
    """One page of matching events as records."""
    sql = _SELECT + where + _ORDER[order] + " LIMIT ? OFFSET ?"
    return _records(con.execute(sql, [*params, limit, offset]))


def iter_event_rows(con: duckdb.DuckDBPyConnection, where: str, params: list[Any], order: str,
                    limit: int, chunk: int = 500) -> Iterator[dict[str, Any]]:
    """Matching events as flat rows (the export's columns plus title), at most ``limit``."""
    cursor = con.execute(_SELECT + where + _ORDER[order] + " LIMIT ?", [*params, limit])
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(chunk):
        for row in rows:
            yield dict(zip(names, row))


def event_detail(con: duckdb.DuckDBPyConnection, event_id: str,
                 max_reports: int) -> dict[str, Any] | None:
    """One event, its article (with text) and the other reports of its cluster."""
    cursor = con.execute(_SELECT + " WHERE e.event_id = ?", [event_id])
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    if row is None:
        return None
    flat = dict(zip(names, row))
    article = _article(con, flat["article_id"])
    return {"event": _record(flat), "article": article,
            "evidence_in_text": _evidence_in_text(flat, article),
            "cluster": _cluster(con, flat["cluster_id"], max_reports)}


def _article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """The article an event comes from (imported events have none)."""
    cursor = con.execute("SELECT article_id, doc_id, title, outlet, url, published, text "
                         "FROM articles WHERE article_id = ?", [article_id])
    row = cursor.fetchone()
    if row is None:
        return None
    names = [d[0] for d in cursor.description]
    out = dict(zip(names, row))
    out["published"] = out["published"].isoformat() if out["published"] else None
    return out


def _evidence_in_text(row: dict[str, Any], article: dict[str, Any] | None) -> bool:
    """True when the stored offsets point at the evidence sentence inside the article text."""
    start, end, text = row["evidence_start"], row["evidence_end"], row["evidence"]
    if article is None or start is None or end is None or not text:
        return False
    return 0 <= start < end <= len(article["text"]) and article["text"][start:end] == text


def _cluster(con: duckdb.DuckDBPyConnection, cluster_id: str | None,
             max_reports: int) -> dict[str, Any] | None:
    """The cluster row and its reports (every article that told the same real-world event)."""
    if cluster_id is None:
        return None
    head = con.execute("SELECT n_reports, n_outlets FROM clusters WHERE cluster_id = ?",
                       [cluster_id]).fetchone()
    reports = _records(con.execute(
        _SELECT + f" WHERE e.cluster_id = ?{_ORDER['oldest']} LIMIT ?", [cluster_id, max_reports]))
    n_reports = head[0] if head else len(reports)
    return {"cluster_id": cluster_id, "n_reports": n_reports,
            "n_outlets": head[1] if head else None, "reports": reports,
            "truncated": n_reports > len(reports)}


def overview(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Corpus size and dates, events by type per month, top actors, latest events, failures."""
    counts = summary(con, top=TOP_ACTORS)
    published = con.execute("SELECT min(published), max(published), count(DISTINCT outlet) "
                            "FROM articles").fetchone()
    dated = con.execute("SELECT min(date_start), max(coalesce(date_end, date_start)) "
                        "FROM events").fetchone()
    latest = _records(con.execute(_SELECT + _ORDER["newest"] + " LIMIT ?", [LATEST]))
    return {
        "articles": counts.articles, "events": counts.events,
        "imported_events": counts.imported_events, "clusters": counts.clusters,
        "corroborated_clusters": counts.corroborated, "failures": counts.failures,
        "outlets": int(published[2] or 0),
        "published": _span(published[0], published[1]), "event_dates": _span(*dated),
        "by_type": by_type_per_month(con),
        "top_actors": [{"actor": who, "events": n} for who, n in counts.top_actors],
        "latest_events": latest,
    }


def _span(first: date | None, last: date | None) -> dict[str, str | None]:
    """A first/last pair as ISO strings."""
    return {"first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None}


def by_type_per_month(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Event counts per (month, type), months of the effective first day; undated left out."""
    rows = con.execute(f"""
        SELECT strftime({_FIRST_DAY}, '%Y-%m') AS period, e.type, count(*) AS n
        FROM events e LEFT JOIN articles a USING (article_id)
        WHERE {_FIRST_DAY} IS NOT NULL GROUP BY ALL ORDER BY period, e.type""").fetchall()
    return [{"period": p, "type": t, "events": int(n)} for p, t, n in rows]


def failures(con: duckdb.DuckDBPyConnection, limit: int, offset: int) -> tuple[int, list[dict]]:
    """Recorded ingest failures, newest first, and how many there are."""
    total = int(con.execute("SELECT count(*) FROM failures").fetchone()[0])
    cursor = con.execute("SELECT origin, doc_id, stage, error_type, message, failed_at "
                         "FROM failures ORDER BY failed_at DESC NULLS LAST, failure_id "
                         "LIMIT ? OFFSET ?", [limit, offset])
    names = [d[0] for d in cursor.description]
    items = [dict(zip(names, row)) for row in cursor.fetchall()]
    for item in items:
        item["failed_at"] = item["failed_at"].isoformat() if item["failed_at"] else None
    return total, items


def actor_event_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None, int]]:
    """(actor code or name, a name it goes by, events) for every named side in the database."""
    rows = con.execute("""
        SELECT coalesce(actor, name) AS who, name, count(DISTINCT event_id) AS n
        FROM event_actors WHERE coalesce(actor, name) IS NOT NULL
        GROUP BY ALL ORDER BY who, name""").fetchall()
    return [(str(who), name, int(n)) for who, name, n in rows]
