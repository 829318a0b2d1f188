"""The place of a wire dateline ("BELGRADE, Sept 5 (Reuters) -") is read into Article.dateline, stored,
shown by `detente events` and the API, and locates the events whose sentence names no place."""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from detente.batch import run
from detente.cli import main
from detente.ingest import ReadOptions, iter_sources
from detente import Store
from detente.store.schema import MIGRATIONS

BELGRADE = "BELGRADE, Sept 5 (Reuters) - Serbia condemned Kosovo over the arrest of two Serbian police officers."
TASS = "MOSCOW, February 7. /TASS/. Russia and China signed an agreement in Vladivostok."
PLAIN = "Serbia condemned Kosovo over the arrest of two Serbian police officers on the border."
VISIT = "MOSCOW (Reuters) - Russian President Vladimir Putin will visit Serbia next week."
TAIL = " The talks lasted three hours."


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """Three JSONL records (dates from metadata) and a .txt whose date comes from its dateline,
    coded into a store."""
    tmp = tmp_path_factory.mktemp("dateline")
    src = tmp / "wire.jsonl"
    recs = [{"id": "bel", "date": "2024-09-05", "text": BELGRADE + TAIL},
            {"id": "tass", "date": "2024-02-07", "text": TASS},
            {"id": "plain", "date": "2024-09-06", "text": PLAIN},
            {"id": "visit", "date": "2024-09-06", "text": VISIT}]
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    txt = tmp / "belgrade_wire.txt"
    txt.write_text(BELGRADE.replace("Sept 5", "Sept 9"), encoding="utf-8")
    db = tmp / "wire.duckdb"
    with Store(db) as store:
        summary = run([str(src), str(txt)], store, date=dt.date(2024, 12, 31))
    assert summary.articles_coded == 5 and summary.failures == 0
    return src, txt, db


def _by_external_id(db) -> dict:
    with Store(db, read_only=True) as s:
        rows = s.con.execute("SELECT external_id, id, dateline, date, date_origin FROM articles").fetchall()
    return {r[0]: r[1:] for r in rows}


def _events(db, article_id) -> list[dict]:
    with Store(db, read_only=True) as s:
        return s.con.execute("SELECT event, source_code, target_code, location_name, location_country, "
                             "location_origin FROM events WHERE article_id = ? ORDER BY id",
                             [article_id]).df().to_dict("records")


def test_readers_fill_the_dateline_place_whatever_gave_the_date(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"date": "2024-09-05", "text": BELGRADE}) + "\n"
                                      + json.dumps({"date": "2024-09-05", "text": PLAIN}) + "\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text('text,date\n"' + TASS + '",2024-02-07\n', encoding="utf-8")
    (tmp_path / "c.txt").write_text(TASS, encoding="utf-8")
    got = {(a.path.rsplit("/", 1)[-1], a.dateline, a.date_origin)
           for a in iter_sources([str(tmp_path)], options=ReadOptions(date=dt.date(2024, 12, 31)))}
    assert got == {("a.jsonl:1", "Belgrade", "metadata"), ("a.jsonl:2", "", "metadata"),
                   ("b.csv:2", "Moscow", "metadata"), ("c.txt", "Moscow", "dateline")}


def test_the_dateline_is_stored_and_not_part_of_the_id(coded):
    from detente.model import content_hash
    _, _, db = coded
    arts = _by_external_id(db)
    assert arts["bel"] == (content_hash(BELGRADE + TAIL), "Belgrade", dt.date(2024, 9, 5), "metadata")
    assert arts["tass"][1] == "Moscow"
    assert arts["plain"][1] is None  # no dateline, no place
    # the .txt has no metadata: its dateline gives the day (the year from --date) and the place
    assert arts["belgrade_wire"][1:] == ("Belgrade", dt.date(2024, 9, 9), "dateline")


def test_an_event_without_a_place_takes_the_datelines(coded):
    _, _, db = coded
    events = _events(db, _by_external_id(db)["bel"][0])
    hit = [e for e in events if e["event"] == "ACCUSE" and e["source_code"] == "SRB" and e["target_code"] == "XKX"]
    assert hit and all((e["location_name"], e["location_country"], e["location_origin"])
                       == ("Belgrade", "SRB", "dateline") for e in hit)


def test_a_place_the_sentence_names_wins_over_the_dateline(coded):
    _, _, db = coded
    events = _events(db, _by_external_id(db)["tass"][0])
    assert events and {(e["location_name"], e["location_origin"]) for e in events} == {("Vladivostok", "sentence")}


def test_no_dateline_no_place(coded):
    _, _, db = coded
    events = _events(db, _by_external_id(db)["plain"][0])
    assert [(e["event"], e["target_code"]) for e in events] == [("ACCUSE", "XKX")]
    assert events[0]["location_name"] is None and events[0]["location_origin"] is None


def test_a_visit_abroad_is_not_located_at_the_dateline(coded):
    _, _, db = coded
    events = _events(db, _by_external_id(db)["visit"][0])
    visit = [e for e in events if e["event"] == "CONSULT" and e["target_code"] == "SRB"]
    assert visit and visit[0]["location_name"] is None


def test_events_jsonl_and_api_show_the_origin_and_the_dateline(coded, capsys):
    from fastapi.testclient import TestClient

    from detente.web.app import create_app
    _, _, db = coded
    assert main(["events", "--db", str(db), "--format", "jsonl"]) == 0
    recs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    locs = {(r["location"] or {}).get("name"): (r["location"] or {}).get("origin") for r in recs}
    assert locs["Belgrade"] == "dateline" and locs["Vladivostok"] == "sentence"
    bel = _by_external_id(db)["bel"][0]
    with TestClient(create_app(db)) as client:
        art = client.get(f"/api/articles/{bel}").json()
    assert art["dateline"] == "Belgrade"
    assert {e["location"]["origin"] for e in art["events"]} == {"dateline"}


def test_dateline_locations_do_not_merge_untargeted_acts_of_two_stories(tmp_path):
    """Two stories filed from Belgrade about acts without a target are two happenings: the dateline is
    where they were written, not the place that would make them one act."""
    src = tmp_path / "two.jsonl"
    texts = ["BELGRADE (Reuters) - Serbia condemned the attack on its embassy.",
             "BELGRADE (Reuters) - Serbia condemned the attack on its consulate."]
    src.write_text("".join(json.dumps({"date": "2024-03-04", "text": t}) + "\n" for t in texts), encoding="utf-8")
    with Store(tmp_path / "two.duckdb") as store:
        run([str(src)], store)
        events = store.events()
        assert list(events["location_origin"]) == ["dateline", "dateline"]
        assert list(events["target_code"].isna()) == [True, True]
        assert len(store.dedup()) == 2


def test_a_store_from_before_the_migration_opens_and_gains_the_columns(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP "
                "DEFAULT current_timestamp)")
    con.execute(MIGRATIONS[0][1])
    con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [MIGRATIONS[0][0]])
    con.execute("INSERT INTO articles (id, date, text) VALUES ('old1', DATE '2020-01-01', 'Old text.')")
    con.execute("INSERT INTO events (id, article_id, sentence_index, event, source_code, date, location_name) "
                "VALUES ('e1', 'old1', 0, 'ACCUSE', 'SRB', DATE '2020-01-01', 'Belgrade')")
    con.close()
    # read-only (not migrated): listing events and the API's article view still work
    assert main(["events", "--db", str(db), "--format", "jsonl"]) == 0
    from fastapi.testclient import TestClient

    from detente.web.app import create_app
    with TestClient(create_app(db)) as client:
        art = client.get("/api/articles/old1").json()
    assert art["id"] == "old1" and art["dateline"] is None
    with Store(db) as store:  # opened for writing: migrated
        cols = {r[0] for r in store.con.execute("SELECT column_name FROM information_schema.columns "
                                                "WHERE table_name = 'articles'").fetchall()}
        assert "dateline" in cols
        assert store.con.execute("SELECT location_origin FROM events").fetchall() == [(None,)]
        names = [r[0] for r in store.con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]
        assert names == [name for name, _ in MIGRATIONS]
        assert "dateline" in store.articles().columns


def test_a_store_killed_right_after_its_migrations_opens_read_only(tmp_path):
    """The migration's ALTER TABLE must not stay in the write-ahead log: DuckDB replays it read-only
    only with an extension it would have to download (found by tests/test_crash_safety.py)."""
    import subprocess
    import sys
    db = tmp_path / "killed.duckdb"
    code = ("import os, signal, sys; from detente.store import Store; Store(sys.argv[1]); "
            "os.kill(os.getpid(), signal.SIGKILL)")
    assert subprocess.run([sys.executable, "-c", code, str(db)]).returncode == -9
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 0 and "dateline" in store.articles().columns


def test_the_dateline_is_parsed_apart_from_the_first_sentence():
    """'MOSCOW (Reuters) - Russia condemned …' once made MOSCOW a second subject and lost the event."""
    from detente import code_text
    for text in ("MOSCOW (Reuters) - Russia condemned the attack on its embassy on Tuesday.",
                 "WASHINGTON (Reuters) - President Joe Biden criticized China over its military drills."):
        story = text.split(" - ", 1)[1]
        with_dateline = [(e.source.cameo, e.event, e.target and e.target.cameo, e.evidence.trigger)
                         for e in code_text(text, "2023-05-01").events]
        alone = [(e.source.cameo, e.event, e.target and e.target.cameo, e.evidence.trigger)
                 for e in code_text(story, "2023-05-01").events]
        assert with_dateline == alone and with_dateline
