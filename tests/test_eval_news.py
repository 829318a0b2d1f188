"""The news metric of ../shared/gold/README.md (detente/eval_news.py) on records written for these tests:
identities, one-to-one greedy matching, repeats, alt_event, undirected F1, factuality, negated coded as
asserted, splits and bad lines."""
import json

import pytest

from detente.errors import DetenteError
from detente.eval_news import (CodedTriple, GoldEvent, NewsRecord, identity, is_news_file, load_news,
                               same_identity, score_news)


def rec(rid, *events, text="A written statement."):
    import datetime as dt
    return NewsRecord(rid, 1, text, dt.date(2025, 1, 1), tuple(events))


def g(src, ev, tgt, fact="asserted", alt=None):
    return GoldEvent(src, ev, tgt, fact, alt)


def c(src, ev, tgt, fact="asserted"):
    return CodedTriple(src, ev, tgt, fact)


def test_identity_reduces_actors_to_codes_and_organisations():
    assert identity("SRB") == "SRB"
    assert identity("IGO", "nato") == "IGO:NATO"
    assert identity("IGO", None) == "IGO"
    assert identity(None) is None
    assert same_identity("IGO", "IGO:UN") and same_identity("IGO:UN", "IGO")
    assert not same_identity("IGO:UN", "IGO:EU")
    assert not same_identity("SRB", None)


def test_precision_recall_and_f1_over_texts():
    records = [rec("a", g("RUS", "ASSAULT", "UKR"), g("UKR", "ACCUSE", "RUS")),
               rec("b", g("SRB", "CONSULT", "RUS"))]
    coded = {"a": [c("RUS", "ASSAULT", "UKR"), c("RUS", "ACCUSE", "UKR")], "b": [c("SRB", "CONSULT", "RUS")]}
    m = score_news(records, coded).metrics()
    assert (m["gold_events"], m["coded_events"], m["matched"]) == (3, 3, 2)
    assert m["precision"] == m["recall"] == pytest.approx(0.6667, abs=1e-4)
    # the reversed accusation matches when direction is ignored
    assert m["undirected_f1"] == 1.0


def test_repeats_of_a_triple_count_once_on_both_sides():
    records = [rec("a", g("RUS", "ASSAULT", "UKR"), g("RUS", "ASSAULT", "UKR"))]
    coded = {"a": [c("RUS", "ASSAULT", "UKR")] * 3}
    m = score_news(records, coded).metrics()
    assert (m["gold_events"], m["coded_events"], m["matched"]) == (1, 1, 1)


def test_alt_event_matches_and_one_coded_event_matches_one_gold_event():
    records = [rec("a", g("FRA", "AGREE", "UKR", alt="AID"), g("FRA", "AID", "UKR"))]
    m = score_news(records, {"a": [c("FRA", "AID", "UKR")]}).metrics()
    assert m["matched"] == 1  # greedy in gold order: the AID event is taken by the first gold event


def test_target_none_must_match_none():
    records = [rec("a", g("USA", "SANCTION", None))]
    assert score_news(records, {"a": [c("USA", "SANCTION", "IRN")]}).metrics()["matched"] == 0
    assert score_news(records, {"a": [c("USA", "SANCTION", None)]}).metrics()["matched"] == 1


def test_factuality_and_negated_coded_as_asserted():
    records = [rec("a", g("SRB", "SANCTION", "RUS", "negated"), g("SRB", "CONSULT", "RUS"))]
    res = score_news(records, {"a": [c("SRB", "SANCTION", "RUS"), c("SRB", "CONSULT", "RUS")]})
    m = res.metrics()
    assert m["negated_coded_as_asserted"] == 1
    assert m["factuality_accuracy"] == 0.5
    assert (m["non_asserted_gold"], m["non_asserted_found_right"]) == (1, 0)
    right = score_news(records, {"a": [c("SRB", "SANCTION", "RUS", "negated")]}).metrics()
    assert right["negated_coded_as_asserted"] == 0 and right["non_asserted_found_right"] == 1


def test_misses_and_per_type_are_reported():
    res = score_news([rec("a", g("ISR", "ASSAULT", "LBN"))], {"a": []})
    assert res.misses[0][0] == "a" and "ISR ASSAULT LBN" in res.misses[0][2]
    assert res.type_table()["ASSAULT"]["recall"] == 0.0


def _write(tmp_path, lines):
    p = tmp_path / "gold.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_load_news_reads_splits_and_reports_bad_lines(tmp_path):
    ev = {"source": {"code": "RUS", "text": "Russia"}, "target": {"code": "UKR", "text": "Ukraine"},
          "event": "ASSAULT", "mode": None, "factuality": "asserted", "trigger": "shells"}
    p = _write(tmp_path, [
        json.dumps({"id": "1", "date": "2025-02-01", "split": "train", "text": "Russia shells Ukraine.", "events": [ev]}),
        "{not json",
        json.dumps({"id": "2", "date": "2025-02-01", "split": "dev", "text": "Russia shells Ukraine.",
                    "events": [dict(ev, event="BOMB")]}),
        json.dumps({"id": "3", "date": "2025-02-01", "split": "dev", "text": "Nothing happens.", "events": []}),
    ])
    assert is_news_file(p)
    records, skipped = load_news(p)
    assert [r.id for r in records] == ["1", "3"]
    assert any(":2: not JSON" in s for s in skipped) and any(":3: unknown event type" in s for s in skipped)
    dev, _ = load_news(p, "dev")
    assert [r.id for r in dev] == ["3"]
    assert records[0].events[0].source == "RUS" and records[0].events[0].source_text == "Russia"
    with pytest.raises(DetenteError, match="no records of split 'test'"):
        load_news(p, "test")


def test_eval_command_scores_a_news_file(tmp_path, capsys):
    from detente.cli import main
    ev = {"source": {"code": "RUS", "text": "Russia"}, "target": {"code": "SRB", "text": "Serbia"},
          "event": "SANCTION", "mode": None, "factuality": "negated", "trigger": "impose sanctions"}
    p = _write(tmp_path, [json.dumps({"id": "x", "date": "2024-09-05", "split": "dev",
                                      "text": "Russia will not impose sanctions on Serbia.", "events": [ev]})])
    assert main(["eval", str(p), "--split", "dev", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["gold_events"] == 1 and out["matched"] == 1
    assert out["negated_coded_as_asserted"] == 0 and out["factuality_accuracy"] == 1.0
    assert main(["eval", str(p), "--split", "nosuch"]) == 1
    assert "no records of split 'nosuch'" in capsys.readouterr().err
