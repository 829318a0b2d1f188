"""Exports: GDELT 2.0 event TSV (61 columns in codebook order), PLOVER JSON records valid against the
schema written from the PLOVER data model, CSV and Parquet — on articles written for these tests."""
import csv
import json

import jsonschema
import pandas as pd
import pytest

from conftest import SHARED
from detente import Store
from detente.cli import main
from detente.export import PLOVER_SCHEMA
from test_relations import MEETING, build_store

# The GDELT 2.0 event table, as the GDELT 2.0 Event Database codebook lists it (typed here, not read
# from Détente's data, so the test checks that data too).
GDELT2_COLUMNS = """GLOBALEVENTID SQLDATE MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code
Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code
Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles
AvgTone Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code
Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode
Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type
ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long
ActionGeo_FeatureID DATEADDED SOURCEURL""".split()

ARTICLES = MEETING + [
    {"id": "x1", "date": "2024-06-21", "source": "Balkan Wire",
     "text": "Serbia will not impose sanctions on Russia. Serbia will not join NATO."},
    {"id": "x2", "date": "2024-07-01", "source": "Daily Herald", "text": "Serbia will join the European Union."},
    {"id": "x3", "date": "2024-07-02", "source": "Daily Herald",
     "text": "Russia did not threaten Serbia. Hungary may criticise Serbia."},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("export"), ARTICLES, "export.duckdb")


@pytest.fixture(scope="module")
def gdelt(db, tmp_path_factory):
    out = tmp_path_factory.mktemp("gdelt") / "events.tsv"
    assert main(["export", "--format", "gdelt", "--db", str(db), "--out", str(out)]) == 0
    return out


def test_gdelt_has_61_columns_and_loads_with_codebook_names(gdelt):
    assert len(GDELT2_COLUMNS) == 61
    lines = gdelt.read_text(encoding="utf-8").splitlines()
    assert lines and all(len(line.split("\t")) == 61 for line in lines)
    df = pd.read_csv(gdelt, sep="\t", header=None, names=GDELT2_COLUMNS, dtype=str, keep_default_na=False,
                     quoting=csv.QUOTE_NONE)
    assert len(df) == len(lines)
    assert df["GLOBALEVENTID"].str.fullmatch(r"\d+").all() and df["GLOBALEVENTID"].is_unique
    assert df["SQLDATE"].str.fullmatch(r"\d{8}").all()


def test_gdelt_meeting_row(gdelt):
    df = pd.read_csv(gdelt, sep="\t", header=None, names=GDELT2_COLUMNS, dtype=str, keep_default_na=False,
                     quoting=csv.QUOTE_NONE)
    row = df[(df["Actor1CountryCode"] == "SRB") & (df["Actor2CountryCode"] == "RUS")
             & (df["EventRootCode"] == "04")].iloc[0]
    assert (row["Actor1Code"], row["Actor2Code"], row["Actor1Type1Code"]) == ("SRBGOV", "RUSGOV", "GOV")
    assert (row["EventCode"], row["EventBaseCode"], row["QuadClass"], row["GoldsteinScale"]) == ("040", "040", "1",
                                                                                                 "1.0")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("3", "3", "3")
    assert (row["SQLDATE"], row["MonthYear"], row["Year"], row["FractionDate"]) == ("20240310", "202403", "2024",
                                                                                    "2024.2740")
    assert row["ActionGeo_FullName"] == "Moscow, Russia" and row["ActionGeo_CountryCode"] == "RS"  # FIPS
    assert row["ActionGeo_Type"] == "4" and float(row["ActionGeo_Lat"]) == pytest.approx(55.75, abs=0.1)
    assert row["IsRootEvent"] == "1" and row["AvgTone"] == ""
    # a meeting: both sides are where it is held
    assert row["Actor1Geo_FullName"] == row["Actor2Geo_FullName"] == "Moscow, Russia"
    assert row["ActionGeo_ADM1Code"] == "RS48" and row["Actor1Geo_Type"] == "4"
    # no URL: the user's own id of the first article (the JSONL `id`) lets them join it back
    assert len(row["DATEADDED"]) == 14 and row["SOURCEURL"] in ("m1", "m2")


def test_gdelt_states_planned_and_declined_acts_as_cameo_does(gdelt, db, tmp_path):
    df = pd.read_csv(gdelt, sep="\t", header=None, names=GDELT2_COLUMNS, dtype=str, keep_default_na=False,
                     quoting=csv.QUOTE_NONE)
    nato = df[df["Actor2Code"] == "IGOWSTNAT"].iloc[0]
    assert nato["EventRootCode"] == "12" and nato["Actor2KnownGroupCode"] == "NAT"  # not joining: a refusal
    assert nato["Actor2Type1Code"] == "IGO" and nato["Actor2CountryCode"] == ""
    assert df[df["Actor2Code"] == "IGOEUREEC"].iloc[0]["EventRootCode"] == "03"  # will join: intent
    # a declined sanction has no CAMEO reading: never written as a sanction unless asked for
    assert not (df["EventRootCode"] == "16").any()
    every = tmp_path / "all.tsv"
    assert main(["export", "--format", "gdelt", "--db", str(db), "--out", str(every), "--factuality", "all"]) == 0
    assert any(line.split("\t")[26] == "163" for line in every.read_text().splitlines())


@pytest.fixture(scope="module")
def plover(db, tmp_path_factory):
    out = tmp_path_factory.mktemp("plover") / "events.jsonl"
    assert main(["export", "--format", "plover-jsonl", "--db", str(db), "--out", str(out)]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_plover_records_validate_against_the_schema(plover):
    schema = json.loads(PLOVER_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert plover
    for rec in plover:
        validator.validate(rec)
    # the schema is not vacuous: a misspelt field, an unknown type or a bad date fail
    bad = dict(plover[0], evnt="CONSULT")
    assert not validator.is_valid(bad)
    assert not validator.is_valid(dict(plover[0], event="MEET"))
    assert not validator.is_valid(dict(plover[0], date="10 March 2024"))


def test_plover_records_read_as_plover(plover):
    meeting = next(r for r in plover if r["event"] == "CONSULT" and r["target"] and r["target"][0]["code"] == "RUS")
    assert meeting["source"] == [{"actorText": meeting["source"][0]["actorText"], "code": "SRB", "sector": "GOV"}]
    assert meeting["eventLoc"] == {"name": "Moscow", "country code": "RU"}
    assert meeting["detente"]["numMentions"] == 3 and len(meeting["detente"]["articles"]) == 3
    nato = next(r for r in plover if r["detente"]["target"] and r["detente"]["target"]["org"] == "NATO")
    assert (nato["event"], nato["detente"]["event"], nato["detente"]["factuality"]) == ("REJECT", "COOPERATE",
                                                                                          "negated")
    assert nato["text"] == "Serbia will not join NATO."
    assert (nato["detente"]["cameo"], nato["detente"]["goldstein"]) == ("060", 6.0)  # Détente's own reading
    assert not [r for r in plover if r["event"] == "SANCTION"]
    # a possible criticism is still a criticism; a threat that was not made is not written at all
    may = next(r for r in plover if r["source"][0]["code"] == "HUN")
    assert (may["event"], may["detente"]["factuality"]) == ("ACCUSE", "hypothetical")
    assert not [r for r in plover if r["source"][0]["code"] == "RUS"]


def test_plover_field_names_come_from_the_data_model():
    gold = sorted(SHARED.glob("gold/*.jsonl"))
    if not gold:
        pytest.skip("../shared/gold is not available")
    names = set()
    for line in gold[0].read_text(encoding="utf-8").splitlines():
        names |= set(json.loads(line))
    schema = json.loads(PLOVER_SCHEMA.read_text(encoding="utf-8"))
    assert set(schema["properties"]) - {"detente"} <= names
    assert set(schema["$defs"]["actor"]["properties"]) <= {"actorText", "code", "sector"}


def test_csv_and_parquet(db, tmp_path, capsys):
    assert main(["export", "--format", "csv", "--db", str(db)]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(captured.out.splitlines()))
    with Store(db, read_only=True) as store:
        n_happenings, n_events = len(store.dedup()), store.counts()["events"]
    assert len(rows) == n_happenings and "negated" in {r["factuality"] for r in rows}
    assert {"happening_id", "n_mentions", "n_articles", "n_sources", "event_ids"} <= set(rows[0])
    assert "record(s) written as csv" in captured.err
    out = tmp_path / "mentions.parquet"
    assert main(["export", "--format", "parquet", "--level", "mentions", "--db", str(db), "--out", str(out),
                 "--window-days", "0", "--since", "2024-01-01", "--until", "2024-12-31"]) == 0
    m = pd.read_parquet(out)
    assert len(m) == n_events and {"happening_id", "sentence", "trigger", "article_id"} <= set(m.columns)
    assert m.groupby("happening_id")["article_id"].nunique().max() == 2  # same-day reports only
    assert main(["export", "--format", "plover-jsonl", "--level", "mentions", "--db", str(db)]) == 1


def test_export_actor_filter(db, capsys):
    assert main(["export", "--format", "plover-jsonl", "--db", str(db), "--actor", "NATO"]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["event"] for r in recs] == ["REJECT"]
