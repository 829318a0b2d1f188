"""`detente code PATH...`: read articles, code them, store them, print the events."""
from __future__ import annotations

import argparse
import sys

from ..errors import LanguageError, NotAnArticle
from ..ingest import ReadOptions
from ..batch import code_sources
from ..store import Store
from ..store.filters import check_date
from .output import FORMATS, print_events


def register(sub) -> None:
    p = sub.add_parser("code", help="code articles into events and store them",
                       description="Code articles (.txt, .jsonl, directories) into PLOVER events, store "
                                   "articles, actors, events and evidence in DuckDB, and print the events.")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files, directories, globs or feed URLs (.txt .jsonl .csv .tsv .html .rss .atom .xml, "
                        "each also .gz)")
    p.add_argument("--db", default="detente.duckdb", help="DuckDB store (default: ./detente.duckdb)")
    p.add_argument("--format", choices=FORMATS, default="table", help="how to print events (default: table)")
    p.add_argument("--quiet", action="store_true", help="print no events, only errors and the run summary")
    p.add_argument("--date", help="article date (YYYY-MM-DD) for inputs without one (.txt files)")
    p.add_argument("--actors", action="append", metavar="FILE",
                   help="a PETRARCH/TABARI actor dictionary to use as well, with its date ranges (repeatable)")
    p.add_argument("--agents", action="append", metavar="FILE",
                   help="a PETRARCH/TABARI agent dictionary to use as well (repeatable)")
    scale = p.add_argument_group("scale (docs/scale.md)")
    scale.add_argument("--resume", action="store_true",
                       help="continue the last interrupted run over the same inputs where it stopped")
    scale.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local processes (default) or a Dask cluster")
    scale.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="Dask scheduler address (--engine dask); default: a LocalCluster on this machine")
    scale.add_argument("--n-process", type=int, default=1, metavar="N",
                       help="worker processes coding in parallel (default 1; Dask: LocalCluster workers)")
    scale.add_argument("--batch-size", type=int, default=None, metavar="N",
                       help="articles per batch and per store transaction (default 64)")
    scale.add_argument("--no-prefilter", action="store_true",
                       help="parse every sentence, even those that cannot carry an event")
    src = p.add_argument_group("sources (docs/sources.md)")
    src.add_argument("--text-col", default="text", help="CSV/TSV column with the article text (default: text)")
    src.add_argument("--date-col", default="date", help="CSV/TSV column with the date (default: date)")
    src.add_argument("--id-col", default="id", help="CSV/TSV column with the article id (default: id)")
    src.add_argument("--title-col", default="title", help="CSV/TSV column with the title (default: title)")
    src.add_argument("--url-col", default="url", help="CSV/TSV column with the URL (default: url)")
    src.add_argument("--source-col", default="source",
                     help="CSV/TSV/JSONL field with the outlet (default: source; else the URL's domain)")
    src.add_argument("--no-fetch", action="store_true",
                     help="feeds: code entries from their summaries, never fetch the linked pages")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    date = check_date(args.date, "--date")  # ISO only: 05/09/2024 is May or September
    if args.actors or args.agents:  # user dictionaries (docs/actors.md); errors stop here, before coding
        from ..actors.dictionaries import use_dictionaries
        use_dictionaries(args.actors, args.agents)
    printed_header = False
    bar = None  # the progress bar, on a terminal

    def on_error(err) -> None:
        kind = "skipped" if isinstance(err, (LanguageError, NotAnArticle)) else "error"
        if bar is not None:
            bar.write(f"detente: {kind}: {err}", file=sys.stderr)  # above the bar, not through it
        else:
            print(f"detente: {kind}: {err}", file=sys.stderr)

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
            # Already stored (the same report): print what the store holds instead of coding it again.
            from ..pipeline import CodedArticle
            from ..store.store import row_to_record
            rows = store.query_events(article_id=article.id).to_dict("records")
            on_coded(CodedArticle(article, [], [], {}), [row_to_record(r) for r in rows])

        options = ReadOptions(date=date, text_col=args.text_col, date_col=args.date_col, id_col=args.id_col,
                              title_col=args.title_col, url_col=args.url_col, source_col=args.source_col,
                              fetch=not args.no_fetch)
        bar = _progress_bar(args.paths, options)
        try:
            summary = code_sources(
                args.paths, store, options=options, batch_size=args.batch_size, engine=args.engine,
                n_process=args.n_process, scheduler=args.scheduler, prefilter=not args.no_prefilter,
                resume=args.resume, on_error=on_error,
                on_coded=None if args.quiet else lambda c: on_coded(c, c.records()),
                on_known=None if (args.quiet or args.resume) else on_known,
                progress=bar.update if bar else None)
        finally:
            if bar:
                bar.close()
    print(f"detente: {summary.line()}; {summary.seconds:.1f} s; stored in {args.db}", file=sys.stderr)
    return 1 if summary.failures else 0


def _progress_bar(paths, options):
    """A progress bar with rate and ETA, on a terminal only (never in pipes, logs or tests)."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    from ..batch import count_records
    return tqdm(total=count_records(paths, options), unit="article", file=sys.stderr, dynamic_ncols=True,
                desc="coding")
