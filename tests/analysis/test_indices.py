"""Engagement, isolation, pivot and rival measures on hand-made events with hand-worked answers."""
from __future__ import annotations

from datetime import date

import pytest
from corpus_fixture import HANIYEH, ev

from dragoman.analysis import indices as ix
from dragoman.analysis.data import ActorSpec, resolve_actor

HAMAS = ActorSpec("Hamas", frozenset({"hamas"}), frozenset({"hamas"}))
D = date


def test_merged_reports_count_once_weighted_by_rank():
    # 3 reports, 2 meetings (one merged from two reports), counterpart ranks 5 and 4 -> 9
    rows = [ev("x1", "a1", "CONSULT", HANIYEH, ("Erdogan", "TUR", 5), D(2023, 10, 3), cluster="k"),
            ev("x2", "a2", "CONSULT", ("Erdogan", "TUR", 5), HANIYEH, D(2023, 10, 3), cluster="k"),
            ev("x3", "a1", "CONSULT", HANIYEH, ("Amir-Abdollahian", "IRN", 4), D(2023, 10, 9))]
    total = ix.total_engagement(ix.engagement_units(rows, HAMAS))
    assert (total.n_units, total.weighted, total.n_states) == (2, 9, 2)


def test_docstring_worked_example():
    rows = [ev("y1", "a1", "CONSULT", HANIYEH, ("FM", "IRN", 4), D(2023, 10, 3), cluster="c"),
            ev("y2", "a2", "CONSULT", HANIYEH, ("FM", "IRN", 4), D(2023, 10, 3), cluster="c"),
            ev("y3", "a1", "CONSULT", HANIYEH, ("Kamel", "EGY", 3), D(2023, 10, 20)),
            ev("y4", "a1", "CONSULT", HANIYEH, ("Russia", "RUS", None), D(2023, 10, 25)),
            ev("y5", "a1", "CONSULT", HANIYEH, ("Erdogan", "TUR", 5), D(2023, 10, 30),
               status="planned")]
    [october] = ix.engagement_by_period(ix.engagement_units(rows, HAMAS))
    assert (october.period, october.weighted, october.n_units, october.n_states) == (
        "2023-10", 8, 3, 3)
    assert (october.n_planned, october.planned_weighted) == (1, 5)


def test_negated_internal_and_hostile_events_never_count(events):
    units = ix.engagement_units(events, HAMAS)
    counterparts = {u.counterpart for u in units}
    assert "Hamas" not in counterparts  # e12, Hamas leaders meeting each other
    rows = [ev("n1", "a1", "CONSULT", HANIYEH, ("Sisi", "EGY", 5), D(2023, 10, 3),
               status="negated")]
    assert ix.total_engagement(ix.engagement_units(rows, HAMAS)).weighted == 0


def test_fixture_engagement_by_month(events):
    window = [e for e in events if e.start and e.start >= D(2023, 10, 7)]
    units = ix.engagement_units(window, HAMAS)
    months = {p.period: (p.n_units, p.weighted) for p in ix.engagement_by_period(units)}
    assert months == {"2023-10": (2, 6), "2023-11": (1, 3), "2023-12": (1, 1)}
    meetings = ix.meetings(units)
    assert len(meetings) == 3 and len(ix.high_level(meetings)) == 2
    assert sum(u.rank for u in meetings) == 9


def test_weekly_periods(events):
    units = ix.engagement_units(events, HAMAS)
    weeks = [p.period for p in ix.engagement_by_period(units, "week")]
    assert weeks[0] == "2023-W41"  # 15 Oct 2023 is a Sunday, the end of ISO week 41


def test_unit_takes_highest_rank_and_most_precise_date():
    rows = [ev("z1", "a1", "CONSULT", HANIYEH, ("Iran", "IRN", None), D(2023, 11, 20),
               D(2023, 11, 30), cluster="m"),
            ev("z2", "a2", "CONSULT", HANIYEH, ("FM", "IRN", 4), D(2023, 11, 24), cluster="m")]
    [unit] = ix.engagement_units(rows, HAMAS)
    assert (unit.rank, unit.start, unit.end, len(unit.events)) == (4, D(2023, 11, 24),
                                                                   D(2023, 11, 24), 2)


def test_isolation_counts_setbacks_and_negated(events):
    iso = ix.isolation(events, HAMAS)
    assert sorted(u.counterpart for u in iso.setbacks) == ["ISR", "USA"]
    assert sorted(str(u.counterpart) for u in iso.negated) == ["CHN", "Many countries"]
    assert [u.counterpart for u in iso.major] == ["USA"]  # the sanction of 1 Sep


def test_major_needs_three_condemning_states():
    rows = [ev(f"c{i}", "a1", "ACCUSE", (c, c, None), ("Hamas", "Hamas", None), D(2023, 10, 9))
            for i, c in enumerate(["FRA", "DEU"])]
    assert ix.isolation(rows, HAMAS).major == ()
    rows.append(ev("c3", "a1", "ACCUSE", ("UK", "GBR", None), ("Hamas", "Hamas", None),
                   D(2023, 10, 9)))
    assert len(ix.isolation(rows, HAMAS).major) == 3


def test_threats_are_listed_not_counted():
    rows = [ev("t1", "a1", "THREATEN", ("Israel", "ISR", 5), ("Hamas", "Hamas", None),
               D(2023, 10, 9))]
    iso = ix.isolation(rows, HAMAS)
    assert (len(iso.setbacks), len(iso.threats)) == (0, 1)


def test_pivot_worked_example():
    before = [ev(f"b{i}", "a1", "ACCUSE", ("France", "FRA", None), ("Hamas", "Hamas", None),
                 D(2023, 9, 10 + i)) for i in range(2)]
    after = [ev(f"f{i}", "a1", "ACCUSE", ("France", "FRA", None), ("Hamas", "Hamas", None),
                D(2023, 10, 8 + i)) for i in range(11)]
    units = ix.isolation(before + after, HAMAS).setbacks
    change = ix.pivot_change(units, D(2023, 10, 7), D(2023, 9, 1), D(2023, 11, 30))
    assert (change.before, change.before_days, change.after, change.after_days) == (2, 36, 11, 55)
    assert change.before_rate == pytest.approx(1.667, abs=1e-3)
    assert change.after_rate == pytest.approx(6.0)


def test_pivot_leaves_out_straddling_units(events):
    units = [u for u in ix.engagement_units(events, HAMAS) if u.status == "occurred"]
    change = ix.pivot_change(units, D(2023, 11, 1), D(2023, 10, 7), D(2023, 12, 31))
    assert (change.before, change.after, change.straddling) == (1, 2, 1)
    assert (change.before_days, change.after_days) == (25, 61)


def test_rival_meetings_one_got_and_the_other_did_not(events):
    pa = resolve_actor("Palestinian Authority")
    comparison = ix.rival_comparison(ix.engagement_units(events, HAMAS),
                                     ix.engagement_units(events, pa), HAMAS, pa)
    assert sorted(u.counterpart for u in comparison.only_a) == ["IRN", "RUS"]
    assert [u.counterpart for u in comparison.only_b] == ["JOR"]
    assert comparison.periods == ("2023-10", "2023-11", "2023-12")
    assert [p.weighted for p in comparison.b] == [5, 5, 0]


def test_meetings_between_the_rivals_are_left_out():
    rows = [ev("r1", "a1", "CONSULT", HANIYEH, ("Mahmoud Abbas", "PSE", 5), D(2023, 10, 9))]
    pa = resolve_actor("PA")
    comparison = ix.rival_comparison(ix.engagement_units(rows, HAMAS),
                                     ix.engagement_units(rows, pa), HAMAS, pa)
    assert comparison.only_a == () and comparison.only_b == ()


def test_a_planned_report_in_an_occurred_cluster_is_still_only_planned():
    # an old database clustered the plan with the visit: the plan must still not count as held
    rows = [ev("p1", "a1", "CONSULT", HANIYEH, ("Erdogan", "TUR", 5), D(2023, 10, 3), cluster="k"),
            ev("p2", "a2", "CONSULT", HANIYEH, ("Erdogan", "TUR", 5), D(2023, 10, 3), cluster="k",
               status="planned")]
    units = ix.engagement_units(rows, HAMAS)
    assert sorted((u.status, len(u.events)) for u in units) == [("occurred", 1), ("planned", 1)]
    total = ix.total_engagement(units)
    assert (total.n_units, total.weighted, total.n_planned, total.planned_weighted) == (1, 5, 1, 5)
