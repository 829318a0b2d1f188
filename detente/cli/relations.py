"""`detente relations A B`, `detente alignment COUNTRY --poles …`, `detente top-dyads`: relations over
time from the store, as a table on the terminal or csv / jsonl / parquet."""
from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from ..errors import QueryError
from ..export import write_parquet
from ..relations import DEFAULT_WINDOW_DAYS, FACTUALITY_CHOICES, PERIODS
from ..relations.alignment import summarise
from ..relations.api import Store
from ..store.filters import check_range
from ..store.shapes import tidy

FRAME_FORMATS = ("table", "csv", "jsonl", "parquet")
WIDE_TEXT = 70  # table cells longer than this (sentences) are cut on the terminal only


def register(sub) -> None:
    p = sub.add_parser("relations", help="how two actors treat each other over time",
                       description="Happenings between two actors per period: counts by event type and "
                                   "QuadClass, Goldstein sum and mean; undirected unless --directed.")
    p.add_argument("a", metavar="A", help="actor: country (SRB), organisation (NATO) or CAMEO code (SRBGOV)")
    p.add_argument("b", metavar="B", help="the other actor")
    _common(p)
    p.add_argument("--by", choices=PERIODS, default="month", help="period (default: month)")
    p.add_argument("--directed", action="store_true", help="one row per direction (A->B, B->A)")
    p.add_argument("--factuality", choices=FACTUALITY_CHOICES, default="asserted",
                   help="which happenings the counts cover (default: asserted; the others are counted apart)")
    p.add_argument("--plot", metavar="PNG", help="also draw the series to this image file")
    p.set_defaults(func=run_relations)

    p = sub.add_parser("alignment", help="which pole a country leans to, per period, with the events behind it",
                       description="Alignment index of a country between two or more poles (lists of "
                                   "actors and blocs: RUS, EU,USA,NATO, WEST). Formula: docs/relations.md.")
    p.add_argument("country", help="country code, e.g. SRB")
    p.add_argument("--poles", nargs="+", required=True, metavar="POLE",
                   help="two or more poles; each is a comma-separated list of actors and blocs")
    _common(p)
    p.add_argument("--by", choices=PERIODS, default="month", help="period (default: month)")
    p.add_argument("--explain", action="store_true",
                   help="show the events behind each point (table: after the index; other formats: instead)")
    p.add_argument("--sectors", metavar="GOV,MIL,…",
                   help="sectors that speak for the country (default: GOV,MIL,LEG,JUD; the country named as "
                        "itself always counts; 'a Turkish teenager' never does)")
    p.add_argument("--all-sectors", action="store_true",
                   help="count every actor (opposition, rebels, business, 'a Turkish teenager' …)")
    p.add_argument("--plot", metavar="PNG", help="also draw the index to this image file")
    p.set_defaults(func=run_alignment)

    p = sub.add_parser("top-dyads", help="the pairs of actors with the most happenings",
                       description="Pairs of actors (country / organisation level) ranked by happenings.")
    _common(p)
    p.add_argument("--directed", action="store_true", help="source->target pairs instead of unordered pairs")
    p.add_argument("--domestic", action="store_true", help="keep pairs of an actor with itself (SRB-SRB)")
    p.add_argument("--limit", type=int, default=20, help="how many pairs (default: 20; 0 = all)")
    p.add_argument("--factuality", choices=FACTUALITY_CHOICES, default="asserted",
                   help="which happenings the counts cover (default: asserted)")
    p.set_defaults(func=run_top_dyads)


def _common(p) -> None:
    p.add_argument("--db", default="detente.duckdb", help="DuckDB store (default: ./detente.duckdb)")
    p.add_argument("--since", help="only events on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="only events on or before this date (YYYY-MM-DD)")
    p.add_argument("--window-days", type=int, default=DEFAULT_WINDOW_DAYS,
                   help=f"reports of the same act this many days apart are one happening (default: "
                        f"{DEFAULT_WINDOW_DAYS}; 0 = same day)")
    p.add_argument("--format", choices=FRAME_FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of the terminal (required for parquet)")
    p.add_argument("--coder-only", action="store_true",
                   help="the coder's raw output, not the analysts' reviewed reading (docs/review.md)")


def _dates(args) -> dict:
    since, until = check_range(args.since, args.until, ("--since", "--until"))
    return {"since": since, "until": until}


def run_relations(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True, coder_only=args.coder_only) as store:
        df = store.relations(args.a, args.b, by=args.by, directed=args.directed, window_days=args.window_days,
                             factuality=args.factuality, **_dates(args))
    emit(df, args.format, args.out)
    if args.plot:
        from ..relations.plot import plot_relations
        note(f"plot written to {plot_relations(df, args.a.upper(), args.b.upper(), args.by, args.plot)}")
    return 0


def run_alignment(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True, coder_only=args.coder_only) as store:
        behind = store.alignment(args.country, args.poles, by=args.by, window_days=args.window_days,
                                 sectors=args.sectors, all_sectors=args.all_sectors, explain=True,
                                 **_dates(args))
    summary = tidy(summarise(behind, args.poles))
    if args.explain and args.format != "table":
        emit(behind, args.format, args.out)
    else:
        text = render_frame(summary)
        if args.explain:
            text += "\nEvents behind each point (signal = direction × factuality weight × Goldstein / 10; " \
                    "contribution = signal / events sharing its sentence):\n" + render_frame(_explain_view(behind))
        emit(summary, args.format, args.out, text=text)
    if args.plot:
        from ..relations.plot import plot_alignment
        note(f"plot written to {plot_alignment(summary, args.country.upper(), args.by, args.plot)}")
    if summary.empty:
        note(f"no events between {args.country.upper()} and any pole")
    else:
        silent = [p for p, n in summary.groupby("pole", sort=False)["events"].sum().items() if n == 0]
        for pole in silent:
            note(f"pole {pole} matched no events (each item: a country code, an organisation or a bloc)")
        quiet = summary.loc[summary["leaning"] == "no signal", "period"].nunique()
        if quiet:
            note(f"{quiet} period(s) say 'no signal': no happening with the pole the country would lean to")
    return 0


def run_top_dyads(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True, coder_only=args.coder_only) as store:
        df = store.top_dyads(directed=args.directed, domestic=args.domestic, limit=args.limit or None,
                             window_days=args.window_days, factuality=args.factuality, **_dates(args))
    emit(df, args.format, args.out)
    return 0


def _explain_view(s: pd.DataFrame) -> pd.DataFrame:
    """The signals table as a person reads it: who did what to whom, and how it counted."""
    def actor(key, sector):
        return f"{key} {sector}".strip() if isinstance(sector, str) else key
    return pd.DataFrame({
        "period": s["period"], "pole": s["pole"], "date": pd.to_datetime(s["date"]).dt.date,
        "source": [actor(k, x) for k, x in zip(s["source_key"], s["source_sector"])],
        "event": s["event"] + s["mode"].map(lambda m: f"/{m}" if isinstance(m, str) and m else ""),
        "target": [actor(k, x) for k, x in zip(s["target_key"], s["target_sector"])],
        "factuality": s["factuality"], "goldstein": s["goldstein"], "signal": s["signal"],
        "contribution": s["contribution"], "mentions": s["n_mentions"], "sentence": s["sentence"]})


# -- output ----------------------------------------------------------------------------------------
def note(message: str) -> None:
    print(f"detente: {message}", file=sys.stderr)


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
        return ""
    if isinstance(v, pd.Timestamp) and v == v.normalize():  # a day (period_start, first, last)
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float):
        return f"{v:.3f}".rstrip("0").rstrip(".")
    if isinstance(v, (list, tuple)):
        return ";".join(map(str, v))
    text = " ".join(str(v).split())
    return text if len(text) <= WIDE_TEXT else text[:WIDE_TEXT - 1] + "…"


def render_frame(df: pd.DataFrame) -> str:
    """A DataFrame as an aligned text table (numbers right-aligned)."""
    if df is None or df.empty:
        return "(no events)\n"
    cols = list(df.columns)
    rows = [[_cell(v) for v in rec] for rec in df.itertuples(index=False)]
    numeric = [pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) for c in cols]
    widths = [max(len(str(c)), *(len(r[i]) for r in rows)) for i, c in enumerate(cols)]
    def line(values):
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()
    out = [line([str(c) for c in cols]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out) + "\n"


def _jsonable(v):
    if v is None or v is pd.NaT or (isinstance(v, float) and pd.isna(v)):
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10] if getattr(v, "hour", 0) == 0 and getattr(v, "minute", 0) == 0 else v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if hasattr(v, "tolist"):
        return v.tolist()
    return v


def emit(df: pd.DataFrame, fmt: str, out: str | None = None, text: str | None = None) -> None:
    """Print or write a result: table (or the given text), csv, jsonl, or parquet (to --out)."""
    if fmt == "parquet":
        write_parquet(df, out)
        note(f"{len(df)} row(s) written to {out}")
        return
    if fmt == "csv":
        body = df.to_csv(index=False)
    elif fmt == "jsonl":
        body = "".join(json.dumps({k: _jsonable(v) for k, v in rec.items()}, ensure_ascii=False) + "\n"
                       for rec in df.to_dict("records"))
    else:
        body = text if text is not None else render_frame(df)
    if out:
        try:
            with open(out, "w", encoding="utf-8", newline="") as fh:
                fh.write(body)
        except OSError as exc:
            raise QueryError(f"cannot write: {exc.strerror}", path=out) from None
        note(f"{len(df)} row(s) written to {out}")
    else:
        sys.stdout.write(body)
