"""The learned coder's scores travel with each event's evidence: the JSONL contract
(`evidence.scores`), the store (evidence.scores, migration 0006_evidence_scores), the frames of
Store.events / dedup, `detente events`, `detente export` and the REST API. A rules-only event has
none (null). Sentences are invented for these tests."""
import csv
import datetime as dt
import io
import json

import duckdb
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from detente import Store, code_text
from detente.cli import main
from detente.model import Actor, Article, Event, Evidence
from detente.pipeline import CodedArticle
from detente.store.reviews import ReviewWriter
from detente.store.schema import MIGRATIONS
from detente.web import create_app

TEXT = "Moldova imposed sanctions on Belarus. Portugal praised Chile."
DAY = dt.date(2024, 3, 5)
SANCTION_SCORES = {"event": 0.91, "none": 0.05, "source": 0.88, "target": 0.7, "sentence": 0.8, "kept": 0.64}
PRAISE_SCORES = {"event": 0.77, "none": 0.12, "source": 0.93, "target": 0.81, "fallback": 0.55, "kept": 0.58}


def _event(article, sentence_index, kind, src, tgt, trigger, rule, scores=None):
    sentence = article.text.split(". ")[sentence_index].rstrip(".") + "."
    base = article.text.index(sentence)

    def at(word):
        a = base + sentence.index(word)
        return a, a + len(word)
    source = Actor(src[0], name=src[1], cameo=src[0], text=src[1], start=at(src[1])[0], end=at(src[1])[1])
    target = Actor(tgt[0], name=tgt[1], cameo=tgt[0], text=tgt[1], start=at(tgt[1])[0], end=at(tgt[1])[1])
    evidence = Evidence(sentence, trigger, at(src[1]), at(tgt[1]), at(trigger), rule)
    return Event(article.id, sentence_index, kind, source, target, evidence, article.date, cameo="163",
                 goldstein=-8.0, quad_class=4, extra={"scores": scores} if scores is not None else {})


@pytest.fixture(scope="module")
def article():
    return Article.make(TEXT, DAY, title="Invented wire", source="Test Wire")


@pytest.fixture(scope="module")
def events(article):
    model = _event(article, 0, "SANCTION", ("MDA", "Moldova"), ("BLR", "Belarus"), "imposed sanctions",
                   "model:test", SANCTION_SCORES)
    rules = _event(article, 1, "SUPPORT", ("PRT", "Portugal"), ("CHL", "Chile"), "praised", "lexicon:support.praise")
    return model, rules


@pytest.fixture(scope="module")
def db(tmp_path_factory, article, events):
    path = tmp_path_factory.mktemp("scores") / "scores.duckdb"
    with Store(path) as s:
        s.write([CodedArticle(article, [], list(events), {"sentences": 2})])
    return path


def _by_event(df):
    return {r["event"]: r for r in df.to_dict("records")}


# -- the JSONL contract ----------------------------------------------------------------------
def test_to_json_carries_the_model_scores_and_null_for_a_rules_event(events):
    model, rules = events
    assert model.to_json()["evidence"]["scores"] == SANCTION_SCORES
    assert rules.to_json()["evidence"]["scores"] is None
    # additive only: every field the evidence had is still there, named as before
    assert set(rules.to_json()["evidence"]) == {"sentence", "trigger", "source_span", "target_span",
                                                "trigger_span", "rule", "scores"}


def test_the_coders_own_events_carry_their_scores():
    """What the learned model codes carries its probabilities; the rules coder's events carry none."""
    combined = code_text("Moldova imposed sanctions on Belarus on Tuesday.", "2024-03-05", coder="combined")
    scored = [e.to_json()["evidence"]["scores"] for e in combined.events]
    assert scored and all(s is not None for s in scored)
    for s in scored:
        assert {"event", "source", "kept"} <= set(s)
        assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in s.values())
    json.dumps(scored)  # plain floats, writable as JSON
    rules = code_text("Moldova imposed sanctions on Belarus on Tuesday.", "2024-03-05", coder="rules")
    assert rules.events and all(e.to_json()["evidence"]["scores"] is None for e in rules.events)


# -- the store -------------------------------------------------------------------------------
def test_store_round_trip_keeps_the_scores(db, events):
    with Store(db, read_only=True) as s:
        df = s.events()
        stored = dict(s.con.execute("SELECT event_id, scores FROM evidence").fetchall())
    rows = _by_event(df)
    assert rows["SANCTION"]["scores"] == SANCTION_SCORES
    assert rows["SUPPORT"]["scores"] is None
    assert json.loads(stored[events[0].id]) == SANCTION_SCORES and stored[events[1].id] is None


def test_an_old_store_migrates_and_reads(tmp_path, article, events):
    """A store made before 0006_evidence_scores: read-only it reads (scores None); opened read-write
    it gains the column, its old rows stay NULL, and new rows keep their scores."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP "
                "DEFAULT current_timestamp)")
    for name, sql in MIGRATIONS:
        if name == "0006_evidence_scores":
            break
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
    model = events[0]
    ev = model.evidence
    con.execute("INSERT INTO articles (id, source, date, text, text_hash) VALUES (?, 'Test Wire', ?, ?, ?)",
                [article.id, DAY, article.text, article.text_hash])
    con.execute("INSERT INTO events (id, article_id, sentence_index, event, factuality, source_code, target_code, "
                "date) VALUES (?, ?, 0, 'SANCTION', 'asserted', 'MDA', 'BLR', ?)", [model.id, article.id, DAY])
    con.execute("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [model.id, ev.sentence, ev.trigger, *ev.source_span, *ev.target_span, *ev.trigger_span, ev.rule])
    con.close()

    with Store(path, read_only=True) as s:  # not migrated: the views give scores as NULL
        df = s.events()
    assert list(df["scores"]) == [None]
    assert main(["events", "--db", str(path), "--format", "jsonl"]) == 0

    other = Article.make("Portugal praised Chile.", DAY, source="Other Wire")
    praise = _event(other, 0, "SUPPORT", ("PRT", "Portugal"), ("CHL", "Chile"), "praised", "model:test",
                    PRAISE_SCORES)
    with Store(path) as s:
        assert "0006_evidence_scores" in {r[0] for r in s.con.execute("SELECT name FROM schema_migrations").fetchall()}
        s.write([CodedArticle(other, [], [praise], {"sentences": 1})])
        rows = _by_event(s.events())
    assert rows["SANCTION"]["scores"] is None and rows["SUPPORT"]["scores"] == PRAISE_SCORES


def test_a_correction_of_the_triple_drops_the_scores(tmp_path, article, events):
    """The scores are of the coder's (type, source, target): a reviewed reading that keeps them keeps
    the scores; one that changes them has none, even confirmed afterwards."""
    path = tmp_path / "reviewed.duckdb"
    sanction, praise = events
    with Store(path) as s:
        s.write([CodedArticle(article, [], list(events), {"sentences": 2})])
        w = ReviewWriter(s.con, "ana")
        w.review(sanction.id, "confirm")
        w.review(praise.id, "confirm")
        rows = _by_event(s.query_events())
        assert rows["SANCTION"]["scores"] == SANCTION_SCORES and rows["SUPPORT"]["scores"] is None
        w.review(sanction.id, "correct", {"factuality": "future"})
        assert _by_event(s.query_events())["SANCTION"]["scores"] == SANCTION_SCORES
        w.review(sanction.id, "correct", {"event": "THREATEN"})
        assert _by_event(s.query_events())["THREATEN"]["scores"] is None
        w.review(sanction.id, "confirm")
        assert _by_event(s.query_events())["THREATEN"]["scores"] is None
        w.review(sanction.id, "correct", {"event": "SANCTION", "target": "Ukraine"})
        assert _by_event(s.query_events())["SANCTION"]["scores"] is None
        w.review(sanction.id, "reject")
        w.review(sanction.id, "confirm")  # brings back the coder's reading, and its scores
        assert _by_event(s.query_events())["SANCTION"]["scores"] == SANCTION_SCORES
    with Store(path, read_only=True, coder_only=True) as s:
        assert _by_event(s.query_events())["SANCTION"]["scores"] == SANCTION_SCORES


# -- the command line and exports ------------------------------------------------------------
def test_detente_events_prints_the_scores(db, capsys):
    assert main(["events", "--db", str(db), "--format", "jsonl"]) == 0
    recs = {r["event"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert recs["SANCTION"]["evidence"]["scores"] == SANCTION_SCORES
    assert recs["SUPPORT"]["evidence"]["scores"] is None
    assert main(["events", "--db", str(db), "--format", "csv"]) == 0
    rows = {r["event"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert json.loads(rows["SANCTION"]["scores"]) == SANCTION_SCORES and rows["SUPPORT"]["scores"] == ""


def test_export_includes_the_scores(db, tmp_path, capsys):
    assert main(["export", "--db", str(db), "--format", "csv"]) == 0
    rows = {r["event"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert json.loads(rows["SANCTION"]["scores"]) == SANCTION_SCORES and rows["SUPPORT"]["scores"] == ""

    assert main(["export", "--db", str(db), "--format", "csv", "--level", "mentions"]) == 0
    rows = {r["event"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert json.loads(rows["SANCTION"]["scores"]) == SANCTION_SCORES

    out = tmp_path / "happenings.parquet"
    assert main(["export", "--db", str(db), "--format", "parquet", "--out", str(out)]) == 0
    frame = pd.read_parquet(out)
    got = dict(zip(frame["event"], frame["scores"]))
    assert json.loads(got["SANCTION"]) == SANCTION_SCORES and got["SUPPORT"] is None

    assert main(["export", "--db", str(db), "--format", "plover-jsonl"]) == 0
    recs = {r["detente"]["event"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert recs["SANCTION"]["detente"]["scores"] == SANCTION_SCORES
    assert recs["SUPPORT"]["detente"]["scores"] is None
    jsonschema = pytest.importorskip("jsonschema")
    from detente.export import load_plover_schema
    for rec in recs.values():
        jsonschema.validate(rec, load_plover_schema())


# -- the REST API ----------------------------------------------------------------------------
def test_the_api_returns_the_scores(db, events):
    with TestClient(create_app(db)) as client:
        page = client.get("/api/events").json()
        items = {e["event"]: e for e in page["items"]}
        assert items["SANCTION"]["evidence"]["scores"] == SANCTION_SCORES
        assert items["SUPPORT"]["evidence"]["scores"] is None
        one = client.get(f"/api/events/{events[0].id}").json()
        assert one["evidence"]["scores"] == SANCTION_SCORES
        art = client.get(f"/api/articles/{events[0].article_id}").json()
        assert {e["event"]: e["evidence"]["scores"] for e in art["events"]} == {"SANCTION": SANCTION_SCORES,
                                                                               "SUPPORT": None}
        download = client.get("/api/export?format=csv")
        rows = {r["event"]: r for r in csv.DictReader(io.StringIO(download.text))}
        assert json.loads(rows["SANCTION"]["scores"]) == SANCTION_SCORES
