"""Crash safety: kill `detente code` with SIGKILL at random points and check what is left.

    .venv/bin/python bench/crash_trials.py                  # 25 trials, 300 written articles
    .venv/bin/python bench/crash_trials.py --trials 5 --articles 120

Each trial starts `detente code CORPUS --db trial.duckdb --batch-size N --format jsonl`, kills it
with SIGKILL at a random point — after a random number of its output lines (a batch's events are
printed once it is stored) plus up to half a second, or in one trial in five at a random moment of
its first four seconds (start-up, schema, first batch) — and in some trials kills the first
`--resume` too. Then it checks that

  1. the store opens read-only, as `detente events` opens it;
  2. nothing half-written is visible: no event without its article or its evidence, no evidence or
     mention without its event or article, and every stored article has exactly the events and
     evidence a clean run gives it (an article is stored whole or not at all);
  3. `detente code … --resume` completes, and the store then holds exactly what a clean,
     uninterrupted run stores (articles, mentions, events, evidence: every column but timestamps).

Every run uses a copy of the package taken when the bench starts, so that edits to the checkout
during the bench cannot make a resumed run differ from the clean one. The corpus is written by
this script from sentence templates (a few bad records included), so the
run needs nothing but the repository. Prints one line per trial and a summary; exit code 1 when any
trial fails.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("articles", "mentions", "events", "evidence")

# -- a corpus written for the trials ---------------------------------------------------------------
PARTIES = ["Serbia", "Russia", "France", "Germany", "China", "Japan", "Turkey", "Iran", "Israel", "Egypt",
           "NATO", "the European Union", "the United Nations", "Ukraine", "Poland", "India", "Pakistan",
           "Brazil", "Mexico", "Canada", "the government of Kenya", "Ethiopian troops", "Russian forces"]
ACTS = ["will not impose sanctions against {t}", "imposed new sanctions on {t}", "met officials from {t} in Geneva",
        "threatened to attack {t}", "accused {t} of violating the ceasefire", "signed a trade agreement with {t}",
        "may send troops to {t}", "condemned {t} for the strikes", "praised {t} for its mediation",
        "expelled two diplomats from {t}", "agreed to hold talks with {t}", "refused to recognize {t}",
        "called on {t} to withdraw its forces", "promised economic aid to {t}", "denied that it had attacked {t}"]
TAILS = ["", ", officials said on Tuesday", ", the foreign minister told reporters", " last week",
         ", according to state media", " on Monday"]
FILLER = ["The talks are expected to continue next month.", "Markets were calm after the announcement.",
          "Both sides have blamed each other for the delay.", "No further details were given."]


def _sentence(rng: random.Random) -> str:
    s, t = rng.sample(PARTIES, 2)
    text = f"{s} {rng.choice(ACTS).format(t=t)}{rng.choice(TAILS)}."
    return text[0].upper() + text[1:]


def _article(rng: random.Random) -> str:
    parts = [_sentence(rng) for _ in range(rng.randint(2, 6))]
    parts.insert(rng.randint(0, len(parts)), rng.choice(FILLER))
    return " ".join(parts)


def make_corpus(directory: Path, n_articles: int, seed: int = 7) -> Path:
    """JSONL files and a few .txt files of written articles, plus bad records beside the good."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    n_txt = max(2, n_articles // 50)
    n_files = 4
    per_file = (n_articles - n_txt) // n_files
    for f in range(n_files):
        lines = []
        for i in range(per_file):
            d = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            lines.append(json.dumps({"id": f"f{f}-{i}", "date": d, "text": _article(rng)}))
        lines.insert(len(lines) // 2, "{not json")
        lines.insert(len(lines) // 3, json.dumps({"id": "nodate", "text": "Serbia met Russia."}))
        (directory / f"part{f}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for i in range(n_txt):
        (directory / f"note{i}.txt").write_text(_article(rng), encoding="utf-8")
    return directory


# -- the store, as it is on disk --------------------------------------------------------------------
def _connect(db: Path):
    import duckdb
    return duckdb.connect(str(db), read_only=True)


def snapshot(db: Path) -> dict[str, str]:
    """table → hash of its rows (every column but timestamps), in a stable order."""
    con = _connect(db)
    try:
        out = {}
        for t in TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall() if "TIMESTAMP" not in r[1]]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY ALL").fetchall()
            out[t] = f"{len(rows)}:" + hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
        return out
    finally:
        con.close()


def events_by_article(db: Path) -> dict[str, frozenset]:
    con = _connect(db)
    try:
        rows = con.execute("SELECT a.id, e.id FROM articles a LEFT JOIN events e ON e.article_id = a.id").fetchall()
    finally:
        con.close()
    out: dict[str, set] = {}
    for a, e in rows:
        out.setdefault(a, set())
        if e is not None:
            out[a].add(e)
    return {a: frozenset(es) for a, es in out.items()}


ORPHAN_CHECKS = {
    "event without article": "SELECT count(*) FROM events e WHERE e.article_id NOT IN (SELECT id FROM articles)",
    "event without evidence": "SELECT count(*) FROM events e WHERE e.id NOT IN (SELECT event_id FROM evidence)",
    "evidence without event": "SELECT count(*) FROM evidence v WHERE v.event_id NOT IN (SELECT id FROM events)",
    "mention without article": "SELECT count(*) FROM mentions m WHERE m.article_id NOT IN (SELECT id FROM articles)",
}


def check_consistent(db: Path, clean: dict[str, frozenset]) -> list[str]:
    """What is wrong with a store left by a killed run (empty list: nothing)."""
    problems = []
    if not db.exists():
        return problems  # killed before the store was created: nothing to see, nothing wrong
    try:
        from detente.store import Store
        with Store(db, read_only=True) as store:  # what `detente events` does
            store.counts()
    except Exception as exc:  # noqa: BLE001 — any failure to open is the finding
        return [f"store does not open read-only: {exc}"]
    con = _connect(db)
    try:
        for name, sql in ORPHAN_CHECKS.items():
            n = con.execute(sql).fetchone()[0]
            if n:
                problems.append(f"{n} {name}")
    finally:
        con.close()
    for article, events in events_by_article(db).items():
        if article not in clean:
            problems.append(f"article {article} is not in the clean run")
        elif events != clean[article]:
            problems.append(f"article {article} has {len(events)} of its {len(clean[article])} events")
    return problems


# -- runs -------------------------------------------------------------------------------------------
def command(corpus: Path, db: Path, batch_size: int, resume: bool = False, n_process: int = 1) -> list[str]:
    """`detente code` printing its events as JSON lines: a batch's lines appear once it is stored."""
    cmd = [sys.executable, "-m", "detente", "code", str(corpus), "--db", str(db), "--format", "jsonl",
           "--batch-size", str(batch_size)]
    if n_process > 1:
        cmd += ["--n-process", str(n_process)]
    return cmd + (["--resume"] if resume else [])


CODE = ROOT  # where `python -m detente` finds the package; main() points it at a frozen copy


def freeze_code(work: Path) -> Path:
    """A copy of the package for every run of this bench: the checkout may change while it runs
    (others work in it), and a clean run coded by other code than its resumes proves nothing."""
    global CODE
    CODE = work / "code"
    if not (CODE / "detente").exists():
        shutil.copytree(ROOT / "detente", CODE / "detente", ignore=shutil.ignore_patterns("__pycache__"))
    return CODE


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(CODE)}


def run_to_end(cmd: list[str], log: Path) -> tuple[int, float, int]:
    """(exit code, seconds, lines printed)."""
    t0 = time.perf_counter()
    with open(log, "ab") as fh:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=fh, cwd=CODE, env=_env())
    return out.returncode, time.perf_counter() - t0, out.stdout.count(b"\n")


def run_and_kill(cmd: list[str], log: Path, after_lines: int | None, after_seconds: float) -> bool:
    """Start the command and SIGKILL its process group ``after_seconds`` after its ``after_lines``-th
    line of output (None: after_seconds after the start). False if it ended first."""
    with open(log, "ab") as fh:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=fh, cwd=CODE, env=_env(),
                                start_new_session=True)
        reached = threading.Event()

        def drain():  # keep reading, so the run never blocks on a full pipe
            n = 0
            for _ in proc.stdout:
                n += 1
                if after_lines is not None and n >= after_lines:
                    reached.set()
            reached.set()

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        if after_lines is not None:
            reached.wait()
        try:
            proc.wait(timeout=after_seconds)
            ended = True
        except subprocess.TimeoutExpired:
            ended = False
        if not ended:
            os.killpg(proc.pid, signal.SIGKILL)  # the group we started: the run and any workers
            proc.wait()
        reader.join(timeout=10)
        return not ended


@dataclass
class Trial:
    n: int
    kills: list[str] = field(default_factory=list)
    stored_at_kill: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    resumed_equal: bool = False

    def line(self) -> str:
        kills = ", ".join(f"{k}→{s} art." for k, s in zip(self.kills, self.stored_at_kill)) or "ran to the end"
        verdict = "ok" if not self.problems and self.resumed_equal else "FAIL: " + "; ".join(self.problems[:3])
        return f"trial {self.n:3d}  kills: {kills:40s} resumed == clean: {self.resumed_equal!s:5s}  {verdict}"


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = _connect(db)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except Exception:  # noqa: BLE001 — reported by check_consistent
        return -1


def trial(n: int, corpus: Path, work: Path, clean_snap: dict, clean_events: dict, lines: int,
          batch_size: int, rng: random.Random, n_process: int = 1) -> Trial:
    """Kill a run at a random point: mostly after a random number of its output lines (batches are
    stored by then) plus a random fraction of a second, sometimes early (start-up, schema, first
    batch); in some trials kill the first --resume too; then resume to the end and compare."""
    db, log = work / f"trial{n}.duckdb", work / f"trial{n}.log"
    result = Trial(n)
    plan = [False] + ([True] if rng.random() < 0.4 else [])
    for resume in plan:
        if rng.random() < 0.2:
            after_lines, after_seconds = None, rng.uniform(0.2, 4.0)
        else:
            after_lines, after_seconds = rng.randint(1, max(1, lines - 1) if not resume else max(1, lines // 4)), \
                rng.uniform(0.0, 0.5)
        if run_and_kill(command(corpus, db, batch_size, resume, n_process), log, after_lines, after_seconds):
            result.kills.append(f"{after_lines or 0}l+{after_seconds:.2f}s")
            result.stored_at_kill.append(_stored(db))
            result.problems += check_consistent(db, clean_events)
    rc, _, _ = run_to_end(command(corpus, db, batch_size, True, n_process), log)
    text = log.read_text(errors="replace")
    if "Traceback" in text:
        result.problems.append("a run printed a traceback (see " + str(log) + ")")
    if rc not in (0, 1):
        result.problems.append(f"--resume exited {rc}")
    result.problems += check_consistent(db, clean_events)
    snap = snapshot(db) if db.exists() else {}
    result.resumed_equal = snap == clean_snap
    if not result.resumed_equal:
        result.problems.append("after --resume, differs from the clean run in: "
                               + ", ".join(t for t in TABLES if snap.get(t) != clean_snap.get(t)))
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=25)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--n-process", type=int, default=1, help="worker processes for `detente code`")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="keep the stores and logs in this directory")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="detente-crash-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = make_corpus(work / "corpus", args.articles)
    freeze_code(work)
    clean_db = work / "clean.duckdb"
    rc, duration, lines = run_to_end(command(corpus, clean_db, args.batch_size, n_process=args.n_process),
                                     work / "clean.log")
    clean_snap, clean_events = snapshot(clean_db), events_by_article(clean_db)
    print(f"clean run: {duration:.1f} s, exit {rc}, {lines} event lines, {clean_snap}")
    results = []
    for n in range(1, args.trials + 1):
        r = trial(n, corpus, work, clean_snap, clean_events, lines, args.batch_size, rng, args.n_process)
        results.append(r)
        print(r.line(), flush=True)
    kills = sum(len(r.kills) for r in results)
    mid = sum(1 for r in results for s in r.stored_at_kill if 0 < s < len(clean_events))
    failed = [r for r in results if r.problems or not r.resumed_equal]
    print(f"\n{len(results)} trials, {kills} SIGKILLs ({mid} with some but not all articles stored), "
          f"{len(failed)} failed; every store opened, nothing half-written, --resume == clean run: "
          f"{'yes' if not failed else 'NO'}")
    print(f"stores and logs in {work}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
