"""The founding example and the `detente code` path, end to end, on written texts."""
import json
import subprocess
import sys

import pytest

from conftest import ROOT, find
from detente.cli import main

SEED = ROOT / "examples" / "serbia_russia.jsonl"


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory):
    db = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    out = subprocess.run([sys.executable, "-m", "detente", "code", str(SEED), "--db", str(db), "--format", "jsonl"],
                         capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_seed_meeting_is_consult_asserted(seed_events):
    assert find(seed_events, "SRB", "CONSULT", "RUS", "asserted")


def test_seed_refused_sanction_is_negated_never_asserted(seed_events):
    assert find(seed_events, "SRB", "SANCTION", "RUS", "negated")
    assert not find(seed_events, "SRB", "SANCTION", "RUS", "asserted")


def test_seed_nato_is_negated_never_asserted(seed_events):
    assert find(seed_events, "SRB", None, "NATO", "negated")
    assert not find(seed_events, "SRB", None, "NATO", "asserted")


def test_seed_us_sanctions_on_vulin(seed_events):
    hits = find(seed_events, "USA", "SANCTION", "SRB", "asserted")
    assert hits
    assert hits[0]["date"].startswith("2023")  # "last year" from a 2024 article
    assert hits[0]["target"]["sector"] == "GOV"


def test_jsonl_contract_fields(seed_events):
    e = seed_events[0]
    assert set(e) >= {"article_id", "sentence_index", "event", "mode", "context", "cameo", "goldstein", "quad_class",
                      "factuality", "speaker", "source", "target", "date", "location", "evidence"}
    assert set(e["source"]) >= {"code", "org", "sector", "name", "cameo"}
    assert set(e["evidence"]) >= {"sentence", "trigger", "source_span", "target_span", "rule"}
    for ev in seed_events:
        s, t = ev["evidence"]["source_span"], ev["evidence"]["sentence"]
        assert ev["factuality"] in ("asserted", "negated", "future", "hypothetical")
        assert ev["evidence"]["rule"]


def test_bad_inputs_are_reported_and_good_ones_kept(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Russia will not impose sanctions on Serbia.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks".encode("latin-1"))
    (tmp_path / "mixed.jsonl").write_text(
        '{"id": "a", "date": "2024-01-02", "text": "France condemned Russia."}\n'
        'not json at all\n'
        '{"id": "b", "date": "2024-01-02"}\n'
        '{"id": "c", "date": "the day after", "text": "Germany praised Poland."}\n'
        '{"id": "d", "date": "2024-01-03", "text": "Japan criticised China."}\n', encoding="utf-8")
    db = tmp_path / "s.duckdb"
    rc = main(["code", str(tmp_path), str(tmp_path / "missing.txt"), "--db", str(db), "--date", "2024-01-05",
               "--format", "jsonl"])
    err = capsys.readouterr().err
    assert rc == 1
    lines = [ln for ln in err.splitlines() if ln.startswith("detente: error:")]
    assert any("empty.txt" in ln and "empty" in ln for ln in lines)
    assert any("binary.txt" in ln and "binary" in ln for ln in lines)
    assert any("latin1.txt" in ln and "UTF-8" in ln for ln in lines)
    assert any("mixed.jsonl:2" in ln and "JSON" in ln for ln in lines)
    assert any("mixed.jsonl:3" in ln and "text" in ln for ln in lines)
    assert any("mixed.jsonl:4" in ln and "date" in ln for ln in lines)
    assert any("missing.txt" in ln for ln in lines)
    assert "3 article(s) coded" in err and "7 failed" in err
    from detente import Store
    with Store(db, read_only=True) as s:
        assert s.counts()["articles"] == 3


def test_same_input_twice_stores_nothing_twice(tmp_path, capsys):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "x", "date": "2024-03-01", "text": "Serbia signed an agreement with France."}\n'
                 '{"id": "y", "date": "2024-03-01", "text": "Serbia signed an agreement with France."}\n')
    db = tmp_path / "s.duckdb"
    assert main(["code", str(f), "--db", str(db)]) == 0
    assert main(["code", str(f), "--db", str(db)]) == 0
    from detente import Store
    with Store(db, read_only=True) as s:
        c = s.counts()
    assert c["articles"] == 1 and c["events"] == 1
    assert "1 already stored" in capsys.readouterr().err


def test_txt_without_date_uses_mtime_and_says_so(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Germany criticized Hungary.")
    assert main(["code", str(f), "--db", str(tmp_path / "s.duckdb")]) == 0
    assert "modification date" in capsys.readouterr().err


def test_events_command_filters(tmp_path, capsys):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "x", "date": "2024-03-01", "text": "Serbia signed an agreement with France."}\n'
                 '{"id": "y", "date": "2024-05-01", "text": "Russian troops attacked Ukraine."}\n')
    db = str(tmp_path / "s.duckdb")
    main(["code", str(f), "--db", db])
    capsys.readouterr()
    main(["events", "--db", db, "--actor", "UKR", "--format", "jsonl"])
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["event"] for r in recs] == ["ASSAULT"]
    assert recs[0]["source"]["sector"] == "MIL"
    main(["events", "--db", db, "--since", "2024-04-01", "--event", "SUPPORT", "--format", "jsonl"])
    assert capsys.readouterr().out.strip() == ""


def test_library_takes_pathlib_paths(tmp_path):
    from pathlib import Path

    from detente import Store, code_sources
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "x", "date": "2024-03-01", "text": "Serbia signed an agreement with France."}\n')
    with Store(tmp_path / "s.duckdb") as store:
        summary = code_sources([Path(f)], store)
        assert summary.articles_coded == 1
        assert summary.events == 1
        assert code_sources(Path(f), store).articles_skipped == 1
