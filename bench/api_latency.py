"""API latency on a store of 10,000 synthetic events (a benchmark, not a test).

Fills a fresh store with synthetic articles and events — rows inserted directly, no NLP — whose
evidence spans point into the article text as real ones do, then times the list, dyad, network,
actor, alignment and article endpoints in-process (FastAPI TestClient: routing, validation and JSON
included; no sockets; each answer computed anew, not taken from the answer cache) and prints
wall-clock p50/p95 and CPU time per endpoint. Goal: under 200 ms each for the list and dyad endpoints.

    .venv/bin/python bench/api_latency.py [--events 10000] [--repeat 30] [--db FILE]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from detente.model import content_hash  # noqa: E402
from detente.store import Store  # noqa: E402
from detente.store.store import EVENT_COLUMNS, EVIDENCE_COLUMNS  # noqa: E402

# (key, code, org, written name) — states and organisations, the first ones busier (Zipf-like weights).
ACTORS = [("RUS", "RUS", "", "Russia"), ("USA", "USA", "", "the United States"), ("UKR", "UKR", "", "Ukraine"),
          ("CHN", "CHN", "", "China"), ("SRB", "SRB", "", "Serbia"), ("DEU", "DEU", "", "Germany"),
          ("FRA", "FRA", "", "France"), ("EU", "IGO", "EU", "the European Union"), ("NATO", "IGO", "NATO", "NATO"),
          ("GBR", "GBR", "", "Britain"), ("POL", "POL", "", "Poland"), ("HUN", "HUN", "", "Hungary"),
          ("TUR", "TUR", "", "Turkey"), ("IRN", "IRN", "", "Iran"), ("ISR", "ISR", "", "Israel"),
          ("IND", "IND", "", "India"), ("JPN", "JPN", "", "Japan"), ("UN", "IGO", "UN", "the United Nations"),
          ("BRA", "BRA", "", "Brazil"), ("ZAF", "ZAF", "", "South Africa"), ("KOR", "KOR", "", "South Korea"),
          ("PRK", "PRK", "", "North Korea"), ("SAU", "SAU", "", "Saudi Arabia"), ("EGY", "EGY", "", "Egypt"),
          ("KAZ", "KAZ", "", "Kazakhstan"), ("GEO", "GEO", "", "Georgia"), ("ARM", "ARM", "", "Armenia"),
          ("AZE", "AZE", "", "Azerbaijan"), ("BLR", "BLR", "", "Belarus"), ("MDA", "MDA", "", "Moldova")]
# (PLOVER type, CAMEO, Goldstein, QuadClass, verb phrase written in the sentence)
TYPES = [("CONSULT", "040", 1.0, 1, "met"), ("SUPPORT", "051", 3.4, 1, "praised"),
         ("AGREE", "057", 8.0, 1, "signed an agreement with"), ("COOPERATE", "060", 6.0, 2, "cooperated with"),
         ("AID", "070", 7.0, 2, "sent aid to"), ("REQUEST", "020", 3.0, 1, "asked"),
         ("ACCUSE", "112", -2.0, 3, "accused"), ("REJECT", "120", -4.0, 3, "rejected a proposal by"),
         ("THREATEN", "130", -4.4, 3, "threatened"), ("PROTEST", "140", -6.5, 4, "protested against"),
         ("SANCTION", "163", -8.0, 4, "imposed sanctions on"), ("ASSAULT", "190", -10.0, 4, "attacked")]
FACTS = [("asserted", 0.85), ("negated", 0.08), ("future", 0.05), ("hypothetical", 0.02)]


def fill(path: Path, n_events: int, seed: int = 7) -> dict:
    """A store with n_events events over n_events / 5 articles spread across two years."""
    rng = random.Random(seed)
    weights = [1 / (i + 1) ** 0.9 for i in range(len(ACTORS))]
    start = dt.date(2023, 1, 1)
    articles, events, evidence = [], [], []
    n_articles = max(1, n_events // 5)
    for a in range(n_articles):
        day = start + dt.timedelta(days=rng.randrange(730))
        sentences, spans = [], []
        offset = 0
        for s in range(5 if a < n_articles - 1 else n_events - 5 * (n_articles - 1)):
            src, tgt = rng.choices(ACTORS, weights, k=2)
            while tgt == src:
                tgt = rng.choices(ACTORS, weights)[0]
            kind = rng.choice(TYPES)
            fact = rng.choices([f for f, _ in FACTS], [w for _, w in FACTS])[0]
            verb = kind[4] if fact == "asserted" else {"negated": "did not agree that it", "future": "will say it",
                                                        "hypothetical": "may say it"}[fact] + " " + kind[4]
            sentence = f"{src[3][0].upper() + src[3][1:]} {verb} {tgt[3]} on day {a}-{s}."
            s0 = offset
            src_span = (s0, s0 + len(src[3]))
            trig_at = s0 + sentence.index(kind[4])
            tgt_at = s0 + sentence.index(tgt[3], len(src[3]) + len(verb))
            sentences.append(sentence)
            spans.append((s, src, tgt, kind, fact, sentence, src_span, (tgt_at, tgt_at + len(tgt[3])),
                          (trig_at, trig_at + len(kind[4]))))
            offset += len(sentence) + 1
        text = " ".join(sentences)
        art_id = content_hash(text)
        articles.append((art_id, f"bench-{a}", f"https://example.org/{a}", "", f"Outlet {a % 40}", day, "metadata",
                         f"Synthetic article {a}", text, "en", len(sentences), "bench"))
        for s, src, tgt, kind, fact, sentence, ss, ts, tr in spans:
            eid = content_hash(f"{art_id}|{s}")
            events.append({"id": eid, "article_id": art_id, "sentence_index": s, "event": kind[0], "mode": "",
                           "context": "", "cameo": kind[1], "goldstein": kind[2], "quad_class": kind[3],
                           "factuality": fact, "speaker": None, "source_code": src[1], "source_org": src[2] or None,
                           "source_sector": "GOV", "source_name": src[3], "source_cameo": src[1] + (src[2] or "GOV"),
                           "source_reason": "bench", "target_code": tgt[1], "target_org": tgt[2] or None,
                           "target_sector": None, "target_name": tgt[3], "target_cameo": tgt[1] + tgt[2],
                           "target_reason": "bench", "date": day, "date_origin": "article", "location_name": None,
                           "location_country": None, "lat": None, "lon": None, "geonames_id": None,
                           "coder_version": "bench"})
            evidence.append((eid, sentence, kind[4], ss[0], ss[1], ts[0], ts[1], tr[0], tr[1], "bench"))
    art_df = pd.DataFrame(articles, columns=["id", "external_id", "url", "path", "source", "date", "date_origin",
                                             "title", "text", "language", "n_sentences", "coder_version"])
    ev_df = pd.DataFrame(events, columns=EVENT_COLUMNS)
    evi_df = pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS)
    with Store(path) as store:
        con = store.con
        con.register("art_df", art_df)
        con.register("ev_df", ev_df)
        con.register("evi_df", evi_df)
        con.execute(f"INSERT INTO articles ({', '.join(art_df.columns)}) SELECT * FROM art_df")
        con.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) SELECT * FROM ev_df")
        con.execute(f"INSERT INTO evidence ({', '.join(EVIDENCE_COLUMNS)}) SELECT * FROM evi_df")
        counts = store.counts()
    return {**counts, "an_article": articles[len(articles) // 2][0]}


def measure(client, url: str, repeat: int) -> tuple[float, float, float, int]:
    """Wall-clock p50 and p95, and the median CPU time of the process per request: on a shared
    machine other jobs inflate wall time, CPU time says what the request itself costs. The server's
    answer cache is emptied before each request (its other caches — records, snapshot, happenings —
    stay, as they do for a new question)."""
    client.get(url)  # warm up (first-use caches, query plans)
    times, cpu = [], []
    for _ in range(repeat):
        client.app.state.cache.clear()  # the answer is computed each time, as for a new question
        t0, c0 = time.perf_counter(), time.process_time()
        r = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}: {r.text[:200]}")
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, statistics.median(cpu), len(r.content)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--db", help="store to create (default: a temporary file)")
    args = ap.parse_args(argv)

    from fastapi.testclient import TestClient
    from detente.web import create_app

    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "bench.duckdb"
    if db.exists():
        raise SystemExit(f"{db} exists; give a new path")
    t0 = time.perf_counter()
    info = fill(db, args.events)
    print(f"filled {db.name}: {info['articles']} articles, {info['events']} events "
          f"in {time.perf_counter() - t0:.1f} s")
    endpoints = [
        ("events, first page", "/api/events?limit=50"),
        ("events, actor=RUS", "/api/events?actor=RUS&limit=50"),
        ("events, pair + type", "/api/events?pair=RUS,USA&event=SANCTION&limit=50"),
        ("events, text search", "/api/events?q=sanctions&limit=50"),
        ("events, deep page", "/api/events?limit=50&offset=9000"),
        ("dyad time line (month)", "/api/dyads/RUS/USA?period=month"),
        ("dyad time line (week)", "/api/dyads/RUS/UKR?period=week"),
        ("dyads of RUS", "/api/dyads?actor=RUS"),
        ("top dyads", "/api/dyads"),
        ("network", "/api/network"),
        ("actor page RUS", "/api/actors/RUS"),
        ("actors", "/api/actors"),
        ("alignment SRB RUS/WEST", "/api/alignment?actor=SRB&pole_a=RUS&pole_b=WEST&period=month"),
        ("article", f"/api/articles/{info['an_article']}"),
    ]
    with TestClient(create_app(db)) as client:
        print(f"\n{'endpoint':<26} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8} {'bytes':>8}")
        worst = 0.0
        for name, url in endpoints:
            p50, p95, cpu, size = measure(client, url, args.repeat)
            worst = max(worst, p95)
            print(f"{name:<26} {p50:8.1f} {p95:8.1f} {cpu:8.1f} {size:8d}")
    print(f"\nslowest p95: {worst:.1f} ms (goal: under 200 ms); load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
