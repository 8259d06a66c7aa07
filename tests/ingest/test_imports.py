"""GDELT 1.0/2.0 and ICEWS imports, read from ../shared/external fixtures (skipped when absent)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from dragoman.cli import main
from dragoman.errors import ImportFormatError
from dragoman.ingest.imports import (GDELT_LAYOUTS, cameo_country, country_iso3, gdelt_event,
                                     import_file)
from dragoman.store.db import Store

EXTERNAL = Path(__file__).resolve().parents[3] / "shared" / "external"
GDELT1 = EXTERNAL / "gdelt-samples" / "gdelt1_daily_export_sample_20160728.tsv"
ICEWS = EXTERNAL / "icews-sample" / "events.2018.sample.tab"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not there")
    return path


def gdelt1_line(event_id: str) -> list[str]:
    for line in need(GDELT1).read_text(encoding="utf-8").splitlines():
        if line.startswith(event_id + "\t"):
            return line.split("\t")
    raise AssertionError(event_id)


def test_gdelt1_daily_row_maps_to_plover():
    event = gdelt_event(gdelt1_line("564111664"))  # CAMEO 173: arrest
    assert (event.type, event.mode, event.imported) == ("COERCE", "arrest", True)
    assert event.date.start == date(2015, 7, 29) and event.date.precision == "day"
    assert event.source.actor == "USA" and event.source.name == "Iowa"
    assert event.place.country == "USA" and event.place.lat == pytest.approx(41.3333)
    extra = dict(event.extra)
    assert extra["origin"] == "gdelt1" and extra["cameo"] == "173"
    assert extra["outlet"] == "www.newspressnow.com"


def test_gdelt2_layout_is_told_by_61_columns():
    cells = gdelt1_line("564111664")
    names = GDELT_LAYOUTS[58][1]
    row = dict(zip(names, cells))
    v2 = []
    for name in GDELT_LAYOUTS[61][1]:
        v2.append(row.get(name, "ADM2X" if name.endswith("ADM2Code") else ""))
    event = gdelt_event(v2)
    assert dict(event.extra)["origin"] == "gdelt2" and event.type == "COERCE"
    assert event.place.lat == pytest.approx(41.3333)
    with pytest.raises(ImportFormatError, match="columns"):
        gdelt_event(v2[:40])


def test_gdelt_file_imports_both_layouts_skips_unmapped_and_records_bad_rows(tmp_path):
    lines = need(GDELT1).read_text(encoding="utf-8").splitlines()
    bad_date = lines[2].split("\t")
    bad_date[1] = "2015XX29"
    path = tmp_path / "g.tsv"
    path.write_text("\n".join(lines + ["garbage\trow", "\t".join(bad_date)]) + "\n")
    with Store() as store:
        report = import_file(store, "gdelt", path)
        assert report.imported == 538 and report.unmapped == 172
        assert [w for w, _ in report.failures] == [f"{path}:711", f"{path}:712"]
        by_cols = store.con.execute(
            "SELECT url IS NULL, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall()
        assert by_cols[0][0] is False and by_cols[1][0] is True  # 58- and 57-column rows
        assert store.con.execute("SELECT count(*) FROM events WHERE NOT imported").fetchone()[0] == 0
        assert store.count("failures") == 2 and store.count("clusters") > 0
        again = import_file(store, "gdelt", path)
        assert again.imported == 0 and again.duplicates == 538


def test_icews_import_maps_countries_places_and_publishers():
    with Store() as store:
        report = import_file(store, "icews", need(ICEWS))
        assert report.imported + report.unmapped == 3705 and not report.failures
        row = store.con.execute(
            "SELECT type, source_actor, target_actor, date_start, place_name, place_country, outlet, "
            "origin FROM events WHERE doc_id = '32889836'").fetchone()
        assert row == ("CONSULT", "BGD", "VNM", date(2018, 6, 1), "Hanoi", "VNM",
                       "Vietnam News Agency Bulletin", "icews")
        pair = store.con.execute("SELECT count(DISTINCT cluster_id) FROM events "
                                 "WHERE doc_id IN ('32889836', '32889837')").fetchone()[0]
        assert pair == 1  # "A met B" and "B met A" in one sentence: one CONSULT event
        unknown = store.con.execute("SELECT count(*) FROM events WHERE place_name IS NOT NULL "
                                    "AND place_country IS NULL").fetchone()[0]
        assert unknown == 0


def test_icews_file_without_its_header_is_refused(tmp_path):
    path = tmp_path / "x.tab"
    path.write_text("a\tb\n1\t2\n")
    with Store() as store, pytest.raises(ImportFormatError, match="not an ICEWS"):
        import_file(store, "icews", path)


def test_country_codes_and_names():
    assert cameo_country("USA") == "USA" and cameo_country("ROM") == "ROU"
    assert cameo_country("MEA") == "Middle East" and cameo_country("") is None
    assert country_iso3("Occupied Palestinian Territory") == "PSE"
    assert country_iso3("Russian Federation") == "RUS" and country_iso3("Atlantis") is None


def test_cli_import(tmp_path):
    db = tmp_path / "i.duckdb"
    result = CliRunner().invoke(main, ["import", "icews", str(need(ICEWS)), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "events imported (icews:" in result.stdout and "imported)" in result.stdout


MENTIONS = EXTERNAL / "gdelt-samples" / "gdelt2_mentions_sample.csv"


def test_a_gdelt_mentions_file_is_refused_with_one_error_and_nothing_stored(tmp_path):
    with Store() as store:
        with pytest.raises(ImportFormatError, match="looks like a GDELT 2.0 mentions file"):
            import_file(store, "gdelt", need(MENTIONS))
        assert store.count("failures") == 0 and store.count("runs") == 0
    # a headerless, tab-separated mentions export (16 columns) is refused too
    path = tmp_path / "20230101.mentions.CSV"
    path.write_text("\n".join("\t".join(["1067"] + ["x"] * 15) for _ in range(500)) + "\n")
    with Store() as store, pytest.raises(ImportFormatError, match="16 tab-separated column"):
        import_file(store, "gdelt", path)


def test_files_of_the_other_kind_are_refused_both_ways(tmp_path):
    with Store() as store:
        with pytest.raises(ImportFormatError, match="dragoman import icews"):
            import_file(store, "gdelt", need(ICEWS))
        with pytest.raises(ImportFormatError, match="not an ICEWS event file"):
            import_file(store, "icews", need(GDELT1))


def test_cli_refuses_a_wrong_file_in_one_line(tmp_path):
    result = CliRunner().invoke(main, ["import", "gdelt", str(need(MENTIONS)), "--db",
                                       str(tmp_path / "i.duckdb")])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "not a GDELT event export" in result.stderr
