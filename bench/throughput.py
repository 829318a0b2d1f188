"""Throughput of `detente code` against plain spaCy, measured in the same run.

    .venv/bin/python bench/throughput.py [--limit N] [--corpus PATH] [--n-process 2]

Codes the corpus (CSV: article_id, publish_date, title, text …) into a fresh DuckDB store with the
local engine and N worker processes — reading, prefilter, parsing, actors, events and storage — then
times spaCy's own `nlp.pipe(texts, n_process=N)` with the same model over the same texts. Prints one
JSON object: articles, words, articles_per_s, words_per_s, baseline_words_per_s, ratio (ours /
baseline), peak_rss_mb (all our processes together, sampled), events, sentences_parsed,
sentences_skipped — and, since other jobs on a shared machine distort wall time, the CPU seconds of
both sides (cpu_ratio). With --matched-baseline, a second baseline runs spaCy with Détente's matrix
products (numpy's OpenBLAS, see docs/scale.md) to tell that gain from the pipeline's. Not a test: it
needs ../shared/corpora and a few minutes."""
from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "news_articles_dai2017" / "NewsArticles.csv"


class RssSampler(threading.Thread):
    """Peak of the summed resident memory of this process and its children."""

    def __init__(self, every: float = 0.2):
        super().__init__(daemon=True)
        import psutil
        self.proc, self.every, self.peak, self.stop_flag = psutil.Process(), every, 0, False

    def total(self) -> int:
        procs = [self.proc, *self.proc.children(recursive=True)]
        n = 0
        for p in procs:
            try:
                n += p.memory_info().rss
            except Exception:  # noqa: BLE001 — a child that just exited
                pass
        return n

    def run(self):
        while not self.stop_flag:
            self.peak = max(self.peak, self.total())
            time.sleep(self.every)

    def stop(self) -> int:
        self.stop_flag = True
        self.join()
        return self.peak


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children: unlike wall time, what other jobs on
    the machine do does not change it."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def load_rows(corpus: Path, limit: int | None) -> list[dict]:
    rows = []
    with open(corpus, encoding="utf-8", errors="replace", newline="") as fh:
        for r in csv.DictReader(fh):
            if (r.get("text") or "").strip():
                rows.append(r)
            if limit and len(rows) >= limit:
                break
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="first N articles with text (default: all)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=16, help="articles per batch (ours)")
    ap.add_argument("--baseline-batch-size", type=int, default=64,
                    help="nlp.pipe batch size for the baseline (64 beats spaCy's default 1000 here)")
    ap.add_argument("--no-prefilter", action="store_true")
    ap.add_argument("--matched-baseline", action="store_true",
                    help="also time plain spaCy with Détente's matrix products (DETENTE_MATMUL) and report "
                         "ratio_matched: the gain of the pipeline alone, without that of the BLAS")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run ours and the baseline alternately N times and keep each one's best time "
                         "(other jobs on the machine slow single runs down)")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2

    from detente.batch import run
    from detente.ingest import ReadOptions
    import spacy
    from detente.config import settings
    from detente.store import Store

    rows = load_rows(args.corpus, args.limit)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    options = ReadOptions(text_col="text", date_col="publish_date", id_col="article_id",
                          url_col="article_source_link")
    nlp = spacy.load(settings.spacy_model)  # the baseline: plain spaCy, none of Détente's speed-ups
    # Both sides start with their spaCy pipeline loaded (the baseline's load is not timed either);
    # everything else Détente prepares (gazetteer, lexicon, matchers, place index) is timed.
    from detente.nlp import _use_matmul, load
    load()
    matched = None
    if args.matched_baseline:
        matched = spacy.load(settings.spacy_model)
        _use_matmul(matched)
    matched_times, matched_cpu = [], []
    ours_times, base_times, ours_cpu, base_cpu, peak, summary = [], [], [], [], 0, None
    with tempfile.TemporaryDirectory() as tmp:
        # The same rows as a CSV of our own, read by the CSV reader like any user's file.
        sample = Path(tmp) / "sample.csv"
        with open(sample, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)
        for n in range(args.repeat):
            sampler = RssSampler()
            sampler.start()
            t0, c0 = time.perf_counter(), cpu_seconds()
            with Store(Path(tmp) / f"bench{n}.duckdb") as store:
                summary = run([str(sample)], store, options=options, batch_size=args.batch_size,
                              n_process=args.n_process, prefilter=not args.no_prefilter)
            ours_times.append(time.perf_counter() - t0)
            ours_cpu.append(cpu_seconds() - c0)
            peak = max(peak, sampler.stop())
            t0, c0 = time.perf_counter(), cpu_seconds()
            n_tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=args.n_process,
                                                        batch_size=args.baseline_batch_size))
            base_times.append(time.perf_counter() - t0)
            base_cpu.append(cpu_seconds() - c0)
            if matched is not None:
                t0, c0 = time.perf_counter(), cpu_seconds()
                for _ in matched.pipe(texts, n_process=args.n_process, batch_size=args.baseline_batch_size):
                    pass
                matched_times.append(time.perf_counter() - t0)
                matched_cpu.append(cpu_seconds() - c0)
    ours, base = min(ours_times), min(base_times)
    out = {
        "articles": len(texts), "words": words,
        "articles_per_s": round(len(texts) / ours, 2), "words_per_s": round(words / ours, 1),
        "baseline_words_per_s": round(words / base, 1), "ratio": round(base / ours, 3),
        "peak_rss_mb": round(peak / 2**20, 1), "events": summary.events,
        "sentences_parsed": summary.sentences_parsed, "sentences_skipped": summary.sentences_skipped,
        "seconds": round(ours, 2), "baseline_seconds": round(base, 2), "baseline_tokens": n_tokens,
        "articles_coded": summary.articles_coded, "failures": summary.failures,
        "n_process": args.n_process, "prefilter": not args.no_prefilter,
        "runs_seconds": [round(t, 1) for t in ours_times], "baseline_runs_seconds": [round(t, 1) for t in base_times],
        "cpu_seconds": round(min(ours_cpu), 1), "baseline_cpu_seconds": round(min(base_cpu), 1),
        "cpu_ratio": round(min(base_cpu) / min(ours_cpu), 3),
        "load_average": round(os.getloadavg()[0], 2),
    }
    if matched_times:
        out["matched_baseline_words_per_s"] = round(words / min(matched_times), 1)
        out["ratio_matched"] = round(min(matched_times) / ours, 3)
        out["cpu_ratio_matched"] = round(min(matched_cpu) / min(ours_cpu), 3)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
