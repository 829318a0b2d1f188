"""How events are dated on real news: how many take a date other than their article's, how it was
found (date_origin: article, explicit, relative) and how precise it is (day, week, month, year), and
whether any event that happened (asserted or negated) is dated after its article.

    .venv/bin/python bench/event_dates.py [--limit 300] [--corpus PATH] [--coder rules|learned|combined]
                                          [--show 10]

The corpus is the 2017 world-news CSV of ../shared/corpora (article_id, publish_date, text …). Prints
one JSON summary; --show N also prints N of the events dated away from their article (date, how,
trigger, sentence) for a reader to judge. Exit code 1 when an asserted or negated event is dated after
its article (the rule docs/coding.md states), else 0. Figures are reported in docs/coding.md."""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "news_articles_dai2017" / "NewsArticles.csv"
HAPPENED = ("asserted", "negated")


def load_articles(corpus: Path, limit: int | None):
    """The first ``limit`` readable articles of the corpus, read as `detente code` reads a CSV."""
    from detente.errors import DetenteError
    from detente.ingest.readers import ReadOptions
    from detente.ingest.tables import read_csv
    options = ReadOptions(date_col="publish_date", id_col="article_id", url_col="article_source_link")
    out = []
    for item in read_csv(corpus, options):
        if isinstance(item, DetenteError):
            continue  # an unreadable row (one undated article): not an event-dating question
        out.append(item)
        if limit and len(out) >= limit:
            break
    return out


def offset_bucket(days: int) -> str:
    """How far before (or after) its article an event is dated."""
    if days > 0:
        return "after the article"
    days = -days
    return ("within a week before" if days <= 7 else "within a month before" if days <= 31
            else "within a year before" if days <= 366 else "more than a year before")


def measure(articles, coder: str) -> tuple[dict, list]:
    from detente import code_articles
    n_events, away, after_happened = 0, [], []
    origin, precision, how_away, offsets, fact_away = Counter(), Counter(), Counter(), Counter(), Counter()
    for coded in code_articles(articles, coder=coder):
        day = coded.article.date
        for e in coded.events:
            n_events += 1
            origin[e.date_origin] += 1
            precision[e.date_precision] += 1
            if e.date != day:
                away.append((coded.article, e))
                how_away[f"{e.date_origin}/{e.date_precision}"] += 1
                offsets[offset_bucket((e.date - day).days)] += 1
                fact_away[e.factuality] += 1
            if e.date > day and e.factuality in HAPPENED:
                after_happened.append((coded.article, e))
    summary = {
        "articles": len(articles), "events": n_events,
        "dated_other_than_article": len(away),
        "share_dated_other_than_article": round(len(away) / n_events, 4) if n_events else 0.0,
        "by_origin": dict(origin.most_common()), "by_precision": dict(precision.most_common()),
        "away_by_origin_and_precision": dict(how_away.most_common()),
        "away_by_offset": dict(offsets.most_common()), "away_by_factuality": dict(fact_away.most_common()),
        "asserted_or_negated_dated_after_article": len(after_happened),
    }
    return summary, away + after_happened


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the news CSV (default: the 2017 corpus)")
    ap.add_argument("--limit", type=int, default=300, help="code the first N articles (default 300)")
    ap.add_argument("--coder", choices=("rules", "learned", "combined"), default="combined")
    ap.add_argument("--show", type=int, default=0, help="print N events dated away from their article")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print(f"--limit must be 1 or more, not {args.limit}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    summary, away = measure(load_articles(args.corpus, args.limit), args.coder)
    summary.update(coder=args.coder, corpus=args.corpus.name, seconds=round(time.perf_counter() - t0, 1))
    print(json.dumps(summary, indent=1))
    for article, e in away[:args.show]:
        print(f"\n{article.date} -> {e.date} ({e.date_origin}/{e.date_precision}, {e.factuality}) "
              f"{e.event} [{e.evidence.trigger}]\n  {e.evidence.sentence[:300]}")
    return 1 if summary["asserted_or_negated_dated_after_article"] else 0


if __name__ == "__main__":
    sys.exit(main())
