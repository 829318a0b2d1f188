"""`detente eval`: reading gold files and the exact metric definitions (docs/coding.md, "Evaluation")."""
import json

import pytest

from detente.cli import main
from detente.evaluate import Coded, load_gold, score


def _write(tmp_path, records, extra_lines=()):
    path = tmp_path / "gold.jsonl"
    lines = [json.dumps(r) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _c(source, event, target=None, factuality="asserted", source_org="", target_org=""):
    return Coded(source=source, event=event, target=target, factuality=factuality, trigger="t", rule="r",
                 source_org=source_org, target_org=target_org)


def test_gold_reader_maps_2016_names_legacy_codes_and_bad_lines(tmp_path):
    path = _write(tmp_path, [
        {"id": "a", "date": "2000-01-01", "text": "Italy protested.", "event": "DISAPPROVE",
         "event_2021": "ACCUSE", "source": [{"code": "ITL"}], "target": [{"code": "JAP", "sector": "GOV"}]},
        {"id": "b", "date": "2000-01-01", "text": "Fighting.", "event": "FIGHT", "target": ""},
        {"id": "c", "text": "No date or actors.", "event": "DEMAND"},
        {"id": "d", "date": "2000-01-01", "text": "", "event": "AGREE"},
        {"id": "e", "date": "2000-01-01", "text": "Odd.", "event": "DANCE"},
        {"id": "f", "date": "yesterday", "text": "Odd date.", "event": "AGREE"},
    ], extra_lines=["{not json"])
    records, skipped = load_gold(path)
    assert [r.id for r in records] == ["a", "b", "c"]
    a, b, c = records
    assert (a.event, a.sources, a.targets) == ("ACCUSE", frozenset({"ITA"}), frozenset({"JPN"}))
    assert b.event == "ASSAULT" and b.sources is None and b.targets is None
    assert c.event == "REQUEST"
    assert len(skipped) == 4
    assert all(str(path) in s for s in skipped)
    assert any(":7: not JSON" in s for s in skipped)
    assert any("unknown event type 'DANCE'" in s for s in skipped)


def test_missing_gold_file_is_an_input_error(tmp_path):
    from detente.errors import InputError
    with pytest.raises(InputError, match="cannot read gold file"):
        load_gold(tmp_path / "absent.jsonl")


def test_metrics_follow_their_definitions(tmp_path):
    path = _write(tmp_path, [
        # 1: found with the right actors
        {"id": "1", "text": "T1", "event": "SANCTION", "source": [{"code": "USA"}], "target": [{"code": "IRN"}]},
        # 2: right type, wrong target
        {"id": "2", "text": "T2", "event": "ACCUSE", "source": [{"code": "FRA"}], "target": [{"code": "RUS"}]},
        # 3: compound actor with no recipient: a target that is the other party matches
        {"id": "3", "text": "T3", "event": "AGREE", "source": [{"code": "USA"}, {"code": "JOR"}], "target": ""},
        # 4: nothing coded
        {"id": "4", "text": "T4", "event": "PROTEST", "source": [{"code": "GEO"}]},
    ])
    records, _ = load_gold(path)
    coded = {
        "T1": [_c("USA", "SANCTION", "IRN"), _c("USA", "SANCTION", "IRN"), _c("IRN", "ACCUSE", "USA")],
        "T2": [_c("FRA", "ACCUSE", "DEU")],
        "T3": [_c("USA", "AGREE", "JOR"), _c("JOR", "AGREE")],
    }
    m = score(records, coded).metrics()
    assert m["event_type_recall"] == 0.75  # 1, 2, 3 of 4
    assert m["triple_recall"] == 0.5  # 1 and 3
    # distinct triples: T1 (USA SANCTION IRN) ok, (IRN ACCUSE USA) no; T2 no; T3 both ok → 3 of 5
    assert m["coded_triples"] == 5
    assert m["triple_precision"] == 0.6
    # distinct types per text: T1 {SANCTION ok, ACCUSE no}, T2 {ACCUSE ok}, T3 {AGREE ok} → 3 of 4
    assert m["event_type_precision"] == 0.75


def test_plover_view_is_used_only_for_gold_without_factuality(tmp_path):
    plover = _write(tmp_path, [{"text": "T", "event": "AGREE", "source": [{"code": "HUN"}],
                                "target": [{"code": "IGO"}]}])
    records, _ = load_gold(plover)
    coded = {"T": [_c("HUN", "SUPPORT", "IGO", "future", target_org="UN")]}
    assert score(records, coded).metrics()["triple_recall"] == 1.0  # a promised SUPPORT is PLOVER's AGREE
    native = tmp_path / "native.jsonl"
    native.write_text(json.dumps({"text": "T", "event": "AGREE", "factuality": "asserted",
                                  "source": [{"code": "HUN"}], "target": [{"code": "IGO"}]}) + "\n")
    records, _ = load_gold(native)
    assert score(records, coded).metrics()["triple_recall"] == 0.0


def test_factuality_accuracy_and_negated_as_asserted(tmp_path):
    path = _write(tmp_path, [
        {"text": "A", "event": "SANCTION", "factuality": "negated", "source": [{"code": "SRB"}],
         "target": [{"code": "RUS"}]},
        {"text": "B", "event": "COOPERATE", "factuality": "future", "source": [{"code": "SRB"}],
         "target": [{"code": "IGO", "org": "EU"}]},
    ])
    records, _ = load_gold(path)
    coded = {"A": [_c("SRB", "SANCTION", "RUS", "asserted")],
             "B": [_c("SRB", "COOPERATE", "IGO", "future", target_org="EU")]}
    m = score(records, coded).metrics()
    assert m["factuality_scored"] == 2
    assert m["factuality_accuracy"] == 0.5
    assert m["negated_coded_as_asserted"] == 1
    # an organisation named in the gold must be that organisation
    coded["B"] = [_c("SRB", "COOPERATE", "IGO", "future", target_org="NATO")]
    assert score(records, coded).metrics()["triple_recall"] == 0.5


def test_no_event_records_count_for_precision_only(tmp_path):
    path = _write(tmp_path, [{"text": "Calm day.", "event": None}])
    records, _ = load_gold(path)
    res = score(records, {"Calm day.": [_c("SRB", "PROTEST")]})
    m = res.metrics()
    assert m["gold_events"] == 0 and m["triple_recall"] is None
    assert m["triple_precision"] == 0.0
    assert res.false_positives[0]["coded"].startswith("SRB PROTEST")


def test_confusion_rows_and_columns():
    from detente.evaluate import GoldRecord
    import datetime as dt
    rec = GoldRecord(id="x", line=1, text="T", date=dt.date(2000, 1, 1), event="REJECT",
                     sources=frozenset({"PAK"}), targets=frozenset({"AFG"}))
    res = score([rec], {"T": [_c("AFG", "AGREE"), _c("PAK", "ACCUSE", "AFG")]})
    assert res.confusion == {"REJECT": {"ACCUSE": 1}}  # the coded event whose actors agree best
    assert score([rec], {}).confusion == {"REJECT": {"-": 1}}


def test_cli_eval_text_and_json(tmp_path, capsys):
    path = _write(tmp_path, [
        {"id": "s1", "date": "2024-09-05", "text": "Serbia will not impose sanctions against Moscow.",
         "event": "SANCTION", "factuality": "negated", "source": [{"code": "SRB"}], "target": [{"code": "RUS"}]},
        {"id": "s2", "date": "2024-09-05", "text": "Lithuania expelled two Russian diplomats.",
         "event": "SANCTION", "factuality": "asserted", "source": [{"code": "LTU"}], "target": [{"code": "RUS"}]},
        {"id": "s3", "date": "2024-09-05", "text": "The weather was mild.", "event": "PROTEST",
         "factuality": "asserted", "source": [{"code": "FRA"}]},
    ])
    assert main(["eval", str(path), "--misses", "5"]) == 0
    out = capsys.readouterr().out
    assert "triple recall         0.667" in out
    assert "negated coded as asserted: 0" in out
    assert "[s3] gold: FRA PROTEST - (asserted)" in out and "The weather was mild." in out
    assert main(["eval", str(path), "--format", "json", "--limit", "2", "--misses", "0"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["metrics"]["records"] == 2
    assert data["metrics"]["triple_recall"] == 1.0
    assert data["metrics"]["factuality_accuracy"] == 1.0
    assert data["per_type"]["SANCTION"] == {"n": 2, "type_recall": 1.0, "triple_recall": 1.0}
    assert data["misses"] == []


def test_cli_eval_missing_file_exits_1(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nope.jsonl")]) == 1
    assert "cannot read gold file" in capsys.readouterr().err
