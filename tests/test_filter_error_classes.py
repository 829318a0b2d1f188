"""bench/filter_cv.py --classes: each kept triple the gold lacks, and each gold triple not kept, is named
by the nearest triple on the other side of its text; a lost gold triple says whether a candidate read
it (and the filter dropped it) or none did. Written records and triples, no corpus."""
import datetime as dt
import sys
from pathlib import Path

from detente.coding.gold import GoldEvent, NewsRecord

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import filter_cv  # noqa: E402 — a bench script, imported for its classes


def test_a_triple_is_named_by_the_nearest_one_across():
    gold = {("RUS", "ASSAULT", "UKR"), ("USA", "CONSULT", None)}
    assert filter_cv.nearest(("RUS", "ASSAULT", "UKR"), gold) == "matched"
    assert filter_cv.nearest(("RUS", "ASSAULT", "POL"), gold) == "same source and type, another target"
    assert filter_cv.nearest(("USA", "CONSULT", "CHN"), gold) == "same source and type, no target there"
    assert filter_cv.nearest(("BLR", "ASSAULT", "UKR"), gold) == "same type and target, another source"
    assert filter_cv.nearest(("UKR", "ACCUSE", "RUS"), gold) == "same actors, another type"
    assert filter_cv.nearest(("CHN", "ASSAULT", "TWN"), gold) == "its type there, between other actors"
    assert filter_cv.nearest(("CHN", "AID", "TWN"), gold) == "its type not there"
    assert filter_cv.nearest(("CHN", "AID", "TWN"), set()) == "the text has none"


def _record(rid, events):
    return NewsRecord(id=rid, line=1, text="A statement we wrote.", date=dt.date(2025, 1, 1), split="train",
                      events=tuple(GoldEvent(source=s, event=e, target=t, factuality="asserted", alt_event=alt)
                                   for s, e, t, alt in events))


def test_lost_gold_triples_say_whether_the_filter_dropped_them():
    parsed = [(_record("a", [("RUS", "ASSAULT", "UKR", None), ("RUS", "ASSAULT", "UKR", None),
                             ("UKR", "ACCUSE", "RUS", None)]), None, None),
              (_record("b", [("ISR", "COERCE", "PSE", "ASSAULT")]), None, None),
              (_record("c", []), None, None)]
    rows = [(0, ("RUS", "ASSAULT", "UKR"), [], 1), (0, ("UKR", "ACCUSE", "RUS"), [], 1),
            (0, ("UKR", "PROTEST", "RUS"), [], 0),
            (1, ("ISR", "ASSAULT", "PSE"), [], 1),  # the gold's alternative type: a match
            (2, ("FRA", "SANCTION", "IRN"), [], 0)]
    keep = [True, False, True, True, True]
    classes = filter_cv.error_classes(parsed, rows, keep)["statements"]
    # the ACCUSE was a candidate the filter dropped; the repeated ASSAULT counts once and is matched
    assert classes["gold"] == {"dropped by the filter: same actors, another type": 1}
    assert classes["coded"] == {"same actors, another type": 1, "the text has none": 1}
