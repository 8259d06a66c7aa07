"""The HTML report's sections, self-containment and empty states."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from corpus_fixture import build_db, hand_events

from dragoman.analysis.data import Corpus, load_corpus
from dragoman.analysis.network import hosts, interactions
from dragoman.report.html import _map_figure, default_actor, render_report

SECTIONS = ("summary", "timeline", "rival", "setbacks", "network", "places", "evidence")


def _report(db_path, **options) -> str:
    return render_report(load_corpus(db_path), **options)


def test_every_section_is_present(db_path):
    html = _report(db_path, actor="Hamas", vs="PA", since=date(2023, 10, 7))
    for section in SECTIONS:
        assert f'<section id="{section}">' in html
    for chart in ("chart-timeline", "chart-rival", "chart-network", "chart-map"):
        assert f'id="{chart}"' in html


def test_the_report_needs_no_network(db_path):
    html = _report(db_path, actor="Hamas", vs="PA")
    assert "Plotly" in html and len(html) > 1_000_000  # plotly.js is inlined
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=\"https?:", html)


def test_the_map_is_a_plain_scatter(db_path):
    # scattergeo would fetch its base map (topojson) from a CDN, so the map must not use it
    places, _ = hosts(interactions(load_corpus(db_path).events))
    assert {trace.type for trace in _map_figure(places).data} == {"scatter"}


def test_verdict_links_to_evidence(db_path):
    html = _report(db_path, actor="Hamas", vs="PA", since=date(2023, 10, 7))
    assert '<a href="#E1">E1</a>' in html
    assert 'id="E1"' in html
    assert "Amir-Abdollahian received Haniyeh in Doha." in html
    assert "Outlet B, 2023-10-16, doc d2" in html


def test_evidence_text_is_escaped(tmp_path):
    row = replace(hand_events()[0], evidence="Haniyeh <script>alert(1)</script> met him.")
    db = build_db(tmp_path / "x.duckdb", [row])
    html = _report(db, actor="Hamas")
    assert "<script>alert(1)" not in html
    assert "Haniyeh &lt;script&gt;alert(1)&lt;/script&gt; met him." in html


def test_empty_states(db_path):
    html = _report(db_path, actor="Hamas", since=date(2023, 10, 7))
    assert "No rival was given" in html
    assert "No cooperative events" not in html
    empty = render_report(Corpus((), ()))
    assert "The database holds no events" in empty


def test_default_actor_is_the_busiest(db_path):
    assert default_actor(load_corpus(db_path), None, None) == "Hamas"


def test_the_default_window_keeps_an_old_background_event_off_the_chart():
    from corpus_fixture import HANIYEH, ev

    treaty = ev("t0", "a1", "AGREE", ("Hamas", "Hamas", None), ("Jordan", "JOR", None),
                date(1994, 10, 26))
    days = [date(2023, 10, d) for d in (2, 9, 15, 20, 27)] + \
        [date(2023, 11, d) for d in (2, 9, 15, 22, 29)]
    burst = [ev(f"t{i}", "a1", "CONSULT", HANIYEH, ("Fidan", "TUR", 4), day)
             for i, day in enumerate(days, 1)]
    html = render_report(Corpus(tuple([treaty, *burst]), ()), actor="Hamas")
    # the timeline's x axis holds the two months of the window, not 350 months from 1994
    figure = re.search(r'id="chart-timeline".*?"x":\[(.*?)\]', html, flags=re.S)
    assert figure and figure.group(1) == '"2023-10","2023-11"'
    assert "Window: 2023-10-02 to 2023-11-29: the default window" in html


def test_evidence_sentences_once_and_the_events_in_the_one_shape(db_path):
    import json

    from dragoman.analysis.data import load_corpus as load

    html = render_report(load(db_path), actor="Hamas", since=date(2023, 10, 7))
    data = re.search(r'<script type="application/json" id="evidence-events">(.*?)</script>',
                     html, flags=re.S)
    records = json.loads(data.group(1))
    assert records and list(records[0])[:5] == ["doc_id", "event_id", "cluster_id", "article_id",
                                                "type"]
    assert {r["event_id"] for r in records} >= {"e1", "e2", "e3"}


def test_a_sentence_reported_twice_is_one_evidence_row(tmp_path):
    from corpus_fixture import HANIYEH, ev

    same = "Haniyeh met Iran's foreign minister in Doha."
    rows = [ev(f"s{i}", article, "CONSULT", HANIYEH, ("Amir-Abdollahian", "IRN", 4),
               date(2023, 10, 15), cluster="k", evidence=same) for i, article in ((1, "a1"), (2, "a2"))]
    html = render_report(load_corpus(build_db(tmp_path / "dup.duckdb", rows)), actor="Hamas")
    assert html.count(f"<q>{same.replace(chr(39), '&#39;')}</q>") == 1
    assert "Outlet A, 2023-10-16, doc d1; Outlet B, 2023-10-16, doc d2" in html
