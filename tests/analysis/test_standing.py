"""The standing summary and its verdict text, generated from hand-checked numbers."""
from __future__ import annotations

from datetime import date

from corpus_fixture import HANIYEH, ev

from dragoman.analysis.data import Corpus, load_corpus
from dragoman.analysis.standing import compute_standing

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
    assert "has not suffered a major diplomatic setback': supported" in setback
    assert rival_line.startswith("Palestinian Authority since 2023-10-07: 2 meetings "
                                 "(2 high-level, weighted 10) with 2 counterpart states [E6]")
    assert "engagement index 10 vs 10: neither leads" in comparison
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


def test_a_clear_lead():
    rows = [ev("l1", "a1", "CONSULT", HANIYEH, ("Erdogan", "TUR", 5), date(2023, 10, 9)),
            ev("l2", "a1", "CONSULT", HANIYEH, ("Raisi", "IRN", 5), date(2023, 10, 9)),
            ev("l3", "a1", "CONSULT", ("Mahmoud Abbas", "PSE", 5), ("Envoy", "USA", 2),
               date(2023, 10, 9))]
    result = compute_standing(Corpus(tuple(rows), ()), "Hamas", vs="PA")
    assert any("engagement index 10 vs 2: Hamas leads Palestinian Authority" in line
               for line in result.verdict)


def test_unknown_actor_gives_zeros_not_errors(db_path):
    result = compute_standing(load_corpus(db_path), "Atlantis")
    assert result.verdict[0].startswith("Atlantis: 0 meetings")
    assert result.evidence == ()
