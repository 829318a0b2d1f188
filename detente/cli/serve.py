"""`detente serve`: the dashboard and the read-only JSON API over a store."""
from __future__ import annotations

import argparse
import sys


def register(sub) -> None:
    p = sub.add_parser("serve", help="open the dashboard and JSON API over a store",
                       description="Serve the dashboard (network, countries, dyads, events, articles) and a "
                                   "read-only JSON API (reference at /docs) over a DuckDB store.")
    p.add_argument("--db", default="detente.duckdb", help="DuckDB store, opened read-only (default: ./detente.duckdb)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for everyone)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--cors-origin", action="append", metavar="ORIGIN", default=None,
                   help="let pages from this origin call the API (repeatable; CORS is off by default)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..web import create_app

    app = create_app(args.db, cors_origins=args.cors_origin)
    print(f"detente: serving {args.db} (read-only) at http://{args.host}:{args.port}/ — Ctrl+C to stop",
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
