"""Readers for .txt and .jsonl (gzip'd or not), and the walk over files, directories, globs and
URLs that dispatches to every reader (html.py, feeds.py, tables.py). Each reader yields Article or
InputError, lazily: one bad record never stops the good ones beside it."""
from __future__ import annotations

import datetime as dt
import glob
import gzip
import json
import logging
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, NamedTuple, Union

from dateutil import parser as dateparser

from ..config import settings
from ..errors import DateError, InputError, NotAnArticle
from ..model import Article
from .dateline import parse_dateline

log = logging.getLogger(__name__)
Item = Union[Article, InputError]


@dataclass(frozen=True)
class ReadOptions:
    """How to read sources: the date for inputs without one, CSV column names, feed page fetching."""
    date: dt.date | None = None
    text_col: str = "text"
    date_col: str = "date"
    id_col: str = "id"
    title_col: str = "title"
    url_col: str = "url"
    source_col: str = "source"
    fetch: bool = True  # feeds: fetch an entry's page when its body is short
    timeout: float = 10.0  # seconds, for each feed or page fetched


def url_outlet(url: str) -> str:
    """The outlet a URL names: its host without "www." and port ("https://www.bbc.co.uk/news/x" →
    "bbc.co.uk"); "" for no URL or a file path."""
    from urllib.parse import urlparse
    if not url or "://" not in url:
        return ""
    host = (urlparse(url.strip()).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def outlet(given: str, url: str, agency: str) -> str:
    """Who published a record: its own source field (a CSV/JSONL column, a feed's title), else its
    URL's domain, else the news agency of its dateline ("(Reuters)")."""
    return (given or "").strip() or url_outlet(url) or agency


def _iso_date(text: str) -> dt.date | None:
    """YYYY-MM-DD, the common case, without dateutil (a hundred times faster: 1M-line feeds)."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None


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
        d = _iso_date(value.strip())
        if d is None:
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


def logical_suffix(path: Path) -> str:
    """".jsonl" for both "a.jsonl" and "a.jsonl.gz"."""
    suffixes = [x.lower() for x in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        return suffixes[0] if len(suffixes) == 2 else ""
    return suffixes[-1] if suffixes else ""


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, decompressed on the fly when it ends in .gz."""
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")


def read_bytes(path: Path) -> bytes:
    """A whole (small) file, decompressed; InputError when missing, too large or not valid gzip."""
    limit = settings.max_record_bytes
    try:
        size = path.stat().st_size
        if size > limit:  # refused unread: memory stays bounded
            raise InputError(f"file too large ({size:,} bytes; limit {limit:,})", path=str(path))
        with open_binary(path) as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:  # gzip.BadGzipFile is an OSError
        why = exc.strerror or str(exc)
        raise InputError(f"cannot read file ({why})", path=str(path)) from None
    except (EOFError, zlib.error) as exc:
        raise InputError(f"cannot read file (truncated or corrupt gzip: {exc})", path=str(path)) from None
    if len(raw) > limit:
        raise InputError(f"file too large once decompressed (over {limit:,} bytes)", path=str(path))
    return raw


def _read_text(path: Path) -> str:
    raw = read_bytes(path)
    if not raw.strip():
        raise InputError("empty file", path=str(path))
    if b"\x00" in raw[:8192]:
        raise InputError("binary file (contains NUL bytes), not text", path=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8 at byte {exc.start}", path=str(path)) from None
    return text


def _mtime(path: Path) -> dt.date:
    return dt.date.fromtimestamp(path.stat().st_mtime)


class Dated(NamedTuple):
    date: dt.date
    origin: str  # where the date came from: "metadata", "dateline", "--date" or the fallback's origin
    agency: str  # the dateline's agency ("Reuters"), "" when the metadata gave the date or there is none
    place: str  # the dateline's place ("Belgrade", "Paris, Texas"), whatever gave the date; "" without one


def date_for(text: str, metadata, options: ReadOptions, *, path: str, line: int | None = None,
             fallback: dt.date | None = None, fallback_origin: str = "file mtime") -> Dated:
    """(date, where it came from, agency, dateline place) for a record: its metadata, else the dateline
    in its text (a dateline without a year takes it from --date or the fallback), else --date, else
    the fallback. Raises DateError when none gives a date."""
    dl = parse_dateline(text)
    place = dl.where if dl else ""  # "Paris, Texas": the region tells which Paris
    if metadata not in (None, ""):
        return Dated(parse_date(metadata, path=path, line=line), "metadata", "", place)
    reference = options.date or fallback
    if dl is not None:
        d = dl.date(reference)
        if d is not None:
            return Dated(d, "dateline", dl.agency, place)
    if options.date is not None:
        return Dated(options.date, "--date", dl.agency if dl else "", place)
    if fallback is not None:
        return Dated(fallback, fallback_origin, dl.agency if dl else "", place)
    raise DateError("record has no date and no --date was given", path=path, line=line)


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


def _options(options) -> ReadOptions:
    if isinstance(options, ReadOptions):
        return options
    return ReadOptions(date=options)


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
    from .feeds import read_feed
    from .html import read_html
    from .tables import read_csv
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
            from .feeds import read_feed_url
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
            from .tables import count_rows
            n += count_rows(path, options)
        elif kind in (".rss", ".atom", ".xml"):
            from .feeds import count_entries
            n += count_entries(path)
        else:
            n += 1
    return n
