"""Are the events the same? A snapshot of every event Détente codes from a fixed set of texts, and a
comparison of two snapshots (issue 17: "behaviour unchanged" across a refactoring).

    .venv/bin/python bench/compare_events.py --out /tmp/before.jsonl [--limit 500] [--n-process 2]
    .venv/bin/python bench/compare_events.py --compare /tmp/before.jsonl /tmp/after.jsonl

The snapshot codes, with the default coder (``settings.coder``, "combined"), through the public API
(``code_articles``) as ``detente eval`` does:

- the first ``--limit`` (500) articles with text of the 2017 news corpus
  (../shared/corpora/news_articles_dai2017/NewsArticles.csv), read by Détente's CSV reader with the
  columns text, publish_date, article_id, article_source_link, title — as ``detente code`` reads it;
- every record of every gold file (news/statements.jsonl, all splits; news/articles_dev.jsonl;
  news/articles_train.jsonl; plover_gsr_dev.jsonl), each text an article of its record's date.

It writes one JSON line per event (every field of the event's record: ids, sentence index, type, mode,
context, CAMEO code, Goldstein, source and target actors with their CAMEO codes, factuality, speaker,
date and its origin and precision, place, evidence spans, rule, coder version, the model's extras),
one per resolved actor mention (code, org, sector, name, span, reason) and one per article (the
prefilter's counts), keys sorted, lines sorted. ``--compare A B`` prints "identical" or the lines
that differ and exits 1 on any difference. Not a test: it needs ../shared and several minutes."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
GOLD = ["news/statements.jsonl", "news/articles_dev.jsonl", "news/articles_train.jsonl", "plover_gsr_dev.jsonl"]
CHUNK = 64  # articles per job; jobs are dealt to the processes in a fixed order


def corpus_articles(shared: Path, limit: int) -> list:
    """The first ``limit`` rows with text, read by Détente's own CSV reader."""
    from detente.ingest import ReadOptions, iter_sources
    from detente.model import Article
    rows = []
    corpus = shared / "corpora" / "news_articles_dai2017" / "NewsArticles.csv"
    with open(corpus, encoding="utf-8", errors="replace", newline="") as fh:
        for r in csv.DictReader(fh):
            if (r.get("text") or "").strip():
                rows.append({k: r.get(k, "") for k in ("article_id", "publish_date", "article_source_link",
                                                       "title", "text")})
            if len(rows) >= limit:
                break
    options = ReadOptions(text_col="text", date_col="publish_date", id_col="article_id",
                          url_col="article_source_link", title_col="title")
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.csv"
        with open(sample, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        out = []
        for item in iter_sources([str(sample)], options=options):
            if isinstance(item, Article):
                out.append(item)
            else:
                print(f"corpus: not read: {item}", file=sys.stderr)
    return [(f"corpus:{a.external_id or a.id}", a) for a in out]


def gold_articles(path: Path) -> list:
    """Each record of a gold file as an article of its date (as ``detente eval`` codes it)."""
    from detente.model import Article
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            r = json.loads(raw)
            text = str(r.get("text") or "")
            if not text.strip():
                continue
            date = dt.date.fromisoformat(str(r.get("date"))[:10]) if r.get("date") else dt.date(2000, 1, 1)
            rid = str(r.get("id") or f"line{n}")
            out.append((f"{path.parent.name}/{path.name}:{n}:{rid}", Article.make(text, date, external_id=rid)))
    return out


def _canon(obj) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str)


def code_jobs(jobs: list[list]) -> list[str]:
    """Code each job (a list of (key, article)) in order in this process; the snapshot's lines."""
    from detente import code_articles
    lines = []
    for job in jobs:
        keys = [k for k, _ in job]
        for key, coded in zip(keys, code_articles([a for _, a in job])):
            a = coded.article
            lines.append(_canon({"kind": "article", "key": key, "article_id": a.id, "date": a.date.isoformat(),
                                 "stats": coded.stats, "n_events": len(coded.events),
                                 "n_actors": len(coded.actors)}))
            for m in coded.actors:
                lines.append(_canon({"kind": "actor", "key": key, "code": m.code, "org": m.org,
                                     "sector": m.sector, "name": m.name, "cameo": m.cameo, "text": m.text,
                                     "span": [m.start, m.end], "reason": m.reason}))
            for e in coded.events:
                rec = e.to_json(a)
                rec.update(kind="event", key=key, id=e.id, location_origin=e.location_origin,
                           coder_version=e.coder_version, extra=e.extra,
                           source_full=_actor(e.source), target_full=_actor(e.target) if e.target else None)
                lines.append(_canon(rec))
    return lines


def _actor(m) -> dict:
    return {"code": m.code, "org": m.org, "sector": m.sector, "name": m.name, "cameo": m.cameo,
            "text": m.text, "span": [m.start, m.end], "reason": m.reason}


def snapshot(out: Path, shared: Path, limit: int, n_process: int) -> int:
    articles = corpus_articles(shared, limit)
    for name in GOLD:
        articles += gold_articles(shared / "gold" / name)
    jobs = [articles[i:i + CHUNK] for i in range(0, len(articles), CHUNK)]
    shares = [jobs[i::n_process] for i in range(n_process)]
    if n_process == 1:
        parts = [code_jobs(shares[0])]
    else:
        with ProcessPoolExecutor(n_process) as pool:
            parts = list(pool.map(code_jobs, shares))
    lines = sorted(line for part in parts for line in part)
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    kinds = {k: sum(1 for line in lines if f'"kind": "{k}"' in line) for k in ("article", "actor", "event")}
    print(json.dumps({"out": str(out), "articles": kinds["article"], "actors": kinds["actor"],
                      "events": kinds["event"]}))
    return 0


def compare(a: Path, b: Path, show: int = 40) -> int:
    left = a.read_text(encoding="utf-8").splitlines()
    right = b.read_text(encoding="utf-8").splitlines()
    if left == right:
        print(f"identical: {len(left)} lines ({a} = {b})")
        return 0
    only_a, only_b = sorted(set(left) - set(right)), sorted(set(right) - set(left))
    print(f"DIFFERENT: {len(left)} vs {len(right)} lines; {len(only_a)} only in {a}, {len(only_b)} only in {b}")
    for line in only_a[:show]:
        print(f"- {line}")
    for line in only_b[:show]:
        print(f"+ {line}")
    return 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="write the snapshot here (JSON lines)")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"), help="compare two snapshots")
    ap.add_argument("--limit", type=int, default=500, help="corpus articles (default 500)")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared data (default ../shared)")
    ap.add_argument("--n-process", type=int, default=2, choices=(1, 2))
    args = ap.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.out:
        ap.error("give --out FILE or --compare A B")
    return snapshot(args.out, args.shared, args.limit, args.n_process)


if __name__ == "__main__":
    sys.exit(main())
