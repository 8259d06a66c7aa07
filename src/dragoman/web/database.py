"""The server's one handle on the DuckDB file: read cursors for requests, the store for the watcher.

DuckDB admits one process per file, so the server process owns the file for as long as it runs.
Without ``--watch`` it opens the file read-only. With ``--watch`` it opens it read-write and only the
watcher thread writes, through :class:`~dragoman.store.db.Store` (the one write path); requests
read through their own cursors (``con.cursor()``), which see committed data and never share a
transaction with the writer.

The analysis reads the whole corpus into memory (:func:`~dragoman.analysis.data.load_corpus`); it
is loaded once and reloaded only after the watcher stored something (the *generation* changes).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from ..analysis.data import Corpus, load_corpus
from ..errors import ConfigError
from ..store.db import Store
from ..store.schema import MIGRATIONS

T = TypeVar("T")
CACHE_SIZE = 32  # computed views (standings, actor pages) kept per generation


class WebDatabase:
    """The open database, its read cursors and the cached corpus."""

    def __init__(self, path: str | Path, writable: bool = False) -> None:
        self.path = str(path)
        if not writable and self.path != ":memory:" and not Path(self.path).exists():
            raise ConfigError(f"{self.path}: no such database (build one with `dragoman ingest`, "
                              "or give --watch FOLDER to start an empty one)")
        self.store = Store(self.path, read_only=not writable)
        self.writable = writable
        self._check_schema()
        self._root = self.store.con.cursor()  # readers branch off this; the writer keeps store.con
        self._lock = threading.Lock()
        self._generation = 0
        self._corpus: tuple[int, Corpus] | None = None
        self._views: OrderedDict[Hashable, Any] = OrderedDict()

    def _check_schema(self) -> None:
        """Refuse a file that is not a Dragoman database, or one older than this Dragoman (a
        read-only open cannot migrate it), before any request finds out."""
        try:
            version = self.store.schema_version()
        except duckdb.Error:
            self.store.close()
            raise ConfigError(f"{self.path}: not a Dragoman database (no schema_migrations "
                              "table)") from None
        latest = max(version for version, _, _ in MIGRATIONS)
        if version < latest:
            self.store.close()
            raise ConfigError(f"{self.path}: its schema (version {version}) is older than this "
                              f"Dragoman's ({latest}); open it once for writing, e.g. with "
                              "`dragoman ingest` or `dragoman serve --watch`, to migrate it")

    @property
    def kb(self) -> Any:
        """The knowledge base actors are resolved against: the one `dragoman standing` uses (the
        shipped data and the DRAGOMAN_KB files; loaded once, reloaded when a file changes)."""
        from ..kb import load_kb

        return load_kb()

    def known_names(self) -> Mapping[str, str]:
        """The actor names and codes the database holds (lookup's third source of actors)."""
        return self.corpus().actor_names

    @property
    def generation(self) -> int:
        """A number that changes whenever the watcher has stored something."""
        return self._generation

    def changed(self) -> None:
        """Tell readers that stored data changed (called by the writer after each commit)."""
        with self._lock:
            self._generation += 1
            self._views.clear()

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request, closed afterwards."""
        with self._lock:
            cursor = self._root.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def corpus(self) -> Corpus:
        """All events and articles as the analysis reads them, loaded once per generation."""
        with self._lock:
            cached, generation = self._corpus, self._generation
        if cached is not None and cached[0] == generation:
            return cached[1]
        with self.reader() as cursor:
            corpus = load_corpus(cursor)
        with self._lock:
            self._corpus = (generation, corpus)
        return corpus

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A computed view, kept until the data changes (the oldest of CACHE_SIZE goes first)."""
        full_key = (self._generation, key)
        with self._lock:
            if full_key in self._views:
                self._views.move_to_end(full_key)
                return self._views[full_key]
        value = compute()
        with self._lock:
            self._views[full_key] = value
            while len(self._views) > CACHE_SIZE:
                self._views.popitem(last=False)
        return value

    def close(self) -> None:
        """Close the cursors and the file."""
        self._root.close()
        self.store.close()
