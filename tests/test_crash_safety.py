"""Kill -9 in the middle of `detente code`: the store opens, nothing half-written is visible, and
`--resume` ends with exactly what a clean run stores. Two trials here; bench/crash_trials.py runs
25 or more with random kill points."""
from __future__ import annotations

import random
import sys

import pytest

from conftest import ROOT
from detente.cli import main

sys.path.insert(0, str(ROOT / "bench"))
import crash_trials as ct  # noqa: E402 — the bench's corpus, checks and snapshot

BATCH = 4  # many small transactions: a kill lands between or inside them


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    work = tmp_path_factory.mktemp("crash")
    corpus = ct.make_corpus(work / "corpus", 60)
    db = work / "clean.duckdb"
    assert main(["code", str(corpus), "--db", str(db), "--quiet", "--batch-size", str(BATCH)]) == 1  # bad records
    return work, corpus, ct.snapshot(db), ct.events_by_article(db)


@pytest.mark.parametrize("seed", [1, 2])
def test_sigkill_leaves_nothing_half_written_and_resume_matches_a_clean_run(clean, seed, capsys):
    work, corpus, clean_snap, clean_events = clean
    db = work / f"killed{seed}.duckdb"
    # SIGKILL a little after the first batch is stored (its events are printed once it is committed)
    killed = ct.run_and_kill(ct.command(corpus, db, BATCH), work / f"killed{seed}.log", after_lines=1,
                             after_seconds=random.Random(seed).uniform(0.0, 0.15))
    assert killed, "the run ended before it could be killed"
    assert ct.check_consistent(db, clean_events) == []
    stored = ct._stored(db)
    assert 0 < stored <= len(clean_events)
    assert main(["code", str(corpus), "--db", str(db), "--quiet", "--batch-size", str(BATCH), "--resume"]) == 1
    assert ct.check_consistent(db, clean_events) == []
    assert ct.snapshot(db) == clean_snap
    assert "Traceback" not in capsys.readouterr().err


def test_check_consistent_finds_a_half_written_article(clean, tmp_path):
    """The checker itself must be able to fail: remove one event's evidence from a copy."""
    import shutil

    import duckdb
    work, _, _, clean_events = clean
    db = tmp_path / "broken.duckdb"
    shutil.copy(work / "clean.duckdb", db)
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM evidence WHERE event_id = (SELECT min(id) FROM events)")
    con.execute("DELETE FROM events WHERE id = (SELECT max(id) FROM events)")
    con.close()
    problems = ct.check_consistent(db, clean_events)
    assert any("event without evidence" in p for p in problems)
    assert any("of its" in p for p in problems)
