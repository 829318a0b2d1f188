"""What detente/fastpipe.py gains Détente as a whole: the same articles coded with and without it.

    /work/main/.venv/bin/python bench/fastpipe_gain.py [--limit 100] [--repeats 1] [--corpus PATH]

`detente/nlp.py` always calls `fastpipe.speed_up` on the model it loads; "off" replaces that call
with one that changes nothing, so spaCy's own attribute_ruler and lemmatizer run. Each run is a
fresh process (no cache carried from one mode to the other) that loads the model and the coder on a
written sentence, then times `code_articles` over the first N articles of the news corpus (prefilter,
parser, actors, coder: everything but the store). The modes alternate, off first. The events of both
modes must be identical (compared by a digest of their JSON). Prints one JSON object; not a test: it
needs ../shared/corpora. bench/fastpipe_speed.py times the two components and plain `nlp.pipe`."""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from fastpipe_speed import DEFAULT_CORPUS, load_texts  # noqa: E402


def worker(mode: str, corpus: Path, limit: int) -> dict:
    import detente.nlp
    if mode == "off":
        detente.nlp.speed_up = lambda nlp: []  # what nlp._load calls: leave spaCy's components in place
    from detente import code_articles, code_text
    from detente.model import Article
    articles = [Article.make(text, dt.date(2017, 2, 7), source="bench") for text in load_texts(corpus, limit)]
    code_text("Russia's foreign minister met his Chinese counterpart in Beijing.", "2017-02-07")  # loads
    t0, c0 = time.perf_counter(), time.process_time()
    coded = list(code_articles(articles))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    events = [e.to_json() for c in coded for e in c.events]
    digest = hashlib.sha256(json.dumps(events, sort_keys=True, default=str).encode()).hexdigest()[:16]
    ruler = type(detente.nlp.load().get_pipe("attribute_ruler")).__name__  # which one really ran
    return {"mode": mode, "ruler": ruler, "articles": len(articles), "events": len(events), "digest": digest,
            "wall_s": round(wall, 3), "cpu_s": round(cpu, 3)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=100, help="first N articles with text")
    ap.add_argument("--repeats", type=int, default=1, help="runs of each mode, alternating")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--worker", choices=["on", "off"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    if args.worker:
        print(json.dumps(worker(args.worker, args.corpus, args.limit)))
        return 0
    runs = []
    for _ in range(args.repeats):
        for mode in ("off", "on"):
            cmd = [sys.executable, __file__, "--worker", mode, "--limit", str(args.limit),
                   "--corpus", str(args.corpus)]
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = {m: min(r["wall_s"] for r in runs if r["mode"] == m) for m in ("off", "on")}
    cpu = {m: min(r["cpu_s"] for r in runs if r["mode"] == m) for m in ("off", "on")}
    out = {"runs": runs, "speedup_wall": round(best["off"] / best["on"], 3),
           "speedup_cpu": round(cpu["off"] / cpu["on"], 3),
           "identical_events": len({r["digest"] for r in runs}) == 1}
    print(json.dumps(out, indent=1))
    return 0 if out["identical_events"] else 1


if __name__ == "__main__":
    sys.exit(main())
