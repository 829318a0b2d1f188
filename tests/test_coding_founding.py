"""What issue #4 asks of the founding article (examples/serbia_russia.jsonl), beyond the end-to-end list."""
import datetime as dt
import json

import pytest

from conftest import ROOT, find


@pytest.fixture(scope="module")
def events():
    from detente import code_text
    rec = json.loads((ROOT / "examples" / "serbia_russia.jsonl").read_text(encoding="utf-8").splitlines()[0])
    # the coder users get by default (the learned model and the rules combined)
    return [e.to_json() for e in code_text(rec["text"], dt.date.fromisoformat(rec["date"]), coder="combined").events]


def test_the_meeting_is_located_in_vladivostok(events):
    meetings = find(events, "SRB", "CONSULT", "RUS", "asserted")
    assert meetings
    locs = {(m["location"] or {}).get("name") for m in meetings}
    assert "Vladivostok" in locs
    loc = next(m["location"] for m in meetings if m["location"])
    assert loc["country"] == "RUS" and loc["geonames_id"] == 2013348


def test_the_aspiration_to_join_the_eu_is_future(events):
    assert find(events, "SRB", "COOPERATE", "EU", "future")
    assert not find(events, "SRB", "COOPERATE", "EU", "asserted")


def test_the_agreements_signed_with_france_and_the_eu(events):
    # Signing is SUPPORT (CAMEO 057), as PLOVER defines it; see docs/coding.md.
    for tgt in ("FRA", "EU"):
        hit = find(events, "SRB", "SUPPORT", tgt, "asserted")
        assert hit and hit[0]["cameo"] == "057" and hit[0]["evidence"]["rule"] == "lexicon:support.sign"


def test_the_us_sanctions_are_dated_the_year_before(events):
    hit = find(events, "USA", "SANCTION", "SRB", "asserted")
    assert hit and hit[0]["date"] == "2023-09-05"


def test_the_us_accusations_against_vulin(events):
    hit = find(events, "USA", "ACCUSE", "SRB", "asserted")
    assert hit and hit[0]["target"]["sector"] == "GOV" and hit[0]["mode"] == "allege"


def test_vulin_s_gratitude_to_putin(events):
    hit = find(events, "SRB", "SUPPORT", "RUS", "asserted")
    assert any(h["evidence"]["trigger"] == "expressed gratitude" for h in hit)


def test_the_refusals_stay_negated(events):
    assert find(events, "SRB", "SANCTION", "RUS", "negated")
    assert find(events, "SRB", "COOPERATE", "NATO", "negated")
    assert not find(events, "SRB", "SANCTION", "RUS", "asserted")
    assert not find(events, "SRB", "COOPERATE", "NATO", "asserted")


def test_every_event_carries_its_evidence(events):
    for e in events:
        ev = e["evidence"]
        assert ev["rule"].startswith(("lexicon:", "rule:", "model:")) and ev["trigger"] and ev["sentence"]
        assert e["cameo"] and e["goldstein"] is not None and e["quad_class"] in (1, 2, 3, 4)
