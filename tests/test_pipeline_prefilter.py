"""The sentence prefilter loses no event: coding with and without it gives the same events, on texts
written here (coreference across sentences: names, pronouns, titles, "the country", "the two
nations", an office named later) and on the PLOVER dev gold texts."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import SHARED
from detente.model import Article
from detente import code_articles

DAY = dt.date(2024, 9, 5)
TEXTS = [
    # names, pronoun, "the country", pairs, across sentences; a sentence with no actor at all
    "Serbia's Deputy Prime Minister Aleksandar Vulin met Russian President Vladimir Putin in Vladivostok "
    "on Thursday. the weather was mild and the harbour was quiet. Vulin said Serbia will not impose "
    "sanctions against Moscow. He also said the country would never join NATO. The two nations signed an "
    "agreement on gas supplies. it rained all evening.",
    # an office named without a name, named two sentences later
    "Serbia's Deputy Prime Minister criticized the European Union on Monday. the speech lasted an hour. "
    "Aleksandar Vulin said Belgrade would keep talking to Moscow.",
    # only gazetteer actors: sentences without a trigger and an actor are skipped
    "France condemned the attack on Syria. it was raining in the city all day. The match ended in a draw. "
    "Germany praised Poland for its help with refugees.",
    # a definite title referring back; an ambiguous name
    "Japan's Foreign Minister visited China on Tuesday. Officials prepared a long dinner. The foreign "
    "minister criticized the military drills near Taiwan. Jordan condemned the strike on Gaza.",
    "the ministers talked about the weather. nobody was arrested.",
    # a titled person with no country in the sentence takes the country the article names elsewhere
    "Kenya is warm in the dry season. the rains come late. Minister John Smith criticized the plan on Monday.",
    # a country word that is part of a person's name elsewhere in the article
    "Chad condemned the attack on Niger. Chad Smith is a singer from Texas.",
    # a chain of pronouns: each reads the sentence before it, back to the named minister
    "Serbia's Deputy Prime Minister Aleksandar Vulin spoke in Belgrade on Monday. He looked tired. "
    "His aides stood nearby. He criticized the European Union.",
    # an office without a name after its title, named by the same surname in a later sentence
    "Banks kept working, the Kenyan ambassador in Cyprus Peter Odhiambo told reporters on Tuesday, and "
    "he criticized the new sanctions. The weather was calm. Odhiambo spoke for an hour.",
    # unknown names with no title anywhere: no actor, so the sentence is not parsed
    "Tom Brady threw for three touchdowns and Brady praised Gronkowski. Kenya welcomed the decision.",
    # context of context: "He" reads "The judge", which reads the named judge two sentences back
    "Judge Mary Byrne of Ireland heard the case in Dublin on Monday. the hearing lasted a day. "
    "Describing the accused as remorseful, Judge Mary Byrne spoke briefly. The judge said the money was "
    "gone. He sentenced the man to three years in prison.",
    # a group noun placed in a city the gazetteer does not know: an actor without a name or title
    "Fortone Holdings is a private construction business in Shenyang that focuses on investment in "
    "large projects abroad. the weather was cold.",
]


def _events(texts, prefilter: bool):
    arts = [Article.make(t, DAY, path=f"t{i}") for i, t in enumerate(texts)]
    coded = list(code_articles(arts, prefilter=prefilter))
    events = sorted(json.dumps(e.to_json(), sort_keys=True) for c in coded for e in c.events)
    return events, coded


def test_same_events_with_and_without_prefilter_on_written_texts():
    with_pf, coded = _events(TEXTS, True)
    without, full = _events(TEXTS, False)
    assert with_pf == without
    assert len(with_pf) >= 6  # the texts do carry events
    skipped = sum(c.stats["skipped"] for c in coded)
    assert skipped >= 4  # and the prefilter did skip sentences: the comparison is not vacuous
    assert all(c.stats["skipped"] == 0 for c in full)
    # every sentence that yields an event without the prefilter was kept by it
    for c_pf, c_full in zip(coded, full):
        kept = c_pf.stats["kept"]
        assert all(kept[e.sentence_index] for e in c_full.events)


def test_sentence_numbers_and_offsets_do_not_move():
    [c] = list(code_articles([Article.make(TEXTS[2], DAY)], prefilter=True))
    by_trigger = {e.evidence.trigger: e for e in c.events}
    praise = next(e for t, e in by_trigger.items() if t.startswith("praised"))
    assert praise.sentence_index == 3
    start, end = praise.evidence.trigger_span
    assert TEXTS[2][start:end] == "praised"
    assert c.stats["kept"] == [True, False, False, True]


GOLD = SHARED / "gold" / "plover_gsr_dev.jsonl"


@pytest.mark.skipif(not GOLD.exists(), reason="no ../shared/gold")
def test_same_events_with_and_without_prefilter_on_dev_gold():
    texts = [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    with_pf, _ = _events(texts, True)
    without, _ = _events(texts, False)
    assert len(with_pf) > 100
    assert with_pf == without


NEWS = SHARED / "corpora" / "news_articles_dai2017" / "NewsArticles.csv"


@pytest.mark.slow
@pytest.mark.skipif(not NEWS.exists(), reason="no ../shared/corpora")
def test_same_events_with_and_without_prefilter_on_real_news():
    """Real articles exercise every cross-sentence link the resolver has (or gains later)."""
    import csv
    with open(NEWS, encoding="utf-8", errors="replace", newline="") as fh:
        texts = [r["text"] for r, _ in zip(csv.DictReader(fh), range(40)) if r["text"].strip()]
    with_pf, coded = _events(texts, True)
    without, _ = _events(texts, False)
    assert sum(c.stats["skipped"] for c in coded) > 50
    assert with_pf == without


def test_context_sentences_are_kept_and_unknown_names_are_not():
    chain, office, untitled = (list(code_articles([Article.make(t, DAY)], prefilter=True))[0] for t in TEXTS[-5:-2])
    assert chain.stats["kept"] == [True, True, True, True]  # "He" → "His" → "He" → Vulin
    assert [(e.source.cameo, e.event) for e in chain.events] == [("SRBGOV", "ACCUSE")]
    assert office.stats["kept"] == [True, False, True]  # the later "Odhiambo" names the office
    assert untitled.stats["kept"] == [False, True]  # Brady has no title, country or dictionary entry


def test_context_of_context_and_placed_groups_are_kept():
    judge, business = (list(code_articles([Article.make(t, DAY)], prefilter=True))[0] for t in TEXTS[-2:])
    assert judge.stats["kept"][2:] == [True, True, True]  # "He" → "The judge" → "Judge Mary Byrne"
    assert [e.source.cameo for e in judge.events if e.evidence.trigger.startswith("sentenced")] == ["IRLJUD"]
    assert business.stats["kept"] == [True, False]
    assert [(e.source.cameo, e.event) for e in business.events] == [("CHNBUS", "COOPERATE")]
