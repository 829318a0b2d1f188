"""Five-fold cross-validation of the combined coder on the TRAINING records only (the `train` split of
the statements and the training articles): for each fold k, fit the model on the records whose index
is not k mod 5, code the held records as users code them (`code_doc`, combined coder) and score them by
the gold metric, statements and articles (texts over 1,500 characters) apart: F1, precision and recall,
and for factuality the accuracy on matched events, the non-asserted gold events found with the right
factuality (of all non-asserted gold events) and the negated events coded as asserted. The decoding thresholds
stay the committed model's (chosen by `make train` on fold 4, so folds 0–3 are clean of them).

Why: 400 dev statements and 28 dev articles move by ±0.01–0.02 F1 between two equally good models; five
folds over 4,768 training records judge a change on twelve times the data, without touching dev.

    .venv/bin/python bench/cross_validate.py [--gold ../shared/gold] [--folds 5] [--handcoded LABELS…] [--margin M] [--dump held.jsonl]

``--margin`` tries a factuality margin (learned/reading.py) other than the committed model's.
``--dump`` writes each held record's gold and coded events (labels with factuality and trigger) for
error analysis; the records are training records only.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from detente.coding.extract import code_doc
from detente.coding.gold import reduce_event
from detente.coding.learned import train as training
from detente.coding.learned.coder import MODEL_PATH, CoderModel
from detente.coding.learned.handcoded import HANDCODED
from detente.coding.lexicon import lexicon
from detente.coding.metric import score_news
from detente.model import Article

ARTICLE_CHARS = 1500  # a longer text is a whole article


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default="../shared/gold")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--handcoded", nargs="*", default=[], help="also fit on these hand-coded labels "
                    "(handcoded/*.jsonl); they are never held out")
    ap.add_argument("--margin", type=float, help="the factuality margin (default: the committed model's)")
    ap.add_argument("--dump", help="write the held records' gold and coded events here (JSON lines)")
    args = ap.parse_args()
    t0 = time.time()
    lex = lexicon()
    parsed, _ = training.training_records(Path(args.gold), 1.0,
                                          handcoded=[Path(p) for p in args.handcoded])
    per_record = training.examples_of(parsed, lex)
    # a gold record's fold is its place among the gold records; hand-coded ones are always fitted on
    fold_of, n_gold = {}, 0
    for k, (rec, _, _) in enumerate(parsed):
        if rec.split != HANDCODED:
            fold_of[k], n_gold = n_gold % args.folds, n_gold + 1
    thresholds = CoderModel.load(MODEL_PATH).thresholds
    if args.margin is not None:
        thresholds.factuality = args.margin
    print(f"parsed {len(parsed)} training records in {time.time() - t0:.0f} s; thresholds {vars(thresholds)}")
    pooled = {"statements": ([], {}), "articles": ([], {})}
    for fold in range(args.folds):
        model = training.fit_model(training.pooled([e for k, e in enumerate(per_record) if fold_of.get(k) != fold]),
                                   thresholds=thresholds)
        line = {}
        for kind, (records, coded) in pooled.items():
            here = [(rec, doc, index) for k, (rec, doc, index) in enumerate(parsed) if fold_of.get(k) == fold
                    and (kind == "articles") == (len(rec.text) > ARTICLE_CHARS)]
            codes = {rec.id: [reduce_event(e) for e in code_doc(doc, index, Article.make(rec.text, rec.date,
                                                                                        external_id=rec.id),
                                                                 lex, model=model, coder="combined")]
                     for rec, doc, index in here}
            line[kind] = round(score_news([r for r, _, _ in here], codes).metrics()["f1"], 4)
            records.extend(r for r, _, _ in here)
            coded.update(codes)
        print(f"fold {fold}: F1 {line} ({time.time() - t0:.0f} s)", flush=True)
    totals = {kind: score_news(records, coded).metrics() for kind, (records, coded) in pooled.items()}
    totals["all"] = score_news(pooled["statements"][0] + pooled["articles"][0],
                               {**pooled["statements"][1], **pooled["articles"][1]}).metrics()
    print(json.dumps({kind: {k: round(m[k], 4) for k in ("f1", "precision", "recall")}
                      for kind, m in totals.items()}))
    print(json.dumps({kind: {"factuality_accuracy": m["factuality_accuracy"],
                             "non_asserted_found_right": f"{m['non_asserted_found_right']}/{m['non_asserted_gold']}",
                             "negated_coded_as_asserted": m["negated_coded_as_asserted"]}
                      for kind, m in totals.items()}))
    if args.dump:
        with open(args.dump, "w") as fh:
            for kind, (records, coded) in pooled.items():
                for rec in records:
                    fh.write(json.dumps({"id": rec.id, "kind": kind, "text": rec.text,
                                         "gold": [{"label": g.label(), "source": g.source, "event": g.event,
                                                   "target": g.target, "factuality": g.factuality,
                                                   "trigger": g.trigger, "alt_event": g.alt_event,
                                                   "sentence": g.sentence} for g in rec.events],
                                         "coded": [{"source": c.source, "event": c.event, "target": c.target,
                                                    "factuality": c.factuality, "trigger": c.trigger,
                                                    "rule": c.rule} for c in coded[rec.id]]}) + "\n")


if __name__ == "__main__":
    main()
