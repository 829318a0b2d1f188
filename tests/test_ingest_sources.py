"""Every source kind, on small files written here: HTML pages, RSS/Atom feeds (local files; a dead
loopback link stands for being offline), CSV with a column mapping, gzip'd files, globs and
directories, and datelines. Bad records are one error each, naming file and line; the good ones beside
them are read."""
from __future__ import annotations

import datetime as dt
import gzip
import os

import pytest

from detente.errors import DateError, InputError
from detente.ingest import ReadOptions, count_records, iter_sources, parse_dateline
from detente.model import Article

PAGE = """<html><head><title>Serbia rules out sanctions | Balkan Wire</title>
<meta property="og:site_name" content="Balkan Wire">
<meta property="article:published_time" content="2024-09-05T08:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>Serbia rules out sanctions</h1>
<p>BELGRADE, Sept 5 (Reuters) - Serbia will not impose sanctions against Moscow, Deputy Prime Minister
Aleksandar Vulin said on Thursday after a meeting with President Vladimir Putin in Vladivostok.</p>
<p>Vulin said the government would keep its military neutrality and would not join NATO, despite
pressure from Brussels and Washington to align its foreign policy with the European Union.</p>
</article><footer>Copyright Balkan Wire. All rights reserved.</footer></body></html>"""

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire Feed</title>
<item><title>Talks in Geneva</title><link>http://127.0.0.1:9/talks</link>
<pubDate>Tue, 03 Sep 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;France and Germany held talks with Ukraine in Geneva on Tuesday.&lt;/p&gt;</description></item>
<item><title>No date here</title><link>http://127.0.0.1:9/nodate</link>
<description>MOSCOW, February 7. /TASS/. Russia condemned the new sanctions imposed by the European Union.</description></item>
<item><title>Empty</title><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Visit</title><id>urn:1</id><updated>2024-05-02T09:00:00Z</updated>
<content type="html">&lt;p&gt;Japan's prime minister visited China and criticized the military drills.&lt;/p&gt;</content>
</entry></feed>"""


def _articles(items):
    return [i for i in items if isinstance(i, Article)]


def _errors(items):
    return [i for i in items if isinstance(i, InputError)]


def test_html_page_gives_text_title_date_and_site(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    [a] = list(iter_sources([str(tmp_path / "page.html")]))
    assert isinstance(a, Article)
    assert a.text.startswith("BELGRADE, Sept 5 (Reuters) - Serbia will not impose sanctions")
    assert "Copyright" not in a.text and "Home | World" not in a.text
    assert a.title.startswith("Serbia rules out sanctions")
    assert a.date == dt.date(2024, 9, 5) and a.date_origin == "metadata"
    assert a.source == "Balkan Wire"


def test_html_without_article_text_is_one_error(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    [err] = list(iter_sources([str(tmp_path / "empty.html")]))
    assert isinstance(err, InputError) and "empty.html" in str(err) and "no article text" in str(err)


def test_rss_feed_offline_is_one_line_and_entries_keep_their_summaries(tmp_path):
    feed = tmp_path / "wire.rss"
    feed.write_text(RSS, encoding="utf-8")
    items = list(iter_sources([str(feed)], options=ReadOptions(timeout=2.0)))
    arts, errs = _articles(items), _errors(items)
    # entry 1: short body, its link is dead (nothing listens on 127.0.0.1:9): one error, summary kept
    assert any("wire.rss:1" in str(e) and "cannot fetch http://127.0.0.1:9/talks" in str(e) for e in errs)
    assert sum("cannot fetch" in str(e) for e in errs) == 1  # not one line per entry
    assert all("\n" not in str(e) for e in errs)
    first = next(a for a in arts if a.title == "Talks in Geneva")
    assert first.text == "France and Germany held talks with Ukraine in Geneva on Tuesday."
    assert first.date == dt.date(2024, 9, 3) and first.url == "http://127.0.0.1:9/talks"
    assert first.source == "Wire Feed"
    # entry 2: no pubDate, the TASS dateline gives the day, --date the year
    assert not any(a.title == "No date here" for a in arts)  # no year anywhere: an error, not a guess
    assert any("wire.rss:2" in str(e) and isinstance(e, DateError) for e in errs)
    items = list(iter_sources([str(feed)], options=ReadOptions(date=dt.date(2024, 3, 1), fetch=False)))
    second = next(a for a in _articles(items) if a.title == "No date here")
    assert second.date == dt.date(2024, 2, 7) and second.date_origin == "dateline"
    assert not any("cannot fetch" in str(e) for e in _errors(items))  # --no-fetch: no network at all
    # entry 3 has no text
    assert any("wire.rss:3" in str(e) and "no text" in str(e) for e in _errors(items))


def test_atom_feed_and_gzip(tmp_path):
    path = tmp_path / "wire.atom.gz"
    path.write_bytes(gzip.compress(ATOM.encode()))
    [a] = list(iter_sources([str(path)], options=ReadOptions(fetch=False)))
    assert a.date == dt.date(2024, 5, 2) and "Japan's prime minister visited China" in a.text


def test_not_a_feed(tmp_path):
    (tmp_path / "data.xml").write_text("<root><a>1</a></root>", encoding="utf-8")
    [err] = list(iter_sources([str(tmp_path / "data.xml")]))
    assert isinstance(err, InputError) and "not an RSS/Atom feed" in str(err)


def test_csv_with_column_mapping_and_bad_rows(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(
        "article_id,publish_date,headline,body\n"
        "7,2017/2/7,Ankara talks,\"Turkey and Russia signed an agreement.\nA second line, inside the cell.\"\n"
        "8,yesterday-ish,Bad date,Germany criticized Hungary.\n"
        "9,2017/2/9,No text,\n"
        "10,,Dateline,\"PARIS, March 3, 2016 (AFP) - France condemned the attack.\"\n", encoding="utf-8")
    opts = ReadOptions(text_col="body", date_col="publish_date", id_col="article_id", title_col="headline")
    items = list(iter_sources([str(path)], options=opts))
    arts, errs = _articles(items), _errors(items)
    assert [a.external_id for a in arts] == ["7", "10"]
    assert arts[0].date == dt.date(2017, 2, 7) and arts[0].title == "Ankara talks"
    assert arts[0].text.endswith("inside the cell.") and arts[0].path.endswith("news.csv:2")
    assert arts[1].date == dt.date(2016, 3, 3) and arts[1].date_origin == "dateline" and arts[1].source == "AFP"
    assert any("news.csv:4" in str(e) and "date" in str(e) for e in errs)  # the row after a 2-line cell
    assert any("news.csv:5" in str(e) and "no text" in str(e) for e in errs)
    assert count_records([str(path)], opts) == 4


def test_csv_missing_text_column_names_the_option(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    [err] = list(iter_sources([str(path)]))
    assert "no column 'text'" in str(err) and "--text-col" in str(err) and "x.csv:1" in str(err)


def test_csv_bad_bytes_spoil_only_their_row(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"id,date,text\n1,2024-01-01,Caf\xe9 owners protested.\n2,2024-01-01,Chile praised Peru.\n")
    items = list(iter_sources([str(path)]))
    assert [a.external_id for a in _articles(items)] == ["2"]
    assert any("x.csv:2" in str(e) and "UTF-8" in str(e) for e in _errors(items))


def test_gzip_jsonl_txt_globs_and_directories(tmp_path):
    (tmp_path / "a").mkdir()
    with gzip.open(tmp_path / "a" / "day.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write('{"id": "1", "date": "2024-01-02", "text": "France condemned Russia."}\n{bad json\n')
    (tmp_path / "a" / "note.txt.gz").write_bytes(gzip.compress(b"Japan criticised China."))
    (tmp_path / "a" / "skip.bin").write_bytes(b"\x00")
    (tmp_path / "broken.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    items = list(iter_sources([str(tmp_path / "a")], date=dt.date(2024, 1, 5)))
    assert sorted(a.text for a in _articles(items)) == ["France condemned Russia.", "Japan criticised China."]
    assert any("day.jsonl.gz:2" in str(e) for e in _errors(items))
    note = next(a for a in _articles(items) if a.text.startswith("Japan"))
    assert note.title == "note" and note.date == dt.date(2024, 1, 5)
    globbed = list(iter_sources([str(tmp_path / "a" / "*.gz")], date=dt.date(2024, 1, 5)))
    assert len(_articles(globbed)) == 2
    [err] = list(iter_sources([str(tmp_path / "broken.jsonl.gz")]))
    assert isinstance(err, InputError) and "broken.jsonl.gz" in str(err) and "gzip" in str(err)
    [err] = list(iter_sources([str(tmp_path / "nothing-*.csv")]))
    assert "no readable files match" in str(err)


def test_dateline_forms():
    d = parse_dateline("BELGRADE, Sept 5 (Reuters) - Serbia will not impose sanctions.")
    assert (d.place, d.month, d.day, d.agency) == ("Belgrade", 9, 5, "Reuters")
    assert d.date(dt.date(2024, 9, 10)) == dt.date(2024, 9, 5)
    assert d.date(dt.date(2024, 9, 1)) == dt.date(2023, 9, 5)  # never after the reference date
    d = parse_dateline("MOSCOW, February 7. /TASS/. Russia and China held talks.")
    assert (d.place, d.month, d.day, d.agency) == ("Moscow", 2, 7, "TASS")
    d = parse_dateline("KYIV, Ukraine (AP) — Russian forces shelled the city.")
    assert (d.place, d.agency, d.month) == ("Kyiv", "AP", None)
    assert parse_dateline("PARIS, March 3, 2024 (AFP) - x").date(None) == dt.date(2024, 3, 3)
    assert parse_dateline("The President said on Monday - nothing.") is None
    assert parse_dateline("U.S. officials said the talks failed.") is None


def test_txt_dateline_date_takes_the_year_from_the_file(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text("BELGRADE, Sept 5 (Reuters) - Serbia will not impose sanctions against Moscow.")
    stamp = dt.datetime(2024, 9, 6, 12).timestamp()
    os.utime(path, (stamp, stamp))
    [a] = list(iter_sources([str(path)]))
    assert a.date == dt.date(2024, 9, 5) and a.date_origin == "dateline" and a.source == "Reuters"


def test_feed_url_offline_is_one_clear_line():
    [err] = list(iter_sources(["http://127.0.0.1:9/feed.rss"], options=ReadOptions(timeout=2.0)))
    assert isinstance(err, InputError)
    assert str(err).startswith("http://127.0.0.1:9/feed.rss: cannot fetch") and "\n" not in str(err)
