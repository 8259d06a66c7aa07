"""Import a CAMEO/PETRARCH ``.actors`` dictionary into our KB format.

The format: an actor line ``NAME_WITH_UNDERSCORES [CODE]`` (the code may sit on following
indented lines), ``+SYNONYM`` lines, date-restricted codes ``[USAGOV >110101]``,
``[USAELI 080101-110101]`` or ``[HOB <950601]``, ``#`` comments and ``<!-- -->`` blocks.
Date-restricted actors become people with dated roles; the others organisations. A code whose
first three letters are an ISO3 state belongs to that state; other prefixes become organisations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import ImportFormatError

_CODE = re.compile(r"\[([^\]]*)\]")
_RESTRICTION = re.compile(r"^(?P<code>[A-Za-z0-9+\-#]*)\s*(?:(?P<op>[<>])\s*(?P<d1>\d{6,8})|"
                          r"(?P<s>\d{6,8})\s*-\s*(?P<e>\d{6,8}))?$")
SECTORS = {"GOV": "government", "MIL": "military", "REB": "rebel", "ELI": "elite",
           "CIV": "civilian", "OPP": "opposition", "BUS": "business", "MED": "media",
           "COP": "police", "JUD": "judiciary", "LEG": "legislature", "PTY": "party",
           "IGO": "intergovernmental", "NGO": "non-governmental"}


@dataclass
class CameoActor:
    """One dictionary entry: its names and its (code, start, end) restrictions in file order."""

    names: list[str]
    codes: list[tuple[str, date | None, date | None]] = field(default_factory=list)


def cameo_date(text: str) -> date:
    """YYMMDD (years before 40 are 20xx, as in the Phoenix dictionaries) or YYYYMMDD."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 40 else 1900 + year}{text[2:]}"
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def parse_restriction(body: str) -> tuple[str, date | None, date | None] | None:
    """``USAGOV >110101`` -> ("USAGOV", 2011-01-01, None); None for codes we cannot use."""
    match = _RESTRICTION.match(body.strip())
    if not match or not match["code"] or not re.fullmatch(r"[A-Za-z]{3,}", match["code"]):
        return None
    code = match["code"].upper()
    if match["op"] == ">":
        return code, cameo_date(match["d1"]), None
    if match["op"] == "<":
        return code, None, cameo_date(match["d1"])
    if match["s"]:
        return code, cameo_date(match["s"]), cameo_date(match["e"])
    return code, None, None


def _strip(line: str) -> str:
    """A line without its trailing # comment."""
    return line.split("#", 1)[0].rstrip()


def parse_actors(text: str) -> list[CameoActor]:
    """Parse the text of a .actors file into entries."""
    text = re.sub(r"<!.*?>", "", text, flags=re.S)
    actors: list[CameoActor] = []
    for raw in text.splitlines():
        line = _strip(raw)
        if not line.strip():
            continue
        if line.startswith("+") and actors:
            actors[-1].names.append(line[1:].strip())
            continue
        codes = [parse_restriction(c) for c in _CODE.findall(line)]
        name = _CODE.sub("", line).strip()
        if name and not line[0].isspace():
            actors.append(CameoActor([name]))
        if actors:
            actors[-1].codes += [c for c in codes if c]
    return [a for a in actors if a.codes]


def _display(name: str) -> str:
    """ARNOR_ -> Arnor; PRESIDENT_GEORGE_W._BUSH -> President George W. Bush."""
    words = name.replace("_", " ").split()
    if len(words) == 1 and len(words[0].replace(".", "")) <= 3:
        return words[0]  # UN, IMF, U.S.: acronyms keep their capitals
    return " ".join(w.capitalize() if w.isalpha() and w.isupper() else w for w in words)


def _slug(name: str) -> str:
    """Lower-case id from a name."""
    return "cameo-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x")


def to_kb(actors: list[CameoActor], states: set[str]) -> dict:
    """Our KB mapping (people with dated roles, organisations) for parsed CAMEO actors."""
    orgs: dict[str, dict] = {}
    people: list[dict] = []
    used: set[str] = set()

    def owner(code: str) -> str:
        """The state (ISO3) or a generated organisation id that a code belongs to."""
        if code[:3] in states:
            return code[:3]
        org_id = _slug(code[:3])
        orgs.setdefault(org_id, {"id": org_id, "name": code[:3], "code": code[:3], "type": "other"})
        return org_id

    for actor in actors:
        names = list(dict.fromkeys(_display(n) for n in actor.names))
        entry_id = _slug(names[0])
        while entry_id in used:
            entry_id += "-x"
        used.add(entry_id)
        if any(start or end for _, start, end in actor.codes):
            # PETRARCH uses the undated code only when no restriction applies: list it last,
            # since our first valid role wins.
            codes = sorted(actor.codes, key=lambda c: c[1] is None and c[2] is None)
            roles = [{"title": f"{SECTORS.get(code[3:6], 'member')} ({code})", "office": "official",
                      "of": owner(code), "start": start.isoformat() if start else None,
                      "end": end.isoformat() if end else None} for code, start, end in codes]
            people.append({"id": entry_id, "name": names[0], "aliases": names[1:], "roles": roles})
        else:
            code = actor.codes[0][0]
            country = code[:3] if code[:3] in states else None
            kind = "igo" if code.startswith("IGO") else "other"
            org = {"id": entry_id, "name": names[0], "code": country or code, "type": kind,
                   "aliases": names[1:]}
            if country:
                org["country"] = country
            orgs[entry_id] = org
    return {"organisations": list(orgs.values()), "people": people}


def import_cameo(path: str | Path, states: set[str]) -> dict:
    """Read a .actors file and return our KB mapping; ImportFormatError if it holds no actors."""
    path = Path(path)
    actors = parse_actors(path.read_text(encoding="utf-8", errors="replace"))
    if not actors:
        raise ImportFormatError(f"{path.name}: no CAMEO actor entries found")
    return to_kb(actors, states)
