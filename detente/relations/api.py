"""The relations functions wired to a Store (Store.dedup / .relations / .top_dyads / .alignment
delegate here). Reads go through Store.query_events and Store.articles; no SQL here."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

import pandas as pd

from ..errors import QueryError
from .alignment import alignment as _alignment
from . import dyads
from .dedup import DEFAULT_WINDOW_DAYS, assign, happenings

LEVELS = ("happenings", "mentions")


def load(store, window_days: int = DEFAULT_WINDOW_DAYS, actor: str | None = None, since: dt.date | None = None,
         until: dt.date | None = None, source: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mentions, happenings): every stored event row with its happening id, and one row per happening.
    ``source``: only the reports of one outlet (its mentions, sources and articles counted alone)."""
    events = store.query_events(actor=actor, since=since, until=until, source=source)
    mentions = assign(events, store.articles(), window_days)
    return mentions, happenings(mentions)


def dedup(store, window_days: int = DEFAULT_WINDOW_DAYS, level: str = "happenings", **filters) -> pd.DataFrame:
    if level not in LEVELS:
        raise QueryError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    mentions, happ = load(store, window_days, **filters)
    return happ if level == "happenings" else mentions


def relations(store, a: str, b: str, by: str = "month", directed: bool = False,
              window_days: int = DEFAULT_WINDOW_DAYS, factuality: str = "asserted", since=None, until=None):
    _, happ = load(store, window_days, since=since, until=until)
    return dyads.relations(happ, a, b, by=by, directed=directed, factuality=factuality)


def top_dyads(store, since=None, until=None, directed: bool = False, domestic: bool = False, limit: int | None = 20,
              window_days: int = DEFAULT_WINDOW_DAYS, factuality: str = "asserted"):
    _, happ = load(store, window_days, since=since, until=until)
    return dyads.top_dyads(happ, directed=directed, domestic=domestic, limit=limit, factuality=factuality)


def alignment(store, country: str, poles: Sequence[str], by: str = "month", window_days: int = DEFAULT_WINDOW_DAYS,
              since=None, until=None, all_sectors: bool = False, explain: bool = False):
    # Only events that involve the country matter; the store filters on its code (or organisation).
    mentions, happ = load(store, window_days, actor=country.strip().upper(), since=since, until=until)
    return _alignment(happ, mentions, country, poles, by=by, all_sectors=all_sectors, explain=explain)
