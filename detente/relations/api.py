"""The relations functions wired to a store, and ``Store``: the store of detente/store with them as
methods (Store.dedup / .relations / .top_dyads / .alignment; the public ``detente.Store``). Reads go
through Store.query_events and Store.articles; no SQL here. Filters are checked by store/filters.py
and every frame leaves through store/shapes.py (datetime64 dates, None for a missing text)."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

import pandas as pd

from ..errors import QueryError
from ..store import filters
from ..store.shapes import tidy
from ..store.store import Store as _Store
from .alignment import alignment as _alignment
from . import dyads
from .dedup import DEFAULT_WINDOW_DAYS, assign, happenings

LEVELS = ("happenings", "mentions")
Day = dt.date | str | None


def load(store, window_days: int = DEFAULT_WINDOW_DAYS, actor: str | None = None, since: Day = None,
         until: Day = None, source: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mentions, happenings): every stored event row with its happening id, and one row per happening.
    ``source``: only the reports of one outlet (its mentions, sources and articles counted alone)."""
    window_days = filters.check_count(window_days, "window_days", minimum=0)
    events = store.query_events(actor=actor, since=since, until=until, source=source)
    mentions = assign(events, store.articles(), window_days)
    return mentions, happenings(mentions)


def dedup(store, window_days: int = DEFAULT_WINDOW_DAYS, level: str = "happenings", actor: str | None = None,
          since: Day = None, until: Day = None, source: str | None = None) -> pd.DataFrame:
    if level not in LEVELS:
        raise QueryError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    mentions, happ = load(store, window_days, actor=actor, since=since, until=until, source=source)
    return tidy(happ if level == "happenings" else mentions)


def relations(store, a: str, b: str, by: str = "month", directed: bool = False,
              window_days: int = DEFAULT_WINDOW_DAYS, factuality: str = "asserted", since: Day = None,
              until: Day = None) -> pd.DataFrame:
    a = filters.check_actor(a, "a", known=store.has_actor)
    b = filters.check_actor(b, "b", known=store.has_actor)
    if a is None or b is None:
        raise filters.FilterError("relations needs two actors, e.g. SRB RUS")
    _, happ = load(store, window_days, since=since, until=until)
    return tidy(dyads.relations(happ, a, b, by=by, directed=directed, factuality=factuality))


def top_dyads(store, since: Day = None, until: Day = None, directed: bool = False, domestic: bool = False,
              limit: int | None = 20, window_days: int = DEFAULT_WINDOW_DAYS,
              factuality: str = "asserted") -> pd.DataFrame:
    limit = filters.check_count(limit, "limit", minimum=0) or None  # 0 = every pair
    _, happ = load(store, window_days, since=since, until=until)
    return tidy(dyads.top_dyads(happ, directed=directed, domestic=domestic, limit=limit, factuality=factuality))


def check_pole_items(poles: Sequence[str], known=None, name: str = "poles") -> None:
    """Every item of every pole ("EU,USA,NATO") is an actor or bloc Détente knows: a misspelt item
    would match nothing and silently empty its pole."""
    for pole in poles:
        for item in str(getattr(pole, "label", pole)).split(","):
            if item.strip():
                filters.check_actor(item, name, known=known)


def alignment(store, country: str, poles: Sequence[str], by: str = "month", window_days: int = DEFAULT_WINDOW_DAYS,
              since: Day = None, until: Day = None, sectors: Sequence[str] | str | None = None,
              all_sectors: bool = False, explain: bool = False) -> pd.DataFrame:
    country = filters.check_actor(country, "country", known=store.has_actor)
    if country is None:
        raise filters.FilterError("alignment needs a country, e.g. SRB")
    check_pole_items(poles, known=store.has_actor)
    # Only events that involve the country matter; the store filters on its code (or organisation).
    mentions, happ = load(store, window_days, actor=country, since=since, until=until)
    return tidy(_alignment(happ, mentions, country, poles, by=by, sectors=sectors, all_sectors=all_sectors,
                           explain=explain))


class Store(_Store):
    """The DuckDB store (detente/store) with the relations computed over it: one event per happening,
    dyads over time, top dyads, alignment (docs/relations.md). The relations stage sits above the
    store, so it extends the store rather than the store reaching up to it."""

    def dedup(self, window_days: int = 3, level: str = "happenings", actor: str | None = None,
              since: dt.date | str | None = None, until: dt.date | str | None = None, source: str | None = None):
        """One row per happening (reports of the same act merged), or per mention with level="mentions".
        actor / since / until / source (an outlet) filter as in events()."""
        return dedup(self, window_days=window_days, level=level, actor=actor, since=since, until=until,
                         source=source)

    def relations(self, a: str, b: str, by: str = "month", directed: bool = False, window_days: int = 3,
                  factuality: str = "asserted", since: dt.date | str | None = None,
                  until: dt.date | str | None = None):
        """The dyad a–b per period (day, week, month, year or all), undirected unless directed; counts of
        the chosen factuality (asserted, negated, future, hypothetical or all) by QuadClass and PLOVER
        type, Goldstein sum and mean (docs/relations.md). Unknown actors raise FilterError."""
        return relations(self, a, b, by=by, directed=directed, window_days=window_days, factuality=factuality,
                             since=since, until=until)

    def top_dyads(self, since: dt.date | str | None = None, until: dt.date | str | None = None,
                  directed: bool = False, domestic: bool = False, limit: int | None = 20, window_days: int = 3,
                  factuality: str = "asserted"):
        """Pairs of actors ranked by happenings (limit 0 or None: every pair)."""
        return top_dyads(self, since=since, until=until, directed=directed, domestic=domestic, limit=limit,
                             window_days=window_days, factuality=factuality)

    def alignment(self, country: str, poles, by: str = "month", window_days: int = 3,
                  since: dt.date | str | None = None, until: dt.date | str | None = None, sectors=None,
                  all_sectors: bool = False, explain: bool = False):
        """Alignment index of `country` between `poles` (e.g. ["RUS", "WEST"]) per period. By default only
        the state speaks (GOV, MIL, LEG, JUD and the country named as such); sectors=["GOV", "OPP"] or
        all_sectors=True change that. explain=True gives the events behind it (docs/relations.md)."""
        return alignment(self, country, poles, by=by, window_days=window_days, since=since, until=until,
                             sectors=sectors, all_sectors=all_sectors, explain=explain)
