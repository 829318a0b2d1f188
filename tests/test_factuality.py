"""Factuality: asserted, negated, future, hypothetical — and a denied act is never asserted or dropped."""
import pytest

from conftest import find


@pytest.mark.parametrize("text,src,event,tgt,fact", [
    # asserted
    ("Lithuania expelled two Russian diplomats.", "LTU", "SANCTION", "RUS", "asserted"),
    ("Serbia views Russia not only as a partner but also as an ally, and signed a deal with Russia.",
     "SRB", "SUPPORT", "RUS", "asserted"),
    # negated
    ("Serbia will not impose sanctions against Moscow.", "SRB", "SANCTION", "RUS", "negated"),
    ("Hungary's prime minister said his government would not send weapons to Ukraine.", "HUN", "AID", "UKR", "negated"),
    ("India has never recognised Taiwan.", "IND", "SUPPORT", "TWN", "negated"),
    ("Moscow had no plans to attack NATO, the Kremlin said.", "RUS", "ASSAULT", "NATO", "negated"),
    ("Israel and Hamas failed to reach an agreement in Cairo.", "ISR", "AGREE", None, "negated"),
    ("Mexico ruled out sending troops to Haiti.", "MEX", "MOBILIZE", None, "negated"),
    ("Armenia will not join the Russian-led bloc without guarantees.", "ARM", "COOPERATE", None, "negated"),
    # future
    ("Serbia aspires to join the European Union.", "SRB", "COOPERATE", "EU", "future"),
    ("Georgia plans to hold talks with Armenia on the border.", "GEO", "CONSULT", "ARM", "future"),
    ("Japan will send aid to the Philippines.", "JPN", "AID", "PHL", "future"),
    ("Iraq said it would allow the return of U.N. weapons inspectors.", "IRQ", "RETREAT", "UN", "future"),
    ("Kenya is ready to host talks between Ethiopia and Eritrea.", "KEN", "CONSULT", "ETH", "future"),
    ("Russia is going to deploy missiles to Belarus.", "RUS", "MOBILIZE", "BLR", "future"),
    # hypothetical
    ("Moldova may expel more Russian diplomats.", "MDA", "SANCTION", "RUS", "hypothetical"),
    ("Germany could send Taurus missiles to Ukraine.", "DEU", "AID", "UKR", "hypothetical"),
    ("Israel will impose a curfew in Hebron if the attacks continue.", "ISR", "COERCE", "PSE", "hypothetical"),
    ("Poland is considering closing its border with Belarus.", "POL", "COERCE", "BLR", "hypothetical"),
])
def test_factuality_values(code, text, src, event, tgt, fact):
    events = code(text)
    assert find(events, src, event, tgt, fact), [(e["source"]["code"], e["event"], e["factuality"]) for e in events]


NEGATED = [
    ("Serbia will not impose sanctions against Moscow or join NATO.", "SRB", "SANCTION"),
    ("Serbia will not impose sanctions against Moscow or join NATO.", "SRB", "COOPERATE"),
    ("China denied sending weapons to Russia.", "CHN", "AID"),
    ("The United States did not sanction the Indian company.", "USA", "SANCTION"),
    ("Belarus will not lift its ban on opposition parties.", "BLR", "CONCEDE"),
    ("Hungary refused to impose sanctions on Russia.", "HUN", "SANCTION"),
    # a denial that reports its content: the content is denied, as with a gerund
    ("Norway denied that it had sent weapons to Chad.", "NOR", "AID"),
]


@pytest.mark.parametrize("text,src,event", NEGATED)
def test_a_denied_act_is_negated_never_asserted_never_dropped(code, text, src, event):
    events = code(text)
    assert find(events, src, event, factuality="negated")
    assert not find(events, src, event, factuality="asserted")


def test_a_refused_cooperative_act_is_the_refusal_alone(code):
    # ANNOTATION.md §4: refusing a cooperative act, or rejecting a call for one, is a REJECT, not also
    # the act negated
    events = code("Turkey refused to extradite the journalists to Sweden.")
    assert find(events, "TUR", "REJECT", "SWE", "asserted") and not find(events, "TUR", "COOPERATE")
    events = code("Egypt rejected calls to open the Rafah crossing.")
    assert find(events, "EGY", "REJECT", factuality="asserted") and not find(events, "EGY", "RETREAT")


def test_a_refusal_does_not_negate_another_actor_s_act(code):
    # the Western sanctions exist: Serbia's refusal to align with them does not deny them
    events = code("The refusal of Serbia to align with Western sanctions against Russia angered Brussels.")
    assert find(events, "WEST", "SANCTION", factuality="asserted")
    assert not find(events, "WEST", "SANCTION", factuality="negated")


def test_condition_of_a_threat_belongs_to_the_threatened_act(code):
    events = code("China warned Taiwan of severe consequences if it declared independence.")
    assert find(events, "CHN", "THREATEN", "TWN", "asserted")


def test_purpose_clause_shares_negation_not_meaning(code):
    # "blocked roads to press demands": the demands are made, not blocked
    events = code("Young Algerians blocked roads in Algiers to press their demands on the government.")
    assert find(events, "DZA", "PROTEST", factuality="asserted")
    assert not find(events, factuality="negated")
    # but a negated main verb denies its purpose too
    events = code("Russia did not send troops to attack Ukraine.")
    assert not find(events, "RUS", "ASSAULT", "UKR", "asserted")


def test_topic_of_a_stance_is_not_asserted(code):
    events = code("Serbia's stance on NATO membership reflects its alignment with Moscow.")
    assert find(events, "SRB", "COOPERATE", "NATO", "hypothetical")
    assert not find(events, "SRB", "COOPERATE", "NATO", "asserted")


def test_a_bare_verb_after_a_gerund_is_a_conjunct_of_the_verb_above(code):
    """The parser hangs 'suspend' on 'issuing' ('stop issuing X and suspend Y'); a bare verb cannot be
    coordinated with a gerund, so it shares the markers of 'stop' (will) and not its meaning."""
    events = code("The United States will stop issuing visas to Nigerian officials and suspend work visas "
                  "for its citizens, the State Department said.")
    assert [e["factuality"] for e in find(events, "USA", "SANCTION")] == ["future"]
    refused = code("Serbia refused to stop buying Russian gas and impose sanctions on Moscow.")
    assert [e["factuality"] for e in find(refused, "SRB", "SANCTION")] == ["negated"]


def test_a_conjunct_of_another_tense_does_not_share_the_negation(code):
    # "would not recognise ... and summoned": the summons is in the past tense, made, not denied
    events = code("The Danish foreign minister said Copenhagen would not recognise the vote and summoned "
                  "the Iranian ambassador.")
    assert find(events, "DNK", "ACCUSE", "IRN", "asserted")
    assert not find(events, "DNK", "ACCUSE", "IRN", "negated")
    # one form shares it: "will not impose sanctions or join NATO" (test_a_denied_act_… above)


def test_a_past_participle_modifier_states_its_own_fact(code):
    # "agreed to a truce brokered by Kenya": the agreement's content is to come, the brokering is done
    events = code("Ethiopia and Eritrea agreed to a truce brokered by Kenya.")
    assert find(events, "KEN", "CONSULT", factuality="asserted")
    assert not find(events, "KEN", "CONSULT", factuality="future")


@pytest.mark.parametrize("coded", ["code", "code_default"])
def test_a_refused_cooperative_act_is_a_rejection_not_that_act_negated(coded, request):
    # ANNOTATION.md §4: refusing a cooperative act toward Y is REJECT; refusing a conflictual act is
    # that act, negated; "did not sign" is the act negated
    code = request.getfixturevalue(coded)
    refused = code("Vietnam refused to sign the trade deal with Japan.")
    assert find(refused, "VNM", "REJECT", "JPN", "asserted")
    assert not find(refused, "VNM", "SUPPORT") and not find(refused, "JPN", "SUPPORT")
    talks = code("Ukraine's refusal to attend the talks with Russia surprised Turkey.")
    assert find(talks, "UKR", "REJECT", "RUS", "asserted") and not find(talks, "UKR", "CONSULT")
    sanctions = code("Hungary refused to impose sanctions on Russia.")
    assert find(sanctions, "HUN", "SANCTION", "RUS", "negated") and not find(sanctions, "HUN", "SANCTION", "RUS", "asserted")
    assert find(code("Kenya did not sign the agreement with Somalia."), "KEN", "SUPPORT", "SOM", "negated")


def test_a_verbal_act_is_asserted_when_made_even_if_its_content_is_to_come(code):
    # ANNOTATION.md §3: verbal types are asserted when the speech act was made; the promised meeting
    # itself stays future
    events = code("Orban said he would invite the Swedish prime minister to Budapest.")
    assert find(events, "HUN", "AGREE", "SWE", "asserted") and not find(events, "HUN", "AGREE", "SWE", "future")
    assert find(code("Serbia agreed to resume talks with Kosovo."), "SRB", "CONSULT", "XKX", "future")


@pytest.mark.parametrize("coded", ["code", "code_default"])
def test_an_act_called_for_and_rejected_is_not_asserted_when_the_parser_makes_it_a_purpose(coded, request):
    # the parser hangs "to withdraw" on "rejected" (a purpose) rather than on "calls"; it is what the
    # calls ask for, and Israel rejected them: no withdrawal took place
    events = request.getfixturevalue(coded)("Israel rejected calls to withdraw its troops from Gaza.")
    assert find(events, "ISR", "REJECT", factuality="asserted")
    assert not find(events, "ISR", "RETREAT", factuality="asserted")
    kept = request.getfixturevalue(coded)("Police blocked roads to stop the march.")  # a purpose stays one
    assert not any(e["factuality"] == "negated" for e in kept)


@pytest.mark.parametrize("coded", ["code", "code_default"])
def test_a_clause_set_off_by_a_semicolon_is_not_what_the_next_one_denies(coded, request):
    # the parser hangs "accused" on "denied" across the semicolon; the accusation was made, and it is
    # no one's reported speech
    events = request.getfixturevalue(coded)("Ecuador accused Peru of shelling a border post; Peru denied any involvement.")
    assert find(events, "ECU", "ACCUSE", "PER", "asserted")
    assert not find(events, "ECU", "ACCUSE", factuality="negated")
    # a denial with no semicolon still denies what it reports
    assert find(request.getfixturevalue(coded)("Peru denied that its troops had shelled a border post in Ecuador."),
                "PER", "ASSAULT", factuality="negated")
