"""Find who did what to whom around a trigger, from the dependency parse.

Pure functions over spaCy tokens. They return head tokens of argument noun phrases; turning a
head into an actor phrase (:func:`actor_span`) and then into a resolved actor happens later.
Handled: subjects, objects, prepositional targets ("with", "to", "on"), passives ("was received
by"), control and raising ("is scheduled to meet", "pushed X to attack"), verb coordination
("X met Y and signed"), noun coordination ("X and Y met"), relative clauses ("X, who met Y"),
appositions ("the head of the country's intelligence service, Jane Doe") and nominal events ("talks
between X and Y", "X's visit to Y").
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X"}
RELATIVE = {"who", "which", "that", "whom"}
CONTROL = {"xcomp", "ccomp", "advcl", "conj", "acl"}
# Phrase parts that never belong to an actor's name.
_CUT_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "conj", "appos", "prep", "case_", "det"}


def conjuncts(token: Token) -> list[Token]:
    """The token and every noun coordinated with it ("X, Y and Z").

    A noun the parser coordinated by mistake with the subject of a following clause ("attacks
    on X and Y have carried out ...") is left out: it is that clause's subject.
    """
    out = [token]
    taken = _repaired_subjects(token.sent)
    for conj in token.conjuncts:
        if conj.pos_ in NOMINAL and conj.i > token.i and conj not in out and conj.i not in taken:
            out.append(conj)
    return out


def _repaired_subjects(sent: Span) -> set[int]:
    out = set()
    for tok in sent:
        if tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX") and not any(c.dep_ in SUBJ for c in tok.children):
            fixed = _missing_subject(tok)
            if fixed is not None:
                out.add(fixed.i)
    return out


def _children(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def relative_antecedent(verb: Token) -> Token | None:
    """For a verb in a relative clause, the noun the clause hangs on."""
    if verb.dep_ == "relcl" and verb.head.pos_ in NOMINAL:
        return verb.head
    return None


def _missing_subject(verb: Token) -> Token | None:
    """Repair a finite verb the parser left without a subject ("..., and X have carried out").

    Take the noun just before the verb's first auxiliary and climb out of prepositional
    modifiers and coordination to the noun phrase it belongs to.
    """
    aux = [c for c in verb.lefts if c.dep_ in ("aux", "auxpass")]
    if not aux:
        return None
    prev = verb.doc[aux[0].i - 1] if aux[0].i > verb.sent.start else None
    if prev is None or prev.pos_ not in NOMINAL:
        return None
    tok = prev
    crossed_prep = False
    while True:
        if tok.dep_ == "conj" and tok.head.i < tok.i and tok.head.pos_ in NOMINAL and not crossed_prep:
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in NOMINAL \
                and tok.head.head.i < tok.i:
            tok = tok.head.head
            crossed_prep = True
        elif tok.dep_ == "compound":
            tok = tok.head
        else:
            return tok


# Nouns whose infinitive is an act of the one who holds them ("accepted an invitation to visit").
INTENT_NOUNS = {"invitation", "plan", "plans", "decision", "intention"}


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """Heads of the verb's logical subject, inherited through control and coordination."""
    found = _children(verb, SUBJ)
    if found:
        subj = found[0]
        if subj.lower_ in RELATIVE:
            ante = relative_antecedent(verb)
            return conjuncts(ante) if ante is not None else []
        return conjuncts(subj)
    if depth > 3:
        return []
    head = verb.head
    if verb.dep_ == "xcomp" and head != verb:
        objects_of_head = _children(head, {"dobj"})
        if objects_of_head:  # object control: "urged X to meet", "pushed X to attack"
            return conjuncts(objects_of_head[0])
        called_on = prep_objects([head], "on") or prep_objects([head], "upon")
        if called_on:  # "called on X to release": X would do the releasing
            return called_on
        passive = _children(head, PASS_SUBJ)
        if passive:  # "X is scheduled to meet", "X is expected to visit"
            return conjuncts(passive[0])
        return subjects(head, depth + 1)
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        repaired = _missing_subject(verb)
        if repaired is not None:
            return conjuncts(repaired)
        return subjects(head, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return subjects(head.head, depth + 1)  # "X responded by downgrading ties"
    if verb.dep_ == "acl" and head.lemma_.lower() in INTENT_NOUNS and head.dep_ == "dobj":
        # "X accepted an invitation to visit Y", but "Z extended an invitation to X to visit"
        held = [c for c in head.children if c.dep_ == "poss"] or prep_objects([head], "of")
        invited = prep_objects([head], "to")  # "the decision of X to recognise": X decides
        return held or invited or subjects(head.head, depth + 1)
    if verb.dep_ in ("advcl", "acl") and head.pos_ in ("VERB", "AUX"):
        # "X is in Nairobi for talks ...", "X arrived in Moscow to hold talks"
        return subjects(head, depth + 1)
    return []


def condition_subjects(verb: Token) -> list[Token]:
    """Subjects of an 'if'/'unless' clause under the verb or the act it governs: the party a
    conditional threat is aimed at ("will act if X goes ahead")."""
    for head in [verb, *_children(verb, {"xcomp"})]:
        for clause in _children(head, {"advcl"}):
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children) or \
                    any(c.dep_ == "aux" and c.lower_ in ("should", "were") and c.i < clause.i
                        and c.i == clause.left_edge.i for c in clause.children):  # "should X continue"
                found = subjects(clause)
                if found:
                    return found
    return []


def passive_agents(verb: Token) -> list[Token]:
    """'by X' under a passive verb: X is the logical subject."""
    for agent in _children(verb, {"agent"}):
        objs = _children(agent, {"pobj"})
        if objs:
            return conjuncts(objs[0])
    return []


def is_passive(verb: Token) -> bool:
    """True for 'was received', 'were attacked'."""
    return any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)


def prep_objects(heads: Iterable[Token], word: str) -> list[Token]:
    """Objects of a preposition or particle ``word`` attached to any of the heads."""
    for head in heads:
        for prep in head.children:
            if prep.dep_ in ("prep", "prt", "agent", "dative") and prep.lower_ == word:
                objs = [o for o in _children(prep, {"pobj", "pcomp"})
                        if o.ent_type_ not in ("DATE", "TIME")]  # "on Thursday" is no target
                if objs:  # "to X and to Y": the coordinated preposition's objects too
                    more = [o for c in prep.conjuncts if c.lower_ == word
                            for o in _children(c, {"pobj"})]
                    return conjuncts(objs[0]) + [m for o in more for m in conjuncts(o)]
                if prep.dep_ == "dative" and prep.pos_ in NOMINAL:
                    return conjuncts(prep)
    return []


def direct_objects(verb: Token) -> list[Token]:
    """Direct objects; for a passive verb, its grammatical subject."""
    if is_passive(verb):
        subj = _children(verb, PASS_SUBJ)
        if subj:
            return conjuncts(subj[0])
    objs = _children(verb, {"dobj", "attr"})
    return conjuncts(objs[0]) if objs else []


def indirect_objects(verb: Token) -> list[Token]:
    """Indirect objects ('offered Egypt aid')."""
    objs = _children(verb, {"dative", "iobj"})
    return conjuncts(objs[0]) if objs and objs[0].pos_ in NOMINAL else []


def between(noun: Token) -> list[Token]:
    """'talks between X and Y', 'the agreement on a truce between X and Y': both sides."""
    heads = [noun] + [t for t in noun.subtree if t.dep_ == "pobj" and t.head.lower_ in ("on", "of", "for")]
    for head in heads:
        objs = prep_objects([head], "between") or prep_objects([head], "among")
        if len(objs) >= 2:
            return objs
    return []


MEDIA_WORDS = {"phone", "telephone", "call", "video", "videoconference", "videolink", "link",
               "conference", "telephone call", "phone call"}


def media_of(verb: Token) -> tuple[Token, ...]:
    """'spoke by telephone', 'talked via video link': the medium, whose 'with' names the other side."""
    return tuple(p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in ("by", "via", "over", "on")
                 for p in prep.children if p.dep_ == "pobj" and p.lemma_.lower() in MEDIA_WORDS)


def is_reciprocal(token: Token) -> bool:
    """'each other', 'one another'."""
    return token.lower_ in ("other", "another") and any(c.lower_ in ("each", "one") for c in token.children)


def nominal_sources(noun: Token) -> list[Token]:
    """The agent of a nominal event: "the group's attack", "Russian strikes", "the attack by X"."""
    by = prep_objects([noun], "by")
    if by:
        return by
    agent = _acl_agent(noun)
    if agent is not None:
        return conjuncts(agent)
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in NOMINAL:
            return conjuncts(child)
    for child in noun.lefts:
        if child.dep_ in ("compound", "amod", "nmod") and child.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return [child]
    return []


THIRD_PARTY = {"mediate", "host", "broker", "facilitate", "sponsor", "organise", "organize",
               "chair", "convene"}


def mediator(noun: Token) -> list[Token]:
    """'talks mediated by Qatar and Turkey': the third party of a nominal event."""
    for acl in noun.children:
        if acl.dep_ == "acl" and acl.lemma_.lower() in THIRD_PARTY:
            return prep_objects([acl], "by")
    return []


def _acl_agent(head: Token) -> Token | None:
    """'the attack carried out by X': the agent of a participle clause on the noun."""
    for acl in head.children:
        if acl.dep_ == "acl" and acl.lemma_.lower() not in THIRD_PARTY:
            agents = prep_objects([acl], "by")
            if agents:
                return agents[0]
    return None


def owners(head: Token, authored: frozenset[str] = frozenset()) -> list[Token]:
    """Every owner of a thing: "the actions of the United States and NATO" gives both."""
    first = owner(head, authored)
    return conjuncts(first) if first is not None else []


def owner(head: Token, authored: frozenset[str] = frozenset()) -> Token | None:
    """Whose thing a non-actor noun is: "Russia's strikes", "calls by X", "the rebel group's attacks",
    and for nouns in ``authored``, "the decision of X"."""
    by = prep_objects([head], "by") or ([a] if (a := _acl_agent(head)) is not None else [])
    if not by:  # "the declaration of a ceasefire by X": the agent hangs on the inner noun
        by = prep_objects(prep_objects([head], "of"), "by")
    if not by and head.lemma_.lower() in authored:
        by = prep_objects([head], "of")
    if by:
        return by[0]
    for child in head.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            return child
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "nmod") and child.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return child
    return None


def participle_noun(verb: Token) -> Token | None:
    """The noun a past participle modifies: 'the drones fired at X' (acl), or the same reduced
    relative that the parser hung on the main verb as a subjectless advcl right after a noun."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ == "NOUN":
        return verb.head
    if verb.dep_ != "advcl" or verb.tag_ not in ("VBN", "VBD") or verb.i == verb.sent.start:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "mark", "aux", "auxpass") for c in verb.children):
        return None
    before = verb.doc[verb.i - 1]
    if before.pos_ != "NOUN" or before.head.i == verb.i:
        return None
    while before.dep_ == "conj" and before.head.pos_ == "NOUN":
        before = before.head
    return before


def group_members(head: Token, actor_nouns: frozenset[str]) -> list[Token]:
    """'the leaders of Egypt, Jordan and Qatar' or 'Saudi and Omani delegations': one per member."""
    if head.lemma_.lower() not in actor_nouns or head.tag_ not in ("NNS", "NNPS", ""):
        return []
    for tok in head.subtree:  # "the ministers of transport of A, B and C"
        if tok.dep_ == "pobj" and tok.head.lower_ == "of":
            members = conjuncts(tok)
            if len(members) >= 2:
                return members
    for prep in head.children:  # "countries like A, B and C", "states such as A and B"
        if prep.dep_ == "prep" and prep.lower_ in ("like", "including", "as"):
            members = [m for o in _children(prep, {"pobj"}) for m in conjuncts(o)]
            if len(members) >= 2:
                return members
    for child in head.children:  # coordinated adjectives: "Saudi and Omani delegations"
        if child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE"):
            members = [child] + [c for c in child.conjuncts if c.ent_type_ in ("NORP", "GPE")]
            if len(members) >= 2:
                return members
    return []


def apposition_name(head: Token) -> Token | None:
    """A named apposition of a descriptive head: 'the head of X intelligence, Jane Doe'."""
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return child
    return None


def actor_span(head: Token) -> Span:
    """The noun phrase of an argument head: its left modifiers and 'of' phrases, nothing else.

    Relative clauses, appositions, coordinated nouns and other prepositional phrases are cut, so
    "the envoy, who travelled with a delegation from X" gives "the envoy".
    """
    doc = head.doc
    if head.ent_type_:
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
    else:
        ent = None
    left = head.i
    for child in head.lefts:
        if child.dep_ not in _CUT_DEPS or child.dep_ == "det":
            left = min(left, min(t.i for t in child.subtree))
    right = head.i
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            right = max(right, max(t.i for t in child.subtree))
        elif child.dep_ in ("compound", "nummod", "case"):
            right = max(right, child.i)
    if ent is not None:
        left, right = min(left, ent.start), max(right, ent.end - 1)
    while left < right and doc[left].dep_ == "punct":
        left += 1
    return doc[left:right + 1]


def governing_verb(token: Token, limit: int = 5) -> Token | None:
    """The verb a noun's prepositional phrase hangs from: 'called for X in a call with Y'."""
    cur = token
    for _ in range(limit):
        if cur.dep_ not in ("pobj", "prep", "dobj", "compound", "appos") or cur.head == cur:
            return None
        cur = cur.head
        if cur.pos_ == "VERB":
            return cur
    return None


def governing_chain(token: Token, limit: int = 4) -> list[Token]:
    """The verbs above a trigger through control/complement links, nearest first."""
    chain = []
    cur = token
    for _ in range(limit):
        if cur.dep_ not in CONTROL and cur.dep_ not in ("pcomp", "pobj", "prep", "dobj") or cur.head == cur:
            break
        if cur.dep_ == "conj" and _children(cur, SUBJ):
            break  # "X had agreed a truce, but Y's strikes hit Z": a clause of its own
        cur = cur.head
        chain.append(cur)
    return chain
