"""The spaCy pipeline, built once per process, and the sentence-level annotation the pipeline uses.

An article is tokenized and split into sentences by the model's cheap ``senter`` (plus a break at
every blank line) for the prefilter. When it keeps every sentence, the article is parsed whole, as
spaCy always does. Otherwise each run of kept sentences is parsed as one Doc and each skipped sentence
stands apart (parsed alone without the prefilter, a blank with it), so a kept sentence gets the same
analysis whether the others are parsed or not. The pieces are joined back into one article Doc with
the article's character offsets; a skipped sentence is a single whitespace token of the same length,
a sentence of its own, invisible to the actor resolver and the coder."""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

import numpy
import spacy
from spacy.attrs import (DEP, ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, IS_SPACE, LEMMA, MORPH, NORM, ORTH,
                         POS, SENT_START, SPACY, TAG)
from spacy.tokens import Doc

from .config import settings
from .errors import DetenteError
from .fastpipe import speed_up
from .ingest.dateline import parse_dateline

log = logging.getLogger(__name__)


class ModelError(DetenteError):
    code = "E500"


def load(model: str | None = None) -> "spacy.language.Language":
    """The pipeline of ``model`` (default: the setting), loaded once per process."""
    return _load(model or settings.spacy_model)


@functools.lru_cache(maxsize=4)
def _load(name: str) -> "spacy.language.Language":
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(f"spaCy model {name!r} is not installed; run `make install` "
                         f"or set DETENTE_SPACY_MODEL") from None
    # The attribute ruler and the lemmatizer, swapped for cached stand-ins with the same output on
    # every token (detente/fastpipe.py): together they were a sixth of the pipeline's time.
    replaced = speed_up(nlp)
    _use_matmul(nlp)
    _use_ner(nlp)
    log.info("loaded spaCy model %s (fast %s; entity recogniser %s)", name, ", ".join(replaced) or "none",
             settings.ner)
    return nlp


def _use_ner(nlp) -> None:
    """Whether the model's entity recogniser runs: ``settings.ner``. It is about a third of the parse's
    time (it has its own token encoder). Off, the actors come from the dictionaries alone: a person,
    company or date they do not name is not found (docs/scale.md measures what that costs). The rest of
    the analysis does not read it, so it stays the same."""
    if settings.ner == "on":
        return
    if settings.ner != "off":
        raise ModelError(f"unknown DETENTE_NER {settings.ner!r}: use 'on' or 'off'")
    if "ner" in nlp.pipe_names:
        nlp.disable_pipe("ner")


def _use_matmul(nlp) -> None:
    """Where the model's layers do their matrix products: ``settings.matmul``.

    spaCy's default, BLIS, uses a generic kernel on many CPUs; numpy's OpenBLAS picks one for the CPU
    (AVX-512 on the benchmark machine), where the whole pipeline runs about a third faster with the
    same tags, parses and entities (tests/test_nlp_matmul.py). OpenBLAS is held to one thread: coding
    runs one process per core, and more threads only contend."""
    if settings.matmul == "blis":
        return
    if settings.matmul != "numpy":
        raise ModelError(f"unknown DETENTE_MATMUL {settings.matmul!r}: use 'numpy' or 'blis'")
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        for node in model.walk() if model is not None else ():
            node.ops = ops


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


def _after_dateline(doc: Doc, text: str) -> int | None:
    """The first token of the story after a wire dateline at the start of the text, if any."""
    found = parse_dateline(text)
    if found is None:
        return None
    for tok in doc:
        if tok.idx >= found.end and not tok.is_space:
            return tok.i if tok.i > 0 else None
    return None


class _Tokens:
    """The tokens of a segmented article, copied out once, to make the Docs the parser gets. Cheaper than
    Span.as_doc, which copies the whole article's arrays and averages vectors for every span."""

    def __init__(self, doc: Doc):
        self.vocab = doc.vocab
        arr = doc.to_array([ORTH, SPACY, NORM, SENT_START])
        self.words = [doc.vocab.strings[o] for o in arr[:, 0].tolist()]
        self.spaces = arr[:, 1].astype(bool).tolist()
        # tokenizer exceptions set a token's norm ("n't" → "not"), which tok2vec reads; and the splitter's
        # sentence starts
        self.norms_starts = arr[:, 2:4]

    def doc(self, start: int, end: int, sentence: bool = False) -> Doc:
        out = Doc(self.vocab, words=self.words[start:end], spaces=self.spaces[start:end])
        if sentence:  # one sentence keeps the splitter's boundaries
            out.from_array([NORM, SENT_START], self.norms_starts[start:end])
        else:  # a run of sentences: the parser decides, as it does for whole articles
            out.from_array([NORM], self.norms_starts[start:end, :1])
        return out


# What a parsed piece carries into the article's Doc: Doc.from_docs's attributes but the text, which
# comes with the words. (Doc.from_docs builds each piece's text token by token in Python.)
JOIN_ATTRS = [NORM, TAG, HEAD, DEP, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID, LEMMA, MORPH, POS, SENT_START]


def _join(vocab, pieces: list[Doc]) -> Doc:
    """One Doc of the article from its parsed pieces and blanks, in order."""
    words: list[str] = []
    spaces: list[bool] = []
    arrays = []
    for piece in pieces:
        arr = piece.to_array([ORTH, SPACY, *JOIN_ATTRS])
        words.extend(vocab.strings[o] for o in arr[:, 0].tolist())
        spaces.extend(arr[:, 1].astype(bool).tolist())
        arrays.append(arr[:, 2:])
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.from_array(JOIN_ATTRS, numpy.concatenate(arrays))
    return doc


@dataclass
class Parsed:
    """One article's Doc with the counts of sentences parsed and skipped."""
    doc: Doc
    parsed: int = 0
    skipped: int = 0
    kept: list[bool] = field(default_factory=list)


class Annotator:
    """Segment articles, plan which sentences to parse, parse in batches, rebuild each article's Doc.

    ``plan(doc) -> list[bool]`` (the prefilter) sees the tokenized, segmented article. The plan also
    fixes the *layout*, the same whether skipped sentences are parsed or not: each run of planned
    sentences is parsed as one Doc (a whole article when nothing is skipped — exactly spaCy's usual
    analysis), and each other sentence as a Doc of its own. So a planned sentence gets the same
    analysis with ``skip=True`` (the others become blanks) and ``skip=False`` (they are parsed too)."""

    def __init__(self, model: str | None = None, plan: Callable[[Doc], list[bool]] | None = None,
                 skip: bool = True):
        self.nlp = load(model)
        self.split = _sentence_splitter(self.nlp)
        self.plan = plan
        self.skip = skip and plan is not None

    def segment(self, text: str) -> Doc:
        return self._segment(text)[0]

    def _segment(self, text: str) -> tuple[Doc, int | None]:
        """The article split into sentences, and the first token of the story after a wire dateline."""
        doc = self.split(self.nlp.make_doc(text))
        for i in numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist():
            # a blank line always ends a sentence (headlines, datelines, lists)
            if i + 1 < len(doc) and doc[i].text.count("\n") >= 2:
                doc[i + 1].is_sent_start = True
        story = _after_dateline(doc, text)
        if story is not None:
            doc[story].is_sent_start = True
        return doc, story

    def _units(self, text: str) -> tuple[list, list[bool]]:
        """[(Doc to parse | None for a blank, length)], and the plan."""
        if self.plan is None:
            return [(self.nlp.make_doc(text), len(text))], []
        doc, story = self._segment(text)
        sents = list(doc.sents)
        keep = self.plan(doc)
        tokens = _Tokens(doc)
        # A wire dateline is parsed apart from the story (`story`): "MOSCOW (Reuters) - Russia
        # condemned …" would make MOSCOW a second subject of the first sentence.
        if all(keep) and story is None:
            return [(tokens.doc(0, len(doc)), len(text))], keep
        units, i = [], 0
        while i < len(sents):
            j = i
            if keep[i]:
                while j + 1 < len(sents) and keep[j + 1] and sents[j + 1].start != story:
                    j += 1
                span = doc[sents[i].start: sents[j].end]
                unit = tokens.doc(span.start, span.end)  # the parser decides its sentences, as for articles
            else:
                span = sents[i]
                # one sentence: its boundaries are kept
                unit = None if self.skip else tokens.doc(span.start, span.end, sentence=True)
            units.append((unit, len(span.text_with_ws)))
            i = j + 1
        return units, keep

    def annotate(self, texts: Sequence[str], batch_size: int = 64) -> list[Parsed]:
        """Annotate a batch of articles; their units go through spaCy together."""
        plans = [self._units(t) for t in texts]
        todo = [u for units, _ in plans for u, _ in units if u is not None]
        parsed = iter(self.nlp.pipe(todo, batch_size=batch_size))
        out = []
        for (units, keep), text in zip(plans, texts):
            pieces = [next(parsed) if u is not None else _filler(self.nlp.vocab, n) for u, n in units]
            doc = pieces[0] if len(pieces) == 1 else _join(self.nlp.vocab, pieces)
            keep = keep or [True] * sum(1 for _ in doc.sents)
            n_parsed = sum(keep) if self.skip else len(keep)
            out.append(Parsed(doc, n_parsed, len(keep) - n_parsed, list(keep)))
        return out

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Parsed]:
        chunk: list[str] = []
        for t in texts:
            chunk.append(t)
            if len(chunk) >= batch_size:
                yield from self.annotate(chunk, batch_size)
                chunk = []
        if chunk:
            yield from self.annotate(chunk, batch_size)
