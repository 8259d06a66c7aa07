"""Expand ingest sources into a stream of Articles (and failed results for what cannot be read).

A source is a file (text, Markdown, HTML), a folder (searched recursively with glob patterns), a
``.jsonl`` of articles, a local ``.rss``/``.atom`` feed, or an ``http(s)`` URL of a page or a feed.
Network access goes through :class:`~dragoman.ingest.fetch.Fetcher`; this module never opens a
socket itself.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from fnmatch import fnmatch
from pathlib import Path

from ..errors import DragomanError, InputError
from ..pipeline import ArticleResult
from ..types import Article
from .fetch import Fetcher, feed_articles, fetch_articles
from .jsonl import line_failure, read_jsonl
from .readers import read_path

DEFAULT_GLOB = "*.txt,*.text,*.md,*.html,*.htm,*.jsonl"
FEED_SUFFIXES = (".rss", ".atom")


def is_url(source: str) -> bool:
    """True for http and https URLs."""
    return source.lower().startswith(("http://", "https://"))


def glob_patterns(glob: str | None) -> tuple[str, ...]:
    """Split ``"*.txt,*.html"`` into patterns; the default adds the suffixes plugin readers read."""
    from .readers import reader_suffixes

    if glob is None:
        glob = ",".join([DEFAULT_GLOB, *(f"*{s}" for s in reader_suffixes())])
    return tuple(p.strip() for p in glob.split(",") if p.strip())


def folder_files(folder: Path, patterns: tuple[str, ...]) -> list[Path]:
    """Files under a folder (recursively) whose names match a pattern, in a stable order."""
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not p.name.startswith(".")
                  and any(fnmatch(p.name, pat) for pat in patterns))


def iter_articles(sources: Iterable[str | Path], glob: str | None = None,
                  published: date | None = None,
                  fetcher: Fetcher | None = None) -> Iterator[Article | ArticleResult]:
    """Every article the sources hold, in source order; unreadable inputs as failed results."""
    patterns = glob_patterns(glob)
    fetcher = fetcher or Fetcher()
    for source in sources:
        text = str(source)
        if is_url(text):
            yield from fetch_articles(text, fetcher, published)
            continue
        path = Path(source)
        if path.is_dir():
            for file in folder_files(path, patterns):
                yield from file_articles(file, published, fetcher)
        else:
            yield from file_articles(path, published, fetcher)


def expected_total(sources: Iterable[str | Path], glob: str | None = None) -> int | None:
    """How many inputs (articles and unreadable items) the sources hold, read cheaply ahead of
    the run; None when a URL is among them (a page may turn out to be a feed)."""
    patterns = glob_patterns(glob)
    total = 0
    for source in sources:
        if is_url(str(source)):
            return None
        path = Path(source)
        files = folder_files(path, patterns) if path.is_dir() else [path]
        total += sum(_inputs_in(file) for file in files)
    return total


def _inputs_in(path: Path) -> int:
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        if suffix in FEED_SUFFIXES:
            from .feeds import parse_feed

            return len(parse_feed(path.read_bytes(), str(path))) or 1
    except (OSError, DragomanError):
        return 1  # it will be one failure
    return 1


def file_articles(path: Path, published: date | None,
                  fetcher: Fetcher) -> Iterator[Article | ArticleResult]:
    """The article(s) of one file: a JSONL file holds many, a local feed points at pages."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(path, published)
        return
    if suffix in FEED_SUFFIXES:
        yield from _local_feed(path, fetcher, published)
        return
    try:
        yield read_path(path, published=published)
    except DragomanError as exc:
        yield line_failure(str(path), path.stem, exc)


def _local_feed(path: Path, fetcher: Fetcher,
                published: date | None) -> Iterator[Article | ArticleResult]:
    try:
        content = path.read_bytes()
    except OSError as exc:
        yield line_failure(str(path), path.stem, InputError(str(path), f"cannot read: {exc.strerror}"))
        return
    yield from feed_articles(content, str(path), fetcher, published, offline=True)
