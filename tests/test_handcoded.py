"""Hand-coded training labels: statements read from a Current-events page by id, texts checked by hash,
bad labels reported by file and line without losing the good ones."""
import json
from pathlib import Path

import pytest

from detente.coding.learned.handcoded import HANDCODED, load_handcoded, page_statements, text_hash

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


def _event(src, etype, tgt):
    return {"source": {"code": src, "text": src}, "target": {"code": tgt, "text": tgt} if tgt else None,
            "event": etype, "factuality": "asserted", "trigger": "x"}


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
        json.dumps({"id": "wce-2031-03-02-3", "sha256": text_hash(accord), "date": "2031-03-02",
                    "events": [_event("FRA", "AGREE", "CHL"), _event("CHL", "AGREE", "FRA")]}),
    ]) + "\n", encoding="utf-8")
    records, skipped = load_handcoded(labels, corpora)
    assert [r.text for r in records] == ["Northland shells the port of Eastharbour.", accord]
    assert all(r.split == HANDCODED for r in records)
    assert [(e.source, e.event, e.target) for e in records[1].events] == [("FRA", "AGREE", "CHL"),
                                                                          ("CHL", "AGREE", "FRA")]
    assert len(skipped) == 3
    assert skipped[0].startswith(f"{labels}:2:") and "hash differs" in skipped[0]
    assert skipped[1].startswith(f"{labels}:3:") and "not JSON" in skipped[1]
    assert skipped[2].startswith(f"{labels}:4:") and "no statement 'wce-2031-03-02-9'" in skipped[2]
    assert "hash differs" in caplog.text


def test_missing_corpus_is_an_error(tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text("", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="wikipedia_current_events"):
        load_handcoded(labels, tmp_path / "nowhere")


REPO_LABELS = ROOT / "handcoded" / "wikipedia_current_events.jsonl"
CORPORA = SHARED / "corpora"


@pytest.mark.skipif(not (CORPORA / "wikipedia_current_events").is_dir(), reason="../shared/corpora is absent")
def test_committed_labels_all_meet_their_texts():
    records, skipped = load_handcoded(REPO_LABELS, CORPORA)
    assert skipped == []
    assert len(records) == sum(1 for line in REPO_LABELS.read_text(encoding="utf-8").splitlines() if line.strip())
