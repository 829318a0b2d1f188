"""/api/map: the events of the current filter on a world map — counts per country of location (for
shading) and per located place (for points). The page draws them with d3-geo over the country
shapes of world-atlas, served from static/vendor (no tile server)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from . import map_queries as M
from . import queries as Q
from .api import JSONAnswer, connection, counted_filter
from .present import actor_info

MAX_PLACES = 2000
router = APIRouter(prefix="/api")


@router.get("/map", summary="Events by the country and the place they took place in, for the world map")
def world_map(f: Q.EventFilter = Depends(counted_filter),
              max_places: int = Query(500, ge=1, le=MAX_PLACES, description="Most-used places to return"),
              con=Depends(connection)):
    """Takes the event filters of /api/events (and `sector`); counts only asserted events unless
    `factuality` is given. Each country carries `iso_numeric`, the id of its shape in world-atlas;
    `located` of `total` events have a place."""
    out = M.located_counts(con, f, max_places)
    numeric = M.iso_numeric()
    for c in out["countries"]:
        c.update(name=actor_info(c["iso3"])["name"], iso_numeric=numeric.get(c["iso3"]))
    return JSONAnswer({"factuality": f.factuality or "all", **out})
