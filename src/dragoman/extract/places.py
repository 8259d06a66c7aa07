"""Where an event took place: 'in Nairobi', 'at the summit in Addis Ababa', the city a visit went to."""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..resolve.places import geocode
from ..types import Place
from .arguments import governing_chain
from .triggers import TriggerMatch

_LOCATIVE = {"in", "at"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def _place_phrase(pobj: Token) -> str:
    """'southern Gaza', 'the Red Sea': the place's name with its left modifiers."""
    left = min((t.i for t in pobj.subtree if t.i <= pobj.i and t.dep_ in ("amod", "compound", "det")),
               default=pobj.i)
    ent = next((e for e in pobj.doc.ents if e.start <= pobj.i < e.end), None)
    if ent is not None and ent.label_ in _PLACE_LABELS:
        left = min(left, ent.start)
        return pobj.doc[left:ent.end].text
    return pobj.doc[left:pobj.i + 1].text


def _locative(head: Token) -> Place | None:
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in _LOCATIVE:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    if pobj.ent_type_ not in _PLACE_LABELS and not pobj.is_title:
                        continue  # "in the region", "at the meeting": no place name
                    place = geocode(_place_phrase(pobj))
                    if place.country or pobj.ent_type_ in _PLACE_LABELS:
                        return place
    return None


_STAY = {"be", "arrive", "stay", "travel", "go", "come", "remain", "land"}


def event_place(match: TriggerMatch, sent: Span) -> tuple[Place | None, bool]:
    """The event's place, and whether it hangs on the trigger itself (not found further away).

    Checked in order: the verb that puts the actor somewhere ("is in Nairobi for talks"), the
    trigger and its light-verb object, a visited place as object, then any locative phrase
    inside the trigger's non-subject dependents.
    """
    chain = governing_chain(match.token)[:1]
    stay = [h for h in chain if h.lemma_ in _STAY and match.token.dep_ in ("advcl", "xcomp")]
    for head in (*stay, *match.heads, *chain):
        found = _locative(head)
        if found is not None:
            return found, True
    if match.spec.place_target or match.spec.mode == "visit":
        for child in match.token.children:
            if child.dep_ == "dobj" and child.ent_type_ in ("GPE", "LOC"):
                return geocode(_place_phrase(child)), True
    if match.spec.type == "CONSULT":
        return None, False  # a meeting's place must hang on it: "discussed the wars in X" is no venue
    for child in match.token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            continue
        for tok in child.subtree:
            if tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE and \
                    (tok.ent_type_ in _PLACE_LABELS or (tok.is_title and not tok.ent_type_)):
                place = geocode(_place_phrase(tok))
                if place.country:
                    return place, False
    return None, False
