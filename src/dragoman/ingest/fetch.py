"""The only network code in Dragoman: fetch pages and feeds through an injected ``httpx.Client``.

Tests pass a client built on ``httpx.MockTransport``; the CLI lets :class:`Fetcher` build a real one.
A page that cannot be fetched raises :class:`~dragoman.errors.FetchError`, which the ingest driver
records as a failure of that input only.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import httpx

from ..errors import DragomanError, FetchError, TooLargeError
from ..pipeline import ArticleResult
from ..types import Article
from .feeds import FeedEntry, looks_like_feed, parse_feed
from .readers import MAX_BYTES, article_from_bytes

USER_AGENT = "dragoman/0.1 (+https://github.com/dragoman-events/dragoman)"


@dataclass(frozen=True, slots=True)
class Page:
    """The body of one successful fetch."""

    url: str
    content: bytes
    content_type: str


class Fetcher:
    """Fetch URLs with size and time limits; owns its client only when it made it."""

    def __init__(self, client: httpx.Client | None = None, max_bytes: int = MAX_BYTES,
                 timeout: float = 20.0) -> None:
        self._client = client
        self._owns_client = client is None
        self.max_bytes = max_bytes
        self.timeout = timeout

    @property
    def client(self) -> httpx.Client:
        """The HTTP client, created on first use so that offline runs never build one."""
        if self._client is None:
            self._client = httpx.Client(follow_redirects=True, timeout=self.timeout,
                                        headers={"User-Agent": USER_AGENT})
        return self._client

    def close(self) -> None:
        """Close the client if this Fetcher created it."""
        if self._owns_client and self._client is not None:
            self._client.close()

    def get(self, url: str) -> Page:
        """GET a URL, refusing error statuses and bodies over ``max_bytes``."""
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {response.status_code} "
                                     f"{response.reason_phrase}".rstrip())
                body = self._read_capped(response, url)
                return Page(str(response.url), body, response.headers.get("content-type", ""))
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None

    def _read_capped(self, response: httpx.Response, url: str) -> bytes:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise TooLargeError(url, f"response over the {self.max_bytes:,}-byte limit")
            chunks.append(chunk)
        return b"".join(chunks)


def url_doc_id(url: str) -> str:
    """A readable doc id for a URL: the last path segment's stem, else the host."""
    parts = urlsplit(url)
    stem = PurePosixPath(parts.path.rstrip("/")).stem
    return stem or parts.hostname or url


def fetch_articles(url: str, fetcher: Fetcher,
                   published: date | None = None) -> Iterator[Article | ArticleResult]:
    """A URL's article, or every entry's article when the URL is a feed; failures as results."""
    try:
        page = fetcher.get(url)
    except DragomanError as exc:
        yield fetch_failure(url, exc)
        return
    if looks_like_feed(page.content, page.content_type):
        yield from feed_articles(page.content, url, fetcher, published)
        return
    yield _page_article(page, url_doc_id(url), url, published)


def feed_articles(content: bytes, origin: str, fetcher: Fetcher, published: date | None = None,
                  offline: bool = False) -> Iterator[Article | ArticleResult]:
    """The article of every entry of a feed document.

    An entry that carries its full text (``content:encoded``, Atom content) is read from the feed;
    so, for a local feed file (``offline``), is one with only a description. Only an entry with
    no text of its own (or, online, only a teaser description) has its page fetched.
    """
    try:
        entries = parse_feed(content, origin)
    except DragomanError as exc:
        yield fetch_failure(origin, exc, stage="read")
        return
    for i, entry in enumerate(entries, 1):
        own = entry.content or (entry.summary if offline or not entry.link else None)
        if own:
            yield _own_text_article(entry, own, f"{origin}#{i}", published)
        elif entry.link:
            yield from _entry_article(entry, fetcher, published)


def _own_text_article(entry: FeedEntry, text: str, where: str,
                      published: date | None) -> Article:
    """An entry read from the feed itself: its title as the headline, then its text."""
    title = (entry.title or "").strip()
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    doc_id = url_doc_id(entry.link) if entry.link else (entry.entry_id or where.rsplit("/", 1)[-1])
    return Article(doc_id, text, published or entry.published, url=entry.link, outlet=entry.outlet,
                   title=entry.title, origin=entry.link or where)


def _entry_article(entry: FeedEntry, fetcher: Fetcher,
                   published: date | None) -> Iterator[Article | ArticleResult]:
    assert entry.link is not None
    try:
        page = fetcher.get(entry.link)
    except DragomanError as exc:
        yield fetch_failure(entry.link, exc)
        return
    result = _page_article(page, url_doc_id(entry.link), entry.link, published or entry.published)
    if isinstance(result, Article):
        # the feed knows the outlet and title better than a scraped page does
        result = Article(result.doc_id, result.text, result.published, result.url or entry.link,
                         entry.outlet or result.outlet, entry.title or result.title, result.origin)
    yield result


def _page_article(page: Page, doc_id: str, url: str,
                  published: date | None) -> Article | ArticleResult:
    suffix = ".html" if "html" in page.content_type.lower() else PurePosixPath(url).suffix
    try:
        return article_from_bytes(page.content, doc_id, url, published=published, suffix=suffix,
                                  url=url)
    except DragomanError as exc:
        return fetch_failure(url, exc, stage="read")


def fetch_failure(url: str, exc: Exception, stage: str = "fetch") -> ArticleResult:
    """A failed fetch or read of a URL as an ArticleResult the Store records."""
    return ArticleResult(Article(url_doc_id(url), "", url=url, origin=url), stage=stage,
                         error_type=type(exc).__name__, message=str(exc))
