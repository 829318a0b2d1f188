"""The web app: a read-only JSON API under /api and the dashboard pages, served by one FastAPI app.

The dashboard is JavaScript and SVG in ``static/``; the network, the map and the time-line charts
use libraries pinned in web/package-lock.json and committed under ``static/vendor`` (cytoscape.js,
d3-geo, d3-scale/-axis/-shape/-selection, d3-scale-chromatic, d3-zoom, world-atlas; see docs/web.md) — nothing is fetched from a CDN at run time (the API reference at /docs is a page of our
own for the same reason)."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import DetenteError, QueryError
from ..relations.api import Store
from .api import ApiError, CursorPool, make_all_records, router
from .cache import AnswerCache, CachedAnswers
from .happenings import store_happenings
from .snapshot import store_snapshot
from .downloads import router as download_router
from .map_api import router as map_router
from .review_api import install_review, status_router

log = logging.getLogger(__name__)
# Requests computed at once per process (anyio's default is 40). Python runs one thread at a time: forty
# threads computing answers share the interpreter lock, and a request that needs it a few times (between
# DuckDB calls) waits behind all of them each time — under 50 clients even a cheap answer then took
# over a second now and then. With a few, the others wait in order (docs/web.md, "Fifty users at once").
REQUEST_THREADS = 4
STATIC = Path(__file__).parent / "static"
# Paths of the dashboard's pages; each serves the same shell, and app.js draws the page from the URL.
PAGES = ["/", "/events", "/articles", "/country/{key}", "/dyad/{a}/{b}", "/event/{event_id}",
         "/article/{article_id}", "/docs", "/map"]
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "frame-ancestors 'none'",
}


def _error(status: int, message: str, **extra) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message, **extra}}, status_code=status)


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict]]:
    details = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        details.append({"param": ".".join(loc), "message": err.get("msg", "invalid")})
    first = details[0] if details else {"param": "", "message": "invalid request"}
    return f"{first['param']}: {first['message']}" if first["param"] else first["message"], details


def create_app(db_path: str | Path, cors_origins: list[str] | None = None, review=None, coder_only: bool = False):
    """The app over one store, opened read-only. CORS is off unless origins are given. ``review``
    (review_api.ReviewSettings) opens it read-write and adds the analysts' write routes;
    ``coder_only`` serves the coder's raw output instead of the reviewed reading. Returned as an
    ASGI app that answers HEAD and refuses control characters in paths around the FastAPI app (whose
    ``state``, ``routes`` … stay reachable as attributes)."""
    if review is not None and coder_only:
        raise QueryError("review mode shows the reviewed reading; it cannot be coder-only")
    store = Store(db_path, read_only=review is None, coder_only=coder_only)
    # Defence in depth (SECURITY.md): even if SQL text were ever built from a request, it could not
    # read or write files or URLs (read_csv, COPY, ATTACH), nor switch that back on.
    # (A second app over the same file in one process shares DuckDB's instance, already locked.)
    if store.con.execute("SELECT current_setting('lock_configuration')").fetchone()[0] is not True:
        if review is None:
            # One DuckDB thread per query: requests run side by side, and splitting their small queries
            # over the cores as well cost a third more CPU per answer (docs/web.md, "Fifty users at once").
            store.con.execute("SET threads = 1")
        store.con.execute("SET enable_external_access = false")
        store.con.execute("SET lock_configuration = true")

    cursors = CursorPool(store) if review is None else None

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        # Few request threads per process, the others wait their turn in order (see REQUEST_THREADS).
        anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        if cursors is not None:  # the store-wide tables, made before the first question waits for them
            taken = [cursors.take() for _ in range(REQUEST_THREADS)]  # each request thread's, views defined
            cur = taken[0]
            try:
                await asyncio.to_thread(store_snapshot, cur, app.state.snapshot)
                await asyncio.to_thread(store_happenings, cur, app.state.happenings)
                await asyncio.to_thread(make_all_records, app, cur)
            finally:
                for cur in taken:
                    cursors.give(cur)
        yield
        if cursors is not None:
            cursors.close()
        store.close()

    app = FastAPI(lifespan=lifespan, title="Détente API", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Read-only access to coded political events: who did what to whom, when, "
                              "and whether it really happened. Every list is paginated; errors are JSON "
                              "`{\"error\": {\"status\", \"message\", …}}`.")
    app.state.store = store
    app.state.cursors = cursors
    # in review mode every write changes the answers (and may sit in DuckDB's log, not the file the cache
    # watches): nothing is kept
    app.state.cache = AnswerCache(db_path, max_entries=0 if review is not None else 2048)
    # the events' records, made once per store state (an events page mostly shows events other pages
    # showed); none kept in review mode
    app.state.records = AnswerCache(db_path, max_entries=0 if review is not None else 20_000)
    # the happenings a dyad time line or an alignment merged (series.happenings), per filter
    app.state.frames = AnswerCache(db_path, max_entries=0 if review is not None else 256)
    # the happenings of the whole store, merged once per store state (web/happenings.py)
    app.state.happenings = AnswerCache(db_path, max_entries=0 if review is not None else 1, max_bytes=2**40)
    # the events' filter columns as arrays, read once per store state (web/snapshot.py)
    app.state.snapshot = AnswerCache(db_path, max_entries=0 if review is not None else 1, max_bytes=2**40)
    app.include_router(router)
    app.include_router(map_router)
    app.include_router(download_router)
    app.include_router(status_router)
    if review is not None:
        install_review(app, store, review)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return _error(exc.status, exc.message, **({"param": exc.param} if exc.param else {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        message, details = _validation_message(exc)
        return _error(422, message, details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        message = "not found" if exc.status_code == 404 else str(exc.detail)
        return _error(exc.status_code, message)

    @app.exception_handler(QueryError)
    async def _query(request: Request, exc: QueryError):  # e.g. not an actor: the client's to fix, not a 500
        return _error(422, exc.detail)

    @app.exception_handler(DetenteError)
    async def _detente(request: Request, exc: DetenteError):
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return _error(500, str(exc))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("%s %s failed", request.method, request.url.path)
        return _error(500, "internal error; see the server log")

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET"],
                           allow_headers=[])

    shell = (STATIC / "index.html").read_text(encoding="utf-8")

    async def page() -> HTMLResponse:
        return HTMLResponse(shell)

    for path in PAGES:
        app.add_api_route(path, page, methods=["GET"], include_in_schema=False, response_class=HTMLResponse)
    app.mount("/static", SafeStaticFiles(directory=STATIC), name="static")
    return HeadAsGet(RejectBadPaths(CachedAnswers(SecurityHeaders(app), app.state.cache,
                                                  vary_origin=bool(cors_origins))))


_SECURITY = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every answer that does not set them itself (a plain ASGI wrapper:
    FastAPI's ``@app.middleware("http")`` costs about a millisecond per request)."""

    def __init__(self, app):
        self.app = app

    def __getattr__(self, name):
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message):
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", ())}
                missing = [(k, v) for k, v in _SECURITY if k not in have]
                if missing:
                    message = {**message, "headers": [*message.get("headers", ()), *missing]}
            await send(message)
        await self.app(scope, receive, with_headers)


class SafeStaticFiles(StaticFiles):
    """Static files where a name the file system cannot take (a NUL byte, too long) is not found,
    not a crash."""

    def lookup_path(self, path: str):
        try:
            return super().lookup_path(path)
        except (ValueError, OSError):
            return "", None


class RejectBadPaths:
    """Answers 404 to a path holding a NUL or other control character before any route sees it: such
    a path names nothing here, and file-system calls raise on it (a 500 that closed the connection)."""

    def __init__(self, app):
        self.app = app

    def __getattr__(self, name):  # app.state, app.routes … stay reachable through the wrapper
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and any(ord(c) < 32 or ord(c) == 127 for c in scope.get("path", "")):
            await _error(404, "not found")(scope, receive, send)
            return
        await self.app(scope, receive, send)


class HeadAsGet:
    """HEAD works wherever GET does: the request is routed as GET and the body is left out (the
    headers, Content-Length included, are those of the GET answer)."""

    def __init__(self, app):
        self.app = app

    def __getattr__(self, name):
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message):
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)
        await self.app({**scope, "method": "GET"}, receive, headers_only)


def app_from_env():
    """The app for `detente serve --workers N`: each worker process builds its own from the
    environment (DETENTE_DB, DETENTE_CORS as a space-separated list of origins, DETENTE_CODER_ONLY)."""
    origins = os.environ.get("DETENTE_CORS", "").split()
    return create_app(os.environ["DETENTE_DB"], cors_origins=origins or None,
                      coder_only=bool(os.environ.get("DETENTE_CODER_ONLY")))
