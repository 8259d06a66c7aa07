"""Keep at most N batches in flight on any executor, yielding results as they complete."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..pipeline import ArticleResult
from ..types import Article


def in_flight(batches: Iterator[Sequence[Article]], limit: int,
              submit: Callable[[list[Article]], Any],
              wait_first: Callable[[set], tuple[Iterable, set]],
              collect: Callable[[Any], Any] = lambda future: future.result()
              ) -> Iterator[list[ArticleResult]]:
    """Submit batches with ``submit`` while fewer than ``limit`` are pending; ``wait_first``
    returns (done, still pending) once at least one finishes, and ``collect`` turns a finished
    future into its results. Bounded so memory stays flat."""
    pending: set = set()
    exhausted = False
    while pending or not exhausted:
        while not exhausted and len(pending) < limit:
            batch = next(batches, None)
            if batch is None:
                exhausted = True
            else:
                pending.add(submit(list(batch)))
        if not pending:
            break
        done, pending = wait_first(pending)
        for future in done:
            yield collect(future)
