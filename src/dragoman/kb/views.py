"""Derived views of a KB: spaCy EntityRuler patterns and the explanation `kb show` prints."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .index import is_acronym, tokenize
from .resolver import Match, find_matches, head_end, surname_candidates

if TYPE_CHECKING:
    from .base import KnowledgeBase

LABELS = {"state": "GPE", "person": "PERSON", "organisation": "ORG", "media": "ORG"}


def _pattern(alias: str, label: str, kb_id: str) -> dict:
    """One EntityRuler pattern; acronyms match exact case only ("US" but not "us").

    Names are phrase patterns (a string), matched case-insensitively by the ruler's
    PhraseMatcher on LOWER, which is far faster than thousands of token patterns.
    """
    if is_acronym(alias):
        return {"label": label, "pattern": [{"ORTH": alias}], "id": kb_id}
    return {"label": label, "pattern": alias, "id": kb_id}


def _names(kb: KnowledgeBase):
    """(text, label, kb_id) for every name, alias, adjective and metonym."""
    for code, state in kb.data.states.items():
        for name in (state.name or code, *state.aliases, *state.metonyms):
            yield name, "GPE", code
        for adjective in state.adjectives:
            yield adjective, "NORP", code
    for org in kb.data.organisations.values():
        for name in (org.name, *org.aliases):
            yield name, "ORG", org.id
        for adjective in org.adjectives:
            yield adjective, "NORP", org.id
    for person in kb.data.people.values():
        for name in (person.name, *person.aliases):
            yield name, "PERSON", person.id
    for outlet in kb.data.media.values():
        for name in (outlet.name, *outlet.aliases):
            yield name, "ORG", outlet.id


def entity_patterns(kb: KnowledgeBase) -> list[dict]:
    """EntityRuler patterns for every name: phrase patterns, and exact-case acronyms."""
    seen: set[tuple[str, str, str]] = set()
    patterns = []
    for name, label, kb_id in _names(kb):
        key = (name.lower(), label, kb_id)
        if name.strip() and key not in seen:
            seen.add(key)
            patterns.append(_pattern(name.strip(), label, kb_id))
    return patterns


def explain(kb: KnowledgeBase, text: str, on: date | None = None) -> str:
    """What ``text`` resolves to on ``on`` and why, as plain lines of text.

    When nothing resolves, every name that matched says why it was not used, so the output
    never shows a match followed by an unexplained "nothing".
    """
    tokens = tokenize(text)
    matches = find_matches(tokens, kb.index)
    end = head_end(tokens, matches)
    lines = [f"text: {text!r}  date: {on.isoformat() if on else 'unknown (current holders)'}",
             f"tokens: {' '.join(t.key for t in tokens)}  (head: {' '.join(t.key for t in tokens[:end])})"]
    result = kb.resolve(text, on)
    for match in matches:
        words = " ".join(t.key for t in tokens[match.start:match.end])
        hits = ", ".join(f"{h.kind}:{h.kb_id} ({h.method})" for h in match.hits)
        if result is None:
            lines.append(f"  candidate {words!r} -> {hits}: not used, {_why_not(kb, words, match, on)}")
        else:
            lines.append(f"  match {words!r} -> {hits}")
    if result is None:
        lines.append("resolves to: nothing (kept as text, no actor code)")
        return "\n".join(lines)
    lines.append(f"resolves to: {result.name} [{result.kind}] code={result.code} "
                 f"method={result.method} score={result.score} matched={result.matched!r}")
    if result.role:
        lines.append(f"  role: {result.role} (office {result.office}, rank {result.rank})")
    person = kb.data.people.get(result.kb_id)
    if person:
        lines += [f"  held: {r.title} of {r.of} {_as_written(r.start, r.start_precision, '?')} .. "
                  f"{_as_written(r.end, r.end_precision, 'now')}"
                  f"{' (concurrent)' if r.concurrent else ''}" for r in person.roles]
        if person.died:
            lines.append(f"  died: {person.died}")
    return "\n".join(lines)


def _as_written(day: date | None, precision: str, missing: str) -> str:
    """A KB date with the precision it was given ("2024-07" for a month)."""
    if day is None:
        return missing
    return {"day": day.isoformat(), "month": day.isoformat()[:7]}.get(precision, str(day.year))


def _why_not(kb: KnowledgeBase, words: str, match: Match, on: date | None) -> str:
    """Why a matched name does not resolve on its own (for `kb show`)."""
    people = [h for h in match.hits if h.kind == "person"]
    if people and " " not in words:
        names = sorted(kb.data.people[pid].name
                       for pid in surname_candidates(words, match.hits, kb.index))
        if len(names) > 1:
            return (f"one word that names {len(names)} people ({', '.join(names[:4])}"
                    f"{', ...' if len(names) > 4 else ''}); in an article it names the one the "
                    "article has already named in full")
        if len(people) != len(match.hits):
            return "one word that is also the name of a state or organisation, not a surname"
    invalid = [kb.data.organisations[h.kb_id] for h in match.hits
               if h.kind == "organisation" and not kb._valid(h, on)]
    if invalid:
        org = invalid[0]
        return (f"{org.name} exists only from {org.start or 'the start'} to {org.end or 'now'}, "
                f"not on {on}")
    return "the rules need more context here (a role without a holder on this date, or a word " \
           "that names nobody in particular; see docs/kb-format.md)"
