"""Where the gold triples the event filter never sees are lost, on the TRAINING records only.

Each gold training record's candidates are read as bench/filter_cv.py reads them (a model fitted on the
other four fifths, at the candidates' looser thresholds, with the untargeted readings); every gold
triple no candidate matches is classed by rule, as bench/error_classes.py classes a miss (the nearest
thing the candidates hold in the same text), statements and articles apart; then the type confusions
of the largest class and how the candidates read the factuality of the non-asserted gold triples they
hold. It says what the filter cannot choose, because no candidate offers it.

    .venv/bin/python bench/candidate_misses.py [--gold ../shared/gold] [--cache cands.pkl]

``--cache`` is filter_cv.py's: the candidates are read once (3–4 min) and kept there.
"""
from __future__ import annotations

import argparse
import logging
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

from error_classes import miss_class
from filter_cv import ARTICLE_CHARS, read_candidates

from detente.coding.learned import train as training
from detente.coding.learned.rerank import triple_key, with_untargeted
from detente.coding.lexicon import lexicon
from detente.eval_news import _types, same_identity


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default="../shared/gold")
    ap.add_argument("--cache", help="filter_cv.py's candidates (pickle): read when it exists, else written")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    parsed, _ = training.training_records(Path(args.gold), 1.0)
    cands = read_candidates(parsed, lexicon(), args.cache)
    classes = {"statements": Counter(), "articles": Counter()}
    totals, found = Counter(), Counter()
    confusions: Counter = Counter()
    facts: Counter = Counter()
    for k, events in sorted(cands.items()):
        rec = parsed[k][0]
        kind = "articles" if len(rec.text) > ARTICLE_CHARS else "statements"
        readings: dict[tuple, list[str]] = {}
        for e in with_untargeted(events):
            readings.setdefault(triple_key(e), []).append(e.factuality)
        coded = [SimpleNamespace(source=s, event=t, target=o) for s, t, o in readings]
        seen = set()
        for g in rec.events:
            if (g.source, g.event, g.target) in seen:
                continue
            seen.add((g.source, g.event, g.target))
            totals[kind] += 1
            hit = [c for c in coded if c.event in _types(g) and same_identity(g.source, c.source)
                   and same_identity(g.target, c.target)]
            if hit:
                found[kind] += 1
                if g.factuality != "asserted":  # how the first reading of the triple reads it
                    facts[g.factuality, readings[(hit[0].source, hit[0].event, hit[0].target)][0]] += 1
                continue
            why = miss_class(g, coded)
            classes[kind][why] += 1
            if why == "missed: right actors, another type":
                for c in coded:
                    if same_identity(g.source, c.source) and same_identity(g.target, c.target):
                        confusions[g.event, c.event] += 1
    for kind in ("statements", "articles"):
        print(f"{kind}: {totals[kind]} gold triples, {found[kind]} among the candidates "
              f"({found[kind] / max(totals[kind], 1):.3f})")
        for why, n in classes[kind].most_common():
            print(f"  {n:5d}  {why}")
    print("right actors, another type — gold type → a type the candidates read (top 15):")
    print("  " + ", ".join(f"{g}→{c} {n}" for (g, c), n in confusions.most_common(15)))
    print("non-asserted gold triples among the candidates — gold factuality → the candidates' reading:")
    print("  " + ", ".join(f"{g}→{c} {n}" for (g, c), n in sorted(facts.items())))


if __name__ == "__main__":
    main()
