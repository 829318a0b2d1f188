"""Alignment counts states (issue 14, item 5): a person placed by a demonym ("a Turkish teenager") is
not Turkey, "a Russian fighter jet" is Russia; protesters count only when their sector is asked for; a month with no happening towards
the pole the country would lean to says "no signal"; a bloc holding the country is not its default
pole; the dashboard's verdict and chart read the same signed index."""
import math

import pytest
from fastapi.testclient import TestClient

from detente import Store
from detente.cli import main
from detente.relations.blocs import default_poles
from detente.store.filters import FilterError
from detente.web import create_app
from test_relations import build_store

POLES = ["RUS", "WEST"]
ARTICLES = [
    {"id": "t1", "date": "2024-01-10", "source": "City Desk",
     "text": "A Turkish teenager attacked a teacher in France."},
    {"id": "t2", "date": "2024-02-12", "source": "Wire One", "text": "Turkey condemned France."},
    {"id": "t3", "date": "2024-03-05", "source": "Wire Two",
     "text": "Turkey signed an agreement with Russia. Turkey criticised Germany."},
    {"id": "t4", "date": "2024-03-20", "source": "City Desk",
     "text": "Turkish protesters attacked the French embassy."},
    {"id": "t5", "date": "2024-04-08", "source": "Wire One", "text": "Turkey shot down a Russian fighter jet."},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("states"), ARTICLES, "states.duckdb")


def _months(frame):
    return {(r["period"], r["pole"]): r for r in frame.to_dict("records")}


def test_a_demonym_alone_is_not_the_state(db):
    with Store(db, read_only=True) as store:
        default = store.alignment("TUR", POLES, by="month", explain=True)
        every = store.alignment("TUR", POLES, by="month", all_sectors=True, explain=True)
    sentences = set(default["sentence"])
    assert "A Turkish teenager attacked a teacher in France." not in sentences
    assert "Turkish protesters attacked the French embassy." not in sentences
    assert "Turkey condemned France." in sentences  # the country named as itself speaks for it
    assert "Turkey shot down a Russian fighter jet." in sentences  # a demonym before a thing: the state
    assert {"A Turkish teenager attacked a teacher in France.",
            "Turkish protesters attacked the French embassy."} <= set(every["sentence"])


def test_a_sector_option_changes_who_counts(db):
    with Store(db, read_only=True) as store:
        civilians = store.alignment("TUR", POLES, by="month", sectors="GOV,CVL", explain=True)
        with pytest.raises(FilterError, match="unknown sector 'CIVIL'"):
            store.alignment("TUR", POLES, sectors=["CIVIL"])
    assert "Turkish protesters attacked the French embassy." in set(civilians["sentence"])
    assert "A Turkish teenager attacked a teacher in France." not in set(civilians["sentence"])


def test_a_month_without_the_leaned_to_pole_says_no_signal(db):
    with Store(db, read_only=True) as store:
        m = _months(store.alignment("TUR", POLES, by="month"))
    assert ("2024-01", "RUS") not in m  # only the teenager that month: nothing the state did
    february = m[("2024-02", "RUS")], m[("2024-02", "WEST")]
    assert february[1]["events"] == 1 and february[1]["affinity"] < 0 and february[0]["events"] == 0
    assert {r["leaning"] for r in february} == {"no signal"}  # not "leaning RUS" with no Russia event
    assert all(math.isnan(r["alignment_index"]) for r in february)
    march = m[("2024-03", "RUS")], m[("2024-03", "WEST")]
    assert march[0]["leaning"] == "RUS" and march[0]["alignment_index"] > 0
    assert march[1]["alignment_index"] == -march[0]["alignment_index"]


def test_the_cli_says_no_signal(db, capsys):
    rc = main(["alignment", "TUR", "--poles", "RUS", "WEST", "--db", str(db), "--by", "month"])
    out, err = capsys.readouterr()
    assert rc == 0 and "alignment_index" in out and "no signal" in out
    assert "2 period(s) say 'no signal'" in err  # February, and April: hostile to Russia, nothing with the West


def test_a_bloc_holding_the_country_is_not_its_default_pole():
    assert default_poles("USA") == ("RUS", "CHN")  # the USA is in the West
    assert default_poles("SRB") == ("RUS", "WEST")
    assert default_poles("RUS") == ("WEST", "CHN")


def test_web_default_poles_and_a_verdict_that_agrees_with_the_chart(db):
    with TestClient(create_app(db)) as client:
        al = client.get("/api/alignment?actor=TUR&pole_a=RUS&pole_b=WEST&period=month").json()
        usa = client.get("/api/alignment?actor=USA").json()
    assert [p["key"] for p in usa["poles"]] == ["RUS", "CHN"]
    by_month = {p["period"][:7]: p for p in al["series"]}
    assert by_month["2024-02"]["leaning"] == "no signal" and by_month["2024-02"]["poles"]["RUS"]["index"] is None
    # The chart draws pole A's index; the verdict names the pole that index points to.
    march = by_month["2024-03"]
    assert march["leaning"] == "RUS" and march["poles"]["RUS"]["index"] > 0
    assert march["poles"]["WEST"]["index"] == -march["poles"]["RUS"]["index"]
