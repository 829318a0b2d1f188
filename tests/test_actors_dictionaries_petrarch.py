"""PETRARCH's dictionary syntax, read as PETRARCH reads it (detente/actors/petrarch.py), on small
dictionaries written for these tests; malformed lines are one warning each and are skipped."""
import datetime as dt
import logging
from pathlib import Path

import pytest

from detente.actors import petrarch
from detente.actors.dictionaries import import_actors, import_agents, load_dictionaries
from detente.actors.gazetteer import Gazetteer
from detente.actors.resolver import Resolver
from detente.cli import main
from detente.errors import DictionaryError
from detente.nlp import load

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "petrarch"

ACTORS = """<!-- A VALIDATION-STYLE ACTOR DICTIONARY WRITTEN FOR THESE TESTS -->
<!--
# a comment over several lines,
  with lines that do not start with '#' -->
<! -- PETRARCH also skips a line starting with '<!' -->
; a TABARI comment line
ZORIA [ZOR]  # Zoria, written with a blank, no underscore
+ZORIAN
VELMAR_ [VEL] <!-- a comment inside a line -->
TWIN_CITIES [TWA/TWB]
QUARRY_WATCH [---]
OLD_LIGHTHOUSE [+++]
WARDEN_OF_THE_MARCH
	[--- <950630]
	[MRC]
TOMAS_BRENN [BRN]  # the default, when no dated code holds
	[BRNCIV < 950601]
	[BRNGOV 19950601 - 19990815]
	[BRNREB > 990816]
	[BRNMIL 19990101-19990201]  # listed later: loses to BRNGOV where both hold
GREGOR_HALD_
GREGOR_HALDANE
+HALDANE
	[ZORELI 480101-900101]
	[ZORGOV 900101-991231]
THE_GREY_COUNCIL [IGOGRC]
LOWER [pel]
"""

AGENTS = """<!-- AGENTS WRITTEN FOR THESE TESTS -->
!PERSON! = MAN, MEN, WOMAN, WOMEN
!MINST! = MINISTER, MINISTRY
SENATE!PERSON! [~LEG]
!MINST!_OF_BRIDGES [~GOV]
HARBOUR_POLICE {} [~COP]
GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]
SECRETARY [~GOVSEC]
MARSHAL_OF_THE_PASS [~MIL]
ABBESS [~REL]
RELIEF_BODY [NGO~]
AID_GROUP [  NGO~]
"""


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


@pytest.fixture(scope="module")
def nlp():
    return load()


@pytest.fixture
def resolver(tmp_path):
    return Resolver(load_dictionaries([_write(tmp_path, "a.actors.txt", ACTORS)],
                                      [_write(tmp_path, "a.agents.txt", AGENTS)]))


def _codes(resolver, nlp, text, day):
    idx = resolver.resolve(nlp(text), dt.date.fromisoformat(day))
    return [(a.text, a.cameo) for a in idx.mentions], idx


def test_comments_of_every_kind_are_skipped():
    reading = petrarch.read_actor_text(ACTORS, "a.txt")
    assert not reading.problems
    phrases = [e.phrases for e in reading.entries]
    assert phrases[0] == ["ZORIA", "ZORIAN"] and phrases[1] == ["VELMAR_"]
    assert petrarch.content_lines("A <!-- x --> B\n<!-- open\nstill\nclosed --> C [X]\n") == [
        (1, "A  B"), (4, " C [X]")]


def test_date_restrictions_with_spaces_and_precedence():
    entry = next(e for e in petrarch.read_actor_text(ACTORS, "a.txt").entries if e.phrases == ["TOMAS_BRENN"])
    order = [(c.codes[0], c.start, c.end) for c in entry.by_precedence()]
    assert order == [("BRNCIV", None, dt.date(1995, 6, 1)),
                     ("BRNGOV", dt.date(1995, 6, 1), dt.date(1999, 8, 16)),
                     ("BRNREB", dt.date(1999, 8, 16), None),
                     ("BRNMIL", dt.date(1999, 1, 1), dt.date(1999, 2, 2)),
                     ("BRN", None, None)]  # the default last
    assert petrarch.parse_codes("X01 19820101").start == dt.date(1982, 1, 1)  # a bare date: from then on
    assert petrarch.parse_codes("X01 300101-301231").start == dt.date(2030, 1, 1)  # 00-30 are 20YY
    assert petrarch.parse_codes("X01 310101-311231").start == dt.date(1931, 1, 1)


def test_dated_codes_on_their_days_and_the_default_outside(resolver, nlp):
    text = "Tomas Brenn criticized Zoria."
    assert _codes(resolver, nlp, text, "1995-05-31")[0][0] == ("Tomas Brenn", "BRNCIV")
    assert _codes(resolver, nlp, text, "1995-06-01")[0][0] == ("Tomas Brenn", "BRNGOV")
    assert _codes(resolver, nlp, text, "1999-01-15")[0][0] == ("Tomas Brenn", "BRNGOV")  # first listed wins
    assert _codes(resolver, nlp, text, "1999-08-15")[0][0] == ("Tomas Brenn", "BRNGOV")  # the end day included
    assert _codes(resolver, nlp, text, "2003-01-01")[0][0] == ("Tomas Brenn", "BRNREB")


def test_phrase_lines_in_a_row_are_one_actor(resolver, nlp):
    found, _ = _codes(resolver, nlp, "Gregor Haldane met Haldane and Gregor Hald.", "1995-01-01")
    assert {c for _, c in found} == {"ZORGOV"} and len(found) == 3


def test_null_and_skip_codes_name_no_actor(resolver, nlp):
    found, idx = _codes(resolver, nlp, "The Quarry Watch and the Old Lighthouse criticized Zoria.", "2000-01-01")
    assert found == [("Zoria", "ZOR")]
    reasons = [why for _, why in idx.unresolved]
    assert any("null code [---]" in r for r in reasons) and any("null code [+++]" in r for r in reasons)


def test_a_null_code_with_a_date_then_the_default(resolver, nlp):
    before, idx = _codes(resolver, nlp, "The Warden of the March criticized Zoria.", "1995-06-29")
    assert before == [("Zoria", "ZOR")] and "null code [---]" in idx.unresolved[0][1]
    after, _ = _codes(resolver, nlp, "The Warden of the March criticized Zoria.", "1995-06-30")
    assert ("Warden of the March", "MRC") in after


def test_multiple_codes_are_each_an_actor(resolver, nlp):
    found, idx = _codes(resolver, nlp, "Twin Cities criticized Zoria.", "2000-01-01")
    assert found[:2] == [("Twin Cities", "TWA"), ("Twin Cities", "TWB")]
    token = idx.doc[0]
    assert [a.cameo for a in idx.actors_for(token)] == ["TWA", "TWB"]


def test_codes_in_lower_case_and_the_in_a_phrase(resolver, nlp):
    found, _ = _codes(resolver, nlp, "Lower and the Grey Council criticized Velmar.", "2000-01-01")
    assert ("Lower", "PEL") in found and ("Velmar", "VEL") in found
    assert ("the Grey Council", "IGOGRC") in found or ("Grey Council", "IGOGRC") in found


def test_agents_sets_plurals_and_prefix_codes():
    reading = petrarch.read_agent_text(AGENTS, "a.txt")
    assert not reading.problems
    forms = {e.forms[0]: e for e in reading.entries}
    assert forms["senateman"].forms == ("senateman", "senatemen", "senatewoman", "senatewomen")  # no plurals
    assert forms["minister of bridges"].forms == ("minister of bridges", "ministry of bridges")
    assert forms["harbour police"].forms == ("harbour police",)  # {}: no plural
    assert forms["golden goose"].forms == ("golden goose", "golden geese")
    assert forms["secretary"].forms == ("secretary", "secretaries") and forms["secretary"].code == "GOVSEC"
    assert forms["abbess"].forms == ("abbess", "abbesses")
    assert forms["marshal of the pass"].forms[1] == "marshal of the passes"  # PETRARCH pluralises the end
    assert forms["relief body"].prefix and forms["relief body"].code == "NGO"
    assert forms["aid group"].prefix and not forms["secretary"].prefix


def test_agent_words_give_the_sector(resolver, nlp):
    found, _ = _codes(resolver, nlp, "The Zorian senatewomen criticized Velmar secretaries.", "2000-01-01")
    assert found == [("The Zorian senatewomen", "ZORLEG"), ("Velmar secretaries", "VELGOV")]
    found, _ = _codes(resolver, nlp, "Velmar's harbour police arrested Zorian aid groups.", "2000-01-01")
    assert ("Zorian aid groups", "ZORNGO") in found  # a prefix agent: the sector NGO


def test_malformed_lines_are_one_warning_each_and_counted(tmp_path, caplog):
    bad = _write(tmp_path, "bad.actors.txt", (
        "\t[ORPHAN]\n"                      # 1: a code line before any actor
        "GOOD_ONE [GOD]\n"                  # 2
        "ARMORIA_\n"                        # 3
        "\t[USRARM <900823]\n"              # 4
        "\t[ARMUNR 9008223-911221]\n"       # 5: seven digits
        "\t[ARM >911221]\n"                 # 6
        "BROKEN [BRK 2020-2021\n"           # 7: unclosed
        "+BROKEN_TOO\n"                     # 8: a synonym of the broken actor, skipped with it
        "NO_CODE_AT_ALL\n"                  # 9: an actor with no code
        "BACKWARDS [BWD 20121207-20120802]\n"  # 10
        "BAD_CODE [A]\n"))                  # 11: a code of one letter
    agents = _write(tmp_path, "bad.agents.txt", "ECOLOGIST [~ENV]\nDEPARTMENT_OF_ENVIRONMENT [~ENV}\n"
                                                "!minst!_OF_FOG [~GOV]\nCLERK\n")
    with caplog.at_level(logging.WARNING):
        gaz = load_dictionaries([bad], [agents])
    lines = [r.getMessage() for r in caplog.records]
    for where in ("bad.actors.txt:1: code line before any actor", "bad.actors.txt:5: bad date '9008223'",
                  "bad.actors.txt:7: unclosed '['", "bad.actors.txt:9: actor NO_CODE_AT_ALL has no code",
                  "bad.actors.txt:10: date range", "bad.actors.txt:11: bad actor code 'A'",
                  "bad.agents.txt:2: unclosed '['", "bad.agents.txt:3: unknown substitution set !minst!",
                  "bad.agents.txt:4: agent without one [CODE]"):
        assert sum(where in m for m in lines) == 1, (where, lines)
    assert all(m.endswith("; skipped") for m in lines[:-1])
    assert lines[-1] == "dictionaries: 9 malformed lines skipped in 2 files (3 entries read)"
    assert gaz.entry("Good One").kind == "dict" and gaz.entry("Broken") is None and gaz.entry("Broken Too") is None
    roles = gaz.dated_for("Armoria")
    assert [r.role for r in roles] == ["USRARM", "ARM"]  # the bad code line only is skipped
    assert gaz.sector_words["ecologists"] == "ENV"


def test_a_file_with_no_entry_at_all_is_an_error(tmp_path):
    f = _write(tmp_path, "notes.txt", "id,text\n1,hello\n")
    with pytest.raises(DictionaryError, match=r"notes\.txt: no actor entries in this file"):
        import_actors(f, Gazetteer())


def test_cli_warns_and_codes_on(tmp_path, capsys, caplog):
    f = _write(tmp_path, "mine.actors.txt", "ZORIA [ZOR]\nVELMAR [VEL 2020-13-01]\n")
    try:
        rc = main(["actors", "Zoria met Velmar.", "--date", "2024-01-01", "--actors", f, "--format", "jsonl"])
    finally:
        import os
        os.environ.pop("DETENTE_ACTOR_DICT", None)
        os.environ.pop("DETENTE_AGENT_DICT", None)
    captured = capsys.readouterr()
    assert rc == 0 and '"cameo": "ZOR"' in captured.out
    assert "mine.actors.txt:2: bad date range '2020-13-01'; skipped" in caplog.text
    assert "1 malformed line skipped in 1 file" in caplog.text  # on stderr, in the CLI


@pytest.mark.skipif(not (SHARED / "Phoenix.Countries.actors.txt").exists(), reason="needs ../shared/petrarch")
def test_the_four_phoenix_dictionaries_load_with_counts(caplog):
    gaz = Gazetteer(org_cameo=dict(Gazetteer.load().org_cameo))
    with caplog.at_level(logging.WARNING):
        done = [import_actors(SHARED / f"Phoenix.{name}.actors.txt", gaz)
                for name in ("Countries", "International", "MilNonState")]
        done.append(import_agents(SHARED / "Phoenix.agents.txt", gaz))
    assert [(d.entries, d.skipped) for d in done] == [(18352, 7), (7838, 3), (1021, 0), (2243, 2)]
    text = caplog.text
    assert "Phoenix.Countries.actors.txt:2039: bad date '9008223'" in text
    assert "Phoenix.International.actors.txt:40: bad date '2004017'" in text
    assert "Phoenix.agents.txt:544: unclosed '['" in text
    putin = gaz.dated_on("Vladimir Putin", dt.date(2017, 1, 1))
    assert putin is not None and (putin.code, putin.sector) == ("RUS", "GOV")
