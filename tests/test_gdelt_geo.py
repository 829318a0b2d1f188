"""The GDELT export as GDELT users read it (issue 14, item 7): sub-national places are ActionGeo_Type
2/3/5 with their ADM1 code (and a point where one is known), never type 1; KnownGroupCode is the
organisation, not its field; a capital naming a government is not the event's place; the actors'
Geo columns say where the text places them; and the GDELT mentions table joins to the events."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from detente.cli import main
from detente.export import known_group, read_gdelt
from detente.gdelt_geo import place
from detente.gdelt_mentions import MENTION_COLUMNS
from test_relations import build_store

ARTICLES = [
    {"id": "pa-city", "date": "2024-03-04", "source": "Keystone Daily",
     "text": "Police arrested 20 protesters in Pittsburgh, Pennsylvania on Monday."},
    {"id": "pa-state", "date": "2024-03-05", "source": "Keystone Daily",
     "text": "Protesters clashed with police in Pennsylvania."},
    {"id": "darfur", "date": "2024-03-05", "source": "Nile Post", "text": "Rebels attacked a village in Darfur."},
    {"id": "lagos", "date": "2024-03-06", "source": "Lagos Ledger",
     "text": "Police arrested 20 protesters in Lagos on Monday."},
    {"id": "seat", "date": "2024-03-06", "source": "Tokyo Courier",
     "text": "Japan will impose sanctions on Moscow, officials in Tokyo said."},
    {"id": "groups", "date": "2024-03-07", "source": "Geneva Monitor",
     "text": "The World Health Organization sent aid to Kenya. The UN refugee agency criticized Greece. "
             "The G20 criticized Russia. NATO criticized Russia."},
    {"id": "copy", "date": "2024-03-08", "source": "Second Paper",
     "text": "Police arrested 20 protesters in Lagos on Monday."},
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gdeltgeo")
    db = build_store(tmp, ARTICLES, "geo.duckdb")
    events, mentions = tmp / "events.tsv", tmp / "mentions.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "--out", str(events)]) == 0
    assert main(["export", "--db", str(db), "--format", "gdelt-mentions", "--out", str(mentions)]) == 0
    return read_gdelt(events), mentions


def _row(df, **match):
    hit = df
    for k, v in match.items():
        hit = hit[hit[k] == v]
    assert len(hit) == 1, df[list(match)]
    return hit.iloc[0]


def test_sub_national_places_are_not_type_1(exported):
    df, _ = exported
    city = _row(df, ActionGeo_FullName="Pittsburgh, Pennsylvania, United States")
    assert (city["ActionGeo_Type"], city["ActionGeo_CountryCode"], city["ActionGeo_ADM1Code"]) == ("3", "US", "USPA")
    assert float(city["ActionGeo_Lat"]) == pytest.approx(40.44, abs=0.01)
    state = _row(df, ActionGeo_FullName="Pennsylvania, United States")
    assert (state["ActionGeo_Type"], state["ActionGeo_ADM1Code"], state["ActionGeo_FeatureID"]) == ("2", "USPA", "USPA")
    assert 39.5 < float(state["ActionGeo_Lat"]) < 42.5 and -81 < float(state["ActionGeo_Long"]) < -74.5
    region = _row(df, ActionGeo_FullName="Darfur, Sudan")
    assert (region["ActionGeo_Type"], region["ActionGeo_CountryCode"]) == ("5", "SU")
    # type 1 only where the place is the country itself
    for _, r in df[df["ActionGeo_Type"] == "1"].iterrows():
        assert "," not in r["ActionGeo_FullName"]


def test_place_reads_countries_states_and_cities():
    assert place("Serbia", "SRB", None, None, None).geo_type == "1"
    assert place("Moscow", "RUS", 55.75, 37.62, 524901)[:4] == ("4", "Moscow, Russia", "RS", "RS48")
    assert place("Washington state", "USA", None, None, None)[:4] == ("2", "Washington, United States", "US",
                                                                      "USWA")
    assert place("South China Sea", "", None, None, None) is None


def test_known_group_is_the_organisation_not_its_field(exported):
    df, _ = exported
    assert known_group("NATO", "IGOWSTNAT") == "NAT" and known_group("EU", "IGOEUREEC") == "EEC"
    assert known_group("OCHA", "IGOUNOHLH") == "UNO" and known_group("G20", "IGOG20") == "G20"
    assert known_group("AI", "NGOHRIAMN") == "AMN" and known_group("", "IMGISISREB") == "ISIS"
    assert known_group("ECB", "IGOEUREECBNK") == "EEC" and known_group("ADB", "IGOASABNK") == ""
    assert _row(df, Actor1Code="IGOUNOHLH")["Actor1KnownGroupCode"] == "WHO"  # the WHO, not "health"
    assert set(df["Actor1KnownGroupCode"]) >= {"WHO", "HCR", "G20", "NAT"}
    assert not set(df["Actor1KnownGroupCode"]) & {"HLH", "REF"}  # fields, not organisations


def test_a_capital_naming_a_government_is_not_the_place(exported):
    df, _ = exported
    sanction = _row(df, Actor1CountryCode="JPN")
    assert sanction["Actor2CountryCode"] == "RUS" and sanction["ActionGeo_FullName"] == ""
    # the text names the Russian government by its capital: that is where it places the actor
    assert (sanction["Actor2Geo_Type"], sanction["Actor2Geo_FullName"]) == ("4", "Moscow, Russia")
    assert sanction["Actor1Geo_Type"] == ""  # nothing in the text places Japan


def test_actors_acting_at_home_are_placed_there(exported):
    df, _ = exported
    arrest = _row(df, Actor1Code="NGACOP")
    assert arrest["Actor1Geo_FullName"] == arrest["Actor2Geo_FullName"] == "Lagos, Nigeria"
    assert arrest["Actor1Geo_ADM1Code"].startswith("NI") and arrest["Actor1Geo_Lat"] != ""
    assert (arrest["NumMentions"], arrest["NumSources"]) == ("2", "2")  # the copy from a second paper


def test_gdelt_mentions_table_joins_the_events(exported):
    df, path = exported
    m = pd.read_csv(path, sep="\t", header=None, names=MENTION_COLUMNS, dtype=str, keep_default_na=False,
                    quoting=csv.QUOTE_NONE)
    assert len(m.columns) == 16 and len(m) >= len(df)
    assert set(m["GLOBALEVENTID"]) == set(df["GLOBALEVENTID"])
    arrest = _row(df, Actor1Code="NGACOP")
    lagos = m[m["GLOBALEVENTID"] == arrest["GLOBALEVENTID"]]
    assert sorted(lagos["MentionSourceName"]) == ["Lagos Ledger", "Second Paper"]
    assert set(lagos["MentionIdentifier"]) == {"lagos", "copy"} and set(lagos["MentionType"]) == {"2"}
    assert set(lagos["SentenceID"]) == {"1"} and (lagos["ActionCharOffset"].astype(int) >= 0).all()
    assert m["EventTimeDate"].str.fullmatch(r"\d{14}").all()


def test_gdelt_mentions_needs_mention_rows(tmp_path):
    from detente.errors import QueryError
    from detente.export import write
    with pytest.raises(QueryError, match="gdelt-mentions"):
        write(pd.DataFrame(), "gdelt-mentions", stream=io.StringIO(), level="happenings")
