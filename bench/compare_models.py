"""A second model family for the learned coder: a one-hidden-layer neural network (scikit-learn's
MLPClassifier, adam, ReLU) in place of the logistic regression of the trigger model (until learned-3
also of the source and target models; since learned-4 those are softmax choices among the mentions,
which a classifier of one mention at a time does not replace) — the same features, the same decoder,
thresholds chosen the same way on the same fifth of the training records (`make train`'s method).
Scores the learned coder alone and the combined coder on the dev statements and the dev articles
(measured, never tuned on). Figures in bench/EVAL.md.

    .venv/bin/python bench/compare_models.py [HIDDEN_UNITS, default 64]

Slow: the network's fit takes tens of minutes on two cores (the logistic regressions: about one)."""
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from detente.coding.learned import train as T
from detente.coding.learned.fit import feature_matrix, feature_vocab
from detente.coding.learned.tune import tune_records, best_thresholds
from detente.coding.lexicon import lexicon
from detente.coding.learned.corpus import parsed_records
from detente.eval_news import load_news, score_news
from detente.nlp import Annotator
from learning_curve import coded  # bench/: the same coding of parsed records

class MLPModel:
    """The network as the decoder runs a LinearModel: proba(features) from the string features."""

    def __init__(self, classes, vocab, w1, b1, w2, b2):
        self.classes, self.vocab, self.w1, self.b1, self.w2, self.b2 = classes, vocab, w1, b1, w2, b2
    def proba(self, feats):
        idx = [self.vocab[f] for f in feats if f in self.vocab]
        h = self.b1.copy()
        if idx: h += self.w1[np.asarray(idx)].sum(axis=0)
        h = np.maximum(h, 0)
        z = h @ self.w2 + self.b2
        if len(self.classes) == 1:
            return 1/(1+np.exp(-z))
        z -= z.max(); e = np.exp(z); return e/e.sum()

def fit_mlp(rows, labels, hidden=int(sys.argv[1]) if len(sys.argv)>1 else 64):
    from sklearn.neural_network import MLPClassifier
    vocab = feature_vocab(rows, 2); x = feature_matrix(rows, vocab)
    clf = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=1e-4, max_iter=12, early_stopping=False, random_state=0, batch_size=256)
    clf.fit(x, labels)
    classes = [str(k) for k in clf.classes_]
    if classes == ["0","1"]: classes = ["1"]
    return MLPModel(classes, vocab, clf.coefs_[0].astype(np.float32), clf.intercepts_[0].astype(np.float32),
                    clf.coefs_[1].astype(np.float32), clf.intercepts_[1].astype(np.float32))

def fit_mlp_model(ex, thresholds=None):
    m = T.fit_model(ex, thresholds=thresholds)
    return replace(m, trigger=fit_mlp(ex.trig_x, ex.trig_y))


t0 = time.time()
lex = lexicon(); ann = Annotator(None, None, skip=False)
parsed, _ = T.training_records(Path("../shared/gold"))
sets = {}
for name, path, split in (("dev", "news/statements.jsonl", "dev"), ("adev", "news/articles_dev.jsonl", None)):
    recs, _ = load_news(Path("../shared/gold")/path, split)
    sets[name] = (recs, list(parsed_records(recs, ann)))
print("parsed", time.time()-t0, flush=True)
per = T.examples_of(parsed, lex)
held = [k for k in range(len(parsed)) if k % 5 == 4]; hs=set(held)
for fam, fitter in (("mlp", fit_mlp_model),):
    t1=time.time()
    first = fitter(T.pooled([e for k,e in enumerate(per) if k not in hs]))
    items = tune_records([parsed[k] for k in held], first, lex, T.ruled_triples([parsed[k] for k in held], lex))
    th, f1 = best_thresholds(items)
    model = fitter(T.pooled(per), thresholds=th)
    print(fam, "fit+tune", round(time.time()-t1), "s", vars(th), round(f1,3), flush=True)
    for mode in ("learned","combined"):
        for name,(recs,p) in sets.items():
            m = score_news(recs, coded(p, model, lex, mode)).metrics()
            print(fam, mode, name, m["f1"], m["precision"], m["recall"], m["factuality_accuracy"], flush=True)
