"""Actor identity in one place: names, aliases, codes and 'PA' resolve the same way everywhere."""
from __future__ import annotations

import pytest

from dragoman.errors import UnknownActorError
from dragoman.kb import load_kb
from dragoman.kb.lookup import (closest, display_name, resolve_actor_queries,
                                resolve_actor_query, suggest)


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize("typed", ["Palestinian Authority", "PA", "pa", "PSE",
                                   "Palestinian National Authority", "State of Palestine"])
def test_every_name_of_the_pa_is_one_actor(kb, typed):
    query = resolve_actor_query(kb, typed)
    assert query.name == "Palestinian Authority"
    assert query.matches("PSE") and query.matches("Palestinian Authority")
    assert not query.matches("ISR", "Israel")


@pytest.mark.parametrize(("typed", "code", "name"), [
    ("Iran", "IRN", "Iran"), ("IRN", "IRN", "Iran"), ("irn", "IRN", "Iran"),
    ("Iranian", "IRN", "Iran"), ("Tehran", "IRN", "Iran"), ("Hamas", "Hamas", "Hamas"),
    ("Islamic Resistance Movement", "Hamas", "Hamas"), ("hamas", "Hamas", "Hamas"),
])
def test_names_aliases_adjectives_and_codes(kb, typed, code, name):
    query = resolve_actor_query(kb, typed)
    assert (query.code, query.name) == (code, name)
    assert query.matches(code.upper() if len(code) == 3 else code.lower())


def test_a_person_and_a_state_organ_match_by_name_not_by_their_state(kb):
    haniyeh = resolve_actor_query(kb, "Haniyeh")
    assert haniyeh.name == "Ismail Haniyeh"
    assert haniyeh.matches("Hamas", "Ismail Haniyeh") and not haniyeh.matches("Hamas", "Hamas")
    idf = resolve_actor_query(kb, "IDF")
    assert idf.matches("ISR", "Israel Defense Forces") and not idf.matches("ISR", "Israel")


@pytest.mark.parametrize(("typed", "message"), [
    ("Hamaas", "no actor 'Hamaas'; did you mean Hamas?"),
    ("Hezbolah", "no actor 'Hezbolah'; did you mean Hezbollah?"),
    ("Palestinan Authority", "no actor 'Palestinan Authority'; did you mean Palestinian Authority?"),
    ("Reuters", "no actor 'Reuters' (Reuters is a news outlet, not an actor)"),
    ("Qwxzv", "no actor 'Qwxzv'"),
])
def test_unknown_names_are_refused_with_the_closest_suggestions(kb, typed, message):
    with pytest.raises(UnknownActorError) as info:
        resolve_actor_query(kb, typed)
    assert str(info.value) == message


def test_the_closest_names_carry_their_score_and_the_alias_that_scored(kb):
    found = closest(kb, "Hamaas")
    assert [s.name for s in found] == suggest(kb, "Hamaas") == ["Hamas"]
    assert found[0].score == 90.9 and found[0].matched in ("Hamas", "HAMAS")
    near = closest(kb, "Haniye")  # an alias of a person, under the person's display name
    assert near[0].name == "Ismail Haniyeh" and near[0].matched.casefold() in (
        "haniyeh", "haniya", "hanieh", "haniyah")
    assert closest(kb, "zzzzqqq") == []
    assert closest(kb, "ANCC", {"governing anc": "ANC"})[0].name == "ANC"  # a database code


def test_the_database_names_resolve_when_the_kb_does_not_know_them(kb):
    known = {"many countries": "many countries", "zz rebels": "ZZR"}
    query = resolve_actor_query(kb, "ZZ Rebels", known)
    assert query.matches("ZZR") and query.code == "ZZR"
    assert resolve_actor_query(kb, "zzr", known).matches("ZZR")
    many = resolve_actor_query(kb, "Many Countries", {"many countries": ""})  # no code: by name
    assert many.matches(None, "many countries") and not many.matches("", None)


def test_repeated_actors_are_a_union(kb):
    both = resolve_actor_queries(kb, ["Hamas", "PA"])
    assert both.matches("Hamas") and both.matches("PSE") and not both.matches("IRN")
    assert both.name == "Hamas + Palestinian Authority"
    assert resolve_actor_queries(kb, []) is None


def test_display_names_of_codes(kb):
    assert display_name(kb, "IRN") == "Iran"
    assert display_name(kb, "USA") == "United States"
    assert display_name(kb, "PSE") == "Palestinian Authority"
    assert display_name(kb, "Hamas") == "Hamas"
    assert display_name(kb, "ZZZ", "Some Name") == "Some Name"
