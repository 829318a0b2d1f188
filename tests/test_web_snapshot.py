"""The in-memory snapshot of the events (detente/web/snapshot.py) answers as the SQL of
detente/web/queries.py: the same pages, counts, date ranges, actor, pair and period counts, and the
same word search (accents and case folded), on a store the test writes with every kind of value a
filter compares — missing dates, targets, tones and sectors, organisations, places, outlets, accents."""
import datetime as dt
import itertools
import random

import duckdb
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from detente.model import content_hash
from detente.store import Store
from detente.store.reviews import define_views
from detente.store.store import EVENT_COLUMNS, EVIDENCE_COLUMNS
from detente.web import create_app
from detente.web import queries as Q
from detente.web.snapshot import SQL, Snapshot

# (code, org, written name)
ACTORS = [("RUS", None, "Russia"), ("USA", None, "the United States"), ("SRB", None, "Serbia"),
          ("IGO", "NATO", "NATO"), ("IGO", "EU", "the EU"), ("CHN", None, "China"), ("POL", None, "Poland"),
          ("IMG", None, "militants"), ("HRV", None, "Croatia")]
WORDS = ["Vučić met", "VUCIC warned", "Łukasz signed", "the Straße closed", "talks on sanctions",
         "attacked a border post", "said nothing", "Søren agreed", "ĐOKOVIĆ praised"]
TYPES = [("CONSULT", 1.0, 1), ("ACCUSE", -2.0, 3), ("SANCTION", -8.0, 4), ("AID", 7.0, 2), ("AGREE", 8.0, 1)]
SECTORS = [None, "GOV", "MIL", "REB", "CVL"]


def write_store(path, n_articles=120, seed=3):
    """Articles of one to six events each over two years; some events lack a date, a target, a tone."""
    rng = random.Random(seed)
    articles, events, evidence = [], [], []
    for a in range(n_articles):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(730))
        sentences, rows = [], []
        for s in range(rng.randint(1, 6)):
            src, tgt = rng.sample(ACTORS, 2)
            words = rng.choice(WORDS)
            sentence = f"{src[2]} {words} {tgt[2]} ({a}-{s})."
            sentences.append(sentence)
            rows.append((s, src, tgt if rng.random() > 0.1 else None, sentence, rng.choice(TYPES)))
        text = " ".join(sentences)
        art_id = content_hash(text)
        articles.append((art_id, f"x-{a}", f"https://example.org/{a}", "", rng.choice(["Reuters", "bbc.co.uk", "tass.ru"]),
                         day, "metadata", f"Article {a}", text, "en", len(sentences), "test"))
        offset = 0
        for s, src, tgt, sentence, kind in rows:
            eid = content_hash(f"{art_id}|{s}")
            when = None if rng.random() < 0.03 else day + dt.timedelta(days=rng.choice([0, 0, -1, -400]))
            events.append({
                "id": eid, "article_id": art_id, "sentence_index": s, "event": kind[0], "mode": "", "context": "",
                "cameo": "010", "goldstein": None if rng.random() < 0.05 else kind[1] + rng.choice([0, 0.3, -0.7]),
                "quad_class": kind[2], "factuality": rng.choice(["asserted"] * 6 + ["negated", "future", "hypothetical"]),
                "speaker": None, "source_code": src[0], "source_org": src[1], "source_sector": rng.choice(SECTORS),
                "source_name": src[2], "source_cameo": src[0] + (src[1] or "GOV"), "source_reason": "test",
                "target_code": tgt[0] if tgt else None, "target_org": tgt[1] if tgt else None,
                "target_sector": rng.choice(SECTORS) if tgt else None, "target_name": tgt[2] if tgt else None,
                "target_cameo": (tgt[0] + (tgt[1] or "")) if tgt else None, "target_reason": "test" if tgt else None,
                "date": when, "date_origin": "article", "location_name": None,
                "location_country": rng.choice([None, "SYR", "UKR", "SRB"]), "lat": None, "lon": None,
                "geonames_id": None, "coder_version": "test"})
            at = offset
            evidence.append((eid, sentence, "met", at, at + len(src[2]), None, None, None, None, "test", None))
            offset += len(sentence) + 1
    with Store(path) as store:
        con = store.con
        con.register("art_df", pd.DataFrame(articles, columns=[
            "id", "external_id", "url", "path", "source", "date", "date_origin", "title", "text", "language",
            "n_sentences", "coder_version"]))
        con.register("ev_df", pd.DataFrame(events, columns=EVENT_COLUMNS))
        con.register("evi_df", pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS))
        con.execute("INSERT INTO articles (id, external_id, url, path, source, date, date_origin, title, text, "
                    "language, n_sentences, coder_version) SELECT * FROM art_df")
        con.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) SELECT * FROM ev_df")
        con.execute(f"INSERT INTO evidence ({', '.join(EVIDENCE_COLUMNS)}) SELECT * FROM evi_df")
    return len(events)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("snapshot") / "snap.duckdb"
    write_store(path)
    return path


def filters():
    keys = ["RUS", "USA", "SRB", "NATO", "EU", "CHN", "IMG", "HRV"]
    yield Q.EventFilter()
    for k in keys + ["RUSGOV", "IGO", "NOBODY"]:
        yield Q.EventFilter(actor=k)
        yield Q.EventFilter(actor=k, factuality="asserted", since=dt.date(2023, 9, 1), until=dt.date(2024, 6, 30))
    for a, b in itertools.combinations(keys[:5], 2):
        yield Q.EventFilter(pair=(a, b))
        yield Q.EventFilter(pair=(a, b), directed=True, until=dt.date(2024, 3, 1))
    for q in ["vucic", "VUČIĆ", "lukasz", "ŁUKASZ", "straße", "soren", "Đoković", "djokovic", "sanction", "zzz", "(1"]:
        yield Q.EventFilter(q=q)
        yield Q.EventFilter(q=q, actor="RUS", since=dt.date(2023, 6, 1))
    yield Q.EventFilter(event="SANCTION", quad_class=4)
    yield Q.EventFilter(factuality="negated")
    yield Q.EventFilter(sectors=("GOV", "MIL"))
    yield Q.EventFilter(sectors=("REB",), place="SYR")
    yield Q.EventFilter(source="bbc")
    yield Q.EventFilter(source="reuters", actor="NATO")
    yield Q.EventFilter(reviewed=False)
    yield Q.EventFilter(dyadic=True)
    yield Q.EventFilter(between=("RUS", ("USA", "NATO", "EU")), since=dt.date(2023, 5, 1))
    yield Q.EventFilter(since=dt.date(2030, 1, 1))


def _close(a, b):
    """Equal, floats to 1e-9: a mean DuckDB sums in its own order may differ in its last bit."""
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    return a == b


def test_the_snapshot_answers_as_the_sql(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        define_views(con)
        snap = Snapshot(con)
        assert snap.n == con.execute("SELECT count(*) FROM events").fetchone()[0]
        checked = 0
        for f in filters():
            for newest in (True, False):
                for limit, offset in ((50, 0), (7, 3), (5, 10_000)):
                    assert snap.page_ids(con, f, limit, offset, newest) == SQL.page_ids(con, f, limit, offset, newest), f
            assert snap.any_event(con, f) == SQL.any_event(con, f)
            assert snap.span(con, f) == SQL.span(con, f), f
            assert snap.actor_counts(con, f) == SQL.actor_counts(con, f), f
            for actor in {None, f.actor}:
                for limit in (None, 3):
                    assert _close(snap.pair_counts(con, f, actor, limit), SQL.pair_counts(con, f, actor, limit)), (f, actor)
            for period in Q.PERIODS:
                assert snap.actor_series(con, replace_actor(f), period) == SQL.actor_series(con, replace_actor(f), period)
            checked += 1
        assert checked > 60
        # the search folds as the SQL does, and finds something for each spelling
        for a, b in (("vucic", "VUČIĆ"), ("lukasz", "ŁUKASZ"), ("dokovic", "ĐOKOVIĆ"), ("soren", "SØREN")):
            found = snap.page_ids(con, Q.EventFilter(q=a), 200, 0)
            assert found[0] > 0 and found == snap.page_ids(con, Q.EventFilter(q=b), 200, 0)
    finally:
        con.close()


def replace_actor(f):
    return f if f.actor else Q.EventFilter(actor="RUS", since=f.since, until=f.until, q=f.q, sectors=f.sectors)


def test_the_api_answers_the_same_with_and_without_the_snapshot(db):
    urls = ["/api/events?limit=200", "/api/events?order=oldest&offset=7&limit=9", "/api/events?actor=NATO&limit=200",
            "/api/events?q=vucic&limit=200", "/api/events?q=%C5%81ukasz&since=2023-08-01",
            "/api/events?sector=GOV,MIL&place=SYR", "/api/events?source=bbc&factuality=negated",
            "/api/events?pair=RUS,USA&directed=true", "/api/actors?limit=500", "/api/actors?since=2024-01-01&name=r",
            "/api/actors/RUS", "/api/actors/NATO?factuality=all&limit=3&offset=1", "/api/actors/SRB/series?period=week",
            "/api/actors/USA/series?period=day&since=2023-03-01&until=2023-05-01", "/api/dyads?limit=500",
            "/api/dyads?actor=EU", "/api/dyads/RUS/USA?period=month", "/api/dyads/NATO/SRB?period=year&factuality=all",
            "/api/network?max_nodes=150", "/api/network?sector=REB&since=2023-06-01",
            "/api/alignment?actor=SRB&pole_a=RUS&pole_b=WEST&period=month",
            "/api/alignment?actor=POL&period=year&since=2023-01-01&until=2024-12-31"]
    with_snapshot, without = create_app(db), create_app(db)
    without.state.snapshot.max_entries = 0  # no snapshot: every question goes to DuckDB
    without.state.records.max_entries = 0  # and every record is made anew
    with TestClient(with_snapshot) as a, TestClient(without) as b:
        assert a.app.state.snapshot.lookup(("events snapshot",)) and not b.app.state.snapshot._answers
        urls += [f"/api/articles/{x['id']}" for x in a.get("/api/articles?limit=30").json()["items"]]
        urls += [f"/api/events/{x['id']}" for x in a.get("/api/events?limit=30&offset=40").json()["items"]]
        for url in urls:
            ra, rb = a.get(url), b.get(url)
            assert ra.status_code == rb.status_code == 200, (url, ra.text[:200], rb.text[:200])
            assert _close(ra.json(), rb.json()), url
