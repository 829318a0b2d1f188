"""Events whose actors come from the actor stage's fallbacks: generic actors of the sentence's country,
titled people without a country, peoples living in another country (docs/actors.md)."""
import pytest

from conftest import find


def test_generic_police_and_protesters_take_the_sentence_country(code):
    events = code("Police fired tear gas at protesters in Cairo on Monday.")
    assert any(e["source"]["code"] == "EGY" and e["source"]["sector"] == "COP" for e in events), events


def test_titled_person_without_a_country_acts_for_the_sentence_country(code):
    events = code("President Tomas Kovar banned Moldovan opposition parties on Monday.")
    hit = find(events, "MDA", "COERCE", "MDA", "asserted")
    assert hit and hit[0]["source"]["sector"] == "GOV"


def test_a_titled_person_is_not_guessed_between_two_countries(code):
    events = code("President Tomas Kovar criticised Moldova and Romania on Monday.")
    assert not find(events, "MDA", "ACCUSE") and not find(events, "ROU", "ACCUSE")


def test_a_people_of_a_country_demands_from_its_authorities(code):
    events = code("The Albanians of Macedonia demanded autonomy from Macedonian authorities.")
    assert find(events, "MKD", "REQUEST", "MKD"), events
    assert not find(events, "ALB", "REQUEST")


def test_the_place_where_a_people_protests_is_still_not_its_target(code):
    events = code("Thousands of Georgians protested in Tbilisi on Sunday.")
    assert not any(e["target"] and e["target"]["code"] == "GEO" and not e["target"]["sector"] for e in events), events


def test_participle_of_a_statement_is_its_authors_act(code):
    assert find(code("Russia issued a statement condemning the attack on Syria."), "RUS", "ACCUSE")
    assert find(code("Iran released a statement urging Israel to halt strikes."), "IRN", "REQUEST", "ISR")
    assert find(code("China's statement criticising Japan angered Tokyo."), "CHN", "ACCUSE", "JPN")
    # other non-event nouns still lend no source: the people do it, and they are no known actor
    assert not find(code("Russia said 36 people believed to have attacked Syria were arrested."), "RUS", "ASSAULT")


def test_a_country_s_own_forces_are_its_means_not_its_target(code):
    events = code("Russia mobilized troops on Monday.")
    assert find(events, "RUS", "MOBILIZE") and all(e["target"] is None for e in events), events


@pytest.mark.parametrize("coded", ["code", "code_default"])
def test_a_crowd_named_by_its_size_acts_where_it_is(coded, request):
    # "Thousands protested in Belgrade": a crowd with no nationality is the people of its place, as
    # "thousands of people" already was
    code = request.getfixturevalue(coded)
    assert find(code("Thousands protested in Belgrade against the government of Serbia."), "SRB", "PROTEST", "SRB")
    rally = code("Tens of thousands rallied in Tbilisi on Sunday.")
    assert find(rally, "GEO", "PROTEST") and rally[0]["source"]["sector"] == "CVL"
    # a number of things is no crowd
    assert code("Thousands of tons of grain were shipped from Odesa.") == []
