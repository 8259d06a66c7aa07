"""`dragoman kb` commands translate to the library."""
from __future__ import annotations

from click.testing import CliRunner

from dragoman.cli import main


def test_check_ok_and_error(tmp_path, fixtures_dir):
    runner = CliRunner()
    assert runner.invoke(main, ["kb", "check", str(fixtures_dir / "mini.yml")]).exit_code == 0
    bad = tmp_path / "extra.yml"
    bad.write_text("people:\n  - {id: a, name: A, roles: [{title: t, of: TUR, start: 2023-13-01}]}\n")
    result = runner.invoke(main, ["kb", "check", str(bad)])
    assert result.exit_code == 1
    assert "extra.yml: people[0].roles[0].start: invalid date '2023-13-01'" in result.output


def test_show_and_stats(fixtures_dir):
    runner = CliRunner()
    result = runner.invoke(main, ["kb", "show", "Hakan Fidan", "--on", "2023-12-21",
                                  "--kb", str(fixtures_dir / "mini.yml")])
    assert result.exit_code == 0 and "TUR" in result.output
    assert runner.invoke(main, ["kb", "show", "x", "--on", "2023-13-01"]).exit_code == 1
    result = runner.invoke(main, ["kb", "stats"])
    assert result.exit_code == 0 and "states" in result.output


def test_import_cameo(tmp_path, petrarch_dir):
    source = petrarch_dir / "PETR.Validate.actors.txt"
    out = tmp_path / "extra.yml"
    result = CliRunner().invoke(main, ["kb", "import-cameo", str(source), "--out", str(out)])
    assert result.exit_code == 0 and out.exists()
    assert CliRunner().invoke(main, ["kb", "check", str(out)]).exit_code == 0


def test_show_never_leaves_a_match_unexplained():
    result = CliRunner().invoke(main, ["kb", "show", "Sinwar", "--on", "2023-12-20"])
    out = " ".join(result.output.split())
    assert result.exit_code == 0
    assert "resolves to: nothing" in out and " match " not in out
    assert "candidate 'sinwar' -> person:yahya-sinwar (alias): not used, one word that names 2 " \
           "people (Mohammed Sinwar, Yahya Sinwar)" in out
