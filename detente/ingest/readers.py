"""Readers for .txt, .jsonl and directories of these. Each reader yields Article or InputError."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path
from typing import Iterable, Iterator, Union

from dateutil import parser as dateparser

from ..config import settings
from ..errors import DateError, InputError
from ..model import Article

log = logging.getLogger(__name__)
Item = Union[Article, InputError]

SUFFIXES = {".txt", ".jsonl"}


def parse_date(value: object, *, path: str | None = None, line: int | None = None) -> dt.date:
    """Parse a date given as text (ISO or common formats). Raises DateError with file and line."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    shown = repr(value)[:60]  # one short line in the message, whatever was given
    if not isinstance(value, str) or not value.strip():
        raise DateError(f"missing or empty date {shown}", path=path, line=line)
    if len(value) > 100:
        raise DateError(f"unparseable date {shown}… ({len(value)} characters)", path=path, line=line)
    try:
        # Parsed with two default years: a date without a year ("March 5", "Tuesday") differs
        # between them, and must be an error rather than silently become some year's date.
        d = dateparser.parse(value.strip(), default=dt.datetime(2000, 1, 1)).date()
        if dateparser.parse(value.strip(), default=dt.datetime(2004, 1, 1)).year != d.year:
            raise DateError(f"date has no year {shown}", path=path, line=line)
    except (ValueError, OverflowError, TypeError):
        raise DateError(f"unparseable date {shown}", path=path, line=line) from None
    if not (1800 <= d.year <= 2200):
        raise DateError(f"date out of range {shown}", path=path, line=line)
    return d


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > settings.max_record_bytes:  # refused unread: memory stays bounded
            raise InputError(f"file too large ({size:,} bytes; limit {settings.max_record_bytes:,})",
                             path=str(path))
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=str(path)) from None
    if not raw.strip():
        raise InputError("empty file", path=str(path))
    if b"\x00" in raw[:8192]:
        raise InputError("binary file (contains NUL bytes), not text", path=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8 at byte {exc.start}", path=str(path)) from None
    return text


def read_txt(path: Path, date: dt.date | None = None) -> Iterator[Item]:
    try:
        text = _read_text(path)
    except InputError as exc:
        yield exc
        return
    if date is not None:
        origin = "--date"
    else:
        date = dt.date.fromtimestamp(path.stat().st_mtime)
        origin = "file mtime"
    yield Article.make(text.strip(), date, path=str(path), title=path.stem, date_origin=origin,
                       external_id=path.stem)


def _bounded_lines(fh, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line of a binary file; None for a line longer than ``limit``,
    which is skipped without ever being held in memory whole."""
    lineno = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = fh.readline(1 << 20)
            yield lineno, None
        else:
            yield lineno, raw


def read_jsonl(path: Path, date: dt.date | None = None) -> Iterator[Item]:
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(f"cannot read file ({exc.strerror})", path=str(path))
        return
    seen_any = False
    with fh:
        for lineno, raw in _bounded_lines(fh, settings.max_record_bytes):
            if raw is None:
                seen_any = True
                yield InputError(f"line too long (over {settings.max_record_bytes:,} bytes); skipped unread",
                                 path=str(path), line=lineno)
                continue
            if not raw.strip():
                continue
            seen_any = True
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(f"invalid UTF-8 at byte {exc.start}", path=str(path), line=lineno)
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(f"not valid JSON ({exc.msg})", path=str(path), line=lineno)
                continue
            except (ValueError, RecursionError) as exc:  # a 5000-digit number; nesting 100,000 deep
                yield InputError(f"not valid JSON ({type(exc).__name__}: {str(exc)[:60]})",
                                 path=str(path), line=lineno)
                continue
            if not isinstance(rec, dict):
                yield InputError("record is not a JSON object", path=str(path), line=lineno)
                continue
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                yield InputError("record has no 'text'", path=str(path), line=lineno)
                continue
            try:
                if rec.get("date") not in (None, ""):
                    d, origin = parse_date(rec["date"], path=str(path), line=lineno), "metadata"
                elif date is not None:
                    d, origin = date, "--date"
                else:
                    raise DateError("record has no 'date' and no --date was given",
                                    path=str(path), line=lineno)
            except DateError as exc:
                yield exc
                continue
            yield Article.make(text.strip(), d, title=str(rec.get("title") or ""),
                               url=str(rec.get("url") or ""), source=str(rec.get("source") or ""),
                               path=f"{path}:{lineno}", date_origin=origin,
                               external_id=str(rec.get("id") or ""))
    if not seen_any:
        yield InputError("empty file", path=str(path))


READERS = {".txt": read_txt, ".jsonl": read_jsonl}


def _expand(paths: Iterable[str]) -> Iterator[Path | InputError]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in READERS)
            if not files:
                yield InputError("directory holds no readable articles (.txt, .jsonl)", path=p)
            yield from files
        elif path.exists():
            yield path
        else:
            yield InputError("no such file or directory", path=p)


def iter_sources(paths: Iterable[str], date: dt.date | None = None) -> Iterator[Item]:
    """Yield Articles (and InputErrors) from files and directories, lazily."""
    for path in _expand(paths):
        if isinstance(path, InputError):
            yield path
            continue
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            yield InputError(f"unsupported file type {path.suffix or '(none)'!r}", path=str(path))
            continue
        log.debug("reading %s", path)
        yield from reader(path, date)
