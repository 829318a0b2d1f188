"""The sentence type model (detente/coding/learned/sentence.py): what it reads of a sentence, that it
learns one probability per type, how its probabilities become trigger features, that the trigger rows
of training get out-of-fold probabilities (cross-fitting), and that the committed model carries it."""
import numpy as np
import pytest

from detente.coding.learned.sentence import (FOLDS, fit_types, sentence_words, stack, stacked_features,
                                             type_probs)


def test_a_sentence_is_its_words_and_bigrams_with_actors_as_their_kind_and_numbers_as_num():
    from detente.coding.learned.features import Mention
    from detente.model import Actor
    from detente.nlp import load
    doc = load()("The Chilean navy seized 14 fishing boats.")
    sent = next(doc.sents)
    chile, navy = doc[1], doc[2]
    m = Mention(Actor("CHL", sector="MIL"), chile.i, navy.i + 1, navy, "CHL")
    words = sentence_words(sent, {chile.i: m, navy.i: m})
    assert "u=ACT:STATE:MIL" in words and "u=seize" in words and "u=NUM" in words
    assert "b=ACT:STATE:MIL|seize" in words and "b=seize|NUM" in words and "u=." not in words
    assert "u=chilean" not in words and "u=14" not in words  # the actor is one word, the number NUM
    assert words == sorted(set(words))


def _toy():
    """Twenty-five one-sentence records: shelling in every one of a run of five, a donation in the
    first fold only (records 0, 5, 10, 15, 20), a meeting in the others."""
    rows, labels = [], []
    for r in range(25):
        if r % FOLDS == 0:
            rows.append(["u=donate", "u=grain", f"u=x{r % 3}"])
            labels.append(frozenset({"AID"}))
        elif r % 2:
            rows.append(["u=shell", "u=city", f"u=x{r % 3}"])
            labels.append(frozenset({"ASSAULT"}))
        else:
            rows.append(["u=meet", "u=talk", f"u=x{r % 3}"])
            labels.append(frozenset({"CONSULT"}))
    return rows, labels


def test_one_probability_per_type_each_its_own():
    rows, labels = _toy()
    model = fit_types(rows, labels, ["AID", "ASSAULT", "CONSULT", "PROTEST"], c=10.0)
    p = type_probs(model, ["u=shell", "u=city"])
    assert p["ASSAULT"] > 0.8 and p["AID"] < 0.3 and p["CONSULT"] < 0.3
    assert p["PROTEST"] < 1e-6  # no positive example: no chance
    assert model.classes == ["AID", "ASSAULT", "CONSULT", "PROTEST"]


def test_the_probabilities_become_binned_features_crossed_with_the_word():
    row = ["l=strike", "p=VERB", "d=ROOT", "lex=ASSAULT", "bias"]
    f = stacked_features({"ASSAULT": 0.8, "COERCE": 0.3, "CONSULT": 0.06, "AID": 0.01}, row)
    assert {"S|ASSAULT=hi", "S|ASSAULT=hi|p=VERB", "S|ASSAULT=hi|d=ROOT", "S|ASSAULT=hi|lex=same"} <= set(f)
    assert {"S|COERCE=mid", "S|COERCE=mid|lex=ASSAULT", "S|CONSULT=lo|d=ROOT"} <= set(f)
    assert not any("AID" in x for x in f)
    assert stacked_features({"ASSAULT": 0.8}, ["l=x"]) == ["S|ASSAULT=hi", "S|ASSAULT=hi|p=-", "S|ASSAULT=hi|d=-",
                                                          "S|ASSAULT=hi|lex=-"]


def test_training_rows_read_out_of_fold_probabilities_and_the_coder_the_model_of_all():
    rows, labels = _toy()
    trig_x = [["l=w"] for _ in rows]
    final, stacked = stack(rows, labels, list(range(len(rows))), trig_x, list(range(len(rows))), c=10.0)
    # the donations all lie in one fold: scored by a model that saw none of them, they read no AID ...
    for r in range(0, 25, FOLDS):
        assert not any(f.startswith("S|AID=") for f in stacked[r])
    # ... while a shelling, seen in the other folds, reads ASSAULT; and the final model knows AID
    assert "S|ASSAULT=hi" in stacked[1]
    assert type_probs(final, ["u=donate", "u=grain"])["AID"] > 0.5
    assert trig_x[0] == ["l=w"]  # the rows given are not changed
    again, stacked2 = stack(rows, labels, list(range(len(rows))), trig_x, list(range(len(rows))), c=10.0)
    assert stacked2 == stacked and np.array_equal(again.weights, final.weights)  # deterministic


def test_pooled_examples_keep_each_trigger_row_with_its_sentence():
    from detente.coding.learned.examples import Examples
    a, b = Examples(), Examples()
    a.sent_x, a.sent_y, a.sent_rec, a.trig_sent = [["u=a0"], ["u=a1"]], [frozenset(), frozenset({"AID"})], [0, 0], [0, 1, 1]
    b.sent_x, b.sent_y, b.sent_rec, b.trig_sent = [["u=b0"]], [frozenset({"ASSAULT"})], [0], [0, 0]
    pool = Examples()
    pool.extend(a)
    pool.extend(b)
    assert [pool.sent_x[k] for k in pool.trig_sent] == [["u=a0"], ["u=a1"], ["u=a1"], ["u=b0"], ["u=b0"]]
    assert pool.sent_rec == [0, 0, 1]


def test_the_committed_model_reads_the_types_of_a_sentence():
    from detente.coding.learned import load_model
    from detente.coding.learned.coder import MODEL_PATH
    if not MODEL_PATH.exists():
        pytest.skip("no trained model (run make train)")
    model = load_model()
    assert model.sentence is not None and "ASSAULT" in model.sentence.classes
    p = type_probs(model.sentence, ["u=ACT:STATE:MIL", "u=shell", "u=village", "u=kill", "u=NUM", "u=civilian",
                                    "b=ACT:STATE:MIL|shell", "b=kill|NUM"])
    assert max(p, key=p.get) == "ASSAULT" and p["ASSAULT"] > 0.5


def test_the_fallback_word_of_a_type_is_the_likeliest_and_must_pass_both_floors():
    from detente.coding.learned.sentence import fallback_words
    classes = ["ASSAULT", "CONSULT", "NONE"]
    words = [np.array([0.1, 0.05, 0.85]), np.array([0.3, 0.0, 0.7]), np.array([0.02, 0.25, 0.73])]
    got = fallback_words({"ASSAULT": 0.9, "CONSULT": 0.6, "AID": 0.99}, words, classes, 0.7, 0.2)
    assert got == [(1, 0, 0.9)]  # CONSULT: the sentence is not sure enough; AID: no trigger class
    assert fallback_words({"ASSAULT": 0.9}, words, classes, 0.7, 0.35) == []  # no word likely enough
    assert fallback_words({"ASSAULT": 0.9}, [], classes, 0.7, 0.2) == []


def test_a_fallback_word_fires_only_where_no_word_of_its_sentence_fires_as_its_type():
    from dataclasses import replace

    from detente.coding.learned.coder import Scored, SourceChoice, Thresholds, select
    from detente.coding.learned.features import Mention
    fra, deu = (Mention(actor=None, start=k, end=k + 1, head=None, identity=i) for k, i in ((0, "FRA"), (3, "DEU")))

    def scored(p_none, event, sent_start, p_sentence=None):
        return Scored(tok=None, feats=[], p_none=p_none, event=event, p_type=1 - p_none,
                      sources=[SourceChoice(0.9, fra, [(0.8, deu)])], sent_start=sent_start, p_sentence=p_sentence)

    th = Thresholds(trigger=0.5, source=0.3, target=0.3, second=0.5, domestic=0.3, sentence=0.7, fallback=0.2)
    weak = scored(0.7, "ASSAULT", 0, p_sentence=0.9)  # P(ASSAULT) 0.3: below the trigger threshold
    assert [sc.event for sc, *_ in select([weak], th)] == ["ASSAULT"]
    assert select([weak], replace(th, fallback=None)) == [] and select([weak], replace(th, sentence=0.95)) == []
    assert select([weak], replace(th, fallback=0.4)) == []
    # a word of the sentence fires as ASSAULT already: no fallback; one of another sentence does not count
    assert [sc for sc, *_ in select([scored(0.2, "ASSAULT", 0), weak], th)] != [weak]
    assert len(select([scored(0.2, "ASSAULT", 0), weak], th)) == 1
    assert len(select([scored(0.2, "ASSAULT", 9), weak], th)) == 2


def test_a_gold_event_is_learned_at_the_word_of_its_act_not_at_the_word_that_governs_it():
    """"announces 27% tariffs", "orders its troops to withdraw", "decision to invade": the model learns the
    event at the word the lexicon types as it, not at the verb or noun above it, whose type would depend
    on what it governs (examples.trigger_token)."""
    import datetime as dt
    from detente.coding.gold import GoldEvent, NewsRecord
    from detente.coding.learned.corpus import parsed_records
    from detente.coding.learned.examples import trigger_token
    from detente.coding.lexicon import lexicon
    from detente.nlp import Annotator

    def event(etype, trigger):
        return GoldEvent(source="USA", event=etype, target="CAN", factuality="asserted", alt_event=None,
                         trigger=trigger, sentence="", source_text="", target_text="", mode=None)
    cases = [("The United States announces 27% tariffs on Canadian steel.", event("SANCTION", "announces 27% tariffs"),
              "tariffs"),
             ("The United States launched an attack on Canadian positions.", event("ASSAULT", "launched an attack"),
              "launched"),  # the lexicon types the phrase's head as the act already: it stays
             ("The United States announced talks with Canada.", event("CONSULT", "announced"), "announced")]
    records = [NewsRecord(id=str(k), line=k, text=text, date=dt.date(2025, 3, 1), events=(g,))
               for k, (text, g, _) in enumerate(cases)]
    lex = lexicon()
    for (rec, doc, index), (_, g, word) in zip(parsed_records(records, Annotator(None, None, skip=False)), cases):
        assert trigger_token(doc, rec.text, g, lex, index).text == word
    # without the lexicon, the phrase's head, as before
    rec, doc, index = next(parsed_records(records[:1], Annotator(None, None, skip=False)))
    assert trigger_token(doc, rec.text, cases[0][1]).text == "announces"
