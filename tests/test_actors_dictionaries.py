"""PETRARCH/TABARI dictionary import, and the `detente actors` command."""
import datetime as dt
import json

import pytest

from detente.actors.dictionaries import load_dictionaries, parse_code, read_actors
from detente.actors.gazetteer import Gazetteer
from detente.actors.resolver import Resolver
from detente.cli import main
from detente.errors import DictionaryError
from detente.nlp import load

ACTORS = """# a small PETRARCH-format actor dictionary written for these tests
ZORIA_ [ZOR]            ; a TABARI-style trailing comment is not a comment, this one is PETRARCH's below
DRAGAN_PETROVIC_  # the PETRARCH block format
+PETROVIC_
+MINISTER_PETROVIC_
 [SRBGOV 20200101-20231231]
 [SRBELI >20240101]
BALKAN_LIBERATION_FRONT_ [SRBREB]
ATLANTIC_PACT_ [IGOWSTNATMIL]
OLD_MILOVAN_ [ROMGOV 950101-051231]
"""
AGENTS = """!warden! = WARDEN WARDENS
COAST_!warden! [~MIL]
HIGH_COMMISSIONER~ [~GOV]
"""


@pytest.fixture
def dicts(tmp_path):
    actors, agents = tmp_path / "actors.txt", tmp_path / "agents.txt"
    actors.write_text(ACTORS.replace("ZORIA_ [ZOR]            ; a TABARI-style trailing comment is not a comment, "
                                     "this one is PETRARCH's below", "ZORIA_ [SRB]"), encoding="utf-8")
    agents.write_text(AGENTS, encoding="utf-8")
    return str(actors), str(agents)


def test_parse_code_date_ranges():
    assert parse_code("USAGOV 090120-170119", "f", 1) == ("USAGOV", dt.date(2009, 1, 20), dt.date(2017, 1, 20))
    assert parse_code("USAELI <20090120", "f", 1) == ("USAELI", None, dt.date(2009, 1, 20))
    assert parse_code("~GOV", "f", 1) == ("GOV", None, None)
    with pytest.raises(DictionaryError, match=r"f:3: bad date"):
        parse_code("USAGOV 2009-13-45", "f", 3)


def test_imported_dictionary_codes_with_its_date_ranges(dicts):
    nlp = load()
    resolver = Resolver(load_dictionaries([dicts[0]], [dicts[1]]))
    text = ("Dragan Petrovic criticized the Balkan Liberation Front. Petrovic met the Atlantic Pact "
            "and Serbian coast wardens in Zoria.")

    def codes(day):
        idx = resolver.resolve(nlp(text), dt.date.fromisoformat(day))
        return {a.text: (a.key, a.sector) for a in idx.mentions}, idx
    in_office, idx = codes("2022-05-01")
    assert in_office["Dragan Petrovic"] == ("SRB", "GOV") and in_office["Petrovic"] == ("SRB", "GOV")
    assert in_office["Balkan Liberation Front"] == ("SRB", "REB")
    assert in_office["Atlantic Pact"] == ("NATO", "MIL")
    assert in_office["Serbian coast wardens"] == ("SRB", "MIL")  # the agent dictionary's sector word
    reason = next(a.reason for a in idx.mentions if a.text == "Dragan Petrovic")
    assert reason.startswith("actors.txt:6: Dragan Petrovic → SRBGOV (2020-01-01–2024-01-01)")
    after, _ = codes("2024-06-01")
    assert after["Dragan Petrovic"] == ("SRB", "ELI")
    between, idx = codes("2024-01-01")  # after the range, on the day '>20240101' starts
    assert between["Petrovic"] == ("SRB", "ELI")


def test_legacy_cameo_country_codes_and_missing_dates(tmp_path):
    gaz = Gazetteer.load()
    f = tmp_path / "a.txt"
    f.write_text("OLD_MILOVAN_ [ROMGOV 950101-051231]\n", encoding="utf-8")
    read_actors(f, gaz)
    resolver, nlp = Resolver(gaz), load()
    idx = resolver.resolve(nlp("Old Milovan spoke."), dt.date(2003, 1, 1))
    assert [(a.code, a.sector) for a in idx.mentions] == [("ROU", "GOV")]
    idx = resolver.resolve(nlp("Old Milovan spoke."), dt.date(2010, 1, 1))
    assert not idx.mentions and "no code on 2010-01-01" in idx.unresolved[0][1]


def test_bad_line_is_a_warning_naming_file_and_line(tmp_path, caplog):
    f = tmp_path / "bad.txt"
    f.write_text("GOOD_ [SRB]\nBROKEN_ [SRBGOV 2020-2021\n", encoding="utf-8")
    gaz = Gazetteer.load()
    assert read_actors(f, gaz) == 1
    assert "bad.txt:2: unclosed '[' or stray ']'; skipped" in caplog.text
    assert gaz.entry("Good").kind == "dict" and gaz.entry("Broken") is None


def test_detente_code_with_user_dictionaries(dicts, tmp_path, capsys):
    art = tmp_path / "a.jsonl"
    art.write_text(json.dumps({"id": "p", "date": "2022-05-01",
                               "text": "Dragan Petrovic condemned the Balkan Liberation Front."}) + "\n")
    try:
        rc = main(["code", str(art), "--db", str(tmp_path / "s.duckdb"), "--format", "jsonl",
                   "--actors", dicts[0], "--agents", dicts[1]])
        out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    finally:
        import os
        os.environ.pop("DETENTE_ACTOR_DICT", None)
        os.environ.pop("DETENTE_AGENT_DICT", None)
    assert rc == 0
    assert any(e["source"]["cameo"] == "SRBGOV" and e["target"]["cameo"] == "SRBREB" for e in out), out


def test_actors_command_table_and_jsonl(tmp_path, capsys):
    text = "Serbia's Deputy Prime Minister met Putin in Vladivostok. Vulin said John Smithers agreed."
    assert main(["actors", text, "--date", "2024-09-05", "--format", "jsonl"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    by_text = {r["text"]: r for r in rows}
    assert by_text["Putin"]["cameo"] == "RUSGOV" and by_text["Putin"]["kind"] == "actor"
    assert by_text["Vladivostok"]["kind"] == "location" and by_text["Vladivostok"]["code"] == "RUS"
    assert by_text["John Smithers"]["kind"] == "unresolved"
    assert "coreference" in by_text["Vulin"]["reason"]
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    assert main(["actors", str(f), "--date", "2024-09-05"]) == 0
    table = capsys.readouterr().out
    assert "RUSGOV" in table and "place RUS" in table and "UNRESOLVED" in table


def test_coders_with_and_without_dictionaries_live_side_by_side(dicts):
    """No process-wide resolver (issue 17): each Coder codes with the resolver it was made with, and
    making or using one never changes another — the prefilter of each follows its own resolver."""
    from detente import Article, Coder
    article = [Article.make("Dragan Petrovic condemned the Balkan Liberation Front.", dt.date(2022, 5, 1))]

    def triples(coder):
        return {(e.event, e.source.cameo, e.target.cameo if e.target else None)
                for r in coder.code(article) for e in r.events}
    mine = Coder(resolver=Resolver(load_dictionaries([dicts[0]], [dicts[1]])))
    bundled = Coder(resolver=Resolver())
    with_dictionaries, without = triples(mine), triples(bundled)
    assert ("ACCUSE", "SRBGOV", "SRBREB") in with_dictionaries
    assert not any("SRBREB" in t for t in without)  # the bundled data does not know the front
    assert triples(mine) == with_dictionaries and triples(bundled) == without
