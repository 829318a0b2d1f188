"""Memory while streaming one huge JSONL file: peak RSS of reading, and of `detente code`, over time.

    .venv/bin/python bench/stream_memory.py --articles 1000000 --mode read
    .venv/bin/python bench/stream_memory.py --articles 20000 --mode code
    .venv/bin/python bench/stream_memory.py --mode article --chars 200000

Writes a JSONL file of N short written articles (one or two sentences each, a bad line every
10,000), then runs, in a child process,

  read     every record through detente.ingest.iter_sources (what `detente code` streams from);
  code     `detente code FILE --db … --quiet` end to end (spaCy, actors, events, DuckDB);
  article  one article of --chars characters coded past the length limit (what the limit prevents).

The child's resident memory is sampled every half second; the script prints the peak, the RSS at
each tenth of the run (flat = bounded), the records per second, and the growth from 10% to 90%.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PARTIES = ["Serbia", "Russia", "France", "China", "NATO", "Iran", "Japan", "Turkey", "Egypt", "Brazil"]
VERBS = ["met", "criticised", "praised", "threatened", "imposed sanctions on", "visited", "accused"]

ARTICLE_CHILD = """
import sys, time
from detente.model import Article
from detente import code_articles
import datetime as dt
n = int(sys.argv[1])
sents = ["Serbia will not impose sanctions against Moscow.", "The President of France met Chancellor Scholz in Berlin.",
         "Russian troops attacked the city, officials said.", "The talks ended without agreement on Tuesday."]
text = " ".join(sents[i % 4] for i in range(n // 40 + 1))[:n]
t0 = time.perf_counter()
[coded] = code_articles([Article.make(text, dt.date(2024, 9, 5))])  # past the gate: what the limit prevents
print(f"{len(text):,} characters, {len(coded.events):,} events in {time.perf_counter() - t0:.1f} s")
"""

READ_CHILD = """
import sys
from detente.ingest import iter_sources
from detente.model import Article
n = bad = 0
for item in iter_sources([sys.argv[1]]):
    if isinstance(item, Article):
        n += 1
    else:
        bad += 1
print(n, bad)
"""


def write_corpus(path: Path, n: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            if i and i % 10_000 == 0:
                fh.write("{broken line\n")
            a, b = rng.sample(PARTIES, 2)
            text = f"{a} {rng.choice(VERBS)} {b} on day {i}."
            if rng.random() < 0.3:
                text += f" Officials in {rng.choice(PARTIES)} said talks would go on."
            fh.write(json.dumps({"id": str(i), "date": f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "text": text}) + "\n")


def sample(cmd: list[str]) -> tuple[int, float, list[tuple[float, int]], str]:
    """Run the command; return (exit code, seconds, [(t, rss bytes)], stdout+stderr tail)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    ps = psutil.Process(proc.pid)
    samples = []
    while proc.poll() is None:
        try:
            samples.append((time.perf_counter() - t0, ps.memory_info().rss))
        except psutil.Error:
            break
        time.sleep(0.5)
    out = proc.stdout.read().decode(errors="replace")
    return proc.returncode, time.perf_counter() - t0, samples, out[-400:]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--mode", choices=("read", "code", "article"), default="read")
    ap.add_argument("--chars", type=int, default=200_000, help="article mode: length of the one article")
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="detente-stream-"))
    corpus = work / "big.jsonl"
    if args.mode == "article":
        cmd, args.articles = [sys.executable, "-c", ARTICLE_CHILD, str(args.chars)], 1
    else:
        write_corpus(corpus, args.articles)
        print(f"{args.articles:,} articles, {corpus.stat().st_size / 2**20:.0f} MiB of JSONL")
        if args.mode == "read":
            cmd = [sys.executable, "-c", READ_CHILD, str(corpus)]
        else:
            cmd = [sys.executable, "-m", "detente", "code", str(corpus), "--db", str(work / "big.duckdb"),
                   "--quiet", "--batch-size", str(args.batch_size)]
    rc, seconds, samples, tail = sample(cmd)
    print(tail.strip().splitlines()[-1] if tail.strip() else "(no output)")
    if not samples:
        print("finished before the first sample")
        return rc
    rss = [r for _, r in samples]
    if args.mode == "article":
        print(f"peak RSS {max(rss) / 2**20:.0f} MiB")
        return rc
    tenths = [rss[min(len(rss) - 1, int(len(rss) * k / 10))] / 2**20 for k in range(1, 10)]  # not the exit
    print(f"mode {args.mode}: {seconds:.1f} s, {args.articles / seconds:,.0f} records/s, exit {rc}")
    print(f"peak RSS {max(rss) / 2**20:.0f} MiB; RSS at 10%, 20% … 90% of the run (MiB): "
          + " ".join(f"{x:.0f}" for x in tenths))
    print(f"growth from 10% to 90% of the run: {tenths[-1] - tenths[0]:+.0f} MiB "
          f"({(tenths[-1] - tenths[0]) * 2**20 / (0.8 * args.articles):,.0f} bytes a record)")
    return 0 if rc in (0, 1) else rc


if __name__ == "__main__":
    sys.exit(main())
