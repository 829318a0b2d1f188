"""How often the language gate is wrong: English texts from the shared corpora that it would skip,
and the non-English sentences written for the tests that it would code.

    .venv/bin/python bench/language_check.py

Reads ../shared/corpora (the dai2017 news articles and the Wikinews articles, texts and titles);
prints counts per detected language and every English text it would skip.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from detente.language import detect  # noqa: E402

FILES = ["news_articles_dai2017/NewsArticles.csv", "wikinews_vanatteveldt/wikinews_2019.csv",
         "wikinews_vanatteveldt/wikinews_2020.csv"]


def main() -> int:
    if not SHARED.exists():
        print(f"no {SHARED}; nothing to measure")
        return 0
    wrong = 0
    for column in ("text", "title"):
        counts: Counter = Counter()
        for name in FILES:
            try:
                df = pd.read_csv(SHARED / name)
            except UnicodeDecodeError:
                df = pd.read_csv(SHARED / name, encoding="latin-1")
            for text in df[column].dropna().astype(str):
                found = detect(text)
                counts[found.language] += 1
                if not found.english:
                    wrong += 1
                    print(f"  would skip ({found.language}: {found.reason}): {text[:80]!r}")
        total = sum(counts.values())
        skipped = sum(n for lang, n in counts.items() if lang not in ("en", "und"))
        print(f"English {column}s: {total:,}, skipped {skipped} — {dict(counts.most_common())}")
    from test_hostile_input import FOREIGN
    missed = [(lang, t) for lang, ts in FOREIGN.items() for t in ts if detect(t).english]
    n = sum(len(ts) for ts in FOREIGN.values())
    print(f"non-English test sentences: {n} in {len(FOREIGN)} languages, coded as English: {len(missed)}")
    for lang, t in missed:
        print(f"  missed ({lang}): {t!r}")
    return 1 if wrong or missed else 0


if __name__ == "__main__":
    sys.exit(main())
