"""The Store: migrations, idempotent batched writes, failures, reads, and the file lock."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner

from dragoman.cli import main
from dragoman.errors import StoreLockedError
from dragoman.pipeline import ArticleResult
from dragoman.store.db import Store, failure_key, lock_message
from dragoman.store.queries import EventFilter, select_events, summary, table_snapshot
from dragoman.store.schema import MIGRATIONS
from dragoman.types import Article

TABLES = ("articles", "events", "event_actors", "clusters", "actors", "failures")
VOLATILE = ("run_id", "ingested_at", "failed_at")


def snapshot(store: Store) -> dict[str, list]:
    return {t: table_snapshot(store.con, t, VOLATILE) for t in TABLES}


def test_migrations_apply_once_in_order(tmp_path):
    path = tmp_path / "m.duckdb"
    with Store(path) as store:
        assert store.schema_version() == max(v for v, _, _ in MIGRATIONS)
        rows = store.con.execute("SELECT version, name FROM schema_migrations ORDER BY 1").fetchall()
        assert [r[0] for r in rows] == sorted(v for v, _, _ in MIGRATIONS)
    with Store(path) as store:
        assert store.migrate() == []  # nothing left to apply


def test_write_results_counts_and_flattens(results):
    store = Store()
    counts = store.write_results(results, "r1")
    assert (counts.articles, counts.events, counts.failures) == (4, 5, 0)
    row = store.con.execute("SELECT source_actor, target_actor, source_role, date_start, place_name,"
                            " imported, origin FROM events WHERE doc_id = 'ap-1'").fetchone()
    assert row == ("USA", "ISR", "Secretary of State", date(2023, 10, 12), "Tel Aviv", False, "extract")
    sides = store.con.execute("SELECT side, actor FROM event_actors ORDER BY event_id, side").fetchall()
    assert len(sides) == 10 and {s for s, _ in sides} == {"source", "target"}
    assert store.count("actors") == 3


def test_writing_the_same_batch_again_changes_nothing(results):
    store = Store()
    store.write_results(results, "r1")
    store.recluster()
    before = snapshot(store)
    again = store.write_results(results, "r2")
    store.recluster()
    assert (again.articles, again.events, again.failures) == (0, 0, 0)
    assert snapshot(store) == before


def test_a_failed_batch_writes_nothing(results):
    store = Store()
    bad = results[:1] + [ArticleResult(Article("x", "text"), events=("not an event",))]  # type: ignore[arg-type]
    with pytest.raises(Exception):
        store.write_results(bad, "r1")
    assert store.count("articles") == 0 and store.count("events") == 0


def test_failures_are_recorded_once_per_input_and_reason():
    store = Store()
    failed = ArticleResult(Article("bad", "", origin="in/bad.txt"), stage="read",
                           error_type="BinaryInputError", message="in/bad.txt: binary file")
    store.write_results([failed], "r1")
    store.write_results([failed], "r2")
    rows = store.con.execute("SELECT failure_id, origin, doc_id, stage, error_type FROM failures").fetchall()
    assert rows == [(failure_key("in/bad.txt", "bad", "read", "BinaryInputError"), "in/bad.txt",
                     "bad", "read", "BinaryInputError")]
    assert store.count("articles") == 0


def test_known_articles_match_content_hash_or_url(results):
    store = Store()
    store.write_results(results[:1], "r1")
    same_text = Article("other-name", results[0].article.text)
    same_url = Article("edited", "An edited text.", url=results[0].article.url)
    new = Article("new", "Something else.")
    assert store.known_articles([same_text, same_url, new]) == {same_text.article_id,
                                                                 same_url.article_id}


def test_recluster_merges_reports_and_keeps_a_month_later_apart(results):
    store = Store()
    store.write_results(results, "r1")
    assert store.recluster() == 3
    rows = store.con.execute("SELECT type, n_reports, n_outlets, date_start FROM clusters "
                             "ORDER BY date_start, type").fetchall()
    assert rows == [("CONSULT", 3, 3, date(2023, 10, 12)), ("ACCUSE", 1, 1, date(2023, 10, 13)),
                    ("CONSULT", 1, 1, date(2023, 11, 12))]
    assert store.con.execute("SELECT count(*) FROM events WHERE cluster_id IS NULL").fetchone()[0] == 0


def test_runs_record_start_finish_and_counts(results):
    store = Store()
    run = store.start_run("ingest x")
    counts = store.write_results(results, run)
    store.finish_run(run, counts, skipped=2)
    row = store.con.execute("SELECT command, n_articles, n_events, n_skipped, status, "
                            "finished_at >= started_at FROM runs").fetchone()
    assert row == ("ingest x", 4, 5, 2, "done", True)


def test_filters_and_summary(results):
    store = Store()
    store.write_results(results, "r1")
    store.recluster()
    ids = lambda f: {r["doc_id"] for r in select_events(store.con, f)}  # noqa: E731
    assert ids(EventFilter(type="accuse")) == {"bbc-1"}
    assert ids(EventFilter(actor="irn")) == {"bbc-1"}
    assert ids(EventFilter(actor="Antony Blinken", since=date(2023, 11, 1))) == {"ap-2"}
    assert ids(EventFilter(until=date(2023, 10, 12))) == {"ap-1", "rt-1", "bbc-1"}
    assert ids(EventFilter(status="negated")) == set()
    s = summary(store.con)
    assert (s.articles, s.events, s.clusters, s.corroborated, s.failures) == (4, 5, 3, 1, 0)
    assert s.top_actors[0] == ("ISR", 5)
    assert s.top_clusters[0]["n_outlets"] == 3


def test_lock_message_names_the_holder_and_what_to_do():
    text = ('IO Error: Could not set lock on file "/x/db.duckdb": Conflicting lock is held in '
            '/usr/bin/python3 (PID 4242). See also https://duckdb.org/docs')
    message = lock_message("/x/db.duckdb", text)
    assert "process 4242" in message and "/x/db.duckdb" in message and "--db" in message


def test_second_process_gets_a_clear_lock_error(tmp_path):
    path = tmp_path / "locked.duckdb"
    Store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; "
                               f"c = duckdb.connect({str(path)!r}); print('ready', flush=True); "
                               "sys.stdin.read()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError) as info:
            Store(path)
        assert f"process {holder.pid}" in str(info.value) and str(path) in str(info.value)
        result = CliRunner().invoke(main, ["summary", "--db", str(path)])
        assert result.exit_code == 1
        assert "in use by process" in result.output and "Traceback" not in result.output
    finally:
        holder.communicate("", timeout=10)


def test_ctrl_c_during_a_query_is_a_keyboard_interrupt():
    import os
    import signal
    import threading

    from dragoman.store.db import keyboard_interrupts

    store = Store()
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt), keyboard_interrupts():
        store.con.execute("SELECT count(*) FROM range(100000000000) a").fetchall()
    timer.join()
    with pytest.raises(RuntimeError, match="other"), keyboard_interrupts():
        raise RuntimeError("some other failure")
