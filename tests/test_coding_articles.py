"""Whole articles (ANNOTATION.md §9): a hostile act an article only reports in another party's words is
that party's accusation, and a mention without a target of an act coded with one elsewhere in the
article is the same event — on articles written for these tests, with the rules coder (deterministic:
no model)."""
import datetime as dt

from detente import code_text

DAY = dt.date(2025, 3, 1)
CLAIM = "Ukraine's defence ministry said Russian forces shelled the town of Kupiansk overnight."
OWN = "Russia's defence ministry said Russian forces shelled the town of Kupiansk overnight."
# Sentences around it make the text an article (extract.ARTICLE_SENTENCES)
AROUND = ["Fighting continued in eastern Ukraine on Tuesday.", "Residents fled the town.",
          "Turkey imposed sanctions on Syria on Monday.", "The sanctions announced by Turkey were mild, analysts said.",
          "Aid groups asked for calm."]


def coded(text):
    return code_text(text, DAY, coder="rules").events


def triples(events):
    return {(e.source.key, e.event, e.target.key if e.target else None) for e in events}


def article(middle):
    return " ".join(AROUND[:1] + [middle] + AROUND[1:])


def test_a_hostile_act_reported_by_another_party_is_its_accusation_in_an_article():
    events = coded(article(CLAIM))
    claim = next(e for e in events if (e.source.key, e.event, e.target.key) == ("UKR", "ACCUSE", "RUS"))
    assert claim.evidence.rule.startswith("claim:") and claim.evidence.trigger == "said"
    assert claim.extra["claim"].startswith("ASSAULT RUS") and claim.factuality == "asserted"
    assert not any(e.event == "ASSAULT" for e in events)  # the shelling is Ukraine's claim, not a fact


def test_a_partys_report_of_its_own_act_stays_a_fact():
    assert ("RUS", "ASSAULT", "UKR") in triples(coded(article(OWN)))


def test_a_single_statement_keeps_the_reported_act():
    # one sentence is not an article: statements are coded as before
    assert any(e.event == "ASSAULT" and e.source.key == "RUS" for e in coded(CLAIM))


def test_a_restatement_without_a_target_is_the_event_coded_with_one():
    alone = triples(coded(AROUND[3]))
    assert ("TUR", "SANCTION", None) in alone  # read alone, the sanctions have no target
    got = triples(coded(article(CLAIM)))
    assert ("TUR", "SANCTION", "SYR") in got and ("TUR", "SANCTION", None) not in got
