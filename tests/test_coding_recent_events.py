"""Event types in the vocabulary of recent news (the review of Wikipedia's Current events, 2025–2026,
in bench/EVAL.md): approvals, suspended supplies, ambushes, summoned chargés d'affaires, persona non
grata, finalized agreements, ended pacts, tariffs, strikes "on" a place, control taken. Sentences
written for these tests."""
from conftest import find


def _rules(events):
    return {e["evidence"]["rule"] for e in events}


# -- approving: what is approved decides the event --------------------------------------------------

def test_approving_a_bill_is_not_an_event_between_actors(code):
    assert code("The parliament of Portugal approves a bill on rent controls.") == []


def test_approving_an_act_leaves_only_the_act(code):
    events = code("Lebanon approves the extradition of a dissident to Egypt.")
    assert find(events, "LBN", "COOPERATE", "EGY", "asserted")
    assert not find(events, event="SUPPORT")


def test_approving_a_proposal_accepts_it(code):
    hit = find(code("The cabinet of Lebanon approves an American proposal for a ceasefire."), "LBN", "AGREE", "USA")
    assert hit and hit[0]["cameo"] == "037"


def test_approving_a_treaty_ratifies_it(code):
    hit = find(code("Kenya approves the defence treaty with Ethiopia."), "KEN", "SUPPORT", "ETH")
    assert hit and hit[0]["cameo"] == "057"


# -- reduced relations ------------------------------------------------------------------------------

def test_suspending_gas_supplies_and_funds_is_a_sanction(code):
    hit = find(code("Hungary suspends gas supplies to Croatia."), "HUN", "SANCTION", "HRV", "asserted")
    assert hit and hit[0]["mode"] == "discontinue"
    assert find(code("Chile will suspend its funds to Peru."), "CHL", "SANCTION", "PER", "future")


def test_ending_or_scrapping_a_pact_is_a_sanction(code):
    assert find(code("Yemen ends its defence pact with Oman."), "YEM", "SANCTION", "OMN", "asserted")
    assert find(code("Mali scraps its security agreement with France."), "MLI", "SANCTION", "FRA", "asserted")


def test_declaring_an_envoy_persona_non_grata_expels_him(code):
    hit = find(code("Ecuador declares Peru's ambassador a persona non grata."), "ECU", "SANCTION", "PER")
    assert hit and hit[0]["mode"] == "expel" and hit[0]["factuality"] == "asserted"  # "non" negates nothing


def test_a_summoned_charge_d_affaires_is_a_complaint(code):
    # the parser reads "summons" as a plural noun heading the sentence: it is the verb
    hit = find(code("The Bahraini foreign ministry summons the chargé d'affaires of Iraq."), "BHR", "ACCUSE", "IRQ")
    assert hit and hit[0]["cameo"] == "114"


def test_tariffs_enacted_or_levied_are_sanctions(code):
    assert find(code("Canada enacts a 25% tariff on steel from Mexico."), "CAN", "SANCTION", "MEX")
    assert find(code("Brazil levies a tariff on American imports."), "BRA", "SANCTION", "USA")


# -- agreements -------------------------------------------------------------------------------------

def test_finalizing_an_agreement_signs_it(code):
    events = code("India and Chile finalize a free-trade agreement.")
    assert find(events, "IND", "SUPPORT") and find(events, "CHL", "SUPPORT")
    assert "lexicon:support.finalize" in _rules(events)


def test_an_announced_deal_is_an_agreement(code):
    hit = find(code("Mexico announces a trade deal with Japan."), "MEX", "AGREE", "JPN", "asserted")
    assert hit and hit[0]["cameo"] == "037"


# -- armed force ------------------------------------------------------------------------------------

def test_an_ambush_noun_or_verb_is_an_assault(code):
    assert find(code("Boko Haram militants ambush a Nigerian army convoy."), event="ASSAULT")
    assert "lexicon:assault.ambush_n" in _rules(code("Ten soldiers die in an ambush by Russian troops on a Ukrainian convoy."))


def test_strikes_on_a_place_are_air_strikes(code):
    hit = find(code("Israeli strikes on Gaza kill five people."), "ISR", "ASSAULT", "PSE", "asserted")
    assert hit and hit[0]["evidence"]["rule"] == "lexicon:assault.strike_on"


def test_strikes_against_a_target_are_air_strikes_and_a_strike_gone_on_against_pay_cuts_a_protest(code):
    assert find(code("Russian strikes against Ukrainian power plants kill four people."), "RUS", "ASSAULT", "UKR")
    events = code("Kenyan workers went on strike against pay cuts.")
    assert find(events, "KEN", "PROTEST") and not find(events, event="ASSAULT")


def test_a_strike_on_a_day_is_not_an_air_strike(code):
    events = code("Kenyan teachers began a strike on Monday.")
    assert find(events, "KEN", "PROTEST")
    assert not find(events, event="ASSAULT")


def test_conducting_strikes_is_an_assault(code):
    assert find(code("The Malian army conducts strikes against rebels in Kidal."), "MLI", "ASSAULT")


def test_taking_control_of_a_region_is_an_assault(code):
    hit = find(code("Russian forces have taken full control of Luhansk Oblast in Ukraine."), "RUS", "ASSAULT", "UKR")
    assert hit and hit[0]["evidence"]["rule"] == "lexicon:assault.take_control"


# -- factuality: a threat or a warning about the future -------------------------------------------

def test_what_a_threat_says_will_happen_is_hypothetical(code):
    events = code("Turkey threatens that its army will seize the Syrian town of Manbij.")
    assert find(events, "TUR", "THREATEN", factuality="asserted")
    assert find(events, "TUR", "COERCE", factuality="hypothetical") or find(events, "TUR", "ASSAULT", factuality="hypothetical")
    assert not find(events, "TUR", factuality="future")


def test_what_a_warning_says_will_happen_is_hypothetical(code):
    events = code("Guyana warns that it will deport Venezuelan officials.")
    assert find(events, "GUY", "COERCE", factuality="hypothetical")
    assert not find(events, factuality="future")


def test_what_a_statement_says_will_happen_stays_future(code):
    assert find(code("Serbia said it will impose sanctions on Russia."), "SRB", "SANCTION", "RUS", "future")


# -- more reduced relations, releases -----------------------------------------------------------------

def test_designating_a_group_a_terrorist_organisation_is_a_sanction(code):
    for text in ("Argentina designates Hamas a terrorist organization.",
                 "Argentina designates Hamas as a terrorist organisation."):
        hit = find(code(text), "ARG", "SANCTION", "PSE", "asserted")
        assert hit and hit[0]["evidence"]["rule"] == "lexicon:sanction.designate_terrorist"
    assert code("Chile designates three regions as disaster zones.") == []


def test_suspending_a_treaty_and_freezing_exports_are_sanctions(code):
    assert find(code("India suspends the water treaty with Pakistan."), "IND", "SANCTION", "PAK", "asserted")
    assert find(code("Germany freezes arms exports to Israel."), "DEU", "SANCTION", "ISR", "asserted")


def test_retaliating_with_tariffs_is_a_sanction(code):
    assert find(code("China retaliates with tariffs on American goods."), "CHN", "SANCTION", "USA")


def test_launching_drones_at_a_country_is_an_assault(code):
    assert find(code("Russia launches 400 drones at Ukraine."), "RUS", "ASSAULT", "UKR", "asserted")


def test_handing_over_hostages_or_bodies_releases_them(code):
    # the parser reads the particle "over" as a preposition: its object is still the verb's
    hit = find(code("Hamas hands over the bodies of four hostages to Israel."), "PSE", "RETREAT", "ISR")
    assert hit and hit[0]["mode"] == "release"
    assert find(code("Russia and Ukraine carry out a prisoner exchange."), "RUS", "RETREAT")


# -- what is not (yet) the event ----------------------------------------------------------------------

def test_an_act_done_as_retaliation_is_no_threat(code):
    events = code("Canada announces a 25% tariff on American cars as retaliation against a similar measure.")
    assert find(events, "CAN", "SANCTION", "USA", "asserted")
    assert not find(events, event="THREATEN")
    assert find(code("Iran vowed retaliation against Israel."), "IRN", "THREATEN", "ISR", "asserted")


def test_a_deal_sought_in_an_effort_is_not_reached(code):
    events = code("The Qatari envoy meets Israeli officials in an effort to reach a ceasefire deal with Hamas.")
    assert find(events, "QAT", "CONSULT", factuality="asserted")
    assert not find(events, event="AGREE", factuality="asserted")


def test_a_court_sentences_read_as_one_noun_is_still_a_sentencing(code):
    # the parser makes "court sentences" a compound noun; the noun with its "to <term>" is the sentencing
    hit = find(code("A Tunisian court sentences a former interior minister to 18 years in prison."),
               "TUN", "SANCTION")
    assert hit and hit[0]["mode"] == "convict" and hit[0]["cameo"] == "116"
    assert code("Myanmar's president orders the remaining prison sentence of the leader to be served at home.") == []


# -- air defence: what is intercepted was fired at the interceptor -----------------------------------

def test_missiles_intercepted_were_fired_at_the_interceptor(code):
    hit = find(code("Israel intercepts three cruise missiles fired by the Houthis from Yemen."), "YEM", "ASSAULT", "ISR")
    assert hit and hit[0]["factuality"] == "asserted"


def test_missiles_launched_from_a_country_were_launched_by_it(code):
    events = code("Jordan's air force intercepts two drones and a missile launched from Iran.")
    assert find(events, "IRN", "ASSAULT", "JOR")
    assert not find(events, "JOR", "ASSAULT")  # the interceptor attacks no one


def test_intercepted_weapons_named_by_a_demonym_are_that_state_s(code):
    assert find(code("Qatar says it has intercepted Iranian drones."), "IRN", "ASSAULT", "QAT")
    assert code("Saudi Arabia intercepted a drone.") == []  # no one named fired it


# -- second round (bench/EVAL.md): strikes of both kinds, "eliminated", envoys ordered out, tariffs in force

def test_a_named_drone_strike_is_an_attack_even_when_announced(code):
    # "announce ... strikes on X" fits the labour strike's pattern; the named modifier "drone" decides
    hit = find(code("The Ukrainian army announces new drone strikes on Russian depots."), "UKR", "ASSAULT", "RUS")
    assert hit and hit[0]["cameo"] == "1952"
    assert not find(code("The Ukrainian army announces new drone strikes on Russian depots."), event="PROTEST")
    assert find(code("French unions announce a general strike against the government."), event="PROTEST")


def test_launching_a_general_strike_is_a_labour_strike_not_an_attack(code):
    events = code("Unions in Argentina launch a general strike against the government of Javier Milei.")
    assert find(events, event="PROTEST", factuality="asserted")
    assert not find(events, event="ASSAULT")
    hit = find(code("Russia launches air strikes on Kharkiv."), "RUS", "ASSAULT", "UKR")
    assert hit
    # a strike OVER pay is a labour strike: "over" is a preposition of that sense only
    events = code("Unions in Nigeria launch a strike over fuel prices.")
    assert find(events, "NGA", "PROTEST") and not find(events, event="ASSAULT")
    assert find(code("Israel launches strikes on Hezbollah in Lebanon."), "ISR", "ASSAULT")
    # a verb that does something else to the strike keeps its own event, whatever the strike's sense
    hit = find(code("Members of Mexico's teachers union end a 20-day strike over wages."), "MEX")
    assert [e["event"] for e in hit] == ["CONCEDE"]


def test_eliminating_fighters_is_killing_them(code):
    hit = find(code("The Israeli army says it eliminated a Hamas commander in Gaza."), "ISR", "ASSAULT", "PSE")
    assert hit and hit[0]["factuality"] == "asserted"
    assert find(code("The U.S. military has eliminated a dozen members of ISIS in Somalia."), "USA", "ASSAULT")
    assert code("Canada eliminates tariffs on Chinese cars.") == []  # a policy eliminated is no attack


def test_ordering_an_envoy_to_leave_expels_him(code):
    hit = find(code("Niger orders the French ambassador to leave the country within 48 hours."), "NER", "SANCTION", "FRA")
    assert hit and hit[0]["mode"] == "expel" and hit[0]["cameo"] == "166"


def test_tariffs_taking_effect_are_sanctions(code):
    hit = find(code("New American tariffs on Chinese goods take effect."), "USA", "SANCTION", "CHN")
    assert hit and hit[0]["factuality"] == "asserted"
    assert find(code("American tariffs on Indian goods come into force."), "USA", "SANCTION", "IND")


def test_a_verb_read_as_a_plural_noun_takes_its_subject_from_the_modifiers(code):
    # the parser reads "shoots" as a noun headed by "The U.S. military": the modifiers are the shooter
    hit = find(code("The U.S. military shoots down an Iranian Shahed drone on approach to the carrier."),
               "USA", "ASSAULT", "IRN")
    assert hit and hit[0]["factuality"] == "asserted"
    assert find(code("The Iranian military shoots down an alleged Israeli reconnaissance drone over Khuzestan province."),
                "IRN", "ASSAULT", "ISR")


def test_a_court_in_a_place_that_sentences_is_a_sentencing(code):
    # no verb at all in the parse: "court" heads the sentence and "sentences" is a noun after it
    hit = find(code("A regional court in Iloilo, Panay, Philippines, sentences a radio broadcaster to nine years in prison."),
               "PHL", "SANCTION")
    assert hit and hit[0]["mode"] == "convict" and hit[0]["factuality"] == "asserted"
    assert find(code("A court in Mali sentences a French citizen to ten years in prison."), "MLI", "SANCTION")


def test_suspended_or_revoked_visas_are_a_sanction(code):
    hit = find(code("The United Kingdom will suspend work visas for Afghan nationals."), "GBR", "SANCTION", "AFG")
    assert hit and hit[0]["factuality"] == "future" and hit[0]["cameo"] == "160"
    assert find(code("The United States revokes the visas of Palestinian officials."), "USA", "SANCTION", "PSE")


def test_ground_regained_or_taken_over_is_an_attack(code):
    assert find(code("The Sudanese army regains control of the city of Bara from the RSF."), "SDN", "ASSAULT", "SDN")
    hit = find(code("Rwanda-backed M23 forces have taken over the city of Goma."), event="ASSAULT")
    assert hit and hit[0]["factuality"] == "asserted"
    assert code("Mark Carney takes over as prime minister of Canada.") == []  # an office, not ground


def test_pleading_guilty_is_no_request(code):
    events = code("A court in Nairobi, Kenya, sentences a Chinese national to one year in prison after he pleads guilty to smuggling.")
    assert find(events, "KEN", "SANCTION") and not find(events, event="REQUEST")
    assert find(code("Ukraine pleads with the United States for more air defence."), "UKR", "REQUEST", "USA")


def test_a_plural_subject_s_verb_read_as_a_noun_still_fires(code):
    # the parser reads "The Houthis fire" as a noun phrase and "two missiles" as its apposition
    hit = find(code("The Houthis fire two missiles at Israel."), "YEM", "ASSAULT", "ISR")
    assert hit and hit[0]["cameo"] == "194"
