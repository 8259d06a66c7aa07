"""The ingest driver and CLI with the fake extractor: idempotency, skipping, failures, executors,
and a run killed with SIGKILL then started again."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from .fakes import FakeExtractor

from dragoman.cli import main
from dragoman.executors.dask import DaskExecutor
from dragoman.executors.local import LocalExecutor
from dragoman.ingest.driver import ingest
from dragoman.store.db import Store
from dragoman.store.queries import table_snapshot

HERE = Path(__file__).parent
TABLES = ("articles", "events", "event_actors", "clusters", "actors", "failures")
VOLATILE = ("run_id", "ingested_at", "failed_at")
PAIRS = [("Blinken", "Netanyahu"), ("Egypt", "Qatar"), ("Iran", "Israel"), ("Hamas", "Israel")]


def write_corpus(folder: Path, n: int = 40) -> Path:
    """n articles from rotating outlets; every 10th is bad (binary, or the engine raises)."""
    lines = []
    for i in range(n):
        src, tgt = PAIRS[i % len(PAIRS)]
        verb = "met" if i % 3 else "accused"
        day = f"2023-10-{10 + i % 3:02d}"
        text = f"{src} {verb} {tgt} on {day}. Report number {i}."
        if i % 10 == 7:
            text = "BOOM " + text
        lines.append(json.dumps({"text": text, "outlet": f"Outlet {i % 5}", "doc_id": f"d{i:03d}",
                                 "published": day}))
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n{broken line\n")
    return path


def snapshot(store: Store) -> dict[str, list]:
    return {t: table_snapshot(store.con, t, VOLATILE) for t in TABLES}


def test_ingest_writes_events_failures_and_clusters(tmp_path):
    source = write_corpus(tmp_path)
    seen: list[tuple[str, str]] = []
    with Store() as store:
        report = ingest(store, [source], extractor=FakeExtractor(), batch_size=8,
                        on_failure=lambda o, r: seen.append((o, r)))
        assert report.written.articles == 36 and report.written.failures == 5
        assert store.count("events") == 36 and report.clusters == store.count("clusters")
        assert not report.ok and len(report.failures) == len(seen) == 5
        assert any(o.endswith("corpus.jsonl:41") and r.startswith("read: not JSON") for o, r in seen)
        assert sum(1 for _, r in seen if "fake engine exploded" in r) == 4
        n_outlets = store.con.execute("SELECT max(n_outlets) FROM clusters").fetchone()[0]
        assert n_outlets > 1


def test_second_run_skips_stored_articles_and_changes_nothing(tmp_path):
    source = write_corpus(tmp_path)
    with Store() as store:
        ingest(store, [source], extractor=FakeExtractor())
        before = snapshot(store)
        again = ingest(store, [source], extractor=FakeExtractor())
        assert again.skipped == 36 and again.written.articles == 0
        assert snapshot(store) == before
        assert store.con.execute("SELECT count(*) FROM runs WHERE status = 'done'").fetchone()[0] == 2


def test_strict_stops_at_the_first_failure(tmp_path):
    source = write_corpus(tmp_path)
    with Store() as store:
        report = ingest(store, [source], extractor=FakeExtractor(), batch_size=4, strict=True)
        assert report.stopped and len(report.failures) == 1
        assert store.count("articles") < 36


@pytest.mark.parametrize("make_executor", [
    lambda: LocalExecutor(workers=2),
    lambda: DaskExecutor(workers=2, processes=False),
], ids=["local-processes", "dask"])
def test_executors_give_the_same_tables_as_inline(tmp_path, make_executor):
    source = write_corpus(tmp_path)
    with Store() as inline, Store() as pooled:
        ingest(inline, [source], extractor=FakeExtractor(), batch_size=5)
        ingest(pooled, [source], extractor=FakeExtractor(), batch_size=5, executor=make_executor())
        assert snapshot(pooled) == snapshot(inline)


def test_cli_ingest_prints_summary_and_exits_nonzero_on_failures(tmp_path, monkeypatch):
    import dragoman.pipeline

    # the CLI builds EventExtractor(extractor=...): hand it the fake stage instead of the model
    monkeypatch.setattr(dragoman.pipeline, "EventExtractor", lambda **_: FakeExtractor())
    source = write_corpus(tmp_path, n=12)
    db = tmp_path / "c.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(source), "--db", str(db), "--quiet"])
    assert result.exit_code == 1, result.output
    assert "articles  11" in result.stdout and "clusters" in result.stdout
    assert "top actors:" in result.stdout
    assert "failed: " in result.stderr and "fake engine exploded" in result.stderr
    summary = CliRunner().invoke(main, ["summary", "--db", str(db)])
    assert summary.exit_code == 0 and "articles  11" in summary.stdout
    clean = tmp_path / "clean.jsonl"
    clean.write_text(json.dumps({"text": "Egypt met Qatar on 2023-10-10."}) + "\n")
    ok = CliRunner().invoke(main, ["ingest", str(clean), "--db", str(db), "--quiet"])
    assert ok.exit_code == 0 and "articles  12" in ok.stdout


def test_killed_run_resumes_to_exactly_the_clean_run(tmp_path):
    source = write_corpus(tmp_path, n=60)
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    runner = [sys.executable, str(HERE / "run_fake_ingest.py")]
    env = dict(os.environ, DRAGOMAN_FAKE_DELAY="0.02")
    subprocess.run(runner + [str(clean_db), str(source)], check=True, env=env, capture_output=True)

    proc = subprocess.Popen(runner + [str(killed_db), str(source)], env=env, stdout=subprocess.PIPE,
                            text=True)
    stored = 0
    while stored < 20:  # kill it mid-run, after a few committed batches
        line = proc.stdout.readline()
        assert line, "the run ended before it could be killed"
        stored = int(line.split()[1]) if line.startswith("stored") else stored
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    with Store(killed_db) as store:
        partial = store.count("articles")
        assert 0 < partial < 54
    subprocess.run(runner + [str(killed_db), str(source)], check=True, env=env, capture_output=True)
    with Store(clean_db) as clean, Store(killed_db) as resumed:
        assert snapshot(resumed) == snapshot(clean)
        statuses = [r[0] for r in resumed.con.execute(
            "SELECT status FROM runs ORDER BY started_at").fetchall()]
        assert statuses == ["running", "done"]  # the killed run never finished


def test_ctrl_c_says_what_was_kept_and_a_rerun_resumes(tmp_path):
    source = write_corpus(tmp_path, n=200)  # long enough that a busy machine cannot finish it first
    clean_db, stopped_db = tmp_path / "clean.duckdb", tmp_path / "stopped.duckdb"
    runner = [sys.executable, str(HERE / "run_fake_cli.py"), "ingest", str(source), "--quiet",
              "--batch-size", "4", "--db"]
    env = dict(os.environ, DRAGOMAN_FAKE_DELAY="0.02")
    subprocess.run(runner + [str(clean_db)], env=env, capture_output=True)

    proc = subprocess.Popen(runner + [str(stopped_db)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    stored = 0
    while stored < 12:
        line = proc.stdout.readline()
        assert line, "the run ended before it could be interrupted"
        stored = int(line.split()[1]) if line.startswith("stored") else stored
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Interrupted. Kept from this run" in err and "Run the same command again to resume" in err
    assert "Traceback" not in err
    with Store(stopped_db) as store:
        assert 0 < store.count("articles") < 180
        assert store.con.execute("SELECT status FROM runs").fetchone()[0] == "interrupted"
    subprocess.run(runner + [str(stopped_db)], env=env, capture_output=True)
    with Store(clean_db) as clean, Store(stopped_db) as resumed:
        assert snapshot(resumed) == snapshot(clean)


def test_progress_knows_the_total_and_an_eta(tmp_path):
    source = write_corpus(tmp_path, n=20)
    seen = []
    with Store() as store:
        ingest(store, [source], extractor=FakeExtractor(), batch_size=5,
               on_progress=lambda p: seen.append((p.done, p.total, p.eta)))
    assert {total for _, total, _ in seen} == {21}  # 20 records and one broken line
    assert seen[-1][0] == 21 and seen[-1][2] == 0
    assert all(eta is not None and eta >= 0 for _, _, eta in seen)


def test_expected_total_counts_files_lines_and_feed_items_but_not_urls(tmp_path):
    from dragoman.ingest.sources import expected_total

    (tmp_path / "a.txt").write_text("Egypt met Qatar.")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{broken\n')
    (tmp_path / "c.rss").write_text('<rss version="2.0"><channel><title>T</title>'
                                    '<item><description>One.</description></item>'
                                    '<item><description>Two.</description></item></channel></rss>')
    assert expected_total([tmp_path], glob="*.txt,*.jsonl") == 4
    assert expected_total([tmp_path / "c.rss", tmp_path / "a.txt"]) == 3
    assert expected_total([tmp_path, "https://news.example/feed"]) is None


def test_batches_extracted_close_together_commit_together_and_whole(tmp_path):
    from dragoman.ingest.driver import _Writer
    from dragoman.ingest.sources import iter_articles
    from dragoman.store.db import result_tables
    from dragoman.types import Article

    source = write_corpus(tmp_path, n=12)
    stage = FakeExtractor()
    articles = [a for a in iter_articles([source]) if isinstance(a, Article) and "BOOM" not in a.text]
    batches = [result_tables(stage(articles[i:i + 2])) for i in range(0, 10, 2)]  # 5 batches of 2
    stored = []
    with Store(tmp_path / "w.duckdb") as store:
        run_id = store.start_run("test")
        writer = _Writer(store, run_id, lambda counts, tables: stored.append(counts.articles),
                         every=3600, max_rows=5)
        for tables in batches:
            writer.write(tables)
        assert stored == [] or stored == [6]  # three batches reach max_rows: one commit, in flight
        writer.close()
        assert stored == [6, 4]  # the rest on close: nothing extracted is lost
        assert store.count("articles") == 10
        assert {r[0] for r in store.con.execute("SELECT DISTINCT run_id FROM articles").fetchall()} == {run_id}
