"""`make train`: rebuild the learned coder from the hand-coded news in ../shared/gold.

Trains on the `train` split of news/statements.jsonl and on news/articles_train.jsonl (the `dev`
split and the dev articles are for measuring only), writes detente/data/model/coder.npz with what it
was trained on, its licence and version. Deterministic: the same data gives the same file."""
from __future__ import annotations

import argparse
from collections import Counter
import hashlib
import logging
import sys
import time
from pathlib import Path

from ...eval_news import load_news
from ..lexicon import lexicon
from .coder import MODEL_PATH, CoderModel, Thresholds
from .corpus import parsed_records
from .examples import Examples, record_examples
from .fit import fit_linear

log = logging.getLogger(__name__)

MODEL_VERSION = "learned-1"
MIN_TRIGGER_COUNT = 2
# Chosen on a grid (trigger 0.5–0.9, arguments 0.15–0.5); see bench/EVAL.md.
THRESHOLDS = Thresholds(trigger=0.7, source=0.3, target=0.15)
LICENCE = ("statements: CC BY-SA 4.0 (Wikipedia Current events, hand-coded); "
           "training articles: publishers' texts, research use; the weights are derived data")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def training_examples(gold_dir: Path, fraction: float = 1.0, articles: bool = True,
                      extra: list[Path] | None = None) -> tuple[Examples, dict]:
    """Examples from the train split (its first ``fraction`` of records, in file order) and the
    training articles, plus any extra gold files given (all their records)."""
    from ...nlp import Annotator
    annotator = Annotator(None, None, skip=False)
    lex = lexicon()
    sources = []
    statements, _ = load_news(gold_dir / "news" / "statements.jsonl", "train")
    statements = statements[: int(round(len(statements) * fraction))]
    sources.append(("news/statements.jsonl#train", gold_dir / "news" / "statements.jsonl", statements))
    if articles:
        arts, _ = load_news(gold_dir / "news" / "articles_train.jsonl")
        arts = arts[: int(round(len(arts) * fraction))]
        sources.append(("news/articles_train.jsonl", gold_dir / "news" / "articles_train.jsonl", arts))
    for p in extra or []:
        recs, _ = load_news(p)
        sources.append((str(p), p, recs))
    ex = Examples()
    data = {}
    for name, path, recs in sources:
        for rec, doc, index in parsed_records(recs, annotator):
            ex.extend(record_examples(doc, index, rec, lex))
        data[name] = {"records": len(recs), "sha256": _digest(path)}
    return ex, data


def fit_model(ex: Examples, c: float = 1.0) -> CoderModel:
    trig = fit_linear(ex.trig_x, ex.trig_y, c=c)
    src = fit_linear(ex.arg_x, ex.src_y, c=c)
    tgt = fit_linear(ex.arg_x, ex.tgt_y, c=c)
    fact = fit_linear(ex.fact_x, ex.fact_y, c=c)
    mode = fit_linear(ex.mode_x, ex.mode_y, c=c)
    # the candidate words: lemmas that were a trigger at least MIN_TRIGGER_COUNT times in training (a
    # word seen once is rarely fired on again, and every candidate lemma makes the prefilter parse more)
    seen = Counter(f[2:] for row, y in zip(ex.trig_x, ex.trig_y) if y != "NONE" for f in row if f.startswith("l="))
    trigger_lemmas = sorted(w for w, n in seen.items() if n >= MIN_TRIGGER_COUNT)
    return CoderModel(trig, src, tgt, fact, mode, THRESHOLDS,
                      {"version": MODEL_VERSION, "trigger_lemmas": trigger_lemmas})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m detente.coding.learned.train", description=__doc__)
    ap.add_argument("--gold", default="../shared/gold", help="the gold folder (default ../shared/gold)")
    ap.add_argument("--out", default=str(MODEL_PATH), help=f"where to write the model (default {MODEL_PATH})")
    ap.add_argument("--fraction", type=float, default=1.0, help="train on this fraction of the training data")
    ap.add_argument("--extra", nargs="*", default=[], help="more gold files in the news layout (your corrections)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    gold = Path(args.gold)
    if not (gold / "news" / "statements.jsonl").exists():
        print(f"{gold}: no news/statements.jsonl here (set --gold)", file=sys.stderr)
        return 2
    if not 0 < args.fraction <= 1:
        print(f"--fraction must be in (0, 1], not {args.fraction}", file=sys.stderr)
        return 2
    t0 = time.time()
    ex, data = training_examples(gold, args.fraction, extra=[Path(p) for p in args.extra])
    print(f"examples: {len(ex.trig_y)} words, {len(ex.src_y)} "
          f"trigger-mention pairs, {ex.aligned} gold events found in their text ({ex.unaligned} not), "
          f"{time.time() - t0:.0f} s")
    model = fit_model(ex)
    # no date or path in the file: the same data gives the same bytes
    model.meta.update({"trained_on": data, "fraction": args.fraction, "licence": LICENCE})
    model.save(Path(args.out))
    size = Path(args.out).stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB) in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
