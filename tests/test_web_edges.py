"""The web API's edges: time ranges taken from where the data is (one event dated 1972 in a 2017 store
does not stretch a time line), an actor's series, paged partners, downloads of a filter, search that
ignores accents, HEAD, a NUL in a path, no server path in an answer, the answer cache, and
`detente serve --workers`. The store is written event by event, so every count is known."""
import datetime as dt
import http.client
import io
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from conftest import ROOT
from serving import free_port, serving
from detente.model import Actor, Article, Event, Evidence
from detente.pipeline import CodedArticle
from detente import Store
from detente.web import create_app

SECRET_DIR = "/srv/detente-secret/inbox"
NAMES = {"USA": "the United States", "CHN": "China", "SRB": "Serbia", "RUS": "Russia"}


def coded(day: dt.date, sentence: str, kind: str, src: str, tgt: str, trigger: str, gold: float, quad: int,
          event_day: dt.date | None = None, **article) -> CodedArticle:
    """An article of one sentence with one event between two states named in it."""
    art = Article.make(sentence, day, title=sentence[:40], path=f"{SECRET_DIR}/{day}-{src}.txt", **article)

    def actor(code):
        at = sentence.index(NAMES[code])
        return Actor(code, name=NAMES[code], cameo=code, text=NAMES[code], start=at, end=at + len(NAMES[code]),
                     reason="test")
    s, t, at = actor(src), actor(tgt), sentence.index(trigger)
    ev = Evidence(sentence, trigger, (s.start, s.end), (t.start, t.end), (at, at + len(trigger)), "test")
    event = Event(art.id, 0, kind, s, t, ev, event_day or day, cameo="040", goldstein=gold, quad_class=quad)
    return CodedArticle(art, [], [event], {"sentences": 1})


def build(path):
    """Twelve months of US–China meetings in 2017 (one a month), one of them dated 1972 by its
    sentence; Serbia and Russia in two articles, one naming Vučić; an article dated 2051."""
    batch = [coded(dt.date(2017, m, 15), f"China met the United States in round {m}.", "CONSULT", "CHN", "USA",
                   "met", 1.0, 1) for m in range(1, 13)]
    batch.append(coded(dt.date(2017, 5, 2), "In 1972 the United States met China in Beijing.", "CONSULT", "USA",
                       "CHN", "met", 1.0, 1, event_day=dt.date(1972, 2, 21)))
    batch.append(coded(dt.date(2017, 6, 1), "Serbia, said Vučić, rejected Russia on gas.", "REJECT", "SRB", "RUS",
                       "rejected", -4.0, 3))
    batch.append(coded(dt.date(2017, 7, 1), "Serbia praised Russia for its help.", "COOPERATE", "SRB", "RUS",
                       "praised", 3.4, 1))
    batch.append(coded(dt.date(2051, 1, 1), "China met the United States again.", "CONSULT", "CHN", "USA", "met",
                       1.0, 1, event_day=dt.date(2017, 12, 20)))
    with Store(path) as store:
        store.write(batch)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("edges") / "edges.duckdb"
    build(path)
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def ok(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    return r.json()


# -- time -----------------------------------------------------------------------------------
def test_a_time_line_covers_where_the_data_is_not_one_stray_date(client):
    d = ok(client, "/api/dyads/USA/CHN?period=week")
    assert d["range"]["since"] == "2017-01-15" and d["range"]["until"] == "2017-12-20"
    assert d["range"]["from_data"] == ["since", "until"] and d["range"]["outside"] == 1
    assert d["series"][0]["period"] == "2017-01-09" and len(d["series"]) == 50
    assert d["total"] == 13  # the 1972 meeting is outside the range, so not counted
    # Asked for, the old date is there: by year from 1970, 48 points, 1972 holding one happening.
    old = ok(client, "/api/dyads/USA/CHN?period=year&since=1970-01-01")
    assert old["range"]["since"] == "1970-01-01" and old["range"]["from_data"] == ["until"]
    assert len(old["series"]) == 48 and old["series"][2] == {**old["series"][2], "period": "1972-01-01", "n": 1}
    assert old["total"] == 14


def test_days_over_decades_are_refused_only_when_the_caller_chose_the_dates(client):
    r = client.get("/api/dyads/USA/CHN?period=day&since=1970-01-01")
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("period:")
    assert len(ok(client, "/api/dyads/USA/CHN?period=day")["series"]) == 340


def test_the_footer_range_is_the_articles_range_outliers_set_aside(client):
    m = ok(client, "/api/meta")
    assert m["articles_range"] == {"first": "2017-01-15", "last": "2017-12-15", "outside": 1}
    assert (m["first_date"], m["last_date"]) == ("2017-01-15", "2017-12-20")
    assert m["events_range"]["outside"] == 1


def test_alignment_defaults_to_where_the_events_are(client):
    a = ok(client, "/api/alignment?actor=SRB&pole_a=RUS&pole_b=USA&period=month")
    assert a["range"]["since"] == "2017-06-01" and a["range"]["until"] == "2017-07-01"
    assert [p["period"] for p in a["series"]] == ["2017-06-01", "2017-07-01"]


# -- country pages and downloads ---------------------------------------------------------------
def test_an_actor_series_counts_its_events_and_tone_per_period(client):
    s = ok(client, "/api/actors/SRB/series?period=month")
    assert [p["period"] for p in s["series"]] == ["2017-06-01", "2017-07-01"]
    june, july = s["series"]
    assert (june["n"], june["n_source"], june["mean_goldstein"], june["quad"]["3"]) == (1, 1, -4.0, 1)
    assert (july["n"], july["mean_goldstein"], july["quad"]["1"]) == (1, 3.4, 1)
    usa = ok(client, "/api/actors/USA/series?period=year")
    assert usa["range"]["outside"] == 1 and [p["n"] for p in usa["series"]] == [13]
    assert client.get("/api/actors/XYZ/series").status_code == 404


def test_partners_are_paged(client):
    first = ok(client, "/api/actors/USA?limit=1")
    assert first["partners_total"] == 1 and [p["key"] for p in first["partners"]] == ["CHN"]
    assert ok(client, "/api/actors/USA?limit=1&offset=1")["partners"] == []


def test_export_gives_the_filtered_events_in_each_format(client):
    r = client.get("/api/export?format=csv&pair=SRB,RUS")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = pd.read_csv(io.StringIO(r.text))
    assert sorted(rows["event"]) == ["COOPERATE", "REJECT"]
    parquet = client.get("/api/export?format=parquet&actor=USA&since=2017-03-01&until=2017-04-30")
    frame = pd.read_parquet(io.BytesIO(parquet.content))
    assert len(frame) == 2 and set(frame["event"]) == {"CONSULT"}
    gdelt = client.get("/api/export?format=gdelt&pair=SRB,RUS").text.splitlines()
    assert len(gdelt) == 2 and all(len(line.split("\t")) == 61 for line in gdelt)
    bad = client.get("/api/export?format=gdelt&level=mentions")
    assert bad.status_code == 422 and bad.json()["error"]["message"].startswith("level:")
    assert SECRET_DIR not in r.text and SECRET_DIR not in client.get("/api/export?format=plover-jsonl").text


# -- search -----------------------------------------------------------------------------------
@pytest.mark.parametrize("q", ["Vučić", "Vucic", "VUCIC", "vučić"])
def test_search_ignores_accents_and_case(client, q):
    found = ok(client, f"/api/events?q={q}")
    assert [e["event"] for e in found["items"]] == ["REJECT"]
    assert ok(client, f"/api/articles?q={q}")["total"] == 1


# -- edges ------------------------------------------------------------------------------------
def test_no_server_path_leaves_the_server(client):
    for e in ok(client, "/api/events?limit=200")["items"]:
        art = client.get(f"/api/articles/{e['article_id']}")
        assert "path" not in art.json() and SECRET_DIR not in art.text
        assert SECRET_DIR not in client.get(f"/api/events/{e['id']}").text


def test_head_works_where_get_does(client):
    for url in ("/", "/events", "/dyad/USA/CHN", "/api/meta", "/api/dyads/USA/CHN", "/static/app.js"):
        get, head = client.get(url), client.head(url)
        assert head.status_code == 200 == get.status_code, url
        assert head.content == b"" and head.headers["content-length"] == get.headers["content-length"], url
    assert client.head("/api/events/doesnotexist").status_code == 404


@pytest.mark.parametrize("url", ["/static/%00", "/static/a%00b.js", "/api/events/%00", "/%00", "/static/%0a"])
def test_control_characters_in_a_path_are_not_found_not_a_crash(client, url):
    r = client.get(url)
    assert r.status_code in (404, 422) and r.json()["error"]["status"] == r.status_code


def test_heavy_answers_are_computed_once_per_store_state(db):
    with TestClient(create_app(db)) as c:
        cache = c.app.state.cache
        first = c.get("/api/network").content
        assert (cache.hits, cache.misses) == (0, 1)
        assert c.get("/api/network").content == first and cache.hits == 1
        c.get("/api/dyads/USA/CHN?period=month&event=CONSULT")
        c.get("/api/dyads/USA/CHN?event=CONSULT&period=month")  # same question, other order
        assert (cache.hits, cache.misses) == (2, 2)
        stat = os.stat(db)
        os.utime(db, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # the store changed
        assert c.get("/api/network").content == first and cache.misses == 3


def test_every_read_only_answer_is_kept_but_errors_and_downloads_are_not(db):
    from detente.web.cache import query_key
    assert query_key("/api/events", b"b=1&a=2") == query_key("/api/events", b"a=2&b=1")
    assert query_key("/api/events", b"q=a%20b") == query_key("/api/events", b"q=a+b")
    assert query_key("/api/events", b"a=1&a=2") != query_key("/api/events", b"a=2&a=1")  # the last one counts
    app = create_app(db)
    app.state.records.max_entries = 3  # fewer than the events: records are made as pages ask for them
    with TestClient(app) as c:
        cache = c.app.state.cache
        first = c.get("/api/events?limit=2&actor=USA")
        assert c.get("/api/events?actor=USA&limit=2").content == first.content and cache.hits == 1
        assert c.get("/api/events?limit=2&actor=USA&limit=3").json()["limit"] == 3  # another question
        for _ in range(2):  # an error is answered again, not kept
            assert c.get("/api/events?actor=Russia").status_code == 422
        assert c.get("/api/export?actor=USA&format=csv").status_code == 200
        kept = len(cache._answers)
        assert c.get("/api/export?actor=USA&format=csv").status_code == 200 and len(cache._answers) == kept
        assert all(not key[0].startswith("/api/export") for key in cache._answers)
        # the events' records are made once: a longer page reuses the three the page of 3 made
        records = c.app.state.records
        hits, misses = records.hits, records.misses
        longer = c.get("/api/events?limit=4&actor=USA").json()
        assert [e["id"] for e in longer["items"][:2]] == [e["id"] for e in first.json()["items"]]
        made = min(3, longer["total"])
        assert records.hits - hits == made and records.misses - misses == min(4, longer["total"]) - made
    # when they all fit, every event's record is made as the server starts: a first page finds them all
    with TestClient(create_app(db)) as c:
        records = c.app.state.records
        n = c.get("/api/meta").json()["events"]
        assert len(records._answers) == n
        page = c.get("/api/events?limit=4").json()
        assert records.misses == 0 and records.hits == min(4, n) == len(page["items"])
        assert c.get(f"/api/events/{page['items'][0]['id']}").json() == page["items"][0]


def test_a_nul_in_the_path_keeps_the_connection_alive(db):
    with serving(db) as url:
        where = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        for path in ("/static/%00", "/static/app.js", "/static/%00", "/api/meta"):
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            assert r.status == (404 if "%00" in path else 200), path
            assert r.getheader("connection") != "close", path
        conn.request("HEAD", "/")
        assert conn.getresponse().status == 200
        conn.close()


def test_serve_with_several_workers(db):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "detente", "serve", "--db", str(db), "--port", str(port),
                             "--workers", "2"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/dyads/USA/CHN", timeout=5) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()[-500:]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        for _ in range(6):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/meta", timeout=10) as r:
                assert r.status == 200
    finally:
        proc.terminate()
        proc.wait(20)
    bad = subprocess.run([sys.executable, "-m", "detente", "serve", "--db", str(db), "--workers", "0"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "--workers 0" in bad.stderr


def test_one_bound_given_the_other_comes_from_the_events_within_it(client):
    old = ok(client, "/api/actors/USA/series?period=year&until=1980-12-31")
    assert old["range"]["since"] == "1972-02-21" and old["range"]["from_data"] == ["since"]
    assert [p["n"] for p in old["series"]][:1] == [1] and len(old["series"]) == 9
    assert ok(client, "/api/dyads/USA/CHN?since=2030-01-01")["series"] == []
