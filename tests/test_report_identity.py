"""Articles are reports, not texts (issue 14, item 1): the same text from a second outlet is a second
article and a new mention of the same happening; the same report read twice is stored once; stores
made before the change get report ids by migration 0003_report_identity."""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from detente.batch import run
from detente.cli import main
from detente.model import Article, content_hash, report_id
from detente import Store
from detente.store.schema import MIGRATIONS

WIRE = ("Serbia imposed sanctions on Kosovo on Monday after the arrest of two Serbian police officers. "
        "Officials in Belgrade said the measures would stay in place.")


def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def two_outlets(tmp_path_factory):
    """The same wire text under two outlets, the second eight days later (as syndication does)."""
    tmp = tmp_path_factory.mktemp("reports")
    src = _write(tmp / "wire.jsonl", [
        {"id": "w-1", "date": "2024-09-02", "source": "Wire One", "text": WIRE},
        {"id": "w-2", "date": "2024-09-10", "source": "Paper Two", "text": WIRE}])
    db = tmp / "reports.duckdb"
    with Store(db) as store:
        first = run([str(src)], store)
        again = run([str(src)], store)
    return src, db, first, again


def test_article_id_is_the_report_not_the_text():
    a = Article.make(WIRE, dt.date(2024, 9, 2), source="Wire One")
    b = Article.make(WIRE, dt.date(2024, 9, 2), source="Paper Two")
    c = Article.make(WIRE, dt.date(2024, 9, 2), source="wire one ")  # the outlet's case and spaces do not matter
    u = Article.make(WIRE, dt.date(2024, 9, 2), url="https://example.org/a", source="Wire One")
    plain = Article.make(WIRE, dt.date(2024, 9, 2))
    assert a.id != b.id and a.id == c.id and u.id not in (a.id, b.id)
    assert a.text_hash == b.text_hash == u.text_hash == plain.text_hash == content_hash(WIRE)
    assert plain.id == content_hash(WIRE)  # no outlet, no URL: the text alone, as before
    assert u.id == report_id(content_hash(WIRE), url="https://example.org/a")


def test_same_text_from_two_sources_is_two_articles_and_one_happening(two_outlets):
    """"On Monday" is 2 September in the first report and 9 September in the copy a week later: the
    copy still counts as a second mention of the same happening."""
    _, db, first, _ = two_outlets
    assert first.articles_coded == 2 and first.copies == 1
    assert "1 of them a copy of a text already met from another source" in first.line()
    with Store(db, read_only=True) as s:
        arts = s.articles()
        assert sorted(arts["source"]) == ["Paper Two", "Wire One"]
        assert arts["text_hash"].nunique() == 1 and arts["id"].nunique() == 2
        happ = s.dedup()
    sanction = happ[(happ["event"] == "SANCTION") & (happ["source_key"] == "SRB")]
    assert len(sanction) == 1, happ[["event", "source_key", "target_key", "date"]]
    row = sanction.iloc[0]
    assert (row["n_mentions"], row["n_articles"], row["n_sources"]) == (2, 2, 2)
    assert row["external_ids"] == ["w-1", "w-2"]


def test_rerunning_the_same_input_stores_nothing_twice(two_outlets):
    _, db, first, again = two_outlets
    assert again.articles_coded == 0 and again.articles_skipped == 2 and again.copies == 0
    with Store(db, read_only=True) as s:
        counts = s.counts()
    assert counts["articles"] == 2
    assert counts["events"] == first.events > 0


def test_the_exports_count_both_outlets(two_outlets, capsys):
    _, db, _, _ = two_outlets
    assert main(["export", "--db", str(db), "--format", "plover-jsonl"]) == 0
    recs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    sanction = [r for r in recs if r["event"] == "SANCTION"]
    assert len(sanction) == 1
    assert sanction[0]["detente"]["numSources"] == 2 and sanction[0]["detente"]["numMentions"] == 2
    assert main(["export", "--db", str(db), "--format", "gdelt"]) == 0
    from detente.export import gdelt_columns
    rows = [dict(zip(gdelt_columns(), line.split("\t"))) for line in capsys.readouterr().out.splitlines()]
    row = next(r for r in rows if r["EventRootCode"] == "16")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("2", "2", "2")


def test_a_store_made_before_gets_report_ids(tmp_path):
    """0003_report_identity: an article stored with the text hash as id (and its events and mentions)
    takes its report id; the same report read again is then recognised, not stored twice."""
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP "
                "DEFAULT current_timestamp)")
    for name, sql in MIGRATIONS[:2]:
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
    old = content_hash(WIRE)
    con.execute("INSERT INTO articles (id, source, url, date, text) VALUES (?, 'Wire One', '', DATE '2024-09-02', ?)",
                [old, WIRE])
    con.execute("INSERT INTO events (id, article_id, event) VALUES ('e1', ?, 'SANCTION')", [old])
    con.execute("INSERT INTO mentions (article_id, code) VALUES (?, 'SRB')", [old])
    con.close()
    new = Article.make(WIRE, dt.date(2024, 9, 2), source="Wire One").id
    with Store(db) as s:
        assert s.con.execute("SELECT id, text_hash FROM articles").fetchall() == [(new, old)]
        assert s.con.execute("SELECT article_id FROM events").fetchall() == [(new,)]
        assert s.con.execute("SELECT article_id FROM mentions").fetchall() == [(new,)]
        assert s.known_ids([new]) == {new} and s.known_texts([old]) == {old}
