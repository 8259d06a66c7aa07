"""`kb check` beyond the schema: tenures to the day, state codes, ids, offices and the lexicon.

Zedland (ZZZ) is a state of the test files only, so no shipped office-holder interferes.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dragoman.cli import main
from dragoman.kb import check_files, read_file
from dragoman.kb.loader import DATA_DIR, lexicon_files, shipped_files

ZED = "states:\n  - {code: ZZZ, name: Zedland}\n"


def write(tmp_path: Path, text: str, name: str = "extra.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def heads(a: str, b: str, office: str = "head_of_state", flag: str = "") -> str:
    """Two people holding one office of Zedland: A's and B's role fields as given."""
    return (ZED + "people:\n"
            f"  - {{id: ann, name: Ann Zed, roles: [{{title: t, office: {office}, of: ZZZ, {a}}}]}}\n"
            f"  - {{id: bob, name: Bob Zed, roles: [{{title: t, office: {office}, of: ZZZ, {b}{flag}}}]}}\n")


def test_a_proven_overlap_is_reported_to_the_day(tmp_path):
    text = heads("start: 2020-01-01, end: 2022-06-30", "start: 2022-06-01")
    assert check_files([write(tmp_path, text)]) == [
        "extra.yml: people[1].roles[0]: Bob Zed and Ann Zed both hold the single-holder office "
        "head_of_state of ZZZ from 2022-06-01 to 2022-06-30 (Ann Zed: 2020-01-01 .. "
        "2022-06-30); give the days, or mark a real overlap 'concurrent: true' (entry 'bob')"]


@pytest.mark.parametrize(("a", "b", "office", "flag"), [
    ("start: 2020-01-01, end: 2022-06-01", "start: 2022-06-01", "head_of_state", ""),  # handover day
    ('start: 2020-01-01, end: "2022-06"', "start: 2022-06-15", "head_of_state", ""),  # June: unknown day
    ("start: 2020-01-01, end: 2022-06-30", "start: 2022-06-01", "head_of_state",
     ", concurrent: true"),
    ("start: 2020-01-01, end: 2022-06-30", "start: 2022-06-01", "minister", ""),  # many ministers
])
def test_handovers_imprecise_days_concurrent_and_shared_offices_are_not_overlaps(
        tmp_path, a, b, office, flag):
    assert check_files([write(tmp_path, heads(a, b, office, flag))]) == []


def test_a_month_precision_end_still_proves_an_overlap_before_its_month(tmp_path):
    # Ann left some day in June 2022; Bob started on 10 May: they certainly shared 10 May - 1 June
    text = heads('start: 2020-01-01, end: "2022-06"', "start: 2022-05-10")
    [error] = check_files([write(tmp_path, text)])
    assert "from 2022-05-10 to 2022-06-01" in error


def test_dates_keep_their_precision(tmp_path):
    model = read_file(write(tmp_path, heads('start: "2020", end: "2022-06"', "start: 2022-07-01")))
    ann, bob = (p.roles[0] for p in model.people)
    assert (ann.start_precision, ann.end_precision, bob.start_precision) == ("year", "month", "day")
    assert (str(ann.latest_start()), str(ann.earliest_end())) == ("2020-12-31", "2022-06-01")


@pytest.mark.parametrize(("text", "expected"), [
    ("organisations:\n  - {id: g, name: G, type: military, code: PAL}\n",
     "extra.yml: organisations[0].code: unknown state code 'PAL' (entry 'g')"),
    ("media:\n  - {id: m, name: M, country: XXX}\n",
     "extra.yml: media[0].country: unknown state 'XXX' (entry 'm')"),
    ("organisations:\n  - {id: g, name: G, country: QQQ}\n",
     "extra.yml: organisations[0].country: unknown state 'QQQ'"),
    ("organisations:\n  - {id: x, name: X}\npeople:\n  - {id: x, name: Mr X}\n",
     "extra.yml: people[0]: duplicate id 'x' (also a organisations entry in extra.yml: "
     "organisations[0])"),
])
def test_unknown_state_codes_and_duplicate_ids(tmp_path, text, expected):
    assert expected in check_files([write(tmp_path, text)])


def test_an_id_in_two_checked_files_is_a_duplicate(tmp_path):
    one = write(tmp_path, "people:\n  - {id: p, name: P}\n", "one.yml")
    two = write(tmp_path, "people:\n  - {id: p, name: Q}\n", "two.yml")
    assert check_files([one, two]) == [
        "two.yml: people[0]: duplicate id 'p' (also a file in one.yml: people[0])"]


@pytest.mark.parametrize(("text", "expected"), [
    ("offices:\n  head_of_stat: [president]\n", "offices.yml: offices.head_of_stat: unknown office"),
    ("offices:\n  envoy: [{phrase: envoy, only: [XXX]}]\n",
     "offices.yml: offices.envoy[0].only[0]: unknown state 'XXX'"),
    ("offices:\n  envoy: [{phrase: envoy, onl: [USA]}]\n",
     "offices.yml: offices.envoy[0].onl: unknown field"),
    ("offices:\n  envoy: [envoy]\n  minister: [Envoy]\n",
     "offices.yml: offices.minister[0]: phrase 'Envoy' is also listed under envoy"),
    ("offices: [president]\n", "offices.yml: expected a mapping with one key, offices"),
])
def test_the_office_lexicon_is_validated_like_the_rest(tmp_path, text, expected):
    errors = check_files([write(tmp_path, text, "offices.yml")])
    assert errors and errors[0].startswith(expected), errors


@pytest.mark.parametrize(("entry", "expected"), [
    ("{lemma: meet, pos: VERB, type: CONSULT, target: [dobj], objets: [talk]}",
     "triggers.yml: triggers[0].objets: unknown key (lemma 'meet')"),
    ("{lemma: meet, type: CONSULT, target: [subj]}",
     "triggers.yml: triggers[0].target[0]: unknown slot 'subj'"),
    ("{lemma: meet, type: CONSULT, target: [\"prep:\"]}",
     "triggers.yml: triggers[0].target[0]: unknown slot 'prep:'"),
    ("{lemma: meet, type: CONSULT, mode: walk, target: [dobj]}",
     "triggers.yml: triggers[0].mode: 'walk' is not a PLOVER mode of CONSULT"),
    ("{lemma: meet, type: MEET, target: [dobj]}",
     "triggers.yml: triggers[0].type: unknown PLOVER type 'MEET'"),
    ("{lemma: meet, type: CONSULT, target: [dobj], reverse: yes please}",
     "triggers.yml: triggers[0].reverse: expected true or false"),
    ("{lemma: call, type: REQUEST, target: [dobj], needs_prep: [on]}",
     "triggers.yml: triggers[0].needs_prep: a yes/no value where a word is expected"),
])
def test_the_trigger_lexicon_refuses_unknown_keys_and_slots(tmp_path, entry, expected):
    errors = check_files([write(tmp_path, f"triggers:\n  - {entry}\n", "triggers.yml")])
    assert errors and errors[0].startswith(expected), errors


def test_a_good_trigger_entry_and_unknown_cue_keys(tmp_path):
    good = "triggers:\n  - {lemma: meet, pos: VERB, type: CONSULT, target: [dobj, \"prep:with\"]}\n"
    assert check_files([write(tmp_path, good, "triggers.yml")]) == []
    cues = "planned_governors: [plan]\nplanned_goverors: [hope]\ngovernor_types: {refuse: NOPE}\n"
    assert check_files([write(tmp_path, cues, "cues.yml")]) == [
        "cues.yml: planned_goverors: unknown key",
        "cues.yml: governor_types.refuse: unknown PLOVER type 'NOPE'"]


def test_the_shipped_kb_offices_and_equivalences_pass_every_check():
    data_files = [p for p in lexicon_files() if p.parent == DATA_DIR]
    assert check_files([*shipped_files(), *data_files]) == []


def test_the_shipped_cue_lists_pass():
    assert check_files([p for p in lexicon_files() if p.name == "cues.yml"]) == []


def test_the_shipped_trigger_lexicon_passes():
    assert check_files([p for p in lexicon_files() if p.name == "triggers.yml"]) == []


def test_kb_check_without_files_checks_everything_shipped():
    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 0, result.output
    assert "problem" not in result.output, result.output
