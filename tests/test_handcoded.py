"""Hand-coded training labels: statements read from a Current-events page by id, texts checked by hash,
bad labels reported by file and line without losing the good ones."""
import csv
import json
from pathlib import Path

import pytest

from detente.coding.learned.handcoded import HANDCODED, load_handcoded, pack_label, page_statements, text_hash

from conftest import ROOT, SHARED

PAGE = """---
title: 2031 March 02
date: 2031-03-02
---

#### Armed conflicts and attacks

* [Northland–Southland war](https://en.wikipedia.org/wiki/War "Northland–Southland war")
  * [Northland](https://en.wikipedia.org/wiki/Northland "Northland") shells the port of [Eastharbour](https://en.wikipedia.org/wiki/E_(city) "E (city)"). [(Wire One)](https://example.org/a)
  * Southland recalls its ambassador from Northland. [(Wire Two)](https://example.org/b) [(Wire Three)](https://example.org/c)
* A topic bullet with nothing under it

#### International relations

* [France](https://en.wikipedia.org/wiki/France "France") and [Chile](https://en.wikipedia.org/wiki/Chile "Chile") sign a fishing accord. [(Wire)](https://example.org/d)
"""


def test_page_statements_are_leaf_bullets_as_plain_text():
    got = page_statements(PAGE)
    assert got == [
        ("Armed conflicts and attacks", "Northland shells the port of Eastharbour."),
        ("Armed conflicts and attacks", "Southland recalls its ambassador from Northland."),
        ("Armed conflicts and attacks", "A topic bullet with nothing under it"),
        ("International relations", "France and Chile sign a fishing accord."),
    ]


def _corpus(tmp_path: Path) -> Path:
    posts = tmp_path / "corpora" / "wikipedia_current_events" / "posts"
    posts.mkdir(parents=True)
    (posts / "2031-03-02-index.md").write_text(PAGE, encoding="utf-8")
    return tmp_path / "corpora"


def _event(src, etype, tgt, words=("", "", "")):
    """An event as a coder writes it; ``words``: the source's, the target's and the trigger's."""
    return {"source": {"code": src, "text": words[0]}, "target": {"code": tgt, "text": words[1]} if tgt else None,
            "event": etype, "factuality": "asserted", "trigger": words[2]}


def test_labels_meet_their_texts_and_bad_ones_are_named(tmp_path, caplog):
    corpora = _corpus(tmp_path)
    accord = "France and Chile sign a fishing accord."
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join([
        json.dumps({"id": "wce-2031-03-02-0", "sha256": text_hash("Northland shells the port of Eastharbour."),
                    "date": "2031-03-02", "events": [_event("FRA", "ASSAULT", "CHL")]}),
        json.dumps({"id": "wce-2031-03-02-1", "sha256": text_hash("some other text"), "date": "2031-03-02",
                    "events": []}),
        "{not json",
        json.dumps({"id": "wce-2031-03-02-9", "sha256": "0", "date": "2031-03-02", "events": []}),
        json.dumps(pack_label({"id": "wce-2031-03-02-3", "date": "2031-03-02",
                               "events": [_event("FRA", "AGREE", "CHL", ("France", "Chile", "sign")),
                                          _event("CHL", "AGREE", "FRA", ("Chile", "France", "sign"))]}, accord)),
    ]) + "\n", encoding="utf-8")
    records, skipped = load_handcoded(labels, corpora)
    assert [r.text for r in records] == ["Northland shells the port of Eastharbour.", accord]
    assert all(r.split == HANDCODED for r in records)
    assert [(e.source, e.event, e.target) for e in records[1].events] == [("FRA", "AGREE", "CHL"),
                                                                          ("CHL", "AGREE", "FRA")]
    # the words come back from the text: the labels keep only their offsets
    assert [(e.source_text, e.target_text, e.trigger) for e in records[1].events] == [("France", "Chile", "sign"),
                                                                                      ("Chile", "France", "sign")]
    assert len(skipped) == 3
    assert skipped[0].startswith(f"{labels}:2:") and "hash differs" in skipped[0]
    assert skipped[1].startswith(f"{labels}:3:") and "not JSON" in skipped[1]
    assert skipped[2].startswith(f"{labels}:4:") and "no text 'wce-2031-03-02-9'" in skipped[2]
    assert "hash differs" in caplog.text


def test_missing_corpus_is_an_error(tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text("", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="corpora the hand-coded labels refer to"):
        load_handcoded(labels, tmp_path / "nowhere")


CORPORA = SHARED / "corpora"


@pytest.mark.skipif(not (CORPORA / "wikipedia_current_events").is_dir(), reason="../shared/corpora is absent")
@pytest.mark.parametrize("name", ["wikipedia_current_events.jsonl", "articles.jsonl",
                                  "articles_political.jsonl"])
def test_committed_labels_all_meet_their_texts(name):
    labels = ROOT / "handcoded" / name
    records, skipped = load_handcoded(labels, CORPORA)
    assert skipped == []
    assert len(records) == sum(1 for line in labels.read_text(encoding="utf-8").splitlines() if line.strip())
    assert all(e.sentence for r in records if r.id.startswith(("dai2017#", "wikinews#")) for e in r.events)


ARTICLE = ("KINGSTOWN, May 3. Northland and Southland signed a border accord on Tuesday. "
           "Southland's foreign minister said talks would go on.")


def test_article_labels_keep_words_as_offsets(tmp_path):
    corpora = _corpus(tmp_path)
    wire = corpora / "news_articles_dai2017"
    wire.mkdir()
    with open(wire / "NewsArticles.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["article_id", "publish_date", "article_source_link", "title", "subtitle", "text"])
        w.writerow(["77", "2017/5/3", "http://example.org/77", "Accord", "", ARTICLE])
    label = {"id": "dai2017#77", "date": "2017-05-03", "events": [
        {**_event("FRA", "AGREE", "CHL", ("Southland", "KINGSTOWN", "signed")),
         "sentence": "Northland and Southland signed a border accord on Tuesday."}]}
    packed = pack_label(label, ARTICLE)
    assert packed["sha256"] == text_hash(ARTICLE)
    assert "text" not in json.dumps(packed).replace('"text_at"', "")  # no words of the article are kept
    assert "Southland" not in json.dumps(packed) and "signed" not in json.dumps(packed)
    assert pack_label({**label, "events": [{**label["events"][0], "sentence": "Not in the text."}]}, ARTICLE) is None
    assert pack_label({**label, "events": [{**label["events"][0], "trigger": "vetoed"}]}, ARTICLE) is None
    labels = tmp_path / "articles.jsonl"
    labels.write_text(json.dumps(packed) + "\n", encoding="utf-8")
    records, skipped = load_handcoded(labels, corpora)
    assert skipped == [] and records[0].text == ARTICLE
    got = records[0].events[0]
    assert got.sentence == "Northland and Southland signed a border accord on Tuesday."
    # words in the sentence are taken there; an actor named in another sentence is found where it stands
    assert (got.source_text, got.target_text, got.trigger) == ("Southland", "KINGSTOWN", "signed")
