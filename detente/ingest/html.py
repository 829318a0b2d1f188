"""Saved web pages (.html, .htm, gzip'd too): the article's text, title, date and site, extracted by
trafilatura. A page without article text is one InputError; the walk goes on."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

from ..errors import DateError, InputError
from ..model import Article
from .common import Item, ReadOptions, _mtime, _options, date_for, outlet, read_bytes

log = logging.getLogger(__name__)
MIN_WORDS = 5


def extract(html: str | bytes, url: str | None = None) -> dict | None:
    """{text, title, date, site, url} of an HTML page, or None when it holds no article text."""
    import trafilatura
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None:
        return None
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    text = (get("text") or "").strip()
    title = (get("title") or "").strip()
    first, _, rest = text.partition("\n")
    if title and rest.strip() and first.strip() and title.startswith(first.strip()):
        text = rest.strip()  # the headline repeated as the first line: the title field holds it
    if len(text.split()) < MIN_WORDS:  # menus and cookie banners, not an article
        return None
    return {"text": text, "title": title, "date": get("date") or None,
            "site": get("sitename") or get("hostname") or "", "url": get("url") or url or ""}


def read_html(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    options = _options(options)
    try:
        raw = read_bytes(path)
    except InputError as exc:
        yield exc
        return
    if not raw.strip():
        yield InputError("empty file", path=str(path))
        return
    try:
        page = extract(raw)
    except Exception as exc:  # noqa: BLE001 — a malformed page must not stop the walk
        yield InputError(f"cannot parse HTML ({type(exc).__name__})", path=str(path))
        return
    if page is None:
        yield InputError("no article text found in the HTML page", path=str(path))
        return
    try:
        d, origin, agency, place = date_for(page["text"], page["date"], options, path=str(path), fallback=_mtime(path))
    except DateError as exc:
        yield exc
        return
    yield Article.make(page["text"], d, title=page["title"], url=page["url"], source=outlet(page["site"], page["url"] or "", agency),
                       path=str(path), date_origin=origin, external_id=path.name.split(".")[0], dateline=place)
