"""Fuzzing PETRARCH/TABARI dictionary import: a user's dictionary file, however broken, loads or
stops with a DictionaryError naming the file and line, before any article is coded."""
from __future__ import annotations

import functools
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.actors.dictionaries import load_dictionaries, read_actors, read_agents
from detente.actors.gazetteer import Gazetteer
from detente.errors import DictionaryError
from test_fuzz_readers import CASES, FUZZ

UPPER, DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"
day = st.one_of(st.text(DIGITS, min_size=6, max_size=6), st.text(DIGITS, min_size=8, max_size=8),
                st.sampled_from(["000000", "991231", "99991231", "00010101", "20240230", "", "x", "1-2"]))
date_range = st.one_of(st.just(""), day.map(lambda d: " >" + d), day.map(lambda d: " <" + d),
                       st.tuples(day, day).map(lambda ab: f" {ab[0]}-{ab[1]}"), st.text(max_size=6).map(" ".__add__))
code = st.tuples(st.sampled_from(["", "~"]), st.text(UPPER + DIGITS, max_size=16), date_range).map(
    lambda c: f"[{c[0]}{c[1]}{c[2]}]")
phrase = st.one_of(st.text(UPPER + "_", max_size=20), st.text(UPPER + "!~_ ", max_size=12),
                   st.text(max_size=12).map(lambda t: t.replace("\n", " ").replace("\r", " ")))
set_name = st.sampled_from(["!minist!", "!a!", "!b!"])
line = st.one_of(
    st.tuples(phrase, st.lists(code, max_size=3)).map(lambda t: t[0] + " " + " ".join(t[1])),
    st.lists(code, min_size=1, max_size=2).map(lambda cs: "  " + " ".join(cs)),
    st.tuples(phrase, st.lists(code, max_size=2)).map(lambda t: "+" + t[0] + " " + " ".join(t[1])),
    st.tuples(set_name, st.lists(st.one_of(phrase, set_name), max_size=4)).map(lambda t: f"{t[0]} = {' '.join(t[1])}"),
    st.tuples(phrase, set_name, code).map(lambda t: f"{t[0]}_{t[1]} {t[2]}"),
    st.sampled_from(["# comment", "; tabari comment", "[", "PHRASE_ [USAGOV", "]", "{PRESIDENT|PREMIER} [~GOV]", ""]),
    st.text(max_size=30).map(lambda t: t.replace("\n", " ").replace("\r", " ")),
)


def _load(kind: str, lines: list[str], gaz: Gazetteer | None = None):
    """Import the lines as a dictionary file: into the bundled gazetteer, or into ``gaz``."""
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / f"{kind}.txt"
        p.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        if gaz is None:
            return load_dictionaries(**{kind: [str(p)]})
        (read_actors if kind == "actors" else read_agents)(p, gaz)
        return gaz


@functools.lru_cache(maxsize=1)
def _org_cameo() -> dict[str, str]:
    return Gazetteer.load().org_cameo


@FUZZ
@given(st.sampled_from(["actors", "agents"]), st.lists(line, max_size=8))
def test_dictionary_import_raises_only_dictionary_errors(kind, lines):
    CASES["dictionaries"] += 1
    try:  # into a small gazetteer: loading the bundled one costs more than the import itself
        _load(kind, lines, Gazetteer(org_cameo=dict(_org_cameo())))
    except DictionaryError as exc:
        msg = str(exc)
        assert "\n" not in msg and kind in msg and msg.endswith("[E200]"), msg


# -- regressions found by the fuzzer --------------------------------------------------------------
def test_range_ending_on_the_last_representable_day_means_no_end():
    gaz = _load("actors", ["VLADIMIR_PUTIN_ [RUSGOV 20000507-99991231]"])  # crashed: date overflow
    [role] = [r for r in gaz.dated["Vladimir Putin"] if r.code == "RUS"]
    assert role.start.year == 2000 and role.end is None


def test_a_set_that_names_itself_is_a_warning_not_a_crash(caplog):
    gaz = _load("agents", ["!a! = !a! MINISTER", "DEPUTY_!a! [~GOV]", "ENVOY [~GOV]"])
    assert gaz.sector_words["envoy"] == "GOV"  # the rest of the file still loads
    assert re.search(r"agents\.txt:2: sets expand to too many phrases.*; skipped", caplog.text)


def test_sets_that_multiply_without_bound_are_skipped_not_a_hang(caplog):
    words = " ".join(f"W{i}" for i in range(30))
    lines = [f"!a! = {words}", f"!b! = {words}", f"!c! = {words}", f"!d! = {words}", "!a!_!b!_!c!_!d! [~GOV]"]
    with pytest.raises(DictionaryError, match="no agent entries"):  # nothing else in the file
        _load("agents", lines)
    assert "agents.txt:5: sets expand to too many phrases" in caplog.text
