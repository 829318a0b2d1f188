"""Plots for people who would rather look: relations and alignment over time (matplotlib, Agg)."""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..errors import QueryError
from .frames import QUAD_COLUMNS

log = logging.getLogger(__name__)
QUAD_LABELS = {"verbal_coop": "verbal cooperation", "material_coop": "material cooperation",
               "verbal_conflict": "verbal conflict", "material_conflict": "material conflict"}
BAR_DAYS = {"day": 0.8, "week": 5.6, "month": 24.0, "year": 290.0, "all": 20.0}
QUAD_COLOURS = {"verbal_coop": "#9ecae1", "material_coop": "#3182bd", "verbal_conflict": "#fdae6b",
                "material_conflict": "#e6550d"}


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")  # files only: no display needed, none opened
    import matplotlib.pyplot as plt
    return plt


def _save(fig, path: str | Path) -> Path:
    path = Path(path)
    try:
        fig.savefig(path, dpi=120, bbox_inches="tight")
    except (OSError, ValueError) as exc:
        raise QueryError(f"cannot write plot: {exc}", path=str(path)) from None
    finally:
        _pyplot().close(fig)
    log.info("wrote %s", path)
    return path


def _x(df: pd.DataFrame):
    return pd.to_datetime(df["period_start"])


def plot_relations(df: pd.DataFrame, a: str, b: str, by: str, path: str | Path) -> Path:
    """Top: happenings per period stacked by QuadClass. Bottom: mean Goldstein score per direction."""
    plt = _pyplot()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    fig.suptitle(f"Relations {a} – {b} by {by}")
    if df.empty:
        top.text(0.5, 0.5, "no events", ha="center", va="center", transform=top.transAxes)
    else:
        per = df.groupby("period_start")[list(QUAD_COLUMNS.values())].sum()
        x = pd.to_datetime(per.index)
        width = _bar_width(by)
        base = None
        for col in QUAD_COLUMNS.values():
            top.bar(x, per[col], width=width, align="edge", bottom=base, label=QUAD_LABELS[col], color=QUAD_COLOURS[col])
            base = per[col] if base is None else base + per[col]
        top.legend(fontsize="small", loc="upper left")
        groups = df.groupby("direction") if "direction" in df else [(f"{a}–{b}", df)]
        for name, part in groups:
            bottom.plot(_x(part), part["goldstein_mean"], marker="o", label=name)
        bottom.axhline(0, color="grey", linewidth=0.8)
        bottom.legend(fontsize="small", loc="upper left")
    top.set_ylabel("events (happenings)")
    bottom.set_ylabel("mean Goldstein score")
    bottom.set_ylim(-10.5, 10.5)
    bottom.set_xlabel(f"period ({by})")
    fig.autofmt_xdate()
    return _save(fig, path)


def plot_alignment(df: pd.DataFrame, country: str, by: str, path: str | Path) -> Path:
    """Top: each pole's affinity per period. Bottom: the first pole's index against its strongest rival."""
    plt = _pyplot()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    poles = list(dict.fromkeys(df["pole"])) if not df.empty else []
    fig.suptitle(f"Alignment of {country} between {' and '.join(poles) or 'poles'} by {by}")
    if df.empty:
        top.text(0.5, 0.5, "no events", ha="center", va="center", transform=top.transAxes)
    else:
        for pole in poles:
            part = df[df["pole"] == pole]
            top.plot(_x(part), part["affinity"], marker="o", label=pole)
        top.axhline(0, color="grey", linewidth=0.8)
        top.legend(fontsize="small", loc="upper left")
        first = df[df["pole"] == poles[0]]
        x = _x(first)
        colours = ["#3182bd" if v >= 0 else "#e6550d" for v in first["alignment_index"].fillna(0)]
        bottom.bar(x, first["alignment_index"].fillna(0), width=_bar_width(by), align="edge", color=colours)
        bottom.axhline(0, color="grey", linewidth=0.8)
    top.set_ylabel("affinity (sum of signals)")
    rivals = ", ".join(poles[1:]) if len(poles) > 1 else "rivals"
    bottom.set_ylabel(f"index: ← {rivals} | {poles[0] if poles else ''} →")
    bottom.set_ylim(-1.05, 1.05)
    bottom.set_xlabel(f"period ({by})")
    fig.autofmt_xdate()
    return _save(fig, path)


def _bar_width(by: str) -> float:
    """Bars a little narrower than the period they stand for, in days."""
    return BAR_DAYS.get(by, 20.0)
