"""Cross-report clustering: many reports of one real-world event become one cluster.

Ten outlets reporting one meeting are one event with ten sources. Two reports (event records, from
any article or sentence) fall into the same cluster when all of these hold:

1. **Same provenance family.** Extracted events cluster with extracted events; each import
   (``gdelt1``, ``gdelt2``, ``icews``) clusters only within itself, so analytics can combine or
   separate the families.
2. **Same PLOVER type.**
3. **Same actor pair.** Unordered for the symmetric types (CONSULT, COOPERATE, AGREE: "X met Y" is
   "Y met X"), ordered otherwise. Each side is matched on its key: the resolved actor code
   (ISO3 or organisation), else the knowledge-base id, else the case- and space-normalised name.
   A missing side only matches a missing side.
4. **Same status.** A planned, hypothetical or negated report never joins an occurred one: "X
   will visit Y" and "X visited Y" are kept apart, so a plan is never counted as a visit held.
5. **Compatible dates.** Day-precision reports join a cluster only while every day-precision date
   in it stays within ``tolerance_days`` (default 2) of the others, so a chain of daily meetings
   does not melt into one, and two meetings a month apart stay apart. A coarser date (week, month,
   range) joins a cluster whose dates overlap its range, but only when exactly one cluster
   qualifies. An undated report uses its article's publication window (``window_days`` before
   publication up to the day after) and likewise joins only when exactly one cluster qualifies;
   without a publication date it stays alone.
6. **Compatible places.** Unknown on either side, the same name, or the same country.

Reports are taken in a fixed order (day-precision first by date, then coarser dates from the
narrowest, then undated; ties by event id), and a day-precision report joins the compatible cluster
with the nearest date. The result depends only on the set of reports, and a cluster's id is the
hash of its founding report's event id, so re-clustering the same store gives the same ids.

Each cluster keeps every report (``events.cluster_id``) and counts ``n_reports`` and ``n_outlets``
(distinct outlets: the outlet name, else the URL's host, else the article itself).
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from ..ontology.plover import SYMMETRIC
from ..types import Article, Event

DAY = timedelta(days=1)


def actor_key(actor: str | None, kb_id: str | None, name: str | None) -> str | None:
    """The key one side of a report is matched on: actor code, else KB id, else normalised name."""
    if actor:
        return actor
    if kb_id:
        return f"kb:{kb_id}"
    if name and name.strip():
        return "name:" + " ".join(name.casefold().split())
    return None


def outlet_key(outlet: str | None, url: str | None, article_id: str) -> str:
    """What counts as one distinct outlet for corroboration."""
    if outlet and outlet.strip():
        return " ".join(outlet.casefold().split())
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return f"article:{article_id}"


@dataclass(frozen=True, slots=True)
class Report:
    """One event record as the clustering sees it."""

    event_id: str
    article_id: str
    type: str
    source: str | None
    target: str | None
    date_start: date | None = None
    date_end: date | None = None
    precision: str | None = None
    place: str | None = None
    place_country: str | None = None
    status: str = "occurred"
    mode: str | None = None
    outlet: str = ""
    published: date | None = None
    origin: str = "extract"
    source_actor: str | None = None
    target_actor: str | None = None

    def partition(self) -> tuple[Any, ...]:
        """Reports that can ever share a cluster share this key."""
        pair: tuple[str | None, ...] = (self.source, self.target)
        if self.type in SYMMETRIC:
            pair = tuple(sorted(pair, key=lambda k: (k is None, k or "")))
        return (self.origin, self.type, pair, self.status)


@dataclass
class Cluster:
    """A real-world event and every report of it."""

    founder: Report
    members: list[Report] = field(default_factory=list)
    day_span: tuple[date, date] | None = None
    span: tuple[date, date] | None = None
    window: tuple[date, date] | None = None  # publication windows of undated members
    place: Report | None = None

    @property
    def cluster_id(self) -> str:
        return hashlib.sha1(f"cluster|{self.founder.event_id}".encode()).hexdigest()[:16]

    @property
    def event_ids(self) -> list[str]:
        return [m.event_id for m in self.members]

    @property
    def n_outlets(self) -> int:
        return len({m.outlet for m in self.members})

    def add(self, report: Report, rng: tuple[date, date] | None) -> None:
        """Take a report in and widen the cluster's dates and place by it."""
        self.members.append(report)
        if report.precision == "day" and rng:
            self.day_span = _union(self.day_span, rng)
        if rng and report.date_start:
            self.span = _union(self.span, rng)
        elif rng:
            self.window = _union(self.window, rng)
        if self.place is None and (report.place or report.place_country):
            self.place = report

    def to_row(self) -> dict[str, Any]:
        """The ``clusters`` table row."""
        f = self.founder
        modes = Counter(m.mode for m in self.members if m.mode)
        return {"cluster_id": self.cluster_id, "type": f.type,
                "mode": modes.most_common(1)[0][0] if modes else None,
                "source_actor": f.source_actor, "target_actor": f.target_actor,
                "date_start": self.span[0] if self.span else None,
                "date_end": self.span[1] if self.span else None,
                "place_name": self.place.place if self.place else None,
                "status": f.status,
                "n_reports": len(self.members), "n_outlets": self.n_outlets,
                "first_event_id": f.event_id, "source_key": f.source, "target_key": f.target,
                "origin": f.origin}


def cluster_reports(reports: Iterable[Report], tolerance_days: int = 2,
                    window_days: int = 7) -> list[Cluster]:
    """Group reports into clusters by the rule in the module docstring."""
    partitions: dict[tuple[Any, ...], list[Report]] = {}
    for report in reports:
        partitions.setdefault(report.partition(), []).append(report)
    clusters: list[Cluster] = []
    for key in sorted(partitions, key=repr):
        clusters.extend(_cluster_partition(partitions[key], tolerance_days, window_days))
    return clusters


def _cluster_partition(reports: list[Report], tolerance: int, window: int) -> list[Cluster]:
    clusters: list[Cluster] = []
    for report in sorted(reports, key=_order):
        if report.source is None and report.target is None:
            clusters.append(_found(report))  # nothing to match on: never merge
            continue
        if report.date_start and report.precision == "day":
            target = _nearest_day_cluster(clusters, report, tolerance)
        else:
            target = _only_compatible(clusters, report, window)
        if target is None:
            clusters.append(_found(report, window))
        else:
            target.add(report, _report_range(report, window))
    return clusters


def _order(r: Report) -> tuple[Any, ...]:
    if r.date_start and r.precision == "day":
        return (0, r.date_start, 0, r.event_id)
    if r.date_start:
        return (1, ((r.date_end or r.date_start) - r.date_start).days, r.date_start, r.event_id)
    return (2, 0, r.published or date.max, r.event_id)


def _found(report: Report, window: int = 7) -> Cluster:
    cluster = Cluster(founder=report)
    cluster.add(report, _report_range(report, window))
    return cluster


def _report_range(r: Report, window: int) -> tuple[date, date] | None:
    """The report's date range, or its publication window when undated."""
    if r.date_start:
        return r.date_start, r.date_end or r.date_start
    if r.published:
        return r.published - timedelta(days=window), r.published + DAY
    return None


def _nearest_day_cluster(clusters: list[Cluster], r: Report, tolerance: int) -> Cluster | None:
    best: tuple[int, int] | None = None
    chosen = None
    for index, c in enumerate(clusters):
        if not _place_ok(c, r) or not _day_ok(c, r, tolerance):
            continue
        anchor = c.day_span or c.span
        distance = abs((r.date_start - anchor[0]).days) if anchor else tolerance + 1
        if best is None or (distance, index) < best:
            best, chosen = (distance, index), c
    return chosen


def _day_ok(c: Cluster, r: Report, tolerance: int) -> bool:
    d = r.date_start
    if c.day_span:
        lo, hi = min(c.day_span[0], d), max(c.day_span[1], d)
        return (hi - lo).days <= tolerance
    # a cluster founded by a coarse date takes a day inside its range
    return c.span is not None and c.span[0] <= d <= c.span[1]


def _only_compatible(clusters: list[Cluster], r: Report, window: int) -> Cluster | None:
    rng = _report_range(r, window)
    if rng is None:
        return None
    fits = [c for c in clusters if _place_ok(c, r) and _overlaps(c.day_span or c.span or c.window, rng)]
    return fits[0] if len(fits) == 1 else None


def _overlaps(span: tuple[date, date] | None, rng: tuple[date, date]) -> bool:
    return span is not None and span[0] <= rng[1] and rng[0] <= span[1]


def _place_ok(c: Cluster, r: Report) -> bool:
    p = c.place
    if p is None or not (r.place or r.place_country):
        return True
    if r.place and p.place and r.place.casefold() == p.place.casefold():
        return True
    if r.place_country and p.place_country:
        return r.place_country == p.place_country
    return False


def _union(a: tuple[date, date] | None, b: tuple[date, date]) -> tuple[date, date]:
    return b if a is None else (min(a[0], b[0]), max(a[1], b[1]))


def report_from_event(event: Event, article: Article | None = None) -> Report:
    """The clustering view of an Event (and the Article it came from, for outlet and date)."""
    extra = dict(event.extra)
    src, tgt = event.source, event.target
    origin = extra.get("origin") or ("import" if event.imported else "extract")
    outlet = article.outlet if article else extra.get("outlet")
    url = article.url if article else extra.get("url")
    return Report(
        event_id=event.event_id, article_id=event.article_id, type=event.type,
        source=actor_key(src.actor, src.kb_id, src.name) if src else None,
        target=actor_key(tgt.actor, tgt.kb_id, tgt.name) if tgt else None,
        date_start=event.date.start if event.date else None,
        date_end=event.date.end if event.date else None,
        precision=event.date.precision if event.date else None,
        place=event.place.name if event.place else None,
        place_country=event.place.country if event.place else None,
        status=event.status, mode=event.mode, outlet=outlet_key(outlet, url, event.article_id),
        published=article.published if article else None, origin=origin,
        source_actor=src.actor if src else None, target_actor=tgt.actor if tgt else None)


def cluster_events(events: Iterable[Event], articles: Mapping[str, Article] | None = None,
                   tolerance_days: int = 2) -> list[Cluster]:
    """Cluster Events in memory (articles by article_id supply outlet and publication date)."""
    articles = articles or {}
    reports = [report_from_event(e, articles.get(e.article_id)) for e in events]
    return cluster_reports(reports, tolerance_days=tolerance_days)
