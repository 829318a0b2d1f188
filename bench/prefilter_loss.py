"""What the sentence prefilter costs in events, on real news.

    .venv/bin/python bench/prefilter_loss.py [--limit 300] [--offset 0] [--corpus PATH]

Codes the articles three ways in this process: with the prefilter (skipped sentences are blanks), with
the same parse layout but every sentence parsed (the reference the prefilter must equal), and parsed
whole as spaCy does without any plan. Prints one JSON object: sentences and tokens parsed, events of
each run, how many prefilter events are identical (every field) to the reference, how many have the
same (source, event, target, factuality, trigger span) as the reference and as the whole-article parse,
and the articles that differ. Not a test: it needs ../shared/corpora and a few minutes."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _key(event_json: str) -> tuple:
    d = json.loads(event_json)
    cameo = lambda actor: (actor or {}).get("cameo")  # noqa: E731
    return cameo(d["source"]), d["event"], cameo(d["target"]), d["factuality"], tuple(d["evidence"]["trigger_span"])


def _date(text: str | None) -> dt.date:
    """The corpus writes dates as 2017/2/7."""
    try:
        y, m, d = (int(x) for x in (text or "").split()[0].replace("-", "/").split("/"))
        return dt.date(y, m, d)
    except (ValueError, IndexError):
        return dt.date(2017, 1, 1)


def _code(annotator, articles, resolver, batch: int = 32):
    from detente.pipeline import code_parsed
    events, parsed_tokens, tokens = [], 0, 0
    for i in range(0, len(articles), batch):
        chunk = articles[i: i + batch]
        for p, a in zip(annotator.annotate([x.text for x in chunk]), chunk):
            coded = code_parsed(p.doc, a, p, resolver=resolver)
            if annotator.plan is not None:  # the plan's sentences (the parser may split them further)
                sents = list(annotator.segment(a.text).sents)
                kept = p.kept if annotator.skip else [True] * len(sents)
                parsed_tokens += sum(len(s) for s, k in zip(sents, kept) if k)
                tokens += sum(len(s) for s in sents)
            events.append(Counter(json.dumps(e.to_json(), sort_keys=True) for e in coded.events))
    return events, parsed_tokens, tokens


def _agree(ours, ref, key=None) -> int:
    if key is None:
        return sum(sum((a & b).values()) for a, b in zip(ours, ref))
    return sum(sum((Counter(map(key, a.elements())) & Counter(map(key, b.elements()))).values())
               for a, b in zip(ours, ref))


def main(argv=None) -> int:
    from throughput import DEFAULT_CORPUS, load_rows
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--offset", type=int, default=0, help="skip this many articles first")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    from detente.model import Article
    from detente.nlp import Annotator
    from detente.pipeline import Coder

    rows = load_rows(args.corpus, args.offset + args.limit)[args.offset:]
    articles = [Article.make(r["text"], _date(r.get("publish_date")), path=f"row{args.offset + i}")
                for i, r in enumerate(rows)]
    coder = Coder(coder="rules")  # the lexicon's prefilter and the rules
    plan, resolver = coder.plan.select, coder.resolver
    ours, parsed, tokens = _code(Annotator(None, plan, skip=True), articles, resolver)
    ref, _, _ = _code(Annotator(None, plan, skip=False), articles, resolver)
    whole, _, _ = _code(Annotator(None, None), articles, resolver)
    n_ref, n_whole = sum(sum(c.values()) for c in ref), sum(sum(c.values()) for c in whole)
    differ = [articles[i].path for i, (a, b) in enumerate(zip(ours, ref)) if a != b]
    print(json.dumps({
        "articles": len(articles), "tokens": tokens, "tokens_parsed": parsed,
        "tokens_parsed_share": round(parsed / max(tokens, 1), 3),
        "events": sum(sum(c.values()) for c in ours), "reference_events": n_ref, "whole_parse_events": n_whole,
        "identical_to_reference": _agree(ours, ref), "same_triple_as_reference": _agree(ours, ref, _key),
        "same_triple_as_whole_parse": _agree(ours, whole, _key), "articles_differing": differ,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
