"""Hostile and odd input: invisible characters, terminal escapes, oversized files and lines, long
articles, non-English text, far dates, duplicate ids. Each is reported or handled, never miscoded."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import find
from detente.config import settings
from detente.errors import DateError, InputError, LanguageError
from detente.ingest import iter_sources, parse_date
from detente.language import clean_text, detect, screen
from detente.model import Article

BASE = "Serbia will not impose sanctions against Moscow."


# -- invisible and control characters ------------------------------------------------------------
@pytest.mark.parametrize("text", [
    BASE.replace("Serbia", "Ser\u200bbia"),          # zero-width space inside a name
    BASE.replace("Serbia", "Ser\u00adbia"),          # soft hyphen (common in web pages)
    BASE.replace("sanctions", "sanc\u200dtions"),    # zero-width joiner inside the trigger
    "\u202e" + BASE + "\u202c",                      # right-to-left override … pop
    "\u200f" + BASE,                                 # right-to-left mark
    "\ufeff" + BASE,                                 # byte-order mark inside a JSON string
])
def test_invisible_characters_do_not_hide_events(code, text):
    events = code(text)
    assert find(events, "SRB", "SANCTION", "RUS", "negated"), events
    assert not find(events, "SRB", "SANCTION", "RUS", "asserted")


def test_invisible_characters_are_gone_from_the_article_and_its_id():
    a = Article.make("\u202eSer\u200bbia will not impose sanctions\u202c", dt.date(2024, 9, 5))
    b = Article.make("Serbia will not impose sanctions", dt.date(2024, 9, 5))
    assert a.text == b.text and a.id == b.id  # offsets point into clean text; duplicates collapse


def test_terminal_escapes_never_reach_the_store():
    text = clean_text("Serbia\x1b[2J\x1b]0;pwned\x07 met Russia.\x00")
    assert "\x1b" not in text and "\x07" not in text and "\x00" not in text
    assert text.startswith("Serbia ") and len(text) == len("Serbia\x1b[2J\x1b]0;pwned\x07 met Russia.\x00")
    assert clean_text("line one\nline two\tend\r\n") == "line one\nline two\tend\r\n"


def test_only_invisible_characters_is_reported():
    a = Article.make("\u200b\u200b\u00a0\ufeff\n", dt.date(2024, 9, 5), path="blank.txt")
    err = screen(a)
    assert isinstance(err, InputError) and "no visible text" in str(err) and "blank.txt" in str(err)


def test_lone_surrogate_is_reported_not_crashed():
    a = Article.make("Serbia \ud800 met Russia.", dt.date(2024, 9, 5), path="s.jsonl:1")
    err = screen(a)
    assert isinstance(err, InputError) and "surrogate" in str(err) and "s.jsonl:1" in str(err)
    title = Article.make("Serbia met Russia.", dt.date(2024, 9, 5), title="bad \udc80", path="s.jsonl:2")
    assert "title" in str(screen(title))


# -- size limits -----------------------------------------------------------------------------------
def test_oversized_file_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "max_record_bytes", 1000)
    big = tmp_path / "big.txt"
    big.write_text("Serbia met Russia. " * 200, encoding="utf-8")
    [item] = list(iter_sources([str(big)], date=dt.date(2024, 9, 5)))
    assert isinstance(item, InputError) and "file too large" in str(item) and "big.txt" in str(item)


def test_oversized_jsonl_line_is_skipped_and_the_next_one_read(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "max_record_bytes", 1000)
    p = tmp_path / "mixed.jsonl"
    good = json.dumps({"text": "Serbia met Russia.", "date": "2024-09-05"})
    p.write_text(json.dumps({"text": "x" * 5000, "date": "2024-09-05"}) + "\n" + good + "\n", encoding="utf-8")
    items = list(iter_sources([str(p)]))
    assert isinstance(items[0], InputError) and "line too long" in str(items[0]) and ":1:" in str(items[0])
    assert isinstance(items[1], Article) and items[1].path.endswith(":2")
    assert len(items) == 2


def test_article_over_the_character_limit_is_reported(monkeypatch):
    monkeypatch.setattr(settings, "max_article_chars", 100)
    a = Article.make(BASE * 5, dt.date(2024, 9, 5), path="long.txt")
    err = screen(a)
    assert isinstance(err, InputError) and "too long" in str(err) and "limit 100" in str(err)
    assert screen(Article.make(BASE, dt.date(2024, 9, 5))) is None


def test_default_limits_are_documented():
    from conftest import ROOT
    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    assert f"{settings.max_article_chars:,}" in doc and "DETENTE_MAX_ARTICLE_CHARS" in doc
    assert f"{settings.max_record_bytes // (1024 * 1024)} MiB" in doc


# -- language --------------------------------------------------------------------------------------
# Short news sentences written for these tests, several per language.
FOREIGN = {
    "fr": ["Le gouvernement français a annoncé de nouvelles sanctions contre la Russie.",
           "Les ministres se sont réunis à Bruxelles pour discuter de la crise.",
           "La Serbie n'imposera pas de sanctions contre Moscou."],
    "de": ["Die Bundesregierung hat neue Sanktionen gegen Russland beschlossen.",
           "Der Außenminister traf sich am Dienstag mit seinem serbischen Kollegen in Belgrad.",
           "Serbien wird keine Sanktionen gegen Moskau verhängen."],
    "es": ["El gobierno de España condenó el ataque contra la embajada.",
           "Serbia no impondrá sanciones contra Moscú ni se unirá a la OTAN."],
    "it": ["Il governo italiano ha espresso preoccupazione per la situazione in Libia.",
           "La Serbia non imporrà sanzioni contro Mosca."],
    "pt": ["O governo brasileiro anunciou novas medidas contra o desmatamento.",
           "A Sérvia não vai impor sanções contra Moscou."],
    "nl": ["De Nederlandse regering heeft nieuwe sancties tegen Rusland aangekondigd.",
           "Servië zal geen sancties opleggen aan Moskou."],
    "hr": ["Srbija neće uvesti sankcije Moskvi.",
           "Predsjednik je rekao da se Srbija neće pridružiti NATO savezu."],
    "pl": ["Serbia nie nałoży sankcji na Moskwę."],
    "tr": ["Dışişleri bakanları Ankara'da bir araya geldi ve işbirliği anlaşması imzaladı."],
    "id": ["Serbia tidak akan menjatuhkan sanksi terhadap Moskow."],
    "sv": ["Sverige och Finland ansökte om medlemskap i Nato förra året."],
    "ro": ["Guvernul României a anunțat noi măsuri pentru sprijinirea Ucrainei."],
    "hu": ["A magyar kormány nem támogatja az új szankciókat Oroszország ellen."],
    "vi": ["Chính phủ Việt Nam đã ký thỏa thuận hợp tác với Nhật Bản."],
    "ru": ["Сербия не будет вводить санкции против Москвы."],
    "sr": ["Србија неће увести санкције Москви."],
    "ar": ["التقى الرئيس المصري بنظيره الروسي في القاهرة يوم الثلاثاء."],
    "zh": ["塞尔维亚不会对莫斯科实施制裁。"],
}
# English that a character n-gram detector alone gets wrong: headlines made of names.
ENGLISH = [
    "Serbia met Russia.", "NATO troops in Kosovo.", "Erdogan and Netanyahu.", "Ankara, Tehran, Baghdad",
    "Israel approves controversial settlement expansion bill",
    "NYC Mayor de Blasio ends US presidential campaign", "Lula da Silva wins",
    "Ursula von der Leyen meets Xi Jinping in Brussels", "Egypt's el-Sisi meets al-Bashir",
    "Putin signs law decriminalizing domestic violence", "Two farmers die in separate accidents",
    BASE, "The talks ended without agreement and both sides blamed each other for the delay.",
]


@pytest.mark.parametrize("lang,text", [(k, t) for k, ts in FOREIGN.items() for t in ts])
def test_non_english_is_detected(lang, text):
    found = detect(text)
    assert not found.english, (lang, found)
    err = screen(Article.make(text, dt.date(2024, 9, 5), path="foreign.txt"))
    assert isinstance(err, LanguageError) and "not English" in str(err) and "foreign.txt" in str(err)


@pytest.mark.parametrize("text", ENGLISH)
def test_english_headlines_are_not_skipped(text):
    assert detect(text).english, detect(text)
    assert screen(Article.make(text, dt.date(2024, 9, 5))) is None


def test_detection_is_deterministic():
    text = "Vlada je u utorak usvojila novi zakon o izborima."
    assert len({detect(text) for _ in range(5)}) == 1


def test_english_article_quoting_serbian_is_english():
    text = ("Serbia will not impose sanctions against Moscow, the president said on Tuesday. "
            "'Srbija neće uvesti sankcije,' he told reporters in Belgrade, adding that the country "
            "would keep its course and that talks with the European Union would go on.")
    assert detect(text).language == "en"


# -- dates far away, duplicate ids -----------------------------------------------------------------
@pytest.mark.parametrize("value,ok", [("1800-01-01", True), ("2200-12-31", True), ("1799-12-31", False),
                                      ("2201-01-01", False), ("0001-01-01", False), ("9999-12-31", False)])
def test_dates_far_in_the_past_or_future(value, ok):
    if ok:
        assert parse_date(value) == dt.date.fromisoformat(value)
    else:
        with pytest.raises(DateError, match="out of range"):
            parse_date(value)


def test_far_dates_code_and_relative_dates_do_not_overflow(code):
    for day in ("1800-01-01", "2200-12-31"):
        events = code("Last year Serbia refused to impose sanctions on Russia; next year it will.", day)
        for e in events:
            assert 1798 <= int(e["date"][:4]) <= 2202


def test_duplicate_ids_with_different_text_are_both_kept(tmp_path):
    from detente import code_sources
    from detente.store import Store
    p = tmp_path / "dup.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a1", "date": "2024-09-05", "text": "Serbia will not impose sanctions against Moscow."},
        {"id": "a1", "date": "2024-09-05", "text": "Russia threatened to attack Ukraine."},
        {"id": "a2", "date": "2024-09-05", "text": "Serbia will not impose sanctions against Moscow."},
    ]) + "\n", encoding="utf-8")
    with Store(tmp_path / "d.duckdb") as store:
        summary = code_sources([str(p)], store)
        arts = store.articles()
    assert summary.articles_coded == 2 and summary.articles_skipped == 1 and summary.failures == 0
    assert sorted(arts["external_id"]) == ["a1", "a1"]  # same id, different text: two articles
    assert arts["id"].nunique() == 2


# -- a long JSONL file is streamed -------------------------------------------------------------------
def _peak_while_reading(path) -> tuple[int, int]:
    import tracemalloc
    tracemalloc.start()
    try:
        n = sum(1 for item in iter_sources([str(path)]) if isinstance(item, Article))
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_long_jsonl_is_streamed_in_bounded_memory(tmp_path):
    """Fifteen times the records, not more memory: the reader holds one line at a time.
    (bench/stream_memory.py reads 1,000,000 articles and samples the RSS of a real run.)"""
    import sys
    from conftest import ROOT
    sys.path.insert(0, str(ROOT / "bench"))
    from stream_memory import write_corpus
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    write_corpus(small, 1_000)
    write_corpus(big, 15_000)
    _peak_while_reading(small)  # warm up: first-use caches are not the stream's memory
    n_small, peak_small = _peak_while_reading(small)
    n_big, peak_big = _peak_while_reading(big)
    assert (n_small, n_big) == (1_000, 15_000)
    assert peak_big < peak_small + 500_000, (peak_small, peak_big)


# -- through `detente code`, end to end -------------------------------------------------------------
def test_huge_and_long_and_foreign_articles_are_reported_and_the_rest_coded(tmp_path, capsys):
    import time
    from detente.cli import main
    from detente.store import Store
    src = tmp_path / "in"
    src.mkdir()
    with open(src / "dump.txt", "wb") as fh:  # 50 MB: refused unread
        fh.truncate(50 * 1024 * 1024)
    (src / "book.txt").write_text(("Serbia met Russia in Belgrade. " * 9000), encoding="utf-8")  # 278,999 chars once stripped
    (src / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"id": "fr", "date": "2024-09-05", "text": FOREIGN["fr"][2]},
        {"id": "en", "date": "2024-09-05", "text": BASE},
        {"id": "ru", "date": "2024-09-05", "text": FOREIGN["ru"][0]},
    ]) + "\n", encoding="utf-8")
    db = tmp_path / "h.duckdb"
    t0 = time.perf_counter()
    rc = main(["code", str(src), "--db", str(db), "--date", "2024-09-05", "--quiet"])
    elapsed = time.perf_counter() - t0
    err = capsys.readouterr().err
    assert rc == 1 and elapsed < 60
    assert "dump.txt: file too large (52,428,800 bytes" in err
    assert "book.txt: article too long: 278,999 characters (limit 200,000" in err  # stripped
    assert "wire.jsonl:1: not English (fr" in err and "wire.jsonl:3: not English (ru" in err and "[E120]" in err
    assert "detente: skipped: " in err and "2 failed" in err and "2 not in English (skipped)" in err
    with Store(db, read_only=True) as store:
        articles, events = store.articles(), store.query_events()
    assert list(articles["external_id"]) == ["en"]  # nothing of the refused ones is stored
    assert set(events["article_id"]) == set(articles["id"]) and (events["event"] == "SANCTION").any()


# -- HTML ---------------------------------------------------------------------------------------------
ARTICLE_P = "<p>Serbia will not impose sanctions against Moscow, the president said on Tuesday in Belgrade.</p>"


def test_deeply_nested_html_is_one_clear_error_not_a_hang(tmp_path):
    import time
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 200_000 + ARTICLE_P + "</div>" * 200_000 + "</body></html>",
                    encoding="utf-8")
    t0 = time.perf_counter()
    [item] = list(iter_sources([str(path)], date=dt.date(2024, 9, 5)))
    assert time.perf_counter() - t0 < 30
    assert isinstance(item, InputError) and "deep.html" in str(item)


def test_scripts_styles_and_frames_are_not_article_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><script>var t = 'Russia will invade Serbia tomorrow, officials said.';</script>"
                    "<style>p { color: red }</style></head><body>"
                    "<script>document.write('France attacked Germany on Monday.')</script>" + ARTICLE_P +
                    "<iframe src='http://127.0.0.1:9/'></iframe><template>Iran attacked Iraq.</template>"
                    "</body></html>", encoding="utf-8")
    [a] = list(iter_sources([str(path)], date=dt.date(2024, 9, 5)))
    assert isinstance(a, Article) and a.text.startswith("Serbia will not impose sanctions")
    for planted in ("invade", "France attacked", "color", "document.write", "127.0.0.1"):
        assert planted not in a.text


def test_a_record_of_invisible_characters_is_reported_with_its_line(tmp_path, capsys):
    from detente.cli import main
    for name, ghost in (("bom.jsonl", "\ufeff"), ("zw.jsonl", "\u200b\u200f \u202e")):  # BOM: found by fuzzing
        p = tmp_path / name
        p.write_text(json.dumps({"id": "ghost", "date": "2024-09-05", "text": ghost}) + "\n"
                     + json.dumps({"id": "ok", "date": "2024-09-05", "text": BASE}) + "\n", encoding="utf-8")
        assert main(["code", str(p), "--db", str(tmp_path / f"{name}.duckdb"), "--quiet"]) == 1
        err = capsys.readouterr().err
        assert f"{name}:1: no visible text" in err and "1 article(s) coded" in err


def test_only_foreign_articles_skipped_is_not_a_failure(tmp_path, capsys):
    """A run whose only refusals are non-English articles succeeds: they are skipped on purpose."""
    from detente.cli import main
    src = tmp_path / "wire.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in [
        {"id": "fr", "date": "2024-09-05", "text": FOREIGN["fr"][2]},
        {"id": "en", "date": "2024-09-05", "text": BASE},
    ]) + "\n", encoding="utf-8")
    rc = main(["code", str(src), "--db", str(tmp_path / "f.duckdb"), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 0
    assert "wire.jsonl:1: not English (fr" in err and "0 failed" in err and "1 not in English (skipped)" in err
