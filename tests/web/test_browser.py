"""The dashboard in headless Chromium against the real server: every page renders the sample
corpus, filters change the table, the search suggests, compare gives the CLI's verdict, hostile
text stays text. Screenshots go to /tmp/web-shots for a person to look at."""
from __future__ import annotations

import csv
import re
from datetime import date
from urllib.parse import urlsplit

import httpx
import pytest

from dragoman.analysis.data import load_corpus
from dragoman.analysis.standing import compute_standing

from .conftest import HOSTILE_SCRIPT, shot

pytestmark = [pytest.mark.browser, pytest.mark.model]


def api(server: str, path: str, **params) -> dict:
    return httpx.get(f"{server}{path}", params=params, timeout=60).json()


def visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")


def drawn(page, chart_id: str) -> None:
    """Wait until static/app.js has drawn the chart, then check plotly made its SVG."""
    page.wait_for_selector(f"#{chart_id}[data-drawn='true']", timeout=30_000)
    assert page.locator(f"#{chart_id} svg.main-svg").count() > 0


def same_origin_only(page, server: str) -> list[str]:
    """Start recording requests that leave the server (the pages must work offline)."""
    foreign: list[str] = []
    origin = urlsplit(server).netloc
    page.on("request", lambda r: urlsplit(r.url).netloc not in (origin, "")
            and not r.url.startswith("data:") and foreign.append(r.url))
    return foreign


def clean(page) -> None:
    """No script of the data ran and no page error happened."""
    assert page.dialogs == [] and page.page_errors == []


def test_overview(page, server):
    foreign = same_origin_only(page, server)
    visit(page, server + "/")
    drawn(page, "chart-types")
    counts = page.locator("#counts").inner_text()
    assert "40\narticles" in counts
    assert "Hamas" in page.locator("#top-actors").inner_text()
    assert page.locator("#latest table.events tbody tr").count() == 10
    assert "0 inputs could not be ingested" in page.locator("#failures").inner_text()
    shot(page, "overview")
    assert foreign == []
    clean(page)


def rows_shown(page) -> int:
    return page.locator("table.events tbody tr").count()


def matches(page) -> int:
    return int(page.locator("#match-count strong").inner_text())


def test_events_filters_change_the_table(page, server):
    visit(page, server + "/events")
    everything = matches(page)
    assert rows_shown(page) == 50 and everything > 50
    page.select_option("select[name=type]", "CONSULT")
    page.fill("input[name=actor]", "Hamas")
    with page.expect_navigation():
        page.click("#filters button[type=submit]")
    assert "type=CONSULT" in page.url and "actor=Hamas" in page.url
    narrowed = matches(page)
    assert 0 < narrowed < everything and rows_shown(page) == narrowed
    types = page.locator("table.events tbody tr td:nth-child(2) a").all_inner_texts()
    assert set(types) == {"CONSULT"}
    shot(page, "events-filtered")
    page.select_option("select[name=status]", "planned")
    with page.expect_navigation():
        page.click("#filters button[type=submit]")
    assert matches(page) < narrowed
    assert set(page.locator("table.events .tag").all_inner_texts()) <= {"planned"}
    clean(page)


def test_events_pages_and_download(page, server):
    visit(page, server + "/events?page_size=25")
    first = page.locator("table.events tbody tr").first.inner_text()
    with page.expect_navigation():
        page.locator("a[rel=next]").first.click()
    assert "page=2" in page.url and page.locator("table.events tbody tr").first.inner_text() != first
    visit(page, server + "/events?type=SANCTION")
    with page.expect_download() as info:
        page.click("#match-count a:text('CSV')")
    with open(info.value.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == matches(page) and {r["type"] for r in rows} == {"SANCTION"}
    shot(page, "events")
    clean(page)


def test_actor_search_suggests_hamas_for_hamaas(page, server):
    visit(page, server + "/")
    page.locator("header input[name=name]").press_sequentially("Hamaas", delay=30)
    first = page.locator("#top-suggestions li a").first
    first.wait_for(timeout=15_000)
    assert first.get_attribute("data-label") == "Hamas"
    shot(page, "suggestions")
    with page.expect_navigation():
        first.click()
    assert urlsplit(page.url).path == "/actor" and "name=Hamas" in page.url
    assert page.locator("h1").inner_text() == "Hamas"
    clean(page)


def test_actor_page(page, server):
    foreign = same_origin_only(page, server)
    visit(page, server + "/actor?name=Hamas&since=2023-10-07")
    for chart in ("chart-engagement", "chart-counterparts", "chart-network", "chart-map"):
        drawn(page, chart)
    assert "meetings" in page.locator("#summary").inner_text()
    assert "IRN" in page.locator("#counterparts table").inner_text()
    assert "did not happen" in page.locator("#setbacks").inner_text() or \
        "Malaysia" in page.locator("#setbacks").inner_text()
    assert "Doha" in page.locator("#places table").inner_text()
    assert page.locator("#evidence table.evidence tbody tr").count() > 5
    shot(page, "actor")
    assert foreign == []
    clean(page)


@pytest.mark.parametrize("alias", ["PA", "PSE", "Palestinian Authority"])
def test_aliases_reach_one_actor_page(page, server, alias):
    page.goto(f"{server}/actor?name={alias}", wait_until="commit")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Palestinian Authority"
    assert re.search(r"name=Palestinian(\+|%20)Authority", page.url)


def test_unknown_actor_gets_did_you_mean(page, server):
    # issue 11: a name nobody knows is refused ("no actor"), not shown as an actor without events
    visit(page, server + "/actor?name=Hamaas")
    assert page.locator("#no-actor").inner_text() == "No actor 'Hamaas'; did you mean Hamas?"
    assert page.locator("#did-you-mean a").first.inner_text() == "Hamas"
    shot(page, "actor-unknown")
    with page.expect_navigation():
        page.locator("#did-you-mean a").first.click()
    assert page.locator("h1").inner_text() == "Hamas"
    visit(page, server + "/compare?a=Hamas&b=Palestinan+Authority")
    assert "did you mean Palestinian Authority?" in page.locator("#no-actor").inner_text()
    with page.expect_navigation():
        page.locator("#did-you-mean a").first.click()
    assert page.locator("h1").inner_text() == "Hamas vs Palestinian Authority"
    clean(page)


def test_compare_page_shows_the_cli_verdict(page, server, web_db):
    visit(page, server + "/compare")
    page.fill("input[name=a]", "Hamas")
    page.fill("input[name=b]", "PA")
    page.fill("input[name=since]", "2023-10-07")
    page.fill("input[name=pivot]", "2023-11-01")
    with page.expect_navigation():
        page.click("#compare-form button[type=submit]")
    drawn(page, "chart-engagement")
    drawn(page, "chart-meetings")
    shown = [" ".join(t.split()) for t in page.locator("#verdict ul.verdict li").all_inner_texts()]
    expected = compute_standing(load_corpus(web_db), "Hamas", date(2023, 10, 7), None,
                                date(2023, 11, 1), "PA").verdict
    assert shown == [" ".join(line.split()) for line in expected]
    assert any("has not suffered a major diplomatic setback" in line for line in shown)
    shot(page, "compare")
    with page.expect_navigation():
        page.locator("#verdict a", has_text="E1").first.click()
    refs = page.locator("#evidence table.evidence tbody td:first-child").all_inner_texts()
    assert refs and set(refs) == {"E1"}
    clean(page)


def test_event_page_highlights_the_evidence_and_lists_the_cluster(page, server):
    rows = api(server, "/api/v1/events", actor="Hamas", counterpart="Russia",
               type="CONSULT")["items"]
    details = [api(server, f"/api/v1/events/{r['event_id']}") for r in rows]
    best = max(details, key=lambda d: d["cluster"]["n_reports"])
    visit(page, f"{server}/events/{best['event']['event_id']}")
    assert page.locator("mark#evidence").inner_text() == best["event"]["evidence"]["text"]
    article = page.locator(".article").inner_text()
    assert len(article) > len(best["event"]["evidence"]["text"])
    outlets = page.locator("#cluster tbody tr td:first-child").all_inner_texts()
    assert len(outlets) == best["cluster"]["n_reports"] >= 3 and len(set(outlets)) >= 3
    shot(page, "event")
    clean(page)


def test_hostile_article_stays_text(page, server):
    hostile = api(server, "/api/v1/events", q="onerror")["items"][0]["event_id"]
    for path in ("/", "/events?q=alert", f"/events/{hostile}", "/actor?name=Qatar",
                 "/compare?a=Hamas&b=PA"):
        visit(page, server + path)
        page.wait_for_timeout(300)  # let any injected handler (there must be none) fire
        assert HOSTILE_SCRIPT in page.locator("main").inner_text(), path
        injected = "main img[src='x'], main [onerror], main [onload], main a[href^='javascript']"
        assert page.locator(injected).count() == 0, path
        clean(page)
    visit(page, f"{server}/events/{hostile}")
    shot(page, "event-hostile")
