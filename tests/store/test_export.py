"""Every export format, read back; filters through the CLI."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from dragoman.cli import main
from dragoman.registry import exporters, load_builtins
from dragoman.store.db import Store
from dragoman.store.export import PARQUET_SCHEMA, export_events
from dragoman.store.queries import EVENT_COLUMNS, EventFilter


@pytest.fixture
def db(tmp_path, results):
    path = tmp_path / "x.duckdb"
    with Store(path) as store:
        store.write_results(results, "r1")
        store.recluster()
    return path


def test_exporters_are_registered_under_versioned_names():
    load_builtins()
    assert {"jsonl.v1", "csv.v1", "parquet.v1", "graphml.v1"} <= set(exporters.get_all())


def test_jsonl_round_trip(db, tmp_path):
    out = tmp_path / "e.jsonl"
    with Store(db, read_only=True) as store:
        assert export_events(store.con, "jsonl", out) == 5
    records = [json.loads(line) for line in out.read_text().splitlines()]
    first = next(r for r in records if r["doc_id"] == "ap-1")
    assert first["source"]["actor"] == "USA" and first["target"]["actor"] == "ISR"
    assert first["date"] == "2023-10-12" and first["cluster_id"] and first["outlet"] == "AP"
    assert len({r["cluster_id"] for r in records if r["type"] == "CONSULT"}) == 2


def test_csv_has_header_one_row_per_dyad_and_real_quoting(db, tmp_path):
    out = tmp_path / "e.csv"
    with Store(db, read_only=True) as store:
        export_events(store.con, "csv", out)
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert len(rows) == 5
    accuse = next(r for r in rows if r["type"] == "ACCUSE")
    assert accuse["evidence"] == 'Iran said, "Israel, and its allies,\nare guilty."'
    assert accuse["source_actor"] == "IRN" and accuse["imported"] == "false"


def test_parquet_has_the_pinned_schema(db, tmp_path):
    out = tmp_path / "e.parquet"
    with Store(db, read_only=True) as store:
        export_events(store.con, "parquet", out, EventFilter(type="CONSULT"))
    table = pq.read_table(out)
    assert table.schema.equals(PARQUET_SCHEMA, check_metadata=False)
    assert table.num_rows == 4 and set(table.column("type").to_pylist()) == {"CONSULT"}


def test_graphml_actor_network_weights_and_type_counts(db, tmp_path):
    out = tmp_path / "e.graphml"
    with Store(db, read_only=True) as store:
        export_events(store.con, "graphml", out)
    graph = nx.read_graphml(out)
    assert set(graph.nodes) == {"USA", "ISR", "IRN"}
    # labels are display names, never a person's or an adjective ("American")
    assert graph.nodes["USA"]["label"] == "United States"
    assert graph.nodes["IRN"]["label"] == "Iran"
    assert graph["USA"]["ISR"]["weight"] == 3 and graph["USA"]["ISR"]["n_CONSULT"] == 3
    assert graph["ISR"]["USA"]["weight"] == 1
    assert graph["IRN"]["ISR"]["n_ACCUSE"] == 1 and graph["IRN"]["ISR"]["n_CONSULT"] == 0


@pytest.mark.parametrize("args, expected", [
    (["--actor", "IRN"], 1), (["--type", "consult"], 4), (["--since", "2023-11-01"], 1),
    (["--until", "2023-10-12", "--actor", "USA"], 3), (["--status", "negated"], 0),
])
def test_cli_export_filters(db, args, expected):
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == expected


def test_cli_export_to_file_and_parquet_needs_a_file(db, tmp_path):
    runner = CliRunner()
    out = tmp_path / "n.csv"
    ok = runner.invoke(main, ["export", "--db", str(db), "--format", "csv", "--out", str(out)])
    assert ok.exit_code == 0 and len(list(csv.reader(io.StringIO(out.read_text())))) == 6
    refused = runner.invoke(main, ["export", "--db", str(db), "--format", "parquet"])
    assert refused.exit_code == 1 and "--out" in refused.output
    missing = runner.invoke(main, ["summary", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "no such database" in missing.output
