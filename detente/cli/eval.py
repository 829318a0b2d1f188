"""`detente eval GOLD.jsonl`: score the coder on a gold file of hand-coded events."""
from __future__ import annotations

import argparse
import json

from ..evaluate import evaluate, render_text


def register(sub) -> None:
    p = sub.add_parser("eval", help="score the coder on a gold file (PLOVER JSONL)",
                       description="Code every text of a PLOVER-format gold file and report event-type "
                                   "recall, (source, event, target) recall and precision at country level, "
                                   "factuality accuracy, a confusion table and the misses.")
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold file: one hand-coded event per line")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="score only the first N records")
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    p.add_argument("--misses", type=int, default=20, metavar="N",
                   help="list at most N missed gold events with their sentences (default: 20; 0 = none)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    res = evaluate(args.gold, limit=args.limit)
    if args.format == "json":
        print(json.dumps(res.to_json(misses=args.misses), indent=2, ensure_ascii=False))
    else:
        print(render_text(res, misses=args.misses), end="")
    return 0
