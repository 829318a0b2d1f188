"""The event filter (detente/coding/learned/rerank.py): candidates read at looser thresholds join the
model's events only for triples those have not; the filter keeps a triple's events by its probability
and shows it; the committed model carries a filter that codes our own sentences with its scores as
evidence, and the model file round-trips it."""
import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from detente import code_text
from detente.coding.learned import CoderModel
from detente.coding.learned.coder import MODEL_PATH, Thresholds
from detente.coding.learned.linear import LinearModel
from detente.coding.learned.rerank import (filter_events, one_reading, text_features, triple_key, with_candidates,
                                          with_untargeted)
from detente.model import Actor, Event, Evidence


def event(source, etype, target, *, rule="model:x", scores=None, sentence=0, trigger="hit", **extra) -> Event:
    return Event(article_id="a", sentence_index=sentence, event=etype, mode="", context="", cameo="", goldstein=None,
                 quad_class=None, factuality="asserted", speaker=None,
                 source=Actor(code=source, name=source), target=Actor(code=target, name=target) if target else None,
                 date=dt.date(2025, 1, 1), date_origin="article", location=None, location_origin="", coder_version="x",
                 evidence=Evidence(sentence="s", trigger=trigger, source_span=None, target_span=None,
                                   trigger_span=(0, 3), rule=rule),
                 extra={"scores": scores or {"event": 0.9, "none": 0.1, "source": 0.9}, **extra})


def test_candidates_join_only_for_triples_the_model_has_not():
    mine = [event("FRA", "ASSAULT", "DEU")]
    cands = [event("FRA", "ASSAULT", "DEU", scores={"event": 0.3, "none": 0.6, "source": 0.2}),
             event("FRA", "CONSULT", "DEU", scores={"event": 0.3, "none": 0.6, "source": 0.2})]
    got = with_candidates(mine, cands)
    assert [triple_key(e) for e in got] == [("FRA", "ASSAULT", "DEU"), ("FRA", "CONSULT", "DEU")]
    assert "candidate" not in got[0].extra and got[1].extra["candidate"] is True
    feats = text_features(got, 1)
    assert "o=model" in feats[("FRA", "ASSAULT", "DEU")] and "o=loose" in feats[("FRA", "CONSULT", "DEU")]
    assert "T=CONSULT|l=hit" in feats[("FRA", "CONSULT", "DEU")]


def test_an_act_read_only_with_targets_is_judged_without_one_too():
    # "FRA, DEU and ITA met": read as two targeted meetings; the gold of a multilateral meeting has none
    events = [event("FRA", "CONSULT", "DEU", scores={"event": 0.8, "none": 0.2, "source": 0.9, "target": 0.45}),
              event("FRA", "CONSULT", "ITA", scores={"event": 0.8, "none": 0.2, "source": 0.9, "target": 0.35}),
              event("FRA", "ACCUSE", None), event("FRA", "ACCUSE", "RUS")]
    got = with_untargeted(events)
    assert [triple_key(e) for e in got[4:]] == [("FRA", "CONSULT", None)]  # ACCUSE is read untargeted already
    copy = got[4]
    assert copy.target is None and copy.evidence.target_span is None
    assert copy.extra["untargeted"] == 0.45 and "target" not in copy.extra["scores"]
    feats = text_features(got, 1)
    f = feats[("FRA", "CONSULT", None)]
    assert "o=notarget" in f and "notarget|ntg=2" in f and "pt=4|NT" in f  # the dropped target's 0.45, binned
    assert "ntg=2" in feats[("FRA", "CONSULT", "DEU")] and "o=notarget" not in feats[("FRA", "CONSULT", "DEU")]
    # the filter judges the copy as a triple of its own; without the flag it is never made
    filt = LinearModel(["1"], {"o=notarget": 0}, np.array([[3.0]], dtype=np.float32), np.array([-1.0], dtype=np.float32))
    kept = filter_events(events, 1, filt, 0.5, untargeted=True)
    assert [triple_key(e) for e in kept] == [("FRA", "CONSULT", None)]
    assert filter_events(events, 1, filt, 0.5) == []


def test_an_act_is_kept_with_its_target_or_without_one_not_both():
    keys = [("ESP", "CONSULT", "MAR"), ("ESP", "CONSULT", None), ("MAR", "CONSULT", None), ("ESP", "AGREE", None)]
    # "Spain and Morocco will hold talks": the meeting between the two, likelier, stands for Spain's act
    assert one_reading(keys, [0.8, 0.6, 0.7, 0.5], [True] * 4) == [True, False, True, True]
    # the untargeted reading likelier than every kept targeted one stays beside it; a dropped one changes nothing
    assert one_reading(keys, [0.5, 0.6, 0.7, 0.5], [True] * 4) == [True] * 4
    assert one_reading(keys, [0.8, 0.6, 0.7, 0.5], [False, True, True, True]) == [False, True, True, True]
    # a denial the rules read stays whatever is kept beside it
    assert one_reading(keys, [0.8, 0.6, 0.7, 0.5], [True] * 4, [False, True, False, False]) == [True] * 4
    # through the filter, as the coder keeps them
    filt = LinearModel(["1"], {"o=notarget": 0, "o=model": 1}, np.array([[1.0], [2.0]], dtype=np.float32),
                       np.zeros(1, dtype=np.float32))
    talks = [event("ESP", "CONSULT", "MAR", scores={"event": 0.8, "none": 0.2, "source": 0.9, "target": 0.6})]
    kept = filter_events(talks, 1, filt, 0.5, untargeted=True)
    assert [triple_key(e) for e in kept] == [("ESP", "CONSULT", "MAR")]


def test_a_denial_the_rules_read_is_never_dropped():
    # a filter that keeps nothing: the rules' denial stays, with its probability shown; the model's does not
    filt = LinearModel(["1"], {"bias": 0}, np.array([[0.0]], dtype=np.float32), np.array([-6.0], dtype=np.float32))
    ruled = replace(event("JPN", "SANCTION", "RUS", rule="lexicon:sanction.impose", scores={}), factuality="negated")
    learned = replace(event("JPN", "AID", "RUS"), factuality="negated")
    kept = filter_events([ruled, learned], 1, filt, 0.3, 0.1)
    assert [triple_key(e) for e in kept] == [("JPN", "SANCTION", "RUS")]
    assert kept[0].extra["scores"]["kept"] < 0.01
    # a plan the rules read is not a denial: it passes the lower threshold or goes
    assert filter_events([replace(ruled, factuality="future")], 1, filt, 0.3, 0.1) == []


def test_the_filter_keeps_a_triple_by_its_probability_and_shows_it():
    # a filter that trusts the model's own reading and distrusts a candidate
    filt = LinearModel(["1"], {"o=model": 0, "o=loose": 1}, np.array([[2.0], [-2.0]], dtype=np.float32),
                       np.zeros(1, dtype=np.float32))
    events = with_candidates([event("FRA", "ASSAULT", "DEU"), event("FRA", "ASSAULT", "DEU", sentence=1)],
                             [event("FRA", "CONSULT", "DEU")])
    kept = filter_events(events, 2, filt, 0.5)
    assert [triple_key(e) for e in kept] == [("FRA", "ASSAULT", "DEU")] * 2  # both mentions of the kept triple
    assert kept[0].extra["scores"]["kept"] == pytest.approx(1 / (1 + np.exp(-2)), abs=1e-3)
    assert filter_events(events, 2, filt, 0.95) == []


def test_a_model_with_a_filter_round_trips(tmp_path):
    rows = {"o=model": 0}
    lin = LinearModel(["NONE", "ASSAULT"], dict(rows), np.ones((1, 2), dtype=np.float32), np.zeros(2, dtype=np.float32))
    filt = LinearModel(["1"], dict(rows), np.ones((1, 1), dtype=np.float32), np.zeros(1, dtype=np.float32))
    model = CoderModel(lin, lin, lin, lin, lin, Thresholds(trigger=0.6), {"version": "t", "rerank_threshold": 0.3},
                       rerank=filt, candidates=Thresholds(trigger=0.9, source=0.1))
    model.save(tmp_path / "m.npz")
    back = CoderModel.load(tmp_path / "m.npz")
    assert back.candidates == model.candidates and back.thresholds.trigger == 0.6
    assert back.rerank.vocab == filt.vocab and back.meta["rerank_threshold"] == 0.3
    assert "candidates" not in back.meta


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained model (run make train)")
def test_the_committed_filter_codes_our_sentences_with_its_probability():
    model = CoderModel.load(MODEL_PATH)
    assert model.rerank is not None and model.candidates is not None
    assert model.candidates.trigger >= model.thresholds.trigger
    events = code_text("Egyptian troops shelled Libyan positions near the border on Friday.", dt.date(2025, 3, 1),
                       coder="combined").events
    got = {(e.source.key, e.event, e.target.key if e.target else None): e for e in events}
    e = got[("EGY", "ASSAULT", "LBY")]
    assert model.meta["rerank_threshold"] <= e.extra["scores"]["kept"] <= 1


def test_the_rules_and_the_non_asserted_have_their_own_lower_thresholds():
    from detente.coding.learned.rerank import threshold_for
    ruled = ["o=rules", "fact=asserted"]
    planned = ["o=model", "fact=future"]
    plain = ["o=model", "fact=asserted"]
    assert threshold_for(plain, 0.3, 0.1, 0.15) == 0.3
    assert threshold_for(ruled, 0.3, 0.1, 0.15) == 0.15
    assert threshold_for(planned, 0.3, 0.1, 0.15) == 0.1
    assert threshold_for(["o=both", "fact=hypothetical"], 0.3, 0.1, 0.15) == 0.1  # the lowest that applies
    assert threshold_for(ruled, 0.3) == 0.3  # a filter given no lower thresholds
    # a filter at a fixed 0.12 (bias only): the plan is kept, the rules' asserted triple is not
    filt = LinearModel(["1"], {"bias": 0}, np.array([[0.0]], dtype=np.float32),
                       np.array([np.log(0.12 / 0.88)], dtype=np.float32))
    events = [event("FRA", "ASSAULT", "DEU", rule="lexicon:attack"),
              replace(event("FRA", "SANCTION", "DEU"), factuality="future")]
    kept = filter_events(events, 1, filt, 0.3, 0.1, ruled_threshold=0.15)
    assert [triple_key(e) for e in kept] == [("FRA", "SANCTION", "DEU")]


def test_the_filter_reads_who_a_triple_is_between():
    events = [event("ISR", "ASSAULT", "LBN"), event("LBN", "ASSAULT", "ISR", sentence=1), event("FRA", "CONSULT", None)]
    feats = text_features(events, 2)
    f = feats[("ISR", "ASSAULT", "LBN")]
    assert {"T=ASSAULT|s=ISR", "T=ASSAULT|t=LBN", "s=ISR|t=LBN", "T=ASSAULT|s=ISR|t=LBN",
            "u=ISR|LBN", "T=ASSAULT|u=ISR|LBN"} <= set(f)
    # the reverse is another ordered pair and the same unordered one
    back = feats[("LBN", "ASSAULT", "ISR")]
    assert "s=LBN|t=ISR" in back and "s=ISR|t=LBN" not in back and "T=ASSAULT|u=ISR|LBN" in back
    assert "s=FRA|t=-" in feats[("FRA", "CONSULT", None)]
    # a filter that learned to distrust Lebanon attacking Israel keeps only the other direction
    filt = LinearModel(["1"], {"s=LBN|t=ISR": 0}, np.array([[-4.0]], dtype=np.float32), np.array([1.0], dtype=np.float32))
    kept = filter_events(events[:2], 2, filt, 0.5)
    assert [triple_key(e) for e in kept] == [("ISR", "ASSAULT", "LBN")]


def test_the_filter_reads_the_words_of_a_triples_sentences():
    said = event("UKR", "ASSAULT", "RUS")
    said = replace(said, evidence=replace(said.evidence, sentence="Kyiv said Moscow's troops had shelled the town."))
    lifted = event("USA", "SANCTION", "SYR", sentence=1)
    lifted = replace(lifted, evidence=replace(lifted.evidence, sentence="Washington lifted its sanctions on Syria."))
    feats = text_features([said, lifted], 2)
    f = feats[("UKR", "ASSAULT", "RUS")]
    # content words, lower case, once each, crossed with the triple's type; not the function words
    assert {"T=ASSAULT|w=said", "T=ASSAULT|w=shelled", "T=ASSAULT|w=kyiv", "T=ASSAULT|w=moscow"} <= set(f)
    assert not any(x in f for x in ("T=ASSAULT|w=the", "T=ASSAULT|w=had", "T=ASSAULT|w=lifted"))
    assert "T=SANCTION|w=lifted" in feats[("USA", "SANCTION", "SYR")]
    # a filter that learned "lifted" sanctions are none drops that triple and keeps the other
    filt = LinearModel(["1"], {"T=SANCTION|w=lifted": 0}, np.array([[-4.0]], dtype=np.float32),
                       np.array([1.0], dtype=np.float32))
    assert [triple_key(e) for e in filter_events([said, lifted], 2, filt, 0.5)] == [("UKR", "ASSAULT", "RUS")]


def test_an_article_keeps_its_triples_from_its_own_threshold():
    from detente.coding.learned.rerank import text_kind
    assert text_kind(4) == "statement" and text_kind(5) == "article"
    # a filter at a fixed 0.27 (bias only): kept in an article from 0.25, not in a statement from 0.3
    filt = LinearModel(["1"], {"bias": 0}, np.array([[0.0]], dtype=np.float32),
                       np.array([np.log(0.27 / 0.73)], dtype=np.float32))
    events = [event("FRA", "ASSAULT", "DEU")]
    assert filter_events(events, 2, filt, 0.3, article_threshold=0.25) == []
    assert [triple_key(e) for e in filter_events(events, 12, filt, 0.3, article_threshold=0.25)] == \
        [("FRA", "ASSAULT", "DEU")]
    assert filter_events(events, 12, filt, 0.3) == []  # a model with one threshold for both


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained model (run make train)")
def test_the_committed_model_has_an_article_threshold():
    meta = CoderModel.load(MODEL_PATH).meta
    assert 0.2 <= meta["rerank_threshold_article"] <= 0.5 and 0.2 <= meta["rerank_threshold"] <= 0.5
    assert meta["tuning"]["filter_threshold_article"] == meta["rerank_threshold_article"]
