"""The spaCy pipeline, built once per process, and the sentence-level annotation the pipeline uses.

An article is tokenized and split into sentences by the model's cheap ``senter`` (plus a break at
every blank line). Each sentence is then parsed as its own Doc, so a sentence gets the same analysis
whatever else is parsed beside it: this is what lets the prefilter skip sentences without changing
the analysis of the ones it keeps. The parsed sentences are joined back into one article Doc with
the article's character offsets; a skipped sentence becomes a single whitespace token of the same
length, invisible to the actor resolver and the coder."""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

import spacy
from spacy.tokens import Doc

from .config import settings
from .errors import DetenteError

log = logging.getLogger(__name__)


class ModelError(DetenteError):
    code = "E500"


@functools.lru_cache(maxsize=4)
def load(model: str | None = None) -> "spacy.language.Language":
    name = model or settings.spacy_model
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(f"spaCy model {name!r} is not installed; run `make install` "
                         f"or set DETENTE_SPACY_MODEL") from None
    log.info("loaded spaCy model %s", name)
    return nlp


def _sentence_splitter(nlp) -> Callable[[Doc], Doc]:
    """The model's statistical sentence splitter when it has one (cheap: a small CNN), else rules."""
    if "senter" in nlp.component_names:
        return nlp.get_pipe("senter")
    from spacy.pipeline import Sentencizer
    return Sentencizer()


def _filler(vocab, length: int) -> Doc:
    """A skipped sentence: one whitespace token as long as the sentence, so offsets stay true. It is
    its own one-token tree (ROOT), so it stays a sentence of its own and sentence numbers do not move."""
    return Doc(vocab, words=[" " * length], spaces=[False], heads=[0], deps=["ROOT"])


@dataclass
class Parsed:
    """One article's Doc with the counts of sentences parsed and skipped."""
    doc: Doc
    parsed: int = 0
    skipped: int = 0
    kept: list[bool] = field(default_factory=list)


class Annotator:
    """Segment articles, ask ``select`` which sentences to parse, parse those in large batches of
    sentences, and rebuild each article's Doc. ``select(doc) -> list[bool]`` sees the tokenized,
    segmented article; None parses every sentence."""

    def __init__(self, model: str | None = None, select: Callable[[Doc], list[bool]] | None = None):
        self.nlp = load(model)
        self.split = _sentence_splitter(self.nlp)
        self.select = select

    def segment(self, text: str) -> Doc:
        doc = self.split(self.nlp.make_doc(text))
        for tok in doc[1:]:  # a blank line always ends a sentence (headlines, datelines, lists)
            if tok.i > 0 and doc[tok.i - 1].is_space and doc[tok.i - 1].text.count("\n") >= 2:
                tok.is_sent_start = True
        return doc

    def annotate(self, texts: Sequence[str], batch_size: int = 1000) -> list[Parsed]:
        """Annotate a batch of articles. Sentences from all of them go through spaCy together."""
        segmented = [self.segment(t) for t in texts]
        plans, todo = [], []
        for doc in segmented:
            sents = list(doc.sents)
            keep = self.select(doc) if self.select else [True] * len(sents)
            parts = []
            for s, k in zip(sents, keep):
                if k:
                    sd = s.as_doc()
                    parts.append(sd)
                    todo.append(sd)
                else:
                    parts.append(None)
            plans.append((doc, sents, keep, parts))
        # Every sentence is a Doc of its own; spaCy batches them (faster than long article Docs).
        parsed = iter(self.nlp.pipe(todo, batch_size=batch_size))
        out = []
        for doc, sents, keep, parts in plans:
            pieces = []
            for s, part in zip(sents, parts):
                pieces.append(next(parsed) if part is not None else _filler(doc.vocab, len(s.text_with_ws)))
            merged = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor", "user_data"]) \
                if pieces else doc
            n_parsed = sum(1 for k in keep if k)
            out.append(Parsed(merged, n_parsed, len(keep) - n_parsed, list(keep)))
        return out

    def pipe(self, texts: Iterable[str], batch_size: int = 64, sentence_batch: int = 1000) -> Iterator[Parsed]:
        chunk: list[str] = []
        for t in texts:
            chunk.append(t)
            if len(chunk) >= batch_size:
                yield from self.annotate(chunk, sentence_batch)
                chunk = []
        if chunk:
            yield from self.annotate(chunk, sentence_batch)
