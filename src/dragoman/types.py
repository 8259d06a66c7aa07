"""The frozen types that cross stage boundaries.

sources -> Article -> (spaCy Doc, never crosses a process) -> EventMention -> Event -> Store

Every type here is a frozen dataclass made of plain values, so it pickles across processes and
serialises to the one event shape, :meth:`Event.to_dict`, that ``dragoman extract``, ``export``,
the report and the Python API all share (:meth:`Event.to_record` is the same method).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Status = Literal["occurred", "planned", "hypothetical", "negated"]
Precision = Literal["day", "week", "month", "year", "range"]
STATUSES: tuple[str, ...] = ("occurred", "planned", "hypothetical", "negated")


def content_hash(text: str) -> str:
    """Stable short hash of an article's text, used to make ingest idempotent."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article reduced to plain text and its metadata."""

    doc_id: str
    text: str
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    origin: str | None = None  # the path, URL or feed it came from

    @property
    def article_id(self) -> str:
        """Content-addressed id: the same text is the same article."""
        return content_hash(self.text)


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of the article text with character offsets into ``Article.text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as the text names it and as the knowledge base resolves it.

    ``actor`` is ISO 3166 alpha-3 for states and their officials, the organisation's canonical
    name otherwise, or None when the mention could not be resolved (never a forced match).
    """

    text: str
    name: str
    actor: str | None = None
    role: str | None = None
    kb_id: str | None = None
    kind: str | None = None  # state | person | organisation | media | group
    method: str = "text"  # how it was resolved: alias, fuzzy, role, coref, text ...
    rank: int | None = None  # 5 head of state/government/leader ... 1 other (docs/kb-format.md)

    def to_record(self) -> dict[str, Any]:
        return {"name": self.name, "actor": self.actor, "role": self.role, "kb_id": self.kb_id,
                "text": self.text, "rank": self.rank}


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A date or range with its precision; ``start == end`` for a single day."""

    start: date
    end: date
    precision: Precision
    text: str = ""
    method: str = "explicit"

    def to_record(self) -> str | dict[str, str]:
        if self.start == self.end:
            return self.start.isoformat()
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened, geocoded when the gazetteer knows the name."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_record(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True, slots=True)
class Event:
    """One dyadic event: multi-party events become one Event per pair."""

    event_id: str
    doc_id: str
    article_id: str
    type: str
    mode: str | None
    source: ActorRef | None
    target: ActorRef | None
    date: ResolvedDate | None
    place: Place | None
    status: Status
    attributed_to: str | None
    evidence: TextSpan
    trigger: TextSpan
    confidence: float
    extractor: str
    imported: bool = False
    extra: tuple[tuple[str, Any], ...] = field(default_factory=tuple)
    # What the corpus adds: the event's cluster, and its article's metadata.
    cluster_id: str | None = None
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None

    def __repr__(self) -> str:
        """A one-line summary for notebooks and logs: type, sides, date, status, sentence."""
        kind = self.type + (f"/{self.mode}" if self.mode else "")
        sides = " -> ".join(_side(ref) for ref in (self.source, self.target))
        when = self.date.to_record() if self.date else "undated"
        if isinstance(when, dict):
            when = f"{when['start']}..{when['end']}"
        sentence = self.evidence.text if len(self.evidence.text) <= 80 else \
            self.evidence.text[:77] + "..."
        return f"<Event {kind} {sides} {when} {self.status}: {sentence!r}>"

    @property
    def origin(self) -> str:
        """Where the event comes from: 'extract', or the import ('gdelt2', 'icews', ...)."""
        return dict(self.extra).get("origin") or ("import" if self.imported else "extract")

    def with_article(self, article: Article) -> Event:
        """The event with its article's publication date, outlet, URL and title."""
        from dataclasses import replace

        return replace(self, published=article.published, outlet=article.outlet,
                       url=article.url, title=article.title)

    def to_dict(self) -> dict[str, Any]:
        """The one JSON shape of an event: extract, export, the report and the API all use it."""
        extra = dict(self.extra)
        return {
            "doc_id": self.doc_id,
            "event_id": self.event_id,
            "cluster_id": self.cluster_id,
            "article_id": self.article_id,
            "type": self.type,
            "mode": self.mode,
            "source": self.source.to_record() if self.source else None,
            "target": self.target.to_record() if self.target else None,
            "date": self.date.to_record() if self.date else None,
            "date_precision": self.date.precision if self.date else None,
            "location": self.place.to_record() if self.place else None,
            "status": self.status,
            "attributed_to": self.attributed_to,
            "evidence": {"text": self.evidence.text, "start": self.evidence.start,
                         "end": self.evidence.end},
            "trigger": self.trigger.text,
            "confidence": round(self.confidence, 3),
            "extractor": self.extractor,
            "imported": self.imported,
            "origin": self.origin,
            "outlet": self.outlet or extra.get("outlet"),
            "url": self.url or extra.get("url"),
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
        }

    def to_record(self) -> dict[str, Any]:
        """The same shape as :meth:`to_dict` (the older name, kept for callers)."""
        return self.to_dict()


def _side(ref: ActorRef | None) -> str:
    """An event side as its actor code, else its name."""
    if ref is None:
        return "?"
    return ref.actor or ref.name


def make_event_id(article_id: str, sentence_start: int, trigger_start: int, event_type: str,
                  source: str | None, target: str | None) -> str:
    """Deterministic id: the same article always yields the same event ids."""
    key = f"{article_id}|{sentence_start}|{trigger_start}|{event_type}|{source}|{target}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
