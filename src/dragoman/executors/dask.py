"""Scale-out executor on dask.distributed: a worker plugin loads the model once per worker.

Without an address it starts a ``LocalCluster`` of ``workers`` processes (one thread each: spaCy
holds the GIL); with one (``tcp://host:8786``) it joins an existing scheduler, whose workers need
Dragoman and the model installed (and any ``--kb`` file at the same path). Each task runs the
stage over a few consecutive batches of Articles on a worker (``batches_per_task``: fewer, larger
tasks mean fewer scheduler round trips and messages competing with the extraction for the cores)
and sends them back as one set of Arrow tables with the store's pinned schemas
(``store.db.result_tables``), never spaCy objects; the driver alone writes them to the Store. A batch that raises on the worker, or a task whose worker dies, comes back as
one failure row per article, so a bad input never ends the run.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, WorkerPlugin, get_worker, wait

from ..pipeline import ArticleResult
from ..registry import executors
from ..store.db import concat_tables, result_tables
from ..types import Article
from .bounded import in_flight

PLUGIN_NAME = "dragoman-extractor"
BATCHES_PER_TASK = 4  # ingest batches (16 articles by default) per Dask task
# The workers of a cluster we start sample their task's stack every 10 ms (the profiler) and wake
# their event loop every 20 ms (tick monitor); both take the GIL from spaCy. Measured on the
# throughput corpus, turning them down saves 5-10% of the workers' CPU.
QUIET_WORKERS = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s"}


class ExtractorPlugin(WorkerPlugin):
    """Holds the stage on each worker; ``setup`` (the model load) runs once when it starts."""

    name = PLUGIN_NAME

    def __init__(self, stage: Any) -> None:
        self.stage = stage

    def setup(self, worker: Any) -> None:
        self.stage.setup()


def batch_failed(batch: Sequence[Article], exc: BaseException, where: str) -> list[ArticleResult]:
    """One failure per article of a batch that could not be extracted at all."""
    return [ArticleResult(a, stage="extract", error_type=type(exc).__name__,
                          message=f"{where}: {exc}") for a in batch]


def extract_tables(stage: Any, batch: Sequence[Article]) -> dict[str, Any]:
    """Run the stage over a batch and return it as pinned-schema Arrow tables."""
    try:
        results = stage(batch)
    except Exception as exc:  # the stage isolates articles itself; this is the last guard
        results = batch_failed(batch, exc, "worker error")
    return result_tables(results)


def _run_batches(batches: Sequence[Sequence[Article]]) -> dict[str, Any]:
    stage = get_worker().plugins[PLUGIN_NAME].stage
    return concat_tables([extract_tables(stage, batch) for batch in batches])


class DaskExecutor:
    """Run a stage over batches on a Dask cluster, a bounded number of batches at a time."""

    def __init__(self, workers: int = 2, address: str | None = None, processes: bool = True,
                 in_flight: int | None = None, batches_per_task: int = BATCHES_PER_TASK) -> None:
        self.workers = max(1, workers)
        self.batches_per_task = max(1, batches_per_task)
        self.address = address
        self.processes = processes
        self.in_flight = in_flight or 2 * self.workers
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None

    def _connect(self) -> Client:
        if self.address:
            return Client(self.address)
        with dask.config.set(QUIET_WORKERS):  # read by the workers as they start
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                         processes=self.processes, dashboard_address=None)
        return Client(self._cluster)

    def map_batches(self, stage: Any, batches: Iterable[Sequence[Article]]) -> Iterator[dict[str, Any]]:
        """Each batch's results as Arrow tables (``store.db.result_tables``), in completion order."""
        self._client = self._connect()
        try:
            self._client.register_plugin(ExtractorPlugin(stage), name=PLUGIN_NAME)
            yield from self._submit_all(iter(batches))
        finally:
            self.close()

    def _submit_all(self, batches: Iterator[Sequence[Article]]) -> Iterator[dict[str, Any]]:
        assert self._client is not None
        client = self._client
        sent: dict[Future, list[Article]] = {}

        def submit(group: list[list[Article]]) -> Future:
            future = client.submit(_run_batches, group, pure=False)  # equal batches are still two tasks
            sent[future] = [a for batch in group for a in batch]
            return future

        def wait_first(pending: set) -> tuple:
            done, not_done = wait(list(pending), return_when="FIRST_COMPLETED")
            return done, set(not_done)

        def collect(future: Future) -> dict[str, Any]:
            batch = sent.pop(future)
            try:
                return future.result()
            except Exception as exc:  # the worker died (KilledWorker) or the task could not run
                return result_tables(batch_failed(batch, exc, "lost on the cluster"))

        groups = iter(lambda: list(islice(batches, self.batches_per_task)), [])
        yield from in_flight(groups, self.in_flight, submit, wait_first, collect)

    def close(self) -> None:
        """Close the client, and the local cluster if this executor started it."""
        if self._client is not None:
            if self.address:  # a shared cluster: free the model on its workers
                try:
                    self._client.unregister_worker_plugin(PLUGIN_NAME)
                except Exception:  # the scheduler may already be gone; nothing else to free
                    pass
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


@executors.register("dask.v1")
def make_dask_executor(workers: int = 2, **options: Any) -> DaskExecutor:
    """Dask executor; ``address`` joins an existing scheduler."""
    return DaskExecutor(workers=workers, address=options.get("address"),
                        processes=options.get("processes", True), in_flight=options.get("in_flight"),
                        batches_per_task=options.get("batches_per_task", BATCHES_PER_TASK))
