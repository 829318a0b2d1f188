"""Reviews in the store (detente/store/reviews.py): the coder's rows are never changed, the reviewed
reading wins for every reader, --coder-only shows the raw output, and an acknowledged review
survives kill -9."""
import os
import signal
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from conftest import ROOT
from review_helpers import TEXT, coded, db, event_id  # noqa: F401 (fixtures)
from detente.errors import QueryError
from detente import Store
from detente.store.reviews import ReviewWriter, history, sentence_at





def by_event(coded, kind):
    return next(e for e in coded.events if e.id == event_id(coded, kind))


def raw_events(store):
    return store.con.execute("SELECT * FROM events ORDER BY id").fetchall()


def test_migration_is_named_0005_reviews(db):
    with Store(db, read_only=True) as s:
        names = [r[0] for r in s.con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]
        assert "0005_reviews" in names
        assert s.con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_correction_wins_and_coder_rows_stay(db, coded):
    sanction = by_event(coded, "SANCTION")
    with Store(db) as s:
        before = raw_events(s)
        row = ReviewWriter(s.con, "ana").review(sanction.id, "correct", {"target": "Ukraine", "factuality": "negated"})
        assert (row["reviewer"], row["action"], row["coder_version"]) == ("ana", "correct", sanction.coder_version)
        assert raw_events(s) == before  # never overwritten
        df = s.query_events()
    got = df[df.id == sanction.id].iloc[0]
    assert (got.source_code, got.event, got.target_code, got.target_name, got.factuality, bool(got.reviewed)) == \
        ("SRB", "SANCTION", "UKR", "Ukraine", "negated", True)
    assert not df[df.id != sanction.id].reviewed.any()
    with Store(db, read_only=True, coder_only=True) as s:
        raw = s.query_events()
    got = raw[raw.id == sanction.id].iloc[0]
    assert (got.target_code, got.factuality, bool(got.reviewed)) == ("RUS", "asserted", False)


def test_corrections_build_on_each_other_and_keep_history(db, coded):
    sanction = by_event(coded, "SANCTION")
    with Store(db) as s:
        w = ReviewWriter(s.con, "ana")
        w.review(sanction.id, "correct", {"target": "UKR"})
        w.review(sanction.id, "correct", {"event": "THREATEN", "factuality": "future"})
        got = s.query_events(article_id=coded.article.id)
        steps = [(h["action"], h["event"], h["target_code"]) for h in history(s.con, sanction.id)]
    row = got[got.id == sanction.id].iloc[0]
    # the second correction keeps the first one's target; a new type brings its own CAMEO code
    assert (row.event, row.target_code, row.factuality) == ("THREATEN", "UKR", "future")
    assert row.cameo.startswith("13") and row.quad_class == 3
    assert steps == [("correct", "SANCTION", "UKR"), ("correct", "THREATEN", "UKR")]


def test_reject_hides_and_confirm_restores(db, coded):
    accuse = by_event(coded, "ACCUSE")
    with Store(db) as s:
        w = ReviewWriter(s.con, "ben")
        w.review(accuse.id, "reject")
        assert accuse.id not in set(s.query_events().id)
        assert accuse.id in {r[0] for r in s.con.execute("SELECT id FROM events").fetchall()}
        with pytest.raises(QueryError, match="rejected"):
            w.review(accuse.id, "correct", {"factuality": "negated"})
        w.review(accuse.id, "confirm")
        df = s.query_events()
    assert bool(df[df.id == accuse.id].iloc[0].reviewed)


def test_added_event_has_its_trigger_and_sentence(db, coded):
    at = TEXT.index("discuss")
    with Store(db) as s:
        row = ReviewWriter(s.con, "ana").add(coded.article.id, at, at + len("discuss"),
                                             {"event": "CONSULT", "source": "France", "target": "ITA GOV"})
        df = s.query_events(event="CONSULT")
    added = df[df.id == row["event_id"]].iloc[0]
    assert (added.source_code, added.target_code, added.target_sector, added.trigger, added.rule) == \
        ("FRA", "ITA", "GOV", "discuss", "review")
    assert added.sentence == "France met Italy in Rome to discuss trade." and added.sentence_index == 2
    assert str(added.date)[:10] == "2024-09-05" and bool(added.reviewed)


@pytest.mark.parametrize("action,changes,message", [
    ("correct", {"event": "SMILE"}, "unknown PLOVER type"),
    ("correct", {"target": "Atlantis"}, "unknown actor"),
    ("correct", {"factuality": "maybe"}, "unknown factuality"),
    ("correct", {"speaker": "x"}, "cannot change speaker"),
    ("correct", {}, "at least one"),
    ("confirm", {"event": "AID"}, "takes no changes"),
    ("approve", {}, "unknown review action"),
])
def test_bad_reviews_are_refused_and_store_unchanged(db, coded, action, changes, message):
    with Store(db) as s:
        with pytest.raises(QueryError, match=message):
            ReviewWriter(s.con, "ana").review(coded.events[0].id, action, changes)
        assert s.con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_bad_additions_and_reviewers_are_refused(db, coded):
    with Store(db) as s:
        w = ReviewWriter(s.con, "ana")
        with pytest.raises(QueryError, match="not within the article"):
            w.add(coded.article.id, 5, 10_000, {"event": "AID", "source": "FRA"})
        with pytest.raises(QueryError, match="no article"):
            w.add("nope", 0, 3, {"event": "AID", "source": "FRA"})
        with pytest.raises(QueryError, match="source"):
            w.add(coded.article.id, 0, 3, {"event": "AID"})
        with pytest.raises(QueryError, match="no event"):
            w.review("nope", "confirm")
        with pytest.raises(QueryError, match="reviewer"):
            ReviewWriter(s.con, " ")
        assert s.con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_store_from_before_reviews_reads_coder_output(tmp_path, coded):
    path = tmp_path / "old.duckdb"
    with Store(path) as s:
        s.write([coded])
        s.con.execute("DROP TABLE reviews")
        s.con.execute("DELETE FROM schema_migrations WHERE name = '0005_reviews'")
    with Store(path, read_only=True) as s:
        df = s.query_events()
    assert len(df) == len(coded.events) and not df.reviewed.any()


def test_sentence_at_splits_on_punctuation():
    assert sentence_at("One. Two words! Three?", 6) == (1, "Two words!")
    assert sentence_at("Only one", 2) == (0, "Only one")


def test_kill_9_after_acknowledgement_loses_nothing(db, coded):
    """A writer acknowledges reviews one by one and is killed with SIGKILL while writing more; every
    review it acknowledged is in the store afterwards."""
    script = textwrap.dedent(f"""
        import sys
        from detente.store import Store
        from detente.store.reviews import ReviewWriter
        s = Store({str(db)!r})
        w = ReviewWriter(s.con, "ana")
        n = 0
        while True:
            w.review({coded.events[0].id!r}, "confirm")
            n += 1
            print(n, flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    acknowledged = 0
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 25:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(db) as s:
        stored = s.con.execute("SELECT count(*) FROM reviews").fetchone()[0]
    assert stored >= acknowledged >= 25


def test_unchanged_actors_keep_details_and_changed_ones_lose_the_coder_span(db, coded):
    """The web form sends both actors back: the one left alone keeps the coder's sector, reason and
    span; the replaced one has no span in the text (it marked the old actor's words)."""
    accuse = by_event(coded, "ACCUSE")  # DEU GOV → TUR
    with Store(db) as s:
        ReviewWriter(s.con, "ana").review(accuse.id, "correct", {"source": "DEU", "target": "GRC", "mode": "disapprove"})
        row = s.query_events(event="ACCUSE").iloc[0]
    assert (row.source_sector, row.source_cameo, row.target_code, row.cameo) == ("GOV", "DEUGOV", "GRC", accuse.cameo)
    assert row.source_start == accuse.evidence.source_span[0]
    assert pd.isna(row.target_start) and pd.isna(row.target_end)


def test_added_event_can_be_corrected_rejected_and_restored(db, coded):
    at = TEXT.index("discuss")
    with Store(db) as s:
        w = ReviewWriter(s.con, "ana")
        added = w.add(coded.article.id, at, at + 7, {"event": "CONSULT", "source": "FRA", "target": "ITA"})["event_id"]

        def now():
            df = s.query_events()
            rows = df[df.id == added]
            return None if rows.empty else tuple(rows.iloc[0][["event", "factuality", "trigger", "rule"]])
        w.review(added, "correct", {"factuality": "future"})
        assert now() == ("CONSULT", "future", "discuss", "review")
        w.review(added, "reject")
        assert now() is None
        w.review(added, "confirm")
        assert now() == ("CONSULT", "asserted", "discuss", "review")
