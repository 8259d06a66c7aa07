"""The standing summary and its verdict text, generated from hand-checked numbers."""
from __future__ import annotations

from datetime import date

import pytest
from corpus_fixture import HANIYEH, ev

from dragoman.analysis.data import Corpus, load_corpus
from dragoman.analysis.standing import compute_standing, default_window
from dragoman.errors import ConfigError, UnknownActorError
from dragoman.kb.lookup import resolve_actor_query

SINCE = date(2023, 10, 7)


def test_fixture_verdict(db_path):
    result = compute_standing(load_corpus(db_path), "Hamas", since=SINCE,
                              vs="Palestinian Authority", per_article=True)
    first, setback, rival_line, comparison, ratio, caveat = result.verdict
    assert first == (
        "Hamas since 2023-10-07: 3 meetings (2 high-level, weighted 9) with 3 counterpart "
        "states [E1]; engagement index 10 from 4 cooperative events with 4 states and 0 "
        "organisations [E1, E2]; 1 planned, not counted [E3]; 1 setback by states and 0 by "
        "others recorded [E4]; 2 negated ('did not condemn') [E5].")
    assert setback.startswith("'Hamas has not suffered a major diplomatic setback': supported by "
                              "this record")
    assert setback.endswith("none is recorded in 11 reports).")  # e1-e7, e11-e14
    assert rival_line.startswith("Palestinian Authority since 2023-10-07: 2 meetings "
                                 "(2 high-level, weighted 10) with 2 counterpart states [E6]")
    # the PA has 2 reports (e8, e9): too few to say who leads
    assert ("engagement index 10 vs 10: not enough evidence to say who leads: Palestinian "
            "Authority has 2 reports in this window, fewer than the 10 a verdict needs.") in comparison
    assert "Hamas got 2 meetings Palestinian Authority did not" in comparison
    assert "Palestinian Authority got 1 that Hamas did not [E8]" in comparison
    assert ratio == ("Engagement index per article reporting the actor: Hamas 2.50 (10 over 4 "
                     "articles); Palestinian Authority 10.00 (10 over 1 article).")
    assert "4 articles about Hamas" in caveat


def test_evidence_groups_hold_the_sentences(db_path):
    result = compute_standing(load_corpus(db_path), "Hamas", since=SINCE, vs="PA")
    groups = {g.ref: g for g in result.evidence}
    assert groups["E1"].label == "Hamas: meetings"
    sentences = [row.evidence for unit in groups["E1"].units for row in unit.events]
    assert "Amir-Abdollahian received Haniyeh in Doha." in sentences
    assert groups["E5"].label == "Hamas: negated setbacks"
    assert all(g.units for g in result.evidence)  # empty groups are not cited


def test_major_setback_is_reported_without_window(db_path):
    result = compute_standing(load_corpus(db_path), "Hamas")
    assert any("not supported: 1 major setback" in line and "United States" in line
               for line in result.verdict)


def test_pivot_line(db_path):
    result = compute_standing(load_corpus(db_path), "Hamas", since=SINCE,
                              until=date(2023, 12, 31), pivot=date(2023, 11, 1))
    line = next(line for line in result.verdict if line.startswith("Around 2023-11-01"))
    assert "1.2 per 30 days before (1 in 25 days) and 1.0 after (2 in 61 days): about the same" \
        in line


LEAD_ROWS = [ev("l1", "a1", "CONSULT", HANIYEH, ("Erdogan", "TUR", 5), date(2023, 10, 9)),
             ev("l2", "a1", "CONSULT", HANIYEH, ("Raisi", "IRN", 5), date(2023, 10, 9)),
             ev("l3", "a1", "CONSULT", ("Mahmoud Abbas", "PSE", 5), ("Envoy", "USA", 2),
                date(2023, 10, 9))]


def test_a_clear_lead_when_the_minimum_is_met():
    result = compute_standing(Corpus(tuple(LEAD_ROWS), ()), "Hamas", vs="PA", min_reports=1)
    assert any("engagement index 10 vs 2: Hamas leads Palestinian Authority" in line
               for line in result.verdict)


def test_too_few_reports_is_not_enough_evidence_for_a_lead_or_a_claim():
    # Hamas 2 reports, the PA 1: neither reaches the default minimum of 10
    result = compute_standing(Corpus(tuple(LEAD_ROWS), ()), "Hamas", vs="PA")
    claim = result.verdict[1]
    assert claim.startswith("'Hamas has not suffered a major diplomatic setback': not enough "
                            "evidence: Hamas has 2 reports in this window, fewer than the 10")
    assert "supported" not in claim
    assert any("not enough evidence to say who leads: Hamas has 2 reports in this window, fewer "
               "than the 10 a verdict needs; Palestinian Authority has 1 report" in line
               for line in result.verdict)


def test_a_major_setback_refutes_the_claim_however_few_the_reports():
    rows = [ev("s1", "a1", "SANCTION", ("United States", "USA", None), ("Hamas", "Hamas", None),
               date(2023, 10, 9))]
    result = compute_standing(Corpus(tuple(rows), ()), "Hamas")
    assert "not supported: 1 major setback" in result.verdict[1]
    assert "by United States [E1]" in result.verdict[1]


@pytest.mark.parametrize("typed", ["Hamaas", "hamass"])
def test_a_misspelt_actor_is_refused_with_a_suggestion(db_path, typed):
    with pytest.raises(UnknownActorError, match=rf"no actor '{typed}'; did you mean Hamas\?"):
        compute_standing(load_corpus(db_path), typed)


def test_an_unknown_rival_is_refused_too(db_path):
    with pytest.raises(UnknownActorError, match="no actor 'Atlantis'"):
        compute_standing(load_corpus(db_path), "Hamas", vs="Atlantis")


def test_a_reversed_window_is_refused(db_path):
    with pytest.raises(ConfigError, match="reversed: since 2023-12-01 is after until 2023-10-01"):
        compute_standing(load_corpus(db_path), "Hamas", since=date(2023, 12, 1),
                         until=date(2023, 10, 1))


def test_a_window_without_events_is_refused(db_path):
    # the fixture's events run from 2023-09-01 (e10) to 2023-12-20 (e5, e12 and the undated ones)
    with pytest.raises(ConfigError, match="no events in the database between 2030-01-01 and "
                                          "open; it holds events from 2023-09-01 to 2023-12-20"):
        compute_standing(load_corpus(db_path), "Hamas", since=date(2030, 1, 1))


def test_a_pivot_outside_the_window_is_refused(db_path):
    with pytest.raises(ConfigError, match="pivot 2024-05-01 lies outside the window"):
        compute_standing(load_corpus(db_path), "Hamas", since=SINCE, until=date(2023, 12, 31),
                         pivot=date(2024, 5, 1))



def _background_and_burst() -> list:
    """One 1994 treaty, then 10 Hamas meetings from 2 Oct to 29 Nov 2023, one every 6.4 days."""
    old = ev("t0", "a1", "AGREE", ("Hamas", "Hamas", None), ("Jordan", "JOR", None),
             date(1994, 10, 26), evidence="Hamas signed something in 1994.")
    days = [date(2023, 10, 2), date(2023, 10, 9), date(2023, 10, 15), date(2023, 10, 20),
            date(2023, 10, 27), date(2023, 11, 2), date(2023, 11, 9), date(2023, 11, 15),
            date(2023, 11, 22), date(2023, 11, 29)]
    burst = [ev(f"t{i}", "a1", "CONSULT", HANIYEH, ("Fidan", "TUR", 4), day)
             for i, day in enumerate(days, 1)]
    return [old, *burst]


def test_default_window_is_the_densest_recent_stretch_not_the_oldest_event():
    rows = _background_and_burst()
    result = compute_standing(Corpus(tuple(rows), ()), "Hamas")
    # 1994 -> 2023 is a gap of far more than 60 days: two stretches, of 1 and 10 reports
    assert (result.since, result.until) == (date(2023, 10, 2), date(2023, 11, 29))
    assert result.window.default
    assert [p.period for p in result.actor.timeline] == ["2023-10", "2023-11"]
    assert result.actor.n_reports == 10
    assert "supported by this record" in result.verdict[1]


def test_default_window_prefers_the_latest_stretch_with_enough_reports():
    rows = _background_and_burst()
    late = [ev(f"u{i}", "a1", "CONSULT", HANIYEH, ("Fidan", "TUR", 4), date(2024, 6, i))
            for i in range(1, 4)]  # 3 reports in June 2024: recent, but fewer than 10
    hamas = resolve_actor_query(_kb(), "Hamas")
    assert default_window(rows + late, hamas) == (date(2023, 10, 2), date(2023, 11, 29))
    # with a minimum of 3 the June stretch is recent and full enough
    assert default_window(rows + late, hamas, min_reports=3) == (date(2024, 6, 1),
                                                                  date(2024, 6, 3))
    # with no stretch full enough, the one with most reports wins
    assert default_window(late + rows[:1], hamas) == (date(2024, 6, 1), date(2024, 6, 3))


def _kb():
    from dragoman.kb import load_kb

    return load_kb()
