"""The user's own ids travel (issue 14, item 2): the `id` of a JSONL record, or a CSV id column, is the
`external_id` of every event record (`detente code`, `detente events`, the Python API) and appears in
every export, so events can be joined back to the documents they came from."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest

from detente import Store, code_text
from detente.cli import main
from detente.export import read_gdelt

RECORDS = [
    {"id": "doc-17", "date": "2024-03-04", "source": "Harbour Times",
     "text": "Greece criticized Turkey over the detention of two fishermen."},
    {"id": 0, "date": "2024-03-05", "source": "Harbour Times", "url": "https://harbourtimes.example/a/5",
     "text": "Chile signed a trade agreement with Peru."},
]


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ids")
    src = tmp / "docs.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return src, tmp / "ids.duckdb"


def _jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_code_jsonl_lines_carry_the_input_id(coded, capsys):
    src, db = coded
    assert main(["code", str(src), "--db", str(db), "--format", "jsonl"]) == 0
    recs = _jsonl(capsys.readouterr().out)
    by_id = {r["external_id"]: r for r in recs}
    assert set(by_id) == {"doc-17", "0"}  # an id of 0 is an id too
    assert by_id["doc-17"]["event"] == "ACCUSE" and by_id["doc-17"]["outlet"] == "Harbour Times"
    assert list(recs[0])[:3] == ["article_id", "external_id", "outlet"]
    # read again: the stored events are printed, with the same ids
    assert main(["code", str(src), "--db", str(db), "--format", "jsonl"]) == 0
    assert {r["external_id"] for r in _jsonl(capsys.readouterr().out)} == {"doc-17", "0"}


def test_events_command_and_python_api_carry_it(coded, capsys):
    src, db = coded
    main(["code", str(src), "--db", str(db), "--quiet"])
    capsys.readouterr()
    assert main(["events", "--db", str(db), "--format", "jsonl"]) == 0
    assert {r["external_id"] for r in _jsonl(capsys.readouterr().out)} == {"doc-17", "0"}
    assert main(["events", "--db", str(db), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["external_id"] for r in rows} == {"doc-17", "0"}
    with Store(db, read_only=True) as s:
        assert set(s.events()["external_id"]) == {"doc-17", "0"}
        assert set(s.dedup(level="mentions")["external_id"]) == {"doc-17", "0"}
    coded_one = code_text(RECORDS[0]["text"], "2024-03-04", external_id="doc-17", coder="rules")
    assert coded_one.records()[0]["external_id"] == "doc-17"


def test_every_export_carries_it(coded, capsys, tmp_path):
    src, db = coded
    main(["code", str(src), "--db", str(db), "--quiet"])
    capsys.readouterr()
    assert main(["export", "--db", str(db), "--format", "plover-jsonl"]) == 0
    plover = _jsonl(capsys.readouterr().out)
    assert sorted(r["detente"]["externalIds"] for r in plover) == [["0"], ["doc-17"]]
    out = tmp_path / "events.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "--out", str(out)]) == 0
    # SOURCEURL: the URL when there is one, else the user's id
    assert sorted(read_gdelt(out)["SOURCEURL"]) == ["doc-17", "https://harbourtimes.example/a/5"]
    assert main(["export", "--db", str(db), "--format", "csv"]) == 0
    assert sorted(pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str)["external_ids"]) == ["0", "doc-17"]
    pq = tmp_path / "mentions.parquet"
    assert main(["export", "--db", str(db), "--format", "parquet", "--level", "mentions", "--out", str(pq)]) == 0
    assert sorted(pd.read_parquet(pq)["external_id"]) == ["0", "doc-17"]


def test_a_csv_id_column_is_the_external_id(tmp_path, capsys):
    src = tmp_path / "docs.csv"
    src.write_text("doc_no,published,body\nA-1,2024-03-04,Greece criticized Turkey over the detention of "
                   "two fishermen.\n", encoding="utf-8")
    assert main(["code", str(src), "--db", str(tmp_path / "c.duckdb"), "--format", "csv", "--id-col", "doc_no",
                 "--date-col", "published", "--text-col", "body"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and rows[0]["external_id"] == "A-1"
