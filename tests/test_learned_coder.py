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


def test_a_strike_on_a_place_that_names_no_actor_hits_the_people_of_the_place():
    e = triples("Ukrainian drones struck Belgorod on Sunday.")[("UKR", "ASSAULT", "RUS", "asserted")]
    assert e.evidence.rule.startswith("model:") and e.target.sector == "CVL"
    assert "Belgorod is in RUS" in e.target.reason


def test_a_domestic_arrest_has_the_same_country_on_both_sides():
    assert ("KEN", "COERCE", "KEN", "asserted") in triples("Kenyan police arrested dozens of protesters in Nairobi.")


def test_joint_signatories_are_each_other_s_target():
    text = "Japan and South Korea signed a defence agreement on Tuesday."
    got = triples(text, coder="combined")
    assert ("JPN", "SUPPORT", "KOR", "asserted") in got and ("KOR", "SUPPORT", "JPN", "asserted") in got
    # the model alone chooses one source among the joint subjects, the other as its target
    learned = triples(text)
    assert {("JPN", "SUPPORT", "KOR", "asserted"), ("KOR", "SUPPORT", "JPN", "asserted")} & set(learned)


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
    from detente.pipeline import Coder
    model = load_model()
    lemmas = model.trigger_lemmas()
    assert "shell" in lemmas and "arrest" in lemmas
    assert lemmas <= Coder(coder="combined").plan.lemmas
    assert not lemmas <= Coder(coder="rules").plan.lemmas  # the rules' prefilter asks the lexicon alone


def _scored(p_none, event, sources):
    from detente.coding.learned.coder import Scored
    return Scored(tok=None, feats=[], p_none=p_none, event=event, p_type=1 - p_none, sources=sources)


def _source(p, mention, targets):
    from detente.coding.learned.coder import SourceChoice
    return SourceChoice(p, mention, targets)


def _mention(identity, start):
    from detente.coding.learned.features import Mention
    return Mention(actor=None, start=start, end=start + 1, head=None, identity=identity)


def test_the_thresholds_are_the_grid_point_that_codes_the_tuning_records_best():
    from detente.coding.learned.tune import TuneRecord, best_thresholds
    from detente.eval_news import GoldEvent, NewsRecord
    fra, deu = _mention("FRA", 0), _mention("DEU", 3)
    # a real event the model is unsure of (P(no event) 0.55) and a false one it is less sure of (0.75):
    # only a trigger threshold between the two codes the first without the second
    rec = NewsRecord("r1", 1, "t", dt.date(2025, 1, 1), (GoldEvent("FRA", "CONSULT", "DEU", "asserted"),))
    scored = [_scored(0.55, "CONSULT", [_source(0.9, fra, [(0.8, deu)])]),
              _scored(0.75, "ASSAULT", [_source(0.9, fra, [(0.8, deu)])])]
    th, f1 = best_thresholds([TuneRecord(rec, scored, [])])
    assert 0.55 < th.trigger <= 0.75 and f1 == 1.0


def test_the_committed_model_says_where_its_thresholds_were_chosen():
    tuning = load_model().meta["tuning"]
    assert tuning["tuning_records"] > 500 and 0 < tuning["tuning_combined_f1"] < 1
    assert "dev" not in " ".join(load_model().meta["trained_on"])


def test_the_factuality_model_rereads_what_the_rules_call_asserted_but_never_a_denial():
    from dataclasses import replace

    from detente.coding.learned import reread_factuality
    from detente.nlp import load
    text = "Germany sent tanks to Ukraine on Monday."
    event = next(e for e in code_text(text, dt.date(2025, 3, 1), coder="rules").events if e.event == "AID")
    sent = next(load()(text).sents)
    # a factuality model that reads every word as a plan
    plans = replace(load_model(), factuality=LinearModel(["asserted", "future"], {}, np.zeros((0, 2)), np.array([0.0, 1.0])))
    assert reread_factuality(event, sent, plans).factuality == "future"
    assert reread_factuality(replace(event, factuality="negated"), sent, plans).factuality == "negated"
    assert reread_factuality(event, sent, load_model()).factuality == "asserted"


def test_a_word_with_a_foreign_target_is_not_also_a_domestic_event():
    from detente.coding.learned.coder import Thresholds, select
    srb, rus, srb_again = _mention("SRB", 0), _mention("RUS", 3), _mention("SRB", 6)
    th = Thresholds(trigger=0.5, source=0.3, target=0.1, second=0.5, domestic=0.3)
    meeting = _scored(0.1, "CONSULT", [_source(0.9, srb, [(0.8, rus), (0.6, srb_again)])])
    assert [(s.identity, t.identity) for _, s, t, _, _ in select([meeting], th)] == [("SRB", "RUS")]
    # with no foreign target, the domestic one stands ("Kenyan police arrested Kenyan protesters")
    arrest = _scored(0.1, "COERCE", [_source(0.9, srb, [(0.6, srb_again)])])
    assert [(s.identity, t.identity) for _, s, t, _, _ in select([arrest], th)] == [("SRB", "SRB")]


def test_a_second_source_and_its_own_target_need_the_second_threshold():
    from detente.coding.learned.coder import Thresholds, select
    chn, ind = _mention("CHN", 0), _mention("IND", 2)
    th = Thresholds(trigger=0.5, source=0.3, target=0.2, second=0.4, domestic=0.3)
    # "China and India agree": each source has the other as its target, chosen given that source
    agree = _scored(0.1, "AGREE", [_source(0.5, chn, [(0.7, ind)]), _source(0.45, ind, [(0.6, chn)])])
    assert {(s.identity, t.identity) for _, s, t, _, _ in select([agree], th)} == {("CHN", "IND"), ("IND", "CHN")}
    # a second source below the second threshold is dropped, a target below its threshold leaves none
    unsure = _scored(0.1, "AGREE", [_source(0.6, chn, [(0.1, ind)]), _source(0.35, ind, [(0.6, chn)])])
    assert [(s.identity, t) for _, s, t, _, _ in select([unsure], th)] == [("CHN", None)]


def test_a_choice_model_learns_which_candidate_is_right_and_its_probabilities_sum_to_one():
    from detente.coding.learned.fit import fit_choice
    # in every choice the candidate with "near" is right, whatever else the candidates hold
    choices = [([["near", f"w{k}"], ["far", f"w{k + 1}"], ["far", "none"]], {0}) for k in range(30)]
    choices += [([["far", "x"], ["near", "y"]], {1}) for _ in range(10)]
    model = fit_choice(choices)
    p = model.choose([["far"], ["near"], ["far", "none"]])
    assert p.sum() == pytest.approx(1.0) and p.argmax() == 1 and p[1] > 0.8
    assert fit_choice(choices).vocab == model.vocab  # deterministic


def _parsed(text, names, trigger):
    """The trigger word and the mentions of ``names`` (identity, the word that heads it) in the parse of
    ``text``."""
    from detente.coding.learned.features import Mention
    from detente.nlp import load
    doc = load()(text)
    word = {t.text: t for t in doc}
    return word[trigger], [Mention(actor=None, start=word[w].i, end=word[w].i + 1, head=word[w], identity=i)
                           for i, w in names]


def _pairs(scored, th, reciprocity=None):
    from detente.coding.learned.coder import select
    return sorted((s.identity, t.identity) for _, s, t, _, _ in select([scored], th, reciprocity))


def test_a_joint_subject_is_read_in_both_directions_where_training_codes_them_so():
    from dataclasses import replace

    from detente.coding.learned.coder import Thresholds
    th = Thresholds(trigger=0.5, source=0.3, target=0.3, second=0.5, domestic=0.3)
    # the source model gives the second subject too little to be a source (coder.COORDINATED)
    tok, (nzl, fji) = _parsed("New Zealand and Fiji signed a fisheries accord.", [("NZL", "Zealand"), ("FJI", "Fiji")],
                              "signed")
    sign = replace(_scored(0.1, "AGREE", [_source(0.62, nzl, [(0.7, fji)]), _source(0.05, fji, [(0.6, nzl)])]), tok=tok)
    joint = {"AGREE": 0.2, "AGREE|coord": 0.9}
    assert _pairs(sign, th, joint) == [("FJI", "NZL"), ("NZL", "FJI")]
    # coordinated pairs of the type coded one way in training, or no reciprocity known: one way
    assert _pairs(sign, th, {"AGREE": 0.2, "AGREE|coord": 0.3}) == [("NZL", "FJI")]
    assert _pairs(sign, th) == [("NZL", "FJI")]
    # an object is no joint subject: "New Zealand signed an accord with Fiji" stays NZL→FJI ...
    tok, (nzl, fji) = _parsed("New Zealand signed a fisheries accord with Fiji.", [("NZL", "Zealand"), ("FJI", "Fiji")],
                              "signed")
    sign = replace(_scored(0.1, "AGREE", [_source(0.9, nzl, [(0.8, fji)])]), tok=tok)
    assert _pairs(sign, th, joint) == [("NZL", "FJI")]
    # ... unless training codes the pairs of "sign" (or of the type, for a lemma it has not seen) both ways
    assert _pairs(sign, th, {**joint, "AGREE|l=sign": 0.8}) == [("FJI", "NZL"), ("NZL", "FJI")]
    assert _pairs(sign, th, {"AGREE": 0.7, "AGREE|l=sign": 0.1}) == [("NZL", "FJI")]
    assert _pairs(sign, th, {"AGREE": 0.7}) == [("FJI", "NZL"), ("NZL", "FJI")]
    # the word's share apart for pairs not coordinated, where training met it so: "agreed with" one way
    assert _pairs(sign, th, {**joint, "AGREE|l=sign": 0.8, "AGREE|l=sign|c=0": 0.2}) == [("NZL", "FJI")]
    assert _pairs(sign, th, {**joint, "AGREE|l=sign": 0.2, "AGREE|l=sign|c=0": 0.8}) == [("FJI", "NZL"), ("NZL", "FJI")]


def test_reciprocity_is_the_share_of_gold_pairs_coded_both_ways_drawn_towards_the_broader_share():
    from detente.coding.learned.examples import Examples
    from detente.coding.learned.train import RECIPROCITY_PRIOR as k, reciprocity
    ex = Examples()
    ex.pairs.update({"CONSULT": 8, "ASSAULT": 12, "ASSAULT|l=clash": 4, "ASSAULT|coord": 1})
    ex.both.update({"CONSULT": 8, "ASSAULT|l=clash": 4})
    got = reciprocity(ex)
    prior = 8 / 20  # over the types only
    assert got["CONSULT"] == pytest.approx((8 + k * prior) / (8 + k), abs=1e-4)
    assert got["ASSAULT"] == pytest.approx(k * prior / (12 + k), abs=1e-4)
    assert got["ASSAULT|l=clash"] == pytest.approx((4 + k * got["ASSAULT"]) / (4 + k), abs=1e-4)
    assert got["ASSAULT|coord"] == pytest.approx(k * got["ASSAULT"] / (1 + k), abs=1e-4)
    assert got["CONSULT"] > 0.5 and got["ASSAULT|l=clash"] > 0.5 > got["ASSAULT"]
    assert reciprocity(Examples()) == {}
    # by lemma and coordination, drawn towards the lemma's share
    ex.pairs.update({"ASSAULT|l=clash|c=0": 2})
    assert reciprocity(ex)["ASSAULT|l=clash|c=0"] == pytest.approx(k * got["ASSAULT|l=clash"] / (2 + k), abs=1e-4)


def test_the_committed_model_reads_one_party_s_agreement_one_way():
    # "agree" with its partner after it is coded one way in training; joint subjects both ways
    got = {(s, e, t) for s, e, t, _ in triples("The European Union agreed to lift its sanctions on Syria.")}
    assert ("EU", "AGREE", "SYR") in got and not any(s == "SYR" and e == "AGREE" for s, e, _ in got)
    joint = {(s, e, t) for s, e, t, _ in triples("Armenia and Azerbaijan agreed to reopen their border crossings.")}
    assert ("ARM", "AGREE", "AZE") in joint and ("AZE", "AGREE", "ARM") in joint


def test_the_committed_model_reads_an_agreement_with_one_subject_both_ways():
    assert load_model().meta["reciprocity"]  # learned by make train
    got = {(s, e, t) for s, e, t, _ in triples("Chile signs a fisheries agreement with Peru.")}
    assert ("CHL", "SUPPORT", "PER") in got and ("PER", "SUPPORT", "CHL") in got
    # an accusation is not mutual: it stays one way
    got = {(s, t) for s, e, t, _ in triples("Chile accuses Peru of spying on its navy.") if e == "ACCUSE"}
    assert ("PER", "CHL") not in got


def test_a_subject_or_object_coordinated_with_one_chosen_needs_less_probability():
    from detente.coding.learned.coder import COORDINATED, Thresholds
    th = Thresholds(trigger=0.5, source=0.4, target=0.3, second=0.5, domestic=0.3)
    # "accuses France and Britain": the target model shares its mass between the conjuncts
    tok, (rus, fra, gbr, irn) = _parsed("Russia accuses France and Britain of arming Iran.",
                                        [("RUS", "Russia"), ("FRA", "France"), ("GBR", "Britain"), ("IRN", "Iran")],
                                        "accuses")
    p = COORDINATED + 0.05
    accuse = replace_tok(_scored(0.1, "ACCUSE", [_source(0.9, rus, [(0.5, fra), (p, gbr), (p, irn)])]), tok)
    assert _pairs(accuse, th) == [("RUS", "FRA"), ("RUS", "GBR")]  # Iran is no conjunct of France
    # "Japan and South Korea sign a pact": the second subject is a source too, with its own target
    tok, (jpn, kor) = _parsed("Japan and Korea signed a pact.", [("JPN", "Japan"), ("KOR", "Korea")], "signed")
    sign = replace_tok(_scored(0.1, "AGREE", [_source(0.6, jpn, [(0.7, kor)]), _source(p, kor, [(0.6, jpn)])]), tok)
    assert _pairs(sign, th) == [("JPN", "KOR"), ("KOR", "JPN")]
    sign = replace_tok(_scored(0.1, "AGREE", [_source(0.6, jpn, [(0.7, kor)]), _source(COORDINATED / 2, kor, [])]), tok)
    assert _pairs(sign, th) == [("JPN", "KOR")]


def replace_tok(scored, tok):
    from dataclasses import replace
    return replace(scored, tok=tok)


def test_a_domestic_target_no_other_mention_names_is_the_source_s_own_country():
    from detente.coding.learned.coder import Thresholds, own_country, select
    from detente.model import Actor
    th = Thresholds(trigger=0.5, source=0.3, target=0.3, second=0.5, domestic=0.3)
    # the target model's "own country" candidate stands as the source mention itself
    sdn = _mention("SDN", 0)
    strike = _scored(0.1, "ASSAULT", [_source(0.9, sdn, [(0.6, sdn)])])
    assert [(s.identity, t is s) for _, s, t, _, _ in select([strike], th)] == [("SDN", True)]
    rsf = Actor(code="SDN", sector="REB", name="Rapid Support Forces", cameo="SDNREB", start=2, end=24)
    own = own_country(rsf)
    assert own.identity == "SDN" and own.sector == "" and own.start == -1
    assert own_country(Actor(code="IGO", org="AU")).identity == "IGO:AU"


def test_training_labels_a_domestic_target_no_other_mention_names_as_the_own_country_candidate():
    from detente.coding.gold import GoldEvent
    from detente.coding.learned.examples import Examples, add_choices
    from detente.coding.learned.features import Mention
    from detente.model import Actor
    from detente.nlp import load
    doc = load()("Kenyan police arrested dozens of protesters.")
    police = doc[1]
    ken = Mention(Actor(code="KEN", sector="COP", cameo="KENCOP"), 0, 2, police, "KEN")
    arrested = doc[2]
    for target, right in (("KEN", 0), (None, 1)):  # the candidates: own country, then none
        ex = Examples()
        add_choices(ex, arrested, "COERCE", [ken], {0: ken, 1: ken}, [GoldEvent("KEN", "COERCE", target, "asserted")],
                    [[True]], [[False]])
        rows, gold = ex.target_choices[0]
        assert len(rows) == 2 and "SELF" in rows[0] and "NONE" in rows[1] and gold == {right}
        assert any(f.startswith("SELF|obj=dobj|") for f in rows[0])  # what the act is done to
