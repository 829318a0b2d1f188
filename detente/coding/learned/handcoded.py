"""Training data hand-coded here, beyond ../shared/gold: labels for statements of the Wikipedia Current
events corpus (../shared/corpora/wikipedia_current_events) that the gold does not hold, coded by the
guide (../shared/gold/ANNOTATION.md). The repository keeps only the labels and a reference to each
text — its id and a hash — because the text is Wikipedia's (CC BY-SA 4.0); training reads the text
from the corpus and checks the hash, so a label never meets a text it was not written for.

An id is ``wce-YYYY-MM-DD-K``: the K-th statement (from 0) of that day's page, a statement being a
bullet with no bullets under it, read as plain text (links reduced to their words, the cited sources
dropped) — the same reading that gives the gold statements' texts."""
from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from ..gold import NewsRecord, gold_lines, news_records

log = logging.getLogger(__name__)

# A Markdown link [words](url "title"); a citation is a link whose words are "(Source)".
_URL = r'\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)'
_LINK = re.compile(r"\[([^\]]*)\]" + _URL)
_CITATION = re.compile(r"\s*\[\([^\]]*\)\]" + _URL)
_BULLET = re.compile(r"(\s*)\* (.*)")
SECTION_MARK = "#### "
# The split of a hand-coded record: training uses it to fit, never to choose thresholds or to judge.
HANDCODED = "handcoded"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def page_statements(page: str) -> list[tuple[str, str]]:
    """(section, text) of each statement of one day's page, in page order."""
    items: list[tuple[int, str, str] | None] = []
    section = ""
    for line in page.splitlines():
        if line.startswith(SECTION_MARK):
            section = line[len(SECTION_MARK):].strip()
            items.append(None)  # a heading ends the bullets above it
            continue
        m = _BULLET.match(line)
        if m:
            items.append((len(m.group(1)), m.group(2), section))
    out = []
    for k, item in enumerate(items):
        if item is None:
            continue
        nxt = items[k + 1] if k + 1 < len(items) else None
        if nxt is not None and nxt[0] > item[0]:
            continue  # a topic with statements under it, not a statement
        text = _LINK.sub(lambda g: g.group(1), _CITATION.sub("", item[1]))
        out.append((item[2], re.sub(r"\s+", " ", text).strip()))
    return out


def corpus_statement(posts: Path, ident: str, cache: dict) -> tuple[str, str] | None:
    """The (section, text) an id refers to, or None; each day's page is read once into ``cache``."""
    m = re.fullmatch(r"wce-(\d{4}-\d\d-\d\d)-(\d+)", ident)
    if not m:
        return None
    day, k = m.group(1), int(m.group(2))
    if day not in cache:
        page = posts / f"{day}-index.md"
        cache[day] = page_statements(page.read_text(encoding="utf-8")) if page.exists() else []
    return cache[day][k] if k < len(cache[day]) else None


def load_handcoded(labels: Path, corpora: Path) -> tuple[list[NewsRecord], list[str]]:
    """The hand-coded records of ``labels`` with their texts read from ``corpora``, and one message per
    label skipped (bad JSON, unknown id, a text whose hash differs) naming the file and line."""
    posts = corpora / "wikipedia_current_events" / "posts"
    if not posts.is_dir():
        raise FileNotFoundError(f"{posts}: the corpus the hand-coded labels refer to is not here")
    skipped: list[str] = []
    cache: dict = {}

    def lines():
        for n, r in gold_lines(str(labels), skipped, need_text=False):
            found = corpus_statement(posts, str(r.get("id", "")), cache)
            if found is None:
                skipped.append(f"{labels}:{n}: no statement {r.get('id')!r} in {posts}")
                continue
            if text_hash(found[1]) != r.get("sha256"):
                skipped.append(f"{labels}:{n}: the text of {r.get('id')!r} is not the one labelled (hash differs)")
                continue
            yield n, {**r, "text": found[1], "split": HANDCODED}

    records = news_records(str(labels), lines(), None, skipped)
    for msg in skipped:
        log.warning("%s", msg)
    return records, skipped
