"""Load test of `detente serve` on loopback: many concurrent clients for a fixed time.

    .venv/bin/python bench/load_test.py                       # 50 clients, 30 s, 10,000 events
    .venv/bin/python bench/load_test.py --clients 10 --seconds 5
    .venv/bin/python bench/load_test.py --workers 2               # detente serve --workers 2
    .venv/bin/python bench/load_test.py --vary                    # every request asks something else

Fills a store with synthetic events (bench/api_latency.py's `fill`), starts `detente serve` on a free
loopback port as a separate process (as in production: uvicorn, ``--workers`` processes), and runs ``--clients``
asyncio clients (httpx), each requesting a mix of API endpoints back to back for ``--seconds``.
By default the mix is 15 fixed URLs, so after their first answers the server's answer cache serves
them; ``--vary`` draws each request's actor, pair, event, article, page, period, dates and search
word at random from what the store holds (thousands of different questions, most asked once),
which measures computing the answers, not only serving them.
The clients start once every worker process listens (they keep their connections, which are spread
over the workers as they connect) and each endpoint of the mix has been asked a few times (warm-up,
not counted). Prints requests per second, latency percentiles per endpoint and
overall, and every error (a non-200 answer or a failed connection). Exit code 1 when there was any error.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))


def urls(db: Path) -> list[tuple[str, str]]:
    """(name, url) of the request mix: lists, filters, one event, one article, aggregates."""
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        event_id = con.execute("SELECT id FROM events ORDER BY id LIMIT 1 OFFSET 100").fetchone()[0]
        article_id = con.execute("SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET 50").fetchone()[0]
    finally:
        con.close()
    return [
        ("meta", "/api/meta"),
        ("events", "/api/events?limit=50"),
        ("events?actor", "/api/events?actor=RUS&limit=50&offset=100"),
        ("events?q", "/api/events?q=sanction&since=2023-06-01"),
        ("event", f"/api/events/{event_id}"),
        ("article", f"/api/articles/{article_id}"),
        ("articles", "/api/articles?limit=50"),
        ("actors", "/api/actors?limit=100"),
        ("actor", "/api/actors/SRB"),
        ("actor series", "/api/actors/RUS/series?period=week"),
        ("dyads", "/api/dyads?limit=50"),
        ("dyad", "/api/dyads/RUS/UKR?period=month"),
        ("network", "/api/network?max_nodes=50"),
        ("alignment", "/api/alignment?actor=SRB&pole_a=RUS&pole_b=WEST&period=year"),
        ("page", "/"),
    ]


def varied_urls(db: Path) -> list[tuple[str, object]]:
    """(name, function of a random.Random giving a url): the same endpoints as ``urls``, each request
    with other parameters drawn from the store (busy actors and pairs, any event or article)."""
    import duckdb
    con = duckdb.connect(str(db), read_only=True)
    try:
        events = [r[0] for r in con.execute("SELECT id FROM events").fetchall()]
        articles = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
        states = [r[0] for r in con.execute(
            "SELECT k FROM (SELECT source_code AS k FROM events UNION ALL SELECT target_code FROM events) "
            "WHERE length(k) = 3 AND k NOT IN ('IGO', 'NGO', 'MNC', 'IMG') GROUP BY k ORDER BY count(*) DESC LIMIT 40").fetchall()]
        pairs = con.execute("SELECT source_code, target_code FROM events WHERE length(source_code) = 3 AND "
                            "length(target_code) = 3 AND source_code <> target_code GROUP BY 1, 2 "
                            "ORDER BY count(*) DESC LIMIT 60").fetchall()
        first, last = con.execute("SELECT quantile_disc(date, 0.05), quantile_disc(date, 0.95) FROM events").fetchone()
    finally:
        con.close()
    words = ["sanction", "talks", "attack", "minister", "agree", "military", "president", "support",
             "meeting", "troops", "election", "visit", "refused", "aid", "border", "deal"]
    days = max(1, (last - first).days)

    def day(rng):
        return (first + dt.timedelta(days=rng.randrange(days))).isoformat()

    def page(rng):
        return rng.choice([0, 0, 50, 100, 150, 200, 500])

    def poles(rng, actor):
        return rng.choice([p for p in (("RUS", "WEST"), ("CHN", "USA"), ("RUS", "CHN"), ("IRN", "SAU"))
                           if actor not in p])

    return [
        ("meta", lambda rng: "/api/meta"),
        ("events", lambda rng: f"/api/events?limit=50&offset={page(rng)}&since={day(rng)}"),
        ("events?actor", lambda rng: f"/api/events?actor={rng.choice(states)}&limit=50&offset={page(rng) // 5}"),
        ("events?q", lambda rng: f"/api/events?q={rng.choice(words)}&since={day(rng)}"),
        ("event", lambda rng: f"/api/events/{rng.choice(events)}"),
        ("article", lambda rng: f"/api/articles/{rng.choice(articles)}"),
        ("articles", lambda rng: f"/api/articles?limit=50&offset={page(rng)}"),
        ("actors", lambda rng: f"/api/actors?limit=100&since={day(rng)}"),
        ("actor", lambda rng: f"/api/actors/{rng.choice(states)}"),
        ("actor series", lambda rng: f"/api/actors/{rng.choice(states)}/series?period={rng.choice(PERIODS)}"),
        ("dyads", lambda rng: f"/api/dyads?limit=50&actor={rng.choice(states)}"),
        ("dyad", lambda rng: "/api/dyads/{}/{}?period={}".format(*rng.choice(pairs), rng.choice(PERIODS))),
        ("network", lambda rng: f"/api/network?max_nodes={rng.choice([20, 50, 100, 150])}&since={day(rng)}"),
        ("alignment", lambda rng: (lambda a: "/api/alignment?actor={}&pole_a={}&pole_b={}&period={}".format(
            a, *poles(rng, a), rng.choice(["month", "year"])))(rng.choice(states))),
        ("page", lambda rng: "/"),
    ]


PERIODS = ("week", "month", "year")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int = 1) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "detente", "serve", "--db", str(db), "--port", str(port),
                             "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=2).status_code == 200:
                wait_for_listeners(port, workers)
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()[-500:]}")
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def warm_up(base: str, mix: list, rounds: int) -> None:
    """Asks each endpoint of the mix once per round, each time on a new connection (so every worker is
    likely to see each), before the clock starts: the first request of a kind in a process loads
    what it needs once (data files, code paths). A few dozen questions against thousands: the
    answers they leave in the cache hardly matter to --vary."""
    rng = random.Random(-1)
    for _ in range(rounds):
        for _, url in mix:
            httpx.get(base + (url(rng) if callable(url) else url), timeout=60)


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children so far, from /proc (0 elsewhere)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for p in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def children(pid: int) -> list[int]:
    try:
        return [int(c) for t in Path(f"/proc/{pid}/task").iterdir()
                for c in (t / "children").read_text().split()]
    except OSError:
        return []


def wait_for_listeners(port: int, workers: int, seconds: float = 60) -> None:
    """With several workers each listening on a socket of its own (SO_REUSEPORT), waits until all of
    them listen: the clients' kept-alive connections are spread when they connect, and a worker still
    starting would get none of them. Needs `ss` (Linux); without it, returns at once."""
    if workers < 2 or not hasattr(socket, "SO_REUSEPORT"):
        return
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, timeout=5).stdout
        except (OSError, subprocess.SubprocessError):
            return
        if len(out.splitlines()) >= workers:
            return
        time.sleep(0.2)


async def client(n: int, base: str, mix: list, until: float, lat: dict, errors: list) -> None:
    rng = random.Random(n)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        while time.perf_counter() < until:
            name, url = rng.choice(mix)
            url = url(rng) if callable(url) else url
            t0 = time.perf_counter()
            try:
                r = await http.get(url)
                if r.status_code != 200:
                    errors.append(f"{url}: HTTP {r.status_code} {r.text[:120]}")
            except httpx.HTTPError as exc:
                errors.append(f"{url}: {type(exc).__name__}: {exc}")
                continue
            lat[name].append((time.perf_counter() - t0) * 1000)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


async def load(base: str, mix: list, clients: int, seconds: float) -> tuple[dict, list, float]:
    lat: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    t0 = time.perf_counter()
    until = t0 + seconds
    await asyncio.gather(*(client(n, base, mix, until, lat, errors) for n in range(clients)))
    return lat, errors, time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--events", type=int, default=10_000, help="synthetic events in the store")
    ap.add_argument("--db", help="serve this store instead of a synthetic one")
    ap.add_argument("--workers", type=int, default=1, help="server processes (detente serve --workers)")
    ap.add_argument("--vary", action="store_true",
                    help="draw every request's parameters at random from the store instead of 15 fixed URLs")
    args = ap.parse_args(argv)
    if args.db:
        db = Path(args.db)
    else:
        from api_latency import fill
        db = Path(tempfile.mkdtemp(prefix="detente-load-")) / "load.duckdb"
        counts = fill(db, args.events)
        print(f"store: {counts['articles']} articles, {counts['events']} events")
    mix = varied_urls(db) if args.vary else urls(db)
    port = free_port()
    server = start_server(db, port, args.workers)
    try:
        warm_up(f"http://127.0.0.1:{port}", mix, 2 * args.workers)
        server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
        lat, errors, elapsed = asyncio.run(load(f"http://127.0.0.1:{port}", mix, args.clients, args.seconds))
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
    every = [x for v in lat.values() for x in v]
    print(f"\n{args.clients} clients for {elapsed:.1f} s on loopback, {args.workers} server process(es), "
          f"{'varied' if args.vary else 'fixed'} URLs, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}: {len(every)} requests, "
          f"{len(every) / elapsed:.1f} requests/s, {len(errors)} errors")
    print(f"{'endpoint':14s} {'n':>6s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'max ms':>8s}")
    for name, _ in mix:
        v = lat.get(name, [])
        print(f"{name:14s} {len(v):6d} {pct(v, .5):8.1f} {pct(v, .95):8.1f} {pct(v, .99):8.1f} "
              f"{max(v, default=float('nan')):8.1f}")
    print(f"{'all':14s} {len(every):6d} {pct(every, .5):8.1f} {pct(every, .95):8.1f} {pct(every, .99):8.1f} "
          f"{max(every, default=float('nan')):8.1f}")
    if every:
        print(f"mean {statistics.mean(every):.1f} ms")
        print(f"CPU during the run: server {server_cpu:.1f} s ({server_cpu * 1000 / len(every):.2f} ms a request), "
              f"these clients {client_cpu:.1f} s ({client_cpu * 1000 / len(every):.2f} ms a request)")
    for e in errors[:20]:
        print("error:", e)
    return 1 if errors or not every else 0


if __name__ == "__main__":
    sys.exit(main())
