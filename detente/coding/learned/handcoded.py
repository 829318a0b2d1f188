"""Training data hand-coded here, beyond ../shared/gold: labels for statements of the Wikipedia Current
events corpus and for whole articles of the 2017 wire stories and of Wikinews (../shared/corpora)
that the gold does not hold, coded by the guide (../shared/gold/ANNOTATION.md). The repository keeps
only the labels and a reference to each text — its id and a hash; a trigger, an actor's words and an
event's sentence as offsets, never as words —
because the texts are others' (Wikipedia's CC BY-SA 4.0, the publishers'); training reads the text
from the corpus and checks the hash, so a label never meets a text it was not written for.

A statement's id is ``wce-YYYY-MM-DD-K``: the K-th statement (from 0) of that day's page, a statement
being a bullet with no bullets under it, read as plain text (links reduced to their words, the cited
sources dropped) — the same reading that gives the gold statements' texts. Article ids: CorpusTexts."""
from __future__ import annotations

import csv
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


class CorpusTexts:
    """The texts of ../shared/corpora by the id a label gives: ``wce-DAY-K`` (a Current events
    statement), ``dai2017#ARTICLE_ID`` (a 2017 wire story of news_articles_dai2017, as the gold's
    training articles are named) and ``wikinews#PAGE`` (a Wikinews article of wikinews_vanatteveldt,
    PAGE the last part of its URL). Each page or file is read once, when first asked for."""

    def __init__(self, corpora: Path):
        self.corpora = corpora
        self._days: dict[str, list[tuple[str, str]]] = {}
        self._files: dict[str, dict[str, str]] = {}

    def text(self, ident: str) -> str | None:
        if ident.startswith("wce-"):
            m = re.fullmatch(r"wce-(\d{4}-\d\d-\d\d)-(\d+)", ident)
            if not m:
                return None
            page = self._day(m.group(1))
            k = int(m.group(2))
            return page[k][1] if k < len(page) else None
        kind, _, key = ident.partition("#")
        if kind == "dai2017":
            return self._csv("news_articles_dai2017/NewsArticles.csv", "article_id").get(key)
        if kind == "wikinews":
            return (self._csv("wikinews_vanatteveldt/wikinews_2019.csv", "url").get(key)
                    or self._csv("wikinews_vanatteveldt/wikinews_2020.csv", "url").get(key))
        return None

    def _day(self, day: str) -> list[tuple[str, str]]:
        if day not in self._days:
            page = self.corpora / "wikipedia_current_events" / "posts" / f"{day}-index.md"
            self._days[day] = page_statements(page.read_text(encoding="utf-8")) if page.exists() else []
        return self._days[day]

    def _csv(self, name: str, key: str) -> dict[str, str]:
        """id → text of one CSV corpus file (for Wikinews the id is the URL's last part)."""
        if name not in self._files:
            path = self.corpora / name
            texts: dict[str, str] = {}
            if path.exists():
                csv.field_size_limit(1 << 30)  # whole articles in one field
                # the wire-story file has a few bytes that are not UTF-8: read as the gold was made
                with open(path, encoding="utf-8", errors="replace", newline="") as fh:
                    for row in csv.DictReader(fh):
                        k = row[key].rstrip("/").rsplit("/", 1)[-1] if key == "url" else row[key]
                        texts[k] = row["text"]
            self._files[name] = texts
        return self._files[name]


def _with_words(r: dict, text: str) -> dict:
    """A label's events with their words read back from the text: the repository keeps the sentence
    (``sentence_at``), the trigger (``trigger_at``) and each actor's words (``text_at``) as character
    offsets in the text, never the words themselves."""
    def words(at) -> str:
        return text[at[0]:at[1]] if isinstance(at, list) and len(at) == 2 else ""

    events = []
    for e in r.get("events") or []:
        if isinstance(e, dict):
            e = {**e, "sentence": words(e.get("sentence_at")), "trigger": words(e.get("trigger_at"))}
            for role in ("source", "target"):
                if isinstance(e.get(role), dict):
                    e[role] = {**e[role], "text": words(e[role].get("text_at"))}
        events.append(e)
    return {**r, "events": events}


def load_handcoded(labels: Path, corpora: Path) -> tuple[list[NewsRecord], list[str]]:
    """The hand-coded records of ``labels`` with their texts read from ``corpora``, and one message per
    label skipped (bad JSON, unknown id, a text whose hash differs) naming the file and line."""
    if not (corpora / "wikipedia_current_events").is_dir():
        raise FileNotFoundError(f"{corpora}: the corpora the hand-coded labels refer to are not here")
    skipped: list[str] = []
    texts = CorpusTexts(corpora)

    def lines():
        for n, r in gold_lines(str(labels), skipped, need_text=False):
            text = texts.text(str(r.get("id", "")))
            if text is None:
                skipped.append(f"{labels}:{n}: no text {r.get('id')!r} in {corpora}")
                continue
            if text_hash(text) != r.get("sha256"):
                skipped.append(f"{labels}:{n}: the text of {r.get('id')!r} is not the one labelled (hash differs)")
                continue
            yield n, {**_with_words(r, text), "text": text, "split": HANDCODED}

    records = news_records(str(labels), lines(), None, skipped)
    for msg in skipped:
        log.warning("%s", msg)
    return records, skipped


def pack_label(label: dict, text: str) -> dict | None:
    """A label as the repository keeps it: the text's hash and, instead of words, their offsets in the
    text — an event's sentence, its trigger and its actors' words, each looked for inside the sentence
    first (None when a sentence or a trigger is not in the text verbatim: the label needs fixing; actor
    words not found, named only in another sentence, are left out)."""
    events = []
    for e in label.get("events") or []:
        e = dict(e)
        lo, hi = 0, len(text)
        sentence = e.pop("sentence", None)
        if sentence:
            lo = text.find(sentence)
            if lo < 0:
                return None
            hi = lo + len(sentence)
            e["sentence_at"] = [lo, hi]
        trigger = e.pop("trigger", None)
        if trigger:
            at = _offsets(text, trigger, lo, hi)
            if at is None:
                return None
            e["trigger_at"] = at
        for role in ("source", "target"):
            if isinstance(e.get(role), dict):
                actor = dict(e[role])
                words = actor.pop("text", None)
                at = _offsets(text, words, lo, hi) if words else None
                if at is not None:
                    actor["text_at"] = at
                e[role] = actor
        events.append(e)
    return {"id": label["id"], "date": label.get("date"), "sha256": text_hash(text), "events": events}


def _offsets(text: str, words: str, lo: int, hi: int) -> list[int] | None:
    """Where ``words`` stand in the text: inside [lo, hi) if they are there, else anywhere."""
    at = text.find(words, lo, hi)
    if at < 0:
        at = text.find(words)
    return None if at < 0 else [at, at + len(words)]
