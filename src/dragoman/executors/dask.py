"""Scale-out executor on dask.distributed: a worker plugin loads the model once per worker.

Without an address it starts a ``LocalCluster`` of ``workers`` processes; with one it joins an
existing scheduler. Workers only return ArticleResults; the driver alone writes to the Store.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, get_worker, wait

from ..pipeline import ArticleResult
from ..registry import executors
from ..types import Article
from .bounded import in_flight

PLUGIN_NAME = "dragoman-extractor"


class ExtractorPlugin(WorkerPlugin):
    """Holds the stage on each worker; ``setup`` runs once when the worker starts."""

    name = PLUGIN_NAME

    def __init__(self, stage: Any) -> None:
        self.stage = stage

    def setup(self, worker: Any) -> None:
        self.stage.setup()


def _run_batch(batch: Sequence[Article]) -> list[ArticleResult]:
    stage = get_worker().plugins[PLUGIN_NAME].stage
    return stage(batch)


class DaskExecutor:
    """Run a stage over batches on a Dask cluster, a bounded number of batches at a time."""

    def __init__(self, workers: int = 2, address: str | None = None, processes: bool = True,
                 in_flight: int | None = None) -> None:
        self.workers = max(1, workers)
        self.address = address
        self.processes = processes
        self.in_flight = in_flight or 2 * self.workers
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None

    def _connect(self) -> Client:
        if self.address:
            return Client(self.address)
        self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                     processes=self.processes, dashboard_address=None)
        return Client(self._cluster)

    def map_batches(self, stage: Any,
                    batches: Iterable[Sequence[Article]]) -> Iterator[list[ArticleResult]]:
        """Results batch by batch, in completion order."""
        self._client = self._connect()
        try:
            self._client.register_plugin(ExtractorPlugin(stage), name=PLUGIN_NAME)
            yield from self._submit_all(iter(batches))
        finally:
            self.close()

    def _submit_all(self, batches: Iterator[Sequence[Article]]) -> Iterator[list[ArticleResult]]:
        assert self._client is not None
        client = self._client

        def wait_first(pending: set) -> tuple:
            done, not_done = wait(list(pending), return_when="FIRST_COMPLETED")
            return done, set(not_done)

        # pure=False: two equal batches are still two tasks
        yield from in_flight(batches, self.in_flight,
                             lambda b: client.submit(_run_batch, b, pure=False), wait_first)

    def close(self) -> None:
        """Close the client and the local cluster this executor started."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


@executors.register("dask.v1")
def make_dask_executor(workers: int = 2, **options: Any) -> DaskExecutor:
    """Dask executor; ``address`` joins an existing scheduler."""
    return DaskExecutor(workers=workers, address=options.get("address"),
                        processes=options.get("processes", True), in_flight=options.get("in_flight"))
