"""`detente eval GOLD.jsonl`: score the coder on a gold file of hand-coded events."""
from __future__ import annotations

import argparse
import json

from ..config import CODERS
from ..errors import InputError
from ..eval_news import evaluate_news, is_news_file, render_news
from ..evaluate import evaluate, render_text


def register(sub) -> None:
    p = sub.add_parser("eval", help="score the coder on a gold file (news statements/articles, or PLOVER JSONL)",
                       description="Code every text of a gold file and score it. A file whose records carry an "
                                   "`events` list (../shared/gold/news/*.jsonl) is scored by the metric of "
                                   "gold/README.md: event P/R/F1, undirected F1, factuality accuracy, "
                                   "non-asserted events found right, negated coded as asserted, per type, misses. "
                                   "A PLOVER-format file (one event per record) gets event-type recall, triple "
                                   "recall and precision, factuality accuracy, a confusion table and the misses.")
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold file: news records with `events`, or PLOVER records")
    p.add_argument("--split", default=None, metavar="NAME",
                   help="score only the records of this split (news files: train or dev)")
    p.add_argument("--coder", choices=CODERS, default=None,
                   help="which coder to score: combined (default), learned or rules")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="score only the first N records")
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    p.add_argument("--misses", type=int, default=20, metavar="N",
                   help="list at most N missed gold events with their sentences (default: 20; 0 = none)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise InputError(f"--limit must be a positive number, not {args.limit}")
    if is_news_file(args.gold):
        res = evaluate_news(args.gold, split=args.split, limit=args.limit, coder=args.coder)
        if args.format == "json":
            print(json.dumps(res.to_json(misses=args.misses), indent=2, ensure_ascii=False))
        else:
            print(render_news(res, misses=args.misses))
        return 0
    if args.split is not None:
        raise InputError("--split applies to news gold files (records with an `events` list)", path=args.gold)
    res = evaluate(args.gold, limit=args.limit, coder=args.coder)
    if args.format == "json":
        print(json.dumps(res.to_json(misses=args.misses), indent=2, ensure_ascii=False))
    else:
        print(render_text(res, misses=args.misses), end="")
    return 0
