"""RSS and Atom feeds, from a file (.rss, .atom, .xml, gzip'd too) or a URL. Each entry is an
article: its content or summary, and, when that is short, the text of the page it links to (fetched
politely: a timeout, one request per host per second, a named user agent). Offline, the first failed
fetch is one error line and the rest of the feed is coded from its summaries."""
from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import socket
import time
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

from ..config import settings
from ..errors import DateError, InputError
from ..model import Article
from .common import Item, ReadOptions, _options, date_for, outlet, read_bytes
from .html import extract

log = logging.getLogger(__name__)

SHORT_WORDS = 80  # an entry body shorter than this is a teaser: fetch the page it links to
USER_AGENT = "detente/0.1 (political event coding; +https://github.com/openeventdata/PLOVER)"
_last_hit: dict[str, float] = {}


class FetchError(InputError):
    code = "E130"


def _refuse_private(request) -> None:
    """A link inside a feed is the feed author's choice, not the user's: never follow one (or a
    redirect) to this machine or a private network, whose pages would end up in a store that may
    be served to the public (SECURITY.md). Checked on every hop of a redirect chain."""
    host = request.url.host
    try:
        addresses = {info[4][0].split("%")[0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return  # does not resolve: httpx reports it
    if any(not ipaddress.ip_address(a).is_global for a in addresses):
        raise FetchError(f"cannot fetch {request.url}: {host} is a local or private address, and links "
                         f"in a document are never followed there", path=str(request.url))


def fetch(url: str, timeout: float, link: bool = False) -> bytes:
    """GET a URL politely. FetchError with a one-line reason (offline, timeout, HTTP status, too
    large, too slow). ``link``: the URL comes from a document, not the user (see _refuse_private)."""
    import httpx
    host = urlparse(url).netloc
    wait = 1.0 - (time.monotonic() - _last_hit.get(host, 0.0))
    if wait > 0:
        time.sleep(wait)
    _last_hit[host] = time.monotonic()
    limit, deadline = settings.max_record_bytes, time.monotonic() + 3 * timeout
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT},
                          event_hooks={"request": [_refuse_private]} if link else {}) as client, \
                client.stream("GET", url) as r:
            if r.status_code >= 400:
                raise FetchError(f"cannot fetch {url}: HTTP {r.status_code}", path=url)
            body = bytearray()
            for chunk in r.iter_bytes():  # bounded in size and in total time, not only per read
                body += chunk
                if len(body) > limit:
                    raise FetchError(f"cannot fetch {url}: larger than {limit:,} bytes", path=url)
                if time.monotonic() > deadline:
                    raise FetchError(f"cannot fetch {url}: not complete within {3 * timeout:g} s", path=url)
            return bytes(body)
    except httpx.TimeoutException:
        raise FetchError(f"cannot fetch {url}: no answer within {timeout:g} s", path=url) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch {url} (offline? {type(exc).__name__}: {str(exc)[:80]})", path=url) from None


def _plain(html: str) -> str:
    if "<" not in html:
        return " ".join(html.split())
    import lxml.html
    try:
        return " ".join(lxml.html.fromstring(html).text_content().split())
    except Exception:  # noqa: BLE001 — lxml refuses empty or odd fragments
        return " ".join(html.split())


def _body(entry) -> str:
    for c in entry.get("content") or []:
        if c.get("value"):
            return _plain(c["value"])
    return _plain(entry.get("summary") or entry.get("description") or "")


def _when(entry, feed) -> dt.date | None:
    for src in (entry, feed):
        for key in ("published_parsed", "updated_parsed", "created_parsed"):
            t = src.get(key)
            if t:
                return dt.date(t.tm_year, t.tm_mon, t.tm_mday)
    return None


def parse_feed(raw: bytes, where: str, options: ReadOptions) -> Iterator[Item]:
    import feedparser
    parsed = feedparser.parse(raw)
    if not parsed.entries:
        why = parsed.get("bozo_exception")
        yield InputError(f"not an RSS/Atom feed, or no entries ({str(why)[:80] if why else 'empty'})", path=where)
        return
    fetching = options.fetch
    site = parsed.feed.get("title", "")
    for n, entry in enumerate(parsed.entries, 1):
        text, link = _body(entry), entry.get("link", "")
        if fetching and link.startswith(("http://", "https://")) and len(text.split()) < SHORT_WORDS:
            try:
                page = extract(fetch(link, options.timeout, link=True), url=link)
                if page and len(page["text"]) > len(text):
                    text = page["text"]
            except FetchError as exc:
                fetching = False  # one line, not one per entry: the rest keep their summaries
                yield FetchError(f"{exc.detail}; entry {n} and the rest of the feed are coded from their "
                                 f"summaries", path=where, line=n)
        if not text.strip():
            yield InputError("feed entry has no text", path=where, line=n)
            continue
        published = _when(entry, {})
        try:
            d, origin, agency, place = date_for(text, published, options, path=where, line=n,
                                         fallback=_when({}, parsed.feed), fallback_origin="feed date")
        except DateError as exc:
            yield exc
            continue
        yield Article.make(text, d, title=entry.get("title", ""), url=link, source=outlet(site, link, agency),
                           path=f"{where}:{n}", date_origin=origin, external_id=entry.get("id", "") or link,
                           dateline=place)


def read_feed(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    try:
        raw = read_bytes(path)
    except InputError as exc:
        yield exc
        return
    yield from parse_feed(raw, str(path), _options(options))


def read_feed_url(url: str, options: ReadOptions | None = None) -> Iterator[Item]:
    options = _options(options)
    try:
        raw = fetch(url, options.timeout)
    except FetchError as exc:
        yield exc
        return
    yield from parse_feed(raw, url, options)


def count_entries(path: Path) -> int:
    import feedparser
    return max(1, len(feedparser.parse(read_bytes(path)).entries))
