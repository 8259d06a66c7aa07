"""Engagement, isolation and rival standing: pure functions over lists of event rows.

Units. Reports of one real-world event are merged into one *unit*: rows sharing a ``cluster_id``
(a row without one is its own unit), the same counterpart and the same status. A planned,
hypothetical or negated report never joins an occurred one (the clustering keeps them apart too),
so a planned meeting is never counted as held. A unit's counterpart rank is the highest rank any
report gives the counterpart on that date, and 1 when no report knows it. Events whose two sides
are both the actor (a Hamas meeting of Hamas leaders) are internal and never count.

Ranks (docs/kb-format.md): 5 head of state/government or organisation leader, 4 foreign or defence
minister, 3 intelligence or military chief or deputy leader, 2 deputy minister, envoy or other
minister, 1 anyone else or unknown.

Engagement of actor A in period p::

    E(A, p) = sum over occurred units u of A in p with type(u) in {CONSULT, AGREE, SUPPORT,
              COOPERATE, AID} of rank(counterpart(u))

reported with n(A, p), the number of those units, and the numbers of distinct counterpart states
(ISO3 codes) and organisations. Planned units are summed the same way but shown apart; negated
units never count. Worked example: Hamas meets Iran's foreign minister (rank 4) on 3 Oct, reported
twice and merged into one cluster; meets Egypt's intelligence chief (rank 3) on 20 Oct; talks to
Russia (no rank known: 1) on 25 Oct; and a meeting with Turkey's president (rank 5) is planned.
Then E(Hamas, 2023-10) = 4 + 3 + 1 = 8 from n = 3 units and 3 counterpart states; planned: 1 unit,
weight 5.

Setbacks of A: occurred units of type ACCUSE, REJECT or SANCTION with A on the target side and a
state, an organisation or an unnamed source on the other (condemnations, rejections, expulsions,
suspensions, cut ties, designations). THREATEN units are listed, not counted. Negated setbacks
("China does not condemn Hamas") are counted apart, because an absent condemnation is a finding.
A *major* setback is an occurred SANCTION by a state or organisation, or condemnations (ACCUSE) by
at least MAJOR_CONDEMNATIONS distinct states.

Pivot change: for a pivot day d inside the window [s, t], before = [s, d-1] and after = [d, t];
a unit counts on the side that holds its whole date range (units straddling d are left out), and
rate = 30 * count / days. Worked example: s = 2023-09-01, d = 2023-10-07, t = 2023-11-30; 2
setbacks before (36 days) and 11 after (55 days): rates 1.67 and 6.00 per 30 days.

Rival comparison of A and B: E(A, p) and E(B, p) side by side per period, and the occurred CONSULT
units (meetings) of A whose (counterpart, period) B has no meeting for, and the other way round.
Meetings between A and B are left out of those lists. Worked example: in 2023-10 Hamas meets IRN
and EGY and the PA meets EGY and JOR: Hamas alone got IRN, the PA alone got JOR.

Per article: E(A, p) / N(A, p) where N(A, p) is the number of distinct articles reporting an event
of A dated in p (see timeline.per_article). Worked example: the 8 above over 4 articles = 2.0.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .data import ActorSpec, EventRow, is_state, side_key
from .timeline import Period, days_between, period_of, periods_between, rate_per_30_days

ENGAGEMENT_TYPES: tuple[str, ...] = ("CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID")
SETBACK_TYPES: tuple[str, ...] = ("ACCUSE", "REJECT", "SANCTION")
SHOWN_HOSTILE_TYPES: tuple[str, ...] = ("THREATEN",)
MEETING_TYPE = "CONSULT"
HIGH_LEVEL_RANK = 3  # intelligence/military chief, deputy leader, or above
MAJOR_CONDEMNATIONS = 3
STATUS_ORDER: tuple[str, ...] = ("occurred", "planned", "hypothetical", "negated")


@dataclass(frozen=True, slots=True)
class Unit:
    """One real-world event of an actor with one counterpart, merged from its reports."""

    key: str
    type: str
    status: str
    start: date | None
    end: date | None
    counterpart: str | None  # actor code, else name; None when no report names it
    counterpart_name: str | None
    kind: str  # state | organisation | unknown
    rank: int
    actor_is_source: bool
    place: str | None
    place_country: str | None
    events: tuple[EventRow, ...]
    counterpart_code: str | None = None  # the counterpart's actor code, when resolved

    def period(self, period: Period = "month") -> str | None:
        """The period of the unit's first possible day."""
        return period_of(self.start, period) if self.start else None


@dataclass(frozen=True, slots=True)
class PeriodEngagement:
    """Engagement of one actor in one period."""

    period: str
    n_units: int
    weighted: int
    n_states: int
    n_organisations: int
    n_planned: int
    planned_weighted: int


@dataclass(frozen=True, slots=True)
class PivotChange:
    """Counts and rates per 30 days before and after a pivot day."""

    pivot: date
    before_days: int
    after_days: int
    before: int
    after: int
    straddling: int

    @property
    def before_rate(self) -> float:
        """Units per 30 days before the pivot."""
        return rate_per_30_days(self.before, self.before_days)

    @property
    def after_rate(self) -> float:
        """Units per 30 days from the pivot on."""
        return rate_per_30_days(self.after, self.after_days)


@dataclass(frozen=True, slots=True)
class Isolation:
    """Hostile diplomatic actions aimed at an actor."""

    setbacks: tuple[Unit, ...]
    negated: tuple[Unit, ...]
    threats: tuple[Unit, ...]

    @property
    def by_states(self) -> tuple[Unit, ...]:
        """Setbacks whose source is a state."""
        return tuple(u for u in self.setbacks if u.kind == "state")

    @property
    def major(self) -> tuple[Unit, ...]:
        """The setbacks that make a major one (see the module docstring)."""
        sanctions = tuple(u for u in self.setbacks if u.type == "SANCTION" and u.counterpart)
        condemners = {u.counterpart for u in self.by_states if u.type == "ACCUSE"}
        if len(condemners) >= MAJOR_CONDEMNATIONS:
            return sanctions + tuple(u for u in self.by_states if u.type == "ACCUSE")
        return sanctions


@dataclass(frozen=True, slots=True)
class RivalComparison:
    """Two actors' engagement per period, and the meetings one got and the other did not."""

    periods: tuple[str, ...]
    a: tuple[PeriodEngagement, ...]
    b: tuple[PeriodEngagement, ...]
    only_a: tuple[Unit, ...]
    only_b: tuple[Unit, ...]


def actor_units(events: Iterable[EventRow], actor: ActorSpec, types: Sequence[str],
                target_only: bool = False) -> list[Unit]:
    """Merge the actor's events of the given types into units, ordered by date."""
    groups: dict[tuple[str, str | None, str], list[tuple[EventRow, bool]]] = defaultdict(list)
    for row in events:
        if row.type not in types:
            continue
        as_source = actor.matches(row.source_actor, row.source_name)
        as_target = actor.matches(row.target_actor, row.target_name)
        if as_source == as_target or (target_only and not as_target):
            continue  # internal, unrelated, or aimed the wrong way
        other = _other_side(row, as_source)
        groups[(row.cluster_id or row.event_id, other[0], row.status)].append((row, as_source))
    units = [_merge(key, members) for (key, _, _), members in groups.items()]
    return sorted(units, key=lambda u: (u.start or date.min, u.key))


def _other_side(row: EventRow, actor_is_source: bool) -> tuple[str | None, str | None, int | None]:
    """(key, name, rank) of the counterpart side of a row."""
    if actor_is_source:
        return side_key(row.target_actor, row.target_name), row.target_name, row.target_rank
    return side_key(row.source_actor, row.source_name), row.source_name, row.source_rank


def _merge(key: str, members: list[tuple[EventRow, bool]]) -> Unit:
    """One unit from the reports of one event with one counterpart."""
    rows = tuple(row for row, _ in members)
    first, as_source = members[0]
    counterpart, name, _ = _other_side(first, as_source)
    ranks = [_other_side(row, src)[2] for row, src in members]
    code = first.target_actor if as_source else first.source_actor
    status = min((row.status for row in rows), key=_status_rank)
    # the most precise report dates the unit: a day beats "late November"
    dated = sorted(rows, key=lambda r: ((r.end - r.start).days if r.start and r.end else 10**6,
                                        r.start or date.max))
    placed = next((row for row in rows if row.place_name), first)
    return Unit(key, first.type, status, dated[0].start, dated[0].end, counterpart, name,
                "state" if is_state(code) else ("organisation" if counterpart else "unknown"),
                max([r for r in ranks if r] or [1]), as_source, placed.place_name,
                placed.place_country, rows, code)


def _status_rank(status: str) -> int:
    """Position of a status in STATUS_ORDER (unknown statuses rank last)."""
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def engagement_units(events: Iterable[EventRow], actor: ActorSpec) -> list[Unit]:
    """The actor's cooperative diplomatic units, every status."""
    return actor_units(events, actor, ENGAGEMENT_TYPES)


def engagement_by_period(units: Iterable[Unit], period: Period = "month",
                         keys: Sequence[str] = ()) -> list[PeriodEngagement]:
    """E(A, p) for each period, zero-filled over ``keys`` when given."""
    by_key: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        if unit.start is not None:
            by_key[period_of(unit.start, period)].append(unit)
    return [_period_engagement(key, by_key.get(key, [])) for key in (keys or sorted(by_key))]


def _period_engagement(key: str, units: list[Unit]) -> PeriodEngagement:
    """Sum one period's units."""
    done = [u for u in units if u.status == "occurred"]
    planned = [u for u in units if u.status == "planned"]
    states = {u.counterpart for u in done if u.kind == "state"}
    orgs = {u.counterpart for u in done if u.kind == "organisation"}
    return PeriodEngagement(key, len(done), sum(u.rank for u in done), len(states), len(orgs),
                            len(planned), sum(u.rank for u in planned))


def total_engagement(units: Iterable[Unit]) -> PeriodEngagement:
    """E(A) over the whole window, as one pseudo-period 'all'."""
    return _period_engagement("all", list(units))


def meetings(units: Iterable[Unit], status: str = "occurred") -> list[Unit]:
    """The CONSULT units with the given status."""
    return [u for u in units if u.type == MEETING_TYPE and u.status == status]


def high_level(units: Iterable[Unit]) -> list[Unit]:
    """Units whose counterpart rank is at least HIGH_LEVEL_RANK."""
    return [u for u in units if u.rank >= HIGH_LEVEL_RANK]


def isolation(events: Iterable[EventRow], actor: ActorSpec) -> Isolation:
    """Setbacks, negated setbacks and threats aimed at the actor."""
    units = actor_units(events, actor, SETBACK_TYPES + SHOWN_HOSTILE_TYPES, target_only=True)
    setbacks = tuple(u for u in units if u.type in SETBACK_TYPES and u.status == "occurred")
    negated = tuple(u for u in units if u.type in SETBACK_TYPES and u.status == "negated")
    threats = tuple(u for u in units if u.type in SHOWN_HOSTILE_TYPES and u.status == "occurred")
    return Isolation(setbacks, negated, threats)


def pivot_change(units: Iterable[Unit], pivot: date, first: date, last: date) -> PivotChange:
    """Units before and after ``pivot`` inside [first, last], as counts and 30-day rates."""
    before = after = straddling = 0
    for unit in units:
        if unit.start is None or unit.end is None:
            continue
        if unit.end < pivot:
            before += 1
        elif unit.start >= pivot:
            after += 1
        else:
            straddling += 1
    return PivotChange(pivot, max((pivot - first).days, 0), days_between(pivot, last), before,
                       after, straddling)


def rival_comparison(units_a: Sequence[Unit], units_b: Sequence[Unit], a: ActorSpec,
                     b: ActorSpec, period: Period = "month") -> RivalComparison:
    """Compare two actors' engagement per period and list the meetings only one of them got."""
    dated = [u.start for u in [*units_a, *units_b] if u.start]
    keys = tuple(periods_between(min(dated), max(dated), period)) if dated else ()
    return RivalComparison(keys, tuple(engagement_by_period(units_a, period, keys)),
                           tuple(engagement_by_period(units_b, period, keys)),
                           _only(units_a, units_b, b, period), _only(units_b, units_a, a, period))


def _only(mine: Sequence[Unit], theirs: Sequence[Unit], rival: ActorSpec,
          period: Period) -> tuple[Unit, ...]:
    """My meetings whose (counterpart, period) the rival has no meeting for."""
    got = {(_fold(u.counterpart), u.period(period)) for u in meetings(theirs)}
    return tuple(u for u in meetings(mine)
                 if (_fold(u.counterpart), u.period(period)) not in got
                 and not rival.matches(u.counterpart, u.counterpart_name))


def _fold(code: str | None) -> str | None:
    """Case-folded counterpart key."""
    return code.casefold() if code else None
