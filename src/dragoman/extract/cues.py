"""Status (occurred, planned, hypothetical, negated) and attribution cues around a trigger.

Pure functions over spaCy tokens and the cue lists in ``ontology/data/cues.yml``.
"""
from __future__ import annotations

from spacy.tokens import Token

from ..ontology.lexicon import Cues
from ..types import Status
from .arguments import actor_span, governing_chain, subjects

_HYPOTHETICAL_MARKS = {"if", "unless"}
_CIRCUMSTANTIAL = {"after", "following", "since", "despite", "during", "amid", "at", "in"}


def _aux(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in ("aux", "auxpass")]


def _negated(token: Token, cues: Cues) -> bool:
    if any(c.dep_ == "neg" or (c.lower_ in cues.negators and c.dep_ in ("advmod", "det"))
           for c in token.children):
        return True
    return False


def _reported_future(verb: Token, cues: Cues) -> bool:
    """'X said/told Y that Z would act', with no condition: a plan reported, not a supposition."""
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in cues.speech_verbs:
        return False
    return not any(c.dep_ == "advcl" and any(m.lower_ in _HYPOTHETICAL_MARKS for m in c.children)
                   for c in verb.children)


def event_status(trigger: Token, cues: Cues, objects: tuple[Token, ...] = ()) -> Status:
    """Decide whether the event occurred, is planned, hypothetical, or negated."""
    chain = [trigger, *governing_chain(trigger)]
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ == "pobj" and \
            trigger.head.lower_ in _CIRCUMSTANTIAL:
        chain = [trigger]  # "will resume contacts following yesterday's meeting": the meeting happened
    if (trigger.tag_ == "VBN" and trigger.dep_ == "acl" and not _aux(trigger)) or (
            trigger.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "acl" and c.tag_ == "VBN" and not _aux(c)
                                                      for c in trigger.children)):
        chain = [trigger]  # "will review the agreement signed by X and Y": the signing happened
    for obj in objects:
        if any(c.lower_ == "no" for c in obj.children):
            return "negated"
    if trigger.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ == "amod" and c.lower_ in cues.planned_modifiers for c in trigger.children):
        return "planned"
    for i, tok in enumerate(chain):
        if _negated(tok, cues):
            return "negated"
        if i > 0 and tok.lemma_.lower() in cues.negating_governors:
            return "negated"
    for tok in chain:
        lemma = tok.lemma_.lower()
        auxes = {a.lower_ for a in _aux(tok)}
        if any(c.dep_ == "mark" and c.lower_ in _HYPOTHETICAL_MARKS for c in tok.children):
            return "hypothetical"
        if auxes & cues.hypothetical_aux:
            if auxes & {"would", "'d"} and _reported_future(tok, cues):
                return "planned"  # "said the UK would send": future in reported speech
            return "hypothetical"
        if auxes & cues.planned_aux:
            return "planned"
        if tok.i != trigger.i and lemma in cues.planned_governors:
            return "planned"
        if tok.i != trigger.i and lemma in cues.hypothetical_governors:
            return "hypothetical"
        if tok.lower_ in ("going",) and tok.tag_ == "VBG":
            return "planned"
    # "X is to visit Y": copula + infinitive
    if trigger.dep_ == "xcomp" and trigger.head.lemma_ == "be" and trigger.head.tag_ != "VBN":
        return "planned"
    return "occurred"


def _attribution_phrase(head: Token, media) -> str:
    span = actor_span(head)
    found = media(span.text) if media else None
    if found:
        return found
    for tok in span:
        if tok.ent_type_ == "ORG":
            ent = next(e for e in tok.doc.ents if e.start <= tok.i < e.end)
            return ent.text
    words = [t for t in span if t.dep_ != "det" and t.dep_ != "poss" and t.dep_ != "case"]
    return " ".join(t.text for t in words) if words else span.text


def attribution(trigger: Token, cues: Cues, media=None) -> str | None:
    """Who the text cites for the event: 'according to X', 'X reported', 'X told Y'."""
    chain = [trigger, *governing_chain(trigger, limit=6)]
    for tok in chain:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "according":
                to = next((c for c in child.children if c.lower_ == "to"), None)
                obj = next((c for c in (to.children if to is not None else ()) if c.dep_ == "pobj"), None)
                if obj is not None:
                    return _attribution_phrase(obj, media)
    sent = trigger.sent
    for tok in chain[1:]:
        if tok.lemma_.lower() in cues.speech_verbs:
            return _speaker(tok, cues, media)
    # "..., Iran International reported." parsed with the report verb as ROOT over the trigger
    root = sent.root
    if root.i != trigger.i and root.lemma_.lower() in cues.speech_verbs and trigger in root.subtree:
        return _speaker(root, cues, media)
    return None


def _speaker(verb: Token, cues: Cues, media) -> str | None:
    if verb.lemma_.lower() == "tell":
        told = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        if told and media and media(actor_span(told[0]).text):
            return media(actor_span(told[0]).text)
    subj = subjects(verb)
    if not subj:
        return None
    return _attribution_phrase(subj[0], media)

