"""The dependency-rule extractor ``deps.v1``: an Article in, resolved dyadic Events out.

Per article: split paragraphs on blank lines (headlines must not run into the next sentence),
parse them, then for each sentence find triggers (``triggers.py``), their arguments
(``arguments.py``), status and attribution (``cues.py``), dates and places (``resolve/``), and
resolve the actors against the knowledge base with article-level coreference
(``resolve/actors.py``). Article-level passes then merge repeated reports of one event and
fill a missing target from the article's context (``resolve/events.py``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

from spacy.tokens import Span, Token

from ..ingest.readers import split_date_header
from ..ontology.lexicon import Cues, Lexicon, load_cues, load_lexicon
from ..registry import extractors
from ..resolve.actors import ArticleActors
from ..resolve.events import Draft, assemble, merge_drafts
from ..resolve.dates import resolve_date
from ..resolve.places import geocode
from ..types import ActorRef, Article, Event, Place, ResolvedDate, TextSpan
from . import arguments as args
from .cues import attribution, event_status
from .dates import event_dates, present_tense_date
from .places import event_place
from .triggers import TriggerMatch, find_triggers, match_token

VERSION = "deps.v1"
_PARAGRAPH = re.compile(r"\n\s*\n")
# A wire dateline ("JEDDAH, Saudi Arabia, May 12 (Reuters) - ") is not part of the first sentence.
_DATELINE = re.compile(r"\A\s*[A-Z][A-Z .'/\-]{2,}(?:,\s*[A-Z][\w .'\-]*){0,2}"
                       r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([A-Za-z .]+\))?\s*[-\u2013\u2014]+\s")
# Types that need no target: a mobilisation or protest can stand alone.
UNTARGETED_OK = {"MOBILIZE", "PROTEST", "RETREAT"}
# Types whose object may be a thing that belongs to the real target ("rejected X's proposal").
OWNER_TARGETS = {"ACCUSE", "REJECT", "SUPPORT", "REQUEST"}
# Types whose object is a real victim even when it is no known actor ("seized a ship").
THING_TARGETS = {"ASSAULT", "COERCE"}
# "X was arrested" with no agent: the doer comes from the reporter or the story so far.
AGENTLESS_FROM_CONTEXT = {"COERCE", "ASSAULT"}
# "speaking at the White House" is no visit to anyone.
NO_PLACE_VISIT = {"speak", "talk", "call", "phone", "telephone"}
PLACE_NOUNS = {"city", "town", "village", "region", "province", "capital", "port", "district"}


def paragraphs(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(offset, text) of each blank-line separated paragraph from ``start`` on."""
    pos = start
    for m in _PARAGRAPH.finditer(text, start):
        if text[pos:m.start()].strip():
            yield pos, text[pos:m.start()]
        pos = m.end()
    if text[pos:].strip():
        yield pos, text[pos:]


def dateline_date(text: str, published: date | None) -> date | None:
    """The day a wire dateline names ("PARIS, Sept 25 - ")."""
    m = _DATELINE.match(text)
    found = resolve_date(m.group(0), published) if m else None
    return found.start if found is not None and found.precision == "day" else None


def mask_dateline(text: str) -> str:
    """Blank out a leading wire dateline, keeping every offset where it was."""
    m = _DATELINE.match(text)
    return " " * m.end() + text[m.end():] if m else text


@dataclass
class SentenceContext:
    """What one sentence's extraction needs from the article around it."""

    published: date | None
    actors: ArticleActors
    base: int
    anchor: date | None = None
    frame: Draft | None = None  # a participant-less meeting a following sentence may fill
    story: date | None = None  # the dateline's day, else the publication day
    para_date: ResolvedDate | None = None  # the last date the article stated
    dateline: date | None = None  # the day a wire dateline names, if any
    history: list[Draft] = field(default_factory=list)  # events told so far in the article


@dataclass
class RuleExtractor:
    """Extract events with dependency rules, the trigger lexicon and the knowledge base."""

    nlp: Any
    kb: Any
    lexicon: Lexicon = field(default_factory=load_lexicon)
    cues: Cues = field(default_factory=load_cues)
    name: str = VERSION

    def extract(self, article: Article) -> list[Event]:
        """All events of one article, deduplicated within it."""
        chunks = self.chunks(article)
        return self.extract_parsed(article, chunks, list(self.nlp.pipe(mask_dateline(t) for _, t in chunks)))

    def extract_batch(self, articles: list[Article]) -> list[list[Event] | Exception]:
        """Events of many articles, parsing all their paragraphs in one ``nlp.pipe`` stream.

        A failure on one article is returned in its place, so the others still count.
        """
        chunks = [self.chunks(a) for a in articles]
        flat = [(i, mask_dateline(t)) for i, cs in enumerate(chunks) for _, t in cs]
        docs: list[list[Any]] = [[] for _ in articles]
        for doc, i in self.nlp.pipe(((t, i) for i, t in flat), as_tuples=True, batch_size=64):
            docs[i].append(doc)
        out: list[list[Event] | Exception] = []
        for article, cs, ds in zip(articles, chunks, docs):
            try:
                out.append(self.extract_parsed(article, cs, ds))
            except Exception as exc:  # one bad article must not sink the batch
                out.append(exc)
        return out

    @staticmethod
    def chunks(article: Article) -> list[tuple[int, str]]:
        """The article's paragraphs with their offsets, after any date header."""
        _, body = split_date_header(article.text)
        return list(paragraphs(article.text, body))

    def extract_parsed(self, article: Article, chunks: list[tuple[int, str]], docs: list[Any]) -> list[Event]:
        """Events of one article whose paragraphs are already parsed."""
        published = article.published
        actors = ArticleActors(self.kb, self.cues, published)
        ctx = SentenceContext(published, actors, 0, story=published)
        drafts: list[Draft] = []
        if chunks:
            ctx.dateline = dateline_date(chunks[0][1], published)
            ctx.story = ctx.dateline or published
        for (base, _), doc in zip(chunks, docs):
            ctx.base = actors.base = base
            for sent in doc.sents:
                found = self.sentence_drafts(sent, ctx)
                drafts.extend(found)
                ctx.history.extend(found)
            ctx.frame = None  # a frame only reaches into its own paragraph
        merged = merge_drafts([d for d in drafts if not d.consumed])
        return [assemble(d, article, self.name) for d in merged]

    def sentence_drafts(self, sent: Span, ctx: SentenceContext) -> list[Draft]:
        """Drafts of every event in one sentence."""
        on = ctx.published
        ctx.actors.observe_entities(sent, on)
        out: list[Draft] = []
        frame_used = False
        matches = find_triggers(sent, self.lexicon)
        requests = {m.token.i for m in matches if m.spec.type == "REQUEST"}
        for match in matches:
            if match.token.dep_ in ("xcomp", "ccomp") and match.token.head.i in requests:
                continue  # "called on X to release Y": the release is what is asked, not an event
            drafts, used = self._trigger_drafts(match, sent, ctx)
            frame_used |= used
            out.extend(drafts)
        if frame_used and ctx.frame is not None:
            ctx.frame.consumed = True  # the participants named later replace the vague meeting
        named = ctx.actors.keys_between(ctx.base + sent.start_char, ctx.base + sent.end_char)
        for d in out:
            d.sentence_actors = named
        sided = [d for d in out if d.source is not None and d.target is not None
                 and d.target.method != "place" and not d.is_frame]
        if sided:
            ctx.actors.last_group = (sided[-1].source, sided[-1].target)
        frames = [d for d in out if d.is_frame]
        ctx.frame = frames[-1] if frames else (None if frame_used else ctx.frame)
        stated = [d.date for d in out if d.date is not None and d.date.method not in ("context", "tense")]
        if stated:
            ctx.para_date = stated[-1]
        dated = {d.date.start for d in out if d.date is not None and d.date.precision == "day"}
        ctx.anchor = next(iter(dated)) if len(dated) == 1 else (None if out else ctx.anchor)
        return out

    def _trigger_drafts(self, match: TriggerMatch, sent: Span,
                        ctx: SentenceContext) -> tuple[list[Draft], bool]:
        spec, tok = match.spec, match.token
        status = event_status(tok, self.cues, match.heads[1:])
        anchor = ctx.anchor or (ctx.para_date.start if ctx.para_date is not None
                                and ctx.para_date.precision == "day" else None)
        dates = event_dates(match, sent, ctx.published, anchor, self.cues,
                            future=status == "planned")
        if not dates and status in ("occurred", "negated"):
            tense = present_tense_date(match, ctx.story)
            told = ctx.para_date or (ctx.dateline and ResolvedDate(ctx.dateline, ctx.dateline, "day",
                                                                   "dateline", "dateline"))
            inherited = told and replace(told, method="context")
            dates = [tense] if tense else ([inherited] if inherited and status == "occurred" else [])
        on = dates[0].start if dates and dates[0] else ctx.published
        place, place_direct = event_place(match, sent)
        sources, targets = self._sides(match, on, ctx)
        cited = attribution(tok, self.cues, self._media)
        etype, mode = self._refine_type(match)
        governed = self._governor_type(tok)
        if governed is not None:  # "threatened to shell X", "refused to meet X"
            mode = "meet" if governed == "REJECT" and etype == "CONSULT" else None
            etype, status = governed, "occurred"
        elif status == "planned" and any(c.dep_ == "advcl" and any(m.lower_ in self.cues.threat_marks for m in c.children)
                                         for c in tok.children):
            etype, mode = "THREATEN", None  # "will withdraw its troops unless ..."
        if etype == "CONSULT" and (args.media_of(tok) or (
                match.light_object is not None and match.light_object.lemma_.lower() in args.MEDIA_WORDS)):
            mode = "phone"  # "spoke by telephone with X", "held a phone call with X"
        frame_used = False
        pairs: list[tuple[ActorRef | None, ActorRef | None]] = []
        if spec.symmetric and spec.pairs and not targets and len(sources) == 1 and \
                any(c.dep_ == "nsubj" and c.lower_ in ("they", "both") for c in tok.children) and \
                len(ctx.actors.last_subjects) >= 2:
            sources = list(ctx.actors.last_subjects)  # "X and Y were in Berlin, but they did not meet"
        if (spec.group and not targets) or \
                ((spec.symmetric or spec.both_ways) and spec.pairs and not targets and len(sources) >= 2):
            pairs = list(combinations(sources, 2))
            if spec.both_ways:  # "X and Y exchanged prisoners": each released the other's
                pairs += [(b, a) for a, b in pairs]
            if spec.group and ctx.frame is not None and len(pairs) >= 1 and not _has_object(tok):
                frame = ctx.frame
                place = place or frame.place
                dates = dates if any(dates) else [frame.date]
                cited = cited or frame.attributed_to
                frame_used = True
        else:
            if not targets and place is not None and place_direct and spec.type == "CONSULT" \
                    and spec.lemma not in NO_PLACE_VISIT:
                targets = self._place_target(place, sources, on)
                mode = "visit" if targets else mode
            # a sourceless nominal ("the attack on Y") still travels, as context for other events
            pairs = [(s, t) for s in (sources or [None]) for t in (targets or [None])]
        drafts = []
        for date_ in dates or [None]:
            for source, target in pairs:
                if source is None and target is None:
                    continue
                if source is not None and target is not None and _same_actor(source, target):
                    continue
                drafts.append(Draft(
                    type=etype, mode=mode, source=source, target=target, date=date_,
                    place=place, status=status, attributed_to=cited,
                    evidence=TextSpan(sent.text, ctx.base + sent.start_char, ctx.base + sent.end_char),
                    trigger=TextSpan(tok.text, ctx.base + tok.idx, ctx.base + tok.idx + len(tok.text)),
                    pos=spec.pos,
                    untargeted_ok=etype in UNTARGETED_OK or self._object_is_event(match),
                    is_frame=(etype == "CONSULT" and (match.light_object is not None or spec.pos == "NOUN")
                              and (target is None or target.method == "place")),
                ))
        return drafts, frame_used

    def _governor_type(self, tok: Token) -> str | None:
        """The type a governing verb imposes on the event under it, if any."""
        if tok.dep_ != "xcomp":
            return None
        return self.cues.governor_types.get(tok.head.lemma_.lower())

    def _object_is_event(self, match: TriggerMatch) -> bool:
        """'condemned the attack on Y': the attacker may go unnamed, the event still stands."""
        if match.spec.type not in OWNER_TARGETS:
            return False
        return any(match_token(o, self.lexicon) is not None and o.pos_ == "NOUN"
                   for o in args.direct_objects(match.token))

    def _refine_type(self, match: TriggerMatch) -> tuple[str, str | None]:
        """Hosting 'for years' is support, not a visit."""
        spec = match.spec
        if spec.reverse and spec.type == "CONSULT" and _durative(match.token):
            return "SUPPORT", None
        return spec.type, spec.mode

    def _sides(self, match: TriggerMatch, on: date | None,
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
            if not src_heads and tok.dep_ == "dobj" and match_token(tok.head, self.lexicon) is None:
                src_heads = args.subjects(tok.head)  # "X resumed talks with Y"
            verb = args.governing_verb(tok) if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during") else None
            if not src_heads and verb is not None and match_token(verb, self.lexicon) is None \
                    or (not src_heads and verb is not None and spec.mode == "phone"):
                src_heads = args.subjects(verb)  # "X called for a truce in a phone call with Y"

        elif args.is_passive(tok):
            src_heads = args.passive_agents(tok)
            if not src_heads and spec.type in AGENTLESS_FROM_CONTEXT:
                return self._agentless(tok, on, ctx), self._actors(self._target_heads(match), on, ctx, False)
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
                               things=spec.type in THING_TARGETS)
        targets = [self._counterpart(t, sources, on) for t in targets]
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
            if not patients and any(c.lower_ in ("the", "this", "that") for c in head.children):
                kind = self.lexicon.candidates(head.lemma_.lower(), "NOUN")
                family = {k.type for k in kind} or AGENTLESS_FROM_CONTEXT
                for told in reversed(ctx.history[-12:]):  # "condemned the raid": the raid told before
                    if told.type in family and told.source is not None:
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
        found = self._slot_heads(match)
        out: list[Token] = []
        for head in found:
            event_noun = match.spec.type == "CONSULT" and match_token(head, self.lexicon) is not None
            inner = (args.between(head) or args.prep_objects([head], "with")) if event_noun else []
            out += inner or [head]  # "hosted talks between X and Y": X and Y
        return out

    def _slot_heads(self, match: TriggerMatch) -> list[Token]:
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
        if spec.type in ("AGREE", "REQUEST", "THREATEN", "REJECT"):
            for inner in (c for c in tok.children if c.dep_ == "xcomp"):
                objects = [o for o in args.direct_objects(inner) if o.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")]
                found = args.prep_objects([inner], "with") or args.prep_objects([inner], "to") or objects
                if found:  # "offered to hand over X to Y", "threatened to expel Z"
                    return found
        return []

    def _actors(self, heads: list[Token], on: date | None, ctx: SentenceContext,
                is_subject: bool, owners: bool = False, things: bool = False) -> list[ActorRef]:
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
            holder = args.owner(head, self.cues.authored_nouns) if ref is None and owners else None
            if holder is not None:  # "condemned Israel's strikes": the target is Israel
                ref = ctx.actors.resolve(holder, args.actor_span(holder), on)
            if ref is None and things and head.pos_ in ("NOUN", "PROPN") and not head.ent_type_ == "DATE":
                ref = self._thing_target(head)
            if ref is not None:
                ctx.actors.remember(ref, ctx.base + head.idx, is_subject)
                out.append(ref)
        if is_subject and len(out) >= 2:
            ctx.actors.last_subjects = tuple(out)
        if len(out) > 1 and any(r.kb_id for r in out):
            # "State Councilor and Foreign Minister X": the bare title is X, not a second actor
            out = [r for r in out if r.kb_id or r.method != "text" or not r.name[:1].isupper()]
        return out

    def _counterpart(self, target: ActorRef, sources: list[ActorRef], on: date | None) -> ActorRef:
        """'his Egyptian counterpart': the holder of the source's office in that state."""
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
        inner = args.prep_objects([head], "of") if head.lemma_ in PLACE_NOUNS else []
        where = inner[0] if inner else head
        if where.ent_type_ in ("GPE", "LOC", "FAC") or inner:
            place = geocode(args.actor_span(where).text)
            if place.country:
                return ActorRef(text=span.text, name=place.name, actor=place.country, kind="state",
                                method="place")
        return ActorRef(text=span.text, name=span.text, method="text")

    def _place_target(self, place: Place, sources: list[ActorRef], on: date | None) -> list[ActorRef]:
        """'X is in Nairobi to negotiate ...': a meeting abroad with no named host is a visit."""
        if place.country is None or not sources:
            return []
        if all(s.actor == place.country for s in sources):
            return []
        entry = self.kb.get(place.country) if self.kb is not None else None
        name = getattr(entry, "name", None) or place.country
        return [ActorRef(text=place.name, name=name, actor=place.country, kind="state",
                         kb_id=place.country if entry is not None else None, method="place")]

    def _media(self, text: str) -> str | None:
        if self.kb is None:
            return None
        found = self.kb.media(text)
        return found.name if found is not None else None


def _has_object(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "pobj") for c in tok.children)


def _durative(tok: Token) -> bool:
    """'for many years', 'since 2012' under the trigger."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "since"):
            if any(t.ent_type_ == "DATE" for t in child.subtree):
                return True
    return False


def _same_actor(a: ActorRef, b: ActorRef | None) -> bool:
    """One side twice: the same entry, or a state and one of its own officials."""
    if b is None:
        return False
    if (a.kind == "state" and b.actor == a.actor) or (b.kind == "state" and a.actor == b.actor):
        return True
    if a.kb_id and b.kb_id:
        return a.kb_id == b.kb_id
    return a.name.lower() == b.name.lower()


@extractors.register(VERSION)
def make_rule_extractor(model: str | None = None, kb_paths: tuple[Path, ...] = ()) -> RuleExtractor:
    """Factory for the registry: loads the knowledge base and the spaCy pipeline."""
    from ..kb import load_kb
    from ..nlp import make_nlp

    kb = load_kb(tuple(kb_paths))
    return RuleExtractor(nlp=make_nlp(model, kb.entity_patterns()), kb=kb)


__all__ = ["RuleExtractor", "make_rule_extractor", "paragraphs", "ResolvedDate"]
