"""The store-wide table of happenings behind the API's dyad time lines and alignment
(detente/web/happenings.py): the same answers as merging each question's own reports, and a date
range that counts a happening where its first report is (docs/web.md, "One table of happenings")."""
import datetime as dt

import duckdb
from fastapi.testclient import TestClient

from detente import Store
from detente.model import Article
from detente.pipeline import CodedArticle
from detente.store.reviews import define_views
from detente.web import create_app, series as S
from detente.web.cache import AnswerCache
from test_api import build_store, event, get


def _accusations(db, days):
    """One report of "Russia accused NATO" per day in ``days``, each from another outlet."""
    arts = [Article.make(f"Russia accused NATO of aggression, day {i}.", day, source=f"Wire {i}")
            for i, day in enumerate(days)]
    with Store(db) as store:
        store.write([CodedArticle(a, [], [event(a, 0, 0, "ACCUSE", ("RUS", "Russia"), ("NATO", "NATO"), "accused",
                                                "112", -2.0, 3)], {}) for a in arts])


def test_a_happening_across_a_range_edge_counts_once_where_it_began(tmp_path):
    db = tmp_path / "edge.duckdb"
    _accusations(db, [dt.date(2024, 1, 31), dt.date(2024, 2, 2)])  # one act, reported twice
    with TestClient(create_app(db)) as client:
        whole = get(client, "/api/dyads/RUS/NATO?period=month")
        assert (whole["total"], whole["mentions"]) == (1, 2)
        assert [(s["period"], s["n"], s["mentions"]) for s in whole["series"]] == [
            ("2024-01-01", 1, 2), ("2024-02-01", 0, 0)]
        january = get(client, "/api/dyads/RUS/NATO?period=month&since=2024-01-01&until=2024-01-31")
        february = get(client, "/api/dyads/RUS/NATO?period=month&since=2024-02-01&until=2024-02-29")
        # The whole happening (both reports) is January's; February has none: the ranges add up.
        assert (january["total"], january["mentions"]) == (1, 2)
        assert february["total"] == 0
        assert january["total"] + february["total"] == whole["total"]
        # The same in the alignment: one signal, in January.
        months = get(client, "/api/alignment?actor=RUS&pole_a=NATO&pole_b=CHN&period=month"
                             "&since=2024-01-01&until=2024-02-29")
        assert [(p["period"], p["poles"].get("NATO", {}).get("events", 0)) for p in months["series"]] == [
            ("2024-01-01", 1), ("2024-02-01", 0)]


def test_the_table_answers_as_merging_each_questions_reports(tmp_path):
    db = tmp_path / "world.duckdb"
    build_store(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        define_views(con)
        holder = AnswerCache(db, max_entries=1, max_bytes=2**40)
        assert S.store_happenings(con, holder) is not None
        for a, b in (("RUS", "NATO"), ("SRB", "RUS"), ("USA", "RUS"), ("HUN", "RUS"), ("USA", "CHN")):
            span = (dt.date(2023, 1, 1), dt.date(2024, 12, 31))
            f = S.Q.EventFilter(pair=(a, b), since=span[0], until=span[1])
            for period in ("week", "month", "year"):
                for fact in ("all", "asserted", "negated"):
                    merged = S.dyad_timeline(con, a, b, f, period, fact, span)
                    table = S.dyad_timeline(con, a, b, f, period, fact, span, store=holder)
                    assert table == merged, (a, b, period, fact)
        for actor, poles in (("SRB", ["RUS", "WEST"]), ("HUN", ["RUS", "USA"]), ("USA", ["RUS", "CHN"])):
            for period in ("month", "year"):
                assert (S.alignment(con, actor, poles, period, None, None, store=holder)
                        == S.alignment(con, actor, poles, period, None, None)), (actor, poles, period)
        # Review mode keeps nothing: no table, each question merges its own reports.
        assert S.store_happenings(con, AnswerCache(db, max_entries=0)) is None
    finally:
        con.close()
