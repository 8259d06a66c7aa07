"""Who did it and to whom: argument heads turned into actors for one trigger.

The rules of ``arguments.py`` give head tokens; here they become actors through the article's
coreference memory and the knowledge base, with the rules that need the article so far: group
members, owners of things, victims that are places or things, counterparts, the doer of an event
told earlier, the reporter of an agentless arrest, and a visited place's state.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from spacy.tokens import Token

from ..ontology.lexicon import Cues, Lexicon
from ..resolve.places import geocode
from ..types import ActorRef, Place
from . import arguments as args
from .triggers import TriggerMatch, match_token

if TYPE_CHECKING:
    from .events import SentenceContext

# Types whose object may be a thing that belongs to the real target ("rejected X's proposal").
OWNER_TARGETS = {"ACCUSE", "REJECT", "SUPPORT", "REQUEST"}
# Types whose object is a real victim even when it is no known actor ("seized a ship").
THING_TARGETS = {"ASSAULT", "COERCE"}
# Types whose target may be a place standing for its state ("withdrew from Izium", "aid to the
# Idlib region"), but never another thing.
PLACE_TARGETS = {"RETREAT", "AID"}
# "X was arrested" with no agent: the doer comes from the reporter or the story so far.
AGENTLESS_FROM_CONTEXT = {"COERCE", "ASSAULT"}
PLACE_NOUNS = {"city", "town", "village", "region", "province", "capital", "port", "district"}
# Unnamed designees a sanction is still recorded against, as one group ("three further
# commanders were designated", "sanctions on 12 individuals and entities").
DESIGNEE_NOUNS = {"individual", "entity", "official", "commander", "company", "firm", "person",
                  "member", "leader", "financier", "facilitator", "network", "vessel", "tanker",
                  "businessman", "oligarch", "officer", "judge", "prosecutor"}
# Verbs whose target may sit in the act they govern ("threatened to expel X's diplomats").
COMPLEMENT_TARGETS = {"AGREE", "REQUEST", "THREATEN", "REJECT", "AID"}
# Prepositions under a governed act that introduce its counterpart or victim.
COMPLEMENT_PREPS = ("with", "to", "against", "on", "from")
_ACTOR_ENTS = ("PERSON", "ORG", "GPE", "NORP")


# Verbs of an aid's stated purpose ("to help X").
HELP_VERBS = {"help", "support", "assist", "bolster", "strengthen", "equip", "back", "sustain", "rebuild"}
# Verbs of a protest's stated aim ("marched to demand the resignation of X").
AIM_VERBS = {"demand", "call", "press", "urge", "seek", "denounce", "oppose", "protest", "condemn",
             "reject", "decry", "criticise", "criticize", "challenge", "defy"}


def protest_aim(tok: Token) -> list[Token]:
    """Whom a protest is aimed at, from a clause of its aim: "to demand the resignation of X",
    "calling for X's removal", "in defiance of X"."""
    clauses = [c for c in tok.children if c.dep_ in ("advcl", "xcomp", "conj") and c.lemma_.lower() in AIM_VERBS]
    for clause in clauses:
        things = args.direct_objects(clause) + args.prep_objects([clause], "for") + \
            args.prep_objects([clause], "against")
        for thing in things:
            if thing.ent_type_ in _ACTOR_ENTS:
                return [thing]
            inner = [o for o in args.prep_objects([thing], "of") if o.ent_type_ in _ACTOR_ENTS]
            found = inner or ([w] if (w := args.owner(thing)) is not None else [])
            if found:
                return found
    defied = [o for p in args.prep_objects([tok], "in") if p.lemma_.lower() == "defiance"
              for o in args.prep_objects([p], "of")]
    return defied


def complement_target(inner: Token, places: bool = False) -> list[Token]:
    """The counterpart or victim of a governed act ("agreed to hand over X to Y", "refused to
    allow Swedish officials in", "vowed to freeze Z's assets", with ``places`` also
    "threatened to close the border in Q")."""
    found = next((f for w in COMPLEMENT_PREPS if (f := args.prep_objects([inner], w))), [])
    if found:
        return found
    objects = args.direct_objects(inner) + [  # "allow X to attend": X
        s for c in inner.children if c.dep_ == "ccomp" for s in args._children(c, {"nsubj"})]
    named = [o for o in objects if o.ent_type_ in _ACTOR_ENTS or any(
        c.dep_ in ("amod", "compound") and c.ent_type_ in ("GPE", "NORP") for c in o.lefts)]
    if named:
        return named
    owned = [w for o in objects if (w := args.owner(o)) is not None]
    if owned:
        return owned
    if places:
        return [p for p in args.prep_objects([inner], "in") if p.ent_type_ in ("GPE", "LOC")]
    return []


@dataclass
class SideFinder:
    """Finds the source and target actors of a trigger."""

    kb: Any
    lexicon: Lexicon
    cues: Cues

    def find(self, match: TriggerMatch, on: date | None,
               ctx: SentenceContext) -> tuple[list[ActorRef], list[ActorRef]]:
        spec, tok = match.spec, match.token
        if spec.pos == "NOUN":
            third = args.mediator(tok)
            if third:  # "after talks mediated by X": X met each party (PLOVER third-party)
                parties = args.between(tok) or [p for p in args.subjects(tok.sent.root) if p.i != tok.i]
                if not parties:
                    return [], []
                return self._actors(third, on, ctx, True), self._actors(parties, on, ctx, False)
            pair = args.between(tok)
            if pair:
                return self._actors(pair, on, ctx, True), []
            src_heads = args.nominal_sources(tok)
            if not src_heads and tok.dep_ == "dobj" and match_token(tok.head, self.lexicon) is None \
                    and spec.type not in THING_TARGETS:
                src_heads = args.subjects(tok.head)  # "X resumed talks with Y"
            verb = args.governing_verb(tok) if tok.dep_ == "pobj" and (tok.head.lower_ in (
                "in", "during", "following", "after", "before") or _looked_forward(tok)) else None
            if not src_heads and verb is not None and match_token(verb, self.lexicon) is None \
                    or (not src_heads and verb is not None and spec.mode == "phone"):
                src_heads = args.subjects(verb)  # "X called for a truce in a phone call with Y"

        elif spec.source == "voice":  # "those sanctioned today include X": the issuer did it
            voice = ctx.actors.voice
            return ([voice] if voice else []), self._actors(self._target_heads(match), on, ctx, False)
        elif args.is_passive(tok):
            src_heads = args.passive_agents(tok)
            if not src_heads and spec.type == "SANCTION" and ctx.actors.voice is not None:
                return [ctx.actors.voice], self._actors(self._target_heads(match), on, ctx, False,
                                                        designees=True)
            if not src_heads and spec.type in AGENTLESS_FROM_CONTEXT:
                return self._agentless(tok, on, ctx), self._actors(self._target_heads(match), on, ctx, False)
        elif (noun := args.participle_noun(tok)) is not None:
            # "the missiles fired at X": the doer owns the missiles, whoever speaks of them
            owner = args.owner(noun)
            inner = args.prep_objects([noun], "of") if owner is None else []
            owner = owner or next((args.owner(i) for i in inner if args.owner(i) is not None), None)
            src_heads = [owner] if owner is not None else []
        elif tok.dep_ == "acl" and any(c.dep_ == "poss" for c in tok.head.children):
            # "X's intention to send aid", "X's decision to expel": the owner acts
            src_heads = [c for c in tok.head.children if c.dep_ == "poss"]
        else:
            src_heads = args.subjects(tok)
        tgt_heads = self._target_heads(match)
        if spec.type in OWNER_TARGETS | {"AGREE"}:
            doer = self._doer_of_told_event(tgt_heads, on, ctx)
            if doer is not None:  # "condemned the detention of X": whoever detained X
                return self._actors(src_heads, on, ctx, True), [doer]
        if any(args.is_reciprocal(t) for t in tgt_heads):  # "accused each other"
            tgt_heads = []
            sources = self._actors(src_heads, on, ctx, True)
            return sources, list(reversed(sources)) if len(sources) == 2 else []
        sources = self._actors(src_heads, on, ctx, True)
        targets = self._actors(tgt_heads, on, ctx, False, owners=spec.type in OWNER_TARGETS,
                               things=spec.type in THING_TARGETS | PLACE_TARGETS,
                               places_only=spec.type in PLACE_TARGETS)
        targets = [c for c in (self._counterpart(t, sources, on, ctx) for t in targets) if c is not None]
        if spec.reverse and targets and not _durative(tok):
            sources, targets = targets, sources
        return sources, targets

    def _agentless(self, tok: Token, on: date | None, ctx: SentenceContext) -> list[ActorRef]:
        """'X was arrested', with no 'by': whoever reports it ('police said'), else the doer of
        the latest coercion or assault told in the article."""
        for head in args.governing_chain(tok)[:3]:
            if head.lemma_.lower() in self.cues.speech_verbs:
                speakers = self._actors(args.subjects(head), on, ctx, True)
                if speakers and speakers[0].kind != "media":
                    return speakers[:1]
        for told in reversed(ctx.history[-12:]):
            if told.type in AGENTLESS_FROM_CONTEXT and told.source is not None:
                return [replace(told.source, method="context")]
        return []

    def _doer_of_told_event(self, heads: list[Token], on: date | None,
                            ctx: SentenceContext) -> ActorRef | None:
        """The source of an earlier event in the article whose victim this noun names."""
        for head in heads:
            if head.lemma_.lower() not in self.cues.event_nouns:
                continue
            if args.owner(head, self.cues.authored_nouns) is not None:
                return None  # "Israel's strikes": the owner rule names the doer
            patients = args.prep_objects([head], "of") or args.prep_objects([head], "on")
            if not patients and any(c.lower_ in ("the", "this", "that", "these", "those") for c in head.children):
                kind = self.lexicon.candidates(head.lemma_.lower(), "NOUN")
                family = {k.type for k in kind} or AGENTLESS_FROM_CONTEXT
                for told in reversed(ctx.history[-12:]):  # "condemned the raid": the raid told before
                    if told.type in family and told.source is not None and told.source.actor:
                        return told.source
            for patient in patients:
                ref = ctx.actors.resolve(patient, args.actor_span(patient), on)
                key = ref and (ref.kb_id or ref.actor or ref.name.lower())
                for told in reversed(ctx.history):
                    t = told.target
                    if told.source is not None and t is not None and key in (t.kb_id, t.actor, t.name.lower()):
                        return told.source
        return None

    def _target_heads(self, match: TriggerMatch) -> list[Token]:
        found = self.slot_heads(match)
        out: list[Token] = []
        for head in found:
            event_noun = match.spec.type == "CONSULT" and match_token(head, self.lexicon) is not None
            inner = (args.between(head) or args.prep_objects([head], "with")) if event_noun else []
            out += inner or [head]  # "hosted talks between X and Y": X and Y
        return out

    def slot_heads(self, match: TriggerMatch) -> list[Token]:
        spec, tok = match.spec, match.token
        for slot in spec.target:
            if slot == "dobj":
                light = match.light_object.i if match.light_object is not None else -1
                found = [t for t in args.direct_objects(tok) if t.i != light]
            elif slot == "iobj":
                found = args.indirect_objects(tok)
            elif slot.startswith("prep:"):
                found = args.prep_objects(match.heads + args.media_of(tok), slot[5:]) or \
                    args.prep_objects([o for o in tok.children if o.dep_ == "dobj"], slot[5:])
                if not found and match.light_object is not None:  # "a package worth $N for X"
                    found = args.prep_objects([t for t in match.light_object.subtree
                                               if t.i != match.light_object.i and t.pos_ in ("NOUN", "ADJ", "NUM")],
                                              slot[5:])
            elif slot == "poss":  # "sought X's support", "froze X's assets", "UK support"
                owners = [o for o in (match.light_object, *args.direct_objects(tok)) if o is not None]
                found = [c for o in owners for c in o.children if c.dep_ == "poss"] or \
                    [c for o in owners for c in o.lefts if c.dep_ in ("compound", "amod")
                     and c.ent_type_ in ("GPE", "NORP", "ORG")]
            elif slot == "ccomp":  # "demanded that X withdraw": X is asked
                found = [s for c in tok.children if c.dep_ == "ccomp" for s in args.subjects(c)]
            else:
                found = []
            if found:
                return found
        if spec.type == "REQUEST":  # "called for a truce in a phone call with X": X was asked
            for talk in tok.subtree:
                if talk.lemma_.lower() in args.MEDIA_WORDS | {"meeting", "talk", "talks", "conversation"} \
                        and talk.dep_ == "pobj":
                    found = args.prep_objects([talk], "with")
                    if found:
                        return found
        if spec.type in COMPLEMENT_TARGETS:
            for inner in (c for c in tok.children if c.dep_ == "xcomp"):
                found = complement_target(inner, spec.type == "THREATEN")
                if found:  # "offered to hand over X to Y", "threatened to expel Z"
                    return found
        if spec.type == "THREATEN":  # "threatened action if X went ahead": X is warned
            return args.condition_subjects(tok)
        if spec.type == "AID":  # "announced $N to help the Lebanese army": the army is aided
            for purpose in (t for t in tok.subtree if t.dep_ in ("advcl", "acl", "xcomp", "relcl")
                            and t.lemma_.lower() in HELP_VERBS):
                found = complement_target(purpose)
                if found:
                    return found
        if spec.type == "PROTEST":  # "rallied to demand X's resignation": X is protested
            return protest_aim(tok)
        return []

    def _actors(self, heads: list[Token], on: date | None, ctx: SentenceContext,
                is_subject: bool, owners: bool = False, things: bool = False,
                places_only: bool = False, designees: bool = False) -> list[ActorRef]:
        out = []
        expanded: list[Token] = []
        for head in heads:
            expanded += args.group_members(head, self.cues.actor_nouns) or [head]
        for head in expanded:
            members = ctx.actors.group(head, args.actor_span(head))
            if members:  # "the two sides agreed": both parties of the last two-sided event
                out.extend(members)
                continue
            # "the head of X intelligence, Jane Doe", "His Royal Highness Crown Prince X"
            named = args.apposition_name(head) if head.pos_ == "NOUN" or not head.ent_type_ else None
            target = named if named is not None else head
            ref = ctx.actors.resolve(target, args.actor_span(target), on)
            if named is not None and (ref is None or ref.actor is None):
                described = ctx.actors.resolve(head, args.actor_span(head), on)
                if ref is None:
                    ref = described
                elif described is not None and described.actor:
                    # "Mexico's ambassador, Raquel Serur": her name, the description's side
                    ref = replace(ref, actor=described.actor, role=described.role or ref.role)
            holders = args.owners(head, self.cues.authored_nouns) if ref is None and owners else []
            if ref is None and owners and not holders and head.lemma_.lower() in self.cues.event_nouns:
                holders = args.between(head)  # "welcomed the agreement between X and Y": X and Y
            for extra in holders[1:]:  # "the actions of X and Y": X and Y
                more = ctx.actors.resolve(extra, args.actor_span(extra), on)
                if more is not None:
                    out.append(more)
            if holders:  # "condemned Israel's strikes": the target is Israel
                ref = ctx.actors.resolve(holders[0], args.actor_span(holders[0]), on)
            if ref is None and designees and head.tag_ == "NNS" and head.lemma_.lower() in DESIGNEE_NOUNS:
                if any(r.method == "designees" for r in out):
                    continue  # "12 individuals and entities": one group record
                span = args.actor_span(head)
                ref = ActorRef(text=span.text, name=span.text, method="designees")
            if things and head.ent_type_ in ("GPE", "LOC", "FAC") and ref is not None and ref.actor is None \
                    and ref.kind is None:
                ref = None  # a town the knowledge base does not know: the gazetteer may
            if ref is None and things and head.pos_ in ("NOUN", "PROPN") and not head.ent_type_ == "DATE":
                ref = self._thing_target(head)
                if places_only and ref.method != "place":
                    ref = None  # "withdrew from the tournament" is no retreat from anyone
            if ref is not None:
                ctx.actors.remember(ref, ctx.base + head.idx, is_subject)
                out.append(ref)
        if len(expanded) >= 2 and len(out) >= 2 and not any(r.method == "coref" for r in out):
            ctx.actors.note_list(out, ctx.base + expanded[0].idx, is_subject)
        elif is_subject and len(out) >= 2:
            ctx.actors.last_subjects = tuple(out)
        if len(out) > 1 and any(r.kb_id for r in out):
            # "State Councilor and Foreign Minister X": the bare title is X, not a second actor
            out = [r for r in out if r.kb_id or r.method != "text" or not r.name[:1].isupper()]
        return out

    def _counterpart(self, target: ActorRef, sources: list[ActorRef], on: date | None,
                     ctx: SentenceContext) -> ActorRef | None:
        """'his Egyptian counterpart': the holder of the source's office in that state; a bare
        'his counterpart': the other side of the meeting the document reports."""
        if target.method == "counterpart":
            keys = {s.kb_id or s.actor for s in sources}
            other = [r for r in ctx.actors.main_pair if (r.kb_id or r.actor) not in keys]
            return replace(other[0], text=target.text, method="coref") if len(other) == 1 else None
        if target.kind == "person" or "counterpart" not in target.text.lower() or self.kb is None:
            return target
        role = next((s.role for s in sources if s.role and not s.role.startswith("former")), None)
        words = [w for w in target.text.split() if w.lower() not in ("his", "her", "their", "its", "counterpart", "the")]
        if role is None or not words:
            return target
        found = self.kb.resolve(f"{' '.join(words)} {role}", on=on)
        if found is None or found.kind != "person":
            return target
        return ActorRef(text=target.text, name=found.name, actor=found.code, role=found.role,
                        kb_id=found.kb_id, kind=found.kind, method="role", rank=found.rank)

    def _thing_target(self, head: Token) -> ActorRef:
        """A victim that is no known actor: a place stands for its state ("seized Goma"),
        anything else is kept as text ("seized a commercial ship")."""
        span = args.actor_span(head)
        inner = (args.prep_objects([head], "of") or [c for c in head.children if c.dep_ in ("nmod", "compound")
                                                     and c.ent_type_ in ("GPE", "LOC")]) \
            if head.lemma_ in PLACE_NOUNS else []
        if not inner and head.pos_ == "NOUN":  # "fired at targets in Q": Q's state was hit
            inner = [p for p in args.prep_objects([head], "in") if p.ent_type_ in ("GPE", "LOC")
                     or (p.pos_ == "PROPN" and p.ent_type_ not in ("PERSON", "ORG", "DATE"))]
        where = inner[0] if inner else head
        if where.ent_type_ in ("GPE", "LOC", "FAC") or inner or (
                where.pos_ == "PROPN" and where.ent_type_ not in ("PERSON", "NORP", "DATE")):
            place = geocode(args.actor_span(where).text)
            if place.country:  # named as the state, as place_target does: one name per actor code
                entry = self.kb.get(place.country) if self.kb is not None else None
                return ActorRef(text=span.text, name=getattr(entry, "name", None) or place.name,
                                actor=place.country, kind="state",
                                kb_id=place.country if entry is not None else None, method="place")
        return ActorRef(text=span.text, name=span.text, method="text")

    def place_target(self, place: Place, sources: list[ActorRef], on: date | None) -> list[ActorRef]:
        """'X is in Nairobi to negotiate ...': a meeting abroad with no named host is a visit."""
        if place.country is None or not sources:
            return []
        if all(s.actor == place.country for s in sources):
            return []
        entry = self.kb.get(place.country) if self.kb is not None else None
        name = getattr(entry, "name", None) or place.country
        return [ActorRef(text=place.name, name=name, actor=place.country, kind="state",
                         kb_id=place.country if entry is not None else None, method="place")]


def _looked_forward(tok: Token) -> bool:
    """'X and Y looked forward to the summit': the summit's parties are the subjects."""
    prep = tok.head
    return prep.lower_ == "to" and prep.head.lemma_.lower() == "look" and \
        any(c.lower_ == "forward" for c in prep.head.children)


def _durative(tok: Token) -> bool:
    """'for many years', 'since 2012' under the trigger."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "since"):
            if any(t.ent_type_ == "DATE" for t in child.subtree):
                return True
    return False
