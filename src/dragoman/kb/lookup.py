"""Actor identity in one place: what a user types ("Hamas", "PA", "IRN", "Iran") as an ActorQuery.

Every command and API call that takes an actor resolves it here, the same way:

1. the equivalence table ``data/equivalents.yml`` (the Palestinian Authority and PSE are one
   actor: its label, codes and aliases);
2. the knowledge base by id or code ("IRN", "hamas"), then by exact name, alias, adjective or
   metonym ("Iran", "Islamic Resistance Movement", "Iranian", "Tehran"), states first, then
   organisations, then people; a state or organisation that the equivalence table lists joins
   its equivalence;
3. the names and codes a database already holds (imported or user-KB actors), when given.

Nothing is guessed: a text none of these knows is refused with :class:`UnknownActorError`,
which carries the closest names (rapidfuzz over every name and alias) for a "did you mean"
message; :func:`closest` gives the same names with their scores (the dashboard's search box). An actor is matched in events by its codes (case-insensitive), else by its names or
KB ids. :func:`display_name` gives the label to print for an actor code ("IRN" -> "Iran").
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import UnknownActorError
from .index import normalise

if TYPE_CHECKING:
    from .base import KnowledgeBase

EQUIVALENTS_FILE = Path(__file__).parent / "data" / "equivalents.yml"
# How an index hit names its entry, best first; the same order for every kind.
_METHOD_ORDER = ("exact", "alias", "adjective", "metonym")
_KIND_ORDER = ("state", "organisation", "person")
SUGGESTION_CUTOFF = 75.0  # rapidfuzz ratio (0-100) a name needs to be suggested
SUGGESTION_SPREAD = 8.0  # suggest names within this many points of the best one
MAX_SUGGESTIONS = 3


@dataclass(frozen=True, slots=True)
class ActorQuery:
    """The codes, names and KB ids that count as one actor, and the name to show for it.

    ``codes`` and ``names`` are case-folded. A state or organisation is matched by its code;
    a person, or an organ of a state (the IDF is coded ISR), by name or KB id, so asking for the
    IDF does not return every event of Israel.
    """

    name: str
    codes: frozenset[str]
    names: frozenset[str] = frozenset()
    kb_ids: frozenset[str] = frozenset()
    code: str | None = None
    aliases: tuple[str, ...] = ()
    text: str = ""

    @property
    def label(self) -> str:
        """The display name (kept under its older name for callers of ActorSpec)."""
        return self.name

    def matches(self, code: str | None, name: str | None = None, kb_id: str | None = None) -> bool:
        """True when an event side with this code, name or KB id is this actor."""
        if code and code.casefold() in self.codes:
            return True
        if kb_id and kb_id in self.kb_ids:
            return True
        return bool(name) and name.casefold() in self.names  # type: ignore[union-attr]

    def __or__(self, other: ActorQuery) -> ActorQuery:
        """The union of two actors: a side matching either matches."""
        return ActorQuery(f"{self.name} + {other.name}", self.codes | other.codes,
                          self.names | other.names, self.kb_ids | other.kb_ids, self.code,
                          self.aliases + other.aliases, f"{self.text} + {other.text}")


def union(queries: Iterable[ActorQuery]) -> ActorQuery | None:
    """Several actors as one (``--actor A --actor B``); None for none."""
    result: ActorQuery | None = None
    for query in queries:
        result = query if result is None else result | query
    return result


@lru_cache(maxsize=1)
def load_equivalents() -> tuple[ActorQuery, ...]:
    """The equivalence table: one ActorQuery per entry."""
    data: dict[str, Any] = yaml.safe_load(EQUIVALENTS_FILE.read_text(encoding="utf-8")) or {}
    queries = []
    for entry in data.get("equivalents", []):
        label = str(entry["label"])
        codes = [str(c) for c in entry.get("codes", [])]
        aliases = tuple(str(a) for a in entry.get("aliases", []))
        queries.append(ActorQuery(label, frozenset(c.casefold() for c in codes),
                                  frozenset(a.casefold() for a in (*aliases, label)),
                                  code=codes[0] if codes else label, aliases=aliases, text=label))
    return tuple(queries)


def equivalent_for(text: str | None) -> ActorQuery | None:
    """The equivalence whose label, alias or code is ``text``."""
    if not text:
        return None
    key = text.strip().casefold()
    return next((q for q in load_equivalents() if key in q.names or key in q.codes), None)


def resolve_actor_query(kb: KnowledgeBase, text: str,
                        known: Mapping[str, str] | None = None) -> ActorQuery:
    """The actor ``text`` names, or UnknownActorError with the closest names."""
    text = text.strip()
    if not text:
        raise UnknownActorError(text, [])
    found = equivalent_for(text) or _from_kb(kb, text) or _from_known(text, known or {})
    if found is None:
        outlet = kb.media(text)
        if outlet is not None and outlet.matched == normalise(text):
            raise UnknownActorError(text, [], f"{outlet.name} is a news outlet, not an actor")
        raise UnknownActorError(text, suggest(kb, text, known or {}))
    return _with_equivalent(found, text)


def resolve_actor_queries(kb: KnowledgeBase, texts: Iterable[str],
                          known: Mapping[str, str] | None = None) -> ActorQuery | None:
    """Several typed actors as their union; None when none is given."""
    return union(resolve_actor_query(kb, t, known) for t in texts)


def _with_equivalent(query: ActorQuery, text: str) -> ActorQuery:
    """Join the equivalence the query's code belongs to ("State of Palestine" is the PA)."""
    linked = equivalent_for(query.code)
    if linked is None or linked.name == query.name:
        return ActorQuery(query.name, query.codes, query.names, query.kb_ids, query.code,
                          query.aliases, text)
    return ActorQuery(linked.name, linked.codes | query.codes, linked.names | query.names,
                      linked.kb_ids | query.kb_ids, linked.code, linked.aliases, text)


def _from_kb(kb: KnowledgeBase, text: str) -> ActorQuery | None:
    """A KB entry named exactly by id, code, name, alias, adjective or metonym."""
    for candidate in (text, text.upper(), text.lower()):
        entry = kb.get(candidate)
        if entry is not None and not _is_media(kb, candidate):
            return entry_query(kb, candidate)
    hits = [h for h in kb.index.keys.get(normalise(text), []) if h.kind in _KIND_ORDER]
    if not hits:
        hits = [h for h in _org_code_hits(kb, text)]
    if not hits:
        return None
    best = min(hits, key=lambda h: (_KIND_ORDER.index(h.kind), _METHOD_ORDER.index(h.method)
                                    if h.method in _METHOD_ORDER else len(_METHOD_ORDER)))
    return entry_query(kb, best.kb_id)


def _org_code_hits(kb: KnowledgeBase, text: str) -> list[Any]:
    """Organisations whose actor code is ``text`` (codes need not be names)."""
    from .index import Hit

    key = text.casefold()
    return [Hit("organisation", o.id, "exact") for o in kb.data.organisations.values()
            if o.actor_code.casefold() == key]


def _is_media(kb: KnowledgeBase, kb_id: str) -> bool:
    return kb_id in kb.data.media


def entry_query(kb: KnowledgeBase, kb_id: str) -> ActorQuery:
    """The ActorQuery of one KB entry (a state code, an organisation id or a person id)."""
    data = kb.data
    if kb_id in data.states:
        state = data.states[kb_id]
        names = (state.name or kb_id, *state.aliases)
        return ActorQuery(state.name or kb_id, frozenset({kb_id.casefold()}), _fold(names),
                          frozenset({kb_id}), kb_id, tuple(state.aliases))
    if kb_id in data.organisations:
        org = data.organisations[kb_id]
        names = (org.name, *org.aliases)
        if org.code and _is_state_code(kb, org.code):  # an organ of a state: match it by name
            return ActorQuery(org.name, frozenset(), _fold(names), frozenset({org.id}), org.code,
                              tuple(org.aliases))
        return ActorQuery(org.name, frozenset({org.actor_code.casefold()}), _fold(names),
                          frozenset({org.id}), org.actor_code, tuple(org.aliases))
    person = data.people[kb_id]
    names = (person.name, *person.aliases)
    return ActorQuery(person.name, frozenset(), _fold(names), frozenset({person.id}), None,
                      tuple(person.aliases))


def _from_known(text: str, known: Mapping[str, str]) -> ActorQuery | None:
    """An actor the database knows by name (name -> code, '' without one) or by code."""
    key = text.casefold()
    code = known.get(key)
    if code is None and key in {c.casefold() for c in known.values() if c}:
        code = next(c for c in known.values() if c and c.casefold() == key)
    if code is None:
        return None
    if not code:  # a name with no actor code: matched by name only
        return ActorQuery(text, frozenset(), frozenset({key}))
    return ActorQuery(text if code.casefold() != key else code,
                      frozenset({code.casefold()}), frozenset({key}), code=code)


def _fold(names: Iterable[str]) -> frozenset[str]:
    return frozenset(n.casefold() for n in names if n)


def _is_state_code(kb: KnowledgeBase, code: str) -> bool:
    return len(code) == 3 and code in kb.data.states


# -- suggestions ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Suggestion:
    """A name close to what was typed: the actor's display name, the score (rapidfuzz ratio,
    0-100) and the name or alias that scored it."""

    name: str
    score: float
    matched: str


def suggest(kb: KnowledgeBase, text: str, known: Mapping[str, str] | None = None,
            limit: int = MAX_SUGGESTIONS) -> list[str]:
    """The display names closest to ``text`` (rapidfuzz over every name and alias)."""
    return [s.name for s in closest(kb, text, known, limit)]


def closest(kb: KnowledgeBase, text: str, known: Mapping[str, str] | None = None,
            limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """The actors closest to ``text``, best first, with their scores: the names of
    :func:`suggest` (at least SUGGESTION_CUTOFF, within SUGGESTION_SPREAD of the best)."""
    from rapidfuzz import fuzz, process, utils

    names = _suggestion_names(kb)
    extra = {n: (n, n) for n in (known or {})} | {c.casefold(): (c, c)
                                                  for c in (known or {}).values() if c}
    choices = {**names, **{k: v for k, v in extra.items() if k not in names}}
    found = process.extract(text.casefold(), list(choices), scorer=fuzz.ratio,
                            processor=utils.default_process, limit=20,
                            score_cutoff=SUGGESTION_CUTOFF)
    if not found:
        return []
    best = found[0][1]
    out: dict[str, Suggestion] = {}
    for key, score, _ in found:
        label, alias = choices[key]
        if score >= best - SUGGESTION_SPREAD and label not in out:
            out[label] = Suggestion(label, round(float(score), 1), alias)
    return list(out.values())[:limit]


@lru_cache(maxsize=4)
def _suggestion_names(kb: KnowledgeBase) -> dict[str, tuple[str, str]]:
    """Case-folded name or alias -> the display name of its actor and the alias as written."""
    names: dict[str, tuple[str, str]] = {}

    def add(alias: str, label: str) -> None:
        names.setdefault(alias.casefold(), (label, alias))

    for query in load_equivalents():
        for alias in (query.name, *query.aliases):
            add(alias, query.name)
    data = kb.data
    for code, state in data.states.items():
        for alias in (state.name or code, *state.aliases, code):
            add(alias, state.name or code)
    for org in data.organisations.values():
        for alias in (org.name, *org.aliases):
            add(alias, org.name)
    for person in data.people.values():
        for alias in (person.name, *person.aliases):
            add(alias, person.name)
    return names


# -- display names -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActorNames:
    """Actor code -> display name, for labels ("IRN" -> "Iran", "PSE" -> "Palestinian Authority")."""

    by_code: Mapping[str, str] = field(default_factory=dict)  # case-folded code -> name

    def __call__(self, code: str | None, fallback: str | None = None) -> str:
        """The display name of a code; ``fallback`` (or the code) when the KB does not know it."""
        name = self.by_code.get(code.casefold()) if code else None
        return name or fallback or code or "?"


@lru_cache(maxsize=4)
def actor_names(kb: KnowledgeBase) -> ActorNames:
    """The display names of every state and organisation code the KB knows."""
    by_code: dict[str, str] = {}
    for org in kb.data.organisations.values():
        if not (org.code and _is_state_code(kb, org.code)):
            by_code.setdefault(org.actor_code.casefold(), org.name)
    for code, state in kb.data.states.items():
        by_code[code.casefold()] = state.name or code
    for query in load_equivalents():
        for code in query.codes:
            by_code[code] = query.name
    return ActorNames(by_code)


def display_name(kb: KnowledgeBase, code: str | None, fallback: str | None = None) -> str:
    """The display name of an actor code."""
    return actor_names(kb)(code, fallback)
