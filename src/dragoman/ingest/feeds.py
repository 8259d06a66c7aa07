"""RSS and Atom feeds: recognise them and list their entries (parsing only, no network).

Each entry keeps its own text: the full content (``content:encoded``, Atom ``<content>``) and the
description or summary, reduced from HTML to plain paragraphs. :mod:`dragoman.ingest.fetch`
decides whether that text is enough or the entry's page must be downloaded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import InputError

_FEED_START = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: where its article lives and what the feed says about it."""

    link: str | None
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    entry_id: str | None = None
    content: str | None = None  # the full text the feed carries (content:encoded, Atom content)
    summary: str | None = None  # the description or summary, often a teaser


def looks_like_feed(content: bytes, content_type: str = "", suffix: str = "") -> bool:
    """True for RSS/Atom by content type, file suffix, or an opening ``<rss>``/``<feed>`` tag."""
    if any(t in content_type.lower() for t in _FEED_TYPES):
        return True
    if suffix.lower() in (".rss", ".atom"):
        return True
    return bool(_FEED_START.search(content[:2048]))


def parse_feed(content: bytes, origin: str) -> list[FeedEntry]:
    """The entries of a feed, in feed order; a document that is not a feed raises InputError."""
    import feedparser

    parsed = feedparser.parse(content)
    if not parsed.get("version") and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "args", ["not an RSS or Atom feed"])[0]
        raise InputError(origin, f"unparseable feed ({reason})")
    outlet = parsed.feed.get("title") or None
    entries = [FeedEntry(link=e.get("link") or None, title=e.get("title"), published=_entry_date(e),
                         outlet=outlet, entry_id=e.get("id"), content=_content(e),
                         summary=fragment_text(e.get("summary") or "") or None)
               for e in parsed.entries]
    return [e for e in entries if e.link or e.content or e.summary]


def _content(entry: Any) -> str | None:
    """The longest full-content block of an entry, as plain text."""
    texts = [fragment_text(block.get("value") or "") for block in entry.get("content") or ()]
    return max(texts, key=len, default="") or None


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one paragraph per block element, whitespace collapsed."""
    if "<" in fragment:
        import lxml.html

        try:
            root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        except Exception:  # lxml raises assorted errors on broken markup: keep the text as is
            root = None
        if root is not None:
            for block in root.iter(*_BLOCKS):
                block.text = "\n\n" + (block.text or "")
                block.tail = "\n\n" + (block.tail or "")
            for br in root.iter("br"):
                br.tail = "\n\n" + (br.tail or "")
            fragment = root.text_content()
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", fragment))
    return "\n\n".join(p for p in paragraphs if p)


_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section", "article",
           "header", "footer", "figcaption", "pre", "table", "tr")


def _entry_date(entry: object) -> date | None:
    struct = entry.get("published_parsed") or entry.get("updated_parsed")  # type: ignore[attr-defined]
    if not struct:
        return None
    return date(*struct[:3])  # feedparser normalises to UTC struct_time
