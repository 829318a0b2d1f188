"""Alignment: on the founding article plus written follow-ups, Serbia leans to Russia, and the index
shows the events behind it. Blocs are dated data."""
import datetime as dt
import json

import pandas as pd
import pytest

from conftest import ROOT
from detente import Store
from detente.cli import main
from detente.errors import QueryError
from detente.relations import members, parse_pole
from test_relations import build_store

SEED = ROOT / "examples" / "serbia_russia.jsonl"
FOLLOW_UPS = [
    {"id": "f1", "date": "2024-10-02", "source": "Balkan Wire",
     "text": "Serbia refused to impose sanctions on Russia. Serbia signed a gas agreement with Russia."},
    {"id": "f2", "date": "2024-10-15", "source": "Daily Herald",
     "text": "Belgrade thanked Moscow for its support. Serbia criticised NATO."},
    {"id": "f3", "date": "2024-11-05", "source": "Morning Post",
     "text": "The European Union criticised Serbia. Serbia will not join NATO."},
    {"id": "f4", "date": "2024-11-20", "source": "Daily Herald",
     "text": "Serbia signed agreements with Germany and Italy."},
]
POLES = ["RUS", "EU,USA,NATO"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    seed = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    return build_store(tmp_path_factory.mktemp("align"), [seed] + FOLLOW_UPS, "align.duckdb")


def test_serbia_leans_to_russia(db):
    with Store(db, read_only=True) as store:
        a = store.alignment("SRB", POLES, by="all").set_index("pole")
        by_year = store.alignment("SRB", POLES, by="year")
    assert a.loc["RUS", "leaning"] == "RUS"
    assert a.loc["RUS", "alignment_index"] > 0.2 and a.loc["EU,USA,NATO", "alignment_index"] == -a.loc["RUS", "alignment_index"]
    assert a.loc["RUS", "affinity"] > a.loc["EU,USA,NATO", "affinity"]
    assert a.loc["RUS", "conflictual"] == 0 and a.loc["EU,USA,NATO", "conflictual"] >= 3
    y2024 = by_year[by_year["period"] == "2024"].set_index("pole")
    assert y2024.loc["RUS", "leaning"] == "RUS" and y2024.loc["RUS", "alignment_index"] > 0


def test_negated_events_count_as_what_they_signal(db):
    with Store(db, read_only=True) as store:
        s = store.alignment("SRB", POLES, by="all", explain=True)
    refused = s[(s["event"] == "SANCTION") & (s["factuality"] == "negated") & (s["pole"] == "RUS")]
    assert len(refused) == 2  # the founding article's and the October follow-up's: two happenings
    assert (refused["signal"] > 0).all()  # refusing to sanction Russia: toward Russia
    no_nato = s[(s["target_key"] == "NATO") & (s["factuality"] == "negated")]
    assert len(no_nato) >= 1 and (no_nato["signal"] < 0).all()  # not joining NATO: away from NATO
    incoming = s[(s["direction"] == "in") & (s["source_key"] == "EU")]
    assert incoming["event"].tolist() == ["ACCUSE"] and incoming.iloc[0]["signal"] < 0
    # the index is the sum of the contributions shown
    with Store(db, read_only=True) as store:
        a = store.alignment("SRB", POLES, by="all").set_index("pole")
    for pole, part in s.groupby("pole"):
        assert part["contribution"].sum() == pytest.approx(a.loc[pole, "affinity"], abs=0.002)


def test_one_act_counts_once_per_pole(db):
    with Store(db, read_only=True) as store:
        s = store.alignment("SRB", POLES, by="all", explain=True)
    # "Serbia signed agreements with Germany and Italy": two happenings, one signal for the pole
    signing = s[s["sentence"] == "Serbia signed agreements with Germany and Italy."]
    assert sorted(signing["target_key"]) == ["DEU", "ITA"] and signing["group"].nunique() == 1
    assert signing["contribution"].sum() == pytest.approx(signing["signal"].mean(), abs=0.001)
    # every group adds up to one signal; a REJECT beside the act it refuses adds nothing
    for _, part in s[s["share"] > 1].groupby("group"):
        acts = part[part["event"] != "REJECT"] if (part["event"] != "REJECT").any() else part
        assert part["contribution"].sum() == pytest.approx(acts["signal"].mean(), abs=0.001)
        assert (part.loc[part.index.difference(acts.index), "contribution"] == 0).all()


def test_cli_alignment_explains_and_plots(db, tmp_path, capsys):
    png = tmp_path / "a.png"
    assert main(["alignment", "SRB", "--poles", "RUS", "EU,USA,NATO", "--db", str(db), "--by", "year",
                 "--explain", "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    head, _, behind = out.partition("Events behind each point")
    assert "2024" in head and "RUS" in head and "EU,USA,NATO" in head
    assert "Serbia refused to impose sanctions on Russia." in behind
    assert "negated" in behind and "SANCTION" in behind
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert main(["alignment", "SRB", "--poles", "RUS", "WEST", "--db", str(db), "--explain", "--format",
                 "jsonl", "--since", "2024-10-01", "--until", "2024-12-31", "--all-sectors",
                 "--window-days", "1"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rows and all(r["date"] >= "2024-10-01" for r in rows)
    assert {r["pole"] for r in rows} == {"RUS", "WEST"}


def test_dated_blocs():
    nato, eu, west = parse_pole("NATO"), parse_pole("EU"), parse_pole("WEST")
    keys = pd.Series(["FIN", "FIN", "GBR", "GBR", "SWE", "NATO", "FRA"])
    dates = pd.Series(pd.to_datetime(["2022-06-01", "2023-04-04", "2019-12-31", "2020-02-01", "2024-03-06",
                                      "1900-01-01", "2010-01-01"]))
    assert nato.contains(keys, dates).tolist() == [False, True, True, True, False, True, True]
    assert eu.contains(keys, dates).tolist() == [True, True, True, False, True, False, True]
    assert west.contains(pd.Series(["GBR", "JPN", "RUS", "WEST"]),
                         pd.Series(pd.to_datetime(["2021-01-01"] * 4))).tolist() == [True, True, False, True]
    assert {m.key for m in members("EU") if m.joined <= dt.date(2000, 1, 1) < m.left} >= {"FRA", "GBR", "AUT"}


def test_bad_poles_are_errors():
    with pytest.raises(QueryError):
        parse_pole("")
    with pytest.raises(QueryError):
        parse_pole("RUS,not a code")
    assert main(["alignment", "SRB", "--poles", "RUS"]) == 1
