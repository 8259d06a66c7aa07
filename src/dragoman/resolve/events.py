"""Article-level assembly: merge repeated reports of one event, fill gaps, build Events.

Rules (each general, none tied to one article):

- **Merge within an article.** Two drafts with the same type and the same actor pair (either
  order for CONSULT, COOPERATE, AGREE) and compatible dates (overlapping, or one undated) are one
  event told twice, e.g. a photo caption and the body. The merged event keeps the first report's
  evidence and takes missing date, place and attribution from the others.
- **Fill a missing assault target from the article.** "X carried out a massacre on <date>" often
  names no victim; if the article speaks of "the attack on Y" (a nominal assault with a resolved
  target and no stated attacker) and only one such Y exists, Y becomes the target, with lower
  confidence.
- **Drop what is not an event.** Drafts without a source, or without a target where the type
  needs one, are not emitted.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..ontology.plover import SYMMETRIC
from ..types import ActorRef, Article, Event, Place, ResolvedDate, Status, TextSpan, make_event_id


@dataclass
class Draft:
    """An event as the rules found it, before merging and id assignment (mutable on purpose)."""

    type: str
    mode: str | None
    source: ActorRef | None
    target: ActorRef | None
    date: ResolvedDate | None
    place: Place | None
    status: Status
    attributed_to: str | None
    evidence: TextSpan
    trigger: TextSpan
    pos: str = "VERB"
    untargeted_ok: bool = False
    is_frame: bool = False
    consumed: bool = False
    sentence_actors: frozenset[str] = frozenset()  # keys of actors named in the sentence
    headline: bool = False  # told in the article's headline


def _key(ref: ActorRef | None) -> str:
    if ref is None:
        return ""
    return ref.kb_id or ref.actor or ref.name.lower()


def _same_side(a: ActorRef | None, b: ActorRef | None, levels: bool = False) -> bool:
    """One side told twice: the same actor, or (``levels``) a state and one of its own people
    ("Turkey" in the headline, "Minister X" in the body)."""
    if a is None or b is None:
        return a is b
    if _key(a) == _key(b):
        return True
    if not levels:
        return False
    # a state and its own person are one side only where neither is a named place or person
    return bool(a.actor) and a.actor == b.actor and {a.kind, b.kind} == {"state", "person"} \
        and "place" not in (a.method, b.method) and STATE_LEVEL in (a.method, b.method)


def _same_pair(a: Draft, b: Draft) -> bool:
    """The same two sides; state and person level count as one only for a headline's event
    told again in the body, or within one sentence."""
    levels = a.headline or b.headline or a.evidence.start == b.evidence.start
    if _same_side(a.source, b.source, levels) and _same_side(a.target, b.target, levels):
        return True
    return a.type in SYMMETRIC and _same_side(a.source, b.target, levels) \
        and _same_side(a.target, b.source, levels)


def _specificity(ref: ActorRef | None) -> int:
    return 0 if ref is None else {"person": 3, "organisation": 2, "group": 2}.get(ref.kind or "", 1 if ref.kind != "state" else 0)


STATE_LEVEL = "exact"  # a state named as such ("Turkey"), not reached through a place
SOFT_DATES = {"document", "continues", "context"}  # days assumed, not stated


def _dates_compatible(a: ResolvedDate | None, b: ResolvedDate | None, headline: bool = False) -> bool:
    if a is None or b is None:
        return True
    if headline and (a.method in SOFT_DATES or b.method in SOFT_DATES):
        return abs((a.start - b.start).days) <= 7  # the headline's assumed day yields to the body's
    return a.start <= b.end and b.start <= a.end


def _absorb(kept: Draft, other: Draft) -> None:
    """Keep the most specific actors and the best date of two reports of one event."""
    if _same_side(kept.source, other.source, True) and _specificity(other.source) > _specificity(kept.source):
        kept.source = other.source
    if _same_side(kept.target, other.target, True) and _specificity(other.target) > _specificity(kept.target):
        kept.target = other.target
    if kept.date is None or (other.date and other.date.precision == "day" and kept.date.precision != "day") \
            or (other.date and kept.date.method in SOFT_DATES and other.date.method not in SOFT_DATES):
        kept.date = other.date or kept.date
    kept.place = kept.place or other.place
    kept.attributed_to = kept.attributed_to or other.attributed_to


def fill_assault_targets(drafts: list[Draft]) -> list[Draft]:
    """Give an untargeted assault by X the one victim Y of 'the attack on Y' said near X.

    The hint must name X in its own sentence ("the attack on Y has not hurt X"), so an
    unrelated attack elsewhere in the article never lends its victim.
    """
    hints = [d for d in drafts if d.type == "ASSAULT" and d.source is None
             and d.target is not None and d.target.actor is not None]
    for d in drafts:
        if d.type != "ASSAULT" or d.pos != "VERB" or d.source is None or d.target is not None:
            continue
        victims = {_key(h.target): h.target for h in hints
                   if _key(d.source) in h.sentence_actors and _key(h.target) != _key(d.source)}
        if len(victims) == 1:
            d.target = replace(next(iter(victims.values())), method="context")
    return drafts


_DETERMINERS = {"the", "a", "an", "some", "several", "many", "dozens", "hundreds", "thousands"}


def drop_thing_targets(drafts: list[Draft]) -> list[Draft]:
    """'Strikes hit Y's province, killing civilians': where a sentence names an actor as the
    victim, the same doer's act on a thing or an unnamed group of it is no second event."""
    def actor_level(d: Draft) -> bool:
        return d.target is not None and d.target.actor is not None

    def key(d: Draft) -> tuple:
        return d.evidence.start, d.type, d.source and (d.source.kb_id or d.source.actor or d.source.name)

    def thing(d: Draft) -> bool:  # "civilians", "residential areas", not "Nechirvan Barzani"
        return d.target is not None and d.target.method == "text" and \
            not any(w[:1].isupper() for w in d.target.text.split()[1:]) and \
            not (d.target.text[:1].isupper() and d.target.text.split()[0].lower() not in _DETERMINERS)

    named = {key(d) for d in drafts if actor_level(d)}
    return [d for d in drafts if not thing(d) or key(d) not in named]


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Fill gaps, drop non-events and merge repeated reports within one article."""
    drafts = drop_thing_targets(fill_assault_targets(drafts))
    kept: list[Draft] = []
    for d in drafts:
        if d.source is None or (d.target is None and not d.untargeted_ok):
            continue
        twin = next((k for k in kept if k.type == d.type and _same_pair(k, d)
                     and _dates_compatible(k.date, d.date, k.headline or d.headline)
                     and k.status == d.status), None)
        if twin is None:
            kept.append(d)
        else:
            _absorb(twin, d)
    return kept


def confidence(d: Draft) -> float:
    """A simple, documented score: resolved actors and verbal triggers raise it."""
    score = 0.45
    for ref in (d.source, d.target):
        if ref is None:
            continue
        if ref.kb_id:
            score += 0.2
        elif ref.actor:
            score += 0.1
        if ref.method in ("coref", "context", "place"):
            score -= 0.05
    score += 0.1 if d.pos == "VERB" else 0.0
    return max(0.05, min(score, 0.95))


def assemble(d: Draft, article: Article, extractor: str) -> Event:
    """Freeze a draft into an Event with a deterministic id."""
    event_id = make_event_id(article.article_id, d.evidence.start, d.trigger.start, d.type,
                             _key(d.source), _key(d.target)
                             + (d.date.start.isoformat() if d.date else ""))
    return Event(event_id=event_id, doc_id=article.doc_id, article_id=article.article_id,
                 type=d.type, mode=d.mode, source=d.source, target=d.target, date=d.date,
                 place=d.place, status=d.status, attributed_to=d.attributed_to,
                 evidence=d.evidence, trigger=d.trigger, confidence=confidence(d),
                 extractor=extractor)
