"""Parse gold records with the pipeline's own spaCy analysis and actor resolution, so that training
sees exactly what coding will see (every sentence parsed: no prefilter)."""
from __future__ import annotations

from typing import Iterable, Iterator

from ...actors import Resolver
from ..gold import NewsRecord


def parsed_records(records: Iterable[NewsRecord], annotator, batch: int = 64,
                   resolver: Resolver | None = None) -> Iterator[tuple]:
    """(record, doc, actor index) for each record, parsed in batches; actors by ``resolver`` (default:
    the bundled data)."""
    resolver = resolver or Resolver()
    records = list(records)
    for k in range(0, len(records), batch):
        chunk = records[k:k + batch]
        for rec, p in zip(chunk, annotator.annotate([r.text for r in chunk])):
            yield rec, p.doc, resolver.resolve(p.doc, rec.date)
