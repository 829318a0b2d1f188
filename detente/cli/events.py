"""`detente events`: list stored events with filters."""
from __future__ import annotations

import argparse

from ..ingest import parse_date
from ..store import Store
from ..store.store import row_to_record
from .output import FORMATS, print_events


def register(sub) -> None:
    p = sub.add_parser("events", help="list stored events", description="List events stored in a DuckDB store.")
    p.add_argument("--db", default="detente.duckdb", help="DuckDB store (default: ./detente.duckdb)")
    p.add_argument("--actor", help="country code (SRB), organisation (NATO) or CAMEO actor code (SRBGOV)")
    p.add_argument("--event", help="PLOVER event type, e.g. SANCTION")
    p.add_argument("--since", help="only events on or after this date (YYYY-MM-DD)")
    p.add_argument("--source", help="only events from articles of this outlet (Reuters; bbc for bbc.co.uk)")
    p.add_argument("--factuality", choices=["asserted", "negated", "future", "hypothetical"])
    p.add_argument("--limit", type=int, help="print at most N events")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    since = parse_date(args.since, path="--since") if args.since else None
    with Store(args.db, read_only=True) as store:
        df = store.query_events(actor=args.actor, event=args.event, since=since, factuality=args.factuality,
                                limit=args.limit, source=args.source)
    print_events((row_to_record(r) for r in df.to_dict("records")), args.format)
    return 0
