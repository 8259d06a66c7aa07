"""Loading from DuckDB read-only, windows, and actor matching."""
from __future__ import annotations

from datetime import date

import duckdb
import pytest

from dragoman.analysis.data import (ActorSpec, in_window, involving, load_corpus, resolve_actor,
                                    select_events)
from dragoman.errors import StoreError


def test_load_corpus_reads_events_with_outlet_and_date(db_path):
    corpus = load_corpus(db_path)
    assert len(corpus.events) == 14 and len(corpus.articles) == 4
    e1 = next(e for e in corpus.events if e.event_id == "e1")
    assert (e1.outlet, e1.published, e1.target_rank) == ("Outlet A", date(2023, 10, 16), 4)


def test_load_corpus_leaves_the_file_unchanged(db_path):
    before = db_path.read_bytes()
    load_corpus(db_path)
    assert db_path.read_bytes() == before


def test_load_corpus_accepts_an_open_connection(db_path):
    con = duckdb.connect(str(db_path), read_only=True)
    assert len(load_corpus(con).events) == 14
    con.close()


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        load_corpus(tmp_path / "absent.duckdb")


def test_undated_events_take_the_publication_date(events):
    e6 = next(e for e in events if e.event_id == "e6")
    assert (e6.start, e6.date_method) == (date(2023, 12, 20), "published")


def test_window_keeps_only_ranges_wholly_inside(events):
    e4 = next(e for e in events if e.event_id == "e4")  # 20 Oct - 5 Nov
    assert in_window(e4, date(2023, 10, 7), None)
    assert not in_window(e4, date(2023, 10, 25), None)
    assert not in_window(e4, None, date(2023, 11, 1))
    kept = {e.event_id for e in select_events(events, since=date(2023, 10, 7))}
    assert "e10" not in kept and "e13" in kept


def test_pa_and_pse_are_one_actor(events):
    for typed in ("Palestinian Authority", "PA", "pa", "PSE"):
        spec = resolve_actor(typed)
        assert spec.label == "Palestinian Authority"
        assert {e.event_id for e in involving(events, spec)} == {"e8", "e9"}


def test_codes_and_names_match_case_insensitively():
    spec = ActorSpec("Hamas", frozenset({"hamas"}), frozenset({"hamas"}))
    assert spec.matches("HAMAS", None) and spec.matches(None, "Hamas")
    assert not spec.matches("IRN", "Iran")


def test_country_names_resolve_to_iso3_codes():
    spec = resolve_actor("Iran")
    assert spec.matches("IRN", "Hossein Amir-Abdollahian")
    assert resolve_actor("IRN").matches("IRN", None)


def test_database_actor_names_resolve(events):
    spec = resolve_actor("Islamic Resistance Movement", {"islamic resistance movement": "Hamas"})
    assert spec.matches("Hamas", None)
