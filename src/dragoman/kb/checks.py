"""Checks a KB needs beyond its schema: tenures to the day, state codes, ids, the office lexicon.

Every message names the file, the entry and the field, like the schema's (``kb check``):

- **Overlapping holders.** Two people holding one single-holder office (head of state or of
  government, foreign or defence minister) of one state or organisation on the same days. Dates
  are compared to the day where the KB gives the day; a month- or year-precision date counts as
  any day of its month or year, so only an overlap the dates *prove* is reported: the latest
  day one tenure can have started is before the earliest day the other can have ended. A shared
  handover day (one ends the day the other starts) is not an overlap. A tenure that really
  overlaps another (a collective presidency, an acting holder, a rival government) says so with
  ``concurrent: true``.
- **Unknown state codes** in roles (``of``), organisations (``country``, and the three-letter
  ``code`` of a government body or military, which is its state's), media (``country``) and the
  office lexicon (``only``). Other organisations may carry any code (CAMEO's "SAF", say).
- **Duplicate ids**: within a file (the loader's check), across the files checked together,
  and across kinds (a person and an organisation with one id).
- **The office lexicon** (``offices.yml``): known offices, phrases as strings or
  ``{phrase, only}``, no unknown keys, and no phrase listed under two offices.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .index import normalise
from .schema import OFFICES, SINGLE_HOLDER_OFFICES, KBFile, PersonEntry, Role

_SECTIONS = ("organisations", "people", "media")
STATE_ORGANS = frozenset({"government_body", "military"})
_OFFICE_KEYS = frozenset({"phrase", "only"})


def overlap_errors(models: Sequence[tuple[str, KBFile]], people: dict[str, PersonEntry],
                   checked: set[str] | None = None) -> list[str]:
    """Proven overlaps of single-holder offices among ``people`` (the merged KB).

    Each overlap is reported once, at the later-starting tenure, and only when that tenure is in
    one of ``models`` (the files being checked).
    """
    where = _role_locations(models)
    holders: dict[tuple[str, str], list[tuple[PersonEntry, int, Role]]] = defaultdict(list)
    for person in people.values():
        for j, role in enumerate(person.roles):
            if role.office in SINGLE_HOLDER_OFFICES:
                holders[(role.of, role.office)].append((person, j, role))
    errors = []
    for (of, office), found in sorted(holders.items()):
        found.sort(key=lambda h: (h[2].start or date.min, h[0].id))
        for i, (first, _, a) in enumerate(found):
            for second, j, b in found[i + 1:]:
                if first.id == second.id or a.concurrent or b.concurrent:
                    continue
                overlap = proven_overlap(a, b)
                location = where.get((second.id, j))
                if overlap and location and (checked is None or location[0] in checked):
                    errors.append(_overlap_message(location, second, first, a, office, of,
                                                   overlap))
    return errors


def proven_overlap(a: Role, b: Role) -> tuple[date, date] | None:
    """The days two tenures certainly share beyond a handover day, or None."""
    starts = [d for d in (a.latest_start(), b.latest_start()) if d]
    ends = [d for d in (a.earliest_end(), b.earliest_end()) if d]
    first, last = max(starts, default=date.min), min(ends, default=date.max)
    return (first, last) if first < last else None


def _overlap_message(location: tuple[str, str], person: PersonEntry, other: PersonEntry,
                     role: Role, office: str, of: str, days: tuple[date, date]) -> str:
    name, path = location
    until = "open" if days[1] == date.max else days[1].isoformat()
    return (f"{name}: {path}: {person.name} and {other.name} both hold the single-holder "
            f"office {office} of {of} from {days[0].isoformat()} to {until} "
            f"({other.name}: {_span(role)}); give the days, or mark a real overlap "
            f"'concurrent: true' (entry {person.id!r})")


def _span(role: Role) -> str:
    start = role.start.isoformat() if role.start else "?"
    return f"{start} .. {role.end.isoformat() if role.end else 'now'}"


def _role_locations(models: Sequence[tuple[str, KBFile]]) -> dict[tuple[str, int], tuple[str, str]]:
    """(person id, role index) -> (file name, 'people[i].roles[j]') for the checked files."""
    found = {}
    for name, model in models:
        for i, person in enumerate(model.people):
            for j, _ in enumerate(person.roles):
                found[(person.id, j)] = (name, f"people[{i}].roles[{j}]")
    return found


def state_code_errors(name: str, model: KBFile, states: set[str]) -> list[str]:
    """State codes a file uses that are not states (roles are checked by the loader)."""
    errors = []
    for i, org in enumerate(model.organisations):
        organ = org.type in STATE_ORGANS  # an organ of a state is coded with the state's ISO3
        if organ and org.code and len(org.code) == 3 and org.code not in states:
            errors.append(f"{name}: organisations[{i}].code: unknown state code {org.code!r} "
                          f"(entry {org.id!r})")
    for i, outlet in enumerate(model.media):
        if outlet.country and outlet.country not in states:
            errors.append(f"{name}: media[{i}].country: unknown state {outlet.country!r} "
                          f"(entry {outlet.id!r})")
    return errors


def duplicate_id_errors(models: Sequence[tuple[str, KBFile]]) -> list[str]:
    """Ids two checked files both define, and ids shared by two kinds of entry."""
    errors = []
    first: dict[str, tuple[str, str, int]] = {}
    for name, model in models:
        for section in _SECTIONS:
            for i, entry in enumerate(getattr(model, section)):
                seen = first.get(entry.id)
                if seen and (seen[0] != name or seen[1] != section):
                    what = "file" if seen[1] == section else f"{seen[1]} entry"
                    errors.append(f"{name}: {section}[{i}]: duplicate id {entry.id!r} (also a "
                                  f"{what} in {seen[0]}: {seen[1]}[{seen[2]}])")
                first.setdefault(entry.id, (name, section, i))
    return errors


def office_lexicon_errors(name: str, raw: Any, states: set[str]) -> list[str]:
    """Problems of an office lexicon file (``offices.yml``)."""
    if not isinstance(raw, dict) or set(raw) != {"offices"} or not isinstance(raw["offices"], dict):
        return [f"{name}: expected a mapping with one key, offices: {{office: [phrases]}}"]
    errors, seen = [], {}
    for office, phrases in raw["offices"].items():
        if office not in OFFICES:
            errors.append(f"{name}: offices.{office}: unknown office; choose one of "
                          f"{', '.join(OFFICES)}")
            continue
        if not isinstance(phrases, list):
            errors.append(f"{name}: offices.{office}: expected a list of phrases")
            continue
        for j, item in enumerate(phrases):
            errors += _phrase_errors(f"{name}: offices.{office}[{j}]", item, states)
            phrase = item if isinstance(item, str) else (item or {}).get("phrase")
            if isinstance(phrase, str):
                key = normalise(phrase)
                if key in seen and seen[key] != office:
                    errors.append(f"{name}: offices.{office}[{j}]: phrase {phrase!r} is also "
                                  f"listed under {seen[key]}")
                seen.setdefault(key, office)
    return errors


def _phrase_errors(where: str, item: Any, states: set[str]) -> list[str]:
    """One phrase entry: a string, or {phrase: str, only: [ISO3, ...]}."""
    if isinstance(item, str):
        return [] if item.strip() else [f"{where}: empty phrase"]
    if not isinstance(item, dict):
        return [f"{where}: expected a phrase or {{phrase, only}}, got {item!r}"]
    errors = [f"{where}.{key}: unknown field" for key in item if key not in _OFFICE_KEYS]
    if not isinstance(item.get("phrase"), str):
        errors.append(f"{where}.phrase: missing or not a string")
    only = item.get("only", [])
    if not isinstance(only, list):
        errors.append(f"{where}.only: expected a list of state codes")
        only = []
    errors += [f"{where}.only[{k}]: unknown state {code!r}"
               for k, code in enumerate(only) if code not in states]
    return errors


def equivalence_errors(name: str, raw: Any) -> list[str]:
    """Problems of the actor equivalence table (``equivalents.yml``)."""
    if not isinstance(raw, dict) or set(raw) != {"equivalents"} or \
            not isinstance(raw["equivalents"], list):
        return [f"{name}: expected a mapping with one key, equivalents: [entries]"]
    errors = []
    for i, entry in enumerate(raw["equivalents"]):
        where = f"{name}: equivalents[{i}]"
        if not isinstance(entry, dict):
            errors.append(f"{where}: expected a mapping with label, codes and aliases")
            continue
        errors += [f"{where}.{key}: unknown field" for key in entry
                   if key not in ("label", "codes", "aliases")]
        if not isinstance(entry.get("label"), str):
            errors.append(f"{where}.label: missing or not a string")
        for key in ("codes", "aliases"):
            if not isinstance(entry.get(key, []), list):
                errors.append(f"{where}.{key}: expected a list")
    return errors


def imprecise_tenures(people: Iterable[PersonEntry]) -> int:
    """How many single-holder tenures are given only to the month or year (for the summary)."""
    return sum(1 for p in people for r in p.roles if r.office in SINGLE_HOLDER_OFFICES
               and (r.start and r.start_precision != "day" or r.end and r.end_precision != "day"))


def file_name(path: str | Path) -> str:
    """The name messages use for a file."""
    return Path(path).name
