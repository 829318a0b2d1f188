"""Sources → Article. Readers yield Articles, or InputErrors for records they could not read, so
one bad record never stops the good ones beside it."""
from __future__ import annotations

from .readers import iter_sources, parse_date

__all__ = ["iter_sources", "parse_date"]
