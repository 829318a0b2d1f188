"""Answers of the heavy endpoints (dyad time lines, alignment, network, an actor's series), kept
until the store changes.

The server opens the store read-only, so the answer to the same request stays the same as long as the
file does. The cache is keyed by the request (path and sorted query) and emptied whenever the store
file's size or modification time differs from what it was when the answers were computed — a store
recoded and served again never shows stale numbers. Each worker process has its own cache."""
from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)


class AnswerCache:
    """A bounded least-recently-used map of request → answer, valid for one state of the store file."""

    def __init__(self, store_path: str | Path, max_entries: int = 512):
        self.path = Path(store_path)
        self.max_entries = max_entries
        self._answers: OrderedDict[tuple, object] = OrderedDict()
        self._stamp = self._store_stamp()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _store_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    def get(self, key: tuple, compute: Callable[[], object]):
        """The cached answer for ``key``, or ``compute()`` stored under it. Errors are not cached."""
        stamp = self._store_stamp()
        with self._lock:
            if stamp != self._stamp:
                log.info("store %s changed: %d cached answers dropped", self.path, len(self._answers))
                self._answers.clear()
                self._stamp = stamp
            if key in self._answers:
                self._answers.move_to_end(key)
                self.hits += 1
                return self._answers[key]
            self.misses += 1
        # Computed outside the lock: two first callers may both compute; both get the same answer.
        answer = compute()
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self.max_entries:
                self._answers.popitem(last=False)
        return answer


def request_key(request) -> tuple:
    """The path and the query parameters in a fixed order: the same question, whatever the order."""
    return request.url.path, tuple(sorted(request.query_params.multi_items()))
