"""One shape per concept in the frames the Python API returns: dates are datetime64 (never Python
date objects in an object column), a missing text is None (never ''), whatever the store or a
computation produced. Applied on the way out of Store and detente.relations."""
from __future__ import annotations

import json

import pandas as pd

# Columns that hold a day; any of them present in a frame becomes datetime64.
DATE_COLUMNS = ("date", "date_last", "period_start", "first", "last")
# Columns that hold an instant.
TIME_COLUMNS = ("coded_at", "date_added")


def tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as datetime64, '' as None in text columns. Returns a new frame; the input is left alone."""
    out = df.copy()
    for col in out.columns:
        if col in DATE_COLUMNS or col in TIME_COLUMNS:
            out[col] = pd.to_datetime(out[col], errors="coerce")
        elif out[col].dtype == object:
            blank = out[col].map(lambda v: isinstance(v, str) and v == "")
            if blank.any():
                out[col] = out[col].where(~blank, None)
    return out


def parse_scores(value) -> dict | None:
    """The model's scores of an event as stored (JSON text in evidence.scores) → a dict of floats, or
    None: a rules-only event, a row stored before scores were (NaN/None), or a dict already parsed."""
    if isinstance(value, dict):
        return value or None
    if not isinstance(value, str) or not value:
        return None
    return json.loads(value) or None


def event_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Events as the store returns them (events ⋈ evidence); ``scores`` as a dict or None."""
    out = tidy(df)
    if "scores" in out:
        out["scores"] = out["scores"].map(parse_scores).astype(object)
    return out
