"""`detente actors TEXT-or-FILE`: every mention, its resolution and the reason."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from ..errors import InputError
from ..ingest import iter_sources
from ..ingest.readers import looks_like_path
from ..model import Article
from ..store.filters import check_date


def register(sub) -> None:
    p = sub.add_parser("actors", help="show every actor mention, its resolution and why",
                       description="Resolve the actors of a text or of article files (.txt, .jsonl, "
                                   "directories) on their date and print every mention with its code, "
                                   "sector and reason; places and unresolved names are listed too.")
    p.add_argument("source", metavar="TEXT-or-FILE", help="a text in quotes, or a file or directory")
    p.add_argument("--date", help="article date YYYY-MM-DD (default: the record's date, else today)")
    p.add_argument("--format", choices=("table", "jsonl"), default="table", help="output (default: table)")
    p.add_argument("--actors", action="append", metavar="FILE",
                   help="a PETRARCH/TABARI actor dictionary to use as well (repeatable)")
    p.add_argument("--agents", action="append", metavar="FILE",
                   help="a PETRARCH/TABARI agent dictionary to use as well (repeatable)")
    p.set_defaults(func=run)


def _articles(args, date):
    if Path(args.source).exists():
        yield from iter_sources([args.source], date)
    elif looks_like_path(args.source):  # "nothere.jsonl" is a missing file, not a text to code
        raise InputError("no such file or directory (to code a text, give a sentence in quotes)", path=args.source)
    else:
        yield Article.make(args.source, date or dt.date.today(), date_origin="--date" if date else "today")


def run(args: argparse.Namespace) -> int:
    from ..actors.dictionaries import resolver_from_environment, use_dictionaries
    from ..actors.report import explain
    from ..errors import DetenteError

    date = check_date(args.date, "--date")  # ISO only: 05/09/2024 is May or September
    resolver = use_dictionaries(args.actors, args.agents) if args.actors or args.agents \
        else resolver_from_environment()
    failures, good = 0, []
    for item in _articles(args, date):
        if isinstance(item, DetenteError):
            print(f"detente: error: {item}", file=sys.stderr)
            failures += 1
        else:
            good.append(item)
    for article, rows in explain(good, resolver):
        if args.format == "jsonl":
            for r in rows:
                print(json.dumps(r, ensure_ascii=False))
        else:
            print(f"# {article.title or article.external_id or article.id}  ({article.date})")
            for r in rows:
                what = r["cameo"] or r["code"] or "-"
                if r["kind"] == "location":
                    what = f"place {r['code'] or '?'}"
                elif r["kind"] == "unresolved":
                    what = "UNRESOLVED"
                print(f"{r['start']:>6}  {r['text'][:40]:<40}  {what:<12}  {r['name'][:28]:<28}  {r['reason']}")
            print()
    return 1 if failures else 0
