"""``detente eval`` on hand-coded news (../shared/gold/README.md): code each record's text as an
article of its date, score the events by the metric (coding/metric.py) and render the report.

The records are read by coding/gold.py and the metric is defined in coding/metric.py, below the
coder, since training reads and tunes on the same gold; their names are re-exported here."""
from __future__ import annotations

from pathlib import Path

from .coding.gold import (CodedTriple, GoldEvent, NewsRecord, gold_lines, identity, is_news_file,  # noqa: F401
                          load_news, reduce_event, same_identity)
from .coding.metric import NewsResult, _types, _unique, match_text, score_news  # noqa: F401
from .model import Article
from .pipeline import Coder


def render_news(res: NewsResult, misses: int = 20) -> str:
    m = res.metrics()
    lines = [f"{res.path}: {m['texts']} texts, {m['gold_events']} gold events, {m['coded_events']} coded",
             f"event F1 {m['f1']:.3f}  precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
             f"undirected F1 {m['undirected_f1']:.3f}",
             f"factuality accuracy on matched events: "
             + (f"{m['factuality_accuracy']:.3f}" if m['factuality_accuracy'] is not None else "-"),
             f"non-asserted gold events found with the right factuality: "
             f"{m['non_asserted_found_right']} of {m['non_asserted_gold']}",
             f"negated coded as asserted: {m['negated_coded_as_asserted']}",
             "", f"{'type':<10} {'gold':>5} {'coded':>6} {'match':>6} {'P':>6} {'R':>6} {'F1':>6}"]
    for t, c in res.type_table().items():
        lines.append(f"{t:<10} {c['gold']:>5} {c['coded']:>6} {c['matched']:>6} {c['precision']:>6.3f} "
                     f"{c['recall']:>6.3f} {c['f1']:>6.3f}")
    if misses and res.misses:
        lines += ["", f"misses (first {min(misses, len(res.misses))} of {len(res.misses)}):"]
        for rid, text, gold, got in res.misses[:misses]:
            lines.append(f"  {rid}: gold {gold}; coded {'; '.join(got) or 'nothing'}")
            lines.append(f"      {text[:160]}")
    for s in res.skipped:
        lines.append(f"skipped {s}")
    return "\n".join(lines)


def code_records(records: list[NewsRecord], coder: str | None = None, using: Coder | None = None
                 ) -> dict[str, list[CodedTriple]]:
    """Code each record's text as an article of its date, as a user's run would (prefilter on), with
    ``using`` (default: a Coder of ``coder``, made for this call)."""
    using = using or Coder(coder=coder)
    articles = [Article.make(r.text, r.date, external_id=r.id) for r in records]
    return {rec.id: [reduce_event(e) for e in c.events]
            for rec, c in zip(records, using.code_all(articles))}


def evaluate_news(path: str | Path, split: str | None = None, limit: int | None = None,
                  coder: str | None = None, using: Coder | None = None) -> NewsResult:
    """Load a news gold file (of ``split``), code its texts, score them (``using``: a Coder of your
    own)."""
    records, skipped = load_news(path, split)
    if limit is not None:
        records = records[:limit]
    res = score_news(records, code_records(records, coder, using), str(path) + (f" (split {split})" if split else ""))
    res.skipped = skipped
    return res
