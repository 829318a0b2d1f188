"""`detente serve`: the dashboard and the read-only JSON API over a store."""
from __future__ import annotations

import argparse
import os
import sys

MAX_WORKERS = 64


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
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="serve with N processes, each with its own read-only connection (default: 1)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..errors import QueryError
    from ..web import create_app

    if not 1 <= args.workers <= MAX_WORKERS:
        raise QueryError(f"--workers {args.workers}: give a number from 1 to {MAX_WORKERS}")
    app = create_app(args.db, cors_origins=args.cors_origin)  # also checks the store before forking
    print(f"detente: serving {args.db} (read-only) at http://{args.host}:{args.port}/ with "
          f"{args.workers} process(es) — Ctrl+C to stop", file=sys.stderr)
    if args.workers == 1:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return 0
    app.state.store.close()  # each worker opens its own
    # Several processes need the app as an import string; each builds its own from the environment.
    os.environ["DETENTE_DB"] = os.path.abspath(args.db)
    os.environ["DETENTE_CORS"] = " ".join(args.cors_origin or [])
    uvicorn.run("detente.web.app:app_from_env", factory=True, workers=args.workers, host=args.host,
                port=args.port, log_level="warning")
    return 0
