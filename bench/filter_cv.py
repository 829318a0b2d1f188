"""Cross-validation of the event filter (detente/coding/learned/rerank.py) on the TRAINING records only.

Each gold training record's candidates are read by a model fitted on the other four folds
(`train.candidate_events`, as `make train` does); the filter is then fitted on the candidates of four
folds and judges the fifth, and the pooled judgements are scored by the gold metric at each keep
threshold, statements and articles apart. Beside them: the candidates the model's own thresholds and
the rules read (what the coder codes without the filter), and every candidate (the recall ceiling).

    .venv/bin/python bench/filter_cv.py [--gold ../shared/gold] [--cache cands.pkl] [--c 0.1] [--loose JSON] [--handcoded LABELS…] [--classes]

With --classes, the error classes of the triples kept as `make train` chooses, on the training records
(statements and articles apart): why each kept triple the gold lacks is wrong, and where each gold
triple not kept was lost — no candidate read it, or the filter dropped it — named by the nearest thing
kept in the same text. Where the errors are, without reading dev.
"""
from __future__ import annotations

import argparse
import json
import logging
import pickle
import time
from collections import Counter
from pathlib import Path

from detente.coding.learned import train as training
from detente.coding.learned.coder import MODEL_PATH, CoderModel
from detente.coding.learned.handcoded import HANDCODED
from detente.coding.lexicon import lexicon
from detente.coding.metric import score_news

ARTICLE_CHARS = 1500
FOLDS = 5


def scored(parsed, rows, keep) -> dict:
    """F1, precision and recall of the kept triples on every gold record, statements and articles apart."""
    coded = training.kept_triples(parsed, rows, keep)
    out = {}
    for kind in ("statements", "articles", "all"):
        recs = [rec for rec, _, _ in parsed if rec.split != HANDCODED
                and (kind == "all" or (kind == "articles") == (len(rec.text) > ARTICLE_CHARS))]
        m = score_news(recs, coded).metrics()
        out[kind] = (round(m["f1"], 4), round(m["precision"], 3), round(m["recall"], 3))
    return out


def nearest(triple: tuple, others: set[tuple]) -> str:
    """How a triple relates to the triples of the other side in its text (gold's or kept)."""
    src, etype, tgt = triple
    if triple in others:
        return "matched"
    if not others:
        return "the text has none"
    same_act = [o for o in others if o[0] == src and o[1] == etype]
    if same_act:
        if tgt is None:
            return "same source and type, a target there"
        return "same source and type, " + ("no target there" if any(o[2] is None for o in same_act)
                                            else "another target")
    if any(o[1] == etype and o[2] == tgt for o in others):
        return "same type and target, another source"
    if any({o[0], o[2]} == {src, tgt} for o in others):
        return "same actors, another type"
    if any(o[1] == etype for o in others):
        return "its type there, between other actors"
    return "its type not there"


def error_classes(parsed, rows, keep) -> dict[str, dict[str, Counter]]:
    """Per kind of text, the classes of the kept triples the gold lacks ("coded") and of the gold
    triples not kept ("gold": candidate dropped by the filter, or no candidate)."""
    kept_by, cand_by = {}, {}
    for (k, key, _, _), ok in zip(rows, keep):
        cand_by.setdefault(k, set()).add(key)
        if ok:
            kept_by.setdefault(k, set()).add(key)
    out = {kind: {"coded": Counter(), "gold": Counter()} for kind in ("statements", "articles")}
    for k, (rec, _, _) in enumerate(parsed):
        if rec.split == HANDCODED:
            continue
        kind = "articles" if len(rec.text) > ARTICLE_CHARS else "statements"
        gold, kept = training.gold_triples(rec), kept_by.get(k, set())
        for t in kept - gold:
            out[kind]["coded"][nearest(t, gold)] += 1
        readings: dict[tuple, set] = {}  # each gold triple (counted once, as the metric does) and its alternative
        for g in rec.events:
            triple = (g.source, g.event, g.target)
            readings.setdefault(triple, {triple})
            if g.alt_event:
                readings[triple].add((g.source, g.alt_event, g.target))
        for triple, alts in readings.items():
            if alts & kept:
                continue
            where = "dropped by the filter: " if alts & cand_by.get(k, set()) else "no candidate: "
            out[kind]["gold"][where + nearest(triple, kept)] += 1
    return out


def read_candidates(parsed: list[tuple], lex, cache: str | None = None, loose: dict | None = None) -> dict[int, list]:
    """Each gold record's candidates, read by a model fitted on the other folds (train.candidate_events,
    the committed thresholds); kept in ``cache`` (a pickle) and read back from it when it exists."""
    if cache and Path(cache).exists():
        with open(cache, "rb") as fh:
            return pickle.load(fh)
    cands = training.candidate_events(parsed, training.examples_of(parsed, lex), lex,
                                      CoderModel.load(MODEL_PATH).thresholds, loose=loose)
    if cache:
        with open(cache, "wb") as fh:
            pickle.dump(cands, fh)
    return cands


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default="../shared/gold")
    ap.add_argument("--cache", help="keep the candidates here (pickle) and read them back when it exists")
    ap.add_argument("--c", type=float, default=training.FILTER_C, help="the filter's L2 strength (scikit-learn C)")
    ap.add_argument("--handcoded", nargs="*", default=[], help="also fit the models on these hand-coded labels "
                    "(handcoded/*.jsonl); only gold records are held out, judged and taught to the filter")
    ap.add_argument("--classes", action="store_true", help="print the error classes of the chosen keep")
    ap.add_argument("--loose", type=json.loads, default=None,
                    help='candidate thresholds other than rerank.CANDIDATES, as JSON: \'{"trigger": 0.95}\'')
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    t0 = time.time()
    lex = lexicon()
    parsed, _ = training.training_records(Path(args.gold), 1.0, handcoded=[Path(p) for p in args.handcoded])
    print(f"parsed {len(parsed)} in {time.time() - t0:.0f} s", flush=True)
    cands = read_candidates(parsed, lex, args.cache, args.loose)
    print(f"candidates read in {time.time() - t0:.0f} s", flush=True)
    rows = training.filter_rows(parsed, cands)
    print(f"{len(rows)} candidate triples, {sum(r[3] for r in rows)} in the gold")
    base = [any(f in ("o=model", "o=both", "o=rules") for f in feats) for _, _, feats, _ in rows]
    print("without the filter:", json.dumps(scored(parsed, rows, base)))
    print("every candidate:  ", json.dumps(scored(parsed, rows, [True] * len(rows))))
    probs = training.filter_probabilities(rows, FOLDS, c=args.c)
    for th in training.KEEP_GRID:
        print(f"filter at {th} (the rules' triples from {min(th, training.RULED_KEEP)}, "
              f"the non-asserted from {min(th, training.LOW_KEEP)}):",
              json.dumps(scored(parsed, rows, training.kept(rows, probs, th))), flush=True)
    keep, keep_article, _ = training.best_keep(parsed, rows, probs)
    chosen = training.kept(rows, probs, keep, keep_article)
    print(f"as make train chooses (statements from {keep}, articles from {keep_article}):",
          json.dumps(scored(parsed, rows, chosen)))
    if args.classes:
        for kind, sides in error_classes(parsed, rows, chosen).items():
            for side, title in (("coded", "kept triples the gold lacks"), ("gold", "gold triples not kept")):
                print(f"\n{kind}, {title} ({sum(sides[side].values())}):")
                for name, n in sides[side].most_common():
                    print(f"  {n:5d}  {name}")
    print(f"done in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
