"""Article.make reads the date a library user gives: a date, a datetime or ISO text; a value that is
none of these is one clear DateError at once, not a TypeError per article inside the actor stage."""
import datetime as dt

import pytest

from detente.errors import DateError
from detente.model import Article


@pytest.mark.parametrize("given", [dt.date(2017, 3, 1), dt.datetime(2017, 3, 1, 16, 25), "2017-03-01", " 2017-03-01 "])
def test_a_date_datetime_or_iso_text_is_the_article_s_day(given):
    assert Article.make("Portugal praised Chile.", given).date == dt.date(2017, 3, 1)


@pytest.mark.parametrize("given", ["1 March 2017", "2017-13-01", "", None, 20170301])
def test_anything_else_is_a_date_error_that_names_the_value(given):
    with pytest.raises(DateError) as err:
        Article.make("Portugal praised Chile.", given)
    assert repr(given) in str(err.value) and "YYYY-MM-DD" in str(err.value)


def test_an_article_dated_by_iso_text_is_coded_with_its_people_on_that_day():
    """The path that failed: a person's office is looked up on the article's day (actors/gazetteer.py)."""
    from detente.api import default_coder
    coded = next(default_coder().code_all([Article.make(
        "Russian President Vladimir Putin met Serbian President Aleksandar Vucic in Moscow.", "2019-01-17")]))
    assert coded.article.date == dt.date(2019, 1, 17)
    assert {(e.source.code, e.event, e.target.code if e.target else None) for e in coded.events} & {
        ("RUS", "CONSULT", "SRB"), ("SRB", "CONSULT", "RUS")}
