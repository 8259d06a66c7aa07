"""Turn argument phrases into actors: knowledge-base resolution plus article-level coreference.

An :class:`ArticleActors` lives for one article. It remembers who was named, so that a bare
surname ("Lavrov"), a pronoun ("he", "they") or an anaphoric phrase ("the group") resolves to
the actor it refers to earlier in the text. Resolution itself is the knowledge base's job
(``dragoman.kb``): here we only pick the phrase and fall back honestly when nothing resolves.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from spacy.tokens import Span, Token

from ..ontology.lexicon import Cues
from ..types import ActorRef

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
GROUP_PRONOUNS = {"they", "them", "their"}
THING_PRONOUNS = {"it", "its"}
GROUP_WORDS = {"both", "two", "all", "each", "sides", "parties"}
QUANTITIES = {"thousand", "hundred", "dozen", "million", "scores", "crowd", "group", "number"}
TITLE_WORDS = {"president", "prime", "minister", "king", "emir", "chairman", "general", "mr",
               "mrs", "ms", "dr", "secretary", "premier", "chancellor", "sheikh", "prince", "leader"}
NAMED = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
# Words a bare title is made of ("the Prime Minister", "The Secretary", "the Federal Chancellor").
TITLE_VOCAB = TITLE_WORDS | {"pm", "secretary-general", "foreign", "defence", "defense", "deputy",
                             "vice", "federal", "chair", "chairwoman", "emir", "crown", "state",
                             "interior", "senior", "high", "representative", "commissioner"}
# Title words that only qualify the office and may be absent from a holder's role string.
TITLE_QUALIFIERS = {"federal", "mr", "mrs", "ms", "dr", "senior", "the"}
FOLLOWERS = {"supporter", "follower", "loyalist", "opponent", "critic", "protester", "demonstrator",
             "sympathiser", "sympathizer", "backer", "voter", "relative"}
LIST_REACH = 700  # characters after a list within which "they" still means the list
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "both": 2}
STATE_NOUNS = {"government", "country", "state", "nation", "capital"}
PERSON_NOUNS = {"leader", "minister", "president", "head", "chief", "counterpart", "premier"}


class Resolver(Protocol):
    """What we need from the knowledge base (``dragoman.kb.KnowledgeBase``)."""

    def resolve(self, text: str, on: date | None = None, known: Any = ()) -> Any: ...

    def media(self, text: str) -> Any: ...


@dataclass
class _Mention:
    ref: ActorRef
    position: int
    is_subject: bool


@dataclass
class ArticleActors:
    """Resolves argument heads to ActorRefs, remembering the article's actors in order."""

    kb: Resolver | None
    cues: Cues
    published: date | None = None
    base: int = 0  # character offset of the current paragraph in the article
    mentions: list[_Mention] = field(default_factory=list)
    last_group: tuple[ActorRef, ...] = ()  # the participants of the latest two-sided event
    last_parties: tuple[ActorRef, ...] = ()  # the two parties of the latest deal, talks or fight
    last_subjects: tuple[ActorRef, ...] = ()  # the latest coordinated subjects ("X and Y")
    last_list: tuple[ActorRef, ...] = ()  # the latest coordinated list of actors, any role
    last_list_at: int = -1  # where that list was named
    last_list_subject: bool = False  # whether that list was a subject (the doers)
    home: str | None = None  # the state whose voice the document is (a readout's issuer)
    voice: ActorRef | None = None  # who issues the document: "I", "we" and agentless acts
    guessed_home: str | None = None  # the state most often the subject, for unbound titles
    main_pair: tuple[ActorRef, ...] = ()  # the two sides of the call or meeting reported

    def guess_home(self, docs: list[Any], on: date | None) -> None:
        """A readout that never names its issuer ("The Prime Minister spoke to ..."): the state
        most often the subject of the document's sentences, if clearly the most frequent."""
        if self.home is not None or self.kb is None:
            return
        counts: dict[str, int] = {}
        for doc in docs:
            for ent in doc.ents:
                if ent.label_ == "GPE" and ent.root.dep_ in ("nsubj", "nsubjpass", "poss"):
                    code = self.kb.state_code(ent.text)
                    if code:
                        counts[code] = counts.get(code, 0) + 1
                elif ent.label_ in ("FAC", "ORG"):  # a seat of government: "the Elysee"
                    found = self.kb.resolve(ent.text, on=on)
                    if found is not None and found.method == "metonym" and _iso3(found.code):
                        counts[found.code] = counts.get(found.code, 0) + 2
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            self.guessed_home = ranked[0][0]

    def note_voice(self, sent: Span, on: date | None, headline: bool) -> None:
        """The document's issuer: in a headline, the first actor not introduced by 'with', 'to'
        or 'on' ("Readout of Secretary X's meeting with Y", "Statement by X on Y"); else the
        first sentence's subject."""
        if self.voice is not None:
            return
        for ent in sent.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            chain = [ent.root, *ent.root.ancestors]
            if any((t.dep_ == "pobj" and not (t.head.lower_ == "of" or _issued_by(t)))
                   or t.dep_ in ("dobj", "attr", "appos") for t in chain):
                continue  # "... with Y", "Treasury designates Y's police": Y is no issuer
            if not headline and ent.root.dep_ not in ("nsubj", "nsubjpass", "compound"):
                continue
            ref = self._from_kb(ent.text, ent.text, on)
            if ref is not None and ref.kind in ("person", "state", "organisation"):
                self._set_voice(ref)
                return
        if headline:  # "Treasury designates ...": a headline's subject the NER did not mark
            for subj in (c for c in sent.root.children if c.dep_ == "nsubj"):
                ref = self._from_kb(" ".join(t.text for t in subj.subtree), subj.text, on)
                if ref is not None and ref.kind in ("person", "state", "organisation"):
                    self._set_voice(ref)
                    return

    def _set_voice(self, ref: ActorRef) -> None:
        self.voice = replace(ref, method="voice")
        if self.home is None and _iso3(ref.actor):
            self.home = ref.actor

    def note_list(self, refs: list[ActorRef], position: int, is_subject: bool) -> None:
        """Remember a coordinated list of two or more actors ("X, Y and Z")."""
        if len(refs) >= 2:
            self.last_list, self.last_list_at = tuple(refs), position
            self.last_list_subject = is_subject
            if is_subject:
                self.last_subjects = tuple(refs)

    def known_ids(self) -> tuple[str, ...]:
        """kb ids of actors already named in this article."""
        return tuple(m.ref.kb_id for m in self.mentions if m.ref.kb_id)

    def remember(self, ref: ActorRef, position: int, is_subject: bool) -> None:
        """Record a mention for later pronouns and surnames."""
        if ref.method not in ("coref",):
            self.mentions.append(_Mention(ref, position, is_subject))

    def keys_between(self, start: int, end: int) -> frozenset[str]:
        """Keys (kb id, code or name) of the actors mentioned between two offsets."""
        return frozenset(k for m in self.mentions if start <= m.position < end
                         for k in (m.ref.kb_id, m.ref.actor, m.ref.name.lower()) if k)

    def observe_entities(self, doc_or_span: Span, on: date | None) -> None:
        """Remember every named actor in a sentence, in order, even outside any event; note
        coordinated lists of them ("Niger, Mali and Burkina Faso") and the document's home state."""
        seen: dict[int, ActorRef] = {}
        for ent in doc_or_span.ents:
            if ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
                ref = (self._named_before(ent) if ent.label_ == "PERSON" else None) \
                    or self._from_kb(ent.text, ent.text, on)
                if ref is not None and ref.method == "metonym" and self.home is None \
                        and _iso3(ref.actor) and ent.root.dep_ in ("nsubj", "compound", "poss"):
                    self.home = ref.actor  # "an Elysee spokesperson said"
                if ref is not None and ref.kind != "media" and ent.label_ != "FAC":
                    is_subj = ent.root.dep_ in ("nsubj", "nsubjpass")
                    self.remember(ref, self.base + ent.start_char, is_subj)
                    seen[ent.root.i] = ref
        for tok in doc_or_span:  # "the Prime Minister updated ...": a titled subject is named
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("NOUN", "PROPN") and not tok.ent_type_:
                span = doc_or_span.doc[min(t.i for t in tok.subtree if t.i <= tok.i):tok.i + 1]
                title = bare_title(tok, span)
                bound = self.bind_title(title, span, self.base + tok.idx, on) if title else None
                if bound is not None:
                    self.remember(bound, self.base + tok.idx, True)
        for i, ref in seen.items():
            tok = doc_or_span.doc[i]
            if tok.dep_ == "conj" or not tok.conjuncts:
                continue
            members = [seen.get(c.i) for c in (tok, *tok.conjuncts)]
            if all(members) and len({m.kb_id or m.actor or m.name for m in members}) == len(members):
                doers = tok.dep_ in ("nsubj", "nsubjpass") or (  # "the nations of X, Y and Z said"
                    tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ in ("nsubj", "nsubjpass")) \
                    or (tok.dep_ == "pobj" and tok.head.lower_ == "by")  # "the signing by X and Y"
                if doers or not self.last_list_subject or self.last_list_at < self.base + tok.idx - LIST_REACH:
                    self.note_list(members, self.base + tok.idx, False)
                    self.last_list_subject = doers

    def resolve(self, head: Token, span: Span, on: date | None) -> ActorRef | None:
        """The actor a head token denotes, or None when it is no actor at all."""
        low = head.lower_
        if head.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS | FIRST_PERSON:
            return self._pronoun(low, head)
        owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if owner is not None and head.lemma_.lower() in self.cues.actor_nouns \
                and not any(t.ent_type_ for t in span):
            found = self._pronoun(owner.lower_, owner)  # "its forces" are the state's forces
            if found is not None:
                return found
        if head.lemma_.lower() in FOLLOWERS and head.tag_ in ("NNS", "NNPS"):
            return ActorRef(text=span.text, name=_clean(span), method="text")  # "X supporters" are not X
        if head.lemma_.lower() == "counterpart" and all(t.dep_ in ("poss", "det") or t.i == head.i for t in span):
            return ActorRef(text=span.text, name=span.text, method="counterpart")  # see SideFinder
        title = bare_title(head, span)
        bound = self.bind_title(title, span, self.base + head.idx, on) if title else None
        if bound is not None:
            return bound
        if title is None and self._is_anaphor(head, span):
            found = self._antecedent(self._anaphor_kind(head), self.base + head.idx)
            if found is not None:
                return found
        span = self._own_words(head, span)
        ref = self._named_before(span) or self._from_kb(span.text, span.text, on) \
            or self._default_org(span.text, on)
        if ref is not None:
            return ref if ref.kind != "media" else None
        if head.ent_type_ in NAMED or self._actor_noun(head):
            return ActorRef(text=span.text, name=_clean(span), method="text")
        return None

    def _actor_noun(self, head: Token) -> bool:
        """'officials', or 'thousands of protesters': a noun that denotes people acting."""
        if head.lemma_.lower() in self.cues.actor_nouns:
            return True
        if head.lemma_.lower() in QUANTITIES:
            inner = [p for prep in head.children if prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj"]
            return any(p.lemma_.lower() in self.cues.actor_nouns for p in inner)
        return False

    def _own_words(self, head: Token, span: Span) -> Span:
        """A thing's 'of' phrase names someone else: 'displacement of Palestinians' is no actor.

        For a common noun that is neither a named entity nor an actor noun, only the words up
        to the head count ("the Taliban decrees" still names the Taliban).
        """
        if head.ent_type_ or head.pos_ != "NOUN" or head.lemma_.lower() in self.cues.actor_nouns:
            return span
        return span.doc[span.start:head.i + 1] if span.start <= head.i < span.end else span

    def _named_before(self, span: Span) -> ActorRef | None:
        """'President Moon' after 'Moon Jae-in': one name word of a person already named."""
        words = [t for t in span if t.pos_ == "PROPN" and t.is_title and t.lower_ not in TITLE_WORDS]
        if len(words) != 1 or any(t.ent_type_ in ("GPE", "NORP", "ORG") for t in span):
            return None
        word = words[0].lower_
        for mention in reversed(self.mentions):
            ref = mention.ref
            if ref.kind == "person" and ref.method != "surname" and \
                    word in ref.name.lower().replace("-", " ").split():
                return ActorRef(text=span.text, name=ref.name, actor=ref.actor, role=ref.role,
                                kb_id=ref.kb_id, kind=ref.kind, method="surname", rank=ref.rank)
        return None

    def group(self, head: Token, span: Span) -> list[ActorRef]:
        """'both governments', 'the two leaders', 'the two sides', 'all parties'.

        Governments and countries are the last two states named; leaders and ministers the
        last two people; sides and parties the two sides of the latest two-sided event.
        """
        words = {t.lower_ for t in span}
        plural = head.tag_ in ("NNS", "NNPS")
        if head.lower_ in ("they", "them") and len(self.last_list) >= 2:
            # "X, Y and Z announced ...; they said": the list, if no other subject came since
            near = 0 <= self.base + head.idx - self.last_list_at < LIST_REACH and self.last_list_subject
            paired = any(t.i < head.i and t.dep_ in ("nsubj", "nsubjpass") and t.conjuncts
                         for t in head.sent)  # "X and Y were there, but they did not meet"
            if paired and self.last_list_at >= self.base + head.sent.start_char:
                return list(self.last_list)  # "X, Y and Z said they would leave"
            if near and not paired:
                self.last_list_at = self.base + head.idx
                return list(self.last_list)
            return []
        if plural and "their" in words and head.lemma_.lower() in self.cues.actor_nouns:
            return list(self.last_group)  # "their foreign ministers will meet"
        if not plural or any(t.ent_type_ for t in span if t.pos_ == "PROPN"):
            return []
        lemma = head.lemma_.lower()
        count = next((NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS), None)
        if count is None and not any(t.like_num for t in span) and not words & GROUP_WORDS:
            if "the" in words and lemma in STATE_NOUNS | PERSON_NOUNS and len(span) <= 3:
                return self._listed(lemma, None)  # "the leaders", "the countries"
            return []
        if count is None and any(t.like_num for t in span):
            count = next((int(t.text) for t in span if t.text.isdigit()), None)
        if count is not None and count > 2:  # "the three countries": the last list of three
            found = self._listed(lemma, count)
            if found and tuple(found) == self.last_list:
                self.last_list_at = self.base + head.idx
                self.last_list_subject = self.last_list_subject or head.dep_ in ("nsubj", "nsubjpass")
            return found
        if lemma in STATE_NOUNS:
            for pair in (self.last_subjects, self.last_group):  # "X and Y held talks ... the two countries"
                if len(pair) == 2 and all(_iso3(r.actor) for r in pair) and pair[0].actor != pair[1].actor:
                    return list(pair)
            return self._last_distinct(lambda r: _iso3(r.actor))
        if lemma in ("side", "party") and len(self.main_pair) == 2:
            return list(self.main_pair)  # "the two sides agreed": those who met
        if lemma in ("side", "party") and len(self.last_list) == 2 and self.last_list_subject:
            return list(self.last_list)  # "signed by X and Y ... calls on both parties"
        if lemma in ("side", "party") and len(self.last_parties) == 2:
            return list(self.last_parties)  # "X and Y signed ...; he thanks Z ...; both parties"
        if lemma in PERSON_NOUNS:
            if len(self.main_pair) == 2 and all(r.kind == "person" for r in self.main_pair):
                return list(self.main_pair)
            if len(self.last_group) == 2 and all(r.kind == "person" for r in self.last_group):
                return list(self.last_group)  # "X called Y ... the two leaders discussed"
            return self._last_distinct(lambda r: r.kind == "person")
        return list(self.last_group)

    def _listed(self, lemma: str, count: int | None) -> list[ActorRef]:
        """The last named list that fits a plural noun ('the three countries', 'the leaders')."""
        fits = (lambda r: _iso3(r.actor) and r.kind == "state") if lemma in STATE_NOUNS else \
            (lambda r: r.kind == "person") if lemma in PERSON_NOUNS else (lambda r: True)
        lst = [r for r in self.last_list if fits(r)]
        if len(lst) >= 2 and (count is None or len(lst) == count):
            return lst
        if count is None and lemma in PERSON_NOUNS:
            return []
        return self._last_distinct(fits, count) if count else []

    def bind_title(self, title: list[str], span: Span, at: int, on: date | None) -> ActorRef | None:
        """'The Secretary', 'the Prime Minister': the person named earlier who holds that title,
        else the holder of that office in the document's home state on the date, else None
        (never the latest person of another title)."""
        voice = self.voice
        if voice is not None and voice.kind == "person" and title_fits(title, voice.role):
            return replace(voice, text=span.text, method="title")  # a readout's "The Secretary"
        for mention in reversed(self.mentions):
            ref = mention.ref
            if mention.position < at and ref.kind == "person" and title_fits(title, ref.role):
                return ActorRef(text=span.text, name=ref.name, actor=ref.actor, role=ref.role,
                                kb_id=ref.kb_id, kind="person", method="title", rank=ref.rank)
        home = self.home or self.guessed_home
        if home is not None and self.kb is not None:
            res = self.kb.resolve_role(" ".join(w for w in title if w not in TITLE_QUALIFIERS), home, on)
            if res is not None and res.kind == "person":
                return ActorRef(text=span.text, name=res.name, actor=res.code, role=res.role,
                                kb_id=res.kb_id, kind="person", method="title", rank=res.rank)
        return None

    def _last_distinct(self, fits, n: int = 2) -> list[ActorRef]:
        out: list[ActorRef] = []
        for mention in reversed(self.mentions):
            ref = mention.ref
            key = ref.actor if ref.kind != "person" else ref.kb_id
            if fits(ref) and key not in {(o.actor if o.kind != "person" else o.kb_id) for o in out}:
                out.append(ref)
            if len(out) == n:
                return out[::-1]
        return []

    def _default_org(self, text: str, on: date | None) -> ActorRef | None:
        """'the Secretary-General' alone: try again as the organisation's title."""
        low = text.lower()
        for title, org in self.cues.default_org_titles.items():
            if title in low:
                return self._from_kb(f"{org} {title}", text, on)
        return None

    def _from_kb(self, text: str, shown: str, on: date | None) -> ActorRef | None:
        if self.kb is None:
            return None
        res = self.kb.resolve(text, on=on, known=self.known_ids())
        if res is None:
            return None
        return ActorRef(text=shown, name=res.name, actor=res.code, role=res.role, kb_id=res.kb_id,
                        kind=res.kind, method=res.method, rank=res.rank)

    def _pronoun(self, low: str, head: Token) -> ActorRef | None:
        at = self.base + head.idx
        if low in FIRST_PERSON:  # the issuer's own voice, outside quotations
            quoted = sum(t.text in ('"', "\u201c", "\u201d") for t in head.sent if t.i < head.i) % 2
            return None if quoted or self.voice is None else replace(self.voice, text=head.text)
        if low in PERSON_PRONOUNS:
            return self._antecedent("person", at)
        if low in GROUP_PRONOUNS:
            return self._antecedent("group", at)
        return self._antecedent("thing", at)

    def _is_anaphor(self, head: Token, span: Span) -> bool:
        det = [t for t in span if t.dep_ == "det"]
        if not det or det[0].lower_ not in ("the", "this", "that"):
            return False
        return not any(t.ent_type_ for t in span) and len(span) <= 3 and \
            any(head.lemma_.lower() in words for words in self.cues.anaphors.values())

    def _anaphor_kind(self, head: Token) -> str:
        lemma = head.lemma_.lower()
        for kind, words in self.cues.anaphors.items():
            if lemma in words:
                return {"organisation": "movement", "state": "state"}.get(kind, kind)
        return "thing"

    def _is_igo(self, ref: ActorRef) -> bool:
        entry = self.kb.get(ref.kb_id) if self.kb is not None and ref.kb_id and hasattr(self.kb, "get") else None
        return getattr(entry, "type", None) in ("igo", "court") or (ref.actor or "").isupper() and len(ref.actor or "") == 3

    def _antecedent(self, kind: str, before: int) -> ActorRef | None:
        """Most recent fitting actor, subjects first: people for 'he', groups for 'they'."""
        fits = {
            "person": lambda r: r.kind == "person",
            "group": lambda r: r.kind in ("organisation", "state") or (r.kind is None and r.name.endswith("s")),
            "movement": lambda r: r.kind == "organisation" and not self._is_igo(r),
            "state": lambda r: r.kind == "state",
            "thing": lambda r: r.kind in ("organisation", "state"),
        }[kind]
        earlier = [m for m in self.mentions if m.position < before and fits(m.ref)]
        if not earlier:
            return None
        subjects = [m for m in earlier if m.is_subject]
        best = (subjects or earlier)[-1].ref
        return ActorRef(text=best.text, name=best.name, actor=best.actor, role=best.role,
                        kb_id=best.kb_id, kind=best.kind, method="coref", rank=best.rank)


def _iso3(code: str | None) -> bool:
    return bool(code) and len(code) == 3 and code.isupper()


def _clean(span: Span) -> str:
    """Display name of an unresolved phrase: without a leading article."""
    words = list(span)
    while words and words[0].dep_ in ("det",) and words[0].lower_ in ("the", "a", "an"):
        words = words[1:]
    return "".join(t.text_with_ws for t in words).strip() or span.text


DOCUMENT_NOUNS = {"statement", "readout", "remarks", "speech", "release", "declaration", "message",
                  "letter", "communique", "communiqué", "address", "note", "comment", "comments"}


def _issued_by(tok: Token) -> bool:
    """'Statement by X', 'Remarks by X': the object of 'by' on a document noun is its issuer."""
    return tok.head.lower_ == "by" and tok.head.head.lemma_.lower() in DOCUMENT_NOUNS


def bare_title(head: Token, span: Span) -> list[str] | None:
    """The words of a title that names no state or person ('the Prime Minister'), else None."""
    if head.tag_ in ("NNS", "NNPS") or head.pos_ == "PRON":
        return None
    words = [t for t in span if t.dep_ not in ("det", "punct", "case")]
    if not words or any(t.dep_ == "poss" or t.ent_type_ in ("GPE", "NORP", "ORG") for t in words):
        return None
    if any(t.ent_type_ == "PERSON" and t.lower_ not in TITLE_VOCAB for t in words):
        return None
    if not any(t.dep_ == "det" and t.lower_ == "the" for t in span):
        return None
    lows = [t.lower_ for t in words]
    return lows if all(w in TITLE_VOCAB for w in lows) else None


def title_fits(title: list[str], role: str | None) -> bool:
    """Does a bare title name someone whose role is ``role``? 'secretary' fits 'secretary of
    state'; 'prime minister' fits 'prime minister'; 'president' does not fit 'leader'."""
    if not role or role.startswith(("former", "future")):
        return False
    words = set(role.lower().replace("-", " ").split()) | {role.lower()}
    needed = [w for w in title if w not in TITLE_QUALIFIERS]
    if needed == ["pm"]:
        needed = ["prime", "minister"]
    needed = [p for w in needed for p in w.split("-")]
    return bool(needed) and all(w in words for w in needed)
