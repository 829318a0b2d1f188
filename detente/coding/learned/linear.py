"""A linear classifier over string features, as the coder runs it: a vocabulary, a weight matrix and
the class names, scored with numpy (no training library is needed to code). scikit-learn fits the
weights in training (detente.coding.learned.train); this holds and applies them."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class LinearModel:
    classes: list[str]
    vocab: dict[str, int]
    weights: np.ndarray  # (features, classes), or (features, 1) for a binary model
    bias: np.ndarray  # (classes,) or (1,)

    @property
    def binary(self) -> bool:
        return self.weights.shape[1] == 1

    def scores(self, features: list[str]) -> np.ndarray:
        idx = [i for i in map(self.vocab.get, features) if i is not None]
        z = self.bias.astype(np.float64)
        if idx:
            z += self.weights[idx].sum(axis=0, dtype=np.float64)
        return z

    def proba(self, features: list[str]) -> np.ndarray:
        """Class probabilities (for a binary model: the probability of the positive class, shape (1,))."""
        z = self.scores(features)
        if self.binary:
            return 1.0 / (1.0 + np.exp(-z))
        z = z - z.max()
        e = np.exp(z)
        return e / e.sum()

    def scores_rows(self, rows: list[list[str]]) -> np.ndarray:
        """``scores`` of each row of features (shape (rows, classes)), the same numbers in one pass: a
        sentence's words are scored together, not one numpy call each."""
        get = self.vocab.get
        idx = [[i for i in map(get, f) if i is not None] for f in rows]
        z = np.repeat(self.bias.astype(np.float64)[None, :], len(rows), axis=0)
        flat = [i for row in idx for i in row]
        if flat:
            starts = np.cumsum([0] + [len(i) for i in idx[:-1]])
            filled = np.array([bool(i) for i in idx], dtype=bool)
            # each row's weights are added in order, as .sum(axis=0) adds them: the same float64 totals
            z[filled] += np.add.reduceat(self.weights[flat].astype(np.float64), starts[filled], axis=0)
        return z

    def proba_rows(self, rows: list[list[str]]) -> np.ndarray:
        """``proba`` of each row of features (shape (rows, classes))."""
        z = self.scores_rows(rows)
        if self.binary:
            return 1.0 / (1.0 + np.exp(-z))
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def choose(self, candidates: list[list[str]]) -> np.ndarray:
        """For a choice model (one column, detente.coding.learned.fit.fit_choice): the probability of
        each candidate, a softmax of their scores."""
        z = self.scores_rows([sorted(set(c)) for c in candidates])[:, 0]
        e = np.exp(z - z.max())
        return e / e.sum()

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        names = sorted(self.vocab, key=self.vocab.get)
        return {f"{prefix}.features": np.array("\n".join(names)), f"{prefix}.classes": np.array("\n".join(self.classes)),
                f"{prefix}.weights": self.weights.astype(np.float16), f"{prefix}.bias": self.bias.astype(np.float32)}

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> "LinearModel":
        names = str(arrays[f"{prefix}.features"]).split("\n")
        classes = str(arrays[f"{prefix}.classes"]).split("\n")
        return cls(classes, {n: i for i, n in enumerate(names)}, np.asarray(arrays[f"{prefix}.weights"], dtype=np.float32),
                   np.asarray(arrays[f"{prefix}.bias"], dtype=np.float32))
