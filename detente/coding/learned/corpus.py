"""Parse gold records with the pipeline's own spaCy analysis and actor resolution, so that training
sees exactly what coding will see (every sentence parsed: no prefilter)."""
from __future__ import annotations

from typing import Iterable, Iterator

from ...actors import resolve_actors
from ...eval_news import NewsRecord


def parsed_records(records: Iterable[NewsRecord], annotator, batch: int = 64) -> Iterator[tuple]:
    """(record, doc, actor index) for each record, parsed in batches."""
    records = list(records)
    for k in range(0, len(records), batch):
        chunk = records[k:k + batch]
        for rec, p in zip(chunk, annotator.annotate([r.text for r in chunk])):
            yield rec, p.doc, resolve_actors(p.doc, rec.date)
