"""DETENTE_NER=off (settings.ner): the entity recogniser does not run — the rest of the analysis is the
same, no entities are set, the dictionaries still name the actors, and an unknown value is an error."""
import json
import os
import subprocess
import sys

import pytest
import spacy

from detente import nlp as nlp_module
from detente.config import settings
from detente.nlp import ModelError

TEXTS = [
    "The Kenyan foreign minister met his Ugandan counterpart in Kampala on Monday and said Nairobi would "
    "not close the border.",
    "Police arrested Maria Okonkwo, a spokeswoman for the opposition, outside the electoral commission.",
]


def _analysis(docs):
    return [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_) for doc in docs for t in doc]


def test_off_leaves_out_the_entities_and_nothing_else(monkeypatch):
    with_ner = spacy.load(settings.spacy_model)
    without = spacy.load(settings.spacy_model)
    monkeypatch.setattr(settings, "ner", "off")
    nlp_module._use_ner(without)
    assert "ner" in with_ner.pipe_names and "ner" not in without.pipe_names
    on, off = list(with_ner.pipe(TEXTS)), list(without.pipe(TEXTS))
    assert any(doc.ents for doc in on) and not any(doc.ents for doc in off)
    assert _analysis(on) == _analysis(off)


def test_on_keeps_the_recogniser(monkeypatch):
    nlp = spacy.load(settings.spacy_model)
    monkeypatch.setattr(settings, "ner", "on")
    nlp_module._use_ner(nlp)
    assert "ner" in nlp.pipe_names


def test_an_unknown_value_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(settings, "ner", "maybe")
    with pytest.raises(ModelError, match="DETENTE_NER"):
        nlp_module._use_ner(spacy.blank("en"))


def test_the_dictionaries_still_name_the_actors_when_it_is_off(tmp_path):
    text = tmp_path / "note.txt"
    text.write_text("Serbia will not impose sanctions on Russia, its deputy prime minister said in Moscow.\n",
                    encoding="utf-8")
    env = {**os.environ, "DETENTE_NER": "off"}
    out = subprocess.run([sys.executable, "-m", "detente", "code", str(text), "--date", "2022-05-20",
                          "--db", str(tmp_path / "db.duckdb"), "--format", "jsonl"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    events = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert ("SRB", "SANCTION", "RUS", "negated") in {
        (e["source"]["code"], e["event"], e["target"]["code"] if e["target"] else None, e["factuality"])
        for e in events}


def test_an_unknown_value_stops_the_command_with_one_line(tmp_path):
    text = tmp_path / "note.txt"
    text.write_text("Serbia will not impose sanctions on Russia.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "detente", "code", str(text), "--date", "2022-05-20",
                          "--db", str(tmp_path / "db.duckdb")],
                         capture_output=True, text=True, env={**os.environ, "DETENTE_NER": "fast"}, timeout=300)
    assert out.returncode != 0
    assert "DETENTE_NER" in out.stderr and "Traceback" not in out.stderr
