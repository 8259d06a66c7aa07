"""`kb check`: schema and reference errors name the file, the entry and the field."""
from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.errors import KBError
from dragoman.kb import check_files, read_file
from dragoman.kb.schema import parse_partial_date

GOOD = """
organisations:
  - {id: new-group, name: New Group, type: armed_group, country: SYR}
people:
  - id: someone
    name: Some One
    roles:
      - {title: leader, office: leader, of: new-group, start: 2020-05, end: 2021}
"""


def write(tmp_path: Path, text: str, name: str = "extra.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_has_no_errors(tmp_path):
    assert check_files([write(tmp_path, GOOD)]) == []


def test_partial_dates():
    assert str(parse_partial_date("2020-05")) == "2020-05-01"
    assert str(parse_partial_date("2020-02", end=True)) == "2020-02-29"
    assert str(parse_partial_date("2021", end=True)) == "2021-12-31"


def test_invalid_date_message(tmp_path):
    people = "\n".join(f"  - {{id: p{i}, name: P {i}}}" for i in range(12))
    text = (f"people:\n{people}\n  - id: bad\n    name: Bad Date\n    roles:\n"
            "      - {title: x, office: official, of: TUR, start: 2023-13-01}\n")
    errors = check_files([write(tmp_path, text)])
    assert errors == ["extra.yml: people[12].roles[0].start: invalid date '2023-13-01' (entry 'bad')"]


@pytest.mark.parametrize(("text", "expected"), [
    ("people:\n  - {id: a, name: A, nickname: x}\n", "extra.yml: people[0].nickname: unknown field"),
    ("people:\n  - {id: a, name: A, roles: [{title: t, office: boss, of: TUR}]}\n",
     "extra.yml: people[0].roles[0].office:"),
    ("people:\n  - {id: a, name: A, roles: [{title: t, of: nowhere}]}\n",
     "extra.yml: people[0].roles[0].of: unknown state or organisation 'nowhere'"),
    ("people:\n  - {id: a, name: A}\n  - {id: a, name: B}\n", "extra.yml: people[1]: duplicate id 'a'"),
    ("people:\n  - {id: a, name: A, roles: [{title: t, of: TUR, start: 2020, end: 2019}]}\n",
     "extra.yml: people[0].roles[0]: start 2020-01-01 is after end 2019-12-31"),
    ("states:\n  - {code: tur}\n", "extra.yml: states[0].code:"),
    ("- just a list\n", "extra.yml: expected a mapping"),
    ("people: [\n", "extra.yml: not valid YAML"),
])
def test_error_messages(tmp_path, text, expected):
    errors = check_files([write(tmp_path, text)])
    assert errors and errors[0].startswith(expected), errors


def test_read_file_raises_kberror(tmp_path):
    with pytest.raises(KBError, match="unknown field"):
        read_file(write(tmp_path, "people:\n  - {id: a, name: A, bogus: 1}\n"))
