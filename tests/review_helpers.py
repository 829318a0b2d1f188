"""Shared by the review tests: a short text written for them, coded by the rules, in a fresh store."""
import pytest

from detente import Store

TEXT = ("Serbia imposed sanctions on Russia on Monday. The German government criticised Turkey over the arrests. "
        "France met Italy in Rome to discuss trade.")


@pytest.fixture(scope="module")
def coded():
    from detente import code_text
    return code_text(TEXT, "2024-09-05", coder="rules", title="Written for the review tests",
                     url="https://example.org/review")


@pytest.fixture()
def db(tmp_path, coded):
    path = tmp_path / "reviews.duckdb"
    with Store(path) as s:
        s.write([coded])
    return path


def event_id(coded, kind):
    return next(e.id for e in coded.events if e.event == kind)
