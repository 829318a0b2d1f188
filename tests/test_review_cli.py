"""`detente review …` and --coder-only: corrections made on the command line show in events, exports
and relations; the reviewed articles export as gold that `detente eval` and the trainer's loader read."""
import json

import pytest

from detente.cli import main
from review_helpers import TEXT, coded, db, event_id  # noqa: F401 (fixtures)
from detente.eval_news import load_news
from detente import Store






def review(db, *argv, reviewer="ana"):
    return main(["review", *argv, "--db", str(db)] + (["--reviewer", reviewer] if reviewer else []))


def events_jsonl(db, capsys, *extra):
    capsys.readouterr()
    assert main(["events", "--db", str(db), "--format", "jsonl", *extra]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.fixture()
def reviewed(db, coded):
    assert review(db, "correct", event_id(coded, "SANCTION"), "--target", "Ukraine", "--factuality", "negated") == 0
    assert review(db, "reject", event_id(coded, "ACCUSE")) == 0
    assert review(db, "add", coded.article.id, "--trigger", "discuss", "--event", "CONSULT", "--source", "France",
                  "--target", "ITA") == 0
    return str(db)


def summary(records):
    return sorted((r["source"]["code"], r["event"], (r["target"] or {}).get("code"), r["factuality"],
                   r["evidence"]["trigger"], r["reviewed"]) for r in records)


def test_events_show_reviewed_reading_and_coder_only_the_raw(reviewed, capsys):
    assert summary(events_jsonl(reviewed, capsys)) == [
        ("FRA", "CONSULT", "ITA", "asserted", "discuss", True),
        ("FRA", "CONSULT", "ITA", "asserted", "met", False),
        ("SRB", "SANCTION", "UKR", "negated", "imposed sanctions", True)]
    assert summary(events_jsonl(reviewed, capsys, "--coder-only")) == [
        ("DEU", "ACCUSE", "TUR", "asserted", "criticised", False),
        ("FRA", "CONSULT", "ITA", "asserted", "met", False),
        ("SRB", "SANCTION", "RUS", "asserted", "imposed sanctions", False)]


def test_exports_and_relations_use_the_reviewed_reading(reviewed, capsys, tmp_path):
    out = tmp_path / "e.csv"
    assert main(["export", "--db", reviewed, "--format", "csv", "--out", str(out), "--factuality", "all"]) == 0
    text = out.read_text()
    assert "UKR" in text and "TUR" not in text
    assert main(["export", "--db", reviewed, "--format", "csv", "--out", str(out), "--factuality", "all",
                 "--coder-only"]) == 0
    assert "TUR" in out.read_text()
    capsys.readouterr()
    assert main(["top-dyads", "--db", reviewed, "--factuality", "all", "--format", "jsonl"]) == 0
    pairs = {tuple(sorted((r["actor_a"], r["actor_b"]))) for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert ("SRB", "UKR") in pairs and ("RUS", "SRB") not in pairs
    assert main(["top-dyads", "--db", reviewed, "--factuality", "all", "--format", "jsonl", "--coder-only"]) == 0
    pairs = {tuple(sorted((r["actor_a"], r["actor_b"]))) for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert ("RUS", "SRB") in pairs


def test_export_writes_gold_that_eval_and_training_read(reviewed, coded, tmp_path, capsys):
    gold = tmp_path / "mine.jsonl"
    assert review(reviewed, "export", "--out", str(gold), reviewer=None) == 0
    [rec] = [json.loads(line) for line in gold.read_text().splitlines()]
    assert (rec["id"], rec["date"], rec["url"], rec["text"]) == (coded.article.id, "2024-09-05",
                                                                 "https://example.org/review", TEXT)
    assert set(rec["events"][0]) == {"source", "target", "event", "mode", "factuality", "trigger", "sentence"}
    records, skipped = load_news(gold)  # what detente.coding.learned.train --extra reads
    assert skipped == []
    triples = sorted((e.source, e.event, e.target, e.factuality, e.trigger) for e in records[0].events)
    assert triples == [("FRA", "CONSULT", "ITA", "asserted", "discuss"), ("FRA", "CONSULT", "ITA", "asserted", "met"),
                       ("SRB", "SANCTION", "UKR", "negated", "imposed sanctions")]
    sanction = next(e for e in rec["events"] if e["event"] == "SANCTION")
    assert sanction["source"] == {"code": "SRB", "sector": "", "text": "Serbia"}
    assert sanction["target"] == {"code": "UKR", "sector": "", "text": "Ukraine"}
    only = tmp_path / "only.jsonl"
    assert review(reviewed, "export", "--out", str(only), "--reviewed-only", reviewer=None) == 0
    assert len(json.loads(only.read_text())["events"]) == 2
    capsys.readouterr()
    assert main(["eval", str(gold), "--coder", "rules", "--format", "json", "--misses", "5"]) == 0
    report = json.loads(capsys.readouterr().out)
    # the rules still code the coder's reading: the consultation matches (its two triggers are one
    # triple), the corrected sanction is a miss and the rejected accusation a false positive
    assert (report["gold_events"], report["coded_events"], report["matched"]) == (2, 3, 1)
    assert [m["gold"] for m in report["misses"]] == ["SRB SANCTION UKR (negated) «imposed sanctions»"]


def test_stats_count_verdicts_per_rule_and_model(reviewed, coded, capsys):
    assert review(reviewed, "confirm", event_id(coded, "CONSULT")) == 0
    capsys.readouterr()
    assert main(["review", "stats", "--db", reviewed, "--format", "jsonl"]) == 0
    rows = {r["rule"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    pick = lambda r: (r["events"], r["confirmed"], r["corrected"], r["rejected"], r["added"])  # noqa: E731
    assert pick(rows["lexicon:sanction.impose"]) == (1, 0, 1, 0, 0)
    assert pick(rows["lexicon:accuse.criticise"]) == (1, 0, 0, 1, 0)
    assert pick(rows["lexicon:consult.meet"]) == (1, 1, 0, 0, 0)
    assert pick(rows["added by reviewers (missed)"]) == (1, 0, 0, 0, 1)
    assert main(["review", "stats", "--db", reviewed, "--by", "model", "--format", "jsonl"]) == 0
    models = {r["model"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    lexicon = models[f"lexicon {coded.events[0].coder_version}"]
    assert (lexicon["events"], lexicon["reviewed"], lexicon["rejected_share"]) == (3, 3, pytest.approx(1 / 3, abs=1e-3))


def test_rejected_event_can_be_confirmed_again(reviewed, coded, capsys):
    accuse = event_id(coded, "ACCUSE")
    assert review(reviewed, "confirm", accuse) == 0
    assert ("DEU", "ACCUSE", "TUR", "asserted", "criticised", True) in summary(events_jsonl(reviewed, capsys))


@pytest.mark.parametrize("argv,message", [
    (["correct", "nope", "--target", "UKR"], "no event 'nope'"),
    (["add", "nope", "--trigger", "met", "--event", "CONSULT", "--source", "FRA"], "not in article nope"),
    (["correct", "@SANCTION", "--target", "Atlantis"], "unknown actor 'Atlantis'"),
])
def test_bad_reviews_exit_with_one_line(db, coded, capsys, argv, message):
    argv = [event_id(coded, "SANCTION") if a == "@SANCTION" else a for a in argv]
    capsys.readouterr()
    assert review(db, *argv) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("detente: error:") and message in err and "\n" not in err
    with Store(db, read_only=True) as s:
        assert s.con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_export_without_reviews_is_an_error(db, tmp_path, capsys):
    assert review(db, "export", "--out", str(tmp_path / "x.jsonl"), reviewer=None) == 1
    assert "no reviewed articles" in capsys.readouterr().err


def test_review_of_a_missing_store_creates_nothing(tmp_path, capsys):
    path = tmp_path / "typo.duckdb"
    assert review(path, "reject", "abc") == 1
    assert "no such store" in capsys.readouterr().err and not path.exists()


@pytest.mark.parametrize("argv,message", [
    (["--review"], "--review needs --reviewer NAME"),
    (["--review", "--reviewer", "ana", "--token", "short"], "at least 16 characters"),
    (["--reviewer", "ana"], "only with --review"),
    (["--review", "--reviewer", "ana", "--coder-only"], "cannot be coder-only"),
])
def test_serve_review_options_are_checked(db, capsys, argv, message):
    assert main(["serve", "--db", str(db), *argv]) == 1
    assert message in capsys.readouterr().err


def test_list_shows_every_review_with_who_and_what(reviewed, capsys):
    review(reviewed, "correct", "nope", "--factuality", "negated", reviewer="ben")  # refused: not listed
    capsys.readouterr()
    assert main(["review", "list", "--db", reviewed, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["id"], r["reviewer"], r["action"], r["target_code"]) for r in rows] == [
        (1, "ana", "correct", "UKR"), (2, "ana", "reject", "TUR"), (3, "ana", "add", "ITA")]
    assert rows[2]["trigger"] == "discuss" and rows[0]["coder_version"].startswith("detente-")
    assert main(["review", "list", "--db", reviewed, "--reviewer", "ben", "--format", "jsonl"]) == 0
    assert capsys.readouterr().out == ""
