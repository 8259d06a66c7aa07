"""Which date expressions of a sentence belong to a trigger, resolved to dates."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from ..ontology.lexicon import Cues
from ..resolve.dates import now_date, recent_date, resolve_date, year_in
from ..types import ResolvedDate
from .arguments import governing_chain
from .triggers import TriggerMatch

_REPEAT = {"again", "and", "also", "twice", "well"}


# Acts about another act: a date inside their object dates the object, not them.
ABOUT_TYPES = frozenset({"SUPPORT", "ACCUSE", "REQUEST", "REJECT", "THREATEN"})


def _attached(ent: Span, heads: set[int], stop: set[int]) -> bool:
    """True when the date's syntactic head path reaches one of ``heads`` before another verb."""
    tok = ent.root
    for _ in range(8):
        if tok.i in heads:
            return True
        if tok.head == tok or tok.i in stop:
            return False
        tok = tok.head
    return False


def _with_since(ent: Span) -> str:
    """Keep 'since' or 'within' in front of a date: 'since October 7' is a range up to now,
    'within 90 days' one from now."""
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_ in ("since", "within") and not ent.text.lower().startswith(prev.lower_):
        return f"{prev.lower_} {ent.text}"  # "within 90 days": from now to then
    return ent.text


def _adverb_date(tokens: list[Token], cues: Cues, published: date | None) -> ResolvedDate | None:
    for tok in tokens:
        for child in tok.children:
            if child.dep_ in ("advmod", "npadvmod") and child.lower_ in cues.now_words:
                return now_date(published)
            if child.dep_ in ("advmod", "npadvmod") and child.lower_ in cues.recent_words:
                return recent_date(published)
    return None


def present_tense_date(match: TriggerMatch, story: date | None) -> ResolvedDate | None:
    """'The Secretary-General condemns ...': a statement in the present is made on the story's day."""
    if story is None:
        return None
    tok = match.token
    verb = tok if tok.pos_ in ("VERB", "AUX") else next(
        (h for h in governing_chain(tok)[:3] if h.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.tag_ not in ("VBZ", "VBP"):
        return None
    if any(c.dep_ == "aux" for c in verb.children):
        return None  # "has met", "will meet", "does not condemn" say nothing about the day
    return ResolvedDate(story, story, "day", verb.text, "tense")


def event_dates(match: TriggerMatch, sent: Span, published: date | None, anchor: date | None,
                cues: Cues, future: bool = False) -> list[ResolvedDate | None]:
    """The event's dates: usually one, several for 'met on X and again in Y', [] when unfixed."""
    tok = match.token
    chain = governing_chain(tok)
    heads = {t.i for t in match.heads} | {t.i for t in chain[:2]}
    others = {t.i for t in sent if t.pos_ == "VERB" and t.i not in heads}
    if match.spec.type in ABOUT_TYPES:  # "condemned the Dec. 10 attack": the attack's day, not the condemnation's
        others |= {t.i for t in sent if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("dobj", "pobj")
                   and not t.ent_type_ in ("DATE", "TIME") and t.i not in heads}
    ents = [e for e in sent.ents if e.label_ == "DATE"]
    mine = [e for e in ents if _attached(e, heads, others)]
    if not mine and len(ents) == 1 and not _attached(ents[0], others, heads):
        mine = ents
    hint = year_in(sent.text)
    resolved = []
    for ent in mine:
        text = _with_since(ent)
        found = resolve_date(text, published, anchor,
                             hint if not any(ch.isdigit() and len(ch) == 4 for ch in text.split()) else None,
                             future)
        if found is not None:
            resolved.append((ent, found))
    if len(resolved) > 1 and _repeated(resolved, sent):
        return [r for _, r in resolved]
    if resolved:
        return [max(resolved, key=lambda p: _precision_rank(p[1]))[1]]
    found = _adverb_date([*match.heads, *chain[:2]], cues, published)
    return [found] if found else []


def _repeated(resolved: list[tuple[Span, ResolvedDate]], sent: Span) -> bool:
    """'on October 15 as well as again in late November': one event per date."""
    first, last = resolved[0][0], resolved[-1][0]
    between = {t.lower_ for t in sent.doc[first.end:last.start]}
    return bool(between & _REPEAT)


def _precision_rank(found: ResolvedDate) -> int:
    return {"day": 4, "week": 3, "range": 2, "month": 2, "year": 1}.get(found.precision, 0)
