"""`detente review …`: analysts' reviews from the command line (docs/review.md) — confirm, reject,
correct or add an event, export the reviewed articles as gold, and see how often each lexicon entry
or model was confirmed or rejected. The web's review mode (`detente serve --review`) writes the same
table."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..errors import InputError, StoreError
from ..store import Store
from ..store.review_export import STATS_BY, export_gold, review_log, review_stats
from ..store.reviews import ReviewWriter, find_words
from .relations import FRAME_FORMATS, emit

SPAN = re.compile(r"^(\d+):(\d+)$")


def coder_only_option(p) -> None:
    """--coder-only for every command that reads events (events, export, relations …)."""
    p.add_argument("--coder-only", action="store_true",
                   help="the coder's raw output, not the analysts' reviewed reading (docs/review.md)")


def register(sub) -> None:
    p = sub.add_parser("review", help="confirm, reject, correct or add events; export reviews as gold; stats",
                       description="Analysts' reviews of coded events. The coder's output is never changed: each "
                                   "review is stored with who, when and the coder version it reviews, and the "
                                   "reviewed reading wins in events, exports, relations and the dashboard.")
    rsub = p.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    def command(name, help_text, func):
        c = rsub.add_parser(name, help=help_text, description=help_text)
        c.add_argument("--db", default="detente.duckdb", help="DuckDB store (default: ./detente.duckdb)")
        c.set_defaults(func=func)
        return c

    for action in ("confirm", "reject"):
        c = command(action, f"{action} a coded event", run_verdict)
        c.add_argument("event_id", metavar="EVENT_ID")
        _reviewer(c)
    c = command("correct", "correct an event's type, mode, factuality, source or target", run_correct)
    c.add_argument("event_id", metavar="EVENT_ID")
    _reading(c)
    _reviewer(c)
    c = command("add", "add an event the coder missed, with its trigger words in the article", run_add)
    c.add_argument("article_id", metavar="ARTICLE_ID")
    c.add_argument("--trigger", required=True,
                   help="the trigger: words of the article (first occurrence) or character offsets START:END")
    _reading(c)
    _reviewer(c)
    c = command("export", "write the reviewed articles as gold JSONL (the layout of gold/news/articles_*.jsonl)",
                run_export)
    c.add_argument("--out", required=True, metavar="FILE", help="the JSONL file to write")
    c.add_argument("--reviewed-only", action="store_true",
                   help="only events an analyst confirmed, corrected or added (default: the reviewed reading "
                        "of every event of a reviewed article)")
    c = command("stats", "how often each lexicon entry or model had its events confirmed or rejected", run_stats)
    c.add_argument("--by", choices=STATS_BY, default="rule", help="per lexicon entry / rule (default) or per model")
    c.add_argument("--format", choices=FRAME_FORMATS, default="table", help="output format (default: table)")
    c.add_argument("--out", metavar="FILE", help="write to FILE instead of the terminal")
    c = command("list", "every review, oldest first: who, when, what, and the reading it left", run_list)
    c.add_argument("--reviewer", metavar="NAME", help="only this reviewer's reviews")
    c.add_argument("--format", choices=FRAME_FORMATS, default="table", help="output format (default: table)")
    c.add_argument("--out", metavar="FILE", help="write to FILE instead of the terminal")


def _reviewer(c) -> None:
    c.add_argument("--reviewer", required=True, metavar="NAME", help="who reviews (stored with the review)")
    c.add_argument("--note", help="a note kept with the review")


def _reading(c) -> None:
    c.add_argument("--event", help="PLOVER event type, e.g. SANCTION")
    c.add_argument("--mode", help="PLOVER mode of the type")
    c.add_argument("--factuality", choices=["asserted", "negated", "future", "hypothetical"])
    c.add_argument("--source", help="source actor: a code (RUS, 'RUS GOV'), organisation (NATO) or name (Russia)")
    c.add_argument("--target", help="target actor, as --source; '' for none")


def _changes(args) -> dict:
    return {k: getattr(args, k) for k in ("event", "mode", "factuality", "source", "target")
            if getattr(args, k) is not None}


def _writable(args) -> Store:
    """The store to write a review to; never a new empty one for a mistyped path."""
    if not Path(args.db).exists():
        raise StoreError("no such store; run `detente code` first", path=args.db)
    return Store(args.db)


def run_verdict(args: argparse.Namespace) -> int:
    with _writable(args) as store:
        row = ReviewWriter(store.con, args.reviewer).review(args.event_id, args.review_command, note=args.note)
    print(f"detente: review {row['id']}: {row['action']} {row['event_id']}", file=sys.stderr)
    return 0


def run_correct(args: argparse.Namespace) -> int:
    with _writable(args) as store:
        row = ReviewWriter(store.con, args.reviewer).review(args.event_id, "correct", _changes(args), note=args.note)
    print(f"detente: review {row['id']}: corrected {row['event_id']} → {row['source_code']} {row['event']} "
          f"{row['target_code'] or '-'} ({row['factuality']})", file=sys.stderr)
    return 0


def run_add(args: argparse.Namespace) -> int:
    with _writable(args) as store:
        start, end = _trigger_span(store, args.article_id, args.trigger)
        row = ReviewWriter(store.con, args.reviewer).add(args.article_id, start, end, _changes(args), note=args.note)
    print(f"detente: review {row['id']}: added {row['event_id']} «{row['trigger']}» → {row['source_code']} "
          f"{row['event']} {row['target_code'] or '-'} ({row['factuality']})", file=sys.stderr)
    return 0


def _trigger_span(store, article_id: str, trigger: str) -> tuple[int, int]:
    m = SPAN.match(trigger.strip())
    if m:
        return int(m.group(1)), int(m.group(2))
    span = find_words(store.con, article_id, trigger)
    if span is None:
        raise InputError(f"--trigger {trigger!r} is not in article {article_id}")
    return span


def run_export(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True) as store:
        n_articles, n_events = export_gold(store.con, args.out, reviewed_only=args.reviewed_only)
    print(f"detente: wrote {n_articles} reviewed articles ({n_events} events) to {args.out}", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True) as store:
        df = review_log(store.con, reviewer=args.reviewer)
    emit(df, args.format, args.out)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    with Store(args.db, read_only=True) as store:
        df = review_stats(store.con, by=args.by)
    emit(df, args.format, args.out)
    return 0
