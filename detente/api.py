"""The library's entry points (``detente.code_text``, ``code_articles``, ``code_sources``): thin
wrappers over a Coder (detente/pipeline.py) and the batch runner (detente/batch.py).

Coding needs a Coder, which is costly to make (the spaCy model, the matchers), so the entry points
keep one per setting — the prefilter, the coder, the spaCy model and the dictionaries named in the
environment (DETENTE_ACTOR_DICT / DETENTE_AGENT_DICT) — made on first use: the same arguments and
environment always code with the same Coder, and nothing elsewhere can change or replace it. To
choose for yourself, make a ``Coder`` and pass it (``using=``)."""
from __future__ import annotations

import datetime as dt
import functools
import os
from typing import Iterable, Iterator

from .actors.dictionaries import ENV_ACTORS, ENV_AGENTS
from . import batch
from .config import settings
from .model import Article
from .pipeline import CodedArticle, Coder


@functools.lru_cache(maxsize=8)
def _coder(prefilter: bool, coder: str, spacy_model: str, actors: str, agents: str) -> Coder:
    return Coder(prefilter, spacy_model, coder)


def default_coder(prefilter: bool | None = None, coder: str | None = None) -> Coder:
    """The Coder the entry points use for these arguments and this process's settings."""
    return _coder(settings.prefilter if prefilter is None else prefilter, coder or settings.coder,
                  settings.spacy_model, os.environ.get(ENV_ACTORS, ""), os.environ.get(ENV_AGENTS, ""))


def code_articles(articles: Iterable[Article], batch_size: int | None = None, prefilter: bool | None = None,
                  coder: str | None = None, using: Coder | None = None) -> Iterator[CodedArticle]:
    """Code articles in this process, in order. An article that cannot be coded raises CodingError.
    ``coder``: "combined" (default), "learned" or "rules" (docs/coding.md); ``using``: a Coder of
    your own (then ``prefilter`` and ``coder`` are its own)."""
    return (using or default_coder(prefilter, coder)).code_all(articles, batch_size)


def code_sources(paths, store=None, **options) -> batch.RunSummary:
    """Read sources lazily, code new articles in batches and store each batch in one transaction (see
    detente.batch.run for the options: date, batch_size, engine, n_process, resume, on_error,
    on_coded, on_known, progress, coder …). The local engine codes with the entry points' Coder for
    the ``prefilter`` option, unless ``coder`` gives one."""
    if options.get("engine", "local") == "local" and options.get("coder") is None:
        options["coder"] = default_coder(options.get("prefilter"))
    return batch.code_sources(paths, store, **options)


def code_text(text: str, date: dt.date | str | None = None, prefilter: bool | None = None,
              coder: str | None = None, title: str = "", url: str = "", source: str = "",
              external_id: str = "", dateline: str = "", using: Coder | None = None) -> CodedArticle:
    """Code one text (the library's simplest entry point). ``date``: the article's date (YYYY-MM-DD or a
    date; default today); ``coder``: combined (default), learned, rules; ``title``, ``url``, ``source``
    (the outlet) and ``external_id`` (your id of the text) travel with its events; ``dateline``: the
    place of a dateline the text was filed from, when it is not at the start of the text; ``using``: a
    Coder of your own."""
    # Article.make reads the date (ISO text or a date) and raises DateError for anything else
    article = Article.make(text, dt.date.today() if date is None else date, title=title, url=url, source=source,
                           external_id=external_id, dateline=dateline)
    return next(code_articles([article], prefilter=prefilter, coder=coder, using=using))
