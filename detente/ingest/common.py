"""What every reader shares (readers.py, html.py, feeds.py, tables.py): the reading options, a
record's date and outlet, and the bytes of a file. The format readers import these; readers.py
dispatches to them."""
from __future__ import annotations

import datetime as dt
import gzip
import logging
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple, Union

from dateutil import parser as dateparser

from ..config import settings
from ..errors import DateError, InputError
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


def _options(options) -> ReadOptions:
    if isinstance(options, ReadOptions):
        return options
    return ReadOptions(date=options)
