"""Dyad time lines and alignment for the API, computed by detente.relations — the same happenings
(reports of one act merged) and the same alignment index as `detente relations` / `detente alignment`.

Speed: relations functions work on DataFrames of events. Rather than loading the whole store (as
Store.relations does), only the rows that can matter are fetched: the pair's events for a dyad, the
events between the actor and the members of the poles for alignment. Both computations only ever
group rows that share their actors, so the result is the same as over the whole store."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import numpy as np

from ..relations.alignment import signals, summary_rows
from ..relations.dyads import gold_mean, tally
from ..relations.dedup import assign, happenings as merge
from ..coding.ontology import EVENT_TYPES
from ..relations.blocs import bloc_table, parse_pole
from . import queries as Q
from ..errors import QueryError
from .happenings import plain, store_happenings
from .snapshot import SQL, Events
from .present import actor_info, as_date, n_periods, periods, truncate

QUADS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
OTHER_FACTS = ("asserted", "negated", "future", "hypothetical")


def _num(v):
    """numpy / pandas scalars → JSON numbers; NaN → None."""
    if v is None:
        return None
    v = float(v)
    return None if math.isnan(v) else (int(v) if v.is_integer() else v)


class TooManyPoints(QueryError):
    """since..until by this period is longer than a time line may be."""


EMPTY_POINT = {"n": 0, "n_source": 0, "n_target": 0, "mean_goldstein": None, "quad": {str(q): 0 for q in QUADS}}


def time_range(events, f: Q.EventFilter, period: str, max_periods: int) -> dict | None:
    """The dates a time line covers: since/until where given, else where ``events`` (snapshot.Events)
    are (outliers set aside, see queries.robust_span). Too many points is an error when the caller chose a date; a
    range wholly from the data is cut to its last max_periods periods instead. None when nothing matches."""
    span = events.span(f)  # a bound not given comes from the events within the other one
    if span["first"] is None:
        return None
    first, last = as_date(f.since or span["first"]), as_date(f.until or span["last"])
    if first > last:  # one bound given, beyond the data on the other side: a range of one day
        first, last = (first, first) if f.until is None else (last, last)
    cut = False
    if n_periods(first, last, period) > max_periods:
        if f.since or f.until:
            raise TooManyPoints(f"{first}..{last} by {period} makes more than {max_periods} points; "
                                "narrow since/until or choose a longer period")
        first, cut = periods_back(last, period, max_periods), True
    return {"since": first, "until": last, "from_data": [k for k, v in (("since", f.since), ("until", f.until)) if not v],
            "cut": cut, "outside": span["outside"]}


def periods_back(last: dt.date, period: str, count: int) -> dt.date:
    """The first day of the ``count``-th period counting back from the one holding ``last``."""
    day = truncate(last, period)
    if period in ("day", "week"):
        return day - dt.timedelta(days=(count - 1) * (7 if period == "week" else 1))
    months = (count - 1) * (12 if period == "year" else 1)
    m = day.year * 12 + day.month - 1 - months
    return dt.date(max(1, m // 12), m % 12 + 1, 1)


def happenings(con, f: Q.EventFilter, frames=None):
    """(mentions, happenings) for the events matching ``f``. With ``frames`` (the app's cache.AnswerCache
    of frames, emptied when the store changes) they are merged once per filter: the same pair by week,
    month and year, or the same actor and poles by month and by year, merge the same reports (reading
    and merging them is most of a dyad time line's cost). Callers get copies and may change them."""
    key = ("happenings", f)
    kept = frames.lookup(key) if frames is not None else None
    if kept is None:
        events = Q.event_frame(con, f)
        articles = Q.article_frame(con, events["article_id"].tolist())
        mentions = assign(events, articles)
        kept = (mentions, merge(mentions))
        if frames is not None:
            frames.put(key, kept, sum(int(x.memory_usage(index=True).sum()) + 200 * len(x) for x in kept))
    return kept[0].copy(), kept[1].copy()


def dyad_timeline(con, a: str, b: str, f: Q.EventFilter, period: str, factuality: str,
                  span: tuple[dt.date, dt.date] | None, frames=None, store=None) -> dict:
    """Happenings between a and b per period (dense from the first to the last period), split by
    QuadClass, counting only ``factuality`` ("all" for every one) and saying how many others there are.
    With ``store`` (the app's holder of the store-wide table, web/happenings.py) a question with no
    other filter than dates takes the pair's happenings from the table; else its reports are merged."""
    pair = replace(f, actor=None, pair=(a, b), directed=False, factuality=None)
    table = store_happenings(con, store) if plain(pair) else None
    if table is not None:
        happ = table.pair(a, b, pair.since, pair.until)
    else:
        _, happ = happenings(con, pair, frames)
    starts = [truncate(as_date(day), period) for day in happ["date"].tolist()]
    by_start = _per_period(tally(happ, starts, factuality), factuality)
    empty = {"n": 0, "mentions": 0, "quad": {str(q): 0 for q in QUADS}, "mean_goldstein": None,
             "other_factuality": {}, "types": {}}
    series = [{"period": day, **by_start.get(day, empty)} for day in (periods(*span, period) if span else [])]
    # Totals from the same one pass over the rows (a tally of one group).
    whole = tally(happ, [0] * len(happ), factuality).get(0, {"events": 0, "mentions": 0, "gold": [], "others": {}})
    chosen = [src == a for src, fact in zip(happ["source_key"].tolist(), happ["factuality"].tolist())
              if factuality == "all" or fact == factuality]
    gold = np.array([g for g in whole["gold"] if g == g], dtype=float)
    mean = round(float(gold.sum() / len(gold)), 2) if len(gold) else None  # as pandas' Series.mean()
    n = whole["events"]
    return {"a": actor_info(a), "b": actor_info(b), "period": period, "factuality": factuality,
            "total": n, "mentions": whole["mentions"], "n_ab": sum(chosen), "n_ba": n - sum(chosen),
            "mean_goldstein": _num(mean),
            "other_factuality": {} if factuality == "all" else
            {k: whole["others"].get(k, 0) for k in OTHER_FACTS if k != factuality},
            "series": series}


def _per_period(groups: dict, factuality: str) -> dict[dt.date, dict]:
    """{first day of a period: its point} from relations.dyads.tally of the happenings by period — the
    numbers `detente relations` gives per period (happenings, mentions, QuadClass and event-type
    counts and mean Goldstein of the chosen factuality; counts of every other factuality)."""
    others = [k for k in OTHER_FACTS if k != factuality] if factuality != "all" else []
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    return {start: {"n": t["events"], "mentions": t["mentions"], "quad": {str(q): t["quad"][q] for q in QUADS},
                    "mean_goldstein": None if math.isnan(mean := gold_mean(t)) else _num(np.round(mean, 2)),
                    "other_factuality": {k: t["others"].get(k, 0) for k in others},
                    "types": {e: t["types"][e] for e in sorted(t["types"], key=lambda e: (order.get(e, len(order)), e))}}
            for start, t in groups.items()}


def alignment(con, actor: str, pole_specs: list[str], period: str, since: dt.date | None, until: dt.date | None,
              all_sectors: bool = False, sectors: list[str] | None = None, max_periods: int = 2000,
              frames=None, store=None, events=None) -> dict:
    """The alignment index of ``actor`` between the poles (actors, blocs or comma lists), per period
    and over the range (since/until, else where these events are: see time_range). Raises
    QueryError for an unknown bloc or a repeated pole."""
    poles = [parse_pole(p) for p in pole_specs]
    members = sorted(set().union(*(p.keys for p in poles)) - {actor})
    f = Q.EventFilter(between=(actor, tuple(members)), since=since, until=until)
    used = time_range(events or Events(con, SQL), f, period, max_periods)
    if used:
        f = replace(f, since=used["since"], until=used["until"])
        since, until = used["since"], used["until"]
    table = store_happenings(con, store)  # see dyad_timeline
    # The signals are the costly part: computed once, summarised per period and over everything. From
    # the store-wide table, the actor's candidate rows are made once for every pole and date range.
    if table is not None:
        sig = signals(None, None, actor, poles, by=period, rows=table.signal_rows(actor, sectors, all_sectors, since, until),
                      keys=table.mention_keys)
    else:
        mentions, happ = happenings(con, f, frames)
        sig = signals(happ, mentions, actor, poles, by=period, sectors=sectors, all_sectors=all_sectors)
    per = summary_rows(sig, poles)
    whole = summary_rows(sig.assign(period="all", period_start=sig["period_start"].min()), poles)
    labels = [p.label for p in poles]

    def pole_json(r):
        return {"events": int(r["events"]), "cooperative": int(r["cooperative"]), "conflictual": int(r["conflictual"]),
                "mentions": int(r["mentions"]), "affinity": _num(r["affinity"]), "index": _num(r["alignment_index"])}

    points: dict[dt.date, dict] = {}
    for r in per:
        p = points.setdefault(as_date(r["period_start"]), {"leaning": r["leaning"], "poles": {}})
        p["poles"][r["pole"]] = pole_json(r)
    series = []
    if points:
        first, last = as_date(since or min(points)), as_date(until or max(points))
        for day in periods(first, last, period):
            p = points.get(day, {"leaning": None, "poles": {}})
            series.append({"period": day, **p})
    overall = {"leaning": None, "poles": {}}
    for r in whole:
        overall["leaning"] = r["leaning"]
        overall["poles"][r["pole"]] = pole_json(r)

    def describe(label):
        names = [actor_info(k)["name"] + (" bloc" if k in bloc_table() else "") for k in label.split(",")]
        return {"key": label, "name": " + ".join(names)}
    return {"actor": actor_info(actor), "poles": [describe(p) for p in labels], "period": period, "range": used,
            "overall": overall, "series": series}
