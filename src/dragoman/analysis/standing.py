"""An actor's standing: the measures of indices.py put together, and a verdict read off them.

The verdict is generated from the numbers with the thresholds below, never free text. Every number
in it points to an evidence group (``[E1]``) listing the merged events behind it with their
sentences and sources.

Thresholds: a meeting is high-level when the counterpart's rank is at least 3; a claim of "no major
setback" is supported when no major setback (see indices) is recorded *and* the actor has at least
MIN_REPORTS (10) reports in the window, "not enough evidence" when it has fewer; engagement is "up"
or "down" after a pivot when the 30-day rate changes by at least CHANGE_SHARE (25%); one actor
"leads" another when its weighted engagement is at least LEAD_RATIO (1.5) times the other's and
both have at least MIN_REPORTS reports.

The window is chosen in :mod:`dragoman.analysis.window`: a reversed or empty one is refused, and
without ``since`` it is the actor's densest recent period.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..errors import ConfigError
from ..kb.lookup import ActorNames, ActorQuery, union
from . import indices as ix
from .data import ActorSpec, Corpus, EventRow, involving, resolve_actor, select_events
from .timeline import Period, articles_per_period, periods_between
from .window import GAP_DAYS, MIN_REPORTS, Window, choose_window, default_window, inside, window_day

__all__ = ["GAP_DAYS", "MIN_REPORTS", "ActorStanding", "EvidenceGroup", "Standing", "Window",
           "compute_standing", "default_window"]

CHANGE_SHARE = 0.25
LEAD_RATIO = 1.5


@dataclass(frozen=True, slots=True)
class EvidenceGroup:
    """The units behind one number of the verdict."""

    ref: str
    label: str
    units: tuple[ix.Unit, ...]


@dataclass(frozen=True, slots=True)
class ActorStanding:
    """The measures of one actor over the window."""

    actor: ActorSpec
    units: tuple[ix.Unit, ...]
    total: ix.PeriodEngagement
    timeline: tuple[ix.PeriodEngagement, ...]
    isolation: ix.Isolation
    articles: dict[str, int]  # articles reporting an event of the actor, per period
    n_articles: int  # distinct articles reporting an event of the actor in the window
    engagement_pivot: ix.PivotChange | None = None
    setback_pivot: ix.PivotChange | None = None
    n_reports: int = 0  # events (reports) with the actor on either side in the window
    min_reports: int = MIN_REPORTS  # reports a verdict needs

    @property
    def meetings(self) -> list[ix.Unit]:
        """Occurred meetings (CONSULT units)."""
        return ix.meetings(self.units)

    @property
    def enough_evidence(self) -> bool:
        """True when the actor has at least ``min_reports`` reports in the window."""
        return self.n_reports >= self.min_reports


@dataclass(frozen=True, slots=True)
class Standing:
    """Everything `dragoman standing` and the report show."""

    actor: ActorStanding
    rival: ActorStanding | None
    comparison: ix.RivalComparison | None
    since: date | None
    until: date | None
    pivot: date | None
    period: Period
    per_article: bool
    verdict: tuple[str, ...]
    evidence: tuple[EvidenceGroup, ...]
    window: Window = Window(None, None)
    names: ActorNames = field(default_factory=ActorNames)

    def counterpart(self, unit: ix.Unit) -> str:
        """A unit's counterpart by display name ("Iran (Hossein Amir-Abdollahian)")."""
        return counterpart_label(unit, self.names)


def counterpart_label(unit: ix.Unit, names: ActorNames) -> str:
    """The counterpart's display name, with the person who represented it when one is named."""
    if unit.counterpart_code is None:
        return unit.counterpart_name or unit.counterpart or "unnamed"
    label = names(unit.counterpart_code, unit.counterpart_code)
    person = unit.counterpart_name
    if person and person.casefold() not in (label.casefold(), unit.counterpart_code.casefold()):
        return f"{label} ({person})"
    return label


ActorArg = str | ActorQuery | Sequence[str]


def compute_standing(corpus: Corpus, actor: ActorArg, since: date | None = None,
                     until: date | None = None, pivot: date | None = None,
                     vs: ActorArg | None = None, period: Period = "month",
                     per_article: bool = False, kb: object = None,
                     min_reports: int = MIN_REPORTS) -> Standing:
    """Measure an actor (and optionally a rival) over a window and write the verdict."""
    from ..kb import load_kb
    from ..kb.lookup import actor_names

    kb = kb if kb is not None else load_kb()
    if since and until and since > until:
        raise ConfigError(f"the window is reversed: since {since} is after until {until}")
    spec = as_query(corpus, actor, kb)
    rival_spec = as_query(corpus, vs, kb) if vs else None
    window = choose_window(corpus.events, spec, since, until, min_reports)
    if pivot and not inside(pivot, window):
        raise ConfigError(f"the pivot {pivot} lies outside the window "
                          f"{window_day(window.since)} to {window_day(window.until)}")
    events = select_events(corpus.events, window.since, window.until)
    keys = _period_keys([e for s in (spec, rival_spec) if s for e in involving(events, s)],
                        window.since, window.until, period)
    mine = actor_standing(events, spec, keys, period, pivot, window.since, window.until,
                          min_reports)
    rival = (actor_standing(events, rival_spec, keys, period, pivot, window.since, window.until,
                            min_reports) if rival_spec else None)
    comparison = (ix.rival_comparison(mine.units, rival.units, spec, rival_spec, period)
                  if rival and rival_spec else None)
    names = actor_names(kb)
    groups = _evidence(mine, rival, comparison)
    lines = verdict(mine, rival, comparison, window.since, per_article,
                    {g.label: g.ref for g in groups}, window.until, names)
    return Standing(mine, rival, comparison, window.since, window.until, pivot, period,
                    per_article, tuple(lines), groups, window, names)


def as_query(corpus: Corpus, actor: ActorArg, kb: object) -> ActorQuery:
    """An ActorQuery from a query, a typed name, or several names (their union)."""
    if isinstance(actor, ActorQuery):
        return actor
    texts = [actor] if isinstance(actor, str) else list(actor)
    found = union(resolve_actor(t, corpus.actor_names, kb) for t in texts)
    if found is None:
        raise ConfigError("no actor given")
    return found


def _period_keys(events: Sequence[EventRow], since: date | None, until: date | None,
                 period: Period) -> list[str]:
    """Every period of the window (of the actors' own events where the window is open)."""
    days = [e.start for e in events if e.start] + [e.end for e in events if e.end]
    if not days and not (since and until):
        return []
    return periods_between(since or min(days), until or max(days), period)


def actor_standing(events, actor: ActorSpec, keys: list[str], period: Period,
                   pivot: date | None, since: date | None, until: date | None,
                   min_reports: int = MIN_REPORTS) -> ActorStanding:
    """All measures of one actor over already-windowed events."""
    units = tuple(ix.engagement_units(events, actor))
    iso = ix.isolation(events, actor)
    mine = list(involving(events, actor))
    articles = articles_per_period(((row.article_id, row.start) for row in mine), period)
    eng_pivot = set_pivot = None
    days = [d for row in mine for d in (row.start, row.end) if d]
    if pivot and (days or (since and until)):
        first, last = since or min(days), until or max(days)
        done = [u for u in units if u.status == "occurred"]
        eng_pivot = ix.pivot_change(done, pivot, first, last)
        set_pivot = ix.pivot_change(iso.setbacks, pivot, first, last)
    return ActorStanding(actor, units, ix.total_engagement(units),
                         tuple(ix.engagement_by_period(units, period, keys)), iso, articles,
                         len({row.article_id for row in mine}), eng_pivot, set_pivot,
                         len({row.event_id for row in mine}), min_reports)


def _evidence(mine: ActorStanding, rival: ActorStanding | None,
              comparison: ix.RivalComparison | None) -> tuple[EvidenceGroup, ...]:
    """Number the non-empty evidence groups E1, E2 ... in the order the verdict cites them."""
    named: list[tuple[str, list[ix.Unit] | tuple[ix.Unit, ...]]] = []
    for side in [mine] + ([rival] if rival else []):
        name = side.actor.label
        done = [u for u in side.units if u.status == "occurred"]
        named += [(f"{name}: meetings", side.meetings),
                  (f"{name}: other cooperative events", [u for u in done if u.type != "CONSULT"]),
                  (f"{name}: planned", [u for u in side.units if u.status == "planned"]),
                  (f"{name}: setbacks", side.isolation.setbacks),
                  (f"{name}: negated setbacks", side.isolation.negated),
                  (f"{name}: threats", side.isolation.threats)]
    if comparison and rival:
        named += [(f"meetings {mine.actor.label} got and {rival.actor.label} did not",
                   comparison.only_a),
                  (f"meetings {rival.actor.label} got and {mine.actor.label} did not",
                   comparison.only_b)]
    kept = [(label, tuple(units)) for label, units in named if units]
    return tuple(EvidenceGroup(f"E{i}", label, units) for i, (label, units) in enumerate(kept, 1))


def _cite(refs: dict[str, str], *labels: str) -> str:
    """' [E1, E2]' for the labels that have evidence, or '' when none has."""
    found = [refs[label] for label in labels if label in refs]
    return f" [{', '.join(found)}]" if found else ""


def _n(count: int, word: str, plural: str | None = None) -> str:
    """'1 meeting', '2 meetings'."""
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def window_words(since: date | None, until: date | None) -> str:
    """' since 2023-10-07', ' from 2023-10-07 to 2023-12-20', ' until ...' or ''."""
    if since and until:
        return f" from {since.isoformat()} to {until.isoformat()}"
    if since:
        return f" since {since.isoformat()}"
    return f" until {until.isoformat()}" if until else ""


def summary_line(side: ActorStanding, since: date | None, refs: dict[str, str],
                 until: date | None = None) -> str:
    """'Hamas since 2023-10-07: 3 meetings (2 high-level, weighted 9) with 3 states ...'."""
    name, total, met, iso = side.actor.label, side.total, side.meetings, side.isolation
    states = {u.counterpart for u in met if u.kind == "state"}
    window = window_words(since, until)
    others = len(iso.setbacks) - len(iso.by_states)
    return (f"{name}{window}: {_n(len(met), 'meeting')} ({len(ix.high_level(met))} high-level, "
            f"weighted {sum(u.rank for u in met)}) with {_n(len(states), 'counterpart state')}"
            f"{_cite(refs, f'{name}: meetings')}; engagement index {total.weighted} from "
            f"{_n(total.n_units, 'cooperative event')} with {_n(total.n_states, 'state')} and "
            f"{_n(total.n_organisations, 'organisation')}"
            f"{_cite(refs, f'{name}: meetings', f'{name}: other cooperative events')}; "
            f"{total.n_planned} planned, not counted{_cite(refs, f'{name}: planned')}; "
            f"{_n(len(iso.by_states), 'setback')} by states and {others} by others recorded"
            f"{_cite(refs, f'{name}: setbacks')}; {len(iso.negated)} negated ('did not condemn')"
            f"{_cite(refs, f'{name}: negated setbacks')}.")


def verdict(mine: ActorStanding, rival: ActorStanding | None,
            comparison: ix.RivalComparison | None, since: date | None, per_article: bool,
            refs: dict[str, str], until: date | None = None,
            names: ActorNames | None = None) -> list[str]:
    """The plain-language verdict, one sentence a line, each number cited."""
    names = names or ActorNames()
    lines = [summary_line(mine, since, refs, until)]
    lines.append(_setback_claim(mine, refs, names))
    if mine.engagement_pivot:
        lines.append(_pivot_claim(mine))
    if rival and comparison:
        lines += [summary_line(rival, since, refs, until),
                  _rival_claim(mine, rival, comparison, refs)]
    if per_article:
        lines.append(_per_article_line(mine, rival))
    lines.append(f"These are counts of events reported in {_n(mine.n_articles, 'article')} about "
                 f"{mine.actor.label} in this database, not of everything that happened.")
    return lines


def _too_few(side: ActorStanding) -> str:
    """'Hamas has 3 reports in this window, fewer than the 10 a verdict needs'."""
    return (f"{side.actor.label} has {_n(side.n_reports, 'report')} in this window, fewer than "
            f"the {side.min_reports} a verdict needs")


def _setback_claim(side: ActorStanding, refs: dict[str, str], names: ActorNames) -> str:
    """Is 'has not suffered a major setback' supported, refuted, or not decidable?"""
    major = side.isolation.major
    claim = f"'{side.actor.label} has not suffered a major diplomatic setback'"
    rule = (f"a sanction, expulsion or cut ties by a state or organisation, or condemnations by "
            f"{ix.MAJOR_CONDEMNATIONS} or more states")
    if not major and not side.enough_evidence:
        return (f"{claim}: not enough evidence: {_too_few(side)} (a major setback would be "
                f"{rule}; none is recorded).")
    if not major:
        return (f"{claim}: supported by this record (a major setback would be {rule}; none is "
                f"recorded in {_n(side.n_reports, 'report')}).")
    who = sorted({names(u.counterpart_code, u.counterpart_name or u.counterpart or "?")
                  for u in major})
    return (f"'{side.actor.label} has not suffered a major diplomatic setback': not supported: "
            f"{_n(len(major), 'major setback')} ({rule}) by {', '.join(who)}"
            f"{_cite(refs, f'{side.actor.label}: setbacks')}.")


def _trend(before: float, after: float) -> str:
    """'up', 'down' or 'about the same', with CHANGE_SHARE as the threshold."""
    if before == 0:
        return "up" if after > 0 else "about the same"
    change = (after - before) / before
    return "up" if change >= CHANGE_SHARE else ("down" if change <= -CHANGE_SHARE else
                                                "about the same")


def _pivot_claim(side: ActorStanding) -> str:
    """Engagement and setback rates before and after the pivot."""
    eng, bad = side.engagement_pivot, side.setback_pivot
    assert eng is not None and bad is not None
    return (f"Around {eng.pivot.isoformat()}: cooperative events {eng.before_rate:.1f} per 30 days "
            f"before ({eng.before} in {eng.before_days} days) and {eng.after_rate:.1f} after "
            f"({eng.after} in {eng.after_days} days): {_trend(eng.before_rate, eng.after_rate)}; "
            f"setbacks {bad.before_rate:.1f} before and {bad.after_rate:.1f} after: "
            f"{_trend(bad.before_rate, bad.after_rate)}.")


def _rival_claim(mine: ActorStanding, rival: ActorStanding, comparison: ix.RivalComparison,
                 refs: dict[str, str]) -> str:
    """Who leads on weighted engagement, and the meetings one got and the other did not."""
    a, b = mine.actor.label, rival.actor.label
    wa, wb = mine.total.weighted, rival.total.weighted
    thin = [side for side in (mine, rival) if not side.enough_evidence]
    if thin:
        lead = "not enough evidence to say who leads: " + "; ".join(_too_few(s) for s in thin)
    elif wa >= LEAD_RATIO * wb and wa > wb:
        lead = f"{a} leads {b}"
    elif wb >= LEAD_RATIO * wa and wb > wa:
        lead = f"{b} leads {a}"
    else:
        lead = f"neither leads (a lead needs {LEAD_RATIO}x the other's index)"
    return (f"{a} vs {b}: engagement index {wa} vs {wb}: {lead}. {a} got "
            f"{_n(len(comparison.only_a), 'meeting')} {b} did not (same counterpart and period)"
            f"{_cite(refs, f'meetings {a} got and {b} did not')}; {b} got "
            f"{len(comparison.only_b)} that {a} did not"
            f"{_cite(refs, f'meetings {b} got and {a} did not')}.")


def _per_article_line(mine: ActorStanding, rival: ActorStanding | None) -> str:
    """Engagement divided by the articles that report each actor."""
    parts = []
    for side in [mine] + ([rival] if rival else []):
        n = side.n_articles
        value = f"{side.total.weighted / n:.2f}" if n else "n/a"
        parts.append(f"{side.actor.label} {value} ({side.total.weighted} over "
                     f"{_n(n, 'article')})")
    return "Engagement index per article reporting the actor: " + "; ".join(parts) + "."
