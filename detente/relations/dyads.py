"""Dyads over time: how two actors treat each other per day, week, month or year, and which pairs
of actors have the most happenings. Input: happenings (dedup.happenings), one row each."""
from __future__ import annotations

import pandas as pd

from ..coding.ontology import EVENT_TYPES
from ..errors import QueryError
from ..model import FACTUALITY
from .frames import QUAD_COLUMNS, actor_matches, add_period, check_spec, kahan_sum

FACTUALITY_CHOICES = ("asserted", "all", *FACTUALITY[1:])


def _check_factuality(factuality: str) -> None:
    if factuality not in FACTUALITY_CHOICES:
        raise QueryError(f"unknown factuality {factuality!r}; use one of {', '.join(FACTUALITY_CHOICES)}")


def _select_factuality(h: pd.DataFrame, factuality: str) -> pd.DataFrame:
    _check_factuality(factuality)
    return h if factuality == "all" else h[h["factuality"] == factuality]


def tally(h: pd.DataFrame, keys: list, factuality: str = "asserted") -> dict:
    """{group key: its counts} of the happenings ``h`` grouped by ``keys`` (one per row), in one pass
    over the rows: ``events``, ``mentions``, ``quad`` (QuadClass → count) and ``gold`` (the Goldstein
    scores) of the chosen factuality, ``types`` (event type → count) of the chosen ones, and ``others``
    (every other factuality → count). Plain Python: a pair has tens to hundreds of happenings, and
    pandas' grouping cost 25–30 ms whatever their number."""
    _check_factuality(factuality)
    out: dict = {}
    gold = pd.to_numeric(h["goldstein"], errors="coerce").tolist() if len(h) else []
    cols = (h[c].tolist() for c in ("factuality", "n_mentions", "quad_class", "event"))
    for key, fact, n_mentions, quad, event, g in zip(keys, *cols, gold):
        t = out.get(key)
        if t is None:
            t = out[key] = {"events": 0, "mentions": 0, "quad": {q: 0 for q in QUAD_COLUMNS}, "gold": [],
                            "types": {}, "others": {}}
        if factuality == "all" or fact == factuality:
            t["events"] += 1
            t["mentions"] += int(n_mentions)
            if quad in t["quad"]:
                t["quad"][quad] += 1
            t["gold"].append(g)
            if isinstance(event, str):
                t["types"][event] = t["types"].get(event, 0) + 1
        elif fact in FACTUALITY:
            t["others"][fact] = t["others"].get(fact, 0) + 1
    return out


def gold_mean(t: dict) -> float:
    """The mean Goldstein score of a tally's group (NaN without a score), as pandas' grouped mean."""
    n = sum(1 for g in t["gold"] if g == g)
    return kahan_sum(t["gold"]) / n if n else float("nan")


def summarise(h: pd.DataFrame, by: list[str], factuality: str = "asserted") -> pd.DataFrame:
    """Per group: happenings, mentions, counts by QuadClass, Goldstein sum and mean over the chosen
    factuality; plus how many happenings of every OTHER factuality the group has, so a negated
    sanction is neither counted as a sanction nor silently dropped. Groups are sorted by their keys."""
    keys = list(zip(*(h[c].tolist() for c in by))) if len(h) else []
    groups = tally(h, keys, factuality)
    others = [f for f in FACTUALITY if f != factuality] if factuality != "all" else []
    order = sorted(groups, key=lambda k: tuple((1, 0) if pd.isna(v) else (0, v) for v in k))
    rows = []
    for key in order:
        t = groups[key]
        rows.append({"events": t["events"], "mentions": t["mentions"],
                     **{name: t["quad"][q] for q, name in QUAD_COLUMNS.items()},
                     "goldstein_sum": kahan_sum(t["gold"]), "goldstein_mean": gold_mean(t),
                     **{f: t["others"].get(f, 0) for f in others}})
    columns = ["events", "mentions", *QUAD_COLUMNS.values(), "goldstein_sum", "goldstein_mean", *others]
    levels = [pd.Index([k[i] for k in order], dtype=h[c].dtype, name=c) for i, c in enumerate(by)]
    index = pd.MultiIndex.from_arrays(levels) if len(by) > 1 else levels[0]
    out = pd.DataFrame(rows, columns=columns, index=index)
    ints = ["events", "mentions", *QUAD_COLUMNS.values(), *others]
    out[ints] = out[ints].astype(int)
    out[["goldstein_sum", "goldstein_mean"]] = out[["goldstein_sum", "goldstein_mean"]].astype(float).round(2)
    return out


def relation_columns(directed: bool = False, factuality: str = "asserted") -> list[str]:
    """The columns of relations(), the same whatever event types the dyad has: period keys, counts,
    QuadClass counts, Goldstein sum and mean, the happenings of every other factuality, and one count
    per PLOVER type."""
    others = [f for f in FACTUALITY if f != factuality] if factuality != "all" else []
    return (["period", "period_start"] + (["direction"] if directed else []) + ["events", "mentions",
            *QUAD_COLUMNS.values(), "goldstein_sum", "goldstein_mean", *others, *EVENT_TYPES])


def relations(h: pd.DataFrame, a: str, b: str, by: str = "month", directed: bool = False,
              factuality: str = "asserted") -> pd.DataFrame:
    """The dyad (a, b) per period: one row per period (undirected) or per period and direction
    (directed, `A->B` / `B->A`), with counts by event type and QuadClass and Goldstein sum/mean."""
    a, b = check_spec(a), check_spec(b)
    _select_factuality(h.iloc[0:0], factuality)  # an unknown factuality is an error even without events
    columns = relation_columns(directed, factuality)
    ab = actor_matches(h, "source", a) & actor_matches(h, "target", b)
    ba = actor_matches(h, "source", b) & actor_matches(h, "target", a)
    d = h[ab | ba].copy()
    d["direction"] = ab[ab | ba].map({True: f"{a}->{b}", False: f"{b}->{a}"})
    d = add_period(d, by)
    keys = ["period", "period_start"] + (["direction"] if directed else [])
    if d.empty:
        return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "period_start" else
                                          object if c in keys else "float64" if c.startswith("goldstein")
                                          else "int64") for c in columns})
    out = summarise(d, keys, factuality)
    chosen = _select_factuality(d, factuality)
    types = chosen.groupby(keys + ["event"]).size().unstack("event", fill_value=0) if len(chosen) else None
    if types is not None:
        out = out.join(types, how="left")
    extra = [t for t in (types.columns if types is not None else []) if t not in EVENT_TYPES]
    out = out.reset_index().reindex(columns=columns + extra)
    counts = [*EVENT_TYPES, *extra]
    out[counts] = out[counts].fillna(0).astype(int)
    return out


def top_dyads(h: pd.DataFrame, directed: bool = False, domestic: bool = False, limit: int | None = 20,
              factuality: str = "asserted") -> pd.DataFrame:
    """Pairs of actors (country / organisation level) ranked by happenings, then mentions.
    Undirected pairs are written in alphabetical order. Domestic pairs (SRB–SRB) are left out unless
    `domestic`; happenings without a target have no dyad."""
    d = h[h["target_key"].fillna("") != ""].copy()
    if not domestic:
        d = d[d["source_key"] != d["target_key"]]
    if directed:
        d["actor_a"], d["actor_b"] = d["source_key"], d["target_key"]
    else:
        swap = d["source_key"] > d["target_key"]
        d["actor_a"] = d["source_key"].where(~swap, d["target_key"])
        d["actor_b"] = d["target_key"].where(~swap, d["source_key"])
    keys = ["actor_a", "actor_b"]
    if d.empty:
        return pd.DataFrame(columns=keys + ["events", "mentions", "cooperative", "conflictual", "goldstein_sum",
                                            "goldstein_mean", "first", "last"])
    out = summarise(d, keys, factuality)
    out["cooperative"] = out["verbal_coop"] + out["material_coop"]
    out["conflictual"] = out["verbal_conflict"] + out["material_conflict"]
    out = out.drop(columns=list(QUAD_COLUMNS.values()))
    dates = d.groupby(keys)["date"]
    out["first"] = pd.to_datetime(dates.min())
    out["last"] = pd.to_datetime(dates.max())
    cols = ["events", "mentions", "cooperative", "conflictual", "goldstein_sum", "goldstein_mean"]
    out = out[cols + [c for c in out.columns if c not in cols]]
    out = out.reset_index().sort_values(["events", "mentions", "actor_a", "actor_b"],
                                        ascending=[False, False, True, True])
    return (out.head(limit) if limit else out).reset_index(drop=True)
