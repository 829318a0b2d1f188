"""The learned event coder: in each sentence a trigger model picks the words that state an event and
its PLOVER type, two argument models score every actor mention as the event's source and target, a
factuality model reads negation, modality and condition, and a mode model the manner. Every event
carries the model's scores as evidence (``evidence.rule`` = ``model:<version>`` plus the scores in
``extra``).

Decoding: every identity whose source score passes its threshold is a source, every other one whose
target score passes is a target, and the events are their cross product ("China and India agree": each
is the other's target); with no target the event has none. An event needs a source."""
from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.tokens import Span

from ...config import DATA_DIR
from ...model import Actor, Article, Event, Evidence
from .. import ontology
from ..facts import event_facts
from ..lexicon import Lexicon
from .features import (Mention, argument_features, candidates, factuality_features, sentence_mentions,
                       trigger_features)
from .linear import LinearModel

log = logging.getLogger(__name__)

MODEL_PATH = DATA_DIR / "model" / "coder.npz"
NONE = "NONE"
# At most this many sources and targets per trigger; beyond the best one, each needs SECOND.
MAX_SOURCES, MAX_TARGETS, SECOND = 2, 2, 0.5


@dataclass
class Thresholds:
    trigger: float = 0.5  # an event when P(no event) is below this
    source: float = 0.5
    target: float = 0.5


@dataclass
class CoderModel:
    trigger: LinearModel
    source: LinearModel
    target: LinearModel
    factuality: LinearModel
    mode: LinearModel
    thresholds: Thresholds = field(default_factory=Thresholds)
    meta: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.meta.get("version", "unversioned")

    def trigger_lemmas(self) -> frozenset[str]:
        """The lemmas the trigger model was trained to fire on: only these are candidates (and the
        prefilter keeps every sentence holding one)."""
        return self._lemmas

    @functools.cached_property
    def _lemmas(self) -> frozenset[str]:
        return frozenset(self.meta.get("trigger_lemmas", ()))

    def save(self, path: Path) -> None:
        arrays = {}
        for name in ("trigger", "source", "target", "factuality", "mode"):
            arrays.update(getattr(self, name).to_arrays(name))
        arrays["meta"] = np.array(json.dumps({**self.meta, "thresholds": vars(self.thresholds)}, sort_keys=True))
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            np.savez_compressed(fh, **arrays)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "CoderModel":
        with np.load(path, allow_pickle=False) as arrays:
            meta = json.loads(str(arrays["meta"]))
            parts = {name: LinearModel.from_arrays(arrays, name)
                     for name in ("trigger", "source", "target", "factuality", "mode")}
        return cls(**parts, thresholds=Thresholds(**meta.pop("thresholds", {})), meta=meta)


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> CoderModel | None:
    """The committed model, or None when there is none (the coder then runs its rules alone)."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        log.warning("no learned coder model at %s: coding with the rules alone", p)
        return None
    return CoderModel.load(p)


@functools.lru_cache(maxsize=1)
def _cameo_of() -> dict[tuple[str, str], str]:
    """(type, mode) → the first CAMEO code the crosswalk gives it; (type, '') → the type's first."""
    out: dict[tuple[str, str], str] = {}
    for cameo, (event, mode, _ctx) in sorted(ontology.crosswalk().items()):
        out.setdefault((event, mode), cameo)
        out.setdefault((event, ""), cameo)
    return out


def cameo_for(event: str, mode: str) -> str:
    table = _cameo_of()
    return table.get((event, mode)) or table.get((event, ""), "")


@dataclass
class Decoded:
    """One event the model reads in a sentence, before it becomes an Event."""
    trigger: int  # token index
    event: str
    p_event: float
    source: Mention
    target: Mention | None
    p_source: float
    p_target: float | None
    factuality: str
    mode: str


def decode_sentence(sent: Span, index, model: CoderModel, lex: Lexicon) -> list[Decoded]:
    mentions = sentence_mentions(sent, index)
    if not mentions:
        return []
    mention_at = {i: m for m in mentions for i in range(m.start, m.end)}
    th = model.thresholds
    none_col = model.trigger.classes.index(NONE)
    out: list[Decoded] = []
    lemmas = model.trigger_lemmas()
    for tok in candidates(sent):
        if lemmas and tok.lemma_.lower() not in lemmas:
            continue
        feats = trigger_features(tok, mention_at, lex, index)
        p = model.trigger.proba(feats)
        if p[none_col] >= th.trigger:
            continue
        p_ev = p.copy()
        p_ev[none_col] = -1
        k = int(p_ev.argmax())
        etype, p_type = model.trigger.classes[k], float(p[k])
        scored = []
        for m in mentions:
            af = argument_features(tok, etype, m, mention_at)
            scored.append((float(model.source.proba(af)[0]), float(model.target.proba(af)[0]), m))
        sources = _best_per_identity([(ps, m) for ps, _, m in scored if ps >= th.source])
        # a second source only when it is as sure as a plain decision ("China and India agree")
        sources = sources[:1] + [(ps, m) for ps, m in sources[1:MAX_SOURCES] if ps >= SECOND]
        if not sources:
            continue
        fact = _factuality(tok, etype, model)
        mode = _mode(feats, etype, model)
        for ps, s in sources:
            # a target is another mention: of another identity, or of the same one in a domestic event,
            # when the model is sure of it as a target and surer than as a source ("police arrest protesters")
            tg = _best_per_identity([(pt, t) for ps2, pt, t in scored if pt >= th.target
                                     and not (t.start < s.end and s.start < t.end)
                                     and (t.identity != s.identity or (pt >= SECOND and pt > ps2))])
            tg = tg[:1] + [(pt, t) for pt, t in tg[1:MAX_TARGETS] if pt >= SECOND]
            for pt, t in tg or [(None, None)]:
                out.append(Decoded(tok.i, etype, p_type, s, t, ps, pt, fact, mode))
    return out


def _best_per_identity(scored: list[tuple[float, Mention]]) -> list[tuple[float, Mention]]:
    best: dict[str, tuple[float, Mention]] = {}
    for p, m in scored:
        if p > best.get(m.identity, (-1.0, None))[0]:
            best[m.identity] = (p, m)
    return sorted(best.values(), key=lambda x: -x[0])


def _factuality(tok, etype: str, model: CoderModel) -> str:
    """The model's reading; where the written factuality rules read a negation on the same word, or a
    condition where the model reads "asserted", the rules' reading (their scope is written word by word, and a
    denial coded as asserted is the worst error a coder can make)."""
    feats = factuality_features(tok, etype)
    p = model.factuality.proba(feats)
    learned = model.factuality.classes[int(p.argmax())]
    rule = next(f[5:] for f in feats if f.startswith("rule="))
    if rule == "negated" or (learned == "asserted" and rule == "hypothetical"):
        return rule
    return learned


def _mode(feats: list[str], etype: str, model: CoderModel) -> str:
    p = model.mode.proba(feats + [f"T={etype}"])
    best, best_p = "", -1.0
    for k, label in enumerate(model.mode.classes):
        t, _, mode = label.partition("|")
        if t == etype and p[k] > best_p:
            best, best_p = mode, float(p[k])
    return best


def to_events(decoded: list[Decoded], sent: Span, sent_index: int, article: Article, model: CoderModel,
              index) -> list[Event]:
    out = []
    doc = sent.doc
    for d in decoded:
        tok = doc[d.trigger]
        cameo = cameo_for(d.event, d.mode)
        date, date_origin, location, speaker = event_facts(tok, sent, index, article, d.event)
        src, tgt = d.source.actor, d.target.actor if d.target else None
        scores = {"event": round(d.p_event, 3), "source": round(d.p_source, 3)}
        if d.p_target is not None:
            scores["target"] = round(d.p_target, 3)
        out.append(Event(
            article_id=article.id, sentence_index=sent_index, event=d.event, mode=d.mode, context="",
            cameo=cameo, goldstein=ontology.goldstein(cameo), quad_class=ontology.quad_class(cameo),
            factuality=d.factuality, speaker=speaker, source=src, target=tgt, date=date, date_origin=date_origin,
            location=location, location_origin="sentence" if location is not None else "",
            coder_version=model.version,
            evidence=Evidence(sentence=sent.text.strip(), trigger=tok.text,
                              source_span=_char_span(d.source), target_span=_char_span(d.target) if d.target else None,
                              trigger_span=(tok.idx, tok.idx + len(tok.text)), rule=f"model:{model.version}"),
            extra={"scores": scores}))
    return out


def _char_span(m: Mention) -> tuple[int, int]:
    if m.actor.start >= 0:
        return (m.actor.start, m.actor.end)
    return (m.head.idx, m.head.idx + len(m.head.text))
