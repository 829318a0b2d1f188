"""Every mention of an article with its resolution and reason, as plain records: what
`detente actors` prints, and what a reviewer reads to see why an actor was coded as it was."""
from __future__ import annotations

from typing import Iterable, Iterator

from ..model import Article
from ..nlp import load
from .dictionaries import resolver_from_environment
from .resolver import Resolver
from .state import ActorIndex

FIELDS = ("article", "kind", "start", "end", "text", "code", "org", "sector", "cameo", "name", "reason")


def index_records(index: ActorIndex, article_id: str = "") -> list[dict]:
    """kind: actor | location | unresolved; sorted by position in the text."""
    rows = []
    for a in index.mentions:
        rows.append({"article": article_id, "kind": "actor", "start": a.start, "end": a.end, "text": a.text,
                     "code": a.code, "org": a.org, "sector": a.sector, "cameo": a.cameo, "name": a.name,
                     "reason": a.reason})
    for span, loc in index.locations:
        where = f"in {loc.country}" if loc.country else "no country"
        geo = f", geonames {loc.geonames_id}" if loc.geonames_id else ""
        rows.append({"article": article_id, "kind": "location", "start": span.start_char, "end": span.end_char,
                     "text": span.text, "code": loc.country, "org": "", "sector": "", "cameo": "",
                     "name": loc.name, "reason": f"a place, not an actor: {loc.name} ({where}{geo})"})
    for span, why in index.unresolved:
        rows.append({"article": article_id, "kind": "unresolved", "start": span.start_char, "end": span.end_char,
                     "text": span.text, "code": "", "org": "", "sector": "", "cameo": "", "name": "",
                     "reason": why})
    rows.sort(key=lambda r: (r["start"], r["kind"] != "actor"))
    return rows


def explain(articles: Iterable[Article], resolver: Resolver | None = None) -> Iterator[tuple[Article, list[dict]]]:
    """Resolve the actors of each article on its date with ``resolver`` (default: the dictionaries
    named in the environment, else the bundled data); yields the article and its records."""
    resolver = resolver or resolver_from_environment()
    nlp = load()
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True):
        yield article, index_records(resolver.resolve(doc, article.date), article.external_id or article.id)
