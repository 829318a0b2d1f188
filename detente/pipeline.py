"""Wires the stages: Article → sentences (spaCy, prefiltered) → actors → events. No storage here:
``code_articles`` returns coded articles; detente.batch runs it over sources into a store."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .actors import resolve_actors
from .coding import code_doc
from .config import CODERS, settings
from .errors import DateError, DetenteError
from .model import Actor, Article, Event
from .nlp import Annotator, Parsed

log = logging.getLogger(__name__)


class CodingError(DetenteError):
    """An article was read but could not be coded (an internal failure on that text)."""
    code = "E600"


@dataclass
class CodedArticle:
    article: Article
    actors: list[Actor]
    events: list[Event]
    stats: dict = field(default_factory=dict)

    def records(self) -> list[dict]:
        """The events as JSONL records (``detente code --format jsonl``), with the article's
        ``external_id`` (the user's own id) and ``outlet``."""
        return [e.to_json(self.article) for e in self.events]


def code_parsed(doc, article: Article, parsed: Parsed | None = None, model=None,
                coder: str = "rules") -> CodedArticle:
    index = resolve_actors(doc, article.date)
    events = code_doc(doc, index, article, model=model, coder=coder)
    if parsed is not None:
        stats = {"sentences": parsed.parsed + parsed.skipped, "parsed": parsed.parsed, "skipped": parsed.skipped,
                 "kept": parsed.kept}
    else:
        n = sum(1 for _ in doc.sents)
        stats = {"sentences": n, "parsed": n, "skipped": 0}
    return CodedArticle(article, index.mentions, events, stats)


_CODERS: dict[tuple, "Coder"] = {}


class Coder:
    """Codes batches of articles in this process: one spaCy pipeline, sentences batched together."""

    def __init__(self, prefilter: bool | None = None, model: str | None = None, coder: str | None = None):
        from .coding.learned import load_model
        from .prefilter import prefilter_for
        self.coder = coder or settings.coder
        if self.coder not in CODERS:
            raise DetenteError(f"unknown coder {self.coder!r}: use one of {', '.join(CODERS)} (DETENTE_CODER)")
        # The learned model, loaded once per Coder (None: the rules code alone).
        self.model = load_model() if self.coder != "rules" else None
        self.prefilter = settings.prefilter if prefilter is None else prefilter
        # The prefilter's plan also fixes how articles are cut for parsing, with or without skipping.
        self.annotator = Annotator(model, prefilter_for(model, self.model.trigger_lemmas() if self.model else frozenset()).select, skip=self.prefilter)

    @classmethod
    def shared(cls, prefilter: bool | None = None, model: str | None = None, coder: str | None = None) -> "Coder":
        """One Coder per process and setting (worker processes reuse it across batches)."""
        key = (settings.prefilter if prefilter is None else prefilter, model or settings.spacy_model,
               coder or settings.coder)
        if key not in _CODERS:
            _CODERS[key] = cls(*key)
        return _CODERS[key]

    # The vocabulary keeps the words met until it holds this many lexemes (or its string store this
    # many strings): the common words, met early, are then not made again in every batch, which cost
    # a twentieth of the time. After that, every batch runs in a memory zone. ~40 MB at most.
    keep_lexemes = 150_000
    keep_strings = 500_000

    def code(self, articles: list[Article]) -> list[CodedArticle | DetenteError]:
        """Code a batch; an article that fails is returned as a CodingError, the others go on.

        Once the vocabulary is full (keep_lexemes), the batch runs in a spaCy memory zone: the words it
        adds to the vocabulary are dropped at the end, so a long run does not grow with every new name
        and number. The results hold plain strings and numbers, nothing of spaCy's."""
        from .actors.resolver import prepare
        nlp = self.annotator.nlp
        prepare(nlp.vocab)  # what lives across batches is built before the zone
        if len(nlp.vocab) < self.keep_lexemes and len(nlp.vocab.strings) < self.keep_strings:
            return self._code(articles)
        with nlp.memory_zone():
            return self._code(articles)

    def _code(self, articles: list[Article]) -> list[CodedArticle | DetenteError]:
        try:
            parsed = self.annotator.annotate([a.text for a in articles])
        except Exception:  # noqa: BLE001 — find the article at fault, code the rest
            if len(articles) == 1:
                log.exception("could not annotate %s", articles[0].path)
                return [CodingError("could not be analysed by spaCy", path=articles[0].path or articles[0].id)]
            return [r for a in articles for r in self._code([a])]
        out: list[CodedArticle | DetenteError] = []
        for p, a in zip(parsed, articles):
            try:
                out.append(code_parsed(p.doc, a, p, self.model, self.coder))
            except Exception as exc:  # noqa: BLE001
                log.exception("could not code %s", a.path or a.id)
                out.append(CodingError(f"could not be coded ({type(exc).__name__}: {str(exc)[:80]})",
                                       path=a.path or a.id))
        return out


def code_batch(articles: list[Article], prefilter: bool | None = None,
               screen: bool = True) -> list[CodedArticle | DetenteError]:
    """Entry point for worker processes and Dask tasks (a plain module-level function). With
    ``screen``, articles the reliability gate refuses (not English, too long …) come back as errors."""
    problems = [_screen(a) if screen else None for a in articles]
    fine = [a for a, p in zip(articles, problems) if p is None]
    coded = iter(Coder.shared(prefilter).code(fine) if fine else [])
    return [p if p is not None else next(coded) for p in problems]


def _screen(article: Article) -> DetenteError | None:
    try:
        from .language import screen
    except ImportError:  # the gate is optional
        return None
    return screen(article)


def code_articles(articles: Iterable[Article], batch_size: int | None = None,
                  prefilter: bool | None = None, coder: str | None = None) -> Iterator[CodedArticle]:
    """Code articles in this process, in order. An article that cannot be coded raises CodingError.
    ``coder``: "combined" (default), "learned" or "rules" (docs/coding.md)."""
    coder = Coder.shared(prefilter, coder=coder)
    size = batch_size or settings.batch_size
    for batch in batches(articles, size):
        for result in coder.code(batch):
            if isinstance(result, DetenteError):
                raise result
            yield result


def code_text(text: str, date: dt.date | str | None = None, prefilter: bool | None = None,
              coder: str | None = None, title: str = "", url: str = "", source: str = "",
              external_id: str = "", dateline: str = "") -> CodedArticle:
    """Code one text (the library's simplest entry point). ``date``: the article's date (YYYY-MM-DD or a
    date; default today); ``coder``: combined (default), learned, rules; ``title``, ``url``, ``source``
    (the outlet) and ``external_id`` (your id of the text) travel with its events; ``dateline``: the
    place of a dateline the text was filed from, when it is not at the start of the text."""
    text_date = date
    if isinstance(date, str):
        try:  # ISO only, as on the command line: 05/09/2024 is May in one country, September in another
            date = dt.date.fromisoformat(date.strip()) if len(date.strip()) == 10 else None
        except ValueError:
            date = None
        if date is None:
            raise DateError(f"date: {text_date!r} is not a date; use YYYY-MM-DD, e.g. 2024-09-05")
    article = Article.make(text, date or dt.date.today(), title=title, url=url, source=source,
                           external_id=external_id, dateline=dateline)
    return next(code_articles([article], prefilter=prefilter, coder=coder))


def batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def code_sources(paths, store=None, date: dt.date | None = None, batch_size: int | None = None,
                 on_error=None, on_coded=None, on_known=None, **options):
    """Read sources lazily, code new articles in batches and store each batch in one transaction
    (see detente.batch.run for the options: engine, n_process, resume, progress …)."""
    from .batch import run
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [str(p) for p in paths]  # pathlib.Path or str: inputs are recorded as text for --resume
    return run(paths, store, date=date, batch_size=batch_size, on_error=on_error, on_coded=on_coded,
               on_known=on_known, **options)
