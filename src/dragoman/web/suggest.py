"""Actor names for the dashboard: display labels and fuzzy suggestions for the search box.

Kept apart on purpose: the public Python API (issue 11) is growing a shared actor resolver with
suggestions; when it lands, :func:`suggest_actors` can call it and nothing else here changes.

Candidates are the actors that have events in this database, each under one label (the alias
table's, else the knowledge base's name, else the stored code), matched by that label, its codes
and every name the events give its representatives (so "Haniyeh" finds Hamas). The typed text is
first resolved the way ``dragoman standing`` resolves it (alias table, knowledge base, database,
pycountry); an exact resolution ranks first, then rapidfuzz's WRatio scores the rest.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, utils

from ..analysis.data import ActorSpec, is_state, load_equivalents, resolve_actor

MIN_SCORE = 75.0
SHORT = 3  # a query this short is compared whole: "US" is not a part of "Russia"


@dataclass(frozen=True, slots=True)
class Candidate:
    """An actor that has events here, and the strings that name it."""

    label: str
    codes: frozenset[str]
    names: frozenset[str]
    events: int


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested actor with its score (100 = the text resolves to it)."""

    label: str
    events: int
    score: float
    matched: str


@lru_cache(maxsize=4096)
def actor_label(code: str) -> str:
    """The display name of an actor code: 'Palestinian Authority' for PSE, 'Iran' for IRN."""
    for spec in load_equivalents():
        if spec.matches(code, code):
            return spec.label
    if is_state(code):
        try:
            from ..kb import load_kb

            entry = load_kb().get(code)
        except Exception:  # noqa: BLE001 -- a broken KB only costs the nicer label
            entry = None
        if entry is not None and getattr(entry, "name", None):
            return str(entry.name)
    return code


def candidates(counts: Iterable[tuple[str, str | None, int]]) -> list[Candidate]:
    """Group (code or name, name, events) rows into one candidate per label."""
    codes: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    events: dict[str, int] = defaultdict(int)
    for who, name, n in counts:
        label = actor_label(who)
        codes[label].add(who)
        if name:
            names[label].add(name)
        events[label] += n
    return [Candidate(label, frozenset(codes[label]), frozenset(names[label]), events[label])
            for label in sorted(codes)]


def suggest_actors(text: str, pool: list[Candidate], limit: int = 8,
                   actor_names: Mapping[str, str] | None = None) -> list[Suggestion]:
    """The actors of this database that ``text`` most likely means, best first."""
    text = text.strip()
    if not text or not pool:
        return []
    spec = resolve_actor(text, actor_names or {})
    scored = [_score(text, spec, candidate) for candidate in pool]
    kept = [s for s in scored if s.score >= MIN_SCORE]
    return sorted(kept, key=lambda s: (-s.score, -s.events, s.label))[:limit]


def _score(text: str, spec: ActorSpec, candidate: Candidate) -> Suggestion:
    """How well the text names the candidate."""
    if any(spec.matches(code, None) for code in candidate.codes) or spec.label == candidate.label:
        return Suggestion(candidate.label, candidate.events, 100.0, candidate.label)
    best, matched = 0.0, candidate.label
    short = len(text) <= SHORT
    for option in (candidate.label, *candidate.codes, *candidate.names):
        if short:
            score = 85.0 if option.casefold().startswith(text.casefold()) else fuzz.ratio(
                text, option, processor=utils.default_process)
        else:
            score = fuzz.WRatio(text, option, processor=utils.default_process)
        if score > best:
            best, matched = score, option
    return Suggestion(candidate.label, candidate.events, round(best, 1), matched)
