"""Wires the stages: Article → sentences (spaCy, prefiltered) → actors → events. No storage here:
a ``Coder`` codes batches of articles and returns them; detente.batch runs coders over sources into a
store. A Coder is an object its caller makes and keeps (the public API, a batch worker, a Dask task):
its spaCy pipeline, resolver (with the user's dictionaries), prefilter and learned model, and their
caches, live on it, and nothing else in the process changes what it does."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .actors import Resolver
from .actors.dictionaries import resolver_from_environment
from .coding import code_doc
from .coding.learned import load_model
from .config import CODERS, settings
from .errors import DetenteError
from .language import screen as language_screen
from .model import Actor, Article, Event
from .nlp import Annotator, Parsed, load
from .prefilter import Prefilter

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
                coder: str = "rules", resolver: Resolver | None = None) -> CodedArticle:
    """Resolve the actors of a parsed article (``resolver``; default: the bundled data) and code it."""
    index = (resolver or Resolver()).resolve(doc, article.date)
    events = code_doc(doc, index, article, model=model, coder=coder)
    if parsed is not None:
        stats = {"sentences": parsed.parsed + parsed.skipped, "parsed": parsed.parsed, "skipped": parsed.skipped,
                 "kept": parsed.kept}
    else:
        n = sum(1 for _ in doc.sents)
        stats = {"sentences": n, "parsed": n, "skipped": 0}
    return CodedArticle(article, index.mentions, events, stats)


class Coder:
    """Codes batches of articles in this process: one spaCy pipeline, sentences batched together.

    ``prefilter``: skip the sentences that cannot carry an event (default: the setting); ``model``:
    the spaCy model; ``coder``: combined (default), learned or rules; ``resolver``: who is who (default:
    the dictionaries named in DETENTE_ACTOR_DICT / DETENTE_AGENT_DICT, else the bundled data). Make one
    and keep it: building it loads the model and builds the matchers."""

    def __init__(self, prefilter: bool | None = None, model: str | None = None, coder: str | None = None,
                 resolver: Resolver | None = None):
        self.coder = coder or settings.coder
        if self.coder not in CODERS:
            raise DetenteError(f"unknown coder {self.coder!r}: use one of {', '.join(CODERS)} (DETENTE_CODER)")
        self.resolver = resolver or resolver_from_environment()
        # The learned model, loaded once per Coder (None: the rules code alone).
        self.model = load_model() if self.coder != "rules" else None
        self.prefilter = settings.prefilter if prefilter is None else prefilter
        # The prefilter's plan also fixes how articles are cut for parsing, with or without skipping.
        self.plan = Prefilter(load(model), self.resolver,
                              model_lemmas=self.model.trigger_lemmas() if self.model else frozenset())
        self.annotator = Annotator(model, self.plan.select, skip=self.prefilter)

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
        nlp = self.annotator.nlp
        self.resolver.prepare(nlp.vocab)  # what lives across batches is built before the zone
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
                out.append(code_parsed(p.doc, a, p, self.model, self.coder, self.resolver))
            except Exception as exc:  # noqa: BLE001
                log.exception("could not code %s", a.path or a.id)
                out.append(CodingError(f"could not be coded ({type(exc).__name__}: {str(exc)[:80]})",
                                       path=a.path or a.id))
        return out

    def code_screened(self, articles: list[Article], screen: bool = True) -> list[CodedArticle | DetenteError]:
        """Code a batch, one result per article in order. With ``screen``, articles the reliability
        gate refuses (not English, too long …) come back as errors (language.screen)."""
        problems = [language_screen(a) if screen else None for a in articles]
        fine = [a for a, p in zip(articles, problems) if p is None]
        coded = iter(self.code(fine) if fine else [])
        return [p if p is not None else next(coded) for p in problems]

    def code_all(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[CodedArticle]:
        """Code articles in order, in batches. An article that cannot be coded raises CodingError."""
        for batch in batches(articles, batch_size or settings.batch_size):
            for result in self.code(batch):
                if isinstance(result, DetenteError):
                    raise result
                yield result


def batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
