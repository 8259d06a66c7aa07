"""Find the actor a mention names: the matches in a phrase and the rules that pick one.

Priority inside the head of a noun phrase (the words before a preposition such as "in"/"to"):
a person's name > a role phrase resolved to its holder > an organisation > a state name or
metonym > an adjective. Only if the head names nobody do the words after the preposition count
("targets in Syria"). A match inside a longer match does not count ("Iran" in "Iran International").
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from rapidfuzz.fuzz import ratio

from .index import PARTICLES, AliasIndex, Hit, Token, skeleton

PREPOSITIONS = frozenset({"in", "at", "on", "from", "near", "across", "to", "against", "with", "by",
                          "for", "into", "inside", "outside", "over", "under", "between", "within",
                          "around", "toward", "towards", "after", "during", "via", "like", "among"})
KIND_ORDER = {"organisation": 0, "state": 1}


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a mention resolved to, how, and how sure we are."""

    kb_id: str
    name: str
    code: str | None
    kind: str  # state | person | organisation | media
    role: str | None
    office: str | None
    rank: int | None
    method: str  # exact | alias | surname | fuzzy | role | adjective | metonym
    score: float
    matched: str


@dataclass(frozen=True, slots=True)
class Match:
    """Hits for the tokens ``start:end`` of the phrase."""

    start: int
    end: int
    hits: tuple[Hit, ...]

    @property
    def size(self) -> int:
        """Number of tokens matched."""
        return self.end - self.start


def find_matches(tokens: tuple[Token, ...], index: AliasIndex,
                 kinds: frozenset[str] | None = None) -> list[Match]:
    """Every n-gram with index hits (of ``kinds``), minus those inside a longer match."""
    found: list[Match] = []
    n = len(tokens)
    keys = [t.key for t in tokens]
    for size in range(min(n, index.max_tokens), 0, -1):
        for start in range(n - size + 1):
            window = tokens[start:start + size]
            hits = index.lookup(" ".join(keys[start:start + size]), window)
            if kinds is not None:
                hits = [h for h in hits if h.kind in kinds]
            if hits and not any(m.start <= start and start + size <= m.end for m in found):
                found.append(Match(start, start + size, tuple(hits)))
    return found


def head_end(tokens: tuple[Token, ...], matches: list[Match]) -> int:
    """Index of the first preposition outside every match: the head of the phrase ends there."""
    inside = {i for m in matches for i in range(m.start, m.end)}
    for i, token in enumerate(tokens):
        if i > 0 and token.key in PREPOSITIONS and i not in inside:
            return i
    return len(tokens)


# Words that may stand before a bare surname without being a first name ("President Erdogan").
TITLES = frozenset({"mr", "mrs", "ms", "dr", "gen", "general", "lt", "col", "colonel", "sen",
                    "senator", "rep", "minister", "president", "sheikh", "king", "prince", "emir",
                    "sir", "lord", "commander", "chief", "secretary", "deputy", "premier", "governor",
                    "ambassador", "judge", "justice", "mayor", "leader", "spokesman", "envoy", "pm",
                    "fm", "official", "major", "maj", "adm", "admiral", "brig", "brigadier", "capt",
                    "captain", "prof", "professor", "chairman", "director", "head", "crown"})


def surname_position(tokens: tuple[Token, ...], start: int, end: int, covered: set[int]) -> bool:
    """A bare surname stands alone: no unknown capitalised name word right before or after it."""
    before = tokens[start - 1] if start > 0 else None
    after = tokens[end] if end < len(tokens) else None
    if after is not None and after.capital and after.key not in PARTICLES and end not in covered:
        return False
    return (before is None or not before.capital or before.key in TITLES
            or (start - 1) in covered or before.key in PARTICLES)


def surname_candidates(key: str, hits: tuple[Hit, ...], index: AliasIndex) -> set[str]:
    """People a one-word mention may name: single-word aliases and surnames."""
    people = {h.kb_id for h in hits if h.kind == "person"}
    return people | index.surnames.get(key, set())


def pick_person(candidates: set[str], known: Collection[str]) -> str | None:
    """One person out of candidates: the one already named in the article, else the only one."""
    named = candidates & set(known)
    if len(named) == 1:
        return next(iter(named))
    return next(iter(candidates)) if len(candidates) == 1 else None


def person_from_matches(tokens: tuple[Token, ...], matches: list[Match], index: AliasIndex,
                        known: Collection[str], cased: bool) -> tuple[str, Match, str] | None:
    """The person named by the longest person match: (kb_id, match, method)."""
    for match in matches:
        people = [h for h in match.hits if h.kind == "person"]
        if not people:
            continue
        window = tokens[match.start:match.end]
        if match.size == 1 or len(window) == 1:
            if len(people) != len(match.hits) or (cased and not window[0].capital):
                continue  # a word that is also a state or group name is not a surname
            others = {i for m in matches if m is not match for i in range(m.start, m.end)}
            if not surname_position(tokens, match.start, match.end, others):
                continue
            chosen = pick_person(surname_candidates(window[0].key, match.hits, index), known)
            method = next((h.method for h in people if h.kb_id == chosen), "surname")
        else:
            chosen = pick_person({h.kb_id for h in people}, known)
            method = next((h.method for h in people if h.kb_id == chosen), "alias")
        if chosen:
            return chosen, match, method
    return None


def surname_only(tokens: tuple[Token, ...], covered: set[int], index: AliasIndex,
                 known: Collection[str], cased: bool) -> tuple[str, Match] | None:
    """A derived surname ("Arouri", "al-Arouri") that is not itself an alias."""
    for size in (2, 1):
        for start in range(len(tokens) - size + 1):
            span = range(start, start + size)
            window = tokens[start:start + size]
            if covered.intersection(span) or not window[-1].capital:
                continue
            if not surname_position(tokens, start, start + size, covered):
                continue
            ids = index.surnames.get(" ".join(t.key for t in window))
            chosen = pick_person(ids, known) if ids else None
            if chosen:
                return chosen, Match(start, start + size, ())
    return None


def _name_like(window: tuple[Token, ...]) -> bool:
    """Capitalised words, allowing lower-case particles inside ("Saleh al-Arouri")."""
    names = [t for t in window if t.key not in PARTICLES]
    return bool(names) and all(t.capital for t in names) and window[0].key not in PARTICLES


def _tokens_agree(query: str, alias: str) -> float:
    """Similarity of two name words, 0 unless they share a transliteration skeleton."""
    if query == alias:
        return 1.0
    if query[0] != alias[0] or skeleton(query) != skeleton(alias):
        return 0.0
    score = ratio(query, alias) / 100
    return score if score >= 0.75 else 0.0


def _fuzzy_score(query: list[str], words: tuple[str, ...]) -> float:
    """Token-level agreement of a query with an alias's words of the same length (or its surname)."""
    if len(query) == 1 and len(words) > 1:
        words = words[-1:]
    if len(words) != len(query):
        return 0.0
    scores = [_tokens_agree(q, w) for q, w in zip(query, words)]
    return 0.0 if min(scores) == 0.0 else sum(scores) / len(scores)


def fuzzy_person(tokens: tuple[Token, ...], covered: set[int], index: AliasIndex,
                 known: Collection[str]) -> tuple[str, Match, float] | None:
    """A person whose name agrees word by word with capitalised words of the phrase."""
    for size in (3, 2, 1):
        for start in range(len(tokens) - size + 1):
            window = tokens[start:start + size]
            if covered.intersection(range(start, start + size)) or not _name_like(window):
                continue
            if size == 1 and not surname_position(tokens, start, start + 1, covered):
                continue  # a lone word inside a longer name is not a surname
            query = [t.key for t in window if t.key not in PARTICLES]
            if not query or (size == 1 and len(query[0]) < 4):
                continue
            best = _best_fuzzy(query, index, known)
            if best and (size > 1 or best[0] in known):
                # a lone misspelt word ("Many" at a sentence start) names only someone the
                # article already introduced; two or more agreeing words stand on their own
                return best[0], Match(start, start + size, ()), best[1]
    return None


def _best_fuzzy(query: list[str], index: AliasIndex, known: Collection[str]) -> tuple[str, float] | None:
    """The one person the query names fuzzily, preferring people the article already named."""
    keys = set().union(*(index.skeletons.get(skeleton(w), set()) for w in query if len(w) > 2))
    scored: dict[str, float] = {}
    for key in keys:
        score = _fuzzy_score(query, index.name_words[key])
        if score < 0.8:
            continue
        for hit in index.keys.get(key, ()):
            if hit.kind == "person":
                scored[hit.kb_id] = max(scored.get(hit.kb_id, 0.0), score)
    chosen = pick_person(set(scored), known)
    return (chosen, scored[chosen]) if chosen else None


def entity_matches(matches: list[Match], lo: int, hi: int, kinds: tuple[str, ...],
                   methods: tuple[str, ...], on: date | None, valid) -> list[tuple[Match, Hit]]:
    """Matches in [lo, hi) whose hits are of ``kinds`` and ``methods`` and valid on ``on``."""
    out = []
    for match in matches:
        if not (lo <= match.start < hi):
            continue
        for hit in sorted(match.hits, key=lambda h: KIND_ORDER.get(h.kind, 9)):
            if hit.kind in kinds and hit.method in methods and valid(hit, on):
                out.append((match, hit))
                break
    return out


def role_words(tokens: tuple[Token, ...], lo: int, hi: int, matches: list[Match]) -> list[str]:
    """The head's words outside entity matches and fillers: what names the office."""
    inside = {i for m in matches for i in range(m.start, m.end)}
    return [t.key for i, t in enumerate(tokens[lo:hi], lo) if i not in inside]
