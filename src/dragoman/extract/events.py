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
from bisect import bisect_right
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
from . import sides
from .cascade import Cascade
from .cues import attribution, event_status
from .dates import event_dates, present_tense_date
from .places import event_place
from .sides import OWNER_TARGETS, SideFinder, _durative
from .triggers import TriggerMatch, find_triggers, match_token

VERSION = "deps.v1"
_PARAGRAPH = re.compile(r"\n\s*\n")
# A wire dateline ("JEDDAH, Saudi Arabia, May 12 (Reuters) - ") is not part of the first sentence.
_DATELINE = re.compile(r"\A\s*[A-Z][A-Z .'/\-]{2,}(?:,\s*[A-Z][\w .'\-]*){0,2}"
                       r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([A-Za-z .]+\))?\s*[-\u2013\u2014]+\s")
# Types that need no target: a mobilisation or protest can stand alone.
UNTARGETED_OK = {"MOBILIZE", "PROTEST", "RETREAT"}
# Participles that make "those ___ today are A, B and C" a list of sanctioned people.
DESIGNATING = {"designate", "sanction", "blacklist", "list"}
# Acts done by speaking: inside a reported call or meeting they take its day.
VERBAL_TYPES = {"SUPPORT", "ACCUSE", "REQUEST", "AGREE", "REJECT", "THREATEN", "CONCEDE", "CONSULT"}
# Nouns of a view about acts, not an act: "stressed the importance of dialogue with X".
VIEW_NOUNS = frozenset({"importance", "need", "necessity", "significance", "value", "urgency"})
# Nouns that judge an act ("underlined the illegality of X's blockade").
JUDGEMENT_NOUNS = frozenset({"inadmissibility", "unacceptability", "illegality", "illegitimacy",
                             "unlawfulness", "futility", "danger", "dangers", "recklessness"})
# Words of a stated readiness to act ("stands ready to", "is prepared to", "willing to").
READY_WORDS = frozenset({"ready", "prepared", "willing"})
# Verbs whose readiness is a threat ("ready to respond to any aggression by X").
RESPONSE_VERBS = frozenset({"respond", "retaliate", "act", "defend", "fight", "punish", "hit", "strike"})
# Acts whose readiness is a threat rather than a commitment.
HOSTILE_TYPES = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN"}
# Events whose two sides are "the parties" a later sentence speaks of.
PARTY_TYPES = {"AGREE", "CONSULT", "ASSAULT", "COOPERATE"}
# "speaking at the White House" is no visit to anyone.
NO_PLACE_VISIT = {"speak", "talk", "call", "phone", "telephone"}


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
    main: Draft | None = None  # the meeting or call the document reports, once found
    companions: list[tuple[ActorRef, list[ActorRef]]] = field(default_factory=list)


@dataclass
class RuleExtractor:
    """Extract events with dependency rules, the trigger lexicon and the knowledge base."""

    nlp: Any
    kb: Any
    lexicon: Lexicon = field(default_factory=load_lexicon)
    cues: Cues = field(default_factory=load_cues)
    name: str = VERSION
    cascade: bool = True  # parse only sentences that can hold an event (extract/cascade.py)
    sides: SideFinder = field(init=False)
    _cascade: Cascade | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self.sides = SideFinder(self.kb, self.lexicon, self.cues)

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

    def chunks(self, article: Article) -> list[tuple[int, str]]:
        """The pieces of the article to parse, with their offsets, after any date header: its
        paragraphs, or with the cascade only their runs of sentences that can hold an event."""
        _, body = split_date_header(article.text)
        found = list(paragraphs(article.text, body))
        if not self.cascade:
            return found
        if self._cascade is None:
            self._cascade = Cascade.for_pipeline(self.nlp, self.lexicon, cues=self.sentence_cues())
        return self._cascade.units(found)

    def extract_parsed(self, article: Article, chunks: list[tuple[int, str]], docs: list[Any]) -> list[Event]:
        """Events of one article whose paragraphs are already parsed."""
        published = article.published
        actors = ArticleActors(self.kb, self.cues, published)
        ctx = SentenceContext(published, actors, 0, story=published)
        drafts: list[Draft] = []
        actors.guess_home(docs, published)
        if chunks:
            ctx.dateline = dateline_date(chunks[0][1], published)
            ctx.story = ctx.dateline or published
        head_end = _headline_end(article)  # where the headline paragraph ends, if there is one
        # paragraphs by offset, not by chunk: with the cascade a chunk may be part of a paragraph
        starts = _paragraph_starts(article)
        for (base, _), doc in zip(chunks, docs):
            ctx.base = actors.base = base
            for sent in doc.sents:
                at = base + sent.start_char
                n = bisect_right(starts, at) - 1  # the paragraph the sentence is in
                in_headline = at < head_end
                if n <= 1 and at == starts[max(n, 0)]:  # the headline, then the first sentence of the body
                    actors.note_voice(sent, published, headline=in_headline)
                found = self.sentence_drafts(sent, ctx)
                for d in found:
                    d.headline = in_headline
                if ctx.main is None and n <= 2:
                    told = [d for d in found if d.type == "CONSULT" and d.status == "occurred"
                            and d.date is not None and d.date.method != "document"]
                    # "X hosted talks between Y and Z": the talks, not the hosting, are reported
                    ctx.main = next((d for d in told if d.mode != "visit"), None) if len(told) > 1 \
                        else next(iter(told), None)
                    if ctx.main is not None and ctx.main.source and ctx.main.target:
                        actors.main_pair = (ctx.main.source, ctx.main.target)
                drafts.extend(found)
                ctx.history.extend(found)
            ctx.frame = None  # a frame only reaches into its own paragraph
        drafts += _with_companions(drafts, ctx.companions)
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
            if _asked_for(match.token, requests):
                continue  # "called on X to release Y": the release is what is asked, not an event
            if any(h.lemma_.lower() in VIEW_NOUNS for h in args.governing_chain(match.token, limit=3)):
                continue  # "stressed the importance of talks with X": a view, not an event
            drafts, used = self._trigger_drafts(match, sent, ctx)
            frame_used |= used
            out.extend(drafts)
        company = self._companions(sent, ctx)
        if company is not None:
            ctx.companions.append(company)
        fired = {m.token.i for m in matches}
        out.extend(self._obligation(sent, ctx, fired))
        out.extend(self._judgement(sent, ctx, fired))
        out.extend(self._readiness(sent, ctx, fired))
        out.extend(self._judged_act(sent, ctx, fired))
        out.extend(self._presence(sent, ctx, fired, out))
        out.extend(self._designees(sent, ctx, fired))
        if frame_used and ctx.frame is not None:
            ctx.frame.consumed = True  # the participants named later replace the vague meeting
        named = ctx.actors.keys_between(ctx.base + sent.start_char, ctx.base + sent.end_char)
        for d in out:
            d.sentence_actors = named
        sided = [d for d in out if d.source is not None and d.target is not None
                 and d.target.method != "place" and not d.is_frame]
        if sided:
            ctx.actors.last_group = (sided[-1].source, sided[-1].target)
        voice = ctx.actors.voice
        parties = [d for d in sided if d.type in PARTY_TYPES and voice not in (d.source, d.target)
                   and d.source.actor and d.target.actor]
        if parties:
            ctx.actors.last_parties = (parties[-1].source, parties[-1].target)
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
        dates = self._dates(match, sent, status, ctx)
        on = dates[0].start if dates and dates[0] else ctx.published
        place, place_direct = event_place(match, sent)
        sources, targets = self.sides.find(match, on, ctx)
        cited = attribution(tok, self.cues, self._media)
        etype, mode = self._refine_type(match)
        governed = self._governor_type(tok)
        if governed is not None:  # "threatened to shell X", "refused to meet X"
            mode = "meet" if governed == "REJECT" and etype == "CONSULT" else None
            etype, status = governed, "occurred"
        elif status == "planned" and any(c.dep_ == "advcl" and any(m.lower_ in self.cues.threat_marks for m in c.children)
                                         for c in tok.children):
            etype, mode = "THREATEN", None  # "will withdraw its troops unless ..."
        if etype == "ASSAULT" and targets and \
                all(t.method == "text" and t.actor is None and _casualties(t.text) for t in targets):
            # "strikes killed three people in Y's Z region": the victims are Y's
            where = place if place is not None and place.country else _scene(tok)
            targets = (self.sides.place_target(where, sources, on) if where is not None else []) or targets
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
                targets = self.sides.place_target(place, sources, on)
                mode = "visit" if targets else mode
            # a sourceless nominal ("the attack on Y") still travels, as context for other events
            pairs = [(s, t) for s in (sources or [None]) for t in (targets or [None])]
        if len(dates) > 2 and all(dates):  # "in 2020, 2021 and 2022": one event over the span
            dates = [ResolvedDate(min(d.start for d in dates), max(d.end for d in dates), "range",
                                  "; ".join(d.text for d in dates), "span")]
        # "withdrew from the tournament": an object that names no actor or place is no retreat
        rejected = not targets and bool(self.sides.slot_heads(match))
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
                    untargeted_ok=(etype in UNTARGETED_OK and not (etype == "RETREAT" and rejected))
                    or self._object_is_event(match),
                    is_frame=(etype == "CONSULT" and (match.light_object is not None or spec.pos == "NOUN")
                              and (target is None or target.method == "place")),
                ))
        return drafts, frame_used

    def _dates(self, match: TriggerMatch, sent: Span, status: str,
               ctx: SentenceContext) -> list[ResolvedDate | None]:
        """Stated dates; else the story's day for a present-tense statement; else, for an event
        that occurred, the article's last stated date or its dateline's day."""
        anchor = ctx.anchor or (ctx.para_date.start if ctx.para_date is not None
                                and ctx.para_date.precision == "day" else None)
        dates = event_dates(match, sent, ctx.published, anchor, self.cues,
                            future=status == "planned")
        if dates or status not in ("occurred", "negated"):
            return dates
        tense = present_tense_date(match, ctx.story)
        if tense is not None:
            return [tense]
        if status != "occurred" or _past_perfect(match.token) or ctx.story is None:
            return []  # "had attacked": background, its day unknown
        frame = ctx.main
        if frame is not None and frame.date is not None and match.spec.type in VERBAL_TYPES:
            # "The two leaders agreed ...": a verbal act inside the call the document reports
            return [replace(frame.date, method="continues")]
        return [ResolvedDate(ctx.story, ctx.story, "day", "", "document")]

    def _obligation(self, sent: Span, ctx: SentenceContext, triggers: set[int]) -> list[Draft]:
        """'X must stop Y', said in the document's own voice (no speaker, no quotation): the
        issuer asks X to act, a REQUEST from the voice to X."""
        root, voice = sent.root, ctx.actors.voice
        if voice is None or root.pos_ != "VERB":
            return []
        if not any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in root.children):
            return []
        if any(t.text in ('"', "\u201c", "\u201d") for t in sent) or attribution(root, self.cues, self._media):
            return []
        subj = args.subjects(root)
        on = ctx.published
        target = ctx.actors.resolve(subj[0], args.actor_span(subj[0]), on) if subj else None
        if target is None or target.actor is None or _same_actor(voice, target) or \
                target.method == "voice":
            return []
        return [self._draft("REQUEST", None, voice, target, sent, root, ctx)]

    def _readiness(self, sent: Span, ctx: SentenceContext, triggers: set[int]) -> list[Draft]:
        """'X is ready to lead the force', 'X stands ready to impose further measures should Y':
        a stated readiness to act is a commitment (AGREE) or, for a hostile act, a THREATEN,
        aimed at the act's counterpart or at the subject of its condition."""
        out = []
        for adj in sent:
            if adj.lemma_.lower() not in READY_WORDS or adj.dep_ not in ("acomp", "oprd", "xcomp", "advmod", "amod"):
                continue
            acts = [c for c in adj.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
            if not acts or any(a.i in triggers and self._inner_type(a) == "CONSULT" for a in acts):
                continue  # "ready to meet X" stays a meeting that may come
            verb = adj.head if adj.dep_ != "amod" else adj.head.head
            if _negated_token(adj) or _negated_token(verb):
                continue
            inner = self._inner_type(acts[0])
            condition = args.condition_subjects(acts[0]) or args.condition_subjects(adj) or \
                args.condition_subjects(verb)
            etype = "THREATEN" if inner in HOSTILE_TYPES or condition or \
                acts[0].lemma_.lower() in RESPONSE_VERBS else "AGREE"
            on = ctx.published
            heads = args.subjects(verb)
            if heads and heads[0].pos_ == "PRON" and verb.dep_ == "ccomp" and \
                    verb.head.lemma_.lower() in self.cues.speech_verbs:
                heads = args.subjects(verb.head) or heads  # "X announced that it was ready to"
            doers = [ctx.actors.resolve(h, args.actor_span(h), on) for h in heads]
            aimed = condition or sides.complement_target(acts[0], etype == "THREATEN")
            if aimed and etype == "THREATEN" and all(a.pos_ == "NOUN" and not a.ent_type_ for a in aimed):
                aimed = [o for a in aimed if (o := args.owner(a)) is not None]  # "any aggression by X"
            targets = [ctx.actors.resolve(h, args.actor_span(h), on) for h in aimed]
            for source in (d for d in doers if d is not None and d.actor):
                for target in [t for t in targets if t is not None and t.actor]:
                    if target is not None and _same_actor(source, target):
                        continue
                    out.append(self._draft(etype, None, source, target, sent, adj, ctx))
        return out

    def _inner_type(self, tok: Token) -> str | None:
        match = match_token(tok, self.lexicon)
        return match.spec.type if match is not None else None

    def sentence_cues(self) -> frozenset[str]:
        """Words the sentence-level rules (obligations, judgements, presence, companions) read
        without a trigger: the cascade must parse sentences that hold one."""
        return frozenset({"must", "should", "accompany", "today"}) | self.cues.judgements | DESIGNATING | READY_WORDS | JUDGEMENT_NOUNS

    def _draft(self, etype: str, mode: str | None, source: ActorRef, target: ActorRef | None,
               sent: Span, tok: Token, ctx: SentenceContext, place: Place | None = None) -> Draft:
        """A draft told by a whole sentence rather than a lexicon trigger, on the story's day."""
        day = ResolvedDate(ctx.story, ctx.story, "day", "", "document") if ctx.story else None
        return Draft(type=etype, mode=mode, source=source, target=target, date=day, place=place,
                     status="occurred", attributed_to=None,
                     evidence=TextSpan(sent.text, ctx.base + sent.start_char, ctx.base + sent.end_char),
                     trigger=TextSpan(tok.text, ctx.base + tok.idx, ctx.base + tok.idx + len(tok.text)))

    def _companions(self, sent: Span, ctx: SentenceContext) -> tuple[ActorRef, list[ActorRef]] | None:
        """'X was accompanied by A and B', 'With X were A and B': A and B travel with X, so
        they take part in X's meetings (see ``_with_companions``)."""
        root = sent.root
        if root.lemma_.lower() == "accompany" and args.is_passive(root):
            principal = [c for c in root.children if c.dep_ == "nsubjpass"]
            group = [t for c in root.children if c.dep_ == "agent" for t in c.subtree]
        elif root.lemma_.lower() == "be" and any(c.lower_ == "with" and c.dep_ in ("mark", "prep")
                                                 for c in root.children):
            principal = [c for c in root.children if c.dep_ == "nsubj"] or \
                [p for c in root.children if c.lower_ == "with" for p in c.children if p.dep_ == "pobj"]
            group = [t for c in root.children if c.dep_ == "attr" for t in c.subtree]
        else:
            return None
        if not principal or not group:
            return None
        lead = ctx.actors.resolve(principal[0], args.actor_span(principal[0]), ctx.published)
        if lead is None and principal[0].pos_ == "PROPN":  # a name the model did not tag
            lead = ActorRef(text=principal[0].text, name=principal[0].text)
        names = {t.i for t in group}
        people = [ctx.actors.resolve(e.root, e, ctx.published) for e in sent.ents
                  if e.label_ == "PERSON" and e.root.i in names]
        people = [p for p in people if p is not None and p.kind in ("person", None)]
        return (lead, people) if lead is not None and people else None

    def _judgement(self, sent: Span, ctx: SentenceContext, triggers: set[int]) -> list[Draft]:
        """'X's move is unwarranted, the ministry said': the speaker (else the document's voice)
        accuses the author of the act judged."""
        for tok in sent:
            if tok.lemma_.lower() != "be" or tok.i in triggers:
                continue
            judged = [c for c in tok.children if c.dep_ == "acomp" and c.lower_ in self.cues.judgements]
            subj = [c for c in tok.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
            if not judged or not subj or _negated_verb(tok):
                continue
            author = args.owner(subj[0], self.cues.authored_nouns)
            target = ctx.actors.resolve(author, args.actor_span(author), ctx.published) if author is not None else None
            speaker = next((h for h in args.governing_chain(tok, limit=2)
                            if h.lemma_.lower() in self.cues.speech_verbs), None)
            if speaker is None and sent.root.lemma_.lower() in self.cues.speech_verbs and sent.root.i != tok.i:
                speaker = sent.root
            said_by = args.subjects(speaker) if speaker is not None else []
            source = ctx.actors.resolve(said_by[0], args.actor_span(said_by[0]), ctx.published) \
                if said_by else ctx.actors.voice
            if source is None or target is None or target.actor is None or _same_actor(source, target):
                continue
            return [self._draft("ACCUSE", "disapprove", source, target, sent, judged[0], ctx)]
        return []

    def _judged_act(self, sent: Span, ctx: SentenceContext, triggers: set[int]) -> list[Draft]:
        """'X underlined the illegality of the blockade of Y by Z': a judgement in a noun
        accuses the author of the act it judges (Z, or the owner of the act)."""
        out = []
        for tok in sent:
            if tok.lemma_.lower() not in JUDGEMENT_NOUNS or tok.dep_ not in ("dobj", "pobj"):
                continue
            acts = args.prep_objects([tok], "of")
            if not acts:
                continue
            act = acts[0]
            author = args.owner(act, self.cues.authored_nouns) or next(
                (a for t in act.subtree for a in args.prep_objects([t], "by")), None)
            verb = args.governing_verb(tok)
            if author is None or verb is None or _negated_verb(verb):
                continue
            doers = args.subjects(verb)
            source = ctx.actors.resolve(doers[0], args.actor_span(doers[0]), ctx.published) if doers \
                else ctx.actors.voice
            target = ctx.actors.resolve(author, args.actor_span(author), ctx.published)
            if source is None or target is None or target.actor is None or _same_actor(source, target):
                continue
            out.append(self._draft("ACCUSE", "disapprove", source, target, sent, tok, ctx))
        return out

    def _designees(self, sent: Span, ctx: SentenceContext, triggers: set[int]) -> list[Draft]:
        """'Among those designated today are A; B; and C': a list the parser breaks, read as the
        named people and bodies after the verb of a clause about those designated or sanctioned.
        The document's voice designated them."""
        root, voice = sent.root, ctx.actors.voice
        if voice is None or root.i in triggers or root.lemma_.lower() not in ("be", "include"):
            return []
        marked = [t for t in sent if t.i < root.i and t.tag_ == "VBN"
                  and t.lemma_.lower() in DESIGNATING and t.dep_ in ("acl", "relcl", "amod")]
        if not marked or _negated_verb(root):
            return []
        out = []
        for ent in sent.ents:
            if ent.start > root.i and ent.label_ in ("PERSON", "ORG"):
                target = ctx.actors.resolve(ent.root, ent, ctx.published)
                if target is not None and not _same_actor(voice, target):
                    out.append(self._draft("SANCTION", None, voice, target, sent, marked[0], ctx))
        return out

    def _presence(self, sent: Span, ctx: SentenceContext, triggers: set[int],
                  told: list[Draft]) -> list[Draft]:
        """'I am in Warsaw today', 'the ministers are in Brazil this week': being in a foreign
        place, said with a time or a purpose, is a visit to its state."""
        root = sent.root
        if root.lemma_.lower() != "be" or root.i in triggers or root.tag_ not in ("VBP", "VBZ", "VBD"):
            return []
        where = [p for prep in root.children if prep.dep_ == "prep" and prep.lower_ == "in"
                 for p in prep.children if p.dep_ == "pobj" and p.ent_type_ == "GPE"]
        when = any(t.ent_type_ == "DATE" and t.head.i == root.i or t.lower_ in ("today", "now")
                   for t in sent) or any(c.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" for a in c.children)
                                         for c in root.children)
        subj = args.subjects(root)
        if not where or not when or not subj or _negated_verb(root):
            return []
        place = geocode(args.actor_span(where[0]).text)
        visitor = ctx.actors.resolve(subj[0], args.actor_span(subj[0]), ctx.published)
        if place.country is None or visitor is None or visitor.actor in (None, place.country):
            return []
        host = self.sides.place_target(place, [visitor], ctx.published)
        if not host or any(d.type == "CONSULT" and d.target is not None and d.target.actor == place.country
                           for d in told):  # "in Warsaw to meet my Polish counterpart": the meeting says more
            return []
        return [self._draft("CONSULT", "visit", visitor, host[0], sent, root, ctx, place)]

    def _governor_type(self, tok: Token) -> str | None:
        """The type a governing verb imposes on the event under it, if any."""
        if tok.dep_ != "xcomp":
            return None
        return self.cues.governor_types.get(tok.head.lemma_.lower())

    def _object_is_event(self, match: TriggerMatch) -> bool:
        """'condemned the attack on Y': the attacker may go unnamed, the event still stands."""
        if match.spec.type not in OWNER_TARGETS:
            return False
        heads = [*args.direct_objects(match.token), *self.sides.slot_heads(match)]
        return any(o.pos_ == "NOUN" and o.i != getattr(match.light_object, "i", -1)
                   and (match_token(o, self.lexicon) is not None or o.lemma_.lower() in self.cues.event_nouns)
                   for o in heads)

    def _refine_type(self, match: TriggerMatch) -> tuple[str, str | None]:
        """Hosting 'for years' is support, not a visit."""
        spec = match.spec
        if spec.reverse and spec.type == "CONSULT" and _durative(match.token):
            return "SUPPORT", None
        return spec.type, spec.mode

    def _media(self, text: str) -> str | None:
        if self.kb is None:
            return None
        found = self.kb.media(text)
        return found.name if found is not None else None


_CASUALTY_WORDS = {"people", "person", "civilian", "civilians", "resident", "residents", "child",
                   "children", "woman", "women", "man", "men", "villager", "villagers", "worker", "workers"}


def _scene(tok: Token) -> Place | None:
    """The state where an act took place, from 'in X' or 'in X's region' under the act or its
    coordinated verbs ("killed two and wounded five in Y's Z province")."""
    for verb in (tok, *tok.conjuncts):
        for where in args.prep_objects([verb], "in"):
            owner = args.owner(where)
            for cand in (owner, where):
                if cand is not None and cand.ent_type_ in ("GPE", "LOC"):
                    ent = next((e for e in cand.doc.ents if e.start <= cand.i < e.end), None)
                    found = geocode(ent.text if ent is not None else cand.text)
                    if found.country:
                        return found
    return None


def _asked_for(tok: Token, requests: set[int]) -> bool:
    """The act a request asks for: its clause, or a noun inside it ("urged X to impose sanctions")."""
    if tok.dep_ in ("xcomp", "ccomp") and tok.head.i in requests:
        return True
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj":
        verb = tok.head
        return verb.dep_ in ("xcomp", "ccomp") and verb.head.i in requests
    return False


def _casualties(text: str) -> bool:
    """'three people', 'dozens of civilians': victims counted, not named."""
    return any(w.lower().strip(",.") in _CASUALTY_WORDS for w in text.split())


def _negated_token(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _paragraph_starts(article: Article) -> list[int]:
    """Offsets of the article's paragraphs (the chunks of a parse without the cascade)."""
    _, body = split_date_header(article.text)
    return [start for start, _ in paragraphs(article.text, body)] or [0]


def _headline_end(article: Article) -> int:
    """End offset of the first paragraph when the article has several (its headline), else 0."""
    _, body = split_date_header(article.text)
    found = paragraphs(article.text, body)
    first, second = next(found, None), next(found, None)
    return first[0] + len(first[1]) if first is not None and second is not None else 0


def _with_companions(drafts: list[Draft], companions: list[tuple[ActorRef, list[ActorRef]]]) -> list[Draft]:
    """The people travelling with a principal take part in the principal's meetings."""
    out: list[Draft] = []
    def same(a: ActorRef, b: ActorRef) -> bool:
        if a.kb_id and b.kb_id:
            return a.kb_id == b.kb_id
        return a.name.split()[-1].lower() == b.name.split()[-1].lower()

    for lead, people in companions:
        for d in drafts:
            if d.type != "CONSULT" or d.status != "occurred":
                continue
            for side in ("source", "target"):
                ref = getattr(d, side)
                if ref is not None and same(ref, lead):
                    out += [replace(d, **{side: replace(p, method="companion")}) for p in people]
    return out


def _negated_verb(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _past_perfect(tok: Token) -> bool:
    """'had attacked', 'had been held': a pluperfect puts the event before the story."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had"
                                      for c in verb.children)


def _has_object(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "pobj") for c in tok.children)


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
def make_rule_extractor(model: str | None = None, kb_paths: tuple[Path, ...] = (),
                        kb: Any = None, cascade: bool = True) -> RuleExtractor:
    """Factory for the registry: the spaCy pipeline plus a knowledge base, the one a registered
    resolver built when given, else the packaged one with ``kb_paths``."""
    from ..kb import load_kb
    from ..nlp import make_nlp

    kb = kb if kb is not None else load_kb(tuple(kb_paths))
    return RuleExtractor(nlp=make_nlp(model, kb.entity_patterns()), kb=kb, cascade=cascade)


__all__ = ["RuleExtractor", "make_rule_extractor", "paragraphs", "ResolvedDate"]
