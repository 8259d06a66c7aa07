"""Import GDELT 1.0/2.0 event exports and ICEWS event files as Dragoman Events.

Imported events carry ``imported=True`` and their origin (``gdelt1``, ``gdelt2``, ``icews``) so
analytics can combine them with extracted events or keep them apart. The CAMEO event code becomes a
PLOVER type and mode through our copy of the official crosswalk (``ontology/data/cameo_plover.yml``;
a code missing there falls back to its 3-digit base, then its 2-digit root; codes with no PLOVER
type, such as 01 "make public statement", are counted and skipped). A mode outside PLOVER's list
for the type is dropped and kept as ``cameo_mode`` in ``extra``. Imported events have no text:
their evidence is empty and their confidence is 1.0, meaning "as coded by the source".

GDELT files have no header: the layout is told by the column count (57 for the 1.0 back-file, 58
for 1.0 daily files with SOURCEURL, 61 for 2.0). A row that fits no layout, or has a bad date or
number, becomes a failure of that row; the import goes on. But a file of the wrong kind (a GDELT
mentions or GKG file, an ICEWS file given as GDELT, anything whose first lines fit no layout) is
refused before any row is read, with one error saying what it looks like.
"""
from __future__ import annotations

import csv
import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ImportFormatError
from ..ontology.plover import check_mode
from ..registry import importers
from ..types import ActorRef, Event, Place, ResolvedDate, TextSpan
from ..store.db import WriteCounts

_GEO1 = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
_GEO2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_HEAD = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    + " ".join(f"{a}Code {a}Name {a}CountryCode {a}KnownGroupCode {a}EthnicCode {a}Religion1Code "
               f"{a}Religion2Code {a}Type1Code {a}Type2Code {a}Type3Code" for a in ("Actor1", "Actor2"))
    + " IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions "
      "NumSources NumArticles AvgTone").split()


def _gdelt_columns(geo: tuple[str, ...]) -> list[str]:
    blocks = [f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in geo]
    return _HEAD + blocks + ["DATEADDED"]


GDELT_LAYOUTS: dict[int, tuple[str, list[str]]] = {
    57: ("gdelt1", _gdelt_columns(_GEO1)),
    58: ("gdelt1", _gdelt_columns(_GEO1) + ["SOURCEURL"]),
    61: ("gdelt2", _gdelt_columns(_GEO2) + ["SOURCEURL"]),
}
ICEWS_COLUMNS = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
                 "CAMEO Code", "Target Name", "Target Sectors", "Target Country", "Story ID",
                 "Publisher", "City", "Province", "Country", "Latitude", "Longitude")
BATCH = 2000

# CAMEO country codes that are not ISO 3166 alpha-3 (most are the same).
CAMEO_COUNTRY_FIXES = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "KOS": "XKX"}
# CAMEO regional codes stand for groups of states: keep the region's name as the actor.
CAMEO_REGIONS = {
    "AFR": "Africa", "ASA": "Asia", "BLK": "Balkans", "CRB": "Caribbean", "CAU": "Caucasus",
    "CFR": "Central Africa", "CAS": "Central Asia", "CEU": "Central Europe", "EIN": "East Indies",
    "EAF": "Eastern Africa", "EEU": "Eastern Europe", "EUR": "Europe", "LAM": "Latin America",
    "MEA": "Middle East", "MDT": "Mediterranean", "NAF": "North Africa", "NMR": "North America",
    "PGS": "Persian Gulf", "SCN": "Scandinavia", "SAM": "South America", "SAS": "South Asia",
    "SEA": "Southeast Asia", "SAF": "Southern Africa", "WAF": "West Africa", "WST": "The West"}
# Known-group codes whose canonical name we use as the actor; other group codes stay codes.
CAMEO_GROUPS = {
    "UNO": "United Nations", "NAT": "NATO", "EEC": "European Union", "ARL": "Arab League",
    "AMN": "Amnesty International", "TAL": "Taliban", "HRW": "Human Rights Watch",
    "IMF": "International Monetary Fund", "WBK": "World Bank", "AFB": "African Union",
    "ICC": "International Criminal Court", "RCR": "Red Cross", "OPC": "OPEC"}
# Country names ICEWS uses that pycountry does not know.
COUNTRY_NAME_FIXES = {
    "Occupied Palestinian Territory": "PSE", "Democratic Republic of Congo": "COD",
    "Swaziland": "SWZ", "the former Yugoslav Republic of Macedonia": "MKD", "Macedonia": "MKD",
    "Cote d'Ivoire": "CIV", "Holy See": "VAT", "Turkey": "TUR", "Kosovo": "XKX",
    "Russia": "RUS", "Iran": "IRN", "Syria": "SYR", "Laos": "LAO", "Vietnam": "VNM",
    "North Korea": "PRK", "South Korea": "KOR", "Burma": "MMR", "Bolivia": "BOL",
    "Venezuela": "VEN", "Tanzania": "TZA", "Moldova": "MDA", "Palestine": "PSE"}


class Unmapped(Exception):
    """A CAMEO code with no PLOVER type: skipped, not a failure."""


@dataclass
class ImportReport:
    """What an import did."""

    imported: int = 0
    duplicates: int = 0
    unmapped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    by_origin: Counter = field(default_factory=Counter)

    @property
    def origins(self) -> str:
        return ", ".join(f"{k}: {v}" for k, v in sorted(self.by_origin.items())) or "none"


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, dict[str, str | None]]:
    """Our CAMEO -> PLOVER table: code -> {type, mode, context, label}."""
    import yaml

    text = resources.files("dragoman.ontology").joinpath("data/cameo_plover.yml").read_text("utf-8")
    return {str(code): row for code, row in yaml.safe_load(text).items()}


def cameo_to_plover(code: str) -> tuple[str, str | None, str | None]:
    """PLOVER (type, mode, raw crosswalk mode) for a CAMEO code; Unmapped when it has none."""
    table = cameo_table()
    for key in (code, code[:3], code[:2]):
        row = table.get(key)
        if row and row.get("type"):
            raw_mode = row.get("mode")
            mode = raw_mode if raw_mode and check_mode(row["type"], raw_mode) else None
            return row["type"], mode, raw_mode
    raise Unmapped(code)


def cameo_country(code: str) -> str | None:
    """ISO3 for a CAMEO country code, a region's name for a CAMEO region, else None."""
    import pycountry

    if not code:
        return None
    if code in CAMEO_COUNTRY_FIXES:
        return CAMEO_COUNTRY_FIXES[code]
    if pycountry.countries.get(alpha_3=code):
        return code
    return CAMEO_REGIONS.get(code)


@lru_cache(maxsize=4096)
def country_iso3(name: str) -> str | None:
    """ISO3 for a country name as ICEWS and GDELT write them; None when unknown."""
    import pycountry

    name = name.strip()
    if not name or name.upper() == "NA":
        return None
    if name in COUNTRY_NAME_FIXES:
        return COUNTRY_NAME_FIXES[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def _event_id(origin: str, key: str) -> str:
    return hashlib.sha1(f"{origin}|{key}".encode()).hexdigest()[:16]


def _day(value: str, fmt: str) -> date:
    try:
        return datetime.strptime(value.strip(), fmt).date()
    except ValueError:
        raise ImportFormatError(f"bad date {value!r}") from None


def _float(value: str) -> float | None:
    value = value.strip()
    if not value or value.upper() == "NA":
        return None
    try:
        return float(value)
    except ValueError:
        raise ImportFormatError(f"bad number {value!r}") from None


def _imported_event(origin: str, key: str, article_key: str, cameo: str, source: ActorRef | None,
                    target: ActorRef | None, day: date, place: Place | None,
                    extra: dict[str, Any]) -> Event:
    event_type, mode, raw_mode = cameo_to_plover(cameo)
    extra = {k: v for k, v in extra.items() if v not in (None, "")}
    extra.update(origin=origin, cameo=cameo, cameo_mode=raw_mode)
    return Event(event_id=_event_id(origin, key), doc_id=key, article_id=f"{origin}:{article_key}",
                 type=event_type, mode=mode, source=source, target=target,
                 date=ResolvedDate(day, day, "day", method="import"), place=place,
                 status="occurred", attributed_to=None, evidence=TextSpan("", 0, 0),
                 trigger=TextSpan("", 0, 0), confidence=1.0, extractor=origin, imported=True,
                 extra=tuple(sorted((k, v) for k, v in extra.items() if v is not None)))


# -- GDELT -------------------------------------------------------------------------------------------

def gdelt_actor(row: dict[str, str], who: str) -> ActorRef | None:
    """Actor1/Actor2 of a GDELT row: known group, else country (ISO3), else region."""
    name = row[f"{who}Name"].strip()
    code = row[f"{who}Code"].strip()
    if not name and not code:
        return None
    group = row[f"{who}KnownGroupCode"].strip()
    country = cameo_country(row[f"{who}CountryCode"].strip())
    actor = CAMEO_GROUPS.get(group, group) if group else country
    kind = "organisation" if group else ("state" if country and code == row[f"{who}CountryCode"]
                                         else None)
    return ActorRef(text=name or code, name=name.title() if name else code, actor=actor,
                    role=row[f"{who}Type1Code"].strip() or None, kind=kind, method="import")


def gdelt_place(row: dict[str, str]) -> Place | None:
    """The ActionGeo place; its country comes from the name's last part (the code is FIPS)."""
    name = row["ActionGeo_FullName"].strip()
    if not name:
        return None
    return Place(name=name, country=country_iso3(name.rsplit(",", 1)[-1]),
                 lat=_float(row["ActionGeo_Lat"]), lon=_float(row["ActionGeo_Long"]))


def gdelt_event(cells: list[str]) -> Event:
    """One GDELT 1.0 or 2.0 row as an Event (raises Unmapped or ImportFormatError)."""
    layout = GDELT_LAYOUTS.get(len(cells))
    if layout is None:
        raise ImportFormatError(f"{len(cells)} columns; GDELT rows have 57, 58 (1.0) or 61 (2.0)")
    origin, names = layout
    row = dict(zip(names, cells))
    url = row.get("SOURCEURL", "").strip()
    extra = {"url": url, "outlet": urlsplit(url).hostname if url.startswith("http") else url,
             "quad_class": row["QuadClass"], "goldstein": _float(row["GoldsteinScale"]),
             "num_mentions": row["NumMentions"], "num_sources": row["NumSources"],
             "num_articles": row["NumArticles"], "avg_tone": _float(row["AvgTone"]),
             "is_root": row["IsRootEvent"]}
    key = row["GLOBALEVENTID"].strip()
    return _imported_event(origin, key, url or key, row["EventCode"].strip(),
                           gdelt_actor(row, "Actor1"), gdelt_actor(row, "Actor2"),
                           _day(row["SQLDATE"], "%Y%m%d"), gdelt_place(row), extra)


def gdelt_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of a headerless tab-separated GDELT file."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for number, cells in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if cells:
                yield number, cells


# -- ICEWS -------------------------------------------------------------------------------------------

def icews_actor(row: dict[str, str], side: str) -> ActorRef | None:
    """Source/Target of an ICEWS row: the country's ISO3 when it has one, else the name."""
    name = (row.get(f"{side} Name") or "").strip()
    if not name:
        return None
    country = country_iso3(row.get(f"{side} Country") or "")
    is_state = country is not None and country_iso3(name) == country
    return ActorRef(text=name, name=name, actor=country or name,
                    role=(row.get(f"{side} Sectors") or "").strip() or None,
                    kind="state" if is_state else None, method="import")


def icews_event(row: dict[str, str]) -> Event:
    """One ICEWS row as an Event."""
    place_name = next((row[k].strip() for k in ("City", "Province", "Country")
                       if (row.get(k) or "").strip() not in ("", "NA")), None)
    place = Place(place_name, country_iso3(row.get("Country") or ""), _float(row["Latitude"]),
                  _float(row["Longitude"])) if place_name else None
    extra = {"outlet": row.get("Publisher"), "intensity": _float(row.get("Intensity") or ""),
             "event_text": row.get("Event Text"), "sentence": row.get("Sentence Number")}
    story = row["Story ID"].strip()
    return _imported_event("icews", row["Event ID"].strip(), story, row["CAMEO Code"].strip(),
                           icews_actor(row, "Source"), icews_actor(row, "Target"),
                           _day(row["Event Date"], "%Y-%m-%d"), place, extra)


def icews_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of an ICEWS .tab file, after checking its header."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in ICEWS_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ImportFormatError(f"{path}: not an ICEWS event file (no column(s) "
                                    f"{', '.join(missing)})")
        for number, row in enumerate(reader, 2):
            yield number, row


# -- checking the kind of file before any row is read -----------------------------------------------

SNIFF_LINES = 20
# Header words of files people confuse with event exports, and what each one is.
LOOKALIKES = (({"mentiontimedate", "mentiontype", "mentionidentifier"}, "a GDELT 2.0 mentions file"),
              ({"gkgrecordid", "v2themes", "documentidentifier"}, "a GDELT knowledge graph (GKG) file"),
              ({"event id", "event date", "cameo code"}, "an ICEWS event file (import it with: "
                                                        "dragoman import icews FILE)"),
              ({"globaleventid", "sqldate", "eventcode"}, "a GDELT event file with a header row"))


def check_gdelt(path: Path) -> None:
    """Refuse, with one error, a file whose first lines are not GDELT event rows."""
    lines = _first_lines(path)
    counts = sorted({len(line.split("\t")) for line in lines})
    if any(n in GDELT_LAYOUTS for n in counts):
        return
    found = f"its first lines have {', '.join(map(str, counts)) or 'no'} tab-separated column(s)"
    raise ImportFormatError(f"{path}: not a GDELT event export; {_looks_like(lines) or found}. "
                            "GDELT 1.0/2.0 event exports are headerless, with 57, 58 or 61 "
                            "tab-separated columns")


def check_icews(path: Path) -> None:
    """Refuse, with one error, a file without the ICEWS header."""
    lines = _first_lines(path)
    header = {c.strip().lower() for c in (lines[0].split("\t") if lines else ())}
    missing = [c for c in ICEWS_COLUMNS if c.lower() not in header]
    if missing:
        what = _looks_like(lines) or f"no column(s) {', '.join(missing)}"
        raise ImportFormatError(f"{path}: not an ICEWS event file; {what}")


def _first_lines(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as handle:
            lines = [line.rstrip("\r\n") for _, line in zip(range(SNIFF_LINES), handle)]
    except OSError as exc:
        raise ImportFormatError(f"{path}: cannot read ({exc.strerror})") from None
    return [line for line in lines if line.strip()]


def _looks_like(lines: list[str]) -> str | None:
    """What a file that is not the expected kind looks like, from its first line."""
    if not lines:
        return "it is empty"
    words = {w.strip().strip('"').lower() for w in lines[0].replace(",", "\t").split("\t")}
    for marks, what in LOOKALIKES:
        if len(words & marks) >= 2:
            return f"it looks like {what}"
    return None


# -- driver --------------------------------------------------------------------------------------------

@importers.register("gdelt.v1")
def read_gdelt(path: Path) -> Iterator[tuple[str, Event | Exception]]:
    """(where, Event or the row's error) for every row of a GDELT export."""
    for number, cells in gdelt_rows(path):
        yield f"{path}:{number}", _safely(gdelt_event, cells)


@importers.register("icews.v1")
def read_icews(path: Path) -> Iterator[tuple[str, Event | Exception]]:
    """(where, Event or the row's error) for every row of an ICEWS file."""
    for number, row in icews_rows(path):
        yield f"{path}:{number}", _safely(icews_event, row)


def _safely(make: Any, raw: Any) -> Event | Exception:
    try:
        return make(raw)
    except (ImportFormatError, Unmapped) as exc:
        return exc
    except (KeyError, ValueError, TypeError) as exc:  # a short or garbled row
        return ImportFormatError(f"malformed row ({type(exc).__name__}: {exc})")


def importer(kind: str) -> Any:
    """The registered importer for a kind ("gdelt" or "gdelt.v1"; a plugin's too)."""
    from ..registry import load_builtins

    load_builtins()
    name = kind if "." in kind else f"{kind}.v1"
    if name not in importers.get_all():
        kinds = sorted({n.rsplit(".v", 1)[0] for n in importers.get_all()})
        raise ImportFormatError(f"unknown import kind {kind!r}; choose one of {', '.join(kinds)}")
    return importers.get(name)


def import_file(store: Any, kind: str, path: str | Path) -> ImportReport:
    """Import a GDELT or ICEWS file into the store in batches, then re-cluster."""
    read = importer(kind)
    path = Path(path)
    check = {"gdelt": check_gdelt, "icews": check_icews}.get(kind)
    if check is not None:  # a wrong file is one error, not N rows (plugin importers check their own)
        check(path)
    report = ImportReport()
    run_id = store.start_run(f"import {kind} {path}")
    events: list[Event] = []
    failures: list[dict[str, Any]] = []
    written_total = WriteCounts()
    for where, item in read(path):
        _collect(report, where, item, events, failures)
        if len(events) >= BATCH:
            written_total = _flush(store, events, failures, run_id, written_total)
    written_total = _flush(store, events, failures, run_id, written_total)
    report.imported = written_total.events
    report.duplicates = sum(report.by_origin.values()) - report.imported
    store.recluster()
    store.finish_run(run_id, written_total)
    return report


def _collect(report: ImportReport, where: str, item: Event | Exception, events: list[Event],
             failures: list[dict[str, Any]]) -> None:
    if isinstance(item, Event):
        events.append(item)
        report.by_origin[item.origin] += 1
    elif isinstance(item, Unmapped):
        report.unmapped += 1
    else:
        report.failures.append((where, str(item)))
        failures.append({"origin": where, "doc_id": where.rsplit(":", 1)[-1], "stage": "import",
                         "error_type": type(item).__name__, "message": str(item)})


def _flush(store: Any, events: list[Event], failures: list[dict[str, Any]], run_id: str,
           total: WriteCounts) -> WriteCounts:
    counts = store.write_events(events, failures, run_id)
    events.clear()
    failures.clear()
    return total + counts
