"""Bad filters are errors, not empty answers (issue 14, item 4), in the Python API, the CLI and the web
API alike (one module: detente/store/filters.py); directories of articles skip their README, SOURCE
and licence files and read plain .md articles (item 8)."""
import pytest
from fastapi.testclient import TestClient

from detente import Store
from detente.cli import main
from detente.errors import DetenteError, NotAnArticle
from detente.ingest import iter_sources
from detente.store.filters import FilterError, check_actor, check_count, check_date, check_event
from detente.web import create_app
from test_relations import build_store

ARTICLES = [
    {"id": "a1", "date": "2024-09-02", "source": "Balkan Wire",
     "text": "Serbia refused to impose sanctions on Russia."},
    {"id": "a2", "date": "2024-10-01", "source": "Daily Herald",
     "text": "Serbia signed an agreement with Russia."},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("filters"), ARTICLES, "filters.duckdb")


@pytest.mark.parametrize("kwargs, message", [
    ({"actor": "Russia"}, "unknown actor 'Russia'; did you mean RUS?"),
    ({"actor": "Moscow"}, "did you mean RUS?"),
    ({"actor": "XYZ"}, "unknown actor 'XYZ' (use a country code like SRB"),
    ({"event": "SANCTONS"}, "unknown event type 'SANCTONS'; did you mean SANCTION?"),
    ({"since": "2017-13-01"}, "since: '2017-13-01' is not a date; use YYYY-MM-DD"),
    ({"until": "05/09/2024"}, "until: '05/09/2024' is not a date"),
    ({"since": "2024-10-01", "until": "2024-09-01"}, "since 2024-10-01 is after until 2024-09-01"),
    ({"limit": -1}, "limit: must be 1 or more, not -1"),
    ({"factuality": "denied"}, "unknown factuality 'denied'"),
])
def test_python_api_bad_filters_raise_one_clear_error(db, kwargs, message):
    with Store(db, read_only=True) as store, pytest.raises(FilterError) as err:
        store.events(**kwargs)
    assert message in str(err.value) and isinstance(err.value, DetenteError)


def test_good_filters_still_answer_and_an_empty_answer_is_an_empty_frame(db):
    with Store(db, read_only=True) as store:
        rus = store.events(actor="rus", event="sanction", since="2024-09-01", until="2024-09-30")
        assert rus["event"].tolist() == ["SANCTION"] and rus["factuality"].tolist() == ["negated"]
        assert store.events(until="2024-09-30")["date"].max().date().isoformat() <= "2024-09-30"
        assert store.events(actor="CHN").empty  # a real country that has no events: an empty answer
        assert len(store.events(limit=1)) == 1
        assert store.events(actor="SRBGOV").empty and store.events(actor="IGOWSTNAT").empty


def test_relations_and_alignment_check_their_actors(db):
    with Store(db, read_only=True) as store:
        with pytest.raises(FilterError, match="b: unknown actor 'XYZ'"):
            store.relations("USA", "XYZ")
        with pytest.raises(FilterError, match="did you mean SRB"):
            store.alignment("Serbia", ["RUS", "WEST"])
        with pytest.raises(FilterError, match="poles: unknown actor 'RUSSIA'; did you mean RUS"):
            store.alignment("SRB", ["RUSSIA", "EU,USA,NATO"])
        with pytest.raises(FilterError, match="limit: must be 0 or more"):
            store.top_dyads(limit=-1)
        assert store.relations("SRB", "RUS", by="year")["events"].sum() >= 1


def test_the_checks_themselves():
    assert check_actor(" srb ") == "SRB" and check_actor("IGOWSTNATMIL") == "IGOWSTNATMIL"
    assert check_actor("ZZZ", known=lambda code: code == "ZZZ") == "ZZZ"  # a user's dictionary code
    assert check_event("DISAPPROVE") == "ACCUSE"  # the 2016 PLOVER name
    assert check_date("2024-09-05").isoformat() == "2024-09-05" and check_date(None) is None
    assert check_count(0, "limit", minimum=0) == 0
    assert check_actor("Nato") == "NATO"
    with pytest.raises(FilterError, match="did you mean NATO"):
        check_actor("NATOO")


def _cli(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize("argv, message", [
    (["--actor", "Russia"], "did you mean RUS?"),
    (["--actor", "XYZ"], "unknown actor 'XYZ'"),
    (["--event", "SANCTONS"], "did you mean SANCTION?"),
    (["--limit", "-1"], "limit: must be 1 or more"),
    (["--since", "05/09/2024"], "--since: '05/09/2024' is not a date; use YYYY-MM-DD"),
])
def test_cli_bad_filters_exit_non_zero_with_one_line(db, capsys, argv, message):
    rc, out, err = _cli(capsys, "events", "--db", str(db), *argv)
    assert rc == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("detente: error:") and message in lines[0]


def test_cli_events_until(db, capsys):
    rc, out, _ = _cli(capsys, "events", "--db", str(db), "--until", "2024-09-30", "--format", "csv")
    assert rc == 0
    assert "2024-09" in out and "2024-10-01" not in out


def test_cli_dates_are_iso_only_and_a_missing_file_is_not_a_text(tmp_path, capsys):
    text = tmp_path / "a.txt"
    text.write_text("Serbia signed an agreement with Russia.", encoding="utf-8")
    rc, _, err = _cli(capsys, "code", str(text), "--db", str(tmp_path / "x.duckdb"), "--date", "05/09/2024")
    assert rc == 1 and "--date: '05/09/2024' is not a date; use YYYY-MM-DD" in err
    rc, out, err = _cli(capsys, "actors", "nothere.jsonl")
    assert rc == 1 and out == "" and "nothere.jsonl: no such file or directory" in err
    rc, out, _ = _cli(capsys, "actors", "Serbia thanked Russia.", "--date", "2024-09-05")
    assert rc == 0 and "RUS" in out  # a sentence is still coded as a text


def test_web_api_answers_422_with_the_message(db):
    with TestClient(create_app(db)) as client:
        for url, message in [("/api/events?actor=XYZ", "unknown actor 'XYZ'"),
                             ("/api/events?actor=Russia", "did you mean RUS?"),
                             ("/api/events?event=SANCTONS", "did you mean SANCTION?"),
                             ("/api/dyads/USA/XYZ", "b: unknown actor 'XYZ'"),
                             ("/api/alignment?actor=SRB&pole_a=RUS", "give both poles or neither"),
                             ("/api/alignment?actor=SRB&pole_a=RUS&pole_b=EU,XYZ", "pole_b: unknown actor 'XYZ'"),
                             ("/api/alignment?actor=SRB&sectors=GOVV", "unknown sector 'GOVV'")]:
            r = client.get(url)
            assert r.status_code == 422, url
            assert message in r.json()["error"]["message"], url
        ok = client.get("/api/events?actor=srb&event=sanction")
        assert ok.status_code == 200 and ok.json()["total"] == 1


# -- input folders ---------------------------------------------------------------------------------
def test_a_folder_skips_its_papers_and_reads_markdown(tmp_path):
    (tmp_path / "SOURCE.txt").write_text("Collected by hand from wire copy.", encoding="utf-8")
    (tmp_path / "README.md").write_text("# About\nThese are test articles.", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("CC0", encoding="utf-8")
    (tmp_path / "talks.md").write_text("# Belgrade and Beijing\n\nSerbia signed an agreement with China.\n",
                                       encoding="utf-8")
    (tmp_path / "sanctions.txt").write_text("Serbia refused to impose sanctions on Russia.", encoding="utf-8")
    items = list(iter_sources([str(tmp_path)], None))
    skipped = sorted(i.path.rsplit("/", 1)[-1] for i in items if isinstance(i, NotAnArticle))
    assert skipped == ["LICENSE", "README.md", "SOURCE.txt"]
    assert all(i.code == "E130" for i in items if isinstance(i, NotAnArticle))
    articles = {a.title: a for a in items if not isinstance(a, DetenteError)}
    assert sorted(articles) == ["Belgrade and Beijing", "sanctions"]
    assert articles["Belgrade and Beijing"].text == "Serbia signed an agreement with China."


def test_a_folder_run_reports_skipped_files_and_does_not_fail(tmp_path, capsys):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "README.txt").write_text("Articles for the test.", encoding="utf-8")
    (folder / "one.md").write_text("Serbia signed an agreement with China.", encoding="utf-8")
    rc, _, err = _cli(capsys, "code", str(folder), "--db", str(tmp_path / "f.duckdb"), "--date", "2024-09-05",
                      "--quiet")
    assert rc == 0
    assert "detente: skipped:" in err and "README.txt: not an article" in err and "[E130]" in err
    assert "1 article(s) coded" in err and "1 file(s) not articles (skipped)" in err
    with Store(tmp_path / "f.duckdb", read_only=True) as store:
        assert store.articles()["path"].str.endswith("one.md").tolist() == [True]


def test_code_text_takes_iso_dates_only():
    from detente import code_text
    from detente.errors import DateError
    with pytest.raises(DateError, match="'05/09/2024' is not a date; use YYYY-MM-DD"):
        code_text("Serbia thanked Russia.", "05/09/2024")
