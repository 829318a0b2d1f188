"""Text cleaning every stage relies on: an article's text is cleaned once, when it is made
(``Article.make``), before any offset into it exists."""
from __future__ import annotations

import functools
import unicodedata


@functools.lru_cache(maxsize=1)
def cleaning_table() -> dict[int, str | None]:
    # Format characters live in the first two planes and in plane 14 (tags); the other planes hold none,
    # and scanning them would cost a third of a second at every start.
    planes = [*range(0x20000), *range(0xE0000, 0xF0000)]
    table: dict[int, str | None] = {cp: None for cp in planes if unicodedata.category(chr(cp)) == "Cf"}
    table.update({cp: " " for cp in [*range(0x20), *range(0x7F, 0xA0)] if chr(cp) not in "\t\n\r"})
    return table


def clean_text(text: str) -> str:
    """The text with invisible format characters removed and control characters made spaces.

    Format characters (zero-width spaces and joiners, soft hyphens, direction marks and overrides,
    byte-order marks) split words invisibly: "Ser\u200bbia" is not Serbia to the gazetteer, so one
    of them silently hides every event of its sentence. Control characters (NUL, terminal escape
    sequences) have no place in news and must never reach a terminal through `detente events`."""
    return text.translate(cleaning_table())
