"""One event per happening, dyads over time and top dyads, on articles written for these tests and
coded through the real pipeline (detente.code_sources)."""
import json

import pandas as pd
import pytest

from detente import Store, code_sources
from detente.cli import main

# Three outlets report one meeting (the third a day later); two other meetings are a week apart.
MEETING = [
    {"id": "m1", "date": "2024-03-10", "source": "Daily Herald",
     "text": "The Serbian president met the Russian president in Moscow."},
    {"id": "m2", "date": "2024-03-10", "source": "Balkan Wire",
     "text": "Serbia's president held talks with Russia's president in Moscow."},
    {"id": "m3", "date": "2024-03-11", "source": "Morning Post",
     "text": "Serbian President Aleksandar Vucic met Russian President Vladimir Putin in Moscow."},
]
WEEK_APART = [
    {"id": "w1", "date": "2024-05-06", "source": "Daily Herald",
     "text": "The French foreign minister met the German foreign minister in Paris."},
    {"id": "w2", "date": "2024-05-13", "source": "Daily Herald",
     "text": "France's foreign minister met Germany's foreign minister in Berlin."},
]
LATER = [
    {"id": "l1", "date": "2024-06-20", "source": "Balkan Wire", "text": "Serbia praised Russia."},
    {"id": "l2", "date": "2024-06-21", "source": "Balkan Wire", "text": "Serbia will not impose sanctions on Russia."},
    {"id": "l3", "date": "2024-07-02", "source": "Morning Post", "text": "Russia criticised Serbia."},
]

# Acts without a target: the same place makes one happening; without a place, one per article.
UNTARGETED = [
    {"id": "u1", "date": "2024-08-01", "source": "Daily Herald", "text": "Russian diplomats held talks in Geneva."},
    {"id": "u2", "date": "2024-08-01", "source": "Balkan Wire", "text": "Russia held talks in Geneva."},
    {"id": "u3", "date": "2024-08-01", "source": "Daily Herald", "text": "Russia mobilized troops."},
    {"id": "u4", "date": "2024-08-02", "source": "Balkan Wire", "text": "Russia mobilized more troops."},
]


def build_store(directory, articles, name="relations.duckdb"):
    """Write the articles as JSONL and code them into a new store; returns its path."""
    src = directory / f"{name}.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    db = directory / name
    with Store(db) as store:
        summary = code_sources([str(src)], store)
    assert summary.failures == 0 and summary.articles_coded == len(articles)
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("rel"), MEETING + WEEK_APART + LATER + UNTARGETED)


def _consults(h, a, b):
    return h[(h["source_key"] == a) & (h["target_key"] == b) & (h["event"] == "CONSULT")]


def test_three_articles_on_one_meeting_are_one_event_with_three_mentions(db):
    with Store(db, read_only=True) as store:
        h = store.dedup()
        mentions = store.dedup(level="mentions")
    meeting = _consults(h, "SRB", "RUS")
    assert len(meeting) == 1
    row = meeting.iloc[0]
    assert (row["n_mentions"], row["n_articles"], row["n_sources"]) == (3, 3, 3)
    assert str(row["date"])[:10] == "2024-03-10" and str(row["date_last"])[:10] == "2024-03-11"
    assert row["location_name"] == "Moscow"
    # every mention keeps its article and its evidence
    kept = mentions[mentions["happening_id"] == row["happening_id"]]
    assert sorted(kept["id"]) == sorted(row["event_ids"])
    assert kept["article_id"].nunique() == 3
    assert kept["trigger"].str.contains("met|talks").all()
    assert set(kept["outlet"]) == {"Daily Herald", "Balkan Wire", "Morning Post"}


def test_two_meetings_a_week_apart_are_two_events(db):
    with Store(db, read_only=True) as store:
        h = store.dedup()
    meetings = _consults(h, "FRA", "DEU")
    assert len(meetings) == 2
    assert sorted(str(d)[:10] for d in meetings["date"]) == ["2024-05-06", "2024-05-13"]
    assert meetings["n_mentions"].tolist() == [1, 1]


def test_window_is_tunable(db):
    with Store(db, read_only=True) as store:
        wide = store.dedup(window_days=7)
        same_day = store.dedup(window_days=0)
    assert len(_consults(wide, "FRA", "DEU")) == 1 and _consults(wide, "FRA", "DEU").iloc[0]["n_mentions"] == 2
    # with a zero window the report dated a day later is its own happening
    assert sorted(_consults(same_day, "SRB", "RUS")["n_mentions"]) == [1, 2]


def test_acts_without_a_target_merge_only_at_the_same_place(db):
    with Store(db, read_only=True) as store:
        h = store.dedup(window_days=7)
    talks = h[(h["source_key"] == "RUS") & (h["event"] == "CONSULT") & h["target_key"].isna()]
    assert talks["n_articles"].tolist() == [2]
    mobilised = h[(h["source_key"] == "RUS") & (h["event"] == "MOBILIZE")]
    assert mobilised["n_articles"].tolist() == [1, 1]


def test_factuality_is_part_of_the_key(db):
    with Store(db, read_only=True) as store:
        h = store.dedup()
    sanctions = h[(h["event"] == "SANCTION") & (h["source_key"] == "SRB")]
    assert sanctions["factuality"].tolist() == ["negated"]


def test_relations_by_month_undirected_and_directed(db):
    with Store(db, read_only=True) as store:
        und = store.relations("SRB", "RUS", by="month")
        d = store.relations("RUS", "SRB", by="month", directed=True)
    by_period = und.set_index("period")
    assert list(by_period.index) == ["2024-03", "2024-06", "2024-07"]
    assert by_period.loc["2024-03", "events"] == 1 and by_period.loc["2024-03", "mentions"] == 3
    assert by_period.loc["2024-03", "CONSULT"] == 1 and by_period.loc["2024-03", "verbal_coop"] == 1
    # June: a praise (asserted) and a refused sanction — counted apart, not as a sanction
    assert by_period.loc["2024-06", "events"] == 1 and by_period.loc["2024-06", "negated"] == 1
    assert by_period.loc["2024-06", "SUPPORT"] == 1 and by_period.loc["2024-06", "SANCTION"] == 0
    july = d[d["period"] == "2024-07"]
    assert july["direction"].tolist() == ["RUS->SRB"]
    assert july.iloc[0]["material_conflict"] + july.iloc[0]["verbal_conflict"] == 1
    assert july.iloc[0]["goldstein_mean"] < 0
    assert set(d["direction"]) == {"RUS->SRB", "SRB->RUS"}


def test_relations_by_year_sums_goldstein(db):
    with Store(db, read_only=True) as store:
        year = store.relations("SRB", "RUS", by="year", factuality="all")
        h = store.dedup()
    pair = h[h["source_key"].isin(["SRB", "RUS"]) & h["target_key"].isin(["SRB", "RUS"])]
    assert year.iloc[0]["events"] == len(pair)
    assert year.iloc[0]["goldstein_sum"] == pytest.approx(pair["goldstein"].sum())
    assert year.iloc[0]["goldstein_mean"] == pytest.approx(pair["goldstein"].mean(), abs=0.01)


def test_sector_spec_narrows_the_dyad(db):
    with Store(db, read_only=True) as store:
        gov = store.relations("SRBGOV", "RUS", by="year")
    assert gov.iloc[0]["events"] == 1 and gov.iloc[0]["CONSULT"] == 1  # only the presidents' meeting


def test_top_dyads(db):
    with Store(db, read_only=True) as store:
        top = store.top_dyads()
        since = store.top_dyads(since=pd.Timestamp("2024-05-01").date())
    assert (top.iloc[0]["actor_a"], top.iloc[0]["actor_b"]) == ("RUS", "SRB")
    assert top.iloc[0]["events"] == 3  # meeting, praise, criticism; the refused sanction apart
    assert top.iloc[0]["negated"] == 1
    fra = top[(top["actor_a"] == "DEU") & (top["actor_b"] == "FRA")].iloc[0]
    assert fra["events"] == 2 and fra["cooperative"] == 2
    assert since[since["actor_a"] == "RUS"].iloc[0]["events"] == 2


def test_cli_relations_formats_and_plot(db, tmp_path, capsys):
    assert main(["relations", "SRB", "RUS", "--db", str(db), "--by", "month"]) == 0
    table = capsys.readouterr().out
    assert "2024-03" in table and "CONSULT" in table and table.splitlines()[1].startswith("---")
    assert main(["relations", "SRB", "RUS", "--db", str(db), "--format", "jsonl", "--window-days", "0"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rows[0]["period"] == "2024-03" and rows[0]["events"] == 2  # two happenings with a zero window
    assert main(["relations", "SRB", "RUS", "--db", str(db), "--format", "csv", "--since", "2024-06-01",
                 "--until", "2024-06-30", "--directed", "--factuality", "all"]) == 0
    csv_out = capsys.readouterr().out.splitlines()
    assert csv_out[0].startswith("period,period_start,direction,events") and len(csv_out) == 2
    out, png = tmp_path / "r.parquet", tmp_path / "r.png"
    assert main(["relations", "SRB", "RUS", "--db", str(db), "--format", "parquet", "--out", str(out),
                 "--by", "week", "--plot", str(png)]) == 0
    assert pd.read_parquet(out)["period"].tolist() == ["2024-W10", "2024-W25", "2024-W27"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_cli_top_dyads_and_errors(db, capsys):
    assert main(["top-dyads", "--db", str(db), "--limit", "1", "--format", "jsonl"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(rows) == 1 and rows[0]["actor_a"] == "RUS" and rows[0]["first"] == "2024-03-10"
    assert main(["top-dyads", "--db", str(db), "--directed", "--domestic"]) == 0
    assert "SRB      RUS" in capsys.readouterr().out
    assert main(["relations", "SRB", "RUS", "--db", str(db), "--format", "parquet"]) == 1
    assert "--out" in capsys.readouterr().err
    assert main(["relations", "SRB", "RUS", "--db", str(db), "--window-days", "-1"]) == 1
    assert "window" in capsys.readouterr().err
