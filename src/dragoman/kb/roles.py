"""Role phrases ("Turkey's foreign minister") and who held an office on a date."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from .index import normalise
from .schema import OFFICES, PersonEntry, Role

OFFICES_FILE = Path(__file__).parent / "data" / "offices.yml"
# Offices that many people hold at once: the text's title must agree with the KB's before we
# name a holder ("interior minister" is one minister, "minister" is nobody in particular).
SHARED_OFFICES = frozenset(o for o, rank in OFFICES.items() if rank <= 2)
# Bare titles a state gives to many people at once: "the Iranian ambassador" is whoever serves
# where the story is, so only a holder of exactly that title is meant, never its ambassador to
# the United Nations.
GENERIC_TITLES = frozenset({"ambassador", "envoy", "diplomat", "spokesperson", "spokesman",
                            "spokeswoman", "minister", "official"})


def _title_fits(wanted: str, title: str) -> bool:
    """A shared office's title fits the phrase: it contains it, and a generic phrase only fits
    the very same title."""
    return title == wanted if wanted in GENERIC_TITLES else wanted in title
# An office of an organisation has no head of state or government: its head is its leader.
ORG_OFFICE = {"head_of_state": "leader", "head_of_government": "leader"}
# Words a role phrase may carry around the office without changing who is meant; any other
# word ("a", "former", "cell") means the phrase names no particular office-holder.
ROLE_FILLERS = frozenset({"top", "current", "incumbent", "new", "newly", "appointed", "then",
                          "country", "s", "senior", "powerful", "longtime", "veteran", "its"})


@dataclass(frozen=True, slots=True)
class OfficePhrase:
    """One way news text names an office."""

    key: str  # normalised phrase
    office: str
    only: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def office_lexicon(path: Path = OFFICES_FILE) -> dict[str, OfficePhrase]:
    """Normalised phrase -> office, read from offices.yml."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["offices"]
    lexicon: dict[str, OfficePhrase] = {}
    for office, phrases in raw.items():
        if office not in OFFICES:
            raise ValueError(f"{path.name}: unknown office {office!r}")
        for item in phrases:
            phrase, only = (item, ()) if isinstance(item, str) else (item["phrase"], item["only"])
            key = normalise(phrase)
            lexicon[key] = OfficePhrase(key, office, frozenset(only))
    return lexicon


def match_office(words: list[str]) -> OfficePhrase | None:
    """The office named by exactly these words, or by them without fillers ("current")."""
    return _exact_office(words) or _exact_office([w for w in words if w not in ROLE_FILLERS])


def _exact_office(words: list[str]) -> OfficePhrase | None:
    """The office named by exactly these words (a dangling "of" at either end is allowed)."""
    while words and words[-1] == "of":
        words = words[:-1]
    while words and words[0] == "of":
        words = words[1:]
    return office_lexicon().get(" ".join(words)) if words else None


def find_office(words: list[str]) -> tuple[OfficePhrase, int, int] | None:
    """The longest office phrase anywhere in ``words`` with its token span, for reporting a title."""
    lexicon = office_lexicon()
    for size in range(min(len(words), 6), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = lexicon.get(" ".join(words[start:start + size]))
            if phrase:
                return phrase, start, start + size
    return None


def role_valid(person: PersonEntry, role: Role, on: date | None) -> bool:
    """True when the person held the role on ``on`` (None: holds it now) and was alive."""
    if person.died is not None and (on is None or on > person.died):
        return False
    return role.valid_on(on)


class RoleIndex:
    """(of, office) -> the people who held it, for resolving role phrases to a holder."""

    def __init__(self, people: dict[str, PersonEntry]) -> None:
        self._holders: dict[tuple[str, str], list[tuple[PersonEntry, Role]]] = defaultdict(list)
        for person in people.values():
            for role in person.roles:
                self._holders[(role.of, role.office)].append((person, role))

    def holder(self, office: str, of: str, on: date | None,
               title: str | None = None) -> tuple[PersonEntry, Role] | None:
        """Who held ``office`` of ``of`` on ``on``; None when nobody or nobody in particular."""
        found = [(p, r) for p, r in self._holders.get((of, office), ()) if role_valid(p, r, on)]
        if office in SHARED_OFFICES:
            wanted = normalise(title or "")
            found = [(p, r) for p, r in found if wanted and _title_fits(wanted, normalise(r.title))]
            if len({p.id for p, _ in found}) != 1:
                return None
        if not found:
            return None
        # At a handover both tenures may touch the date: the newer one is the holder.
        return max(found, key=lambda pr: pr[1].start or date.min)
