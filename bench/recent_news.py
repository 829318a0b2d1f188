"""Code recent real news for review: the one-sentence event summaries of Wikipedia's Current events
portal (../shared/corpora/wikipedia_current_events, 2025-01-01 … 2026-08-22), each dated by its day.

    .venv/bin/python bench/recent_news.py [--from 2026-01-01] [--to 2026-08-22] [--section "Armed conflicts"]
                                          [--sample 200] [--seed 1] [--out review.jsonl]

Prints a summary (statements, events, the share of statements with an event, by section) and, with
--out, writes one JSON line per statement — its day, section, text and the coded events with their
evidence — for a reader to judge. Not a test and not a gold set: nobody has coded these statements;
it is the material of the reviews reported in bench/EVAL.md. The corpus text stays in ../shared (CC
BY-SA 4.0): write --out outside the repository."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POSTS = ROOT.parent / "shared" / "corpora" / "wikipedia_current_events" / "posts"

_CITATION = re.compile(r"\s*\[\(\*?[^\]]*?\*?\)\]\([^)]*\)")  # "[(Reuters)](https://…)"
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # "[Hezbollah](https://…)" → "Hezbollah"


def statements(path: Path) -> list[tuple[str, str]]:
    """(section, text) of each leaf bullet of one day: the bullets that cite a source."""
    out, section = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("####"):
            section = line.strip("# ").strip()
            continue
        bullet = re.match(r"\s*[*+]\s+(.*)", line)
        if not bullet or "[(" not in bullet.group(1):
            continue
        text = _LINK.sub(r"\1", _CITATION.sub("", bullet.group(1)))
        text = re.sub(r"\*+([^*]+)\*+", r"\1", text).strip()
        if text:
            out.append((section, text))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="start", type=dt.date.fromisoformat, default=dt.date(2025, 1, 1))
    ap.add_argument("--to", dest="end", type=dt.date.fromisoformat, default=dt.date(2026, 12, 31))
    ap.add_argument("--section", default="", help="only sections whose heading contains this text")
    ap.add_argument("--sample", type=int, help="a random sample of N statements (default: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, help="write the statements and their events as JSON lines")
    args = ap.parse_args(argv)
    if not POSTS.exists():
        print(f"no corpus at {POSTS}", file=sys.stderr)
        return 2

    from detente.model import Article
    from detente import code_articles

    items = []
    for path in sorted(POSTS.glob("*-index.md")):
        day = dt.date.fromisoformat(path.name[:10])
        if args.start <= day <= args.end:
            items += [(day, s, t) for s, t in statements(path) if args.section.lower() in s.lower()]
    if args.sample and args.sample < len(items):
        items = random.Random(args.seed).sample(items, args.sample)
    articles = [Article.make(t, day, source="Wikipedia Current events") for day, _, t in items]
    with_event, events = Counter(), Counter()
    by_section = Counter(s for _, s, _ in items)
    out = open(args.out, "w", encoding="utf-8") if args.out else None
    for (day, section, text), coded in zip(items, code_articles(articles)):
        events[section] += len(coded.events)
        with_event[section] += bool(coded.events)
        if out:
            out.write(json.dumps({"date": day.isoformat(), "section": section, "text": text,
                                  "events": [e.to_json() for e in coded.events]}, ensure_ascii=False) + "\n")
    if out:
        out.close()
    print(f"{len(items)} statements, {sum(events.values())} events, "
          f"{sum(with_event.values()) / max(1, len(items)):.0%} of statements with an event")
    for section, n in by_section.most_common():
        print(f"  {section:40s} {n:6d} statements  {events[section]:6d} events  "
              f"{with_event[section] / n:.0%} with an event")
    return 0


if __name__ == "__main__":
    sys.exit(main())
