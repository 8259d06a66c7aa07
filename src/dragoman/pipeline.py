"""Stages and the fused extraction run: nlp + extract + resolve over a batch of Articles.

A spaCy ``Doc`` never leaves this module's worker: a batch of :class:`Article` goes in, a list of
:class:`ArticleResult` (events or the reason the article failed) comes out. Executors (local
processes, Dask) only move Articles and ArticleResults, so they never import spaCy themselves.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from .errors import DragomanError
from .types import Article, Event

WARM_UP_TEXT = ("Foreign ministers meet in Paris\n\nThe foreign minister of France met her German "
                "counterpart in Paris on Monday, officials said.")


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What extraction made of one article: its events, or why it failed."""

    article: Article
    events: tuple[Event, ...] = ()
    stage: str | None = None
    error_type: str | None = None
    message: str | None = None

    @property
    def failed(self) -> bool:
        return self.error_type is not None


class Stage(Protocol):
    """A pipeline stage: cheap constructor, heavy work in ``setup()``, pure ``__call__``."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def setup(self) -> None: ...

    def __call__(self, batch: Sequence[Article]) -> list[ArticleResult]: ...


@dataclass
class EventExtractor:
    """The fused worker stage: spaCy parse, rule extraction, KB resolution."""

    model: str | None = None
    kb_paths: tuple[str, ...] = ()
    extractor: str = "deps.v1"
    resolver: str = "kb.v1"  # the registered resolver that builds the knowledge base
    cascade: bool = True  # parse only the sentences that can hold an event (extract/cascade.py)
    name: str = "extract"
    requires: tuple[str, ...] = ("article.text",)
    provides: tuple[str, ...] = ("events",)
    _engine: object = field(default=None, repr=False)

    def setup(self) -> None:
        """Load the spaCy pipeline and the knowledge base once per process."""
        if self._engine is None:
            from .cache import preload_gazetteer
            from .registry import get

            preload_gazetteer()  # the gazetteer index from the start-up cache (dragoman.cache)
            factory = get("extractors", self.extractor)
            options: dict = {"model": self.model, "kb_paths": tuple(Path(p) for p in self.kb_paths)}
            if _accepts(factory, "kb"):  # the extractor takes the resolver's knowledge base
                options["kb"] = get("resolvers", self.resolver)(tuple(self.kb_paths))
            elif self.resolver != "kb.v1":
                from .errors import ConfigError

                raise ConfigError(f"extractor {self.extractor} loads its own knowledge base and "
                                  f"cannot use resolver {self.resolver!r}")
            if not self.cascade:  # only the full pipeline is asked for by name, so extractors
                options["cascade"] = False  # without a cascade still load
            self._engine = factory(**options)
            self._warm_up()

    def _warm_up(self) -> None:
        """Extract one short article, so lazy one-time work (the gazetteer index, the lemmatizer's
        tables, the date parser) happens here, not in the first batch."""
        extract = getattr(self._engine, "extract", None)
        if extract is not None:
            try:
                extract(Article("warm-up", WARM_UP_TEXT, published=date(2024, 1, 15)))
            except Exception:  # a plugin that cannot take it will fail on real input, and say so
                pass

    @property
    def engine(self) -> object:
        """The loaded extractor (after ``setup()``)."""
        self.setup()
        return self._engine

    def __call__(self, batch: Sequence[Article]) -> list[ArticleResult]:
        from .components import single_blas_thread

        self.setup()
        with single_blas_thread():  # one core per extracting process, as with thinc's BLIS
            return self._extract(batch)

    def _extract(self, batch: Sequence[Article]) -> list[ArticleResult]:
        many = getattr(self._engine, "extract_batch", None)
        if many is None or len(batch) < 2:
            return [self._one(article) for article in batch]
        try:
            found = many(list(batch))
        except Exception:  # a parse failure somewhere: isolate it article by article
            return [self._one(article) for article in batch]
        return [self._result(article, events) for article, events in zip(batch, found)]

    @staticmethod
    def _result(article: Article, events) -> ArticleResult:
        if isinstance(events, Exception):
            kind = "" if isinstance(events, DragomanError) else "internal error: "
            return ArticleResult(article, stage="extract", error_type=type(events).__name__,
                                 message=f"{kind}{events}")
        return ArticleResult(article, tuple(events))

    def _one(self, article: Article) -> ArticleResult:
        try:
            events = tuple(self._engine.extract(article))  # type: ignore[attr-defined]
        except DragomanError as exc:
            return ArticleResult(article, stage="extract", error_type=type(exc).__name__,
                                 message=str(exc))
        except Exception as exc:  # a bug on one article must not end the run for the rest
            return ArticleResult(article, stage="extract", error_type=type(exc).__name__,
                                 message=f"internal error: {exc}")
        return ArticleResult(article, events)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_engine"] = None  # models are loaded again in each worker
        return state


def _accepts(factory: object, name: str) -> bool:
    """True when a factory takes a keyword argument ``name``."""
    import inspect

    try:
        return name in inspect.signature(factory).parameters  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def extract_articles(articles: Iterable[Article], extractor: EventExtractor | None = None,
                     batch_size: int = 16) -> Iterator[ArticleResult]:
    """Run extraction in this process over any iterable of articles, batch by batch."""
    stage = extractor or EventExtractor()
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from stage(batch)
            batch = []
    if batch:
        yield from stage(batch)
