"""/api/map, the sector and place filters, and armed groups (IMG) in the network, over a small store
written event by event so that every count is known."""
import datetime as dt

import pytest
from fastapi.testclient import TestClient

from detente.actors.gazetteer import ACTOR_DIR, read_tsv
from detente.model import Actor, Article, Event, Evidence, Location
from detente.pipeline import CodedArticle
from detente import Store
from detente.web import create_app
from detente.store.filters import SECTOR_NAMES

ALEPPO = Location("Aleppo", "SYR", 36.20, 37.16)
MOSUL = Location("Mosul", "IRQ", 36.34, 43.13)
PARIS = Location("Paris", "FRA", 48.85, 2.35)


def _event(art, index, kind, src, tgt, trigger, gold, quad, place=None, fact="asserted"):
    sentence = art.text
    at = lambda word: (sentence.index(word), sentence.index(word) + len(word))  # noqa: E731
    source = Actor(src[0], org=src[1], sector=src[2], name=src[3], cameo=src[0] + src[2], text=src[3],
                   start=at(src[3])[0], end=at(src[3])[1], reason="test")
    target = Actor(tgt[0], org=tgt[1], sector=tgt[2], name=tgt[3], cameo=tgt[0] + tgt[2], text=tgt[3],
                   start=at(tgt[3])[0], end=at(tgt[3])[1], reason="test")
    ev = Evidence(sentence, trigger, at(src[3]), at(tgt[3]), at(trigger), "test")
    return Event(art.id, index, kind, source, target, ev, art.date, cameo="190", goldstein=gold, quad_class=quad,
                 factuality=fact, location=place)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("map") / "map.duckdb"
    day = dt.date(2017, 3, 1)
    texts = ["Russian troops shelled Aleppo.", "Islamic State fighters attacked Iraqi soldiers in Mosul.",
             "Al-Qaeda threatened France.", "The French government met Germany in Paris.",
             "France will not sanction Germany, Paris said."]
    a = [Article.make(t, day + dt.timedelta(days=i), title=f"t{i}") for i, t in enumerate(texts)]
    rus_mil, syr = ("RUS", "", "MIL", "Russian troops"), ("SYR", "", "", "Aleppo")
    isis, irq_mil = ("IMG", "ISIS", "REB", "Islamic State"), ("IRQ", "", "MIL", "Iraqi soldiers")
    aq, fra = ("IMG", "AQ", "REB", "Al-Qaeda"), ("FRA", "", "", "France")
    fra_gov, deu = ("FRA", "", "GOV", "French government"), ("DEU", "", "GOV", "Germany")
    events = [[_event(a[0], 0, "ASSAULT", rus_mil, syr, "shelled", -10.0, 4, ALEPPO)],
              [_event(a[1], 0, "ASSAULT", isis, irq_mil, "attacked", -10.0, 4, MOSUL)],
              [_event(a[2], 0, "THREATEN", aq, fra, "threatened", -7.0, 3)],
              [_event(a[3], 0, "CONSULT", fra_gov, deu, "met", 1.0, 1, PARIS)],
              [_event(a[4], 0, "SANCTION", fra, ("DEU", "", "", "Germany"), "sanction", -8.0, 4, PARIS, "negated")]]
    with Store(db) as store:
        store.write([CodedArticle(art, [], evs, {"sentences": 1}) for art, evs in zip(a, events)])
    with TestClient(create_app(db)) as c:
        yield c


def get(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    return r.json()


def test_map_counts_by_country_and_place(client):
    m = get(client, "/api/map")
    assert (m["factuality"], m["total"], m["located"]) == ("asserted", 4, 3)   # the threat has no place
    countries = {c["iso3"]: (c["n"], c["iso_numeric"], c["name"]) for c in m["countries"]}
    assert countries == {"SYR": (1, "760", "Syria"), "IRQ": (1, "368", "Iraq"), "FRA": (1, "250", "France")}
    places = {p["name"]: (p["iso3"], p["lat"], p["lon"], p["n"]) for p in m["places"]}
    assert places["Aleppo"] == ("SYR", 36.2, 37.16, 1) and set(places) == {"Aleppo", "Mosul", "Paris"}
    everything = get(client, "/api/map?factuality=all")
    assert {c["iso3"]: c["n"] for c in everything["countries"]}["FRA"] == 2   # the refused sanction too
    assert len(get(client, "/api/map?max_places=1")["places"]) == 1


@pytest.mark.parametrize("query, countries", [
    ("sector=MIL", {"SYR", "IRQ"}), ("sector=gov", {"FRA"}), ("sector=REB,GOV", {"IRQ", "FRA"}),
    ("sector=LAB", set()), ("event=ASSAULT&since=2017-03-02", {"IRQ"}),
])
def test_map_takes_the_event_filters(client, query, countries):
    assert {c["iso3"] for c in get(client, "/api/map?" + query)["countries"]} == countries


def test_events_by_place_and_sector(client):
    assert {e["event"] for e in get(client, "/api/events?place=fra")["items"]} == {"CONSULT", "SANCTION"}
    assert get(client, "/api/events?place=FRA&factuality=asserted")["total"] == 1
    assert [e["source"]["key"] for e in get(client, "/api/events?sector=REB")["items"]] == ["AQ", "ISIS"]


def test_network_keys_armed_groups_by_name_and_filters_by_sector(client):
    net = get(client, "/api/network")
    kinds = {n["key"]: (n["kind"], n["name"]) for n in net["nodes"]}
    assert kinds["ISIS"] == ("armed group", "Islamic State") and kinds["AQ"] == ("armed group", "al-Qaeda")
    assert "IMG" not in kinds and kinds["FRA"] == ("state", "France")
    reb = get(client, "/api/network?sector=REB")
    assert {(e["source"], e["target"]) for e in reb["edges"]} == {("AQ", "FRA"), ("IRQ", "ISIS")}
    mil = get(client, "/api/network?sector=MIL,mil")
    assert {(e["source"], e["target"]) for e in mil["edges"]} == {("RUS", "SYR"), ("IRQ", "ISIS")}


@pytest.mark.parametrize("url, message", [
    ("/api/map?sector=GOV,NAVY", "sector: unknown sector 'NAVY'"),
    ("/api/events?place=France", "place: String should match pattern"),
    ("/api/map?max_places=0", "max_places: Input should be greater than or equal to 1"),
])
def test_bad_filters_are_named(client, url, message):
    assert get(client, url, 422)["error"]["message"].startswith(message)


def test_sector_vocabulary_covers_the_data_and_the_pages_are_served(client):
    assert get(client, "/api/meta")["sectors"]["MIL"] == "military"
    used = {r["sector"] for r in read_tsv(ACTOR_DIR / "sectors.tsv")} | {
        r["sector"] for r in read_tsv(ACTOR_DIR / "armed_groups.tsv")}
    assert used <= set(SECTOR_NAMES)
    page = client.get("/map")
    assert page.status_code == 200 and "/static/map.js" in page.text
