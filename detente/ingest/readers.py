"""Readers for .txt and .jsonl (gzip'd or not), and the walk over files, directories, globs and
URLs that dispatches to every reader (html.py, feeds.py, tables.py). Each reader yields Article or
InputError, lazily: one bad record never stops the good ones beside it."""
from __future__ import annotations

import datetime as dt
import glob
import json
import logging
import os
import zlib
from pathlib import Path
from typing import Iterable, Iterator

from ..config import settings
from ..errors import DateError, InputError, NotAnArticle
from ..model import Article
from .common import (Item, ReadOptions, _mtime, _options, _read_text, date_for, logical_suffix,  # noqa: F401
                     open_binary, outlet, parse_date, read_bytes, url_outlet)
from .feeds import count_entries, read_feed, read_feed_url
from .html import read_html
from .tables import count_rows, read_csv

log = logging.getLogger(__name__)


def read_txt(path: Path, options: ReadOptions | dt.date | None = None) -> Iterator[Item]:
    options = _options(options)
    try:
        text = _read_text(path)
    except InputError as exc:
        yield exc
        return
    text, title = text.strip(), _stem(path)
    if logical_suffix(path) == ".md":
        text, title = markdown_text(text, title)
        if not text:
            yield InputError("empty article (a heading only)", path=str(path))
            return
    d, origin, agency, place = date_for(text, None, options, path=str(path), fallback=_mtime(path))
    yield Article.make(text, d, path=str(path), title=title, date_origin=origin, source=agency,
                       external_id=_stem(path), dateline=place)


def markdown_text(text: str, title: str) -> tuple[str, str]:
    """A plain .md article: its first '# ' heading is the title, not a sentence of the text; the
    heading marks of later headings are dropped. Everything else is read as written."""
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        title, lines = lines[0][2:].strip() or title, lines[1:]
    body = [ln.lstrip("#").strip() if ln.startswith("#") else ln for ln in lines]
    return "\n".join(body).strip(), title


def _stem(path: Path) -> str:
    name = path.name
    return name[: -len("".join(path.suffixes[-2:]))] if path.suffix.lower() == ".gz" and len(path.suffixes) > 1 \
        else path.stem


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


def read_jsonl(path: Path, options: ReadOptions | dt.date | None = None) -> Iterator[Item]:
    options = _options(options)
    try:
        fh = open_binary(path)
    except OSError as exc:
        yield InputError(f"cannot read file ({exc.strerror})", path=str(path))
        return
    seen_any = False
    with fh:
        for lineno, raw in _lines(fh, path):
            if isinstance(raw, InputError):
                seen_any = True
                yield raw
                continue
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
                d, origin, agency, place = date_for(text, rec.get("date"), options, path=str(path), line=lineno)
            except DateError as exc:
                if "no date" in exc.detail:
                    exc = DateError("record has no 'date' and no --date was given", path=str(path), line=lineno)
                yield exc
                continue
            url = str(rec.get("url") or "")
            yield Article.make(text.strip(), d, title=str(rec.get("title") or ""),
                               url=url, source=outlet(str(rec.get(options.source_col) or ""), url, agency),
                               path=f"{path}:{lineno}", date_origin=origin,
                               external_id=_record_id(rec, options.id_col), dateline=place)
    if not seen_any:
        yield InputError("empty file", path=str(path))


def _record_id(rec: dict, id_col: str) -> str:
    """The user's id of a JSONL record (0 is an id too), for joining events back to their documents."""
    value = rec.get(id_col)
    return "" if value is None else str(value).strip()


def _lines(fh, path: Path) -> Iterator[tuple[int, bytes | InputError]]:
    """Bounded lines of a (possibly gzip'd) file; a corrupt gzip stream ends with one error."""
    try:
        for lineno, raw in _bounded_lines(fh, settings.max_record_bytes):
            yield lineno, raw
    except (OSError, EOFError, zlib.error) as exc:
        yield 0, InputError(f"cannot read further (truncated or corrupt gzip: {exc})", path=str(path))


def _readers() -> dict:
    return {".txt": read_txt, ".md": read_txt, ".jsonl": read_jsonl, ".ndjson": read_jsonl, ".html": read_html, ".htm": read_html,
            ".csv": read_csv, ".tsv": read_csv, ".rss": read_feed, ".atom": read_feed, ".xml": read_feed}


SUFFIXES = (".txt", ".md", ".jsonl", ".ndjson", ".html", ".htm", ".csv", ".tsv", ".rss", ".atom", ".xml")


# Files that travel with a folder of articles without being one: where it came from, its licence.
NOT_ARTICLES = ("source", "sources", "readme", "license", "licence", "copying", "notice", "authors",
                "changelog", "contributing", "citation", "manifest")


def _readable(path: Path) -> bool:
    return logical_suffix(path) in SUFFIXES


def is_not_article(path: Path) -> bool:
    """SOURCE.txt, README.md, LICENSE.txt, licence-notes.txt …: a folder's papers, not its articles."""
    stem = _stem(path).lower()
    return any(stem == name or stem.startswith((name + "-", name + "_", name + ".")) for name in NOT_ARTICLES)


def looks_like_path(text: str) -> bool:
    """Whether a command-line argument names a file rather than being a text to code: one word with a
    path separator or a readable suffix ("nothere.jsonl", "data/")."""
    text = text.strip()
    return bool(text) and not any(c.isspace() for c in text) and (
        "/" in text or os.sep in text or _readable(Path(text)) or text.lower().endswith(".gz"))


def _folder_files(directory: Path) -> Iterator[Path | InputError]:
    """The readable files under a directory, in order; its README, SOURCE and licence files are
    reported as skipped (NotAnArticle) instead of being coded as news."""
    for f in sorted(f for f in directory.rglob("*") if f.is_file() and (_readable(f) or is_not_article(f))):
        if is_not_article(f):
            yield NotAnArticle("not an article (a folder's README, SOURCE or licence file); skipped", path=str(f))
        else:
            yield f


def _expand(paths: Iterable[str]) -> Iterator[Path | str | InputError]:
    for p in paths:
        p = str(p)
        if p.startswith(("http://", "https://")):
            yield p  # a feed URL
            continue
        path = Path(p)
        if path.is_dir():
            files = list(_folder_files(path))
            if not any(isinstance(f, Path) for f in files):
                yield InputError(f"directory holds no readable articles ({', '.join(SUFFIXES)}, or .gz)", path=p)
            yield from files
        elif path.exists():
            yield path
        elif glob.has_magic(p):
            hits = sorted(Path(h) for h in glob.glob(p, recursive=True))
            files = [h for h in hits if h.is_file() and _readable(h)]
            for d in (h for h in hits if h.is_dir()):
                files.extend(_folder_files(d))
            if not files:
                yield InputError("no readable files match this pattern", path=p)
            yield from files
        else:
            yield InputError("no such file or directory", path=p)


def iter_sources(paths: Iterable[str], date: dt.date | None = None, options: ReadOptions | None = None
                 ) -> Iterator[Item]:
    """Yield Articles (and InputErrors) from files, directories, globs and feed URLs, lazily."""
    options = options or ReadOptions(date=date)
    readers = _readers()
    for path in _expand(paths):
        if isinstance(path, InputError):
            yield path
            continue
        if isinstance(path, str):
            yield from read_feed_url(path, options)
            continue
        reader = readers.get(logical_suffix(path))
        if reader is None:
            kind = "".join(path.suffixes[-2:]) or "(none)"
            yield InputError(f"unsupported file type {kind!r} (readable: {', '.join(SUFFIXES)}, "
                             f"each also gzip'd as .gz)", path=str(path))
            continue
        log.debug("reading %s", path)
        yield from reader(path, options)


def count_records(paths: Iterable[str], options: ReadOptions | None = None) -> int:
    """Records the inputs hold, counted cheaply (lines, rows, entries), for a progress bar's ETA."""
    options = options or ReadOptions()
    n = 0
    for path in _expand(paths):
        if isinstance(path, (InputError, str)):
            n += 1
            continue
        kind = logical_suffix(path)
        if kind in (".jsonl", ".ndjson"):
            with open_binary(path) as fh:
                n += sum(1 for line in fh if line.strip())
        elif kind in (".csv", ".tsv"):
            n += count_rows(path, options)
        elif kind in (".rss", ".atom", ".xml"):
            n += count_entries(path)
        else:
            n += 1
    return n
