"""The source outlet is known (issue 14, item 3): a CSV/JSONL `source` field (or the column named by
--source-col), a feed's title, else the URL's domain, else the dateline's agency fill the article's
source; `events`, `export`, the Python API and the web API filter on it, and an outlet no article
has is an error, not an empty answer."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from fastapi.testclient import TestClient

from detente import Store
from detente.cli import main
from detente.errors import QueryError
from detente.ingest import ReadOptions, iter_sources
from detente.ingest.readers import url_outlet

TALKS = "Chile signed a trade agreement with Peru."
PROTEST = "Greece criticized Turkey over the detention of two fishermen."
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Andes Daily</title>
<item><title>Trade</title><link>https://andes.example/trade</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>Chile signed a trade agreement with Bolivia, officials said on Tuesday in a long statement.</description>
</item></channel></rss>"""


def _sources(tmp_path, name, body, **options) -> list[str]:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    opts = ReadOptions(date=dt.date(2024, 3, 5), fetch=False, **options)
    return [a.source for a in iter_sources([str(path)], options=opts)]


def test_url_domain_is_the_outlet():
    assert url_outlet("https://www.bbc.co.uk/news/world-1") == "bbc.co.uk"
    assert url_outlet("http://abcnews.go.com:80/Politics/x") == "abcnews.go.com"
    assert url_outlet("") == "" and url_outlet("/data/a.txt") == ""


def test_readers_fill_the_source(tmp_path):
    assert _sources(tmp_path, "a.csv", f'text,date,url\n"{TALKS}",2024-03-05,https://www.tass.example/x\n') \
        == ["tass.example"]
    assert _sources(tmp_path, "b.csv", f'text,date,outlet\n"{TALKS}",2024-03-05,Harbour Times\n',
                    source_col="outlet") == ["Harbour Times"]
    assert _sources(tmp_path, "c.jsonl", json.dumps({"text": TALKS, "date": "2024-03-05", "source": "Wire One",
                                                      "url": "https://other.example/x"}) + "\n") == ["Wire One"]
    assert _sources(tmp_path, "d.jsonl", json.dumps({"text": TALKS, "date": "2024-03-05",
                                                      "url": "https://www.harbour.example/x"}) + "\n") \
        == ["harbour.example"]
    assert _sources(tmp_path, "e.rss", FEED) == ["Andes Daily"]
    assert _sources(tmp_path, "f.txt", "LIMA (Reuters) - " + TALKS) == ["Reuters"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("outlets")
    src = tmp / "news.csv"
    src.write_text("id,date,url,text\n"
                   f'a,2024-03-05,https://www.bbc.co.uk/news/1,"{TALKS}"\n'
                   f'b,2024-03-06,https://harbour.example/2,"{PROTEST}"\n', encoding="utf-8")
    path = tmp / "outlets.duckdb"
    assert main(["code", str(src), "--db", str(path), "--quiet"]) == 0
    return path


def test_events_and_export_filter_by_source(db, capsys):
    capsys.readouterr()
    assert main(["events", "--db", str(db), "--source", "bbc", "--format", "jsonl"]) == 0
    recs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert recs and {r["outlet"] for r in recs} == {"bbc.co.uk"} and {r["event"] for r in recs} == {"SUPPORT"}
    assert main(["export", "--db", str(db), "--format", "csv", "--source", "HARBOUR.example"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["outlet"] for r in rows} == {"harbour.example"} and {r["event"] for r in rows} == {"ACCUSE"}


def test_an_unknown_source_is_an_error(db, capsys):
    assert main(["events", "--db", str(db), "--source", "reuters"]) != 0
    err = capsys.readouterr().err
    assert "no article from source 'reuters'" in err and "bbc.co.uk" in err
    with Store(db, read_only=True) as s:
        assert set(s.events(source="bbc.co.uk")["event"]) == {"SUPPORT"}
        assert set(s.dedup(source="harbour")["event"]) == {"ACCUSE"}
        with pytest.raises(QueryError, match="sources stored"):
            s.events(source="reuters")


def test_web_api_filters_by_source(db):
    from detente.web import create_app
    with TestClient(create_app(db)) as client:
        r = client.get("/api/events", params={"source": "bbc"})
        assert r.status_code == 200
        body = r.json()
        items = body.get("events") or body.get("items") or []
        assert items and {e["event"] for e in items} == {"SUPPORT"}
        assert {(e["external_id"], e["outlet"]) for e in items} == {("a", "bbc.co.uk")}
