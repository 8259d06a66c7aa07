"""Read events and articles from a Dragoman DuckDB file into plain frozen rows, and match actors.

The analysis never writes: a path is opened ``read_only=True`` and a connection handed in is only
queried with SELECT. Undated events take their article's publication date as their date (a report
is evidence that the event happened by then); such rows carry ``date_method == "published"``.

Actor matching (:func:`resolve_actor`): an analyst types "Hamas", "PA", "Iran" or "IRN". The text
becomes an :class:`~dragoman.kb.lookup.ActorQuery` (``ActorSpec`` here) holding the actor codes and
names that count as that actor, resolved in one place, :mod:`dragoman.kb.lookup`: the equivalence
table, the knowledge base, then the database's ``actors`` table. A text none of them knows is an
error with suggestions, never an actor with no events.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StoreError, StoreLockedError
from ..kb import lookup
from ..kb.lookup import ActorQuery

ActorSpec = ActorQuery  # the analysis's older name for an actor query
_ISO3 = re.compile(r"[A-Z]{3}")

_ARTICLE_SQL = "SELECT article_id, doc_id, outlet, title, url, published FROM articles"


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event, flattened, with its article's outlet and publication date."""

    event_id: str
    doc_id: str | None
    article_id: str
    type: str
    mode: str | None
    source_name: str | None
    source_actor: str | None
    source_rank: int | None
    target_name: str | None
    target_actor: str | None
    target_rank: int | None
    date_start: date | None
    date_end: date | None
    place_name: str | None
    place_country: str | None
    lat: float | None
    lon: float | None
    status: str
    attributed_to: str | None
    evidence: str | None
    cluster_id: str | None
    imported: bool | None = False
    origin: str | None = None
    outlet: str | None = None
    published: date | None = None

    @property
    def start(self) -> date | None:
        """First day the event may have happened on (publication date when undated)."""
        return self.date_start or self.date_end or self.published

    @property
    def end(self) -> date | None:
        """Last day the event may have happened on (publication date when undated)."""
        return self.date_end or self.date_start or self.published

    @classmethod
    def from_event(cls, event: Any) -> EventRow:
        """The analysis row of a stored :class:`~dragoman.types.Event`."""
        src, tgt, when, where = event.source, event.target, event.date, event.place
        return cls(event.event_id, event.doc_id, event.article_id, event.type, event.mode,
                   src.name if src else None, src.actor if src else None,
                   src.rank if src else None, tgt.name if tgt else None,
                   tgt.actor if tgt else None, tgt.rank if tgt else None,
                   when.start if when else None, when.end if when else None,
                   where.name if where else None, where.country if where else None,
                   where.lat if where else None, where.lon if where else None, event.status,
                   event.attributed_to, event.evidence.text or None, event.cluster_id,
                   event.imported, event.origin, event.outlet, event.published)

    @property
    def date_method(self) -> str:
        """'text' when the event carries its own date, 'published' when it borrows the article's."""
        return "text" if (self.date_start or self.date_end) else "published"


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One stored article's metadata (never its text)."""

    article_id: str
    doc_id: str | None
    outlet: str | None
    title: str | None
    url: str | None
    published: date | None


@dataclass(frozen=True, slots=True)
class Corpus:
    """Everything the analysis reads: events, articles, and names the database maps to codes."""

    events: tuple[EventRow, ...]
    articles: tuple[ArticleRow, ...]
    actor_names: Mapping[str, str] = field(default_factory=dict)  # lower-case name -> code
    records: Mapping[str, Any] = field(default_factory=dict)  # event_id -> the stored Event


def open_readonly(db: str | Path) -> duckdb.DuckDBPyConnection:
    """Open a database file read-only, translating DuckDB's errors into Dragoman's."""
    path = Path(db)
    if not path.exists():
        raise StoreError(f"{path}: no such database; ingest some articles first")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreLockedError(f"{path}: another process holds the database ({exc}); "
                                   "stop it or wait for it to finish") from exc
        raise StoreError(f"{path}: cannot open ({exc})") from exc


def load_corpus(db: str | Path | duckdb.DuckDBPyConnection) -> Corpus:
    """Load all events, articles and actor names from a database path or open connection."""
    if isinstance(db, duckdb.DuckDBPyConnection):
        return _read(db)
    con = open_readonly(db)
    try:
        return _read(con)
    finally:
        con.close()


def _read(con: duckdb.DuckDBPyConnection) -> Corpus:
    """Read the stored Events (the one query every reader shares) and the articles."""
    from ..store.queries import events as stored_events

    try:
        found = stored_events(con)
        articles = tuple(ArticleRow(*row) for row in con.execute(_ARTICLE_SQL).fetchall())
    except duckdb.CatalogException as exc:
        raise StoreError(f"the database has no Dragoman tables ({exc})") from exc
    rows = sorted((EventRow.from_event(e) for e in found),
                  key=lambda r: (r.start is None, r.date_start or r.published or date.min,
                                 r.event_id))
    return Corpus(tuple(rows), articles, database_actor_names(con),
                  {e.event_id: e for e in found})


_NAMES_SQL = """
SELECT name, code FROM (
    SELECT source_name AS name, source_actor AS code FROM events
    UNION ALL SELECT target_name, target_actor FROM events
    UNION ALL SELECT name, code FROM actors)
WHERE name IS NOT NULL AND trim(name) <> ''
"""


def database_actor_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Lower-case name -> actor code of every actor the database names ('' when it has no code).

    From the ``actors`` table and the events' sides, so an actor the knowledge base does not know
    (an imported code, an unresolved "governing African National Congress") can still be asked for.
    """
    try:
        rows = con.execute(_NAMES_SQL).fetchall()
    except duckdb.Error:
        return {}
    names: dict[str, str] = {}
    for name, code in rows:
        key = name.casefold()
        if code or key not in names:
            names[key] = code or names.get(key, "")
    return names


def in_window(row: EventRow, since: date | None, until: date | None) -> bool:
    """True when the event's whole date range lies inside [since, until] (a range straddling
    ``since`` may have happened before it, so it does not count as 'since')."""
    if row.start is None:
        return since is None and until is None
    if since is not None and row.start < since:
        return False
    return until is None or (row.end or row.start) <= until


_actor_names = database_actor_names  # the older private name


def select_events(events: Iterable[EventRow], since: date | None = None,
                  until: date | None = None) -> list[EventRow]:
    """Events inside the window, in their stored order."""
    return [row for row in events if in_window(row, since, until)]


def involving(events: Iterable[EventRow], actor: ActorSpec) -> Iterator[EventRow]:
    """Events where the actor is on either side."""
    for row in events:
        if actor.matches(row.source_actor, row.source_name) or actor.matches(
                row.target_actor, row.target_name):
            yield row


def load_equivalents() -> tuple[ActorSpec, ...]:
    """The equivalence table (``dragoman/kb/data/equivalents.yml``)."""
    return lookup.load_equivalents()


def resolve_actor(text: str, actor_names: Mapping[str, str] | None = None,
                  kb: Any = None) -> ActorSpec:
    """Turn what an analyst typed into the actor it names (see :mod:`dragoman.kb.lookup`).

    Raises UnknownActorError, with the closest names, for a text nobody knows.
    """
    from ..kb import load_kb

    return lookup.resolve_actor_query(kb if kb is not None else load_kb(), text, actor_names)


def is_state(code: str | None) -> bool:
    """States are coded with ISO 3166 alpha-3 codes; everything else is an organisation."""
    return bool(code) and bool(_ISO3.fullmatch(code))  # type: ignore[arg-type]


def side_key(code: str | None, name: str | None) -> str | None:
    """The identity of an event side: its actor code, else its name, else None."""
    return code or name or None
