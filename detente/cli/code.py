"""`detente code PATH...`: read articles, code them, store them, print the events."""
from __future__ import annotations

import argparse
import sys

from ..ingest import parse_date
from ..pipeline import code_sources
from ..store import Store
from .output import FORMATS, print_events


def register(sub) -> None:
    p = sub.add_parser("code", help="code articles into events and store them",
                       description="Code articles (.txt, .jsonl, directories) into PLOVER events, store "
                                   "articles, actors, events and evidence in DuckDB, and print the events.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to code")
    p.add_argument("--db", default="detente.duckdb", help="DuckDB store (default: ./detente.duckdb)")
    p.add_argument("--format", choices=FORMATS, default="table", help="how to print events (default: table)")
    p.add_argument("--date", help="article date (YYYY-MM-DD) for inputs without one (.txt files)")
    p.add_argument("--actors", action="append", metavar="FILE",
                   help="a PETRARCH/TABARI actor dictionary to use as well, with its date ranges (repeatable)")
    p.add_argument("--agents", action="append", metavar="FILE",
                   help="a PETRARCH/TABARI agent dictionary to use as well (repeatable)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    date = parse_date(args.date, path="--date") if args.date else None
    if args.actors or args.agents:  # user dictionaries (docs/actors.md); errors stop here, before coding
        from ..actors.dictionaries import use_dictionaries
        use_dictionaries(args.actors, args.agents)
    printed_header = False

    def on_error(err) -> None:
        print(f"detente: error: {err}", file=sys.stderr)

    def on_coded(coded, records) -> None:
        nonlocal printed_header
        a = coded.article
        if a.date_origin == "file mtime":
            print(f"detente: note: {a.path}: no --date given; using the file's modification date {a.date}",
                  file=sys.stderr)
        if args.format == "table":
            print(f"\n# {a.title or a.external_id or a.id}  ({a.date}, {a.path})")
            print_events(records, "table")
        elif args.format == "csv":
            if not printed_header:
                print_events(records, "csv")
                printed_header = True
            else:
                import csv
                from .output import CSV_FIELDS, flat
                w = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS)
                for r in records:
                    w.writerow(flat(r))
        else:
            print_events(records, args.format)
        sys.stdout.flush()

    with Store(args.db) as store:
        def on_known(article) -> None:
            # Already stored (same content): print what the store holds instead of coding it again.
            from ..pipeline import CodedArticle
            from ..store.store import row_to_record
            rows = store.query_events(article_id=article.id).to_dict("records")
            on_coded(CodedArticle(article, [], [], {}), [row_to_record(r) for r in rows])

        summary = code_sources(args.paths, store, date=date, on_error=on_error,
                               on_coded=lambda c: on_coded(c, [e.to_json() for e in c.events]),
                               on_known=on_known)
    print(f"detente: {summary.line()}; stored in {args.db}", file=sys.stderr)
    return 1 if summary.failures else 0
