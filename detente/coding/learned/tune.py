"""Choose the decoder's thresholds on training data the model was not fitted on (a fifth of the
training records, set aside in file order), by the metric of gold/README.md on the combined coder:
the model's triples plus the rules'. The dev split is never read here."""
from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field

from ..gold import CodedTriple, NewsRecord
from ..metric import score_news
from ..lexicon import Lexicon
from .coder import CoderModel, Scored, Thresholds, score_sentence, select

log = logging.getLogger(__name__)

GRID = {"trigger": (0.5, 0.6, 0.7, 0.8, 0.9), "source": (0.1, 0.2, 0.3, 0.4),
        "target": (0.1, 0.2, 0.3, 0.4), "second": (0.3, 0.5), "domestic": (0.3, 0.5)}
# The sentence fallback (coder.Thresholds), tried once the grid above has chosen the rest; None first:
# the fallback is used only where it codes the tuning records better.
FALLBACK_GRID = {"sentence": (0.5, 0.7, 0.9), "fallback": (None, 0.1, 0.2, 0.3)}


@dataclass
class TuneRecord:
    record: NewsRecord
    scored: list[Scored]
    ruled: list[CodedTriple]  # what the rules code in the record
    reciprocity: dict = field(default_factory=dict)  # the model's (coder.select)


def tune_records(parsed: list[tuple], model: CoderModel, lex: Lexicon, ruled: list[list[CodedTriple]]) -> list[TuneRecord]:
    """Score every sentence of the records once; the grid then only re-reads the scores."""
    out = []
    for (rec, doc, index), rules in zip(parsed, ruled):
        scored = [sc for sent in doc.sents
                  for sc in score_sentence(sent, index, model, lex, loosest=max(GRID["trigger"]),
                                           fallback_floor=(min(FALLBACK_GRID["sentence"]),
                                                           min(f for f in FALLBACK_GRID["fallback"] if f is not None)))]
        out.append(TuneRecord(rec, scored, rules, model.meta.get("reciprocity") or {}))
    return out


def triples(scored: list[Scored], th: Thresholds, reciprocity: dict | None = None) -> list[CodedTriple]:
    return [CodedTriple(s.identity, sc.event, t.identity if t else None, "asserted")
            for sc, s, t, _, _ in select(scored, th, reciprocity)]


def best_thresholds(items: list[TuneRecord]) -> tuple[Thresholds, float]:
    """The grid point with the best combined F1 on ``items`` (ties: the first in grid order)."""
    records = [it.record for it in items]
    best, best_f1 = Thresholds(), -1.0
    for values in itertools.product(*GRID.values()):
        th = Thresholds(**dict(zip(GRID, values)))
        coded = {it.record.id: triples(it.scored, th, it.reciprocity) + it.ruled for it in items}
        f1 = score_news(records, coded).metrics()["f1"]
        if f1 > best_f1:
            best, best_f1 = th, f1
    base = vars(best)
    log.info("thresholds %s: combined F1 %.3f on the tuning records without the sentence fallback", base, best_f1)
    for values in itertools.product(*FALLBACK_GRID.values()):
        th = Thresholds(**{**base, **dict(zip(FALLBACK_GRID, values))})
        if th.fallback is None and th.sentence != min(FALLBACK_GRID["sentence"]):
            continue  # no fallback: the sentence threshold does not matter
        coded = {it.record.id: triples(it.scored, th, it.reciprocity) + it.ruled for it in items}
        f1 = score_news(records, coded).metrics()["f1"]
        if f1 > best_f1:
            best, best_f1 = th, f1
    log.info("thresholds %s: combined F1 %.3f on the tuning records", vars(best), best_f1)
    return best, best_f1
