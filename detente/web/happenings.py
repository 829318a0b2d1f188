"""The happenings of the whole store, merged once per store state, for the dyad time lines and the
alignment of the API.

Merging a pair's reports into happenings (relations.dedup) and summarising them with pandas cost
85–130 ms per new question on the 2017 corpus, most of it pandas' fixed cost per call. Instead each
server process merges every report of the store once (0.7 s for 16,561 reports → 13,302 happenings)
when the store changes, keeps the table in memory with an index of its rows by pair and by actor,
and answers a time line by walking the pair's rows in Python (a few hundred rows: well under a
millisecond) and an alignment from the actor's rows.

What it means for a user (docs/web.md, "One table of happenings"): a happening is merged from all
its reports, whatever dates are asked, and is counted in a date range when its first report is in
it — as in the time line over all dates. Merging only the reports within the range (as before) made
an act reported on 31 January and again on 2 February count once in January and again in February,
and an act split at the edge could count as two; now a range's counts add up with its neighbours'.

Used only when the question has no filter but its pair (or actor and poles) and dates, in a served
(read-only) store of at most ``MAX_EVENTS`` reports; other questions merge their own reports as
before (series.happenings)."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..relations.alignment import SIGNAL_COLUMNS, directed_rows, mention_keys
from ..relations.dedup import assign, happenings as merge
from . import queries as Q

log = logging.getLogger(__name__)
MAX_EVENTS = 500_000  # beyond this a process keeps no store-wide table (memory); questions merge their own
_KEY = ("store happenings",)


@dataclass
class StoreHappenings:
    """Every mention and every happening of one store state, with row indexes."""
    mentions: pd.DataFrame
    happ: pd.DataFrame
    days: np.ndarray = field(init=False)                   # each happening's date, datetime64[D]
    by_pair: dict = field(init=False, default_factory=dict)   # frozenset({a, b}) → rows (either direction)
    by_actor: dict = field(init=False, default_factory=dict)  # key → rows where it is source or target
    _directed: dict = field(init=False, default_factory=dict)   # (sectors, all_sectors) → signal_rows' rows
    _keys: dict | None = field(init=False, default=None)

    def __post_init__(self):
        self.days = pd.to_datetime(self.happ["date"]).values.astype("datetime64[D]")
        src = self.happ["source_key"].fillna("").astype(str).tolist()
        tgt = self.happ["target_key"].fillna("").astype(str).tolist()
        pairs: dict = {}
        actors: dict = {}
        for i, (s, t) in enumerate(zip(src, tgt)):
            pairs.setdefault(frozenset((s, t)), []).append(i)
            actors.setdefault(s, []).append(i)
            if t != s:
                actors.setdefault(t, []).append(i)
        self.by_pair = {k: np.asarray(v, dtype=np.int64) for k, v in pairs.items()}
        self.by_actor = {k: np.asarray(v, dtype=np.int64) for k, v in actors.items()}
        self.signal_rows("", None, False, None, None)  # the default sectors' rows, made before a question waits

    def signal_rows(self, actor: str, sectors, all_sectors: bool, since: dt.date | None,
                    until: dt.date | None) -> pd.DataFrame:
        """The actor's rows of relations.alignment.directed_rows within since..until: the directed rows
        of every happening are made once per choice of sectors, with their rows indexed by country."""
        key = (None if sectors is None else tuple(sectors), all_sectors)
        made = self._directed.get(key)
        if made is None:
            rows = directed_rows(self.happ, sectors=sectors, all_sectors=all_sectors)
            # only what signals reads: every later step copies fewer columns
            rows = rows[[c for c in rows.columns if c in SIGNAL_COLUMNS or c == "country"]]
            countries: dict = {}
            for i, c in enumerate(rows["country"].tolist()):
                countries.setdefault(c, []).append(i)
            made = (rows, {c: np.asarray(v, dtype=np.int64) for c, v in countries.items()},
                    pd.to_datetime(rows["date"]).values.astype("datetime64[D]"))
            if len(self._directed) >= 16:
                self._directed.clear()
            self._directed[key] = made
        rows, countries, days = made
        mine = countries.get(actor, np.empty(0, dtype=np.int64))
        return rows.iloc[mine[_in_range(days[mine], since, until)]]

    @property
    def mention_keys(self) -> dict:
        """relations.alignment.mention_keys of every mention, made on first use."""
        if self._keys is None:
            self._keys = mention_keys(self.mentions)
        return self._keys

    def _within(self, rows: np.ndarray, since: dt.date | None, until: dt.date | None) -> np.ndarray:
        return rows[_in_range(self.days[rows], since, until)]

    def pair(self, a: str, b: str, since: dt.date | None = None, until: dt.date | None = None) -> pd.DataFrame:
        """Happenings between a and b (keys, either direction) whose date is within since..until."""
        rows = self.by_pair.get(frozenset((a, b)), np.empty(0, dtype=np.int64)) if a != b else np.empty(0, np.int64)
        return self.happ.iloc[self._within(rows, since, until)]

def _in_range(days: np.ndarray, since: dt.date | None, until: dt.date | None) -> np.ndarray:
    keep = np.ones(len(days), dtype=bool)
    if since:
        keep &= days >= np.datetime64(since, "D")
    if until:
        keep &= days <= np.datetime64(until, "D")
    return keep


def plain(f: Q.EventFilter) -> bool:
    """Whether ``f`` asks nothing but a pair, an actor's partners and dates (the questions the table answers)."""
    return replace(f, pair=None, between=None, since=None, until=None, factuality=None, directed=False) == Q.EventFilter()


def store_happenings(con, holder) -> StoreHappenings | None:
    """The table for the store as it is now, made on first use after each change (one thread makes it,
    the others wait for it); None without a holder (review mode keeps nothing) or when the store is
    too big to keep."""
    if holder is None:
        return None
    return holder.made_once(_KEY, lambda: _make(con), lambda kept: 0 if kept is False else sum(
        int(x.memory_usage(index=True).sum()) + 300 * len(x) for x in (kept.mentions, kept.happ))) or None


def _make(con):
    n = con.execute("SELECT count(*) FROM detente_events").fetchone()[0]
    if n > MAX_EVENTS:
        log.info("%d events: no store-wide table of happenings (more than %d)", n, MAX_EVENTS)
        return False
    events = Q.event_frame(con, Q.EventFilter())
    mentions = assign(events, Q.article_frame(con, events["article_id"].tolist()))
    table = StoreHappenings(mentions, merge(mentions))
    log.info("store-wide table: %d event(s) → %d happening(s)", len(events), len(table.happ))
    return table
