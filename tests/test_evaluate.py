"""`dragoman evaluate` says what it could not score, and a bad gold file is a one-line error."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dragoman.cli import main
from dragoman.errors import InputError
from dragoman.evaluate import load_gold, unmatched_articles
from dragoman.types import Article

GOLD = {"doc_id": "talks", "published": "2023-12-20", "events": [
    {"type": "CONSULT", "source": "Hossein Amir-Abdollahian", "source_actor": "IRN",
     "target": "Ismail Haniyeh", "target_actor": "Hamas", "date": "2023-12-20",
     "status": "occurred"}]}


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "bad.json: not a JSON gold file"),
    ('["a list"]', 'bad.json: not a gold document: expected an object with "doc_id" and "events"'),
    ('{"doc_id": "x", "events": {}}', 'bad.json: "events" must be a list of gold events'),
    ('{"doc_id": "x", "events": [{"type": "CONSULT"}]}', "bad.json: events[0] has no source"),
])
def test_a_bad_gold_file_is_a_one_line_error(tmp_path, content, message):
    gold = tmp_path / "bad.json"
    gold.write_text(content)
    article = tmp_path / "talks.txt"
    article.write_text("Egypt met Qatar.")
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_gold(gold)
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), str(article)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and result.output.startswith(
        f"Error: {tmp_path / 'bad.json'}: ")
    assert "Traceback" not in result.output


def test_an_empty_gold_folder_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no gold .json files in this folder"):
        load_gold(tmp_path)


def test_articles_without_a_gold_document_are_named():
    golds = {"talks": GOLD}
    articles = [Article("talks", "x"), Article("other", "y", origin="other.txt")]
    assert [a.doc_id for a in unmatched_articles(golds, articles)] == ["other"]


@pytest.mark.model
def test_evaluate_warns_about_unmatched_articles_and_unscored_gold(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "talks.json").write_text(json.dumps(GOLD))
    (tmp_path / "gold" / "unused.json").write_text(json.dumps({**GOLD, "doc_id": "unused"}))
    talks = tmp_path / "talks.txt"
    talks.write_text("Iranian Foreign Minister Hossein Amir-Abdollahian met Hamas leader Ismail "
                     "Haniyeh in Doha on Wednesday.\n")
    stray = tmp_path / "stray.txt"
    stray.write_text("Egypt condemned Israel on Monday.\n")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path / "gold"), str(talks),
                                       str(stray)])
    assert result.exit_code == 0, result.output
    assert f"warning: no gold document has doc_id 'stray' (from {stray}): it is not scored" \
        in result.stderr
    assert "note: 1 gold document(s) with no article given are not scored: unused" in result.stderr
    # the one scored gold event is found: recall 1.00 (the unused document is not a miss)
    assert "loose  P=1.00 R=1.00 F1=1.00" in result.stdout
