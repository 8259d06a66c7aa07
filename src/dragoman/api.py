"""The public Python API: extract events from a text or a file, and open a corpus.

    >>> import dragoman
    >>> events = dragoman.extract("On Monday, France condemned the strike by Iran.",
    ...                           published="2024-01-08")
    >>> corpus = dragoman.open("dragoman.duckdb")

Everything the command line does is a call here or on :class:`~dragoman.corpus.Corpus`; the CLI
only translates options and prints. The spaCy pipeline and the knowledge base load once per
process and set of options (:func:`extractor`), so calling :func:`extract` in a loop is cheap.
Readers, extractors and resolvers are looked up in the registries when they run, so an installed
plugin's entry is the one that runs.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from .corpus import Corpus, KBFiles, as_date, kb_paths
from .errors import ExtractionError, InputError
from .pipeline import ArticleResult, EventExtractor
from .types import Article, Event

_FILE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl")


def extract(text_or_path: str | Path | Article, published: str | date | None = None,
            kb: KBFiles = None, *, doc_id: str | None = None, model: str | None = None,
            extractor: str = "deps.v1", resolver: str = "kb.v1") -> list[Event]:
    """The PLOVER events of one article: a string of text, a path, or an :class:`Article`.

    ``published`` (an ISO date or a ``date``) anchors relative dates ("on Monday"); ``kb``
    names extra knowledge-base YAML files. Each event carries its article's publication date,
    outlet and URL, so ``event.to_dict()`` is the shape ``dragoman export`` writes.
    """
    article = read(text_or_path, published=published, doc_id=doc_id)
    stage = extractor_stage(model, kb_paths(kb), extractor, resolver)
    (result,) = stage([article])
    if result.failed:
        raise ExtractionError(f"{article.origin or article.doc_id}: {result.message}")
    return [event.with_article(article) for event in result.events]


def extract_all(articles: Sequence[Article], kb: KBFiles = None, *, model: str | None = None,
                extractor: str = "deps.v1", resolver: str = "kb.v1") -> list[ArticleResult]:
    """Events of many articles in one parse stream; an article that fails comes back failed."""
    stage = extractor_stage(model, kb_paths(kb), extractor, resolver)
    return [replace(r, events=tuple(e.with_article(r.article) for e in r.events))
            for r in stage(list(articles))] if articles else []


def read(source: str | Path | Article, published: str | date | None = None,
         doc_id: str | None = None) -> Article:
    """An Article from text, a path (or a string naming an existing file), or an Article."""
    from .ingest.readers import read_path
    from .registry import get

    day = as_date(published, "published")
    if isinstance(source, Article):
        article = source if day is None else replace(source, published=day)
    elif isinstance(source, Path) or _names_a_file(source):
        article = read_path(source, published=day)
    else:
        article = get("readers", "text.v1")(source, doc_id or "text", origin="<text>",
                                            published=day)
    return replace(article, doc_id=doc_id) if doc_id else article


def _names_a_file(text: str) -> bool:
    """True when a string is a path to an existing file; a missing '*.txt' path is an error."""
    if "\n" in text or len(text) > 1024:
        return False
    try:
        if Path(text).is_file():
            return True
    except (OSError, ValueError):
        return False
    if " " not in text.strip() and text.strip().lower().endswith(_FILE_SUFFIXES):
        raise InputError(text, "no such file")
    return False


@lru_cache(maxsize=4)
def extractor_stage(model: str | None = None, kb: tuple[str, ...] = (),
                    extractor: str = "deps.v1", resolver: str = "kb.v1") -> EventExtractor:
    """The extraction stage for these options, loaded once per process."""
    stage = EventExtractor(model=model, kb_paths=kb, extractor=extractor, resolver=resolver)
    stage.setup()
    return stage


def open(db_path: str | Path = ":memory:", *, read_only: bool = False,  # noqa: A001
         kb: KBFiles = None, resolver: str = "kb.v1") -> Corpus:
    """Open (or create) a corpus database; ``read_only`` for analysis while nothing writes.

    ``kb`` adds knowledge-base files and ``resolver`` names the registered resolver that builds
    the knowledge base actors are resolved against (and extraction uses, when it can).
    """
    return Corpus(db_path, read_only=read_only, kb=kb_paths(kb), resolver=resolver)


__all__ = ["Corpus", "ExtractionError", "as_date", "extract", "extract_all", "extractor_stage",
           "kb_paths", "open", "read"]
