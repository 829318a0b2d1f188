"""CSV and TSV files (gzip'd too): one article per row, with a column mapping (--text-col,
--date-col, --id-col, --title-col, --url-col, --source-col). A bad row is one InputError naming its line."""
from __future__ import annotations

import csv
import io
import sys
import zlib
from pathlib import Path
from typing import Iterator

from ..config import settings
from ..errors import DateError, InputError
from ..model import Article
from .common import Item, ReadOptions, _options, date_for, logical_suffix, open_binary, outlet

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # articles are long; size is bounded below instead


def _reader(fh, path: Path):
    # surrogateescape: a bad byte spoils only its own row (reported), not the whole file
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="surrogateescape", newline="")
    return csv.reader(text, delimiter="\t" if logical_suffix(path) == ".tsv" else ",")


def read_csv(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    options = _options(options)
    try:
        fh = open_binary(path)
    except OSError as exc:
        yield InputError(f"cannot read file ({exc.strerror})", path=str(path))
        return
    with fh:
        rows = _reader(fh, path)
        try:
            header = next(rows)
        except StopIteration:
            yield InputError("empty file", path=str(path))
            return
        except (csv.Error, OSError, EOFError, zlib.error) as exc:  # zlib: corrupt .gz
            yield InputError(f"cannot read the header ({exc})", path=str(path), line=1)
            return
        cols = {name.strip(): i for i, name in enumerate(header)}
        if options.text_col not in cols:
            yield InputError(f"no column {options.text_col!r} for the text (columns: {', '.join(map(repr, cols))[:120]}); "
                             f"name it with --text-col", path=str(path), line=1)
            return
        want = {k: cols.get(getattr(options, f"{k}_col")) for k in ("date", "id", "title", "url", "source")}
        line = rows.line_num + 1
        any_row = False
        while True:
            try:
                row = next(rows)
            except StopIteration:
                if not any_row:  # as an empty JSONL file: a data file with no data is said, not silent
                    yield InputError("no rows after the header", path=str(path), line=line)
                return
            except (csv.Error, OSError, EOFError, zlib.error) as exc:  # zlib: corrupt .gz
                yield InputError(f"cannot read row ({exc})", path=str(path), line=line)
                return
            item = _article(row, cols[options.text_col], want, options, path, line)
            if item is not None:
                any_row = True
                yield item
            line = rows.line_num + 1


def _article(row: list[str], text_i: int, want: dict, options: ReadOptions, path: Path, line: int) -> Item | None:
    if not any(cell.strip() for cell in row):
        return None
    def cell(i):
        return row[i].strip() if i is not None and i < len(row) else ""
    if any("\udc80" <= ch <= "\udcff" for c in row for ch in c):
        return InputError("invalid UTF-8 in this row", path=str(path), line=line)
    text = cell(text_i)
    if not text:
        return InputError(f"row has no text in column {options.text_col!r}", path=str(path), line=line)
    if len(text.encode("utf-8", "surrogatepass")) > settings.max_record_bytes:
        return InputError("row too large", path=str(path), line=line)
    try:
        d, origin, agency, place = date_for(text, cell(want["date"]) or None, options, path=str(path), line=line)
    except DateError as exc:
        if "no date" in exc.detail:
            exc = DateError(f"row has no date in column {options.date_col!r} and no --date was given",
                            path=str(path), line=line)
        return exc
    return Article.make(text, d, title=cell(want["title"]), url=cell(want["url"]),
                        source=outlet(cell(want["source"]), cell(want["url"]), agency), path=f"{path}:{line}", date_origin=origin,
                        external_id=cell(want["id"]), dateline=place)


def count_rows(path: Path, options: ReadOptions | None = None) -> int:
    with open_binary(path) as fh:
        return max(0, sum(1 for _ in _reader(fh, path)) - 1)
