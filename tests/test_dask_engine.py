"""The Dask engine (a LocalCluster of two worker processes) stores the same events as the local
engine on the same 50 articles, written here from templates."""
from __future__ import annotations

import itertools
import json

import pytest

from detente.batch import run
from detente import Store

pytest.importorskip("dask.distributed")

SUBJECTS = ["Serbia", "Russia", "France", "Germany", "Japan", "China", "Turkey", "Iran", "Brazil", "NATO"]
OBJECTS = ["Ukraine", "Poland", "Hungary", "India", "Syria"]
ACTS = ["condemned {o} for the attack", "signed an agreement with {o}", "will not impose sanctions on {o}",
        "met officials from {o} in Geneva", "criticized {o} over the border dispute"]
FILLER = ["The weather was mild.", "Markets were calm on the day.", "the talks lasted three hours."]


def articles(n: int = 50) -> list[dict]:
    combos = itertools.islice(itertools.product(SUBJECTS, OBJECTS, ACTS), 0, None, 5)
    out = []
    for i, (s, o, act) in zip(range(n), combos):
        text = f"{s} {act.format(o=o)} on Monday. {FILLER[i % 3]} Its foreign minister said {s} would " \
               f"keep talking to {o}."
        out.append({"id": f"a{i}", "date": f"2024-03-{1 + i % 28:02d}", "text": text})
    return out


def _events(db) -> list[str]:
    with Store(db, read_only=True) as s:
        rows = s.con.execute("SELECT * FROM events ORDER BY id").fetchall()
    return [json.dumps(r, default=str) for r in rows]


@pytest.mark.slow
def test_dask_and_local_engines_store_the_same_events(tmp_path):
    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in articles()), encoding="utf-8")
    with Store(tmp_path / "local.duckdb") as store:
        local = run([str(src)], store, batch_size=8)
    with Store(tmp_path / "dask.duckdb") as store:
        distributed = run([str(src)], store, batch_size=8, engine="dask", n_process=2)
    assert local.articles_coded == distributed.articles_coded == 50
    assert local.events == distributed.events >= 50
    assert _events(tmp_path / "local.duckdb") == _events(tmp_path / "dask.duckdb")
