"""Actors for the dashboard: what an actor parameter names, and suggestions for the search box.

Actor identity is :mod:`dragoman.kb.lookup`'s, the one every command and the Python API use:
:func:`resolve` turns a parameter into an :class:`~dragoman.kb.lookup.ActorQuery` or raises
:class:`UnknownActor`, a 400 naming the parameter with lookup's "did you mean" names.

The search box needs a little more than lookup gives, and only that is added here:

- it offers only actors that have events in this database (the *pool*), each under one label
  (lookup's display name of its code), with its number of events;
- an actor is offered when a text lookup resolves names it (score 100), or when one of lookup's
  closest names does (lookup's rapidfuzz score), matched through the codes, names and KB ids its
  events carry: "Haniyeh" resolves to Ismail Haniyeh, whose events are coded Hamas, so Hamas is
  offered;
- while a name is being typed, an actor whose label or code has a word starting with the text
  is offered too (COMPLETION, a little below a typo's usual score), and, a little lower still, one
  whose representatives' names do (NAME_COMPLETION): "Hani" finds Hamas through Ismail Haniyeh
  before lookup could call it anything.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import UnknownActorError
from ..kb.lookup import ActorNames, ActorQuery, closest, resolve_actor_query
from .params import BadParameter

COMPLETION = 80.0  # score of an actor a word of whose label or code starts with the typed text
NAME_COMPLETION = 75.0  # ... a word of the name of one of its representatives
MIN_COMPLETION = 2  # characters typed before completion starts
CLOSEST = 5  # lookup's closest names considered per text


class UnknownActor(BadParameter):
    """An actor parameter nobody knows: a 400 naming the parameter, with suggestions."""

    def __init__(self, parameter: str, error: UnknownActorError) -> None:
        super().__init__(parameter, str(error))
        self.text = error.text
        self.suggestions = error.suggestions
        self.detail = str(error)  # lookup's message, without the parameter


def resolve(kb: object, text: str, parameter: str,
            known: Mapping[str, str] | None = None) -> ActorQuery:
    """The actor a parameter names (lookup's resolution), or UnknownActor naming the parameter."""
    try:
        return resolve_actor_query(kb, text, known)  # type: ignore[arg-type]
    except UnknownActorError as exc:
        raise UnknownActor(parameter, exc) from None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An actor that has events here, and the codes, names and KB ids its events carry."""

    label: str
    codes: frozenset[str]
    names: frozenset[str]
    kb_ids: frozenset[str]
    events: int

    def named_by(self, query: ActorQuery) -> bool:
        """True when the query matches a side of this actor's events."""
        return (any(query.matches(code) for code in self.codes)
                or any(query.matches(None, name) for name in self.names)
                or any(query.matches(None, None, kb_id) for kb_id in self.kb_ids))

    def completion(self, text: str) -> tuple[float, str] | None:
        """The score and the label, code or name a word of which starts with the (case-folded)
        text; None when none does."""
        for score, options in ((COMPLETION, (self.label, *sorted(self.codes))),
                               (NAME_COMPLETION, sorted(self.names))):
            for option in options:
                if any(word.startswith(text) for word in option.casefold().split()):
                    return score, option
        return None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested actor with its score (100 = the text names it) and what matched."""

    label: str
    events: int
    score: float
    matched: str


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One actor as the database's events name it, from ``queries.actor_event_counts``."""

    who: str  # the actor code, or the name when the side has none
    names: tuple[str, ...]
    kb_ids: tuple[str, ...]
    events: int


def candidates(rows: Iterable[ActorRow], label: ActorNames,
               distinct: Mapping[str, int] | None = None) -> list[Candidate]:
    """One candidate per display label. ``distinct`` holds the event count of a label several
    codes share (an event between two of them counts once); otherwise the rows' counts add up."""
    codes: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    kb_ids: dict[str, set[str]] = defaultdict(set)
    events: dict[str, int] = defaultdict(int)
    for row in rows:
        key = label(row.who, row.who)
        codes[key].add(row.who)
        names[key].update(n for n in row.names if n)
        kb_ids[key].update(k for k in row.kb_ids if k)
        events[key] += row.events
    counts = {**events, **(distinct or {})}
    return [Candidate(key, frozenset(codes[key]), frozenset(names[key]), frozenset(kb_ids[key]),
                      counts[key]) for key in sorted(codes)]


def shared_labels(rows: Iterable[ActorRow], label: ActorNames) -> dict[str, list[str]]:
    """Labels that several codes share (the Palestinian Authority: PSE and PA), with the codes."""
    whos: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        whos[label(row.who, row.who)].append(row.who)
    return {key: codes for key, codes in whos.items() if len(codes) > 1}


def suggest_actors(text: str, pool: list[Candidate], kb: object,
                   known: Mapping[str, str] | None = None, limit: int = 8) -> list[Suggestion]:
    """The actors of this database that ``text`` most likely means, best first."""
    text = text.strip()
    if not text or not pool:
        return []
    best: dict[str, Suggestion] = {}

    def offer(candidate: Candidate, score: float, matched: str) -> None:
        if candidate.label not in best or score > best[candidate.label].score:
            best[candidate.label] = Suggestion(candidate.label, candidate.events, score, matched)

    try:
        named = resolve_actor_query(kb, text, known)  # type: ignore[arg-type]
    except UnknownActorError:
        named = None
    if named is not None:
        for candidate in pool:
            if candidate.named_by(named):
                offer(candidate, 100.0, named.name)
    for near in closest(kb, text, known, CLOSEST):  # type: ignore[arg-type]
        try:
            query = resolve_actor_query(kb, near.name, known)  # type: ignore[arg-type]
        except UnknownActorError:
            continue
        for candidate in pool:
            if candidate.named_by(query):
                offer(candidate, near.score, near.matched)
    if len(text) >= MIN_COMPLETION:
        typed = text.casefold()
        for candidate in pool:
            found = candidate.completion(typed)
            if found is not None:
                offer(candidate, *found)
    return sorted(best.values(), key=lambda s: (-s.score, -s.events, s.label))[:limit]
