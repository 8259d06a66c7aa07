"""The analysis commands on a tiny DuckDB built with the store's schema."""
from __future__ import annotations

import networkx as nx
from click.testing import CliRunner

from dragoman.cli import main


def _run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_standing(db_path):
    out = _run("standing", "Hamas", "--since", "2023-10-07", "--vs", "Palestinian Authority",
               "--per-article", "--db", str(db_path))
    assert "Hamas: engagement per month" in out
    assert "Hamas since 2023-10-07: 3 meetings (2 high-level, weighted 9)" in out
    assert "E7 meetings Hamas got and Palestinian Authority did not (2)" in out
    assert '"China does not condemn Hamas." (Outlet C, 2023-12-20, doc d4)' in out


def test_standing_missing_db_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["standing", "Hamas", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1
    assert "no such database" in result.output


def test_network_table(db_path):
    out = _run("network", "--actor", "Hamas", "--db", str(db_path))
    assert "Brokers (betweenness): Hamas 0.75" in out
    assert "Meeting places: Cairo 1, Doha 1" in out


def test_network_graphml(db_path, tmp_path):
    target = tmp_path / "net.graphml"
    out = _run("network", "--format", "graphml", "--out", str(target), "--db", str(db_path))
    assert "Wrote 7 actors" in out
    assert nx.read_graphml(target).number_of_nodes() == 7


def test_report(db_path, tmp_path):
    target = tmp_path / "report.html"
    _run("report", "--actor", "Hamas", "--vs", "PA", "--out", str(target), "--db", str(db_path))
    assert "Hamas vs Palestinian Authority" in target.read_text(encoding="utf-8")
