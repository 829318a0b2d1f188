"""Resume after kill -9 with the worker pool (n_process=2): the final store equals an uninterrupted
run's; the run summary; progress reports; no progress bar when stderr is not a terminal."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from conftest import ROOT
from detente.batch import run
from detente.cli import main
from detente import Store
from test_dask_engine import articles


def _snapshot(db) -> dict:
    with Store(db, read_only=True) as s:
        return {t: s.con.execute(f"SELECT * EXCLUDE (coded_at) FROM {t} ORDER BY ALL" if t == "articles"
                                 else f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("articles", "mentions", "events", "evidence")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    work = tmp_path_factory.mktemp("resume")
    src = work / "news.jsonl"
    lines = [json.dumps(a) for a in articles(40)]
    lines.insert(7, "{not json")  # a bad record: reported once, in the run that reads it
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return work, src


def test_run_summary_and_progress(corpus):
    work, src = corpus
    seen = []
    with Store(work / "plain.duckdb") as store:
        s = run([str(src)], store, batch_size=4, progress=seen.append)
    assert sum(seen) == 41 and len(seen) == 11  # every record, batch by batch
    assert (s.articles_coded, s.failures, s.articles_skipped) == (40, 1, 0)
    assert s.sentences == s.sentences_parsed + s.sentences_skipped == 120
    assert s.sentences_skipped >= 20  # "the talks lasted three hours." and the like
    assert s.events >= 40 and s.seconds > 0
    line = s.line()
    assert "40 article(s) coded" in line and "1 failed" in line and "skipped by the prefilter" in line


@pytest.mark.slow
def test_kill_9_then_resume_equals_an_uninterrupted_run(corpus, capsys):
    work, src = corpus
    clean = work / "clean.duckdb"
    assert main(["code", str(src), "--db", str(clean), "--quiet", "--batch-size", "4"]) == 1
    killed = work / "killed.duckdb"
    cmd = [sys.executable, "-m", "detente", "code", str(src), "--db", str(killed), "--format", "jsonl",
           "--batch-size", "4", "--n-process", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, start_new_session=True)
    try:
        for _ in range(40):  # events of the first stored batches (printed after each commit)
            assert proc.stdout.readline(), "the run ended before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        err = proc.stderr.read().decode()
        proc.stdout.close()
        proc.stderr.close()
    assert "coding" not in err and "article/s" not in err  # no progress bar: stderr is not a terminal
    partial = _snapshot(killed)["articles"]
    assert 0 < len(partial) < 40
    capsys.readouterr()
    assert main(["code", str(src), "--db", str(killed), "--quiet", "--batch-size", "4", "--n-process", "2",
                 "--resume"]) in (0, 1)
    out = capsys.readouterr().err
    assert "done before the interruption" in out
    assert _snapshot(killed) == _snapshot(clean)
    with Store(killed, read_only=True) as s:
        runs = s.con.execute("SELECT count(*), count(finished) FROM runs").fetchone()
    assert runs == (1, 1)  # the interrupted run was continued, not restarted
