"""The read-only JSON API (detente/web) over a small store written event by event, so that every
count below is known; and once over the founding article as coded, to check the highlighting of
real evidence spans."""
import datetime as dt
import json
import subprocess
import sys
import time
import urllib.request

import duckdb
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from conftest import ROOT
from serving import free_port
from detente.errors import StoreError
from detente.model import Actor, Article, Event, Evidence
from detente import code_sources
from detente.pipeline import CodedArticle
from detente import Store
from detente.web import create_app
from detente.web.present import locate_sentence, split_spans

def span(text, word, nth=0):
    at = -1
    for _ in range(nth + 1):
        at = text.index(word, at + 1)
    return at, at + len(word)


def event(art, sent_no, sentence_nth, kind, src, tgt, trigger, cameo, gold, quad, fact="asserted"):
    """An event whose evidence spans are found in the article text (sentence_nth-th occurrence of
    the sentence, so a repeated sentence is told apart by its offsets)."""
    text = art.text
    sentences = [s.strip() + "." for s in text.split(".") if s.strip()]
    sentence = sentences[sent_no]
    base = span(text, sentence, sentence_nth)[0]
    local = sentence

    def in_sentence(word):
        a = local.index(word) + base
        return a, a + len(word)
    s_span = in_sentence(src[1])
    t_span = in_sentence(tgt[1]) if tgt else None
    tr_span = in_sentence(trigger)
    source = Actor(src[0], name=src[1], cameo=src[0], text=src[1], start=s_span[0], end=s_span[1], reason="test")
    if src[0] == "NATO":
        source = Actor("IGO", org="NATO", name="NATO", cameo="IGOWSTNAT", text="NATO", start=s_span[0],
                       end=s_span[1], reason="test")
    target = None
    if tgt:
        target = Actor(tgt[0], name=tgt[1], cameo=tgt[0], text=tgt[1], start=t_span[0], end=t_span[1], reason="test")
        if tgt[0] == "NATO":
            target = Actor("IGO", org="NATO", name="NATO", cameo="IGOWSTNAT", text="NATO", start=t_span[0],
                           end=t_span[1], reason="test")
    ev = Evidence(sentence, trigger, s_span, t_span, tr_span, "test:" + kind.lower())
    return Event(art.id, sent_no, kind, source, target, ev, art.date, cameo=cameo, goldstein=gold, quad_class=quad,
                 factuality=fact)


def build_store(path):
    """Five written articles, seven events, every one known."""
    a1 = Article.make("Serbia will not impose sanctions on Russia. Serbia will not impose sanctions on Russia. "
                      "Hungary met Russia in Budapest.", dt.date(2024, 1, 10), title="Belgrade says no", source="Wire A")
    a2 = Article.make("NATO criticised Russia. Russia accused NATO of aggression.", dt.date(2024, 2, 15),
                      title="War of words", source="Wire B")
    a3 = Article.make("The United States imposed sanctions on Russia.", dt.date(2023, 6, 1), title="New sanctions")
    a4 = Article.make("Russia mobilised troops near the border.", dt.date(2024, 3, 20), title="Troops move")
    a5 = Article.make("Nothing happened today.", dt.date(2024, 3, 21), title="Quiet day")
    events = {
        a1.id: [event(a1, 1, 1, "SANCTION", ("SRB", "Serbia"), ("RUS", "Russia"), "impose sanctions", "163", -8.0, 4,
                      "negated"),
                event(a1, 2, 0, "CONSULT", ("HUN", "Hungary"), ("RUS", "Russia"), "met", "040", 1.0, 1)],
        a2.id: [event(a2, 0, 0, "ACCUSE", ("NATO", "NATO"), ("RUS", "Russia"), "criticised", "111", -2.0, 3),
                event(a2, 1, 0, "ACCUSE", ("RUS", "Russia"), ("NATO", "NATO"), "accused", "112", -2.0, 3)],
        a3.id: [event(a3, 0, 0, "SANCTION", ("USA", "United States"), ("RUS", "Russia"), "imposed sanctions", "163",
                      -8.0, 4)],
        a4.id: [event(a4, 0, 0, "MOBILIZE", ("RUS", "Russia"), None, "mobilised", "150", -7.2, 4)],
        a5.id: [],
    }
    arts = {a.id: a for a in (a1, a2, a3, a4, a5)}
    with Store(path) as store:
        store.write([CodedArticle(arts[i], [], evs, {"sentences": 3}) for i, evs in events.items()])
    return arts


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "world.duckdb"
    arts = build_store(db)
    app = create_app(db)
    with TestClient(app) as client:
        yield client, arts, app


def get(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    return r.json()


# -- events ---------------------------------------------------------------------------------
def test_events_newest_first_with_total_and_pages(world):
    client, *_ = world
    page = get(client, "/api/events")
    assert page["total"] == 6
    dates = [e["date"] for e in page["items"]]
    assert dates == sorted(dates, reverse=True) and dates[-1] == "2023-06-01"
    p2 = get(client, "/api/events?limit=2&offset=2")
    assert p2["total"] == 6 and [e["id"] for e in p2["items"]] == [e["id"] for e in page["items"][2:4]]
    oldest = get(client, "/api/events?order=oldest&limit=1")["items"][0]
    assert oldest["event"] == "SANCTION" and oldest["source"]["key"] == "USA"


@pytest.mark.parametrize("query, expected", [
    ("actor=NATO", {("NATO", "ACCUSE", "RUS"), ("RUS", "ACCUSE", "NATO")}),
    ("actor=igowstnat", {("NATO", "ACCUSE", "RUS"), ("RUS", "ACCUSE", "NATO")}),
    ("pair=NATO,RUS", {("NATO", "ACCUSE", "RUS"), ("RUS", "ACCUSE", "NATO")}),
    ("pair=NATO,RUS&directed=true", {("NATO", "ACCUSE", "RUS")}),
    ("event=sanction", {("SRB", "SANCTION", "RUS"), ("USA", "SANCTION", "RUS")}),
    ("event=SANCTION&factuality=negated", {("SRB", "SANCTION", "RUS")}),
    ("factuality=asserted&quad_class=4", {("USA", "SANCTION", "RUS"), ("RUS", "MOBILIZE", None)}),
    ("since=2024-02-01&until=2024-02-29", {("NATO", "ACCUSE", "RUS"), ("RUS", "ACCUSE", "NATO")}),
    ("q=MOBILISED", {("RUS", "MOBILIZE", None)}),
    ("actor=HUN&factuality=all", {("HUN", "CONSULT", "RUS")}),
    ("actor=FRA", set()),
])
def test_event_filters(world, query, expected):
    client, *_ = world
    page = get(client, "/api/events?" + query)
    got = {(e["source"]["key"], e["event"], e["target"]["key"] if e["target"] else None) for e in page["items"]}
    assert got == expected and page["total"] == len(expected)


def test_event_record_keeps_the_jsonl_contract_and_adds_names(world):
    client, *_ = world
    ev = get(client, "/api/events?actor=USA")["items"][0]
    assert set(ev) >= {"article_id", "sentence_index", "event", "mode", "context", "cameo", "goldstein", "quad_class",
                       "factuality", "speaker", "source", "target", "date", "location", "evidence", "id"}
    assert ev["source"]["label"] == "United States" and ev["target"]["label"] == "Russia"
    assert ev["article"]["title"] == "New sanctions" and ev["quad_name"] == "Material Conflict"
    assert get(client, f"/api/events/{ev['id']}") == ev


def test_repeated_sentence_is_highlighted_where_the_spans_are(world):
    """The negated sanction's sentence occurs twice; its spans are in the second copy."""
    client, arts, _ = world
    ev = get(client, "/api/events?factuality=negated")["items"][0]
    text = next(a.text for a in arts.values() if a.id == ev["article_id"])
    second = text.index(ev["evidence"]["sentence"], 1)
    assert second > 0 and ev["evidence"]["sentence_start"] == second
    pieces = ev["evidence"]["highlight"]
    assert "".join(p["text"] for p in pieces) == ev["evidence"]["sentence"]
    marked = {tuple(p["marks"]): p["text"] for p in pieces if p["marks"]}
    assert marked == {("source",): "Serbia", ("target",): "Russia", ("trigger",): "impose sanctions"}


def test_split_spans_shares_pieces_between_overlapping_marks():
    pieces = split_spans("Serbia's Deputy Prime Minister met", 10, [(10, 40, "source"), (10, 16, "target"),
                                                                     (41, 44, "trigger")])
    assert pieces == [{"text": "Serbia", "marks": ["source", "target"]},
                      {"text": "'s Deputy Prime Minister", "marks": ["source"]},
                      {"text": " ", "marks": []}, {"text": "met", "marks": ["trigger"]}]


def test_locate_sentence_tolerates_normalised_whitespace():
    text = "First line.\nRussia  met\nSerbia. Then more."
    assert locate_sentence(text, "Russia met Serbia.", [(12, 18)]) == (12, 31)
    assert locate_sentence(text, "Not in the text.", []) is None


# -- validation and errors --------------------------------------------------------------------
@pytest.mark.parametrize("url, param", [
    ("/api/events?limit=0", "limit"), ("/api/events?limit=201", "limit"), ("/api/events?offset=-1", "offset"),
    ("/api/events?event=FOO", "event"), ("/api/events?quad_class=5", "quad_class"),
    ("/api/events?factuality=maybe", "factuality"), ("/api/events?since=2024-13-01", "since"),
    ("/api/events?since=2024-02-01&until=2024-01-01", "since"), ("/api/events?since=1066-10-14", "since"),
    ("/api/events?actor=no%20spaces", "actor"), ("/api/events?pair=RUS", "pair"),
    ("/api/dyads/RUS/RUS", "b"), ("/api/dyads/RUS/NATO?period=day&since=2000-01-01", "period"),
    ("/api/dyads/RUS/NATO?period=fortnight", "period"),
    ("/api/alignment?actor=HUN&pole_a=RUS&pole_b=RUS", "pole_b"), ("/api/alignment?actor=HUN&pole_a=RUS", "pole_b"),
    ("/api/alignment?actor=HUN&pole_a=RUS&pole_b=EU;NATO", "pole_b"),
    ("/api/alignment?actor=HUN&pole_a=RUS&pole_b=USA&period=day&since=1990-01-01&until=2024-01-01", "period"),
])
def test_bad_parameters_get_a_json_error_naming_them(world, url, param):
    client, *_ = world
    body = get(client, url, 422)["error"]
    assert body["status"] == 422 and body["message"].startswith(param), body


def test_missing_things_are_json_404s_and_the_api_is_read_only(world):
    client, _, app = world
    assert get(client, "/api/events/0000", 404)["error"]["message"] == "no event 0000"
    assert get(client, "/api/articles/0000", 404)["error"]["status"] == 404
    assert get(client, "/api/actors/ZZZ", 404)["error"]["status"] == 404
    assert get(client, "/api/nothing", 404)["error"]["message"] == "not found"
    r = client.post("/api/events", json={})
    assert r.status_code == 405 and r.json()["error"]["status"] == 405
    with pytest.raises(duckdb.Error, match="read-only"):
        app.state.store.con.execute("CREATE TABLE intruder (x INTEGER)")


def test_cors_is_off_unless_asked_for(world, tmp_path):
    client, *_ = world
    r = client.get("/api/meta", headers={"Origin": "https://elsewhere.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    db = tmp_path / "cors.duckdb"
    build_store(db)
    with TestClient(create_app(db, cors_origins=["https://newsroom.example"])) as open_client:
        r = open_client.get("/api/meta", headers={"Origin": "https://newsroom.example"})
        assert r.headers["access-control-allow-origin"] == "https://newsroom.example"


# -- aggregates -------------------------------------------------------------------------------
def test_dyad_time_line_counts_asserted_happenings_by_quad_class(world):
    client, _, app = world
    d = get(client, "/api/dyads/rus/nato?period=month")
    assert (d["a"]["key"], d["b"]["name"]) == ("RUS", "North Atlantic Treaty Organization")
    assert [(s["period"], s["n"], s["quad"]["3"], s["types"]) for s in d["series"]] == [
        ("2024-02-01", 2, 2, {"ACCUSE": 2})]
    assert (d["total"], d["mentions"], d["n_ab"], d["n_ba"]) == (2, 2, 1, 1)
    assert d["mean_goldstein"] == pytest.approx(-2.0)
    # The same numbers as `detente relations` (Store.relations) over the whole store.
    ref = app.state.store.relations("RUS", "NATO", by="month")
    assert ref["events"].tolist() == [s["n"] for s in d["series"] if s["n"]]
    # A refused sanction is not a sanction: not counted unless asked for, but said to be there.
    refused = get(client, "/api/dyads/SRB/RUS")
    assert refused["total"] == 0 and refused["other_factuality"]["negated"] == 1
    everything = get(client, "/api/dyads/SRB/RUS?factuality=all&period=year")
    assert everything["total"] == 1 and everything["series"][0]["quad"]["4"] == 1


def test_dyad_merges_reports_of_the_same_act(tmp_path):
    db = tmp_path / "twice.duckdb"
    day1 = Article.make("Russia accused NATO of aggression.", dt.date(2024, 2, 15), source="Wire A")
    day2 = Article.make("Russia accused NATO of aggression again.", dt.date(2024, 2, 16), source="Wire B")
    with Store(db) as store:
        store.write([CodedArticle(a, [], [event(a, 0, 0, "ACCUSE", ("RUS", "Russia"), ("NATO", "NATO"), "accused",
                                                "112", -2.0, 3)], {}) for a in (day1, day2)])
    with TestClient(create_app(db)) as client:
        d = get(client, "/api/dyads/RUS/NATO")
        assert (d["total"], d["mentions"]) == (1, 2)
        assert get(client, "/api/events?pair=RUS,NATO")["total"] == 2


def test_dyad_series_is_dense_between_first_and_last_period(world):
    client, *_ = world
    d = get(client, "/api/dyads/RUS/NATO?period=week&since=2024-02-01&until=2024-02-29")
    assert [s["period"] for s in d["series"]] == ["2024-01-29", "2024-02-05", "2024-02-12", "2024-02-19",
                                                  "2024-02-26"]
    assert [s["n"] for s in d["series"]] == [0, 0, 2, 0, 0]


def test_network_edges_and_nodes(world):
    client, *_ = world
    net = get(client, "/api/network")
    keys = {n["key"] for n in net["nodes"]}
    assert keys == {"RUS", "NATO", "HUN", "USA"}  # Serbia's only event is negated
    edge = next(e for e in net["edges"] if {e["source"], e["target"]} == {"RUS", "NATO"})
    assert edge["n"] == 2 and edge["mean_goldstein"] == pytest.approx(-2.0)
    assert "SRB" in {n["key"] for n in get(client, "/api/network?factuality=all")["nodes"]}
    small = get(client, "/api/network?max_nodes=2")
    assert {n["key"] for n in small["nodes"]} == {"RUS", "NATO"} and small["dropped_nodes"] == 2
    assert {n["key"] for n in get(client, "/api/network?event=SANCTION")["nodes"]} == {"RUS", "USA"}


def test_actors_and_partners(world):
    client, *_ = world
    actors = get(client, "/api/actors?factuality=all")["items"]
    assert actors[0]["key"] == "RUS" and actors[0]["n"] == 6
    assert next(a for a in actors if a["key"] == "NATO")["kind"] == "organisation"
    assert [a["key"] for a in get(client, "/api/actors?name=hung")["items"]] == ["HUN"]
    rus = get(client, "/api/actors/rus")
    assert rus["name"] == "Russia" and rus["n"] == 5  # asserted only
    partners = {p["key"]: (p["n"], p["n_out"], p["n_in"]) for p in rus["partners"]}
    assert partners == {"NATO": (2, 1, 1), "HUN": (1, 0, 1), "USA": (1, 0, 1)}
    assert {p["partner"] for p in get(client, "/api/dyads?actor=SRB&factuality=all")["items"]} == {"RUS"}
    top = get(client, "/api/dyads")["items"][0]
    assert (top["a"], top["b"], top["n"]) == ("NATO", "RUS", 2)


def test_alignment_between_two_poles_is_detente_alignment(world):
    client, _, app = world
    al = get(client, "/api/alignment?actor=RUS&pole_a=HUN&pole_b=NATO&period=year")
    assert [p["key"] for p in al["poles"]] == ["HUN", "NATO"]
    ref = app.state.store.alignment("RUS", ["HUN", "NATO"], by="year")
    got = {(str(p["period"])[:4], k): v for p in al["series"] for k, v in p["poles"].items()}
    for r in ref.to_dict("records"):
        mine = got[(str(r["period_start"])[:4], r["pole"])]
        index = None if pd.isna(r["alignment_index"]) else r["alignment_index"]  # "no signal": null
        assert (mine["events"], mine["affinity"], mine["index"]) == (r["events"], r["affinity"], index)
    # Hungary met Russia; NATO and Russia accused each other, and the United States — in the NATO
    # bloc — sanctioned Russia: Russia leans to Hungary.
    assert al["overall"]["leaning"] == "HUN" and al["overall"]["poles"]["NATO"]["conflictual"] == 3


def test_a_refused_sanction_is_a_signal_towards_its_target(world):
    client, *_ = world
    al = get(client, "/api/alignment?actor=SRB&pole_a=RUS&pole_b=USA&period=month")
    assert al["overall"]["leaning"] == "RUS" and al["overall"]["poles"]["RUS"]["affinity"] > 0
    assert [p["period"] for p in al["series"]] == ["2024-01-01"]
    bloc = get(client, "/api/alignment?actor=HUN&pole_a=RUS&pole_b=EU,NATO")
    assert bloc["poles"][1]["name"].startswith("European Union bloc")


# -- articles, pages, meta --------------------------------------------------------------------
def test_article_with_all_its_events_and_marked_text(world):
    client, arts, _ = world
    a1 = next(a for a in arts.values() if a.title == "Belgrade says no")
    art = get(client, f"/api/articles/{a1.id}")
    assert art["text"] == a1.text and [e["event"] for e in art["events"]] == ["SANCTION", "CONSULT"]
    assert "".join(p["text"] for p in art["text_pieces"]) == a1.text
    triggers = {p["text"]: p["marks"] for p in art["text_pieces"] if p["marks"]}
    assert triggers == {"impose sanctions": [art["events"][0]["id"]], "met": [art["events"][1]["id"]]}
    listing = get(client, "/api/articles?q=belgrade")
    assert listing["total"] == 1 and listing["items"][0]["n_events"] == 2
    assert get(client, "/api/articles?limit=2")["total"] == 5


def test_meta_pages_and_api_reference(world):
    client, *_ = world
    m = get(client, "/api/meta")
    assert (m["articles"], m["events"], m["first_date"], m["last_date"]) == (5, 6, "2023-06-01", "2024-03-20")
    assert len(m["plover_types"]) == 16 and m["limits"]["page"] == 200
    for path in ("/", "/country/RUS", "/dyad/RUS/NATO", "/events", "/event/abc", "/article/abc", "/articles", "/docs"):
        r = client.get(path)
        assert r.status_code == 200 and '<script src="/static/app.js"' in r.text, path
        assert "default-src 'self'" in r.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200
    spec = get(client, "/openapi.json")
    assert {"/api/events", "/api/dyads/{a}/{b}", "/api/network", "/api/alignment"} <= set(spec["paths"])


def test_an_empty_store_answers_with_empty_lists(tmp_path):
    db = tmp_path / "empty.duckdb"
    Store(db).close()
    with TestClient(create_app(db)) as client:
        assert get(client, "/api/events")["total"] == 0
        assert get(client, "/api/network")["nodes"] == []
        assert get(client, "/api/dyads/SRB/RUS")["series"] == []
        assert get(client, "/api/meta")["first_date"] is None
    with pytest.raises(StoreError, match="no such store"):
        create_app(tmp_path / "missing.duckdb")


# -- the founding article, coded for real -----------------------------------------------------
def test_founding_article_spans_highlight_the_right_words(tmp_path):
    db = tmp_path / "seed.duckdb"
    with Store(db) as store:
        code_sources([str(ROOT / "examples" / "serbia_russia.jsonl")], store=store)
    with TestClient(create_app(db)) as client:
        items = get(client, "/api/events?limit=200")["items"]
        refused = get(client, "/api/events?pair=SRB,RUS&event=SANCTION&factuality=negated")["items"]
        art = get(client, f"/api/articles/{items[0]['article_id']}")
    assert refused, "the refused sanction must be listed, as negated"
    text = art["text"]
    for ev in items:
        evidence, pieces = ev["evidence"], ev["evidence"]["highlight"]
        start = evidence["sentence_start"]
        assert start is not None, evidence["sentence"]
        whole = "".join(p["text"] for p in pieces)
        assert text[start:start + len(whole)] == whole
        for role in ("source", "target", "trigger"):
            sp = evidence[f"{role}_span"]
            if sp is None or not (start <= sp[0] and sp[1] <= start + len(whole)):
                continue
            marked = "".join(p["text"] for p in pieces if role in p["marks"])
            assert marked == text[sp[0]:sp[1]], (role, ev["event"], marked)
    assert any(p["marks"] == ["trigger"] for ev in refused for p in ev["evidence"]["highlight"])


# -- the command ------------------------------------------------------------------------------
def test_detente_serve_answers_over_http(tmp_path):
    db = tmp_path / "serve.duckdb"
    build_store(db)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "detente", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        body = None
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/meta", timeout=2) as r:
                    body = json.load(r)
                    break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
        assert body is not None, proc.stderr.read() if proc.poll() is not None else "no answer"
        assert body["events"] == 6
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    missing = subprocess.run([sys.executable, "-m", "detente", "serve", "--db", str(tmp_path / "nope.duckdb")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no such store" in missing.stderr
