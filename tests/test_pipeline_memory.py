"""Once the vocabulary is full, each batch is coded in a spaCy memory zone: a long run does not keep
every new word it meets, and the events are the same as without the zone."""
import datetime as dt
import json

import pytest

from detente.actors import Resolver
from detente.model import Article
from detente.pipeline import Coder

DAY = dt.date(2024, 3, 1)


def _articles(start: int, n: int) -> list[Article]:
    # unique made-up names and numbers: new strings for the vocabulary in every article
    return [Article.make(f"Serbia condemned Kosovo over the arrest of Zarkovic{k}x on Monday. Police seized "
                         f"{1000 + k} rifles in Qwertyville{k}. Russia's foreign minister Sergei Lavrov met "
                         f"Obradov{k}ski in Moscow.", DAY) for k in range(start, start + n)]


def _events(results) -> list[str]:
    return [json.dumps(e.to_json(), sort_keys=True) for r in results for e in r.events]


@pytest.fixture
def full_vocabulary(monkeypatch):
    """As if the vocabulary had reached its size: every batch runs in a zone."""
    monkeypatch.setattr(Coder, "keep_lexemes", 0)


def test_words_are_kept_until_the_vocabulary_is_full(monkeypatch):
    coder = Coder(None)
    vocab = coder.annotator.nlp.vocab
    coder.code(_articles(890, 1))  # (the common words of these texts, once)
    monkeypatch.setattr(Coder, "keep_lexemes", len(vocab) + 40)
    coder.code(_articles(900, 1))  # under the limit: its words stay
    assert "Qwertyville900" in vocab.strings
    filled = len(vocab)
    coder.code(_articles(910, 20))  # the batch that fills it keeps its words too
    assert len(vocab) >= Coder.keep_lexemes > filled
    full = len(vocab.strings)
    coder.code(_articles(950, 20))  # now zoned: nothing new stays
    assert len(vocab.strings) == full and "Qwertyville950" not in vocab.strings
    assert "Qwertyville900" in vocab.strings


def test_batches_do_not_grow_the_vocabulary_and_code_the_same(full_vocabulary):
    coder = Coder(None)
    strings = coder.annotator.nlp.vocab.strings
    coder.code(_articles(0, 2))  # anything built once is built now
    before = len(strings)
    zoned = [r for k in range(5) for r in coder.code(_articles(100 + 10 * k, 10))]
    assert len(strings) - before < 20  # 50 articles, 100 new words each time: none kept
    plain = coder._code(_articles(100, 50))  # without a zone
    assert len(strings) - before >= 100  # (the words do reach the vocabulary otherwise)
    assert _events(zoned) == _events(plain)
    assert any(e.event == "ACCUSE" for r in zoned for e in r.events)


def test_a_new_resolver_on_the_same_vocabulary_is_built_outside_the_zone(full_vocabulary):
    first = Coder(None).code(_articles(500, 3))
    # a second Coder (as use_dictionaries' callers make) shares the loaded model and its vocabulary;
    # its resolver builds its matcher for that vocabulary before the zone, so its labels survive
    again = Coder(None, resolver=Resolver()).code(_articles(500, 3))
    assert _events(first) == _events(again) and _events(first)


def test_a_lemma_first_seen_as_a_word_in_an_earlier_batch_stays_readable(full_vocabulary):
    """'zorbin' enters the vocabulary as a word of batch 1 (dropped at its end) and is the lemma of
    'zorbins' there too; batch 2 has only 'zorbins'. A lemma cache of string hashes failed here."""
    coder = Coder(None)
    first = coder.code([Article.make("The zorbin criticized the zorbins in Serbia on Monday.", DAY)])
    second = coder.code([Article.make("Serbia criticized the zorbins and Kosovo condemned Serbia.", DAY)])
    for batch in (first, second):
        assert all(hasattr(r, "events") for r in batch), batch  # no CodingError
    assert any(e.event == "ACCUSE" for e in second[0].events)
