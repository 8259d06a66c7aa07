"""Ingest on a real 2-process Dask LocalCluster with the real model gives the stored tables of a
local run on the same input (marked ``model``: each worker loads the spaCy model once)."""
from __future__ import annotations

import json
import os
from importlib import resources

import pytest
from click.testing import CliRunner

from dragoman.cli import main
from dragoman.executors.dask import DaskExecutor, batch_failed, extract_tables
from dragoman.executors.local import LocalExecutor
from dragoman.ingest.driver import ingest
from dragoman.pipeline import EventExtractor
from dragoman.store.db import ARROW_SCHEMAS, Store
from dragoman.store.queries import table_snapshot
from dragoman.types import Article

distributed = pytest.importorskip("distributed")

TABLES = ("articles", "events", "event_actors", "clusters", "actors", "failures")
VOLATILE = ("run_id", "ingested_at", "failed_at")


def corpus(folder) -> str:
    """The shipped sample plus one unreadable line: 39 articles, one read failure."""
    sample = (resources.files("dragoman") / "samples" / "gaza-diplomacy-2023.jsonl").read_text(encoding="utf-8")
    path = folder / "sample.jsonl"
    path.write_text(sample.rstrip("\n") + "\n" + json.dumps({"text": "   "}) + "\n", encoding="utf-8")
    return str(path)


def snapshot(store: Store) -> dict[str, list]:
    return {t: table_snapshot(store.con, t, VOLATILE) for t in TABLES}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as running:
        yield running


@pytest.mark.model
def test_dask_cluster_stores_exactly_what_a_local_run_stores(tmp_path, cluster):
    source = corpus(tmp_path)
    with Store() as local, Store() as dask:
        ingest(local, [source], extractor=EventExtractor(), executor=LocalExecutor(1), batch_size=8)
        report = ingest(dask, [source], extractor=EventExtractor(), batch_size=8,
                        executor=DaskExecutor(address=cluster.scheduler_address))
        assert report.written.articles == 39 and len(report.failures) == 1
        assert dask.count("events") > 30
        assert snapshot(dask) == snapshot(local)
    with distributed.Client(cluster.scheduler_address) as client:
        pids = set(client.run(os.getpid).values())
    assert len(pids) == 2 and os.getpid() not in pids  # two worker processes did the work


@pytest.mark.model
def test_cli_joins_a_running_scheduler(tmp_path, cluster):
    source, db = corpus(tmp_path), tmp_path / "c.duckdb"
    result = CliRunner().invoke(main, ["ingest", source, "--db", str(db), "--quiet", "--executor",
                                       "dask", "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 1, result.output  # the blank line is a failure, the rest is stored
    assert "articles  39" in result.stdout and "failures  1" in result.stdout


def test_scheduler_needs_the_dask_executor(tmp_path):
    result = CliRunner().invoke(main, ["ingest", corpus(tmp_path), "--db", str(tmp_path / "x.duckdb"),
                                       "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 1 and "--executor dask" in result.stderr


class Exploding:
    def __call__(self, batch):
        raise MemoryError("out of memory on the worker")


def test_a_batch_that_raises_on_a_worker_comes_back_as_failure_rows():
    batch = [Article("a", "Egypt met Qatar."), Article("b", "Iran met Oman.")]
    tables = extract_tables(Exploding(), batch)
    assert all(tables[name].schema.equals(ARROW_SCHEMAS[name]) for name in tables)
    rows = tables["failures"].to_pylist()
    assert [r["doc_id"] for r in rows] == ["a", "b"]
    assert rows[0]["error_type"] == "MemoryError" and "out of memory" in rows[0]["message"]
    assert tables["articles"].num_rows == 0


def test_a_lost_batch_is_one_failure_per_article():
    found = batch_failed([Article("a", "x"), Article("b", "y")], RuntimeError("worker died"),
                         "lost on the cluster")
    assert [(r.article.doc_id, r.stage, r.failed) for r in found] == [("a", "extract", True),
                                                                      ("b", "extract", True)]
    assert found[0].message == "lost on the cluster: worker died"
