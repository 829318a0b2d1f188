"""Fit the coder's linear models (scikit-learn logistic regression, deterministic: lbfgs, fixed
order, no random state involved) and turn them into LinearModels the coder runs with numpy."""
from __future__ import annotations

import logging
from collections import Counter

import numpy as np

from .linear import LinearModel

log = logging.getLogger(__name__)


def feature_vocab(rows: list[list[str]], min_count: int) -> dict[str, int]:
    counts = Counter(f for r in rows for f in set(r))
    kept = sorted(f for f, n in counts.items() if n >= min_count)
    return {f: i for i, f in enumerate(kept)}


def feature_matrix(rows: list[list[str]], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix
    indptr, indices = [0], []
    for r in rows:
        idx = sorted({vocab[f] for f in r if f in vocab})
        indices.extend(idx)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)), shape=(len(rows), len(vocab)))


def fit_linear(rows: list[list[str]], labels: list, c: float = 1.0, min_count: int = 2,
               class_weight=None, max_iter: int = 300) -> LinearModel:
    """Multinomial (several classes) or binary (labels 0/1) logistic regression over string features."""
    from sklearn.linear_model import LogisticRegression
    vocab = feature_vocab(rows, min_count)
    x = feature_matrix(rows, vocab)
    clf = LogisticRegression(C=c, max_iter=max_iter, class_weight=class_weight)
    clf.fit(x, labels)
    classes = [str(k) for k in clf.classes_]
    if classes == ["0", "1"]:
        classes = ["1"]  # binary: one column, the positive class's
    return pruned_model(classes, vocab, clf.coef_.T.astype(np.float32), clf.intercept_.astype(np.float32))


def pruned_model(classes: list[str], vocab: dict[str, int], w: np.ndarray, b: np.ndarray) -> LinearModel:
    """The model without the features whose weights are all but zero: a smaller file, the same scores
    to 3 decimals."""
    keep = np.flatnonzero(np.abs(w).max(axis=1) > 1e-3)
    names = sorted(vocab, key=vocab.get)
    return LinearModel(classes, {names[i]: k for k, i in enumerate(keep)}, w[keep], b)


def fit_choice(choices: list[tuple[list[list[str]], set[int]]], c: float = 1.0, min_count: int = 2,
               max_iter: int = 500) -> LinearModel:
    """A conditional logit: each choice is a list of candidates (their string features) and the set of
    the right ones; one weight vector scores every candidate, a softmax over the candidates of a choice
    gives their probabilities, and the fit maximises the log probability of the right ones (summed over
    them when there are several) with the L2 penalty of scikit-learn's C. Deterministic (L-BFGS from
    zero). The result is a one-column LinearModel read with ``choose``."""
    from scipy.optimize import minimize
    vocab = feature_vocab([r for rows, _ in choices for r in rows], min_count)
    x = feature_matrix([r for rows, _ in choices for r in rows], vocab)
    group = np.repeat(np.arange(len(choices)), [len(rows) for rows, _ in choices])
    right = np.array([k in gold for rows, gold in choices for k in range(len(rows))], dtype=np.float64)
    n = len(choices)

    def loss_grad(w):
        z = x @ w
        top = np.full(n, -np.inf)
        np.maximum.at(top, group, z)
        e = np.exp(z - top[group])
        total, good = np.bincount(group, e, n), np.bincount(group, e * right, n)
        ok = good > 0
        loss = -np.sum(np.log(good[ok]) - np.log(total[ok]))
        r = np.where(ok[group], e / total[group] - e * right / np.where(ok, good, 1.0)[group], 0.0)
        return c * loss + 0.5 * w @ w, c * (x.T @ r) + w

    res = minimize(loss_grad, np.zeros(len(vocab)), jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
    return pruned_model(["choice"], vocab, res.x.astype(np.float32)[:, None], np.zeros(1, dtype=np.float32))
