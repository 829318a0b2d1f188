"""The web app: a read-only JSON API under /api and the dashboard pages, served by one FastAPI app.

The dashboard is hand-written JavaScript and SVG in ``static/`` — no front-end library, nothing to
install or download, nothing fetched from a CDN (the API reference at /docs is a page of our own for
the same reason)."""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import DetenteError, QueryError
from ..store import Store
from .api import ApiError, router
from .review_api import install_review, status_router

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
# Paths of the dashboard's pages; each serves the same shell, and app.js draws the page from the URL.
PAGES = ["/", "/events", "/articles", "/country/{key}", "/dyad/{a}/{b}", "/event/{event_id}",
         "/article/{article_id}", "/docs"]
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


def create_app(db_path: str | Path, cors_origins: list[str] | None = None, review=None,
               coder_only: bool = False) -> FastAPI:
    """The app over one store, opened read-only. CORS is off unless origins are given. ``review``
    (review_api.ReviewSettings) opens it read-write and adds the analysts' write routes;
    ``coder_only`` serves the coder's raw output instead of the reviewed reading."""
    if review is not None and coder_only:
        raise QueryError("review mode shows the reviewed reading; it cannot be coder-only")
    store = Store(db_path, read_only=review is None, coder_only=coder_only)
    # Defence in depth (SECURITY.md): even if SQL text were ever built from a request, it could not
    # read or write files or URLs (read_csv, COPY, ATTACH), nor switch that back on.
    store.con.execute("SET enable_external_access = false")
    store.con.execute("SET lock_configuration = true")

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        store.close()

    app = FastAPI(lifespan=lifespan, title="Détente API", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Read-only access to coded political events: who did what to whom, when, "
                              "and whether it really happened. Every list is paginated; errors are JSON "
                              "`{\"error\": {\"status\", \"message\", …}}`.")
    app.state.store = store
    app.include_router(router)
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

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET"],
                           allow_headers=[])

    shell = (STATIC / "index.html").read_text(encoding="utf-8")

    async def page() -> HTMLResponse:
        return HTMLResponse(shell)

    for path in PAGES:
        app.add_api_route(path, page, methods=["GET"], include_in_schema=False, response_class=HTMLResponse)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
