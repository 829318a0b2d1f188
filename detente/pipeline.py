"""Wires the stages: Article → spaCy Doc → actors → events. Local, batched; no storage here."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .actors import resolve_actors
from .coding import code_doc
from .config import settings
from .model import Actor, Article, Event
from .nlp import load

log = logging.getLogger(__name__)


@dataclass
class CodedArticle:
    article: Article
    actors: list[Actor]
    events: list[Event]
    stats: dict = field(default_factory=dict)


def code_parsed(doc, article: Article) -> CodedArticle:
    index = resolve_actors(doc, article.date)
    events = code_doc(doc, index, article)
    n_sents = sum(1 for _ in doc.sents)
    return CodedArticle(article, index.mentions, events, {"sentences": n_sents})


def code_articles(articles: Iterable[Article], batch_size: int | None = None) -> Iterator[CodedArticle]:
    nlp = load()
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size or settings.batch_size):
        yield code_parsed(doc, article)


def code_text(text: str, date: dt.date | str | None = None, **meta) -> CodedArticle:
    """Code one text (the library's simplest entry point)."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    article = Article.make(text, date or dt.date.today(), **meta)
    return next(code_articles([article]))


@dataclass
class RunSummary:
    articles_seen: int = 0
    articles_coded: int = 0
    articles_skipped: int = 0  # already in the store (same content)
    failures: int = 0
    events: int = 0
    sentences: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.articles_coded} article(s) coded, {self.articles_skipped} already stored, "
                f"{self.failures} failed; {self.events} event(s) from {self.sentences} sentence(s)")


def _batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def code_sources(paths, store=None, date: dt.date | None = None, batch_size: int | None = None,
                 on_error=None, on_coded=None, on_known=None) -> RunSummary:
    """Read sources lazily, code new articles in batches and store each batch in one transaction.
    Bad records are reported through ``on_error`` and skipped; good ones beside them still go in."""
    from .errors import DetenteError
    from .ingest import iter_sources

    summary = RunSummary()
    size = batch_size or settings.batch_size
    for batch in _batches(iter_sources(paths, date), size):
        articles = []
        for item in batch:
            if isinstance(item, DetenteError):
                summary.failures += 1
                summary.errors.append(str(item))
                if on_error:
                    on_error(item)
                continue
            summary.articles_seen += 1
            articles.append(item)
        if store is not None:
            known = store.known_ids([a.id for a in articles])
        else:
            known = set()
        fresh, seen = [], set()
        for a in articles:
            if a.id in known or a.id in seen:
                summary.articles_skipped += 1
                if on_known and a.id in known:
                    on_known(a)
            else:
                seen.add(a.id)
                fresh.append(a)
        coded = list(code_articles(fresh, batch_size=size))
        if store is not None:
            store.write(coded)
        for c in coded:
            summary.articles_coded += 1
            summary.events += len(c.events)
            summary.sentences += c.stats.get("sentences", 0)
            if on_coded:
                on_coded(c)
    return summary
