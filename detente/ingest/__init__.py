"""Sources → Article. Readers yield Articles, or InputErrors for records they could not read, so
one bad record never stops the good ones beside it. Formats: .txt, .jsonl, .csv/.tsv, .html, RSS/Atom
feeds (files or URLs), each also gzip'd; directories and globs of them (docs/sources.md)."""
from __future__ import annotations

from .dateline import Dateline, parse_dateline
from .readers import ReadOptions, count_records, iter_sources, parse_date

__all__ = ["Dateline", "ReadOptions", "count_records", "iter_sources", "parse_date", "parse_dateline"]
