"""The KnowledgeBase: entries, their lookup tables, and the public resolution API."""
from __future__ import annotations

from collections.abc import Collection
from datetime import date

from .index import AliasIndex, Hit, Token, tokenize
from .loader import KBData
from .resolver import (Match, Resolution, entity_matches, find_matches, fuzzy_person, head_end,
                       person_from_matches, role_words, surname_candidates, surname_only)
from .roles import ORG_OFFICE, OfficePhrase, RoleIndex, find_office, match_office, office_lexicon, role_valid
from .schema import OFFICES, MediaEntry, OrganisationEntry, PersonEntry, Role, StateEntry

Entry = StateEntry | OrganisationEntry | PersonEntry | MediaEntry
_STATE_METHODS = ("exact", "alias", "metonym")
RESOLVE_MEMO_SIZE = 100_000  # remembered resolve() answers per knowledge base


def _plurals(adjective: str) -> list[str]:
    """Demonym plurals news text uses for a people: Iranians, Iraqis, Kazakhs."""
    last = adjective[-1:].lower()
    return [adjective + "s"] if last in ("n", "i", "k", "h") and not adjective.endswith("sh") else []


class KnowledgeBase:
    """Actors with names, aliases and dated roles, and the rules that resolve a mention to one."""

    def __init__(self, data: KBData) -> None:
        self.data = data
        self.index = AliasIndex()
        self.roles = RoleIndex(data.people)
        self._build_index()

    def _build_index(self) -> None:
        """Index every name, alias, adjective and metonym of every entry."""
        add = self.index.add
        for code, state in self.data.states.items():
            add(state.name or code, Hit("state", code, "exact"))
            for alias in state.aliases:
                add(alias, Hit("state", code, "alias"))
            for adjective in state.adjectives:
                for form in (adjective, *_plurals(adjective)):
                    add(form, Hit("state", code, "adjective"))
            for metonym in state.metonyms:
                add(metonym, Hit("state", code, "metonym"))
        for org in self.data.organisations.values():
            add(org.name, Hit("organisation", org.id, "exact"))
            for alias in (a for a in org.aliases if a != org.name):
                add(alias, Hit("organisation", org.id, "alias"))
            for adjective in org.adjectives:
                add(adjective, Hit("organisation", org.id, "adjective"))
        for person in self.data.people.values():
            add(person.name, Hit("person", person.id, "exact"))
            for name in (person.name, *person.aliases):
                if name != person.name:
                    add(name, Hit("person", person.id, "alias"))
                self.index.add_surname(name, person.id)
        for outlet in self.data.media.values():
            for name in (outlet.name, *outlet.aliases):
                add(name, Hit("media", outlet.id, "exact" if name == outlet.name else "alias"))

    # -- lookups -------------------------------------------------------------------------------

    def get(self, kb_id: str) -> Entry | None:
        """The entry with this id (ISO3 code for states)."""
        data = self.data
        return (data.states.get(kb_id) or data.organisations.get(kb_id)
                or data.people.get(kb_id) or data.media.get(kb_id))

    def stats(self) -> dict[str, int]:
        """Number of entries by kind."""
        data = self.data
        return {"states": len(data.states), "organisations": len(data.organisations),
                "people": len(data.people), "media": len(data.media),
                "roles": sum(len(p.roles) for p in data.people.values()),
                "index_keys": len(self.index.keys)}

    def code_of(self, ref: str) -> str | None:
        """Actor code of a state code or organisation id."""
        if ref in self.data.states:
            return ref
        org = self.data.organisations.get(ref)
        return org.actor_code if org else None

    def state_code(self, text: str) -> str | None:
        """ISO3 of a state named, described or stood for by ``text`` ("Turkish", "Ankara")."""
        if len(text) == 3 and text.upper() in self.data.states:
            return text.upper()
        tokens = tokenize(text)
        hits = self.index.lookup(" ".join(t.key for t in tokens), tokens)
        return next((h.kb_id for h in hits if h.kind == "state"), None)

    def media(self, text: str) -> Resolution | None:
        """The news outlet ``text`` names, if any ("Reuters", "Iran International")."""
        tokens = tokenize(text)
        return self._media_in(tokens, find_matches(tokens, self.index))

    def entity_patterns(self) -> list[dict]:
        """spaCy EntityRuler patterns for every name, alias, adjective and metonym."""
        from .views import entity_patterns

        return entity_patterns(self)

    def explain(self, text: str, on: date | None = None) -> str:
        """What ``text`` resolves to on ``on`` and why (for `dragoman kb show`)."""
        from .views import explain

        return explain(self, text, on)

    # -- resolution ----------------------------------------------------------------------------

    def resolve(self, text: str, on: date | None = None,
                known: Collection[str] = ()) -> Resolution | None:
        """The actor a mention or noun phrase names on ``on``, or None (never a forced match).

        Answers are remembered per (text, day, known ids): the entries never change once built
        and a Resolution is frozen, and an article names the same actors again and again."""
        key = (text, on, frozenset(known))
        memo = self.__dict__.setdefault("_resolved", {})
        try:
            return memo[key]
        except KeyError:
            pass
        if len(memo) >= RESOLVE_MEMO_SIZE:
            memo.clear()
        found = memo[key] = self._resolve(text, on, known)
        return found

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_resolved", None)  # remembered answers are not part of the knowledge base
        return state

    def _resolve(self, text: str, on: date | None, known: Collection[str]) -> Resolution | None:
        tokens = tokenize(text)
        if not tokens:
            return None
        cased = any(c.isupper() for c in text)
        matches = find_matches(tokens, self.index)
        end = head_end(tokens, matches)
        return (self._resolve_span(tokens, matches, 0, end, on, known, cased, True)
                or self._resolve_span(tokens, matches, end, len(tokens), on, known, cased, False))

    def _resolve_span(self, tokens: tuple[Token, ...], matches: list[Match], lo: int, hi: int,
                      on: date | None, known: Collection[str], cased: bool,
                      head: bool) -> Resolution | None:
        """Apply the priority rules to the tokens lo:hi."""
        inside = [m for m in matches if lo <= m.start < hi]
        title = find_office(role_words(tokens, lo, hi, inside)) if head else None
        person = self._person(tokens, inside, lo, hi, on, known, cased)
        if person:
            return person
        if head:
            holder = self._role_holder(tokens, inside, lo, hi, on)
            if holder:
                return holder
        office = title[0] if title else None
        for kinds, methods in ((("organisation",), ("exact", "alias", "adjective")),
                               (("state",), _STATE_METHODS), (("state",), ("adjective",))):
            found = entity_matches(inside, lo, hi, kinds, methods, on, self._valid)
            if found:
                return self._entity_resolution(tokens, *found[0], office)
        return self._media_in(tokens, inside)

    def _person(self, tokens: tuple[Token, ...], matches: list[Match], lo: int, hi: int,
                on: date | None, known: Collection[str], cased: bool) -> Resolution | None:
        """A person named in tokens lo:hi by name, surname or a close spelling."""
        found = person_from_matches(tokens, matches, self.index, known, cased)
        if found:
            pid, match, method = found
            score = 0.95 if match.size == len(tokens) else 0.9
            if method == "surname" or (match.size == 1 and method == "alias"):
                score = 0.9 if pid in known else 0.75
            return self._person_resolution(pid, on, tokens, match, method, score)
        covered = {i for m in matches for i in range(m.start, m.end)}
        covered |= set(range(0, lo)) | set(range(hi, len(tokens)))
        if not any(t.capital or not cased for i, t in enumerate(tokens) if i not in covered):
            return None  # no free capitalised word: no name left to look up loosely
        surname = surname_only(tokens, covered, self.index, known, cased)
        if surname:
            pid, match = surname
            score = 0.9 if pid in known else 0.75
            return self._person_resolution(pid, on, tokens, match, "surname", score)
        titled = self._titled_surname(tokens, matches, lo, hi, on)
        if titled:
            return titled
        fuzzy = fuzzy_person(tokens, covered, self.index, known)
        if fuzzy:
            pid, match, similarity = fuzzy
            return self._person_resolution(pid, on, tokens, match, "fuzzy", 0.85 * similarity)
        return None

    def _titled_surname(self, tokens: tuple[Token, ...], matches: list[Match], lo: int, hi: int,
                        on: date | None) -> Resolution | None:
        """'Prime Minister Sharif' where several people share the surname: the one who held
        that office on the date; without a title the surname stays ambiguous."""
        if on is None:
            return None
        found = find_office(role_words(tokens, lo, hi, matches))
        hits = {m.start: m.hits for m in matches if m.end - m.start == 1}
        for i in range(lo, hi):
            if not tokens[i].capital:
                continue
            people = surname_candidates(tokens[i].key, hits.get(i, ()), self.index)
            if len(people) < 2:
                continue
            serving = {pid: [r for r in self.data.people[pid].roles if role_valid(self.data.people[pid], r, on)]
                       for pid in people if pid in self.data.people}
            fits = [pid for pid, roles in serving.items()
                    if found is not None and any(r.office == found[0].office for r in roles)]
            if len(fits) == 1:
                return self._person_resolution(fits[0], on, tokens, Match(i, i + 1, ()), "surname", 0.8)
        return None

    def _role_holder(self, tokens: tuple[Token, ...], matches: list[Match], lo: int, hi: int,
                     on: date | None) -> Resolution | None:
        """The holder of the office the head names ("Turkey's foreign minister")."""
        found = self._role_holder_in(tokens, matches, lo, hi, on)
        if found is None and any(h.kind == "organisation" for m in matches for h in m.hits):
            # "head of Egyptian intelligence": the state inside an organ's name owns the office.
            states = find_matches(tokens, self.index, frozenset({"state"}))
            found = self._role_holder_in(tokens, [m for m in states if lo <= m.start < hi], lo, hi, on)
        return found

    def _role_holder_in(self, tokens: tuple[Token, ...], matches: list[Match], lo: int, hi: int,
                        on: date | None) -> Resolution | None:
        """The holder of the office named by the words outside ``matches``."""
        phrase = match_office(role_words(tokens, lo, hi, matches))
        if phrase is None:
            return None
        entities = entity_matches(matches, lo, hi, ("organisation", "state"),
                                  ("exact", "alias", "adjective", "metonym"), on, self._valid)
        refs = [hit.kb_id for _, hit in entities]
        if not refs and len(phrase.only) == 1:
            refs = list(phrase.only)  # "the secretary of state" names the American one
        for ref in refs:
            if phrase.only and ref not in phrase.only:
                continue
            found = self._holder(phrase, ref, on)
            if found:
                return found
        return None

    def _holder(self, phrase: OfficePhrase, ref: str, on: date | None) -> Resolution | None:
        """Resolution for the holder of ``phrase``'s office of ``ref`` on ``on``."""
        office = ORG_OFFICE.get(phrase.office, phrase.office) if ref in self.data.organisations \
            else phrase.office
        found = self.roles.holder(office, ref, on, phrase.key)
        if found is None:
            return None
        person, role = found
        return Resolution(person.id, person.name, self.code_of(role.of), "person", role.title,
                          role.office, OFFICES[role.office], "role", 0.9 if on else 0.7, phrase.key)

    def resolve_role(self, office: str, of: str, on: date | None = None) -> Resolution | None:
        """Who held ``office`` (an office id or a phrase) of ``of`` (ISO3 or org id) on ``on``."""
        phrase = office_lexicon().get(office.lower()) or match_office(office.lower().split())
        if office in OFFICES:
            phrase = OfficePhrase(office.replace("_", " "), office)
        ref = of if (of in self.data.organisations or of in self.data.states) else self.state_code(of)
        if phrase is None or ref is None:
            return None
        return self._holder(phrase, ref, on)

    def affiliation(self, person: PersonEntry, on: date | None) -> tuple[Role | None, bool]:
        """The role that gives ``person`` an actor code on ``on``, and whether it is a guess."""
        valid = [r for r in person.roles if r.valid_on(on)]
        if valid:
            return valid[0], False
        past = [r for r in person.roles if on is None or (r.end is not None and r.end < on)]
        if past and (on is None or person.keep_affiliation):
            return max(past, key=lambda r: r.end or date.max), True
        # A former state official is still of that state ("former chancellor Merkel" is DEU);
        # only a movement's or organisation's people need keep_affiliation to stay in it.
        state_roles = [r for r in past if self.code_of(r.of) == r.of.upper() and len(r.of) == 3]
        if state_roles:
            return max(state_roles, key=lambda r: r.end or date.max), True
        # Before taking office a state's future official is already of that state ("Lammy",
        # shadow foreign secretary, is GBR before he is foreign secretary).
        future = [r for r in person.roles if on is not None and r.start is not None and r.start > on
                  and self.code_of(r.of) == r.of.upper() and len(r.of) == 3]
        if future:
            return min(future, key=lambda r: r.start), True
        return None, False

    def _person_resolution(self, pid: str, on: date | None, tokens: tuple[Token, ...],
                           match: Match, method: str, score: float) -> Resolution:
        """Resolution for a person with the code of their role on ``on``."""
        person = self.data.people[pid]
        role, guessed = self.affiliation(person, on)
        if guessed or on is None:
            score *= 0.9
        if role is not None and guessed and on is not None:
            # out of office on that date: still of the same side, but no longer of that rank
            later = role.start is not None and role.start > on
            return Resolution(person.id, person.name, self.code_of(role.of), "person",
                              f"{'future' if later else 'former'} {role.title}", None, 1, method,
                              round(score, 3), _span_text(tokens, match))
        return Resolution(person.id, person.name, self.code_of(role.of) if role else None, "person",
                          role.title if role else None, role.office if role else None,
                          OFFICES[role.office] if role else None, method, round(score, 3),
                          _span_text(tokens, match))

    def _entity_resolution(self, tokens: tuple[Token, ...], match: Match, hit: Hit,
                           phrase: OfficePhrase | None) -> Resolution:
        """Resolution for a state or organisation, with the office the phrase names, if any."""
        role = phrase.key if phrase else None
        rank = OFFICES[phrase.office] if phrase else None
        score = METHOD_SCORES.get(hit.method, 0.8) * (1.0 if match.size == len(tokens) else 0.95)
        if hit.kind == "state":
            state = self.data.states[hit.kb_id]
            return Resolution(state.code, state.name or state.code, state.code, "state", role,
                              phrase.office if phrase else None, rank, hit.method, round(score, 3),
                              _span_text(tokens, match))
        org = self.data.organisations[hit.kb_id]
        return Resolution(org.id, org.name, org.actor_code, "organisation", role,
                          phrase.office if phrase else None, rank, hit.method, round(score, 3),
                          _span_text(tokens, match))

    def _media_in(self, tokens: tuple[Token, ...], matches: list[Match]) -> Resolution | None:
        """A media outlet in the phrase: recognised, but never given an actor code."""
        for match in matches:
            for hit in match.hits:
                if hit.kind == "media":
                    outlet = self.data.media[hit.kb_id]
                    return Resolution(outlet.id, outlet.name, None, "media", None, None, None,
                                      hit.method, 0.9, _span_text(tokens, match))
        return None

    def _valid(self, hit: Hit, on: date | None) -> bool:
        """Organisations with start/end resolve only inside them (any, when the date is unknown)."""
        if hit.kind != "organisation" or on is None:
            return True
        return self.data.organisations[hit.kb_id].valid_on(on)


METHOD_SCORES = {"exact": 0.95, "alias": 0.9, "metonym": 0.85, "adjective": 0.8}


def _span_text(tokens: tuple[Token, ...], match: Match) -> str:
    """The normalised words a match covered."""
    return " ".join(t.key for t in tokens[match.start:match.end])

