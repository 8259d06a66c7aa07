"""A corpus: one DuckDB file of articles and events, and every question the CLI asks of it.

    >>> corpus = dragoman.open("dragoman.duckdb")
    >>> corpus.ingest(["articles/"])
    >>> corpus.events(actor="Palestinian Authority", type="CONSULT")
    >>> corpus.standing("Hamas", vs="PA").verdict

Actors are resolved in one place (:mod:`dragoman.kb.lookup`) against the knowledge base the
registered resolver builds and the names the database holds; several actors (a list) are their
union, and a name nobody knows is an :class:`~dragoman.errors.UnknownActorError` with
suggestions. Event types and statuses are checked against PLOVER. A window (``since``,
``until``) keeps events whose whole date range lies inside it, undated events counting on their
article's publication date, in every method alike.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from .errors import ConfigError, StoreError
from .kb.lookup import ActorQuery, actor_names, resolve_actor_query, union
from .types import Event

KBFiles = str | Path | Iterable[str | Path] | None
Actors = str | ActorQuery | Sequence[str] | None
Names = str | Sequence[str] | None


class Corpus:
    """A Dragoman database: ingest and import articles, query events, analyse actors."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False,
                 kb: tuple[str, ...] = (), resolver: str = "kb.v1") -> None:
        from .store.db import Store

        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such database (build one with `dragoman ingest` "
                             "or dragoman.open(path).ingest(sources))")
        self.read_only = read_only
        self.kb_paths = tuple(kb)
        self.resolver = resolver
        self.store = Store(self.path, read_only=read_only)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = ", read_only=True" if self.read_only else ""
        return f"Corpus({self.path!r}{mode})"

    def close(self) -> None:
        """Close the database (and release its file lock)."""
        self.store.close()

    @cached_property
    def kb(self) -> Any:
        """The knowledge base, built by the registered resolver (``kb.v1`` unless chosen)."""
        from .registry import get

        return get("resolvers", self.resolver)(self.kb_paths)

    # -- writing ---------------------------------------------------------------------------------

    def ingest(self, sources: str | Path | Sequence[str | Path], *,
               published: str | date | None = None, workers: int = 1, executor: str = "local",
               extractor: str = "deps.v1", resolver: str | None = None, model: str | None = None,
               glob: str | None = None, batch_size: int = 16, strict: bool = False,
               scheduler: str | None = None, cascade: bool = True,
               on_progress: Callable[[Any], None] | None = None,
               on_failure: Callable[[str, str], None] | None = None) -> Any:
        """Extract events from files, folders, JSONL, feeds or URLs into the database.

        ``executor="dask"`` starts a LocalCluster of ``workers`` processes, or joins the cluster
        at ``scheduler``; ``cascade=False`` parses every sentence (slower; for checks)."""
        from .ingest.driver import ingest as run_ingest
        from .pipeline import EventExtractor
        from .registry import get

        items = [sources] if isinstance(sources, (str, Path)) else list(sources)
        options = {"address": scheduler} if scheduler else {}
        pool = get("executors", executor if "." in executor else f"{executor}.v1")(workers=workers,
                                                                                   **options)
        stage = EventExtractor(model=model, extractor=extractor, cascade=cascade,
                               resolver=resolver or self.resolver, kb_paths=self.kb_paths)
        return run_ingest(self.store, items, extractor=stage, executor=pool, glob=glob,
                          published=as_date(published, "published"), batch_size=batch_size,
                          strict=strict, on_progress=on_progress, on_failure=on_failure,
                          command="ingest " + " ".join(map(str, items)))

    def import_file(self, kind: str, path: str | Path) -> Any:
        """Import a GDELT or ICEWS file (or any registered importer's) into the database."""
        from .ingest.imports import import_file

        return import_file(self.store, kind, path)

    # -- reading ---------------------------------------------------------------------------------

    def resolve_actor(self, actor: Actors) -> ActorQuery | None:
        """An actor (or the union of several) as the knowledge base and the database know it."""
        if actor is None or isinstance(actor, ActorQuery):
            return actor
        texts = [actor] if isinstance(actor, str) else list(actor)
        return union(resolve_actor_query(self.kb, t, self.known_names) for t in texts)

    @property
    def known_names(self) -> dict[str, str]:
        """Lower-case actor name -> actor code, from the database's ``actors`` table."""
        from .analysis.data import database_actor_names

        return database_actor_names(self.store.con)

    def event_filter(self, actor: Actors = None, type: Names = None,  # noqa: A002
                     since: str | date | None = None, until: str | date | None = None,
                     status: Names = None) -> Any:
        """A checked filter: actors resolved, types and statuses valid, the window not reversed."""
        from .store.queries import EventFilter, check_statuses, check_types

        first, last = window(since, until)
        types = check_types([type] if isinstance(type, str) else type or ())
        statuses = check_statuses([status] if isinstance(status, str) else status or ())
        return EventFilter(self.resolve_actor(actor), types or None, first, last,
                           statuses or None)

    def events(self, actor: Actors = None, type: Names = None,  # noqa: A002
               since: str | date | None = None, until: str | date | None = None,
               status: Names = None) -> list[Event]:
        """Stored events matching the filters (each a union when given a list), as Events."""
        from .store.queries import events

        return events(self.store.con, self.event_filter(actor, type, since, until, status))

    def export(self, target: str | Path | IO[Any], format: str = "jsonl",  # noqa: A002
               **filters: Any) -> int:
        """Write the matching events with a registered exporter; returns how many."""
        from .store.export import exporter
        from .store.queries import events

        write = exporter(format)  # an unknown format fails before any query runs
        found = events(self.store.con, self.event_filter(**filters))
        write(found, target)
        return len(found)

    def summary(self) -> Any:
        """Counts, top actors and the most corroborated events."""
        from .store.queries import summary

        return summary(self.store.con)

    # -- analysis --------------------------------------------------------------------------------

    def snapshot(self) -> Any:
        """Every stored event and article as the analysis reads them."""
        from .analysis.data import load_corpus

        return load_corpus(self.store.con)

    def standing(self, actor: Actors, since: str | date | None = None,
                 until: str | date | None = None, pivot: str | date | None = None,
                 vs: Actors = None, period: str = "month", per_article: bool = False,
                 min_reports: int | None = None) -> Any:
        """Engagement, setbacks and rival standing of an actor, with a verdict and its evidence."""
        from .analysis.standing import MIN_REPORTS, compute_standing

        first, last = window(since, until)
        return compute_standing(self.snapshot(), self.resolve_actor(actor), first, last,  # type: ignore[arg-type]
                                as_date(pivot, "pivot"), self.resolve_actor(vs), period,  # type: ignore[arg-type]
                                per_article, kb=self.kb,
                                min_reports=MIN_REPORTS if min_reports is None else min_reports)

    def network(self, actor: Actors = None, since: str | date | None = None,
                until: str | date | None = None) -> Any:
        """Who meets whom: ties, brokers, hosts and communities (of one actor, when given)."""
        from .analysis import network as net
        from .analysis.data import select_events

        first, last = window(since, until)
        events = select_events(self.snapshot().events, first, last)
        return net.analyse(events, self.resolve_actor(actor), actor_names(self.kb))

    def report(self, out: str | Path, actor: Actors = None, vs: Actors = None,
               since: str | date | None = None, until: str | date | None = None,
               pivot: str | date | None = None, period: str = "month") -> Path:
        """Write the self-contained HTML report and return its path."""
        from .report.html import write_report

        first, last = window(since, until)
        return write_report(self.snapshot(), Path(out), actor=self.resolve_actor(actor),
                            vs=self.resolve_actor(vs), since=first, until=last,
                            pivot=as_date(pivot, "pivot"), period=period, kb=self.kb)


def as_date(value: str | date | datetime | None, what: str = "date") -> date | None:
    """A day from an ISO string or a date; a string that is not a real day is an error."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(f"{what}: invalid date {value!r} (expected YYYY-MM-DD)") from None


def window(since: str | date | None, until: str | date | None) -> tuple[date | None, date | None]:
    """Checked window bounds: real days, and since not after until."""
    first, last = as_date(since, "since"), as_date(until, "until")
    if first and last and first > last:
        raise ConfigError(f"the window is reversed: since {first} is after until {last}")
    return first, last


def kb_paths(kb: KBFiles) -> tuple[str, ...]:
    """Extra KB files as a tuple of path strings (one path or several)."""
    if kb is None:
        return ()
    if isinstance(kb, (str, Path)):
        return (str(kb),)
    return tuple(str(p) for p in kb)
