"""Choose 2017 wire stories with political content for hand-coding (handcoded/articles_political.jsonl).

    python scripts/select_political_articles.py [--shared ../shared] [--out ids.json]

A story is a candidate when neither the gold articles nor handcoded/articles.jsonl hold it, it has
700–3,300 characters (the gold's range), no earlier story starts with the same 200 characters, it
names at least one country (a name or demonym of detente/data/actors/country_aliases.tsv) and at
least four distinct words of government, force or diplomacy (POLITICAL_WORDS). The candidates are
shuffled with a fixed seed and written as a JSON list of ids (``dai2017#ARTICLE_ID``)."""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLITICAL_WORDS = re.compile(
    r"\b(president|minister|government|parliament|senate|congress|military|troops|police|army|sanction\w*|talks"
    r"|protest\w*|attack\w*|killed|election|court|ambassador|diplomat\w*|rebels?|militants?|accus\w+|agree\w*"
    r"|treaty|deal|official\w*)\b", re.I)
SEED = 7


def country_pattern() -> tuple[re.Pattern, dict[str, str]]:
    code_of = {}
    for line in (ROOT / "detente/data/actors/country_aliases.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("#") and len(parts) >= 3 and parts[1] in ("name", "demonym"):
            code_of[parts[2]] = parts[0]
    forms = sorted(code_of, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, forms)) + r")\b"), code_of


def political(text: str, countries: re.Pattern) -> bool:
    return bool(countries.search(text)) and len({m.lower() for m in POLITICAL_WORDS.findall(text)}) >= 4


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default="political_article_ids.json")
    args = ap.parse_args()
    shared = Path(args.shared)
    taken = set()
    for f in (shared / "gold/news/articles_train.jsonl", shared / "gold/news/articles_dev.jsonl",
              ROOT / "handcoded/articles.jsonl"):
        taken.update(json.loads(line)["id"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip())
    countries, _ = country_pattern()
    csv.field_size_limit(1 << 30)
    seen, chosen = set(), []
    with open(shared / "corpora/news_articles_dai2017/NewsArticles.csv", encoding="utf-8", errors="replace",
              newline="") as fh:
        for row in csv.DictReader(fh):
            ident, text = "dai2017#" + row["article_id"], row["text"]
            if ident in taken or not 700 <= len(text) <= 3300 or text[:200] in seen:
                continue
            seen.add(text[:200])
            if political(text, countries):
                chosen.append(ident)
    random.Random(SEED).shuffle(chosen)
    Path(args.out).write_text(json.dumps(chosen), encoding="utf-8")
    print(f"{len(chosen)} stories written to {args.out}")


if __name__ == "__main__":
    main()
