"""Event dates: a bare number is not a year, an event that happened is not dated after its article,
and every event says how its date was found (article, relative, explicit)."""
import datetime as dt

from detente.coding.when_where import _relative, date_origin_kind

DAY = dt.date(2017, 5, 10)


def test_bare_numbers_clock_times_and_ages_are_not_dates():
    for text in ("52", "1625", "48", "(1625 UTC)", "2051"):
        assert _relative(text, DAY) is None, text


def test_dates_the_text_names_are_read():
    assert _relative("March 3", DAY) == (dt.date(2017, 3, 3), "march 3")
    assert _relative("last year", DAY)[0] == dt.date(2016, 5, 10)
    assert _relative("2016", DAY)[0] == dt.date(2016, 1, 1)
    assert _relative("in 2019", DAY) is None  # a year after the article is no date of a past event


def test_date_origin_kinds():
    assert date_origin_kind("article") == "article"
    assert date_origin_kind("last week") == "relative"
    assert date_origin_kind("march 3") == "explicit" and date_origin_kind("2016") == "explicit"


def test_coded_events_say_how_their_date_was_found(code):
    plain = code("Russian troops shelled the Ukrainian town of Avdiivka, killing 52 civilians.", "2017-05-10")
    assert plain and all(e["date"] == "2017-05-10" for e in plain)
    dated = code("Russian troops shelled the Ukrainian town of Avdiivka on Monday.", "2017-05-10")
    assert dated and dated[0]["date"] == "2017-05-08"
