"""Fuzzing the edge: whatever bytes arrive, readers and date parsing yield Articles or Détente's own
coded errors, never anything else, and every record is accounted for (nothing lost silently).

CI runs DETENTE_FUZZ_EXAMPLES (default 200) cases per target; bench/fuzz_parsers.py runs the same
targets for much longer and reports how many cases ran."""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import DateError, DetenteError, InputError
from detente.ingest import iter_sources, parse_date
from detente.model import Article

EXAMPLES = int(os.environ.get("DETENTE_FUZZ_EXAMPLES", "200"))
# CI runs the same cases every time (a red build must be reproducible); bench/fuzz_parsers.py sets
# DETENTE_FUZZ_EXAMPLES and explores new ones on every run.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize="DETENTE_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
CASES: Counter = Counter()  # target → cases run (read by bench/fuzz_parsers.py)

# -- strategies ---------------------------------------------------------------------------------
WORDS = ["Serbia", "Russia", "NATO", "will", "not", "impose", "sanctions", "on", "Moscow", "met", "the",
         "President", "Vučić", "said", "\u200b", "\u202e", "\u00a0", "'s", "\n\n", ".", "“", "”", "中国",
         "руски", "🙂", "\ufeff", "\x00", "\t", "\r", "\\", '"']
news_text = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
date_text = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d %B %Y")),
    st.from_regex(r"[0-9]{0,5}[-/. ][0-9]{0,3}[-/. ][0-9]{0,5}( [0-9]{1,2}:[0-9]{2})?", fullmatch=True),
    st.sampled_from(["", " ", "March 5", "Tuesday", "10:00", "yesterday", "2024-02-30", "0000-00-00",
                     "9999-12-31", "1799-12-31", "2201-01-01", "1e10", "NaN", "２０２４-０１-０１"]),
    st.text(max_size=30),
)
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
json_value = st.recursive(json_scalar, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c,
                                                                                            max_size=3),
                          max_leaves=8)
record = st.fixed_dictionaries({}, optional={
    "id": st.one_of(json_value, st.text(max_size=20)),
    "date": st.one_of(date_text, json_value),
    "text": st.one_of(news_text, st.text(), json_value),
    "title": st.one_of(st.text(max_size=30), json_value),
    "url": st.text(max_size=30), "source": st.text(max_size=10)})
# Fragments JSON may carry but Python strings cannot encode: lone surrogate escapes.
SURROGATES = ['"\\ud800"', '"\\udfff x"', '"Serbia \\udc80 met Russia."']


def _mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """Byte-level damage: each edit (kind, position, byte) deletes, replaces or inserts a byte."""
    buf = bytearray(data)
    for kind, pos, byte in edits:
        if not buf:
            buf.append(byte)
            continue
        pos %= len(buf)
        if kind == 0:
            del buf[pos]
        elif kind == 1:
            buf[pos] = byte
        else:
            buf.insert(pos, byte)
    return bytes(buf)


edits = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10**6), st.integers(0, 255)), max_size=6)
jsonl_line = st.one_of(
    record.map(lambda r: json.dumps(r).encode()),
    record.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    st.tuples(record, st.sampled_from(SURROGATES)).map(
        lambda rs: json.dumps({**rs[0], "text": "@@"}).replace('"@@"', rs[1]).encode()),
    st.tuples(record.map(lambda r: json.dumps(r).encode()), edits).map(lambda t: _mutate(*t)),
    st.binary(max_size=200),
    st.text(max_size=100).map(lambda t: t.encode("utf-8")),
    st.sampled_from([b"[" * 5000 + b"]" * 5000, b'{"text": "x", "id": ' + b"9" * 5000 + b"}", b"\xef\xbb\xbf{}",
                     b"null", b"[]", b'"text"', b"{" * 100000]),
)


def _check_article(a: Article) -> None:
    from detente.language import screen, visible
    assert isinstance(a.text, str)
    if not visible(a.text):  # e.g. a text of one BOM: cleaned to nothing, the gate must report it
        assert isinstance(screen(a), InputError) and "no visible text" in str(screen(a))
    assert isinstance(a.date, dt.date) and 1800 <= a.date.year <= 2200
    assert a.id and len(a.id) == 20


def _check_error(e: DetenteError) -> None:
    msg = str(e)
    assert "\n" not in msg and len(msg) < 400, msg  # one short line naming where
    assert msg.endswith("]") and e.code.startswith("E")


# -- targets ------------------------------------------------------------------------------------
@FUZZ
@given(st.one_of(date_text, json_value, st.dates(), st.datetimes()))
def test_parse_date_raises_only_date_errors(value):
    CASES["parse_date"] += 1
    try:
        d = parse_date(value, path="x.jsonl", line=3)
    except DateError as exc:
        _check_error(exc)
        return
    assert isinstance(d, dt.date)
    if isinstance(value, str):
        assert 1800 <= d.year <= 2200
        assert parse_date(d.isoformat()) == d  # what it returns reads back as itself


@FUZZ
@given(st.lists(jsonl_line, min_size=0, max_size=8))
def test_jsonl_reader_accounts_for_every_line(lines):
    CASES["jsonl_reader"] += 1
    lines = [ln.replace(b"\n", b" ") for ln in lines]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.jsonl"
        path.write_bytes(b"\n".join(lines))
        items = list(iter_sources([str(path)]))
    content = [ln for ln in lines if ln.strip()]
    # one Article or one error per non-blank line; an "empty file" error when there is none
    assert len(items) == (len(content) or 1)
    for item in items:
        assert isinstance(item, (Article, InputError))
        _check_article(item) if isinstance(item, Article) else _check_error(item)


@FUZZ
@given(st.one_of(st.binary(max_size=300), news_text.map(str.encode),
                 st.tuples(news_text.map(str.encode), edits).map(lambda t: _mutate(*t))))
def test_txt_reader_yields_exactly_one_item(data):
    CASES["txt_reader"] += 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.txt"
        path.write_bytes(data)
        items = list(iter_sources([str(path)], date=dt.date(2024, 9, 5)))
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, (Article, InputError))
    if isinstance(item, Article):
        assert isinstance(item.text, str) and item.date == dt.date(2024, 9, 5)
    else:
        _check_error(item)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["a.txt", "b.jsonl", "c.JSONL", "d.html", "e", "sub/f.txt", ".txt"]),
                          st.binary(max_size=80)), max_size=5))
def test_directory_walk_never_raises(files):
    CASES["directory_walk"] += 1
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files:
            p = Path(tmp) / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        items = list(iter_sources([tmp, str(Path(tmp) / "missing.txt")]))
    assert isinstance(items[-1], InputError) and "no such file" in str(items[-1])
    for item in items:
        assert isinstance(item, (Article, InputError))


# -- fixed regressions found by the fuzzers -----------------------------------------------------
def test_huge_integer_in_jsonl_is_a_coded_error(tmp_path):
    p = tmp_path / "big.jsonl"
    p.write_bytes(b'{"text": "Serbia met Russia.", "date": "2024-01-01", "id": ' + b"1" * 5000 + b"}\n")
    [item] = list(iter_sources([str(p)]))
    assert isinstance(item, InputError) and "not valid JSON" in str(item) and ":1:" in str(item)


def test_deeply_nested_jsonl_is_a_coded_error(tmp_path):
    p = tmp_path / "deep.jsonl"
    p.write_bytes(b'{"text": "x", "a": ' + b"[" * 100000 + b"]" * 100000 + b"}\n"
                  + b'{"text": "Serbia met Russia.", "date": "2024-01-01"}\n')
    items = list(iter_sources([str(p)]))
    assert isinstance(items[0], InputError) and "RecursionError" in str(items[0])
    assert isinstance(items[1], Article)  # the good line after it is still read


def test_date_without_a_year_is_an_error_not_1900():
    for value in ("March 5", "Tuesday", "10:00", "5"):
        try:
            d = parse_date(value)
        except DateError as exc:
            assert "no year" in str(exc)
        else:
            raise AssertionError(f"{value!r} parsed as {d}")
    assert parse_date("5 March 2024") == dt.date(2024, 3, 5)


def test_date_error_message_stays_one_short_line():
    try:
        parse_date("2024-01-01 " + "x " * 100000, path="big.jsonl", line=7)
    except DateError as exc:
        assert str(exc).startswith("big.jsonl:7: ") and len(str(exc)) < 200
    else:
        raise AssertionError("a 200,000-character date parsed")


def test_lone_surrogate_does_not_crash_the_reader(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_bytes(b'{"text": "Serbia \\ud800 met Russia.", "date": "2024-01-01"}\n')
    [item] = list(iter_sources([str(p)]))  # read; language.screen reports it before coding
    assert isinstance(item, Article)


# -- CSV/TSV, HTML, feeds, gzip, datelines (the readers of detente/ingest beyond .txt/.jsonl) ---------
def _read_one_file(name: str, data: bytes, **options) -> list:
    from detente.ingest import ReadOptions
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return list(iter_sources([str(path)], options=ReadOptions(fetch=False, **options)))


def _check_items(items: list) -> None:
    assert items, "a file must give at least one article or one error"
    for item in items:
        assert isinstance(item, (Article, InputError)), type(item)
        _check_article(item) if isinstance(item, Article) else _check_error(item)


csv_cell = st.one_of(st.text(max_size=30), news_text, date_text, st.sampled_from(['"', '""', "\n", "\r\n", ",", "\t"]))
csv_rows = st.lists(st.lists(csv_cell, min_size=0, max_size=5), max_size=6)


def _csv_bytes(header: list[str], rows: list[list[str]], sep: str) -> bytes:
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


@FUZZ
@given(st.sampled_from(["a.csv", "a.tsv"]),
       st.lists(st.sampled_from(["text", "date", "id", "title", "url", "x", "", "text"]), max_size=6),
       csv_rows, edits, st.booleans())
def test_csv_reader_raises_only_coded_errors(name, header, rows, damage, damaged):
    CASES["csv_reader"] += 1
    data = _csv_bytes(header, rows, "\t" if name.endswith("tsv") else ",")
    _check_items(_read_one_file(name, _mutate(data, damage) if damaged else data))


HTML_PIECES = ["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[",
               "<html>", "<body>", "<title>", "</title>", "<meta charset='x-unknown'>", "<?xml version='1.0'?>",
               "&amp;", "&#0;", "&#xD800;", "&#99999999;", "<svg onload=alert(1)>", "<iframe src=//x>", "<br/>",
               "<article>", "</article>", "<h1>", "</h1>", "\x00", "\ufeff"]
html_doc = st.lists(st.one_of(st.sampled_from(HTML_PIECES), news_text, st.text(max_size=10)), max_size=40).map("".join)


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 1))  # trafilatura takes ~20 ms a page
@given(st.one_of(html_doc.map(str.encode), st.binary(max_size=300),
                 st.tuples(html_doc.map(str.encode), edits).map(lambda t: _mutate(*t))))
def test_html_reader_raises_only_coded_errors(data):
    CASES["html_reader"] += 1
    items = _read_one_file("page.html", data)
    _check_items(items)
    assert len(items) == 1


FEED_PIECES = ["<rss version='2.0'><channel>", "</channel></rss>", "<item>", "</item>", "<title>", "</title>",
               "<description>", "</description>", "<pubDate>", "</pubDate>", "<link>http://127.0.0.1:9/x</link>",
               "<feed xmlns='http://www.w3.org/2005/Atom'>", "</feed>", "<entry>", "</entry>", "<updated>",
               "</updated>", "<content type='html'>", "</content>", "Tue, 03 Sep 2024 10:00:00 GMT", "2024-99-99",
               "<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]>", "&b;", "&a;"]
feed_doc = st.lists(st.one_of(st.sampled_from(FEED_PIECES), news_text, date_text), max_size=40).map("".join)


@FUZZ
@given(st.sampled_from(["f.rss", "f.atom", "f.xml"]),
       st.one_of(feed_doc.map(str.encode), st.binary(max_size=300),
                 st.tuples(feed_doc.map(str.encode), edits).map(lambda t: _mutate(*t))))
def test_feed_reader_raises_only_coded_errors(name, data):
    CASES["feed_reader"] += 1
    _check_items(_read_one_file(name, data, date=dt.date(2024, 9, 5)))


@FUZZ
@given(st.sampled_from(["a.jsonl.gz", "a.txt.gz", "a.csv.gz", "a.rss.gz"]), st.lists(jsonl_line, max_size=4),
       st.one_of(st.none(), edits), st.integers(0, 200))
def test_gzip_files_damaged_or_cut_give_coded_errors(name, lines, damage, cut):
    import gzip
    CASES["gzip"] += 1
    data = gzip.compress(b"\n".join(ln.replace(b"\n", b" ") for ln in lines))
    if damage is not None:
        data = _mutate(data, damage)
    data = data[:len(data) - cut] if cut < len(data) else data
    _check_items(_read_one_file(name, data, date=dt.date(2024, 9, 5)))


DATELINE_PIECES = ["BELGRADE", "NEW YORK", "KYIV", ", Ukraine", ",", " ", "Sept", "Feb.", "February", "5", "31", "99",
                   "2024", "1899", "(Reuters)", "(AP)", "/TASS/", " - ", " — ", ".", ":", "--", "Serbia met Russia."]


@FUZZ
@given(st.one_of(st.lists(st.sampled_from(DATELINE_PIECES), max_size=12).map("".join), st.text(max_size=250)),
       st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1))))
def test_datelines_never_raise_and_give_real_dates(text, reference):
    from detente.ingest import parse_dateline
    CASES["dateline"] += 1
    dl = parse_dateline(text)
    if dl is None:
        return
    assert dl.month is None or 1 <= dl.month <= 12
    assert 0 <= dl.end <= len(text)
    d = dl.date(reference)
    assert d is None or isinstance(d, dt.date)


def test_header_only_csv_is_one_error_not_silence():
    [item] = _read_one_file("a.csv", b"id,date,text\n", date=dt.date(2024, 9, 5))
    assert isinstance(item, InputError) and "no rows after the header" in str(item)


def test_corrupt_csv_gz_is_one_error_not_a_crash():
    import gzip
    data = bytearray(gzip.compress(b"text,date\n" + b"Serbia met Russia.,2024-09-05\n" * 200))
    data[30] ^= 0xFF  # damage the deflate stream
    items = _read_one_file("a.csv.gz", bytes(data))
    assert items and all(isinstance(i, (Article, InputError)) for i in items)
    assert any(isinstance(i, InputError) for i in items)


def test_a_wild_csv_header_gives_a_short_one_line_message():
    header = ",".join(f"col\n{i}" if i % 2 else "[" * 50 for i in range(200))
    [item] = _read_one_file("a.csv", _csv_bytes(header.split(","), [["x"] * 200], ","))
    _check_error(item)
    assert "no column 'text'" in str(item)
