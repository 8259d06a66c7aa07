"""The cascade's first pass on plain word sets and offsets: no model needed."""
from __future__ import annotations

from dragoman.extract.cascade import Cascade, LemmaGuesser, TriggerWords, select_sentences, units
from dragoman.ontology.lexicon import load_lexicon

LEXICON_YAML = """triggers:
  - {lemma: meet, pos: VERB, type: CONSULT, target: [dobj]}
  - {lemma: hold, pos: VERB, objects: [talks, meeting], type: CONSULT, target: ["prep:with"]}
  - {lemma: call, pos: VERB, prep: "on", type: REQUEST, target: ["prep:on"], needs_xcomp: true}
  - {lemma: say, pos: VERB, type: REQUEST, target: [ccomp], needs_modal: [must, should]}
"""


def words(tmp_path) -> TriggerWords:
    path = tmp_path / "triggers.yml"
    path.write_text(LEXICON_YAML, encoding="utf-8")
    return TriggerWords.from_lexicon(load_lexicon(str(path)))


def test_a_plain_trigger_lemma_is_enough(tmp_path):
    assert words(tmp_path).hit({"they", "meet", "met"})
    assert not words(tmp_path).hit({"they", "greet"})


def test_entries_that_need_another_word_need_it_in_the_sentence(tmp_path):
    w = words(tmp_path)
    assert not w.hit({"hold", "power"})  # a light verb alone
    assert w.hit({"hold", "talks"})
    assert not w.hit({"call", "on"})  # "called on X to ..." needs the infinitive's "to"
    assert w.hit({"call", "on", "to"})
    assert not w.hit({"say", "that"}) and w.hit({"say", "must"})


def test_new_lexicon_entries_are_read_not_hard_coded():
    lexicon = load_lexicon()
    found = TriggerWords.from_lexicon(lexicon)
    assert {spec.lemma for specs in lexicon.index.values() for spec in specs} == set(found.needs)


def test_lemma_guesses_cover_suffix_rules_and_irregular_forms():
    guess = LemmaGuesser({"verb": [["ed", "e"], ["ed", ""], ["s", ""]], "noun": [["s", ""]]},
                         {"verb": {"met": ["meet"], "held": ["hold"]}})
    assert {"met", "meet"} <= guess("met")
    assert "hold" in guess("held")
    assert {"agree", "agre"} <= guess("agreed")
    assert "talk" in guess("talks")
    assert guess("s") == {"s"}  # a rule never strips a whole word


def test_select_keeps_triggers_the_lead_and_the_sentence_before(tmp_path):
    w = words(tmp_path)
    plain = {"the", "weather"}
    sentences = [plain, plain, plain, plain, plain, {"they", "meet"}, plain]
    # paragraphs start at 0 (headline), 1 (lead) and 4
    assert select_sentences(sentences, [0, 1, 4], w) == [0, 1, 4, 5]
    assert select_sentences(sentences, [0, 1, 4], w, before=2) == [0, 1, 3, 4, 5]


def test_context_after_the_last_trigger_is_not_parsed(tmp_path):
    w = words(tmp_path)
    assert select_sentences([{"meet"}, {"weather"}, {"weather"}], [0, 1], w) == [0]
    assert select_sentences([{"weather"}, {"rain"}], [0, 1], w) == []


def test_units_are_runs_of_touching_sentences_within_a_paragraph():
    text = "Headline here\n\nOne. Two. Three. Four.\n\nFive."
    chunks = [(0, "Headline here"), (15, "One. Two. Three. Four."), (39, "Five.")]
    spans = [[(0, 13)], [(0, 4), (5, 9), (10, 16), (17, 22)], [(0, 5)]]
    found = units(chunks, spans, [0, 2, 3, 5])
    assert found == [(0, "Headline here"), (20, "Two. Three. "), (39, "Five.")]  # with its trailing space
    for offset, unit in found:
        assert text[offset:offset + len(unit)] == unit


def test_cascade_counts_what_it_sends_on(tmp_path):
    def split(text):
        out, start = [], 0
        for part in text.split(". "):
            end = start + len(part.rstrip("."))
            out.append((start, end, part.rstrip(".").lower().split()))
            start = end + 2
        return out

    cascade = Cascade(split, words(tmp_path), lambda form: frozenset([form]))
    chunks = [(0, "Storm news"), (12, "It rained. It snowed. It hailed. They meet today. It cleared")]
    found = cascade.units(chunks)
    assert found == [(0, "Storm news"), (12, "It rained"), (34, "It hailed. They meet today")]
    assert cascade.stats.sentences == 6 and cascade.stats.parsed_sentences == 4
    assert cascade.stats.share == 4 / 6
