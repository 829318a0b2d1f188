"""The learned coder (detente/coding/learned): the committed model loads and codes sentences written
for these tests — types, sources and targets chosen by the model, domestic and symmetric events, a
negation kept — with its scores as evidence; the model file round-trips; the prefilter keeps the
sentences the model can code."""
import datetime as dt

import numpy as np
import pytest

from detente import code_text
from detente.coding.learned import CoderModel, load_model
from detente.coding.learned.coder import MODEL_PATH
from detente.coding.learned.linear import LinearModel

pytestmark = pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained model (run make train)")


def triples(text, coder="learned"):
    events = code_text(text, dt.date(2025, 3, 1), coder=coder).events
    return {(e.source.key, e.event, e.target.key if e.target else None, e.factuality): e for e in events}


def test_an_attack_is_coded_with_the_model_as_evidence():
    got = triples("Russian forces shelled the Ukrainian city of Kharkiv on Monday.")
    e = got[("RUS", "ASSAULT", "UKR", "asserted")]
    assert e.evidence.rule.startswith("model:") and e.evidence.trigger == "shelled"
    assert 0.5 < e.extra["scores"]["event"] <= 1 and 0 < e.extra["scores"]["source"] <= 1
    assert e.cameo and e.goldstein is not None and e.quad_class == 4


def test_a_domestic_arrest_has_the_same_country_on_both_sides():
    assert ("KEN", "COERCE", "KEN", "asserted") in triples("Kenyan police arrested dozens of protesters in Nairobi.")


def test_joint_signatories_are_each_other_s_target():
    got = triples("Japan and South Korea signed a defence agreement on Tuesday.")
    assert ("JPN", "SUPPORT", "KOR", "asserted") in got and ("KOR", "SUPPORT", "JPN", "asserted") in got


def test_a_refusal_stays_negated():
    got = triples("Hungary will not impose sanctions on Russia, its foreign minister said.")
    assert ("HUN", "SANCTION", "RUS", "negated") in got
    assert not any(k[:3] == ("HUN", "SANCTION", "RUS") and k[3] != "negated" for k in got)


def test_the_combined_coder_keeps_the_rules_evidence_where_both_agree():
    got = triples("Serbia will not impose sanctions against Moscow.", coder="combined")
    e = got[("SRB", "SANCTION", "RUS", "negated")]
    assert e.evidence.rule.startswith("lexicon:") and e.evidence.trigger == "impose sanctions"
    assert e.extra.get("model", "").startswith("model:")


def test_the_model_file_round_trips(tmp_path):
    model = load_model()
    path = tmp_path / "m.npz"
    model.save(path)
    again = CoderModel.load(path)
    assert again.meta["version"] == model.meta["version"] and again.thresholds == model.thresholds
    feats = ["l=attack", "p=NOUN", "bias", "lex=ASSAULT"]
    assert np.allclose(again.trigger.proba(feats), model.trigger.proba(feats))
    assert model.meta["trained_on"]["news/statements.jsonl#train"]["records"] > 4000


def test_a_linear_model_scores_by_its_weights():
    m = LinearModel(["A", "B"], {"x": 0, "y": 1}, np.array([[2.0, 0.0], [0.0, 1.0]], dtype=np.float32),
                    np.zeros(2, dtype=np.float32))
    p = m.proba(["x", "unknown"])
    assert p[0] == pytest.approx(np.exp(2) / (np.exp(2) + 1))
    b = LinearModel(["1"], {"x": 0}, np.array([[0.0]], dtype=np.float32), np.zeros(1, dtype=np.float32))
    assert b.proba(["x"])[0] == pytest.approx(0.5)


def test_the_prefilter_keeps_sentences_with_the_model_s_trigger_words():
    from detente.prefilter import prefilter_for
    model = load_model()
    lemmas = model.trigger_lemmas()
    assert "shell" in lemmas and "arrest" in lemmas
    pf = prefilter_for(None, lemmas)
    assert lemmas <= pf.lemmas
