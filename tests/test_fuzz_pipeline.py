"""Fuzzing the whole path for one article: odd text → clean → screen → spaCy → actors → events →
store. No text may raise anything but a Détente error, and what is stored must be sound: every
span lies inside the article text and every event has its evidence row."""
from __future__ import annotations

import datetime as dt
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import DetenteError
from detente.language import screen
from detente.model import Article
from detente import code_articles
from detente import Store
from test_fuzz_readers import CASES, EXAMPLES, FUZZ, WORDS

MORE = WORDS + ["threatened", "to", "attack", "may", "Putin", "Kosovo", "EU", "troops", "join", "against",
                "(", ")", ",", "—", "…", "U.S.", "Mr.", "said", "on", "Tuesday", "last", "year", "\u2028",
                "<script>alert(1)</script>", "'; DROP TABLE events; --", "%s", "{0}", "\\x00"]
texts = st.one_of(
    st.lists(st.sampled_from(MORE), min_size=1, max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(MORE), st.text(max_size=6)), min_size=1, max_size=40).map("".join),
    st.text(min_size=1, max_size=300),
)


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 1))  # ~40 ms a case: half the cases in CI
@given(texts, st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_any_text_codes_and_stores_soundly(text, day):
    CASES["pipeline"] += 1
    article = Article.make(text, day, path="fuzz.txt")
    if screen(article) is not None:
        return  # reported and skipped, as the pipeline does
    try:
        [coded] = list(code_articles([article]))
    except DetenteError:
        return
    n = len(article.text)
    for e in coded.events:
        for span in (e.evidence.source_span, e.evidence.target_span, e.evidence.trigger_span):
            assert span is None or 0 <= span[0] <= span[1] <= n, (span, n)
    store = _store()
    store.write([coded])
    con = store.con
    stored = con.execute("SELECT count(*) FROM events WHERE article_id = ?", [article.id]).fetchone()[0]
    orphans = con.execute("SELECT count(*) FROM events e LEFT JOIN evidence v ON v.event_id = e.id "
                          "WHERE e.article_id = ? AND v.event_id IS NULL", [article.id]).fetchone()[0]
    assert con.execute("SELECT count(*) FROM articles WHERE id = ?", [article.id]).fetchone()[0] == 1
    assert orphans == 0 and stored == len({e.id for e in coded.events})


@functools.lru_cache(maxsize=1)
def _store() -> Store:
    """One in-memory store for all cases (opening a store costs more than coding a sentence)."""
    return Store(":memory:")
