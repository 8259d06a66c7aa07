"""Find event triggers in a sentence: lexicon lemmas checked against their dependency context."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..ontology.lexicon import Lexicon, TriggerSpec

VERBAL = {"VERB", "AUX"}
QUANTITIES = {"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "number", "group",
              "batch", "scores", "score", "some", "all", "more", "several", "round", "rounds", "series"}
NOUNS = {"NOUN", "PROPN"}
# Titles that stand for a person as an object ("welcomed the Prime Minister to Ankara").
TITLE_NOUNS = {"president", "minister", "chancellor", "king", "queen", "emir", "prince", "secretary",
               "premier", "delegation", "counterpart", "ambassador", "envoy", "leader", "sultan"}


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger token, the lexicon entry it matched, and its light-verb object if any."""

    token: Token
    spec: TriggerSpec
    light_object: Token | None = None

    @property
    def heads(self) -> tuple[Token, ...]:
        """Tokens whose prepositions may hold the target: the verb and its light object."""
        return (self.token, self.light_object) if self.light_object is not None else (self.token,)


def _objects(token: Token) -> list[Token]:
    """Objects a light verb may take, including the subject of its passive."""
    out = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")
           or (c.dep_ == "xcomp" and c.pos_ == "NOUN")]  # "declared X persona non grata"
    for prt in token.children:  # "carried out attacks" is sometimes parsed prt -> pobj
        if prt.dep_ == "prep" and prt.lower_ == "out":
            out += [c for c in prt.children if c.dep_ == "pobj"]
    for obj in list(out):
        out += [c for c in obj.conjuncts if c.i > obj.i]
        if obj.lemma_.lower() in QUANTITIES:  # "exchanged hundreds of prisoners"
            out += [p for prep in obj.children if prep.lower_ == "of"
                    for p in prep.children if p.dep_ == "pobj"]
            out += [c for c in obj.children if c.dep_ == "oprd"]  # "hundreds more missiles", misparsed
    return out


def _has_word(token: Token, word: str) -> bool:
    return any(c.lower_ == word and c.dep_ in ("prt", "prep", "advmod", "dative", "agent")
               for c in token.children)


def _has_infinitive(token: Token) -> bool:
    """'called on X to stop', 'pushed X to attack': a to-infinitive under the trigger."""
    for tok in token.subtree:
        if tok.i != token.i and tok.dep_ in ("xcomp", "advcl", "acl", "ccomp", "relcl") and \
                any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return True
    return False


def _fits(spec: TriggerSpec, token: Token) -> tuple[bool, Token | None]:
    """Check one spec's context conditions; return the light-verb object that satisfied it."""
    if spec.prep and not _has_word(token, spec.prep):
        return False, None
    if any(_has_word(token, p) for p in spec.not_prep):
        return False, None
    if spec.needs_prep and not any(_has_word(token, p) for p in spec.needs_prep):
        return False, None
    if spec.needs_compound and not any(c.dep_ in ("compound", "amod") and c.lower_ in spec.needs_compound
                                       for c in token.children):
        return False, None
    if spec.needs_xcomp and not _has_infinitive(token):
        return False, None
    if spec.needs_modal and not any(
            c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in spec.needs_modal for a in c.children)
            for c in token.children):
        return False, None
    if spec.xcomp and not any(c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in spec.xcomp
                              for c in token.children):
        return False, None
    if spec.not_xcomp and any(c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in spec.not_xcomp
                              for c in token.children):
        return False, None
    if spec.not_pobjects and any(p.dep_ == "pobj" and p.lemma_.lower() in spec.not_pobjects
                                 for prep in token.children if prep.dep_ == "prep"
                                 for p in prep.children):
        return False, None
    if spec.subject_of and not any(
            d.lemma_.lower() in spec.subject_of or d.lower_ in spec.subject_of
            for c in token.children if c.dep_ in ("nsubj", "nsubjpass") for d in c.subtree):
        return False, None
    objs = _objects(token)
    if spec.intransitive and any(o.dep_ == "dobj" for o in objs):
        return False, None
    if spec.object_kind and objs:
        kinds = {"actor": ("PERSON", "ORG", "GPE", "NORP"), "organisation": ("ORG",),
                 "thing": ("PERSON", "ORG", "GPE", "NORP")}[spec.object_kind]
        is_kind = (objs[0].ent_type_ in kinds or (spec.object_kind == "actor" and objs[0].lemma_.lower()
                                                   in TITLE_NOUNS)) and \
            not any(c.dep_ == "case" for c in objs[0].children)
        if (spec.object_kind != "thing") != is_kind:
            return False, None
    if spec.object_of and spec.pos == "NOUN":  # "the delivery of aid": what is delivered
        held = [p for prep in token.children if prep.lower_ == "of" for p in prep.children]
        if not any(_holds(p, spec.object_of) for p in held):
            return False, None
    if spec.not_objects and any(o.lemma_.lower() in spec.not_objects or o.lower_ in spec.not_objects
                                for o in objs):
        return False, None
    if spec.objects:
        hit = next((o for o in objs if o.lemma_.lower() in spec.objects or o.lower_ in spec.objects),
                   None)
        if hit is not None and spec.object_of and spec.pos == "VERB" and not _holds(hit, spec.object_of):
            return False, None  # "sent a message" is an event only as "a message of condolence"
        return (hit is not None), hit
    return True, None


def _holds(noun: Token, words: frozenset[str]) -> bool:
    """The noun is one of ``words``, or holds one in an 'of' phrase ('a message of support')."""
    if noun.lemma_.lower() in words or noun.lower_ in words:
        return True
    return any(p.lemma_.lower() in words or p.lower_ in words
               for prep in noun.children if prep.lower_ == "of" for p in prep.children
               if p.dep_ == "pobj")


def _base_forms(token: Token) -> list[str]:
    """Base forms of a regular past or -ing verb the lemmatizer got wrong ("staged" -> "stag")."""
    word = token.lower_
    if token.tag_ in ("VBD", "VBN") and word.endswith("ed"):
        return [word[:-1], word[:-2]]
    if token.tag_ == "VBG" and word.endswith("ing"):
        return [word[:-3] + "e", word[:-3]]
    return []


def match_token(token: Token, lexicon: Lexicon) -> TriggerMatch | None:
    """The best lexicon entry for a token, if its context fits one."""
    pos = "VERB" if token.pos_ in VERBAL else "NOUN" if token.pos_ in NOUNS else None
    if pos is None:
        return None
    lemma = token.lemma_.lower()
    candidates = lexicon.candidates(lemma, pos) or lexicon.candidates(token.lower_, pos) or \
        [c for base in _base_forms(token) for c in lexicon.candidates(base, pos)]
    for spec in candidates:
        ok, obj = _fits(spec, token)
        if ok:
            return TriggerMatch(token, spec, obj)
    return None


def find_triggers(sent: Span, lexicon: Lexicon) -> list[TriggerMatch]:
    """Every trigger in a sentence; a noun used as a light verb's object is not a second event."""
    matches = [m for m in (match_token(t, lexicon) for t in sent) if m is not None]
    consumed = {m.light_object.i for m in matches if m.light_object is not None}
    return [m for m in matches if m.token.i not in consumed]
