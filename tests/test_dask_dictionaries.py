"""User dictionaries (`detente code --actors/--agents`) reach the coders wherever they run: the local
engine in this process and in forked workers, and Dask workers started before the dictionaries were
installed (as on a remote cluster: nothing inherited, the dictionaries travel with the run)."""
from __future__ import annotations

import json

import pytest

from detente.actors.dictionaries import ENV_ACTORS, ENV_AGENTS, use_dictionaries
from detente.batch import run
from detente import Store

pytest.importorskip("dask.distributed")

ACTORS = "# written for this test\nZUBROWKAN_LIBERATION_FRONT_ [HUNREB]\n"
AGENTS = "RIVER_WARDEN~ [~MIL]\n"
TEXTS = ["Officials met on Monday. The Zubrowkan Liberation Front shelled the village.",
         "Serbian river wardens detained two Hungarian fishermen on Tuesday.",
         "The Zubrowkan Liberation Front accused Serbia of torture.",
         "Serbia condemned Hungary for the attack."]


def _events(db) -> list[tuple]:
    with Store(db, read_only=True) as s:
        return s.con.execute("SELECT * FROM events ORDER BY id").fetchall()


def _cameos(db) -> set[tuple]:
    with Store(db, read_only=True) as s:
        return set(s.con.execute("SELECT event, source_cameo, target_cameo FROM events").fetchall())


@pytest.fixture
def dictionaries(tmp_path, monkeypatch):
    actors, agents = tmp_path / "zubrowka.actors.txt", tmp_path / "wardens.agents.txt"
    actors.write_text(ACTORS, encoding="utf-8")
    agents.write_text(AGENTS, encoding="utf-8")
    monkeypatch.setenv(ENV_ACTORS, "")
    monkeypatch.setenv(ENV_AGENTS, "")
    yield [str(actors)], [str(agents)]
    use_dictionaries([], [])  # the bundled data again for the tests that follow


@pytest.mark.slow
def test_dask_workers_code_with_the_dictionaries_of_the_run(tmp_path, dictionaries, monkeypatch):
    from dask.distributed import LocalCluster

    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps({"id": f"z{i}", "date": "2024-03-05", "text": t}) + "\n"
                           for i, t in enumerate(TEXTS)), encoding="utf-8")
    # Workers that know nothing of the dictionaries: started before they are installed.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        use_dictionaries(*dictionaries)
        with Store(tmp_path / "local.duckdb") as store:
            run([str(src)], store, batch_size=2)
        with Store(tmp_path / "forked.duckdb") as store:
            run([str(src)], store, batch_size=2, n_process=2)
        with Store(tmp_path / "dask.duckdb") as store:
            run([str(src)], store, batch_size=2, engine="dask", scheduler=cluster.scheduler_address)
    local = _cameos(tmp_path / "local.duckdb")
    assert ("ASSAULT", "HUNREB", None) in local  # an actor only the user dictionary knows
    assert ("ACCUSE", "HUNREB", "SRB") in local
    assert any(src == "SRBMIL" for _, src, _ in local)  # a sector only the agent dictionary knows
    assert _events(tmp_path / "forked.duckdb") == _events(tmp_path / "local.duckdb")
    assert _events(tmp_path / "dask.duckdb") == _events(tmp_path / "local.duckdb")
