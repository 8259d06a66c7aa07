"""The ingest driver: sources -> new articles -> executor -> Store, each batch committed whole.

Only this process writes. Articles the store already holds (same content hash or URL) are skipped
before extraction, so a rerun, or a run resumed after a crash, only extracts what is missing. Each
batch's articles, events and failures commit together (with the other batches extracted in the
same half second: see ``_Writer``), so a killed run loses at most the batches in flight and not
yet committed, and a rerun ends with exactly the rows a clean run gives. Ctrl-C is the same,
said politely: the run is recorded as ``interrupted`` and :class:`IngestInterrupted` carries the
report of what was kept.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..pipeline import ArticleResult, EventExtractor
from ..store.db import Store, WriteCounts, concat_tables, result_tables
from ..types import Article
from .fetch import Fetcher
from .sources import expected_total, iter_articles

COMMIT_EVERY = 0.5  # seconds: batches extracted within this time of the last commit go together
COMMIT_ROWS = 512  # ... up to this many articles and failures in one transaction


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during ``ingest``: every committed batch is kept; ``report`` says what was stored.

    Still a KeyboardInterrupt, so a notebook or script stops as it would; the CLI catches it to
    say what was kept and how to resume (run the same command again: stored articles are
    skipped).
    """

    def __init__(self, report: IngestReport) -> None:
        super().__init__("ingest interrupted")
        self.report = report


@dataclass
class IngestProgress:
    """Running totals, handed to the progress callback after every stored batch."""

    articles: int = 0
    events: int = 0
    failures: int = 0
    skipped: int = 0
    words: int = 0
    total: int | None = None  # inputs the sources hold, when known before the run
    started: float = field(default_factory=time.perf_counter)

    @property
    def rate(self) -> float:
        """Articles extracted per second so far."""
        elapsed = time.perf_counter() - self.started
        return self.articles / elapsed if elapsed > 0 else 0.0

    @property
    def done(self) -> int:
        """Inputs dealt with so far: stored, failed or already stored."""
        return self.articles + self.failures + self.skipped

    @property
    def eta(self) -> float | None:
        """Seconds left at the pace so far, when the total is known."""
        elapsed = time.perf_counter() - self.started
        if self.total is None or not self.done or elapsed <= 0:
            return None
        return max(0, self.total - self.done) * elapsed / self.done


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest run did."""

    run_id: str
    written: WriteCounts
    seen: int
    skipped: int
    failures: tuple[tuple[str, str], ...]  # (input, one-line reason)
    clusters: int
    seconds: float
    words: int
    stopped: bool = False
    interrupted: bool = False  # Ctrl-C: the stored batches are kept, the run can be resumed

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class _Batcher:
    """Cuts the article stream into extraction batches, setting read failures aside."""

    store: Store
    batch_size: int
    progress: IngestProgress
    read_failures: list[ArticleResult] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # article ids and URLs met in this run
    n_seen: int = 0

    def batches(self, items: Iterable[Article | ArticleResult]) -> Iterator[list[Article]]:
        chunk: list[Article] = []
        for item in items:
            if isinstance(item, ArticleResult):
                self.read_failures.append(item)
                continue
            self.n_seen += 1
            chunk.append(item)
            if len(chunk) >= self.batch_size:
                yield from self._new_only(chunk)
                chunk = []
        if chunk:
            yield from self._new_only(chunk)

    def _new_only(self, chunk: list[Article]) -> Iterator[list[Article]]:
        stored = self.store.known_articles(chunk)
        fresh = []
        for article in chunk:
            if article.article_id in stored or article.article_id in self.seen or \
                    (article.url and article.url in self.seen):
                self.progress.skipped += 1
                continue
            self.seen.update(filter(None, (article.article_id, article.url)))
            fresh.append(article)
        if fresh:
            yield fresh


class _Writer:
    """Commits batches on one background thread through its own cursor, so the next batch is
    extracted while DuckDB writes this one; the Store is still the only writer.

    A DuckDB transaction costs ~25 ms whatever its size (five registered Arrow tables, five
    ``INSERT OR IGNORE``, a commit): at one per batch of 16 articles that was a tenth of the
    extraction's time. So the batches that arrive within ``every`` seconds of the last commit
    are queued and committed together, at most ``max_rows`` articles at a time; a batch is still
    stored whole or not at all. ``flush`` commits what is queued, waits for it and reports it to
    ``on_stored``; ``close`` flushes, so a stopped or interrupted run keeps every extracted batch.
    """

    def __init__(self, store: Store, run_id: str,
                 on_stored: Callable[[WriteCounts, dict[str, Any]], None],
                 every: float = COMMIT_EVERY, max_rows: int = COMMIT_ROWS) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._store = store.cursor()
        self._run_id = run_id
        self._on_stored = on_stored
        self._every = every
        self._max_rows = max_rows
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="dragoman-writer")
        self._pending: tuple[Any, dict[str, Any]] | None = None
        self._queue: list[dict[str, Any]] = []
        self._queued_rows = 0
        self._last = time.perf_counter()

    def write(self, tables: dict[str, Any]) -> None:
        self._queue.append(tables)
        self._queued_rows += tables["articles"].num_rows + tables["failures"].num_rows
        if self._queued_rows >= self._max_rows or time.perf_counter() - self._last >= self._every:
            self._commit_queue()

    def _commit_queue(self) -> None:
        """Wait for the write in flight, then hand the queued batches to the thread as one."""
        self._wait()
        if not self._queue:
            return
        tables = concat_tables(self._queue)
        self._queue, self._queued_rows = [], 0
        self._last = time.perf_counter()
        self._pending = (self._thread.submit(self._store.write_tables, tables, self._run_id), tables)

    def _wait(self) -> None:
        if self._pending is not None:
            future, tables = self._pending
            self._pending = None
            self._on_stored(future.result(), tables)

    def flush(self) -> None:
        self._commit_queue()
        self._wait()

    def close(self) -> None:
        """Commit what is queued and wait for it (a batch is stored whole or not at all), then stop."""
        try:
            self.flush()
        finally:
            self._thread.shutdown(wait=True)
            self._store.close()


def ingest(store: Store, sources: Sequence[str | Path], *, extractor: Any | None = None,
           executor: Any | None = None, glob: str | None = None, published: date | None = None,
           batch_size: int = 16, strict: bool = False, fetcher: Fetcher | None = None,
           on_progress: Callable[[IngestProgress], None] | None = None,
           on_failure: Callable[[str, str], None] | None = None,
           command: str = "ingest") -> IngestReport:
    """Ingest sources into the store and re-cluster; failures are recorded, not raised."""
    from ..executors.local import LocalExecutor

    stage = extractor or EventExtractor()
    executor = executor or LocalExecutor()
    fetcher = fetcher or Fetcher()
    progress = IngestProgress()
    run_id = store.start_run(command)
    batcher = _Batcher(store, batch_size, progress)
    failures: list[tuple[str, str]] = []
    written = WriteCounts()
    stopped = False

    def stored(counts: WriteCounts, tables: dict[str, Any]) -> None:
        nonlocal written
        written = written + counts
        new_failures = [_describe(row) for row in tables["failures"].to_pylist()]
        for origin, reason in new_failures:
            if on_failure:
                on_failure(origin, reason)
        failures.extend(new_failures)
        _tally(progress, tables)
        if on_progress:
            on_progress(progress)

    writer = _Writer(store, run_id, stored)

    def store_batch(batch: Sequence[ArticleResult] | dict[str, Any]) -> bool:
        tables = batch if isinstance(batch, dict) else result_tables(batch)  # Dask sends tables
        writer.write(tables)
        return strict and tables["failures"].num_rows > 0

    interrupted = False
    results: Any = None
    try:
        progress.total = expected_total(sources, glob)
        items = iter_articles(sources, glob=glob, published=published, fetcher=fetcher)
        results = executor.map_batches(stage, batcher.batches(items))
        for batch_results in results:
            stopped = store_batch(_take(batcher.read_failures)) if batcher.read_failures else False
            stopped = store_batch(batch_results) or stopped
            if stopped:
                break
        if not stopped and batcher.read_failures:
            stopped = store_batch(_take(batcher.read_failures))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if hasattr(results, "close"):
            results.close()  # ends the executor's generator, which stops its workers
        fetcher.close()
        writer.close()
    clusters = store.recluster()
    store.finish_run(run_id, written, skipped=progress.skipped,
                     status="interrupted" if interrupted else "stopped" if stopped else "done")
    report = IngestReport(run_id, written, batcher.n_seen, progress.skipped, tuple(failures),
                          clusters, time.perf_counter() - progress.started, progress.words, stopped,
                          interrupted)
    if interrupted:
        raise IngestInterrupted(report)
    return report


def _take(items: list[ArticleResult]) -> list[ArticleResult]:
    taken = list(items)
    items.clear()
    return taken


def _tally(progress: IngestProgress, tables: dict[str, Any]) -> None:
    import pyarrow.compute as pc

    articles = tables["articles"]
    progress.articles += articles.num_rows
    progress.events += tables["events"].num_rows
    progress.failures += tables["failures"].num_rows
    if articles.num_rows:
        progress.words += pc.sum(articles["n_words"]).as_py() or 0


def _describe(failure: dict[str, Any]) -> tuple[str, str]:
    """(input, one-line reason) of a ``failures`` row."""
    where = failure["origin"]
    message = (failure["message"] or failure["error_type"] or "failed").replace("\n", " ")
    if message.startswith(f"{where}: "):
        message = message[len(where) + 2:]  # InputError messages already name the input
    return where, f"{failure['stage']}: {message}"
