"""The coder on short written sentences: arguments, nesting, nominal events, dates, places, evidence,
CAMEO codes and the lexicon itself."""
import pytest

from conftest import find
from detente.coding import ontology
from detente.coding.lexicon import Lexicon
from detente.errors import DictionaryError


# -- who did what to whom -------------------------------------------------------------------------

def test_active_and_passive_voice_give_the_same_event(code):
    active = code("Estonia expelled two Russian diplomats.")
    passive = code("Two Russian diplomats were expelled by Estonia.")
    for events in (active, passive):
        hit = find(events, "EST", "SANCTION", "RUS", "asserted")
        assert hit and hit[0]["mode"] == "expel" and hit[0]["cameo"] == "166"


def test_passive_nominal_subject_with_agent(code):
    assert find(code("Sanctions were imposed on Iran by the European Union."), "EU", "SANCTION", "IRN")


def test_agentless_passive_names_no_source(code):
    events = code("A Serbian village was shelled overnight.")
    assert not find(events, "SRB", "ASSAULT")


def test_conjoined_verbs_share_subject_and_negation(code):
    events = code("Serbia will not impose sanctions against Moscow or join NATO.")
    assert find(events, "SRB", "SANCTION", "RUS", "negated")
    assert find(events, "SRB", "COOPERATE", "NATO", "negated")
    assert not find(events, factuality="asserted")


def test_conjoined_subjects_and_objects_multiply_events(code):
    events = code("Canada and Australia imposed sanctions on Iran and Belarus.")
    for src in ("CAN", "AUS"):
        for tgt in ("IRN", "BLR"):
            assert find(events, src, "SANCTION", tgt, "asserted"), (src, tgt)


def test_prepositional_targets(code):
    assert find(code("Algeria cut diplomatic ties with Morocco."), "DZA", "SANCTION", "MAR")
    assert find(code("Qatar will provide humanitarian assistance to Afghanistan."), "QAT", "AID", "AFG", "future")
    assert find(code("Finland joined NATO in April 2023."), "FIN", "COOPERATE", "NATO")


def test_nominal_events_with_their_owner(code):
    assert find(code("Lavrov's talks with Wang Yi in Beijing lasted three hours."), "RUS", "CONSULT", "CHN")
    events = code("The U.S. sanctions on Iranian oil exports took effect on Friday.")
    assert find(events, "USA", "SANCTION", "IRN", "asserted")


def test_nominal_event_carried_by_a_light_verb(code):
    events = code("Kenyan students staged demonstrations against the finance bill in Nairobi.")
    hit = find(events, "KEN", "PROTEST")
    assert hit and hit[0]["source"]["sector"] == "EDU"


def test_the_object_word_of_the_trigger_is_a_target_only_when_it_is_another_country_s(code):
    # "send soldiers": the soldiers are what Denmark sends, not whom it acts on
    sent = code("Denmark plans to send soldiers.")
    assert find(sent, "DNK", "MOBILIZE", None, "future")
    assert not [e for e in find(sent, "DNK", "MOBILIZE") if e["target"] is not None]
    # "expelled two Belarusian diplomats": Belarus's diplomats are acted on
    assert find(code("Finland expelled two Belarusian diplomats."), "FIN", "SANCTION", "BLR", "asserted")


def test_object_of_a_trigger_is_not_its_subject_s_act(code):
    # "rejected the offer": the offer is not Russia's; Russia's act is the rejection
    events = code("Russia rejected the Ukrainian peace plan.")
    assert find(events, "RUS", "REJECT", "UKR", "asserted")
    assert not find(events, "RUS", "AGREE")


def test_pronoun_subject_under_a_speech_verb_is_the_speaker(code):
    events = code("Iraq said it would allow the return of U.N. weapons inspectors.")
    assert find(events, "IRQ", "RETREAT", "UN", "future")


def test_visit_target_is_the_host_country(code):
    events = code("Iraqi Prime Minister Mohammed Shia al-Sudani arrived in Tehran for a two-day visit.")
    hit = find(events, "IRQ", "CONSULT", "IRN")
    assert hit and hit[0]["mode"] == "visit"
    assert find(code("Putin's visit to Pyongyang was his first in 24 years."), "RUS", "CONSULT", "PRK")


def test_population_of_the_place_is_the_target(code):
    events = code("Turkish authorities imposed a curfew in the town of Cizre.")
    hit = find(events, "TUR", "COERCE", "TUR")
    assert hit and hit[0]["target"]["sector"] == "CVL" and hit[0]["mode"] == "curfew"
    assert find(code("Russian forces shelled the Ukrainian city of Kharkiv."), "RUS", "ASSAULT", "UKR")


def test_domestic_event_between_parts_of_one_country(code):
    events = code("Palestinian police confiscated weapons from Palestinian armed groups.")
    assert find(events, "PSE", "COERCE", "PSE")
    # a country naming itself is not its own target
    events = code("Serbian President Aleksandar Vucic promised to democratize Serbia.")
    assert find(events, "SRB", "AGREE") and not find(events, "SRB", "AGREE", "SRB")


# -- nesting: refusals, threats, requests, accusations ----------------------------------------------

def test_refusal_is_reject_and_a_refused_cooperative_act_is_not_coded_besides(code):
    events = code("North Korea refused to allow IAEA inspectors into the country.")
    reject = find(events, "PRK", "REJECT", "IAEA", "asserted")
    assert reject and reject[0]["mode"] == "yield"  # complement_modes.tsv: refusing access
    assert not find(events, "PRK", "RETREAT")  # ANNOTATION.md §4: the refusal is the event


def test_threat_and_the_threatened_act(code):
    events = code("Russia threatened to cut gas supplies to Moldova.")
    threat = find(events, "RUS", "THREATEN", "MDA", "asserted")
    assert threat and threat[0]["mode"] == "relations" and threat[0]["cameo"] == "1311"
    assert find(events, "RUS", "SANCTION", "MDA", "hypothetical")


def test_threat_mode_from_the_threatened_act(code):
    events = code("The Algerian government threatened to impose a curfew in Algiers.")
    threat = find(events, "DZA", "THREATEN")
    assert threat and threat[0]["mode"] == "restrict" and threat[0]["cameo"] == "1323"


def test_requested_act_is_folded_into_the_request(code):
    events = code("The European Union urged Serbia to impose sanctions on Russia.")
    assert find(events, "EU", "REQUEST", "SRB", "asserted")
    assert not find(events, event="SANCTION")


def test_deontic_reported_speech_is_a_request(code):
    events = code("A senior British minister said that Libya must hand over the suspects.")
    hit = find(events, "GBR", "REQUEST", "LBY")
    assert hit and hit[0]["evidence"]["rule"] == "rule:deontic-speech" and hit[0]["mode"] == "assist"
    assert not find(events, "LBY", "COOPERATE")


def test_conditional_party_is_the_target_of_a_threat(code):
    events = code("Turkey threatened to close its airspace unless Greece withdrew its warships.")
    assert find(events, "TUR", "THREATEN", "GRC")


def test_alleged_act_is_done_by_the_accused(code):
    events = code("Ukraine accused Russia of shelling a hospital in Kharkiv.")
    assert find(events, "UKR", "ACCUSE", "RUS", "asserted")
    hit = find(events, "RUS", "ASSAULT", "UKR")
    assert hit and hit[0]["speaker"] == "Ukraine"


def test_reported_speech_records_the_speaker(code):
    events = code("Vucic said that Serbia would never join NATO.")
    hit = find(events, "SRB", "COOPERATE", "NATO", "negated")
    assert hit and hit[0]["speaker"] and "Vucic" in hit[0]["speaker"]


# -- dates and places ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,date", [
    ("Lithuania expelled two Russian diplomats last year.", "2024-03-12"),
    ("Lithuania expelled two Russian diplomats on Monday.", "2025-03-10"),
    ("Lithuania expelled two Russian diplomats in March 2023.", "2023-03-01"),
    ("Lithuania expelled two Russian diplomats three days ago.", "2025-03-09"),
    ("Lithuania expelled two Russian diplomats.", "2025-03-12"),
])
def test_event_date_from_the_sentence(code, text, date):
    hit = find(code(text, "2025-03-12"), "LTU", "SANCTION", "RUS")
    assert hit and hit[0]["date"] == date


def test_event_place_with_country_coordinates_and_geonames_id(code):
    hit = find(code("Chinese President Xi Jinping met Russian President Vladimir Putin in Vladivostok."),
               "CHN", "CONSULT", "RUS")
    loc = hit[0]["location"]
    assert loc["name"] == "Vladivostok" and loc["country"] == "RUS" and loc["geonames_id"] == 2013348
    assert 43 < loc["lat"] < 44 and 131 < loc["lon"] < 132


def test_place_names_prefer_countries_and_big_cities(code):
    from detente.coding.when_where import place_index
    idx = place_index()
    assert idx["Montenegro"]["country"] == "MNE"  # the country, not a Brazilian town
    assert idx["Geneva"]["country"] == "CHE"  # Genève, not Geneva, Illinois
    assert "Northern Ireland" not in idx or idx["Northern Ireland"]["country"] == "GBR"
    # a US state's name is the state's (Floridablanca, Colombia, also answers to "Florida")
    assert idx["Florida"]["country"] == "USA" and idx["Virginia"]["country"] == "USA"
    assert idx["New York"]["name"] == "New York City"
    # a capital keeps its name (Chattogram, bigger, also answers to "Islamabad"), unless a city ten
    # times bigger bears it as its own (Hamilton, Ontario, before Hamilton, Bermuda)
    assert idx["Islamabad"]["country"] == "PAK" and idx["Hamilton"]["country"] == "CAN"
    assert idx["St. Petersburg"]["country"] == "RUS"


def test_the_resolver_places_a_meeting_in_florida_in_the_united_states(code):
    hit = find(code("Donald Trump met Xi Jinping in Florida on Thursday."), "USA", "CONSULT", "CHN")[0]
    assert hit["location"]["name"] == "Florida" and hit["location"]["country"] == "USA"


# -- evidence, codes, ontology, lexicon --------------------------------------------------------------

def test_evidence_names_the_lexicon_entry_and_spans(code):
    text = "Algeria cut diplomatic ties with Morocco."
    hit = find(code(text), "DZA", "SANCTION", "MAR")[0]
    ev = hit["evidence"]
    assert ev["rule"] == "lexicon:sanction.cut_ties"
    assert ev["trigger"] == "cut ties"
    assert text[slice(*ev["source_span"])] == "Algeria"
    assert text[slice(*ev["target_span"])] == "Morocco"
    assert text[slice(*ev["trigger_span"])] == "cut"
    assert hit["goldstein"] == ontology.goldstein("161") and hit["quad_class"] == 4


def test_goldstein_and_quad_class_from_the_cameo_code():
    assert ontology.goldstein("163") == -8.0
    assert ontology.goldstein("0874") is not None
    assert [ontology.quad_class(c) for c in ("040", "073", "112", "195")] == [1, 2, 3, 4]


def test_plover_view_of_planned_and_declined_events():
    assert ontology.plover_view("SUPPORT", "future") == "AGREE"
    assert ontology.plover_view("ASSAULT", "hypothetical") == "THREATEN"
    assert ontology.plover_view("COOPERATE", "negated") == "REJECT"
    assert ontology.plover_view("SANCTION", "negated") == "SANCTION"
    assert ontology.plover_view("REQUEST", "future") == "REQUEST"


def test_complement_mode_longest_prefix():
    assert ontology.complement_mode("THREATEN", "1723") == ("restrict", "1323")
    assert ontology.complement_mode("REJECT", "0831") == ("change", "1231")
    assert ontology.complement_mode("REQUEST", "0841") == ("yield", "1053")
    assert ontology.complement_mode("ACCUSE", "190") is None


def test_lexicon_covers_every_type_and_its_lexical_modes():
    lex = Lexicon()
    cov = lex.coverage()
    assert all(sum(modes.values()) >= 5 for modes in cov.values()), cov
    for event, modes in {"CONSULT": ["visit", "phone", "multilateral", "third-party"],
                         "RETREAT": ["withdraw", "release", "disarm", "ceasefire", "access", "resign"],
                         "PROTEST": ["demo", "riot", "strike", "hunger", "boycott", "obstruct"],
                         "SANCTION": ["convict", "expel", "withdraw", "discontinue"],
                         "MOBILIZE": ["troops", "weapons", "police", "militia"],
                         "COERCE": ["seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport"],
                         "ACCUSE": ["disapprove", "investigate", "allege"]}.items():
        for mode in modes:
            assert cov[event].get(mode), (event, mode)
    # every entry has a CAMEO code with a Goldstein score
    assert all(ontology.goldstein(e.cameo) is not None for e in lex.entries)


def test_lexicon_rejects_a_bad_entry(tmp_path):
    header = "id\tevent\tmode\tcontext\tcameo\tpos\tlemma\twith\tobject\tgovernor\tpreps\n"
    bad = tmp_path / "bad.tsv"
    bad.write_text(header + "x.dance\tDANCE\t\t\t010\tV\tdance\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="unknown event type 'DANCE'"):
        Lexicon(bad)
    bad.write_text(header + "x.meet\tCONSULT\tparty\t\t040\tV\tmeet\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="not a PLOVER mode of CONSULT"):
        Lexicon(bad)


def test_most_specific_sense_wins(code):
    assert find(code("Israel will impose a curfew in Hebron."), "ISR", "COERCE")
    assert find(code("Israel will impose sanctions on Iran."), "ISR", "SANCTION", "IRN", "future")
    events = code("Pakistan lodged a protest with Afghanistan over the border attack.")
    assert find(events, "PAK", "ACCUSE", "AFG") and not find(events, "PAK", "PROTEST")


def test_a_request_or_offer_is_addressed_to_who_answers_it(code):
    events = code("Poland refused a request by the United States to move its air defence systems.")
    assert find(events, "POL", "REJECT", "USA", "asserted")
    assert find(events, "USA", "REQUEST", "POL", "asserted")


def test_the_subject_under_an_act_undergoes_it(code):
    # "is under house arrest": the opposition leader undergoes the arrest, he does not arrest anyone
    events = code("The Russian opposition leader has been under house arrest in Moscow since 2021.")
    assert not [e for e in find(events, event="COERCE") if e["source"]["sector"] == "OPP"]
    # "placed X under arrest": the subject arrests the object
    events = code("Russian police placed a Russian opposition leader under house arrest.")
    hit = find(events, "RUS", "COERCE", "RUS")
    assert hit and hit[0]["source"]["sector"] == "COP" and hit[0]["target"]["sector"] == "OPP"


def test_between_two_parties(code):
    events = code("The meeting between the Indian and Chinese foreign ministers took place in Beijing.")
    assert find(events, "IND", "CONSULT", "CHN") or find(events, "CHN", "CONSULT", "IND")


def test_possessive_pronoun_of_a_controlled_clause(code):
    events = code("China asked the Philippines to withdraw its ship from the Second Thomas Shoal.")
    assert find(events, "CHN", "REQUEST", "PHL")
    events = code("The foreign ministers called on Iran to halt its attacks on shipping.")
    assert not find(events, event="ASSAULT", factuality="negated")  # a demanded halt, folded into the request


def test_an_inverted_condition_is_no_obligation(code):
    events = code("British Prime Minister Keir Starmer said the United Kingdom will recognize the State of "
                  "Palestine should a ceasefire not be agreed by September.", "2025-07-29")
    assert not [e for e in events if e["evidence"]["rule"] == "rule:deontic-speech"]


def test_a_demonym_naming_the_author_of_an_act_is_the_state(code):
    events = code("Donald Trump said he rejected an Iranian offer to reopen the strait.", "2026-04-01")
    assert find(events, "IRN", "AGREE", "USA")
    assert not find(events, "IRN", "AGREE", "IRN")


def test_every_plover_mode_has_a_trigger_or_comes_from_the_act():
    from detente.coding.ontology import _complement_table, plover_modes
    cov = Lexicon().coverage()
    derived = {}
    for governing, rows in _complement_table().items():
        derived.setdefault(governing, set()).update(mode for _, mode, _ in rows)
    for event, modes in plover_modes().items():
        for mode in modes:
            assert cov[event].get(mode) or mode in derived.get(event, set()), (event, mode)


def test_a_strike_on_places_in_two_countries_targets_each(code):
    # the target from the trigger's phrase, with the parties coordinated with it (one event each)
    events = code("Israel struck targets in Lebanon and Syria.")
    assert find(events, "ISR", "ASSAULT", "LBN") and find(events, "ISR", "ASSAULT", "SYR")
    assert len(find(events, "ISR", "ASSAULT")) == 2


def test_traded_accusations_are_accusations_both_ways_not_trade(code):
    events = code("Morocco and Algeria traded accusations over the border incident.")
    assert find(events, "MAR", "ACCUSE", "DZA") and find(events, "DZA", "ACCUSE", "MAR")
    assert not find(events, event="COOPERATE")
    assert find(code("Armenia and Azerbaijan exchanged accusations of ceasefire violations."), "ARM", "ACCUSE", "AZE")
