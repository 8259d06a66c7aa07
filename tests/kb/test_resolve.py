"""Resolution rules on the fixture KB."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

DAY = date(2023, 12, 21)


@pytest.mark.parametrize(("text", "kb_id", "code", "method"), [
    ("Ismail Haniyeh", "ismail-haniyeh", "Hamas", "exact"),
    ("Ismail Haniya", "ismail-haniyeh", "Hamas", "alias"),
    ("Hamas leader Ismail Haniyeh", "ismail-haniyeh", "Hamas", "exact"),
    ("Iranian Foreign Minister Hossein Amir-Abdollahian", "hossein-amir-abdollahian", "IRN", "exact"),
    ("Hossein Amirabdollahian", "hossein-amir-abdollahian", "IRN", "exact"),
    ("Khaled Meshaal", "khaled-mashal", "Hamas", "alias"),
    ("Saleh al-Aruri", "saleh-al-arouri", "Hamas", "fuzzy"),
    ("Arouri", "saleh-al-arouri", "Hamas", "surname"),
    ("al-Arouri", "saleh-al-arouri", "Hamas", "surname"),
])
def test_person_names(mini_kb, text, kb_id, code, method):
    res = mini_kb.resolve(text, DAY)
    assert (res.kb_id, res.code, res.kind, res.method) == (kb_id, code, "person", method)


def test_title_is_reported_as_role(mini_kb):
    res = mini_kb.resolve("Iranian Foreign Minister Hossein Amir-Abdollahian", DAY)
    assert (res.role, res.office, res.rank) == ("foreign minister", "foreign_minister", 4)


def test_fuzzy_transliteration(mini_kb):
    assert mini_kb.resolve("Khaled Mashaal", DAY).kb_id == "khaled-mashal"
    # a lone misspelt word names only someone the article introduced
    assert mini_kb.resolve("Mashaal", DAY, known=("khaled-mashal",)).kb_id == "khaled-mashal"
    assert mini_kb.resolve("Mashaal", DAY) is None


def test_hamad_and_hamdan_stay_distinct(mini_kb):
    assert mini_kb.resolve("Ghazi Hamad", DAY).kb_id == "ghazi-hamad"
    assert mini_kb.resolve("Osama Hamdan", DAY).kb_id == "osama-hamdan"
    assert mini_kb.resolve("Hamdan", DAY).kb_id == "osama-hamdan"
    assert mini_kb.resolve("Hamad", DAY).kb_id == "ghazi-hamad"
    assert mini_kb.resolve("Ghazi Hamdan", DAY) is None


def test_surname_inside_another_name_does_not_resolve(mini_kb):
    assert mini_kb.resolve("Tony Fidan", DAY) is None


def test_surname_prefers_known_people(mini_kb, tmp_path):
    from dragoman.kb import KnowledgeBase
    from dragoman.kb.loader import merge, read_file
    FIXTURES = Path(__file__).parent / "fixtures"

    extra = tmp_path / "two.yml"
    extra.write_text("people:\n  - id: other-fidan\n    name: Ali Fidan\n    roles: []\n")
    kb = KnowledgeBase(merge([read_file(FIXTURES / "mini.yml"), read_file(extra)]))
    assert kb.resolve("Fidan", DAY) is None  # ambiguous without context
    assert kb.resolve("Fidan", DAY, known={"hakan-fidan"}).kb_id == "hakan-fidan"
    assert kb.resolve("Fidan", DAY, known={"other-fidan"}).kb_id == "other-fidan"


def test_role_phrase_on_two_dates(mini_kb):
    assert mini_kb.resolve("Turkey's foreign minister", DAY).kb_id == "hakan-fidan"
    old = mini_kb.resolve("Turkey's foreign minister", date(2022, 1, 1))
    assert (old.kb_id, old.code, old.method) == ("mevlut-cavusoglu", "TUR", "role")


@pytest.mark.parametrize(("text", "on", "kb_id"), [
    ("the top Iranian diplomat", DAY, "hossein-amir-abdollahian"),
    ("the head of Egyptian intelligence", date(2023, 12, 20), "abbas-kamel"),
    ("the Qatari prime minister", DAY, "mohammed-bin-abdulrahman"),
    ("Hamas political bureau chief", DAY, "ismail-haniyeh"),
])
def test_role_phrases(mini_kb, text, on, kb_id):
    assert mini_kb.resolve(text, on).kb_id == kb_id


def test_role_phrase_without_date_is_current_holder_with_lower_score(mini_kb):
    now, dated = mini_kb.resolve("Turkey's foreign minister"), mini_kb.resolve("Turkey's foreign minister", DAY)
    assert now.kb_id == "hakan-fidan" and now.score < dated.score


def test_dead_leader_not_resolved_by_role_after_death(mini_kb):
    assert mini_kb.resolve("Hamas political bureau chief", date(2024, 8, 15)) is None or \
        mini_kb.resolve("Hamas political bureau chief", date(2024, 8, 15)).kind != "person"
    assert mini_kb.resolve_role("leader", "hamas", date(2024, 8, 15)) is None
    assert mini_kb.resolve_role("leader", "hamas", date(2024, 7, 1)).kb_id == "ismail-haniyeh"


def test_person_code_follows_role_validity(mini_kb):
    assert mini_kb.resolve("Hakan Fidan", date(2020, 1, 1)).role == "head of intelligence"
    former = mini_kb.resolve("Abbas Kamel", date(2025, 1, 1))  # left a state office
    assert former.code == "EGY" and former.role.startswith("former ") and former.rank == 1
    assert mini_kb.resolve("Ismail Haniyeh", date(2025, 1, 1)).code == "Hamas"  # keep_affiliation


def test_resolve_role_api(mini_kb):
    assert mini_kb.resolve_role("foreign_minister", "TUR", DAY).kb_id == "hakan-fidan"
    assert mini_kb.resolve_role("foreign minister", "Turkey", date(2022, 1, 1)).kb_id == "mevlut-cavusoglu"


@pytest.mark.parametrize(("text", "kb_id", "code", "method"), [
    ("Iran", "IRN", "IRN", "exact"),
    ("Türkiye", "TUR", "TUR", "alias"),
    ("Iranian", "IRN", "IRN", "adjective"),
    ("Israelis", "ISR", "ISR", "adjective"),
    ("Ankara", "TUR", "TUR", "metonym"),
    ("the Kremlin", "RUS", "RUS", "metonym"),
    ("the White House", "USA", "USA", "metonym"),
    ("Iranian proxies in Syria and Iraq", "IRN", "IRN", "adjective"),
    ("Israel-linked commercial ships", "ISR", "ISR", "exact"),
    ("targets in Syria", "SYR", "SYR", "exact"),
])
def test_states(mini_kb, text, kb_id, code, method):
    res = mini_kb.resolve(text)
    assert (res.kb_id, res.code, res.kind, res.method) == (kb_id, code, "state", method)


@pytest.mark.parametrize(("text", "kb_id", "code"), [
    ("Hamas", "hamas", "Hamas"), ("the Houthis", "houthis", "Houthis"),
    ("Houthi rebels", "houthis", "Houthis"), ("IDF forces", "idf", "ISR"),
    ("a Hamas cell commander", "hamas", "Hamas"), ("Hamas leadership", "hamas", "Hamas"),
])
def test_organisations(mini_kb, text, kb_id, code):
    res = mini_kb.resolve(text, DAY)
    assert (res.kb_id, res.code, res.kind) == (kb_id, code, "organisation")


def test_organisation_validity(mini_kb):
    assert mini_kb.resolve("Old Front", date(2012, 1, 1)).kb_id == "isis-old"
    assert mini_kb.resolve("Old Front", date(2020, 1, 1)) is None


def test_acronyms_are_case_sensitive(mini_kb):
    assert mini_kb.resolve("US forces").code == "USA"
    assert mini_kb.resolve("talk to us") is None


@pytest.mark.parametrize("text", ["Many countries", "gunmen", "president", "he", "", "the"])
def test_unresolvable_is_none(mini_kb, text):
    assert mini_kb.resolve(text, DAY) is None


def test_media(mini_kb):
    res = mini_kb.media("according to Iran International")
    assert (res.kb_id, res.kind, res.code) == ("iran-international", "media", None)
    assert mini_kb.media("KAN").kb_id == "kan"
    assert mini_kb.media("Hamas") is None
    assert mini_kb.resolve("Iran International").kind == "media"  # never the state Iran


def test_state_code(mini_kb):
    for text in ("Turkey", "Turkish", "Ankara", "Türkiye", "TUR"):
        assert mini_kb.state_code(text) == "TUR"
    assert mini_kb.state_code("Hamas") is None


def test_get_stats_patterns_explain(mini_kb):
    assert mini_kb.get("TUR").name == "Turkey"
    assert mini_kb.get("hamas").name == "Hamas"
    assert mini_kb.get("nobody") is None
    stats = mini_kb.stats()
    assert stats["states"] >= 249 and stats["people"] == 11 and stats["media"] == 3
    patterns = mini_kb.entity_patterns()
    assert {"label": "ORG", "pattern": [{"ORTH": "IDF"}], "id": "idf"} in patterns
    assert any(p["label"] == "PERSON" and p["id"] == "ismail-haniyeh" for p in patterns)
    assert any(p["label"] == "NORP" and p["id"] == "IRN" for p in patterns)
    assert "Hakan Fidan" in mini_kb.explain("Turkey's foreign minister", DAY)


def test_a_title_picks_among_people_who_share_a_surname(mini_kb, tmp_path):
    from dragoman.kb import KnowledgeBase
    from dragoman.kb.loader import merge, read_file
    FIXTURES = Path(__file__).parent / "fixtures"

    extra = tmp_path / "two.yml"
    extra.write_text("people:\n  - id: other-fidan\n    name: Ali Fidan\n    roles: []\n")
    kb = KnowledgeBase(merge([read_file(FIXTURES / "mini.yml"), read_file(extra)]))
    found = kb.resolve("Foreign Minister Fidan", DAY)
    assert found is not None and found.kb_id == "hakan-fidan"
    assert kb.resolve("Fidan", DAY) is None  # still ambiguous without the title
