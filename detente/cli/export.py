"""`detente export --format plover-jsonl|gdelt|parquet|csv`: stored happenings in formats other
tools read (docs/export.md)."""
from __future__ import annotations

import argparse
import sys

from ..export import DEFAULT_FACTUALITY, EXPORT_FACTUALITY, FORMATS, write
from ..relations import DEFAULT_WINDOW_DAYS
from ..relations.api import LEVELS
from ..relations.api import Store
from ..store.filters import check_range
from .review import coder_only_option


def register(sub) -> None:
    p = sub.add_parser("export", help="export happenings as PLOVER JSONL, GDELT 2.0 TSV (events or mentions), "
                                      "Parquet or CSV",
                       description="Export stored events, one record per happening (reports of the same act "
                                   "merged), as PLOVER JSON records, GDELT 2.0 event-table TSV (61 columns), "
                                   "the GDELT mentions table (gdelt-mentions), Parquet or CSV.")
    p.add_argument("--format", choices=FORMATS, required=True, help="output format")
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output; required for parquet)")
    p.add_argument("--db", default="detente.duckdb", help="DuckDB store (default: ./detente.duckdb)")
    p.add_argument("--actor", help="only events with this actor as source or target (SRB, NATO, SRBGOV)")
    p.add_argument("--source", help="only reports from this outlet (Reuters; bbc for bbc.co.uk); counts are its own")
    p.add_argument("--since", help="only events on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="only events on or before this date (YYYY-MM-DD)")
    p.add_argument("--factuality", choices=EXPORT_FACTUALITY,
                   help="which happenings: view = asserted ones plus planned or declined acts PLOVER can state "
                        "(default for plover-jsonl and gdelt), all (default for csv and parquet), or one value")
    p.add_argument("--window-days", type=int, default=DEFAULT_WINDOW_DAYS,
                   help=f"reports of the same act this many days apart are one happening (default: "
                        f"{DEFAULT_WINDOW_DAYS})")
    p.add_argument("--level", choices=LEVELS, default="happenings",
                   help="csv/parquet: one row per happening (default) or per mention, with its happening id")
    coder_only_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    since, until = check_range(args.since, args.until, ("--since", "--until"))
    with Store(args.db, read_only=True, coder_only=args.coder_only) as store:
        # the GDELT mentions table is a line per mention, joined to the gdelt events by GLOBALEVENTID
        level = "mentions" if args.format == "gdelt-mentions" else args.level
        frame = store.dedup(window_days=args.window_days, level=level, actor=args.actor, since=since,
                            until=until, source=args.source)
    factuality = args.factuality or DEFAULT_FACTUALITY[args.format]
    summary = write(frame, args.format, out=args.out, stream=sys.stdout, factuality=factuality, level=level)
    print(f"detente: {summary.line(args.format, factuality)}", file=sys.stderr)
    return 0
