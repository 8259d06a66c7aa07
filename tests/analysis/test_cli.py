"""The analysis commands on a tiny DuckDB built with the store's schema."""
from __future__ import annotations

from datetime import date

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


def _fails(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code != 0
    return result.output


def test_a_misspelt_actor_exits_non_zero_with_a_suggestion(db_path):
    out = _fails("standing", "Hamaas", "--db", str(db_path))
    assert "Error: no actor 'Hamaas'; did you mean Hamas?" in out
    assert "supported" not in out
    assert "no actor 'Atlantis'" in _fails("standing", "Hamas", "--vs", "Atlantis", "--db",
                                           str(db_path))
    assert "no actor 'Hamaas'" in _fails("network", "--actor", "Hamaas", "--db", str(db_path))
    assert "no actor 'Hamaas'" in _fails("report", "--actor", "Hamaas", "--out", "x.html",
                                         "--db", str(db_path))


def test_a_reversed_or_empty_window_is_refused(db_path):
    out = _fails("standing", "Hamas", "--since", "2023-12-01", "--until", "2023-10-01",
                 "--db", str(db_path))
    assert "reversed: since 2023-12-01 is after until 2023-10-01" in out
    out = _fails("standing", "Hamas", "--since", "2030-01-01", "--db", str(db_path))
    assert "no events in the database between 2030-01-01 and open" in out
    assert "is not a real YYYY-MM-DD day" in _fails("standing", "Hamas", "--since", "2023-02-30",
                                                    "--db", str(db_path))


def test_thin_evidence_is_not_enough_evidence(db_path):
    # the PA has two reports (e8, e9), fewer than the minimum of 10
    out = _run("standing", "PA", "--db", str(db_path))
    assert ("'Palestinian Authority has not suffered a major diplomatic setback': not enough "
            "evidence: Palestinian Authority has 2 reports in this window") in " ".join(out.split())
    assert "supported by this record" not in out


def test_the_default_window_and_the_table_fit_80_columns(db_path):
    out = _run("standing", "Hamas", "--db", str(db_path))
    assert "Window: 2023-09-01 to 2023-12-20: the default window" in " ".join(out.split())
    table = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    assert table and max(len(line) for line in table) <= 80
    assert [line.split()[1] for line in table if line.startswith("│ 2023")] == [
        "2023-09", "2023-10", "2023-11", "2023-12"]


def test_a_sentence_reported_twice_is_shown_once_with_both_sources(tmp_path):
    from corpus_fixture import HANIYEH, build_db, ev

    same = "Haniyeh met Iran's foreign minister in Doha."
    rows = [ev("s1", "a1", "CONSULT", HANIYEH, ("Amir-Abdollahian", "IRN", 4), date(2023, 10, 15),
               cluster="k", evidence=same),
            ev("s2", "a2", "CONSULT", HANIYEH, ("Amir-Abdollahian", "IRN", 4), date(2023, 10, 15),
               cluster="k", evidence=same)]
    db = build_db(tmp_path / "dup.duckdb", rows)
    out = _run("standing", "Hamas", "--db", str(db))
    assert out.count(same) == 1
    assert "(Outlet A, 2023-10-16, doc d1; Outlet B, 2023-10-16, doc d2)" in out
    assert "with Iran (Amir-Abdollahian), rank 4" in out


def test_export_resolves_actors_like_standing(db_path):
    def lines(*args: str) -> list[str]:
        out = _run("export", "--db", str(db_path), *args)
        return [line for line in out.splitlines() if line.startswith("{")]

    assert len(lines("--actor", "Palestinian Authority")) == 2  # e8, e9 (coded PSE)
    assert len(lines("--actor", "PA")) == 2
    # a union: Hamas's CONSULT events e1-e5 and e12, and the PA's e8 and e9
    assert len(lines("--actor", "Hamas", "--actor", "PA", "--type", "CONSULT")) == 8
    assert "unknown event type 'MEETING'; valid types: AGREE" in _fails(
        "export", "--type", "MEETING", "--db", str(db_path))
    assert "no actor 'Hamaas'; did you mean Hamas?" in _fails(
        "export", "--actor", "Hamaas", "--db", str(db_path))


def test_network_labels_are_display_names(db_path, tmp_path):
    out = _run("network", "--actor", "Hamas", "--db", str(db_path))
    assert "│ Hamas" in out and "Iran" in out and "IRN" not in out
    target = tmp_path / "n.graphml"
    _run("network", "--format", "graphml", "--out", str(target), "--db", str(db_path))
    graph = nx.read_graphml(target)
    assert graph.nodes["IRN"]["label"] == "Iran" and graph.nodes["EGY"]["label"] == "Egypt"


def test_an_actor_only_the_database_names_can_be_asked_for(db_path):
    # e7's source "Many countries" has no actor code and no KB entry
    out = _run("export", "--actor", "many countries", "--db", str(db_path))
    [line] = [line for line in out.splitlines() if line.startswith("{")]
    assert '"name": "Many countries"' in line
