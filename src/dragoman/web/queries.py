"""Read-only SQL behind the pages and the API: the events table, one event, the overview.

Every function takes a cursor (``WebDatabase.reader()``), runs SELECTs only, and passes every user
value as a bound parameter; only fixed SQL fragments are joined. The events table is the store's
(:mod:`dragoman.store.queries`): the same columns, the same actor matching and the same window as
``dragoman export`` and the Python API, so an event has one shape (``Event.to_dict()``) and
``since``/``until`` mean the same everywhere: an event counts when its whole date range lies
inside the window, an undated event on its article's publication date.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import duckdb

from ..kb.lookup import ActorQuery
from ..store.queries import SELECT_EVENTS, EventFilter, event_from_row, side_clause, summary
from ..types import Event
from .params import EventQuery

_SELECT = SELECT_EVENTS
_FIRST_DAY = "coalesce(e.date_start, e.date_end, a.published)"
_ORDER = {"newest": f" ORDER BY {_FIRST_DAY} DESC NULLS LAST, e.event_id",
          "oldest": f" ORDER BY {_FIRST_DAY} ASC NULLS LAST, e.event_id"}
_COUNT = "SELECT count(*) FROM events e LEFT JOIN articles a USING (article_id)"
LATEST = 10
TOP_ACTORS = 10


def _between(a: ActorQuery, b: ActorQuery) -> tuple[str, list[Any]]:
    """SQL true for events between the two actors, either way round."""
    a_src, pa_src = side_clause(a, "source")
    a_dst, pa_dst = side_clause(a, "target")
    b_src, pb_src = side_clause(b, "source")
    b_dst, pb_dst = side_clause(b, "target")
    sql = f"(({a_src} AND {b_dst}) OR ({b_src} AND {a_dst}))"
    return sql, pa_src + pb_dst + pb_src + pa_dst


def event_where(query: EventQuery, actor: ActorQuery | None,
                counterpart: ActorQuery | None) -> tuple[str, list[Any]]:
    """The WHERE clause of the events table and its parameters: the store's filter (actor, type,
    status, window), then the pair, place, outlet and text filters only the dashboard has."""
    pair = actor is not None and counterpart is not None
    where, params = EventFilter(None if pair else (actor or counterpart), query.type,
                                query.since, query.until, query.status).where()
    clauses = [where.removeprefix(" WHERE ")] if where else []

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    if pair:
        add(*_flat(_between(actor, counterpart)))  # type: ignore[arg-type]
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
    """Fetched rows in the one event shape (``Event.to_dict()``, the article's title included)."""
    names = [d[0] for d in cursor.description]
    return [event_from_row(dict(zip(names, row))).to_dict() for row in cursor.fetchall()]


def count_events(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> int:
    """Number of events matching a WHERE clause."""
    return int(con.execute(_COUNT + where, params).fetchone()[0])


def list_events(con: duckdb.DuckDBPyConnection, where: str, params: list[Any], order: str,
                limit: int, offset: int) -> list[dict[str, Any]]:
    """One page of matching events as records."""
    sql = _SELECT + where + _ORDER[order] + " LIMIT ? OFFSET ?"
    return _records(con.execute(sql, [*params, limit, offset]))


def iter_events(con: duckdb.DuckDBPyConnection, where: str, params: list[Any], order: str,
                limit: int, chunk: int = 500) -> Iterator[Event]:
    """Matching events as Events (what the exporters write), at most ``limit``."""
    cursor = con.execute(_SELECT + where + _ORDER[order] + " LIMIT ?", [*params, limit])
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(chunk):
        for row in rows:
            yield event_from_row(dict(zip(names, row)))


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
    return {"event": event_from_row(flat).to_dict(), "article": article,
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


def actor_event_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, list[str], list[str],
                                                                       int]]:
    """(actor code or name, the names and KB ids its sides carry, events) for every named actor."""
    rows = con.execute("""
        SELECT coalesce(actor, name) AS who, list(DISTINCT name ORDER BY name),
               list(DISTINCT kb_id ORDER BY kb_id), count(DISTINCT event_id) AS n
        FROM event_actors WHERE coalesce(actor, name) IS NOT NULL
        GROUP BY who ORDER BY who""").fetchall()
    return [(str(who), [n for n in names if n], [k for k in kb_ids if k], int(n))
            for who, names, kb_ids, n in rows]


def events_of_any(con: duckdb.DuckDBPyConnection, whos: list[str]) -> int:
    """Events with a side coded (or, without a code, named) as any of ``whos``, each once."""
    return int(con.execute("SELECT count(DISTINCT event_id) FROM event_actors "
                           "WHERE list_contains(?, coalesce(actor, name))", [whos]).fetchone()[0])
