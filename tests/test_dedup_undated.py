"""A report without a date is never merged into a dated happening by arithmetic on a missing day
(NaT is the smallest int64: "dated minus undated" overflowed and wrapped to "within the window")."""
import warnings

import pandas as pd

from detente.relations.dedup import assign


def _frames(dates):
    events = pd.DataFrame({
        "article_id": [f"a{i}" for i in range(len(dates))], "sentence_index": [0] * len(dates),
        "event": ["ASSAULT"] * len(dates), "mode": [""] * len(dates), "factuality": ["asserted"] * len(dates),
        "source_code": ["RUS"] * len(dates), "source_org": [None] * len(dates),
        "target_code": ["UKR"] * len(dates), "target_org": [None] * len(dates),
        "location_name": [None] * len(dates), "date": pd.to_datetime(dates),
    })
    articles = pd.DataFrame({
        "id": [f"a{i}" for i in range(len(dates))], "url": [f"https://example.org/{i}" for i in range(len(dates))],
        "external_id": [None] * len(dates), "path": [""] * len(dates), "source": ["Example"] * len(dates),
    })
    return events, articles


def test_an_undated_report_is_its_own_happening():
    events, articles = _frames([None, "2024-03-01", "2024-03-02"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the overflow warned before
        out = assign(events, articles, window_days=3)
    ids = out.set_index("article_id")["happening_id"]
    assert ids["a1"] == ids["a2"]  # two days apart: one happening
    assert ids["a0"] != ids["a1"]  # no date: not merged into it


def test_dated_reports_still_split_by_the_window():
    events, articles = _frames(["2024-03-01", "2024-03-09"])
    ids = assign(events, articles, window_days=3).set_index("article_id")["happening_id"]
    assert ids["a0"] != ids["a1"]
