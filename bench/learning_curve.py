"""Learning curve of the learned coder: train on 25 / 50 / 100 % of the training data (statements of
the `train` split and the training articles, in file order; thresholds chosen on every fifth of
them as `make train` does), score the learned coder alone and the
combined coder (with the event filter) on the `dev` statements and the dev articles, coded by `code_doc`
as users code them. Tells whether more hand-coding pays.

    .venv/bin/python bench/learning_curve.py [--gold ../shared/gold] [--fractions 0.25 0.5 1]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from detente.coding.extract import code_doc
from detente.coding.learned.corpus import parsed_records
from detente.coding.learned.train import train, training_records
from detente.coding.lexicon import lexicon
from detente.eval_news import load_news, reduce_event, score_news
from detente.model import Article
from detente.nlp import Annotator


def coded(parsed, model, lex, mode):
    """Each record coded as users code it (code_doc: the whole-text reading and, combined, the event
    filter), by the model alone ("learned") or with the rules ("combined")."""
    out = {}
    for rec, doc, index in parsed:
        art = Article.make(rec.text, rec.date, external_id=rec.id)
        out[rec.id] = [reduce_event(e) for e in code_doc(doc, index, art, lex, model=model, coder=mode)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default="../shared/gold")
    ap.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    args = ap.parse_args()
    gold = Path(args.gold)
    lex, ann = lexicon(), Annotator(None, None, skip=False)
    sets = {}
    for name, path, split in (("dev statements", "news/statements.jsonl", "dev"),
                              ("dev articles", "news/articles_dev.jsonl", None)):
        recs, _ = load_news(gold / path, split)
        sets[name] = (recs, list(parsed_records(recs, ann)))
    print("| train data | coder | dev statements F1 (P / R) | dev articles F1 (P / R) |")
    print("|---|---|---|---|")
    for frac in args.fractions:
        t0 = time.time()
        model, _ = train(training_records(gold, frac)[0], lex)
        for mode in ("learned", "combined"):
            cells = []
            for name, (recs, parsed) in sets.items():
                m = score_news(recs, coded(parsed, model, lex, mode)).metrics()
                cells.append(f"{m['f1']:.3f} ({m['precision']:.3f} / {m['recall']:.3f})")
            print(f"| {frac:.0%} | {mode} | {cells[0]} | {cells[1]} |", flush=True)
        print(f"<!-- {frac:.0%}: {time.time() - t0:.0f} s -->", flush=True)


if __name__ == "__main__":
    main()
