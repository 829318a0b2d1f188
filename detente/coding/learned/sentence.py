"""The sentence type model: which PLOVER types a sentence holds, read from the whole sentence (its
lemmas and bigrams, actors as their kind, numbers as NUM), one binary logistic regression per type.
Its probabilities are features of the trigger model (``stacked_features``): a word's window misses
evidence the sentence as a whole carries ("… killing 12 civilians" tells an attack wherever its verb is).

The trigger model must learn how far to trust these probabilities as they are at coding time, on
sentences the sentence model never saw: in training each sentence's probabilities come from a model
fitted on the other folds of the training records (cross-fitting, ``stack``), and the model fitted on
all of them is the one the coder runs. Deterministic: folds by record order, lbfgs from zero."""
from __future__ import annotations

import logging

import numpy as np
from spacy.tokens import Span

from .features import Mention, word_feature
from .fit import feature_matrix, pruned_model, feature_vocab
from .linear import LinearModel

log = logging.getLogger(__name__)

# Folds of the cross-fitting (by record: the sentences of one article stay together).
FOLDS = 5
# A type needs this many training sentences to get a model (fewer cannot be told from noise).
MIN_POSITIVES = 5
# The probability bins a feature reads ("S|ASSAULT=hi"); below the lowest, no feature.
BINS = ((0.5, "hi"), (0.2, "mid"), (0.05, "lo"))


def sentence_words(sent: Span, mention_at: dict[int, Mention]) -> list[str]:
    """The sentence model's features: the words (a run of tokens of one actor is one word) and the
    bigrams of consecutive words."""
    words: list[str] = []
    last = None
    for t in sent:
        if t.is_punct or t.is_space:
            continue
        m = mention_at.get(t.i)
        if m is not None and m is last:
            continue
        last = m
        words.append(word_feature(t, mention_at))
    return sorted({f"u={w}" for w in words} | {f"b={a}|{b}" for a, b in zip(words, words[1:])})


def fit_types(rows: list[list[str]], labels: list[frozenset[str]], types: list[str], c: float = 1.0,
              min_count: int = 2) -> LinearModel:
    """One binary logistic regression per type over a shared vocabulary, as one LinearModel whose
    columns are the types (read with ``type_probs``: each column its own sigmoid). A type with no
    positive row scores a large negative bias."""
    from sklearn.linear_model import LogisticRegression
    vocab = feature_vocab(rows, min_count)
    x = feature_matrix(rows, vocab)
    w = np.zeros((len(vocab), len(types)), dtype=np.float32)
    b = np.full(len(types), -20.0, dtype=np.float32)
    for k, t in enumerate(types):
        y = np.array([t in ls for ls in labels], dtype=np.int64)
        if 0 < y.sum() < len(y):
            clf = LogisticRegression(C=c, max_iter=300)
            clf.fit(x, y)
            w[:, k], b[k] = clf.coef_[0], clf.intercept_[0]
    return pruned_model(list(types), vocab, w, b)


def type_probs(model: LinearModel, words: list[str]) -> dict[str, float]:
    """P(the sentence holds type T) for each type of the model."""
    z = model.scores(words)
    return dict(zip(model.classes, (1.0 / (1.0 + np.exp(-z))).tolist()))


def stacked_features(probs: dict[str, float], row: list[str]) -> list[str]:
    """The sentence's type probabilities as features of one word (``row``: its trigger features): each
    type's bin, alone and with the word's part of speech, dependency and lexicon type (the sentence says
    ASSAULT: its root verb, not a noun in a clause, is likelier the trigger)."""
    pos = next((f[2:] for f in row if f.startswith("p=")), "-")
    dep = next((f[2:] for f in row if f.startswith("d=")), "-")
    lex = next((f[4:] for f in row if f.startswith("lex=")), "-")
    out = []
    for t, p in probs.items():
        b = next((name for floor, name in BINS if p >= floor), None)
        if b is None:
            continue
        s = f"S|{t}={b}"
        out += [s, f"{s}|p={pos}", f"{s}|d={dep}", f"{s}|lex={'same' if lex == t else lex}"]
    return out


def stack(sent_x: list[list[str]], sent_y: list[frozenset[str]], sent_rec: list[int], trig_x: list[list[str]],
          trig_sent: list[int], c: float = 1.0) -> tuple[LinearModel, list[list[str]]]:
    """The sentence model fitted on all sentences, and the trigger rows with the stacked features of
    their sentence's out-of-fold probabilities (fold of a sentence: its record's ordinal mod FOLDS)."""
    counts = {}
    for ls in sent_y:
        for t in ls:
            counts[t] = counts.get(t, 0) + 1
    types = sorted(t for t, n in counts.items() if n >= MIN_POSITIVES)
    folds = np.asarray(sent_rec) % FOLDS
    oof: list[dict[str, float] | None] = [None] * len(sent_x)
    for k in range(FOLDS):
        fit_on = np.flatnonzero(folds != k)
        model = fit_types([sent_x[i] for i in fit_on], [sent_y[i] for i in fit_on], types, c=c)
        for i in np.flatnonzero(folds == k):
            oof[i] = type_probs(model, sent_x[i])
    rows = [r + stacked_features(oof[s], r) for r, s in zip(trig_x, trig_sent)]
    final = fit_types(sent_x, sent_y, types, c=c)
    log.info("sentence type model: %d sentences, %d types, %d features", len(sent_x), len(types), len(final.vocab))
    return final, rows


def fallback_words(types: dict[str, float], word_probs: list[np.ndarray], classes: list[str], sentence_floor: float,
                   word_floor: float) -> list[tuple[int, int, float]]:
    """For each type the sentence model gives at least ``sentence_floor``: the word (its index in
    ``word_probs``, the trigger model's probabilities of the sentence's candidates) with the highest
    P(type), when that passes ``word_floor`` — as (word, type column, the sentence's P(type)). The
    decoder fires it only when no word of the sentence fires as the type (coder.select)."""
    out = []
    for t, p_sent in sorted(types.items()):
        if p_sent < sentence_floor or t not in classes or not word_probs:
            continue
        k = classes.index(t)
        w = max(range(len(word_probs)), key=lambda i: (word_probs[i][k], -i))
        if word_probs[w][k] >= word_floor:
            out.append((w, k, p_sent))
    return out
