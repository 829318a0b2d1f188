"""PETRARCH's verb dictionary as evidence for the learned trigger model (learned/petrarch.py): the table
gives a verb its synset's type and the types of its patterns by object word; a word gets them as
features, and a planned act gets the rules' reading as a feature too (features.py)."""
import datetime as dt

from detente.actors import Resolver
from detente.coding.learned.features import candidates, sentence_mentions, trigger_features
from detente.coding.learned.petrarch import petrarch_features, verb_types
from detente.coding.lexicon import lexicon
from detente.nlp import Annotator


def _words(text):
    parsed = Annotator(None, None, skip=False).annotate([text])[0]
    index = Resolver().resolve(parsed.doc, dt.date(2025, 3, 1))
    out = {}
    for sent in parsed.doc.sents:
        mentions = sentence_mentions(sent, index)
        mention_at = {i: m for m in mentions for i in range(m.start, m.end)}
        for tok in candidates(sent):
            out[tok.text] = (tok, trigger_features(tok, mention_at, lexicon(), index))
    return out


def test_a_verb_has_its_synset_s_type_and_its_patterns_types_by_object():
    vt = verb_types()
    assert vt.primary["endorse"] == "SUPPORT"
    assert "endorse" in vt.typed
    assert "SANCTION" in vt.by_object[("close", "border")]


def test_a_verb_s_object_selects_its_pattern_types_and_a_noun_gets_its_type_with_its_part_of_speech():
    words = _words("Ruritania closes the border after the attack.")
    tok, _ = words["closes"]
    feats = petrarch_features(tok)
    assert "pvm=" + verb_types().primary["close"] in feats and "pvo=SANCTION" in feats
    noun, _ = words["attack"]
    assert all(f.startswith("pvm|p=") and f.endswith("|NOUN") for f in petrarch_features(noun))


def test_a_planned_act_carries_the_rules_reading_as_a_trigger_feature():
    words = _words("France plans to impose sanctions on Iran.")
    _, feats = words["impose"]
    assert "rf=future" in feats and "rf|lex=future|SANCTION" in feats
    _, feats = words["France"]
    assert not any(f.startswith("rf=") for f in feats)
