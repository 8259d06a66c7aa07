"""Text normalisation and the lookup tables the resolver reads: normalised alias -> candidates.

Every lookup is a dict access on a normalised key, so resolving a mention costs microseconds and
never scans the KB. Fuzzy matching is blocked by a consonant skeleton per token: transliteration
variants (Mashal/Meshaal, Aruri/Arouri) share a skeleton, near-misses like Hamad/Hamdan do not.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from unidecode import unidecode

_POSSESSIVE = re.compile(r"(\w)['’`´]s\b")
_APOSTROPHE = re.compile(r"['’`´]")
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")

# Words dropped from keys and queries alike: they never decide who an actor is.
DROPPED = frozenset({"the"})
# Name particles: "al-Arouri" is also written "Arouri"; such a particle is never a surname alone.
PARTICLES = frozenset({"al", "el", "ul", "bin", "ben", "ibn", "abu", "abd", "de", "da", "van", "von",
                       "der", "du", "la", "le", "bint", "ould"})


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a mention: the lower-case key and whether the text wrote it capitalised."""

    key: str
    capital: bool
    upper: bool


@lru_cache(maxsize=65536)
def tokenize(text: str) -> tuple[Token, ...]:
    """Split a mention into normalised tokens (ASCII, lower case, no possessive, no dots)."""
    ascii_text = unidecode(text)
    ascii_text = _POSSESSIVE.sub(r"\1", ascii_text)
    ascii_text = _APOSTROPHE.sub("", ascii_text).replace(".", "")
    words = [w for w in _NON_WORD.split(ascii_text) if w]
    return tuple(Token(w.lower(), w[0].isupper(), w.isupper() and len(w) > 1) for w in words
                 if w.lower() not in DROPPED)


def normalise(text: str) -> str:
    """The index key of a name: its tokens joined by single spaces."""
    return " ".join(t.key for t in tokenize(text))


def compact(key: str) -> str:
    """The key without spaces, so Amir-Abdollahian meets Amirabdollahian."""
    return key.replace(" ", "")


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """First letter plus the remaining consonants with repeats collapsed: a transliteration key."""
    if not word:
        return ""
    return word[0] + _REPEATS.sub(r"\1", _VOWELS.sub("", word[1:].replace("h", "")))


def is_acronym(alias: str) -> bool:
    """Short all-capital aliases (US, UN, PM, KAN) must match case-sensitively."""
    letters = alias.replace(".", "").replace(" ", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


@dataclass(frozen=True, slots=True)
class Hit:
    """One candidate for a key: which entry, of what kind, and how the key names it."""

    kind: str  # state | person | organisation | media
    kb_id: str
    method: str  # exact | alias | adjective | metonym
    acronym: bool = False


@dataclass(slots=True)
class AliasIndex:
    """Normalised key -> hits, plus surname and skeleton tables for the looser lookups."""

    keys: dict[str, list[Hit]] = field(default_factory=lambda: defaultdict(list))
    compacts: dict[str, list[Hit]] = field(default_factory=lambda: defaultdict(list))
    surnames: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    skeletons: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    name_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key -> words sans particles
    max_tokens: int = 1

    def add(self, alias: str, hit: Hit) -> None:
        """Index one alias of an entry."""
        key = normalise(alias)
        if not key:
            return
        hit = Hit(hit.kind, hit.kb_id, hit.method, is_acronym(alias))
        if hit not in self.keys[key]:
            self.keys[key].append(hit)
        n_tokens = key.count(" ") + 1
        self.max_tokens = max(self.max_tokens, n_tokens)
        if n_tokens > 1 and hit.kind in ("person", "organisation"):
            self.compacts[compact(key)].append(hit)
        if hit.kind in ("person", "organisation") and not hit.acronym:
            self.name_words[key] = tuple(w for w in key.split() if w not in PARTICLES)
            for word in self.name_words[key]:
                if len(word) > 2:
                    self.skeletons[skeleton(word)].add(key)

    def add_surname(self, name: str, person_id: str) -> None:
        """Index the last word of a person's name (and "al-X" as X) for bare-surname mentions."""
        words = normalise(name).split()
        if len(words) < 2:
            return
        last = words[-1]
        if len(last) > 2 and last not in PARTICLES:
            self.surnames[last].add(person_id)
        if len(words) >= 3:
            # "al-Arouri", "Amir-Abdollahian": the last two words may be one surname.
            if words[-2] in PARTICLES:
                self.surnames[f"{words[-2]} {last}"].add(person_id)
            self.surnames[f"{words[-2]}{last}"].add(person_id)

    def lookup(self, key: str, tokens: tuple[Token, ...]) -> list[Hit]:
        """Hits for a key; acronym aliases only when the text wrote the words in capitals."""
        hits = self.keys.get(key) or self.compacts.get(compact(key), [])
        if not hits:
            return []
        upper = all(t.upper for t in tokens)
        return [h for h in hits if upper or not h.acronym]
