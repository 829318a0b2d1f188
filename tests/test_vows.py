"""Vows and threats (docs/coding.md, "Nesting"): a vow of harm is THREATEN, asserted — never an
asserted AGREE (+4) or an asserted attack; an attack named with "any" is a condition, hypothetical."""
from conftest import find


def test_a_vow_to_retaliate_is_a_threat_not_a_promise(code):
    events = code("Israel vowed to retaliate against Iran.", "2025-03-01")
    threat = find(events, "ISR", "THREATEN", "IRN", "asserted")
    assert threat and threat[0]["evidence"]["rule"] == "rule:vow-of-harm"
    assert threat[0]["goldstein"] < 0 and threat[0]["quad_class"] == 3
    assert not find(events, event="AGREE") and not find(events, event="ASSAULT")


def test_a_pledge_to_respond_to_any_attack_threatens_and_the_attack_is_conditional(code):
    events = code("Iran pledged to respond to any Israeli attack.", "2025-03-01")
    assert find(events, "IRN", "THREATEN", "ISR", "asserted")
    assert find(events, "ISR", "ASSAULT", factuality="hypothetical")
    assert not find(events, event="ASSAULT", factuality="asserted") and not find(events, event="AGREE")


def test_vowed_force_coercion_and_sanctions_are_threats_with_the_acts_mode(code):
    swore = code("North Korea swore to destroy the United States.", "2025-03-01")
    assert find(swore, "PRK", "THREATEN", "USA", "asserted") and not find(swore, event="ASSAULT")
    sanctions = find(code("Russia pledged to impose sanctions on Ukraine.", "2025-03-01"), "RUS", "THREATEN", "UKR")
    assert sanctions and sanctions[0]["mode"] == "restrict"
    crush = code("Turkey promised to crush the Kurdish rebels of the PKK.", "2025-03-01")
    assert find(crush, "TUR", "THREATEN", factuality="asserted") and not find(crush, event="AGREE")


def test_a_vowed_noun_of_harm_is_a_threat(code):
    assert find(code("Hamas vowed revenge against Israel.", "2025-03-01"), "PSE", "THREATEN", "ISR", "asserted")


def test_a_promise_of_help_or_of_a_fight_against_no_one_stays_a_promise(code):
    help_ = code("China promised to help Serbia.", "2025-03-01")
    assert find(help_, "CHN", "AGREE", "SRB", "asserted") and not find(help_, event="THREATEN")
    fight = code("Serbia vowed to fight corruption.", "2025-03-01")
    assert not find(fight, event="THREATEN")
    answer = code("The United States pledged to respond to any request from Kenya.", "2025-03-01")
    assert not find(answer, event="THREATEN")


def test_any_attack_in_a_question_or_condition_is_hypothetical_and_a_denial_stays_negated(code):
    asked = code("Did Russia launch any attack on Ukraine?", "2025-03-01")
    assert find(asked, "RUS", "ASSAULT", "UKR", "hypothetical") and not find(asked, factuality="asserted")
    assert find(code("Any Russian attack on NATO would be answered.", "2025-03-01"), "RUS", "ASSAULT",
                factuality="hypothetical")
    denied = code("Turkey did not launch any strikes on Syria.", "2025-03-01")
    assert find(denied, "TUR", "ASSAULT", "SYR", "negated")


def test_rejecting_any_deal_is_an_asserted_rejection(code):
    assert find(code("Russia rejects any deal with Ukraine.", "2025-03-01"), "RUS", "REJECT", "UKR", "asserted")


def test_the_harm_lexicon_is_data():
    from detente.coding.threats import harm_lexicon
    lex = harm_lexicon()
    assert {"vow", "pledge", "promise", "swear"} <= lex.vows
    assert "retaliate" in lex.verbs and "revenge" in lex.nouns and "respond" in lex.conditional


def test_dismissing_any_reports_is_an_asserted_rejection(code):
    events = code("Turkey dismisses any reports that its army shelled the Syrian town.", "2025-03-01")
    assert find(events, "TUR", "REJECT", factuality="asserted")


def test_the_default_coder_reads_a_vow_of_harm_as_a_threat(code_default):
    events = code_default("Israel vowed to retaliate against Iran.", "2025-03-01")
    assert find(events, "ISR", "THREATEN", "IRN", "asserted")
    assert not find(events, event="AGREE") and not find(events, event="ASSAULT", factuality="asserted")
