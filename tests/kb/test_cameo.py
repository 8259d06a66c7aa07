"""Importing CAMEO/PETRARCH .actors dictionaries."""
from __future__ import annotations

from datetime import date

import pytest
import yaml

from dragoman.kb import KnowledgeBase, check_files
from dragoman.kb.cameo import cameo_date, import_cameo, parse_actors, parse_restriction
from dragoman.kb.loader import merge, pycountry_states, read_file

SAMPLE = """<!-- comment -->
BARACK_OBAMA [USAELI 080101-090120] # a comment
+PRESIDENT_OBAMA
\t[USAGOV >090120]
HAMAS [PSEREBHMS]
"""


def test_dates_and_restrictions():
    assert cameo_date("110101") == date(2011, 1, 1) and cameo_date("19950601") == date(1995, 6, 1)
    assert parse_restriction("USAGOV >110101") == ("USAGOV", date(2011, 1, 1), None)
    assert parse_restriction("HOB < 950601") == ("HOB", None, date(1995, 6, 1))
    assert parse_restriction("HOBGOV 19950601 - 19990815")[1:] == (date(1995, 6, 1), date(1999, 8, 15))
    assert parse_restriction("---") is None


def test_parse_sample(tmp_path):
    actors = parse_actors(SAMPLE)
    assert [a.names for a in actors] == [["BARACK_OBAMA", "PRESIDENT_OBAMA"], ["HAMAS"]]
    path = tmp_path / "sample.actors"
    path.write_text(SAMPLE)
    data = import_cameo(path, set(pycountry_states()))
    obama = data["people"][0]
    assert obama["name"] == "Barack Obama" and obama["aliases"] == ["President Obama"]
    assert [r["of"] for r in obama["roles"]] == ["USA", "USA"]
    assert data["organisations"][0]["code"] == "PSE"


@pytest.mark.parametrize("name", ["PETR.Validate.actors.txt", "UD_PETR.Validate.actors.txt"])
def test_petrarch_dictionaries_import_and_validate(tmp_path, petrarch_dir, name):
    source = petrarch_dir / name
    out = tmp_path / "cameo.yml"
    out.write_text(yaml.safe_dump(import_cameo(source, set(pycountry_states()))))
    assert check_files([out], base=merge([read_file(out)])) == []
    kb = KnowledgeBase(merge([read_file(out)]))
    gollum = [kb.resolve("Smeagol", date(y, 1, 1)) for y in (1990, 1997, 2005)]
    assert [g.role for g in gollum] == ["member (HOB)", "government (HOBGOV)", "rebel (HOBREB)"]
    sam = kb.resolve("Sam Gamgee", date(2010, 1, 10))
    assert sam.role == "member (ORCHOB)"  # the earlier-listed restriction wins, as in PETRARCH
    assert kb.resolve("Interpol").code == "IGOCOPITP"
