"""The reference executor: extraction in this process, or in a pool of local worker processes.

Workers receive the pickled stage once (its model is not pickled, see ``EventExtractor``), load the
model once in ``setup()``, and then only move Articles in and ArticleResults out. The driver keeps a
bounded number of batches in flight so that memory stays flat on a corpus of any size.
"""
from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..errors import PipelineError
from ..pipeline import ArticleResult
from ..registry import executors
from ..types import Article
from .bounded import in_flight

# One stage per worker process, set by the pool initializer: the model loads once per process,
# not once per batch.
_WORKER_STAGE: Any = None


def _init_worker(stage: Any) -> None:
    global _WORKER_STAGE
    # Ctrl-C reaches the whole process group: the driver handles it and shuts the pool down,
    # so a worker finishes its batch instead of dying with a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stage.setup()
    _WORKER_STAGE = stage


def _run_batch(batch: Sequence[Article]) -> list[ArticleResult]:
    return _WORKER_STAGE(batch)


class LocalExecutor:
    """Run a stage over batches: inline when ``workers <= 1``, else in a process pool."""

    def __init__(self, workers: int = 1, in_flight: int | None = None) -> None:
        self.workers = max(1, workers)
        self.in_flight = in_flight or 2 * self.workers
        self._pool: ProcessPoolExecutor | None = None

    def map_batches(self, stage: Any,
                    batches: Iterable[Sequence[Article]]) -> Iterator[list[ArticleResult]]:
        """Results batch by batch, in completion order (the Store does not care about order)."""
        if self.workers == 1:
            stage.setup()
            for batch in batches:
                yield stage(batch)
            return
        # spawn, not fork: the driver may run threads (progress bar) and fork would copy their locks
        self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_init_worker, initargs=(stage,))
        try:
            yield from self._pooled(iter(batches))
        except BrokenProcessPool as exc:
            raise PipelineError(f"a worker process died ({exc}); rerun to resume, stored batches "
                                "are kept") from None
        finally:
            self.close()

    def _pooled(self, batches: Iterator[Sequence[Article]]) -> Iterator[list[ArticleResult]]:
        assert self._pool is not None
        pool = self._pool
        yield from in_flight(batches, self.in_flight, lambda b: pool.submit(_run_batch, b),
                             lambda pending: tuple(wait(pending, return_when=FIRST_COMPLETED)))

    def close(self) -> None:
        """Stop the worker processes (pending batches are dropped; a rerun redoes them)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@executors.register("local.v1")
def make_local_executor(workers: int = 1, **options: Any) -> LocalExecutor:
    """The default executor."""
    return LocalExecutor(workers=workers, in_flight=options.get("in_flight"))
