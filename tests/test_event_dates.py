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


def test_date_precision_of_the_phrases_read():
    from detente.coding.when_where import date_precision
    assert date_precision("article") == "day"
    assert date_precision("yesterday") == "day" and date_precision("monday") == "day"
    assert date_precision("last week") == "week" and date_precision("3 weeks ago") == "week"
    assert date_precision("march") == "month" and date_precision("march 2016") == "month"
    assert date_precision("march 3") == "day" and date_precision("3 march 2017") == "day"
    assert date_precision("2016") == "year" and date_precision("last year") == "year"


def test_a_date_the_text_does_not_give_is_the_articles(code):
    # a count, a clock time and an age are no dates of the events beside them
    for text in ("Turkish police detained 52 protesters for blocking the road to Ankara.",
                 "Syrian jets bombed the town of Idlib (0915 GMT), officials said.",
                 "Kenyan police arrested the opposition leader Raila Odinga, 72, in Nairobi."):
        events = code(text, "2017-05-10")
        assert events, text
        assert all((e["date"], e["date_origin"], e["date_precision"]) == ("2017-05-10", "article", "day")
                   for e in events), (text, events)


def test_events_record_origin_and_precision(code):
    week = code("Russian troops shelled the Ukrainian town of Avdiivka last week.", "2017-05-10")
    assert (week[0]["date"], week[0]["date_origin"], week[0]["date_precision"]) == ("2017-05-03", "relative", "week")
    month = code("Russia imposed sanctions on Ukraine in March.", "2017-05-10")
    assert (month[0]["date"], month[0]["date_origin"], month[0]["date_precision"]) == ("2017-03-01", "explicit", "month")
    year = code("Serbia signed an agreement with Russia in 2016.", "2017-05-10")
    assert (year[0]["date_origin"], year[0]["date_precision"]) == ("explicit", "year")


def test_an_event_that_happened_is_never_dated_after_its_article(code):
    events = code("Russian troops shelled the Ukrainian town of Avdiivka next week.", "2017-05-10")
    assert events and all(e["date"] == "2017-05-10" and e["date_origin"] == "article"
                          for e in events if e["factuality"] in ("asserted", "negated"))


def test_precision_is_stored_shown_and_exported(tmp_path, capsys):
    import json

    from detente.cli import main
    src = tmp_path / "a.txt"
    src.write_text("Russian troops shelled the Ukrainian town of Avdiivka last week.\n")
    db = str(tmp_path / "d.duckdb")
    assert main(["code", str(src), "--db", db, "--date", "2017-05-10", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["events", "--db", db]) == 0
    table = capsys.readouterr().out
    assert "dated by" in table and "relative/week" in table
    assert main(["events", "--db", db, "--format", "jsonl"]) == 0
    rec = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (rec["date_origin"], rec["date_precision"]) == ("relative", "week")
    assert main(["events", "--db", db, "--format", "csv"]) == 0
    header, row = capsys.readouterr().out.splitlines()[:2]
    assert header.startswith("article_id,external_id,outlet,sentence_index,date,date_origin,date_precision,")
    assert ",2017-05-03,relative,week," in row
    assert main(["export", "--db", db, "--format", "plover-jsonl", "--out", str(tmp_path / "p.jsonl")]) == 0
    plover = json.loads((tmp_path / "p.jsonl").read_text().splitlines()[0])
    assert (plover["detente"]["dateOrigin"], plover["detente"]["datePrecision"]) == ("relative", "week")


def test_a_store_from_before_precision_gains_the_column(tmp_path):
    import duckdb

    from detente.store import Store
    from detente.store.schema import MIGRATIONS
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP "
                "DEFAULT current_timestamp)")
    for name, sql in MIGRATIONS:
        if name != "0004_date_precision":
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
    con.execute("INSERT INTO events (id, article_id, sentence_index, event, source_code, date) "
                "VALUES ('e1', 'a1', 0, 'ACCUSE', 'SRB', DATE '2017-01-01')")
    con.close()
    with Store(db) as store:
        assert store.con.execute("SELECT date_precision FROM events").fetchall() == [(None,)]
        assert "0004_date_precision" in {r[0] for r in store.con.execute("SELECT name FROM schema_migrations").fetchall()}


def test_a_date_inside_the_object_is_the_objects_not_the_events(code):
    for text in ("Russia criticized the 2015 nuclear agreement with Iran.",
                 "The Kremlin denied any involvement in the 2015 poisoning of a Russian dissident in London."):
        events = code(text, "2017-05-10")
        assert events, text
        assert all(e["date"] == "2017-05-10" and e["date_origin"] == "article" for e in events), (text, events)
    # the condemnation is the article's; the raid the noun phrase names is of its own day
    both = {e["event"]: e for e in code("NATO condemned the January 29 raid by Russian troops.", "2017-05-10")}
    assert both["ASSAULT"]["date"] == "2017-01-29" and both["ASSAULT"]["date_precision"] == "day"
    assert all(e["date"] == "2017-05-10" for k, e in both.items() if k != "ASSAULT")


def test_a_planned_event_is_dated_ahead_and_a_span_of_days_on_its_first():
    assert _relative("Friday", DAY, ahead=True) == (dt.date(2017, 5, 12), "friday")
    assert _relative("Friday", DAY)[0] == dt.date(2017, 5, 5)
    assert _relative("June 3", DAY, ahead=True)[0] == dt.date(2017, 6, 3)
    assert _relative("June 3", DAY)[0] == dt.date(2016, 6, 3)  # a past June 3 written in May: last year's
    assert _relative("June 7-8", DAY, ahead=True)[0] == dt.date(2017, 6, 7)


def test_coded_planned_meetings_take_the_coming_date(code):
    events = code("Russian and Iranian diplomats will hold consultations in Moscow on June 8.", "2017-05-10")
    planned = [e for e in events if e["factuality"] == "future"]
    assert planned and all((e["date"], e["date_precision"]) == ("2017-06-08", "day") for e in planned)
    friday = [e for e in code("The Serbian president is due to meet Vladimir Putin in Moscow on Friday.", "2017-05-10")
              if e["factuality"] == "future"]
    assert friday and all(e["date"] == "2017-05-12" for e in friday)


def test_rows_stored_before_dates_had_an_origin_show_a_dash():
    from detente.cli.output import dated_by
    assert dated_by({"date_origin": None, "date_precision": None}) == "-"
    assert dated_by({"date_origin": "article", "date_precision": "day"}) == "article"
    assert dated_by({"date_origin": "explicit", "date_precision": "month"}) == "explicit/month"


def test_a_day_named_between_a_speech_verb_and_its_clause_is_the_day_it_was_said(code):
    # the parser hangs "on Sunday" on "invite"; it is when Orban spoke (the Sunday past), not a Sunday to
    # come; after the clause's subject the day is the plan's own
    said = code("Orban said on Sunday he would invite the Swedish prime minister to Budapest.", "2024-03-02")
    assert said and all(e["date"] == "2024-02-25" for e in said)
    planned = code("Orban said he would visit Stockholm on Sunday.", "2024-03-02")
    assert any(e["date"] == "2024-03-03" and e["factuality"] == "future" for e in planned)
    # after "that" the day is inside the reported clause
    opened = code("Orban said that on Sunday he would visit Stockholm.", "2024-03-02")
    assert any(e["date"] == "2024-03-03" and e["factuality"] == "future" for e in opened)
