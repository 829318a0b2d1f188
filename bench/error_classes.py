"""The error classes of a coder on a gold file, counted by rule (no hand labels): for every gold event
missed, what the coder did instead in the same text; for every coded event unmatched, why it is wrong.
Tells where the remaining errors are (types? sources? targets?) without reading sentences one by one.

    .venv/bin/python bench/error_classes.py ../shared/gold/news/statements.jsonl --split dev
    .venv/bin/python bench/error_classes.py ../shared/gold/news/articles_dev.jsonl --coder learned
"""
from __future__ import annotations

import argparse
from collections import Counter

from detente.eval_news import _types, _unique, code_records, load_news, match_text, same_identity


def miss_class(g, coded) -> str:
    """Why a gold event found no match: the nearest thing the coder coded in the same text."""
    same_type = [c for c in coded if c.event in _types(g)]
    if not coded:
        return "missed: nothing coded in the text"
    if not same_type:
        if any(same_identity(g.source, c.source) and same_identity(g.target, c.target) for c in coded):
            return "missed: right actors, another type"
        return "missed: no event of its type in the text"
    if any(same_identity(g.source, c.target) and same_identity(g.target, c.source) for c in same_type):
        return "wrong direction: source and target swapped"
    if any(same_identity(g.source, c.source) for c in same_type):
        if g.target is None:
            return "wrong target: a target where gold has none"
        if any(c.target is None for c in same_type if same_identity(g.source, c.source)):
            return "wrong target: none coded"
        if g.source and g.target and g.source.split("/")[0] == g.target.split("/")[0]:
            return "wrong target: a domestic event's own country missed"
        return "wrong target: another actor"
    if any(same_identity(g.target, c.target) for c in same_type):
        return "wrong source: another actor"
    return "wrong source and target"


def alarm_class(c, gold) -> str:
    """Why a coded event matched no gold event."""
    if not gold:
        return "false alarm: the text has no gold event"
    if any(same_identity(g.source, c.source) and same_identity(g.target, c.target) for g in gold):
        return "false alarm: right actors, type not in gold"
    if any(c.event in _types(g) for g in gold):
        return "false alarm: type in gold, other actors"
    return "false alarm: type and actors not in gold"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("--split")
    ap.add_argument("--coder", default="combined", choices=["combined", "learned", "rules"])
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    records, _ = load_news(args.gold, args.split)
    coded = code_records(records, args.coder)
    classes = Counter()
    n_gold = n_coded = 0
    for rec in records:
        gold = _unique(rec.events, lambda g: (g.source, g.event, g.target))
        mine = _unique(coded.get(rec.id, []), lambda c: (c.source, c.event, c.target))
        n_gold += len(gold)
        n_coded += len(mine)
        pairs = match_text(gold, mine)
        used = {id(c) for _, c in pairs if c is not None}
        for g, c in pairs:
            if c is None:
                classes[miss_class(g, mine)] += 1
        for c in mine:
            if id(c) not in used:
                classes[alarm_class(c, gold)] += 1
    print(f"{args.gold} ({args.split or 'all'}), {args.coder} coder: {n_gold} gold events, {n_coded} coded\n")
    print("| error class | events |\n|---|---|")
    for name, n in classes.most_common(args.top):
        print(f"| {name} | {n} |")


if __name__ == "__main__":
    main()
