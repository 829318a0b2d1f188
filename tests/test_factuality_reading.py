"""How the factuality model's probabilities become a factuality (detente/coding/learned/reading.py):
"asserted" must beat the likeliest other reading by the tuned margin; the rules' negation stands for
acts, not for verbal types, and their condition where the model reads "asserted"; `make train` picks the margin that reads held events best."""
import numpy as np
import pytest

from detente.coding.learned.coder import MODEL_PATH
from detente.coding.learned.linear import LinearModel
from detente.coding.learned.reading import MARGINS, best_margin, decide, reading

CLASSES = ["asserted", "future", "negated"]


def _model(by_feature: dict[str, list[float]]) -> LinearModel:
    """A factuality model whose scores are given per feature (log-odds added to a zero bias)."""
    names = sorted(by_feature)
    return LinearModel(CLASSES, {n: k for k, n in enumerate(names)},
                       np.array([by_feature[n] for n in names], dtype=np.float32), np.zeros(3, dtype=np.float32))


# P(asserted) 0.6, P(future) 0.35, P(negated) 0.05
UNSURE = {"plan-ish": list(np.log([0.6, 0.35, 0.05]))}


def test_asserted_must_beat_the_likeliest_other_reading_by_the_margin():
    m = _model(UNSURE)
    assert decide(m, ["plan-ish"], 0.0) == "asserted"
    assert decide(m, ["plan-ish"], 0.2) == "asserted"  # 0.6 − 0.35 = 0.25 beats 0.2
    assert decide(m, ["plan-ish"], 0.3) == "future"


def test_the_rules_negation_stands_for_an_act_but_a_verbal_type_is_read_by_the_model():
    m = _model({"sure": list(np.log([0.98, 0.01, 0.01]))})
    # "Japan will not impose sanctions": the act is denied whatever the model reads
    assert reading(m, ["sure", "rule=negated"], "SANCTION", 0.0) == "negated"
    # "Israel will not withdraw": the refusal (REJECT) was made, asserted, as the guide codes it
    assert reading(m, ["sure", "rule=negated"], "REJECT", 0.0) == "asserted"
    assert reading(m, ["sure", "rule=asserted"], "SANCTION", 0.0) == "asserted"


def test_the_rules_condition_stands_where_the_model_reads_asserted():
    sure, unsure = _model({"sure": list(np.log([0.98, 0.01, 0.01]))}), _model(UNSURE)
    # "if the Houthis persist in attacking Israel": a condition the model reads as a plain attack
    assert reading(sure, ["sure", "rule=hypothetical"], "ASSAULT", 0.0) == "hypothetical"
    # where the model reads a plan, the plan stands
    assert reading(unsure, ["plan-ish", "rule=hypothetical"], "SANCTION", 0.3) == "future"


def test_make_train_picks_the_margin_that_reads_the_held_events_best():
    m = _model({**UNSURE, "plain": list(np.log([0.9, 0.05, 0.05]))})
    # two held plans the model is unsure of, and plain acts: any margin past 0.25 reads the plans
    rows = [["plan-ish", "T=SANCTION"]] * 2 + [["plain", "T=ASSAULT"]] * 5
    labels = ["future", "future"] + ["asserted"] * 5
    margin, counts = best_margin(m, rows, labels)
    assert margin == min(x for x in MARGINS if x > 0.25)
    assert counts == {"right": 7, "non_asserted_right": 2, "examples": 7, "non_asserted": 2}
    # with no plan held, the smallest margin (reading none as a plan) wins the tie
    assert best_margin(m, rows[2:], labels[2:])[0] == MARGINS[0]


def _coded(text):
    import datetime as dt

    from detente import code_text
    return {(e.source.key, e.event, e.target.key if e.target else None): e.factuality
            for e in code_text(text, dt.date(2025, 3, 1), coder="combined").events}


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained model (run make train)")
def test_the_committed_model_reads_a_refusal_a_denied_act_a_plan_and_conditions():
    # the refusal is made (REJECT, asserted); the withdrawal itself is denied
    got = _coded("Israel will not withdraw its troops from southern Lebanon, the defence minister said.")
    assert got[("ISR", "REJECT", "LBN")] == "asserted" and got[("ISR", "RETREAT", "LBN")] == "negated"
    assert _coded("Japan will not impose sanctions on Russia, the prime minister said.")[("JPN", "SANCTION", "RUS")] == "negated"
    assert _coded("Canada plans to impose tariffs on Chinese steel next month.")[("CAN", "SANCTION", "CHN")] == "future"
    assert _coded("France may send troops to Romania.")[("FRA", "MOBILIZE", "ROU")] == "hypothetical"
    got = _coded("Turkey said it would attack Kurdish militants in Syria if they crossed the border.")
    assert got[("TUR", "ASSAULT", "SYR")] == "hypothetical"
