"""Read-side queries over a Dragoman database: filters, reports for clustering, the summary.

Functions take a DuckDB connection (``Store.con``) and never write. Every user value reaches SQL as
a bound parameter.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from ..analysis.cluster import Report, actor_key, outlet_key
from ..errors import ConfigError
from ..kb.lookup import ActorQuery
from ..ontology.plover import EVENT_TYPES
from ..output import EVENT_COLUMNS
from ..types import STATUSES, ActorRef, Event, Place, ResolvedDate, TextSpan

__all__ = ["EVENT_COLUMNS", "SELECT_EVENTS", "EventFilter", "Summary", "check_statuses",
           "check_types", "event_from_row", "event_record", "events", "load_reports",
           "select_events", "side_clause", "summary"]

# Every column an Event is built from (event_from_row), events ``e`` with their articles ``a``;
# a caller adds its WHERE, ORDER BY and LIMIT.
SELECT_EVENTS = """
SELECT e.event_id, e.cluster_id, e.doc_id, e.article_id, e.type, e.mode,
       e.source_name, e.source_actor, e.source_role, e.source_kb_id, e.source_rank,
       e.target_name, e.target_actor, e.target_role, e.target_kb_id, e.target_rank,
       s.text AS source_text, s.kind AS source_kind, s.method AS source_method,
       t.text AS target_text, t.kind AS target_kind, t.method AS target_method,
       e.date_start, e.date_end, e.date_precision, e.place_name, e.place_country, e.lat, e.lon,
       e.status, e.attributed_to, e.evidence, e.evidence_start, e.evidence_end, e.trigger,
       e.confidence, e.extractor, e.imported, e.origin, e.extra,
       coalesce(a.outlet, e.outlet) AS outlet, coalesce(a.url, e.url) AS url,
       a.published, a.title
FROM events e LEFT JOIN articles a USING (article_id)
LEFT JOIN event_actors s ON s.event_id = e.event_id AND s.side = 'source'
LEFT JOIN event_actors t ON t.event_id = e.event_id AND t.side = 'target'
"""
# An event's window days: its own dates, else its article's publication date (docs/analysis.md).
_FIRST_DAY = "coalesce(e.date_start, e.date_end, a.published)"
_LAST_DAY = "coalesce(e.date_end, e.date_start, a.published)"


def check_types(types: Iterable[str]) -> tuple[str, ...]:
    """PLOVER types in upper case; an unknown one is an error listing the valid types."""
    out = []
    for name in types:
        upper = name.strip().upper()
        if upper not in EVENT_TYPES:
            raise ConfigError(f"unknown event type {name!r}; valid types: {', '.join(EVENT_TYPES)}")
        out.append(upper)
    return tuple(dict.fromkeys(out))


def check_statuses(statuses: Iterable[str]) -> tuple[str, ...]:
    """Statuses in lower case; an unknown one is an error listing the valid statuses."""
    out = []
    for name in statuses:
        lower = name.strip().lower()
        if lower not in STATUSES:
            raise ConfigError(f"unknown status {name!r}; valid statuses: {', '.join(STATUSES)}")
        out.append(lower)
    return tuple(dict.fromkeys(out))


def _many(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a query or an export keeps; None or empty means no restriction.

    ``actor`` is an :class:`~dragoman.kb.lookup.ActorQuery` (resolve what a user typed with
    :func:`~dragoman.kb.lookup.resolve_actor_query` first); a plain string matches an actor code,
    name or KB id exactly, ignoring case. ``type`` and ``status`` take one value or several (a
    union). ``since``/``until`` keep events whose whole date range lies inside the window, an
    undated event counting on its article's publication date: the analysis's rule.
    """

    actor: ActorQuery | str | None = None
    type: str | tuple[str, ...] | None = None
    since: date | None = None
    until: date | None = None
    status: str | tuple[str, ...] | None = None

    def where(self) -> tuple[str, list[Any]]:
        """A SQL WHERE clause over ``events e`` joined with ``articles a``, and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor is not None:
            clause, values = _actor_clause(self.actor)
            clauses.append(clause)
            params += values
        if self.type:
            clauses.append("list_contains(?, e.type)")
            params.append(list(check_types(_many(self.type))))
        if self.status:
            clauses.append("list_contains(?, e.status)")
            params.append(list(check_statuses(_many(self.status))))
        if self.since:
            clauses.append(f"{_FIRST_DAY} >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{_LAST_DAY} <= ?")
            params.append(self.until)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _actor_clause(actor: ActorQuery | str) -> tuple[str, list[Any]]:
    """Either side is the actor."""
    source, source_params = side_clause(actor, "source")
    target, target_params = side_clause(actor, "target")
    return f"({source} OR {target})", source_params + target_params


def side_clause(actor: ActorQuery | str, side: str) -> tuple[str, list[Any]]:
    """SQL true when one side (``source`` or ``target``) of ``events e`` is the actor: by code,
    KB id or name, all compared case-folded; and its parameters."""
    if side not in ("source", "target"):
        raise ValueError(f"side must be 'source' or 'target', not {side!r}")
    if isinstance(actor, str):
        key = actor.casefold()
        codes, names, kb_ids = [key], [key], [key]
    else:
        codes, names = sorted(actor.codes), sorted(actor.names)
        kb_ids = sorted(k.casefold() for k in actor.kb_ids)
    return (f"(list_contains(?, lower(e.{side}_actor)) OR list_contains(?, lower(e.{side}_name)) "
            f"OR list_contains(?, lower(e.{side}_kb_id)))", [codes, names, kb_ids])


def select_events(con: duckdb.DuckDBPyConnection,
                  event_filter: EventFilter | None = None) -> list[dict[str, Any]]:
    """Stored events (one row per dyad) matching a filter, as flat dicts, in a stable order."""
    where, params = (event_filter or EventFilter()).where()
    sql = SELECT_EVENTS + where + " ORDER BY e.date_start NULLS LAST, e.event_id"
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def events(con: duckdb.DuckDBPyConnection, event_filter: EventFilter | None = None) -> list[Event]:
    """Stored events matching a filter, as :class:`~dragoman.types.Event` objects."""
    return [event_from_row(row) for row in select_events(con, event_filter)]


def event_from_row(row: dict[str, Any]) -> Event:
    """An Event from a row of :func:`select_events` (the inverse of ``Store``'s event_row)."""
    extra = json.loads(row["extra"]) if row.get("extra") else {}
    extra["origin"] = row.get("origin") or ("import" if row.get("imported") else "extract")
    return Event(
        event_id=row["event_id"], doc_id=row["doc_id"], article_id=row["article_id"],
        type=row["type"], mode=row["mode"], source=_actor_ref(row, "source"),
        target=_actor_ref(row, "target"), date=_date(row), place=_place(row),
        status=row["status"], attributed_to=row["attributed_to"],
        evidence=TextSpan(row["evidence"] or "", row["evidence_start"] or 0,
                          row["evidence_end"] or 0),
        trigger=TextSpan(row["trigger"] or "", 0, 0), confidence=row["confidence"] or 0.0,
        extractor=row["extractor"] or "", imported=bool(row["imported"]),
        extra=tuple(sorted(extra.items())), cluster_id=row["cluster_id"],
        published=row["published"], outlet=row["outlet"], url=row["url"], title=row["title"])


def _actor_ref(row: dict[str, Any], side: str) -> ActorRef | None:
    name, code = row[f"{side}_name"], row[f"{side}_actor"]
    if name is None and code is None:
        return None
    return ActorRef(text=row.get(f"{side}_text") or name or code, name=name or code,
                    actor=code, role=row[f"{side}_role"], kb_id=row[f"{side}_kb_id"],
                    kind=row.get(f"{side}_kind"), method=row.get(f"{side}_method") or "text",
                    rank=row.get(f"{side}_rank"))


def _date(row: dict[str, Any]) -> ResolvedDate | None:
    start, end = row["date_start"], row["date_end"]
    if start is None:
        return None
    end = end or start
    precision = row["date_precision"] or ("day" if start == end else "range")
    return ResolvedDate(start, end, precision)


def _place(row: dict[str, Any]) -> Place | None:
    if not (row["place_name"] or row["place_country"]):
        return None
    return Place(row["place_name"] or row["place_country"], row["place_country"], row["lat"],
                 row["lon"])


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event in the one JSON shape (:meth:`Event.to_dict`)."""
    return event_from_row(row).to_dict()


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
