"""An actor's standing: the measures of indices.py put together, and a verdict read off them.

The verdict is generated from the numbers with the thresholds below, never free text. Every number
in it points to an evidence group (``[E1]``) listing the merged events behind it with their
sentences and sources.

Thresholds: a meeting is high-level when the counterpart's rank is at least 3; a claim of "no major
setback" is supported when no major setback (see indices) is recorded; engagement is "up" or "down"
after a pivot when the 30-day rate changes by at least CHANGE_SHARE (25%); one actor "leads" another
when its weighted engagement is at least LEAD_RATIO (1.5) times the other's.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import indices as ix
from .data import ActorSpec, Corpus, involving, resolve_actor, select_events
from .timeline import Period, articles_per_period, periods_between

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

    @property
    def meetings(self) -> list[ix.Unit]:
        """Occurred meetings (CONSULT units)."""
        return ix.meetings(self.units)


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


def compute_standing(corpus: Corpus, actor: str, since: date | None = None,
                     until: date | None = None, pivot: date | None = None,
                     vs: str | None = None, period: Period = "month",
                     per_article: bool = False) -> Standing:
    """Measure an actor (and optionally a rival) over [since, until] and write the verdict."""
    events = select_events(corpus.events, since, until)
    spec = resolve_actor(actor, corpus.actor_names)
    rival_spec = resolve_actor(vs, corpus.actor_names) if vs else None
    keys = _period_keys(events, since, until, period)
    mine = actor_standing(events, spec, keys, period, pivot, since, until)
    rival = (actor_standing(events, rival_spec, keys, period, pivot, since, until)
             if rival_spec else None)
    comparison = (ix.rival_comparison(mine.units, rival.units, spec, rival_spec, period)
                  if rival and rival_spec else None)
    groups = _evidence(mine, rival, comparison)
    lines = verdict(mine, rival, comparison, since, per_article, {g.label: g.ref for g in groups})
    return Standing(mine, rival, comparison, since, until, pivot, period, per_article,
                    tuple(lines), groups)


def _period_keys(events, since: date | None, until: date | None, period: Period) -> list[str]:
    """Every period of the window (of the data when the window is open)."""
    days = [e.start for e in events if e.start] + [e.end for e in events if e.end]
    if not days and not (since and until):
        return []
    return periods_between(since or min(days), until or max(days), period)


def actor_standing(events, actor: ActorSpec, keys: list[str], period: Period,
                   pivot: date | None, since: date | None, until: date | None) -> ActorStanding:
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
                         len({row.article_id for row in mine}), eng_pivot, set_pivot)


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


def summary_line(side: ActorStanding, since: date | None, refs: dict[str, str]) -> str:
    """'Hamas since 2023-10-07: 3 meetings (2 high-level, weighted 9) with 3 states ...'."""
    name, total, met, iso = side.actor.label, side.total, side.meetings, side.isolation
    states = {u.counterpart for u in met if u.kind == "state"}
    window = f" since {since.isoformat()}" if since else ""
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
            refs: dict[str, str]) -> list[str]:
    """The plain-language verdict, one sentence a line, each number cited."""
    lines = [summary_line(mine, since, refs)]
    lines.append(_setback_claim(mine, refs))
    if mine.engagement_pivot:
        lines.append(_pivot_claim(mine))
    if rival and comparison:
        lines += [summary_line(rival, since, refs), _rival_claim(mine, rival, comparison, refs)]
    if per_article:
        lines.append(_per_article_line(mine, rival))
    lines.append(f"These are counts of events reported in {_n(mine.n_articles, 'article')} about "
                 f"{mine.actor.label} in this database, not of everything that happened.")
    return lines


def _setback_claim(side: ActorStanding, refs: dict[str, str]) -> str:
    """Is 'has not suffered a major setback' supported?"""
    major = side.isolation.major
    rule = (f"a sanction, expulsion or cut ties by a state or organisation, or condemnations by "
            f"{ix.MAJOR_CONDEMNATIONS} or more states")
    if not major:
        return (f"'{side.actor.label} has not suffered a major diplomatic setback': supported by "
                f"this record (a major setback would be {rule}; none is recorded).")
    who = sorted({u.counterpart_name or u.counterpart or "?" for u in major})
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
    if wa >= LEAD_RATIO * wb and wa > wb:
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
