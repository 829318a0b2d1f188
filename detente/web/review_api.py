"""The write side of `detente serve --review`: analysts confirm, reject, correct or add events.

Only installed in review mode; without it the server has no write route at all. Every write must
(in this order) come from the server's own origin (else 403), carry the token printed at start-up in
the ``X-Detente-Token`` header (else 401), be JSON (else 415) of at most MAX_BODY bytes (else 413,
read no further); refused and accepted writes are logged. The writes go through
store.reviews.ReviewWriter, one committed transaction each: an acknowledged review survives a crash."""
from __future__ import annotations

import hmac
import json
import logging
import secrets
from dataclasses import dataclass, field

from fastapi import APIRouter, Depends, FastAPI, Path, Request

from ..errors import QueryError
from ..store.reviews import ReviewWriter, history, latest_action
from . import queries as Q
from .api import ID_PATTERN, ApiError, _cursor_lock, connection
from .present import event_record

log = logging.getLogger(__name__)
MAX_BODY = 4096  # bytes: a review is a few short fields
TOKEN_HEADER = "X-Detente-Token"


@dataclass(frozen=True)
class ReviewSettings:
    reviewer: str
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    # Origins allowed to write (e.g. "http://127.0.0.1:8000"); empty: the origin the request was sent to.
    origins: tuple[str, ...] = ()


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _refuse(request: Request, status: int, message: str):
    log.warning("review write refused (%d %s): %s %s from %s", status, message, request.method, request.url.path,
                _client(request))
    raise ApiError(status, message)


async def guarded_body(request: Request) -> dict:
    """The JSON body of a write that passed the origin, token and size checks (see the module doc)."""
    settings: ReviewSettings = request.app.state.review
    origin = request.headers.get("origin")
    own = {f"{request.url.scheme}://{request.headers.get('host', '')}"} | set(settings.origins)
    if (origin is not None and origin not in own) or request.headers.get("sec-fetch-site") in ("cross-site",
                                                                                              "same-site"):
        _refuse(request, 403, "writes are accepted only from this server's own pages")
    token = request.headers.get(TOKEN_HEADER.lower(), "")
    if not hmac.compare_digest(token.encode(), settings.token.encode()):
        _refuse(request, 401, f"a review needs the token printed when the server started ({TOKEN_HEADER} header)")
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        _refuse(request, 415, "a review is sent as application/json")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        _refuse(request, 413, f"a review is at most {MAX_BODY} bytes")
    body = b""
    async for chunk in request.stream():  # a chunked body is counted as it comes
        body += chunk
        if len(body) > MAX_BODY:
            _refuse(request, 413, f"a review is at most {MAX_BODY} bytes")
    try:
        data = json.loads(body or b"null")
    except ValueError:
        raise ApiError(422, "the body is not JSON") from None
    if not isinstance(data, dict):
        raise ApiError(422, "the body must be a JSON object")
    return data


def _text(data: dict, key: str, limit: int = 500) -> str | None:
    value = data.get(key)
    if value is not None and (not isinstance(value, str) or len(value) > limit):
        raise ApiError(422, f"{key} must be text of at most {limit} characters", key)
    return value


def _event_now(con, event_id: str) -> dict | None:
    row = Q.get_event(con, event_id)
    if row is None:
        return None
    text = Q.article_texts(con, [row["article_id"]]).get(row["article_id"])
    return event_record(row, text)


def _answer(con, row: dict) -> dict:
    review = {k: row[k] for k in ("id", "event_id", "article_id", "action", "reviewer", "reviewed_at",
                                  "coder_version")}
    return {"review": review, "event": _event_now(con, row["event_id"])}


# Always served (read-only too), so the dashboard can ask without a 404 in the browser's console.
status_router = APIRouter(prefix="/api/review", tags=["review"])
router = APIRouter(prefix="/api/review", tags=["review"])


@status_router.get("", summary="Whether this server takes reviews, and who reviews (never the token)")
def status(request: Request):
    review = getattr(request.app.state, "review", None)
    return {"enabled": review is not None, "reviewer": review.reviewer if review else None,
            "token_header": TOKEN_HEADER, "max_body": MAX_BODY}


@router.get("/events/{event_id}", summary="The reviews of one event, oldest first")
def event_reviews(event_id: str = Path(pattern=ID_PATTERN), con=Depends(connection)):
    return {"event_id": event_id, "latest": latest_action(con, event_id), "items": history(con, event_id)}


@router.post("/events/{event_id}", summary="Confirm, reject or correct an event (token needed)")
def review_event(request: Request, event_id: str = Path(pattern=ID_PATTERN), data: dict = Depends(guarded_body),
                 con=Depends(connection)):
    action = _text(data, "action", 20)
    changes = data.get("changes") or {}
    if not isinstance(changes, dict):
        raise ApiError(422, "changes must be an object", "changes")
    writer: ReviewWriter = request.app.state.review_writer
    try:
        row = writer.review(event_id, action or "", changes, note=_text(data, "note"))
    except QueryError as exc:
        raise ApiError(404 if str(exc.detail).startswith("no event") else 422, exc.detail) from None
    log.info("review %s by %s from %s: %s %s", row["id"], row["reviewer"], _client(request), action, event_id)
    return _answer(con, row)


@router.post("/articles/{article_id}/events", summary="Add an event the coder missed (token needed)")
def add_event(request: Request, article_id: str = Path(pattern=ID_PATTERN), data: dict = Depends(guarded_body),
              con=Depends(connection)):
    start, end = data.get("trigger_start"), data.get("trigger_end")
    if not (isinstance(start, int) and isinstance(end, int)):
        raise ApiError(422, "trigger_start and trigger_end must be whole numbers (offsets in the article)",
                       "trigger_start")
    fields = {k: data[k] for k in ("event", "mode", "factuality", "source", "target") if data.get(k) is not None}
    said = _text(data, "trigger_text", 200)
    writer: ReviewWriter = request.app.state.review_writer
    text = Q.article_texts(con, [article_id]).get(article_id)
    if text is not None and said is not None and " ".join(text[start:end].split()) != " ".join(said.split()):
        raise ApiError(422, f"the article has {text[start:end]!r} at {start}..{end}, not {said!r}", "trigger_text")
    try:
        row = writer.add(article_id, start, end, fields, note=_text(data, "note"))
    except QueryError as exc:
        raise ApiError(404 if str(exc.detail).startswith("no article") else 422, exc.detail) from None
    log.info("review %s by %s from %s: add %s in %s", row["id"], row["reviewer"], _client(request),
                row["event_id"], article_id)
    return _answer(con, row)


def install_review(app: FastAPI, store, settings: ReviewSettings) -> None:
    """Turn review mode on for an app over a store opened read-write."""
    app.state.review = settings
    app.description += (" **Review mode** (docs/review.md): events read as analysts reviewed them "
                        "(`reviewed`), and `POST /api/review/…` takes reviews with the start-up token.")
    app.state.review_writer = ReviewWriter(store.con, settings.reviewer, lock=_cursor_lock)
    app.include_router(router)
