"""`detente serve`: the dashboard and the read-only JSON API over a store; with --review, analysts
may also confirm, reject, correct and add events (docs/review.md)."""
from __future__ import annotations

import argparse
import logging
import os
import socket
import sys

from ..errors import InputError

MAX_WORKERS = 64
TOKEN_ENV = "DETENTE_REVIEW_TOKEN"


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
    p.add_argument("--review", action="store_true",
                   help="review mode: open the store read-write and let analysts holding the token confirm, reject, "
                        "correct and add events (docs/review.md)")
    p.add_argument("--reviewer", metavar="NAME", help="with --review: the name stored with every review (required)")
    p.add_argument("--token", metavar="T",
                   help=f"with --review: the write token (default: ${TOKEN_ENV}, else a new random one, printed)")
    p.add_argument("--coder-only", action="store_true",
                   help="serve the coder's raw output, not the analysts' reviewed reading")
    p.set_defaults(func=run)


def review_settings(args: argparse.Namespace):
    """The review settings the options ask for, or None without --review."""
    if not args.review:
        if args.reviewer or args.token:
            raise InputError("--reviewer and --token apply only with --review")
        return None
    from ..web.review_api import ReviewSettings
    if not args.reviewer:
        raise InputError("--review needs --reviewer NAME (stored with every review)")
    token = args.token or os.environ.get(TOKEN_ENV)
    if token is not None and len(token) < 16:
        raise InputError("the review token must be at least 16 characters")
    origins = [f"http://{args.host}:{args.port}"]
    if args.host in ("127.0.0.1", "localhost", "0.0.0.0"):
        origins += [f"http://127.0.0.1:{args.port}", f"http://localhost:{args.port}"]
    extra = {"token": token} if token else {}
    return ReviewSettings(reviewer=args.reviewer, origins=tuple(origins), **extra)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..errors import QueryError
    from ..web import create_app

    if not 1 <= args.workers <= MAX_WORKERS:
        raise QueryError(f"--workers {args.workers}: give a number from 1 to {MAX_WORKERS}")
    review = review_settings(args)
    if review is not None and args.workers != 1:
        # every review is a write: one process holds the store read-write
        raise QueryError("--review serves with one process; leave out --workers")
    # also checks the store before forking
    app = create_app(args.db, cors_origins=args.cors_origin, review=review, coder_only=args.coder_only)
    url = f"http://{args.host}:{args.port}/"
    if review is None:
        print(f"detente: serving {args.db} (read-only) at {url} with {args.workers} process(es) — Ctrl+C to stop",
              file=sys.stderr)
    else:
        logging.getLogger("detente.web.review_api").setLevel(logging.INFO)  # every write goes to the log
        print(f"detente: serving {args.db} for review by {review.reviewer} at {url} — Ctrl+C to stop\n"
              f"detente: review token: {review.token}\n"
              f"detente: open {url}#token={review.token} to review in this browser", file=sys.stderr)
    if args.workers == 1:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return 0
    app.state.store.close()  # each worker opens its own
    # Several processes need the app as an import string; each builds its own from the environment.
    os.environ["DETENTE_DB"] = os.path.abspath(args.db)
    os.environ["DETENTE_CORS"] = " ".join(args.cors_origin or [])
    os.environ["DETENTE_CODER_ONLY"] = "1" if args.coder_only else ""
    from uvicorn.supervisors import Multiprocess
    config = uvicorn.Config("detente.web.app:app_from_env", factory=True, workers=args.workers, host=args.host,
                            port=args.port, log_level="warning")
    if hasattr(socket, "SO_REUSEPORT"):
        # Each worker listens on a socket of its own and the kernel spreads new connections over them;
        # on one shared socket the process that woke first took a burst of connections (48–50 of 50
        # opened at once), and its clients queued while the other worker idled (docs/web.md).
        _listener(args.host, args.port, reuse_port=True).close()  # a port in use is an error here, not in N workers
        Multiprocess(config, target=OwnListener(uvicorn.Server(config), args.host, args.port), sockets=[]).run()
    else:
        Multiprocess(config, target=uvicorn.Server(config).run, sockets=[_listener(args.host, args.port)]).run()
    return 0


class OwnListener:
    """A worker's target: opens its own listening socket (SO_REUSEPORT) and serves on it."""

    def __init__(self, server, host: str, port: int):
        self.server, self.host, self.port = server, host, port

    def __call__(self, sockets=None) -> None:
        self.server.run(sockets=[_listener(self.host, self.port, reuse_port=True)])


def _listener(host: str, port: int, reuse_port: bool = False) -> socket.socket:
    """A listening socket made here rather than by uvicorn: uvicorn's is created with protocol 0, so
    asyncio does not set TCP_NODELAY on its connections, and a client that keeps its connection open
    then waits for the delayed ACK (40 ms) on every answer. ``reuse_port``: one of several sockets on
    the port, one per worker process."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock
