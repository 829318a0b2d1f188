"""Answers of the read-only API, kept until the store changes.

The server opens the store read-only, so the answer to the same request stays the same as long as the
file does. ``CachedAnswers`` sits in front of the app: a GET under /api whose answer was a 200 is kept
(status, headers and body, as sent) under its normalised request — the path and the query
parameters in a fixed order — and the next identical request is answered from memory before any
route, validation or DuckDB query runs. Every answer is dropped whenever the store file's size or
modification time differs from what it was when the answers were computed — a store recoded and
served again never shows stale numbers. Errors, downloads (/api/export) and review routes are never
kept. Each worker process has its own cache, bounded in entries and in bytes."""
from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qsl

log = logging.getLogger(__name__)
# Not kept: files made for one download, and everything of review mode (the answers change with each write).
UNCACHED_PREFIXES = ("/api/export", "/api/review")
MAX_ANSWER_BYTES = 2_000_000


class AnswerCache:
    """A bounded least-recently-used map of request → answer, valid for one state of the store file.
    ``max_entries`` 0 keeps nothing (review mode)."""

    def __init__(self, store_path: str | Path, max_entries: int = 2048, max_bytes: int = 64_000_000):
        self.path = Path(store_path)
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._answers: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._stamp = self._store_stamp()
        self._lock = threading.Lock()
        self._making = threading.Lock()
        self.hits = self.misses = 0

    def _store_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    def lookup(self, key: tuple):
        """The answer kept under ``key`` for the store as it is now, or None (counted as a miss)."""
        stamp = self._store_stamp()
        with self._lock:
            self._same_store(stamp)
            found = self._answers.get(key)
            if found is None:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return found[0]

    def clear(self) -> None:
        """Drops every answer (they are made again on demand)."""
        with self._lock:
            self._answers.clear()
            self._bytes = 0

    def _same_store(self, stamp) -> None:
        """Drops every answer if the store file is not as it was (call with the lock held)."""
        if stamp != self._stamp:
            log.info("store %s changed: %d cached answers dropped", self.path, len(self._answers))
            self._answers.clear()
            self._bytes = 0
            self._stamp = stamp

    def lookup_many(self, keys) -> dict:
        """{key: answer} of the keys kept for the store as it is now (one look at the file for all);
        the others are counted as misses."""
        stamp = self._store_stamp()
        with self._lock:
            self._same_store(stamp)
            found = {k: v[0] for k in keys if (v := self._answers.get(k)) is not None}
            for k in found:
                self._answers.move_to_end(k)
            self.hits += len(found)
            self.misses += len(keys) - len(found)
            return found

    def put(self, key: tuple, answer, size: int) -> None:
        if self.max_entries <= 0 or size > self.max_bytes:
            return
        with self._lock:
            old = self._answers.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._answers[key] = (answer, size)
            self._bytes += size
            while len(self._answers) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._answers.popitem(last=False)
                self._bytes -= dropped

    def made_once(self, key: tuple, make: Callable[[], object], size: Callable[[object], int]):
        """What ``make()`` returned, made on first use after each change of the store: one thread makes
        it, the others wait for it. None when this cache keeps nothing (review mode)."""
        if self.max_entries <= 0:
            return None
        kept = self.lookup(key)
        if kept is None:
            with self._making:
                kept = self.lookup(key)
                if kept is None:
                    kept = make()
                    self.put(key, kept, size(kept))
        return kept

    def get(self, key: tuple, compute: Callable[[], bytes]):
        """The cached answer for ``key``, or ``compute()`` stored under it. Errors are not cached."""
        answer = self.lookup(key)
        if answer is None:
            # Computed outside the lock: two first callers may both compute; both get the same answer.
            answer = compute()
            self.put(key, answer, len(answer))
        return answer


def query_key(path: str, query_string: bytes) -> tuple:
    """The path and the query parameters in a fixed order: the same question, whatever the order of
    its parameters or how they are escaped. A repeated parameter keeps the order of its values (the
    last one counts)."""
    items = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return path, tuple(sorted(items, key=lambda kv: kv[0]))


class CachedAnswers:
    """ASGI middleware: answers a GET under /api from ``cache`` when the same request was answered
    200 before for the same store state; otherwise lets the app answer and keeps a 200 answer.
    With ``vary_origin`` (CORS on) the request's Origin is part of the key, since the answer's
    CORS headers depend on it."""

    def __init__(self, app, cache: AnswerCache, vary_origin: bool = False):
        self.app, self.cache, self.vary_origin = app, cache, vary_origin
        self._computing: dict[tuple, asyncio.Event] = {}

    def __getattr__(self, name):  # app.state, app.routes … stay reachable through the wrapper
        return getattr(self.app, name)

    def _key(self, scope) -> tuple | None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope["method"] != "GET" or not path.startswith("/api/")
                or path.startswith(UNCACHED_PREFIXES) or self.cache.max_entries <= 0):
            return None
        key = query_key(path, scope.get("query_string", b""))
        if self.vary_origin:
            origin = next((v for k, v in scope.get("headers", ()) if k == b"origin"), b"")
            key += (origin,)
        return key

    async def __call__(self, scope, receive, send):
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        kept = self.cache.lookup(key)
        # One computation per question: who asks while it is being answered waits for that answer
        # (fifty clients opening the same page at once would otherwise compute it fifty times).
        while kept is None and key in self._computing:
            await self._computing[key].wait()
            kept = self.cache.lookup(key)
            if kept is None:  # that answer was an error, or too big to keep: compute it here
                break
        if kept is not None:
            start, body = kept
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        done = self._computing.setdefault(key, asyncio.Event())
        try:
            await self._answer(key, scope, receive, send)
        finally:
            if self._computing.get(key) is done:
                del self._computing[key]
            done.set()

    async def _answer(self, key, scope, receive, send):
        sent: dict = {"start": None, "body": [], "size": 0, "whole": True}

        async def keep(message):
            if message["type"] == "http.response.start":
                sent["start"] = message
            elif message["type"] == "http.response.body" and sent["whole"]:
                sent["body"].append(message.get("body", b""))
                sent["size"] += len(message.get("body", b""))
                if sent["size"] > MAX_ANSWER_BYTES:
                    sent["whole"], sent["body"] = False, []
            await send(message)

        await self.app(scope, receive, keep)
        start = sent["start"]
        if start is not None and start.get("status") == 200 and sent["whole"] and not any(
                k == b"set-cookie" for k, _ in start.get("headers", ())):
            body = b"".join(sent["body"])
            self.cache.put(key, ({"type": "http.response.start", "status": 200,
                                  "headers": list(start.get("headers", ()))}, body), len(body) + 512)
