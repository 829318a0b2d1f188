"""An act someone reports and its own source then denies is negated (detente/coding/denials.py,
ANNOTATION.md §3–4): "X claims Y bombed …; Y denies the claim" codes Y's bombing as negated, its rule
``denied:<rule>`` and the denial's words beside it. An act the text states itself, or a denial by
someone else, leaves the act as it was."""
import pytest

from conftest import find

DENIED = [
    ("Ecuador claims Peruvian jets bombed a border post, killing four soldiers. Peru denies the claim.",
     "PER", "Peru denies the claim"),
    ("Colombia said that Venezuelan troops shelled a village, but Venezuela denied this.",
     "VEN", "Venezuela denied this"),
    ("According to Turkish sources, Greek warplanes struck a Turkish vessel. Greek officials denied any involvement.",
     "GRC", "Greek officials denied any involvement"),
]


@pytest.mark.parametrize("coder", ["rules", "combined"])
@pytest.mark.parametrize("text,src,words", DENIED)
def test_a_reported_act_its_source_denies_is_negated(coder, text, src, words):
    from detente import code_text
    acts = [e for e in code_text(text, "2025-01-05", coder=coder).events
            if e.event == "ASSAULT" and e.source.code == src]
    assert acts and all(e.factuality == "negated" for e in acts)
    # the act read where it is reported says why: the rule, and the words that deny it (the model may
    # also read the denial itself as the act, negated, as the gold codes "denies the claim")
    reported = [e for e in acts if e.evidence.rule.startswith("denied:")]
    assert reported and all(e.extra["denied"] == words for e in reported)
    assert all(e.to_json()["evidence"]["rule"].startswith("denied:") for e in reported)


@pytest.mark.parametrize("coded", ["code", "code_default"])
def test_an_act_the_text_states_or_another_party_denies_stands(coded, request):
    code = request.getfixturevalue(coded)
    # the text states the strike; the denial is of something else
    stated = code("Israel struck Gaza on Monday, killing 20 people. Israel denied responsibility for the blast.")
    assert find(stated, "ISR", "ASSAULT", "PSE", factuality="asserted")
    assert not find(stated, "ISR", "ASSAULT", "PSE", factuality="negated")
    # a third party's denial does not deny Peru's act
    other = code("Ecuador claims Peruvian jets bombed a border post. Bolivia denies the claim.")
    assert not find(other, "PER", "ASSAULT", factuality="negated")
    # a denial of an act that names it is read in its own clause, as before
    own = code("Peru denied that its jets had bombed the border post.")
    assert not find(own, "PER", "ASSAULT", factuality="asserted")
