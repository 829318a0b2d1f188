"""Time spaCy's attribute_ruler + lemmatizer against detente.fastpipe's, and the whole pipeline both ways.

    .venv/bin/python bench/fastpipe_speed.py [--limit 300] [--corpus PATH] [--batch-size 64]

1. The first N articles are parsed once (tok2vec, tagger, parser); the original attribute_ruler and
   lemmatizer, then the fast ones, run on copies of the same docs: first pass from empty caches
   ("cold"), then a second pass over fresh copies ("warm").
2. The whole pipeline, single process: `nlp.pipe` of the model as spaCy loads it, then of the same
   model after `speed_up`.
Every token of every doc is compared (text, POS, tag, morph, lemma, dep, norm, entities) in both
parts; the mismatch counts must be 0. Prints one JSON object. Not a test: it needs ../shared/corpora."""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "news_articles_dai2017" / "NewsArticles.csv"


def load_texts(corpus: Path, limit: int) -> list[str]:
    texts = []
    with open(corpus, encoding="utf-8", errors="replace", newline="") as fh:
        for row in csv.DictReader(fh):
            if (row.get("text") or "").strip():
                texts.append(row["text"])
            if len(texts) >= limit:
                break
    return texts


def view(doc) -> list[tuple]:
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.norm_, t.ent_iob_, t.ent_type_)
            for t in doc]


def mismatches(docs_a, docs_b) -> tuple[int, int]:
    """(tokens compared, tokens that differ); a doc of another length counts all its tokens."""
    n = bad = 0
    for a, b in zip(docs_a, docs_b, strict=True):
        va, vb = view(a), view(b)
        n += max(len(va), len(vb))
        bad += abs(len(va) - len(vb)) + sum(x != y for x, y in zip(va, vb))
    return n, bad


def timed(fn):
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, round(time.perf_counter() - t0, 3), round(time.process_time() - c0, 3)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=300, help="first N articles with text")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2

    import spacy
    from detente.config import settings
    from detente.fastpipe import FastAttributeRuler, FastLemmatizer, speed_up

    texts = load_texts(args.corpus, args.limit)
    out: dict = {"model": settings.spacy_model, "articles": len(texts)}

    # 1. the two components alone, on the same parsed docs
    nlp = spacy.load(settings.spacy_model)
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        parsed = list(nlp.pipe(texts, batch_size=args.batch_size))
    out["tokens"] = sum(len(d) for d in parsed)
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")

    def run(r, lem):
        docs = [d.copy() for d in parsed]
        return lambda: [lem(r(d)) for d in docs]

    want, out["components_original_s"], out["components_original_cpu_s"] = timed(run(ruler, lemmatizer))
    _, out["components_original_warm_s"], _ = timed(run(ruler, lemmatizer))
    lemmatizer.cache = {}  # the fast lemmatizer asks spaCy's rules on a miss: start both cold
    fast_ruler, fast_lemmatizer = FastAttributeRuler(ruler), FastLemmatizer(lemmatizer)
    got, out["components_fast_s"], out["components_fast_cpu_s"] = timed(run(fast_ruler, fast_lemmatizer))
    got_warm, out["components_fast_warm_s"], _ = timed(run(fast_ruler, fast_lemmatizer))
    n1, bad1 = mismatches(want, got)
    n2, bad2 = mismatches(want, got_warm)
    out["components_tokens_compared"], out["components_mismatches"] = n1 + n2, bad1 + bad2
    out["components_speedup"] = round(out["components_original_s"] / out["components_fast_s"], 2)
    out["components_speedup_warm"] = round(out["components_original_warm_s"]
                                           / out["components_fast_warm_s"], 2)
    del want, got, got_warm, parsed

    # 2. the whole pipeline, each model freshly loaded
    plain = spacy.load(settings.spacy_model)
    docs_plain, out["pipe_original_s"], out["pipe_original_cpu_s"] = timed(
        lambda: list(plain.pipe(texts, batch_size=args.batch_size)))
    fast = spacy.load(settings.spacy_model)
    out["replaced"] = speed_up(fast)
    docs_fast, out["pipe_fast_s"], out["pipe_fast_cpu_s"] = timed(
        lambda: list(fast.pipe(texts, batch_size=args.batch_size)))
    out["pipe_tokens_compared"], out["pipe_mismatches"] = mismatches(docs_plain, docs_fast)
    out["pipe_speedup"] = round(out["pipe_original_s"] / out["pipe_fast_s"], 3)
    out["pipe_speedup_cpu"] = round(out["pipe_original_cpu_s"] / out["pipe_fast_cpu_s"], 3)
    print(json.dumps(out, indent=1))
    return 0 if out["components_mismatches"] == out["pipe_mismatches"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
