"""Small helpers shared by the relations modules: actor keys, actor specs and period buckets.
Everything here works on the DataFrames the store returns (one row per event or happening)."""
from __future__ import annotations

import pandas as pd

from ..errors import QueryError
from ..model import ORG_CODES

PERIODS = ("day", "week", "month", "year", "all")
QUAD_COLUMNS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}


def _blank(s: pd.Series) -> pd.Series:
    return s.fillna("").astype(str)


def actor_key(df: pd.DataFrame, side: str) -> pd.Series:
    """Country-level identity of the source or target: the ISO code, or the organisation for
    IGO/NGO/MNC actors (as Actor.key does). Empty string when the event has no such actor."""
    code, org = _blank(df[f"{side}_code"]), _blank(df[f"{side}_org"])
    return code.where(~(code.isin(ORG_CODES) & (org != "")), org)


def actor_matches(df: pd.DataFrame, side: str, spec: str) -> pd.Series:
    """An actor spec is a country (SRB), an organisation (NATO) or a CAMEO actor-code prefix
    (SRBGOV, RUSMIL, IGO): it matches the actor's key, or the start of its CAMEO code."""
    spec = check_spec(spec)
    key_col = f"{side}_key" if f"{side}_key" in df else None
    key = df[key_col] if key_col else actor_key(df, side)
    return (key == spec) | _blank(df[f"{side}_cameo"]).str.startswith(spec)


def check_spec(spec: str) -> str:
    spec = (spec or "").strip()
    if not spec or not spec.replace("_", "").isalnum():
        raise QueryError(f"not an actor: {spec!r} (use a country code like SRB, an organisation like NATO, "
                         "or a CAMEO actor code like SRBGOV)")
    return spec.upper()


def check_period(by: str) -> str:
    if by not in PERIODS:
        raise QueryError(f"unknown period {by!r}; use one of {', '.join(PERIODS)}")
    return by


def add_period(df: pd.DataFrame, by: str, date_col: str = "date") -> pd.DataFrame:
    """Add `period` (a label: 2024-09-05, 2024-W36, 2024-09, 2024, all) and `period_start` (its
    first day) computed from the event date. Weeks are ISO weeks starting on Monday."""
    check_period(by)
    out = df.copy()
    d = pd.to_datetime(out[date_col])
    if by == "day":
        start = d.dt.normalize()
        label = start.dt.strftime("%Y-%m-%d")
    elif by == "week":
        start = (d - pd.to_timedelta(d.dt.weekday, unit="D")).dt.normalize()
        iso = d.dt.isocalendar()
        label = iso["year"].astype(str) + "-W" + iso["week"].astype(int).map("{:02d}".format)
    elif by == "month":
        start = d.dt.to_period("M").dt.start_time
        label = start.dt.strftime("%Y-%m")
    elif by == "year":
        start = d.dt.to_period("Y").dt.start_time
        label = start.dt.strftime("%Y")
    else:
        start = pd.Series(d.min(), index=d.index).dt.normalize()
        label = pd.Series("all", index=d.index)
    out["period"] = label.astype(str)
    # datetime64 like every date column of the API's frames (store/shapes.py), even when empty
    out["period_start"] = start if len(out) else pd.Series([], dtype="datetime64[ns]")
    return out


def kahan_sum(values) -> float:
    """The sum of the non-NaN values in their order, compensated as pandas' grouped sum and mean add
    (so a sum here is the very float pandas gives)."""
    total = compensation = 0.0
    for v in values:
        if v != v:
            continue
        y = v - compensation
        t = total + y
        compensation = t - total - y
        if compensation != compensation:
            compensation = 0.0
        total = t
    return total
