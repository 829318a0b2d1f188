"""`detente events`: list stored events with filters."""
from __future__ import annotations

import argparse

from ..store import Store
from ..store.filters import check_date
from ..store.store import row_to_record
from .output import FORMATS, print_events
from .review import coder_only_option


def register(sub) -> None:
    p = sub.add_parser("events", help="list stored events", description="List events stored in a DuckDB store. "
                       "A filter that names nothing Détente knows (--actor Russia, --event SANCTONS) is an error "
                       "that says what was expected.")
    p.add_argument("--db", default="detente.duckdb", help="DuckDB store (default: ./detente.duckdb)")
    p.add_argument("--actor", help="country code (SRB), organisation (NATO) or CAMEO actor code (SRBGOV)")
    p.add_argument("--event", help="PLOVER event type, e.g. SANCTION")
    p.add_argument("--since", help="only events on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="only events on or before this date (YYYY-MM-DD)")
    p.add_argument("--source", help="only events from articles of this outlet (Reuters; bbc for bbc.co.uk)")
    p.add_argument("--factuality", choices=["asserted", "negated", "future", "hypothetical"])
    p.add_argument("--limit", type=int, help="print at most N events (1 or more)")
    p.add_argument("--format", choices=FORMATS, default="table")
    coder_only_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    since, until = check_date(args.since, "--since"), check_date(args.until, "--until")
    with Store(args.db, read_only=True, coder_only=args.coder_only) as store:
        df = store.query_events(actor=args.actor, event=args.event, since=since, until=until,
                                factuality=args.factuality, limit=args.limit, source=args.source)
    print_events((row_to_record(r) for r in df.to_dict("records")), args.format)
    return 0
