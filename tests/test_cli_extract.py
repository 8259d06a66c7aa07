"""`dragoman extract` as a user runs it: formats, standard input, and bad inputs."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from dragoman.cli import main
from dragoman.output import EVENT_COLUMNS

pytestmark = pytest.mark.model
TEXT = ("date 2023-12-20\n\nIranian Foreign Minister Hossein Amir-Abdollahian met Hamas leader "
        "Ismail Haniyeh in Doha on Wednesday, Reuters reported.\n")


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT)
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin.txt").write_bytes("caf\xe9 talks".encode("latin-1"))
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.seek(50_000_000)
        fh.write(b"x")
    return tmp_path


def test_jsonl_output_contract(files):
    res = CliRunner().invoke(main, ["extract", str(files / "good.txt"), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    [event] = [json.loads(line) for line in res.output.splitlines()]
    assert event["type"] == "CONSULT" and event["doc_id"] == "good"
    assert {event["source"]["actor"], event["target"]["actor"]} == {"IRN", "Hamas"}
    assert event["date"] == "2023-12-20" and event["date_precision"] == "day"
    assert event["location"]["name"] == "Doha" and event["location"]["country"] == "QAT"
    assert event["attributed_to"] == "Reuters" and event["status"] == "occurred"
    assert TEXT[event["evidence"]["start"]:event["evidence"]["end"]] == event["evidence"]["text"]


def test_csv_has_header_and_one_row_per_dyad(files):
    res = CliRunner().invoke(main, ["extract", str(files / "good.txt"), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert len(rows) == 1 and rows[0]["type"] == "CONSULT" and rows[0]["place_name"] == "Doha"
    # one CSV schema: extract writes the columns export writes
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert rows[0]["published"] == "2023-12-20" and rows[0]["cluster_id"] == ""


def test_stdin(files):
    res = CliRunner().invoke(main, ["extract", "-", "--format", "jsonl"], input=TEXT)
    assert res.exit_code == 0 and json.loads(res.output.splitlines()[0])["doc_id"] == "stdin"


def test_bad_inputs_are_named_and_the_rest_still_runs(files):
    names = ["empty.txt", "binary.bin", "latin.txt", "big.txt", "missing.txt", "good.txt"]
    res = CliRunner().invoke(main, ["extract", "--format", "jsonl", *[str(files / n) for n in names]])
    assert res.exit_code == 1
    err = res.stderr
    assert "empty.txt: empty" in err
    assert "binary.bin: binary file" in err
    assert "latin.txt: not UTF-8" in err
    assert "big.txt:" in err and "limit" in err
    assert "missing.txt: no such file" in err
    assert "5 of 6 input(s) failed" in err
    assert json.loads(res.stdout.splitlines()[0])["doc_id"] == "good"


def test_html_page_is_reduced_to_text_with_its_date(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Talks</title><meta property='article:published_time' "
        "content='2023-12-20T10:00:00Z'></head><body><nav>Home | World</nav><article><h1>Talks in "
        "Doha</h1><p>Iranian Foreign Minister Hossein Amir-Abdollahian met Hamas leader Ismail "
        "Haniyeh in Doha on Wednesday, Reuters reported.</p><p>The two discussed the war.</p>"
        "</article><footer>Copyright</footer></body></html>")
    res = CliRunner().invoke(main, ["extract", str(page), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    events = [json.loads(line) for line in res.stdout.splitlines()]
    assert any(e["type"] == "CONSULT" and e["date"] == "2023-12-20" for e in events)


def test_an_invalid_published_date_is_an_error_not_dropped(files):
    res = CliRunner().invoke(main, ["extract", str(files / "good.txt"), "--published",
                                    "2023-02-30"])
    assert res.exit_code == 2 and "'2023-02-30' is not a real YYYY-MM-DD day" in res.output


def test_an_invalid_date_header_is_an_error_not_text(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("date 2023-13-45\n\nFrance condemned Iran on Monday.\n")
    res = CliRunner().invoke(main, ["extract", str(bad), "--format", "jsonl"])
    assert res.exit_code == 1
    assert "bad.txt: invalid date header '2023-13-45'" in res.stderr
    assert res.stdout == ""
