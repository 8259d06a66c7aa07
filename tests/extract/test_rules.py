"""Extraction rules on hand-built parses: fast, and independent of any model's mood."""
from __future__ import annotations

from datetime import date

from dragoman.extract.events import RuleExtractor, SentenceContext
from dragoman.ontology.lexicon import load_cues, load_lexicon
from dragoman.resolve.actors import ArticleActors
from dragoman.resolve.events import merge_drafts

from ..conftest import make_doc

PUB = date(2023, 12, 20)  # a Wednesday


def drafts(doc, kb, published=PUB):
    ex = RuleExtractor(nlp=None, kb=kb, lexicon=load_lexicon(), cues=load_cues())
    ctx = SentenceContext(published, ArticleActors(kb, load_cues(), published), 0, story=published)
    out = []
    for sent in doc.sents:
        out += ex.sentence_drafts(sent, ctx)
    return merge_drafts([d for d in out if not d.consumed])


def pairs(found):
    return [(d.type, d.source.name if d.source else None, d.target.name if d.target else None,
             d.status) for d in found]


def test_meeting_with_place_date_and_attribution(fake_kb):
    doc = make_doc([
        ("Haniyeh", 1, "nsubj", "PROPN", "Haniyeh"), ("met", 1, "ROOT", "VERB", "meet", "VBD"),
        ("Lavrov", 1, "dobj", "PROPN", "Lavrov"), ("in", 1, "prep", "ADP", "in"),
        ("Cairo", 3, "pobj", "PROPN", "Cairo"), ("on", 1, "prep", "ADP", "on"),
        ("Wednesday", 5, "pobj", "PROPN", "Wednesday"), (",", 1, "punct", "PUNCT", ","),
        ("according", 1, "prep", "VERB", "accord"), ("to", 8, "prep", "ADP", "to"),
        ("Reuters", 9, "pobj", "PROPN", "Reuters"), (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-PERSON", "O", "B-PERSON", "O", "B-GPE", "O", "B-DATE", "O", "O", "O", "B-ORG", "O"])
    [d] = drafts(doc, fake_kb)
    assert pairs([d]) == [("CONSULT", "Ismail Haniyeh", "Sergei Lavrov", "occurred")]
    assert d.date.start == PUB and d.date.precision == "day"
    assert d.place.name == "Cairo" and d.place.country == "EGY"
    assert d.attributed_to == "Reuters"


def test_negated_condemnation(fake_kb):
    doc = make_doc([
        ("China", 3, "nsubj", "PROPN", "China"), ("did", 3, "aux", "AUX", "do"),
        ("not", 3, "neg", "PART", "not"), ("condemn", 3, "ROOT", "VERB", "condemn"),
        ("Hamas", 3, "dobj", "PROPN", "Hamas"), (".", 3, "punct", "PUNCT", "."),
    ], ents=["B-GPE", "O", "O", "O", "B-ORG", "O"])
    assert pairs(drafts(doc, fake_kb)) == [("ACCUSE", "China", "Hamas", "negated")]


def test_scheduled_meeting_is_planned_and_inherits_subject(fake_kb):
    doc = make_doc([
        ("Haniyeh", 2, "nsubjpass", "PROPN", "Haniyeh"), ("is", 2, "auxpass", "AUX", "be"),
        ("scheduled", 2, "ROOT", "VERB", "schedule", "VBN"), ("to", 4, "aux", "PART", "to"),
        ("meet", 2, "xcomp", "VERB", "meet"), ("Lavrov", 4, "dobj", "PROPN", "Lavrov"),
        (".", 2, "punct", "PUNCT", "."),
    ], ents=["B-PERSON", "O", "O", "O", "O", "B-PERSON", "O"])
    assert pairs(drafts(doc, fake_kb)) == [("CONSULT", "Ismail Haniyeh", "Sergei Lavrov", "planned")]


def test_light_verb_talks_with(fake_kb):
    doc = make_doc([
        ("Iran", 1, "nsubj", "PROPN", "Iran"), ("held", 1, "ROOT", "VERB", "hold"),
        ("talks", 1, "dobj", "NOUN", "talk"), ("with", 1, "prep", "ADP", "with"),
        ("Egypt", 3, "pobj", "PROPN", "Egypt"), (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-GPE", "O", "O", "O", "B-GPE", "O"])
    assert pairs(drafts(doc, fake_kb)) == [("CONSULT", "Iran", "Egypt", "occurred")]


def test_coordinated_subjects_meet_pairwise(fake_kb):
    doc = make_doc([
        ("Iran", 3, "nsubj", "PROPN", "Iran"), ("and", 0, "cc", "CCONJ", "and"),
        ("Egypt", 0, "conj", "PROPN", "Egypt"), ("met", 3, "ROOT", "VERB", "meet"),
        (".", 3, "punct", "PUNCT", "."),
    ], ents=["B-GPE", "O", "B-GPE", "O", "O"])
    assert pairs(drafts(doc, fake_kb)) == [("CONSULT", "Iran", "Egypt", "occurred")]


def test_passive_reception_puts_visitor_first(fake_kb):
    doc = make_doc([
        ("Lavrov", 2, "nsubjpass", "PROPN", "Lavrov"), ("was", 2, "auxpass", "AUX", "be"),
        ("received", 2, "ROOT", "VERB", "receive", "VBN"), ("by", 2, "agent", "ADP", "by"),
        ("Haniyeh", 3, "pobj", "PROPN", "Haniyeh"), (".", 2, "punct", "PUNCT", "."),
    ], ents=["B-PERSON", "O", "O", "O", "B-PERSON", "O"])
    [d] = drafts(doc, fake_kb)
    assert (d.type, d.mode, d.source.name, d.target.name) == \
        ("CONSULT", "visit", "Sergei Lavrov", "Ismail Haniyeh")


def test_pronoun_resolves_to_previous_person(fake_kb):
    doc = make_doc([
        ("Haniyeh", 1, "nsubj", "PROPN", "Haniyeh"), ("spoke", 1, "ROOT", "VERB", "speak"),
        (".", 1, "punct", "PUNCT", "."),
        ("He", 4, "nsubj", "PRON", "he"), ("met", 4, "ROOT", "VERB", "meet"),
        ("Lavrov", 4, "dobj", "PROPN", "Lavrov"), (".", 4, "punct", "PUNCT", "."),
    ], ents=["B-PERSON", "O", "O", "O", "O", "B-PERSON", "O"])
    found = drafts(doc, fake_kb)
    assert pairs(found) == [("CONSULT", "Ismail Haniyeh", "Sergei Lavrov", "occurred")]
    assert found[0].source.method == "coref"


def test_visit_to_a_city_abroad_targets_its_state(fake_kb):
    # "Haniyeh is in Cairo to discuss the truce." -> a visit to Egypt
    doc = make_doc([
        ("Haniyeh", 1, "nsubj", "PROPN", "Haniyeh"), ("is", 1, "ROOT", "AUX", "be"),
        ("in", 1, "prep", "ADP", "in"), ("Cairo", 2, "pobj", "PROPN", "Cairo"),
        ("to", 5, "aux", "PART", "to"), ("discuss", 1, "advcl", "VERB", "discuss"),
        ("the", 7, "det", "DET", "the"), ("truce", 5, "dobj", "NOUN", "truce"),
        (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-PERSON", "O", "O", "B-GPE", "O", "O", "O", "O", "O"])
    [d] = drafts(doc, fake_kb)
    assert (d.type, d.mode, d.source.name, d.target.actor) == ("CONSULT", "visit", "Ismail Haniyeh", "EGY")


def test_unresolvable_thing_is_not_a_target(fake_kb):
    # "Iran condemned the decision." -> no actor as target, so no event
    doc = make_doc([
        ("Iran", 1, "nsubj", "PROPN", "Iran"), ("condemned", 1, "ROOT", "VERB", "condemn"),
        ("the", 3, "det", "DET", "the"), ("decision", 1, "dobj", "NOUN", "decision"),
        (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-GPE", "O", "O", "O", "O"])
    assert drafts(doc, fake_kb) == []


def test_repeated_report_is_merged_within_an_article(fake_kb):
    rows = [("Haniyeh", 1, "nsubj", "PROPN", "Haniyeh"), ("met", 1, "ROOT", "VERB", "meet"),
            ("Lavrov", 1, "dobj", "PROPN", "Lavrov"), (".", 1, "punct", "PUNCT", ".")]
    second = [(w, h + 4, d, p, l) for w, h, d, p, l in rows]
    doc = make_doc(rows + second, ents=["B-PERSON", "O", "B-PERSON", "O"] * 2)
    assert len(drafts(doc, fake_kb)) == 1


def test_group_anaphora_takes_the_last_pair(fake_kb):
    # "Iran met Egypt. The two sides agreed." -> AGREE between Iran and Egypt
    doc = make_doc([
        ("Iran", 1, "nsubj", "PROPN", "Iran"), ("met", 1, "ROOT", "VERB", "meet"),
        ("Egypt", 1, "dobj", "PROPN", "Egypt"), (".", 1, "punct", "PUNCT", "."),
        ("The", 6, "det", "DET", "the"), ("two", 6, "nummod", "NUM", "two"),
        ("sides", 7, "nsubj", "NOUN", "side", "NNS"), ("agreed", 7, "ROOT", "VERB", "agree"),
        (".", 7, "punct", "PUNCT", "."),
    ], ents=["B-GPE", "O", "B-GPE", "O", "O", "O", "O", "O", "O"])
    found = pairs(drafts(doc, fake_kb))
    assert ("AGREE", "Iran", "Egypt", "occurred") in found


def test_reciprocal_object_makes_both_sides(fake_kb):
    # "Iran and Egypt accused each other."
    doc = make_doc([
        ("Iran", 3, "nsubj", "PROPN", "Iran"), ("and", 0, "cc", "CCONJ", "and"),
        ("Egypt", 0, "conj", "PROPN", "Egypt"), ("accused", 3, "ROOT", "VERB", "accuse"),
        ("each", 5, "det", "DET", "each"), ("other", 3, "dobj", "ADJ", "other"),
        (".", 3, "punct", "PUNCT", "."),
    ], ents=["B-GPE", "O", "B-GPE", "O", "O", "O", "O"])
    found = {(d.source.name, d.target.name) for d in drafts(doc, fake_kb)}
    assert found == {("Iran", "Egypt"), ("Egypt", "Iran")}


def test_call_on_with_infinitive_is_a_request_without_is_a_visit(fake_kb):
    # "China called on Iran to stop." vs "Lavrov called on Haniyeh."
    request = make_doc([
        ("China", 1, "nsubj", "PROPN", "China"), ("called", 1, "ROOT", "VERB", "call"),
        ("on", 1, "prep", "ADP", "on"), ("Iran", 2, "pobj", "PROPN", "Iran"),
        ("to", 5, "aux", "PART", "to"), ("stop", 1, "xcomp", "VERB", "stop"),
        (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-GPE", "O", "O", "B-GPE", "O", "O", "O"])
    assert pairs(drafts(request, fake_kb)) == [("REQUEST", "China", "Iran", "occurred")]
    visit = make_doc([
        ("Lavrov", 1, "nsubj", "PROPN", "Lavrov"), ("called", 1, "ROOT", "VERB", "call"),
        ("on", 1, "prep", "ADP", "on"), ("Haniyeh", 2, "pobj", "PROPN", "Haniyeh"),
        (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-PERSON", "O", "O", "B-PERSON", "O"])
    [d] = drafts(visit, fake_kb)
    assert (d.type, d.mode) == ("CONSULT", "visit")


def test_phone_call_partner_hangs_on_the_medium(fake_kb):
    # "Lavrov spoke by telephone with Haniyeh."
    doc = make_doc([
        ("Lavrov", 1, "nsubj", "PROPN", "Lavrov"), ("spoke", 1, "ROOT", "VERB", "speak"),
        ("by", 1, "prep", "ADP", "by"), ("telephone", 2, "pobj", "NOUN", "telephone"),
        ("with", 3, "prep", "ADP", "with"), ("Haniyeh", 4, "pobj", "PROPN", "Haniyeh"),
        (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-PERSON", "O", "O", "O", "O", "B-PERSON", "O"])
    [d] = drafts(doc, fake_kb)
    assert (d.type, d.mode, d.target.name) == ("CONSULT", "phone", "Ismail Haniyeh")


def test_present_tense_statement_is_dated_on_the_publication_day(fake_kb):
    doc = make_doc([
        ("China", 1, "nsubj", "PROPN", "China"), ("condemns", 1, "ROOT", "VERB", "condemn", "VBZ"),
        ("Israel", 1, "dobj", "PROPN", "Israel"), (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-GPE", "O", "B-GPE", "O"])
    [d] = drafts(doc, fake_kb)
    assert d.date.start == PUB and d.date.method == "tense"


def test_without_publication_date_a_statement_stays_undated(fake_kb):
    doc = make_doc([
        ("China", 1, "nsubj", "PROPN", "China"), ("condemns", 1, "ROOT", "VERB", "condemn", "VBZ"),
        ("Israel", 1, "dobj", "PROPN", "Israel"), (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-GPE", "O", "B-GPE", "O"])
    [d] = drafts(doc, fake_kb, published=None)
    assert d.date is None


def test_owner_of_a_condemned_thing_is_the_target(fake_kb):
    # "China condemned Israel's strikes." -> ACCUSE China -> Israel
    doc = make_doc([
        ("China", 1, "nsubj", "PROPN", "China"), ("condemned", 1, "ROOT", "VERB", "condemn"),
        ("Israel", 4, "poss", "PROPN", "Israel"), ("'s", 2, "case", "PART", "'s"),
        ("strikes", 1, "dobj", "NOUN", "strike", "NNS"), (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-GPE", "O", "B-GPE", "O", "O", "O"])
    assert pairs(drafts(doc, fake_kb)) == [("ACCUSE", "China", "Israel", "occurred")]


def test_a_state_is_not_its_own_officials_counterpart(fake_kb):
    # "Lavrov met Russia." would pair a minister with his own state
    doc = make_doc([
        ("Lavrov", 1, "nsubj", "PROPN", "Lavrov"), ("met", 1, "ROOT", "VERB", "meet"),
        ("Russia", 1, "dobj", "PROPN", "Russia"), (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-PERSON", "O", "B-GPE", "O"])
    fake_kb.entries["Russia"] = type(fake_kb.entries["Iran"])("RUS", "Russia", "RUS", "state")
    assert drafts(doc, fake_kb) == []


def test_a_trigger_is_not_its_own_planned_governor(fake_kb):
    # "Iran agreed with Egypt." happened: 'agree' only plans the events under it
    doc = make_doc([
        ("Iran", 1, "nsubj", "PROPN", "Iran"), ("agreed", 1, "ROOT", "VERB", "agree"),
        ("with", 1, "prep", "ADP", "with"), ("Egypt", 2, "pobj", "PROPN", "Egypt"),
        (".", 1, "punct", "PUNCT", "."),
    ], ents=["B-GPE", "O", "O", "B-GPE", "O"])
    assert pairs(drafts(doc, fake_kb)) == [("AGREE", "Iran", "Egypt", "occurred")]
