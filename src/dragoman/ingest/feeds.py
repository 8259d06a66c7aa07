"""RSS and Atom feeds: recognise them and list their entries (parsing only, no network).

:mod:`dragoman.ingest.fetch` downloads the feed and then each entry's page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import InputError

_FEED_START = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed: where its article lives and what the feed says about it."""

    link: str
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    entry_id: str | None = None


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
    return [FeedEntry(link=e.link, title=e.get("title"), published=_entry_date(e), outlet=outlet,
                      entry_id=e.get("id")) for e in parsed.entries if e.get("link")]


def _entry_date(entry: object) -> date | None:
    struct = entry.get("published_parsed") or entry.get("updated_parsed")  # type: ignore[attr-defined]
    if not struct:
        return None
    return date(*struct[:3])  # feedparser normalises to UTC struct_time
