"""The learned event coder: in each sentence a trigger model picks the words that state an event and
its PLOVER type, a source model chooses the event's source among the sentence's actor mentions, a
target model chooses, given that source, its target among the other mentions, the source's own
country (a domestic act on people no mention names: "Malian soldiers detained forty villagers",
MLI→MLI) or none (softmax choices: each candidate is scored against the others), a factuality model
reads negation, modality and condition, and a mode model the manner. Every event carries the model's
scores as evidence (``evidence.rule`` = ``model:<version>`` plus the scores in ``extra``).

Decoding: every identity whose source probability passes its threshold is a source (a second one
only when it passes ``second``: "China and India agree"), and for each source every target identity
whose probability given that source passes its threshold (``domestic`` for the source's own identity)
is a target; with no target the event has none. A further source or target coordinated with one
chosen ("accuses Chile and Peru of spying") needs only COORDINATED. An event needs a source. An
event between two identities is read both ways where training codes such pairs so (``reciprocal``)."""
from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

from ...config import DATA_DIR
from ...model import Actor, Article, Event, Evidence
from .. import ontology
from ..facts import event_facts
from ..implicit import population_target
from ..lexicon import Lexicon
from .features import (Mention, argument_features, candidates, coordinated, factuality_features, no_source_features,
                       no_target_features, pair_features, self_target_features, sentence_mentions,
                       trigger_features)
from .linear import LinearModel
from .sentence import fallback_words, sentence_words, stacked_features, type_probs
from .reading import decide, reading

log = logging.getLogger(__name__)

MODEL_PATH = DATA_DIR / "model" / "coder.npz"
NONE = "NONE"
# At most this many sources and targets per trigger; beyond the best one, each needs Thresholds.second.
MAX_SOURCES, MAX_TARGETS = 2, 2


@dataclass
class Thresholds:
    trigger: float = 0.5  # an event when P(no event) is below this
    source: float = 0.5
    target: float = 0.5
    second: float = 0.5  # a second source or target of the same word
    domestic: float = 0.5  # a target of the source's own identity
    # the sentence fallback (sentence.py): where the sentence model gives a type T at least ``sentence``
    # and no word of the sentence fires as T, its likeliest word for T fires when P(T) passes
    # ``fallback`` (None: no fallback)
    sentence: float = 1.0
    fallback: float | None = None
    factuality: float = 0.0  # "asserted" must beat the likeliest other factuality by this (reading.py)


@dataclass
class CoderModel:
    trigger: LinearModel
    source: LinearModel
    target: LinearModel
    factuality: LinearModel
    mode: LinearModel
    thresholds: Thresholds = field(default_factory=Thresholds)
    meta: dict = field(default_factory=dict)
    sentence: LinearModel | None = None  # the sentence type model (sentence.py), if trained with one
    # the event filter (rerank.py), if trained with one: the decoder then reads the looser ``candidates``
    # thresholds, and the filter keeps the triples it judges likely
    rerank: LinearModel | None = None
    candidates: Thresholds | None = None

    @property
    def version(self) -> str:
        return self.meta.get("version", "unversioned")

    def trigger_lemmas(self) -> frozenset[str]:
        """The lemmas the trigger model may fire on (those training saw as triggers, the lexicon's and
        PETRARCH's typed verbs: train.fit_model): only these are candidates (and the prefilter keeps
        every sentence holding one)."""
        return self._lemmas

    @functools.cached_property
    def _lemmas(self) -> frozenset[str]:
        return frozenset(self.meta.get("trigger_lemmas", ()))

    def save(self, path: Path) -> None:
        arrays = {}
        for name in ("trigger", "source", "target", "factuality", "mode"):
            arrays.update(getattr(self, name).to_arrays(name))
        if self.sentence is not None:
            arrays.update(self.sentence.to_arrays("sentence"))
        if self.rerank is not None:
            arrays.update(self.rerank.to_arrays("rerank"))
        meta = {**self.meta, "thresholds": vars(self.thresholds)}
        if self.candidates is not None:
            meta["candidates"] = vars(self.candidates)
        arrays["meta"] = np.array(json.dumps(meta, sort_keys=True))
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            np.savez_compressed(fh, **arrays)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "CoderModel":
        with np.load(path, allow_pickle=False) as arrays:
            meta = json.loads(str(arrays["meta"]))
            parts = {name: LinearModel.from_arrays(arrays, name)
                     for name in ("trigger", "source", "target", "factuality", "mode")}
            for name in ("sentence", "rerank"):
                if f"{name}.features" in arrays.files:
                    parts[name] = LinearModel.from_arrays(arrays, name)
        if "candidates" in meta:
            parts["candidates"] = Thresholds(**meta.pop("candidates"))
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
    p_none: float = 0.0  # the word's P(no event)
    strict: bool = True  # read at the model's own thresholds, not only at its candidates' (rerank.py)
    p_sentence: float | None = None  # a fallback word's sentence P(type)
    p_sentence_type: float | None = None  # the sentence model's P(type) for any word


@dataclass
class SourceChoice:
    """One identity as the source of a word's event: its probability (summed over its mentions), the
    mention that carries it best, and the target identities given this source with their probabilities
    (summed likewise), best first."""
    p: float
    mention: Mention
    targets: list[tuple[float, Mention]]


@dataclass
class Scored:
    """A candidate word whose event probability passes the loosest trigger threshold, with the source
    identities of its sentence, best first, and their targets."""
    tok: Token
    feats: list[str]
    p_none: float
    event: str
    p_type: float
    sources: list[SourceChoice]
    sent_start: int = -1  # the sentence's first token
    p_sentence: float | None = None  # for a fallback word: the sentence model's P(type); else None
    p_sentence_type: float | None = None  # the sentence model's P(type), for any word (None: no such model)


# The loosest trigger threshold the decoder may be given: candidates with P(no event) above it are
# dropped before their arguments are scored (most words, most of the time).
LOOSEST_TRIGGER = 0.9


def score_sentence(sent: Span, index, model: CoderModel, lex: Lexicon,
                   loosest: float = LOOSEST_TRIGGER, fallback_floor: tuple[float, float] | None = None) -> list[Scored]:
    """Every candidate word of the sentence that may trigger an event, with its argument scores; and
    the fallback words (sentence.fallback_words) past ``fallback_floor`` (the sentence's and the word's
    P(type); default: the model's thresholds)."""
    mentions = sentence_mentions(sent, index)
    if not mentions:
        return []
    mention_at = {i: m for m in mentions for i in range(m.start, m.end)}
    none_col = model.trigger.classes.index(NONE)
    lemmas = model.trigger_lemmas()
    types = type_probs(model.sentence, sentence_words(sent, mention_at)) if model.sentence is not None else None
    out, words, rows = [], [], []
    for tok in candidates(sent):
        if lemmas and tok.lemma_.lower() not in lemmas:
            continue
        feats = trigger_features(tok, mention_at, lex, index)
        if types is not None:
            feats += stacked_features(types, feats)
        rows.append((tok, feats))
    # the sentence's words scored in one pass (the same numbers as one at a time)
    probs = model.trigger.proba_rows([feats for _, feats in rows]) if rows else []
    for (tok, feats), p in zip(rows, probs):
        words.append((tok, feats, p))
        if p[none_col] >= max(loosest, model.thresholds.trigger):
            continue
        p_ev = p.copy()
        p_ev[none_col] = -1
        k = int(p_ev.argmax())
        etype = model.trigger.classes[k]
        out.append(Scored(tok, feats, float(p[none_col]), etype, float(p[k]),
                          score_arguments(tok, etype, mentions, mention_at, model), sent.start,
                          p_sentence_type=types.get(etype) if types is not None else None))
    th = model.thresholds
    floor = fallback_floor or ((th.sentence, th.fallback) if th.fallback is not None else None)
    if types is not None and floor is not None:
        for w, k, p_sent in fallback_words(types, [p for _, _, p in words], model.trigger.classes, *floor):
            tok, feats, p = words[w]
            etype = model.trigger.classes[k]
            out.append(Scored(tok, feats, float(p[none_col]), etype, float(p[k]),
                              score_arguments(tok, etype, mentions, mention_at, model), sent.start, p_sent, p_sent))
    return out


# A source identity below this probability is not given targets (no threshold the tuner tries is lower).
MIN_SOURCE = 0.05


def score_arguments(tok: Token, etype: str, mentions: list[Mention], mention_at: dict[int, Mention],
                    model: CoderModel) -> list[SourceChoice]:
    """The source model's softmax over the mentions and "no source", summed by identity; for each
    likely source (its best mention), the target model's softmax over the other mentions, "its own
    country" (scored as the source mention itself) and "no target", summed by identity."""
    feats = [argument_features(tok, etype, m, mention_at) for m in mentions]
    p_src = model.source.choose(feats + [no_source_features(tok, etype, mentions)])[:-1]
    # a model trained before the own-country candidate existed (no weight for it) is read without it
    own = "SELF" in model.target.vocab
    out = []
    for p, s in _by_identity(zip(p_src, mentions)):
        if p < MIN_SOURCE:
            break
        cand = [k for k, m in enumerate(mentions) if m is not s and not (m.start < s.end and s.start < m.end)]
        rows = [feats[k] + pair_features(tok, etype, s, mentions[k]) for k in cand]
        if own:
            rows.append(self_target_features(tok, etype, s, mentions, mention_at))
        rows.append(no_target_features(tok, etype, s, mentions))
        p_tgt = model.target.choose(rows)
        scored = [(float(p_tgt[j]), mentions[k]) for j, k in enumerate(cand)]
        if own:  # the source's own country, no other mention naming it, stands as the source mention itself
            scored.append((float(p_tgt[len(cand)]), s))
        out.append(SourceChoice(p, s, _by_identity(scored)))
    return out


def _by_identity(scored) -> list:
    """(probability, mention) pairs summed by identity, each identity with its likeliest mention (the
    first of equals), best first."""
    total: dict[str, float] = {}
    best: dict[str, tuple[float, Mention]] = {}
    for p, m in scored:
        total[m.identity] = total.get(m.identity, 0.0) + float(p)
        if float(p) > best.get(m.identity, (-1.0, None))[0]:
            best[m.identity] = (float(p), m)
    return sorted(((total[i], best[i][1]) for i in total), key=lambda x: -x[0])


def select(scored: list[Scored], th: Thresholds, reciprocity: dict[str, float] | None = None
           ) -> list[tuple[Scored, Mention, Mention | None, float, float | None]]:
    """The events read from the scores under thresholds ``th``: for each word whose P(no event) is
    below the trigger threshold, every source identity that passes (a second one only past
    ``th.second`` too: "China and India agree"), and for each its targets given it that pass (past
    ``th.domestic`` for its own identity, a second past ``th.second`` too); with no target the event
    has none; where training codes the word's pairs both ways (``reciprocity``), each event between two
    identities in its reverse direction too (``reciprocal``)."""
    out = []
    reciprocity = reciprocity or {}
    fired = {(sc.sent_start, sc.event) for sc in scored if sc.p_sentence is None and sc.p_none < th.trigger}
    for sc in scored:
        if sc.p_sentence is None and sc.p_none >= th.trigger:
            continue
        if sc.p_sentence is not None and not (th.fallback is not None and sc.p_sentence >= th.sentence
                                              and sc.p_type >= th.fallback and (sc.sent_start, sc.event) not in fired):
            continue
        sources = [c for c in sc.sources if c.p >= th.source]
        sources = sources[:1] + [c for c in sources[1:MAX_SOURCES] if c.p >= th.second]
        sources += _conjuncts([(c.p, c.mention, c) for c in sc.sources], [c.mention for c in sources])
        for c in sources:
            s = c.mention
            tg = [(p, t) for p, t in c.targets if p >= (th.domestic if t.identity == s.identity else th.target)]
            tg = tg[:1] + [(p, t) for p, t in tg[1:MAX_TARGETS] if p >= th.second]
            tg += _conjuncts([(p, t, (p, t)) for p, t in c.targets if t.identity != s.identity], [t for _, t in tg])
            # a word with a foreign target is not also a domestic event ("Serbia's minister met Putin"
            # is not SRB→SRB as well): measured on the training fifth, +0.002 on statements and articles
            if any(t.identity != s.identity for _, t in tg):
                tg = [(p, t) for p, t in tg if t.identity != s.identity]
            for p, t in tg or [(None, None)]:
                out.append((sc, s, t, c.p, p))
        out.extend(reciprocal(sc, out, reciprocity))
    return out


# A further source or target coordinated with one chosen ("accuses Chile and Peru of spying",
# "China and India agree") is chosen from this probability: the softmax shares the mass between the
# conjuncts, so the second rarely passes the threshold that one alone passes. None: no such rule.
COORDINATED = 0.1


def _conjuncts(scored: list[tuple[float, Mention, object]], chosen: list[Mention]) -> list:
    """The items of ``scored`` (probability, mention, item) whose identity is not chosen yet, whose
    mention is coordinated with a chosen one and whose probability passes COORDINATED."""
    if COORDINATED is None or not chosen:
        return []
    have = {m.identity for m in chosen}
    out = []
    for p, m, item in scored:
        if m.identity not in have and p >= COORDINATED and m.head is not None \
                and any(c.head is not None and coordinated(m, c) for c in chosen):
            have.add(m.identity)
            out.append(item)
    return out


# The reciprocity (the share of such gold pairs coded both ways) from which an event between two
# identities is read in both directions: more likely than not (not tuned).
RECIPROCAL = 0.5


def reciprocal(sc: Scored, chosen: list, reciprocity: dict[str, float]) -> list:
    """The reverse of each event of the word between two identities, when training codes such pairs in
    both directions more often than not (``reciprocity``, learned by `make train`: by the word's type
    and lemma, "AGREE|l=sign", else its type; between coordinated mentions, "AGREE|coord", as well) and
    the reverse is not read yet. "Egypt signs an agreement with Norway" is EGY→NOR and NOR→EGY; "Japan
    and South Korea sign a pact" is JPN→KOR and KOR→JPN, where the source model shares its probability
    between the two subjects and the second often misses the threshold that one alone passes."""
    if not reciprocity:
        return []
    lemma = sc.tok.lemma_.lower() if sc.tok is not None else ""
    rate = reciprocity.get(f"{sc.event}|l={lemma}" if lemma else "", reciprocity.get(sc.event, 0.0))
    coord = reciprocity.get(f"{sc.event}|coord", 0.0)
    have = {(s.identity, t.identity if t else None) for x, s, t, _, _ in chosen if x is sc}
    out = []
    for x, s, t, ps, pt in chosen:
        if x is not sc or t is None or t.identity == s.identity or (t.identity, s.identity) in have:
            continue
        joint = coordinated(s, t)
        # the word's share with the pair coordinated or not, where training met it so
        pair_rate = reciprocity.get(f"{sc.event}|l={lemma}|c={int(joint)}", rate)
        if pair_rate >= RECIPROCAL or (coord >= RECIPROCAL and joint):
            have.add((t.identity, s.identity))
            out.append((sc, t, s, ps, pt))
    return out


def decode_sentence(sent: Span, index, model: CoderModel, lex: Lexicon) -> list[Decoded]:
    """The events the model reads in the sentence; with candidate thresholds (for the event filter,
    rerank.py), every candidate they read, each marked whether the model's own thresholds read it too."""
    out: list[Decoded] = []
    facts: dict[tuple[int, str], tuple[str, str]] = {}
    recip = model.meta.get("reciprocity")
    cand = model.candidates
    if cand is None:
        # scored at the model's own trigger threshold: no argument is scored for a word that cannot fire
        scored = score_sentence(sent, index, model, lex, loosest=0.0)
        chosen = [(x, True) for x in select(scored, model.thresholds, recip)]
    else:
        scored = score_sentence(sent, index, model, lex, loosest=cand.trigger,
                                fallback_floor=(cand.sentence, cand.fallback) if cand.fallback is not None else None)
        strict = select(scored, model.thresholds, recip)
        keys = {_key(x) for x in strict}
        chosen = [(x, True) for x in strict] + [(x, False) for x in select(scored, cand, recip) if _key(x) not in keys]
    for (sc, s, t, ps, pt), is_strict in chosen:
        if (sc.tok.i, sc.event) not in facts:
            facts[sc.tok.i, sc.event] = (_factuality(sc.tok, sc.event, model), _mode(sc.feats, sc.event, model))
        fact, mode = facts[sc.tok.i, sc.event]
        out.append(Decoded(sc.tok.i, sc.event, sc.p_type, s, t, ps, pt, fact, mode, sc.p_none, is_strict,
                           sc.p_sentence, sc.p_sentence_type))
    return out


def _key(chosen: tuple) -> tuple:
    sc, s, t, _, _ = chosen
    return (sc.tok.i, sc.event, sc.p_sentence is not None, s.identity, t.identity if t else None)


def _factuality(tok, etype: str, model: CoderModel) -> str:
    """The model's reading at its tuned margin; the written rules' negation of an act, and their
    condition where the model reads "asserted", stand (reading.py)."""
    return reading(model.factuality, factuality_features(tok, etype), etype, model.thresholds.factuality)


def reread_factuality(event: Event, sent: Span, model: CoderModel) -> Event:
    """A rules event read by the factuality model too: where the rules read "asserted" and the model,
    at the same trigger word and its tuned margin (reading.py), reads a plan, a condition or a denial,
    the model's reading (the rules' modality cues are a short written list; the model learned them from
    every coded statement)."""
    span = event.evidence.trigger_span
    if event.factuality != "asserted" or span is None:
        return event
    tok = next((t for t in sent if t.idx == span[0]), None)
    if tok is None:
        return event
    learned = decide(model.factuality, factuality_features(tok, event.event), model.thresholds.factuality)
    return event if learned == "asserted" else replace(event, factuality=learned)


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
        src = d.source.actor
        # the target as the source mention itself is the model's "own country" (score_arguments)
        named = d.target if d.target is not d.source else None
        tgt = named.actor if named else None
        if tgt is None:
            # "drones struck Belgorod": an act on a place that names no actor hits the people of the place,
            # as the rules read it and the guide codes it (training fifth: +0.001 statements, +0.005 articles);
            # the place abroad outweighs the model's "own country", which only says no mention is the target
            tgt = population_target(src, location, d.event)
            if d.target is d.source and (tgt is None or tgt.code == src.code):
                tgt = own_country(src)
        scores = {"event": round(d.p_event, 3), "none": round(d.p_none, 3), "source": round(d.p_source, 3)}
        if d.p_target is not None:
            scores["target"] = round(d.p_target, 3)
        if d.p_sentence is not None:
            scores["fallback"] = round(d.p_sentence, 3)
        if d.p_sentence_type is not None:
            scores["sentence"] = round(d.p_sentence_type, 3)
        out.append(Event(
            article_id=article.id, sentence_index=sent_index, event=d.event, mode=d.mode, context="",
            cameo=cameo, goldstein=ontology.goldstein(cameo), quad_class=ontology.quad_class(cameo),
            factuality=d.factuality, speaker=speaker, source=src, target=tgt, date=date, date_origin=date_origin,
            location=location, location_origin="sentence" if location is not None else "",
            coder_version=model.version,
            evidence=Evidence(sentence=sent.text.strip(), trigger=tok.text,
                              source_span=_char_span(d.source),
                              target_span=_char_span(named) if named else None,
                              trigger_span=(tok.idx, tok.idx + len(tok.text)), rule=f"model:{model.version}"),
            extra={"scores": scores}))
    return out


def own_country(src: Actor) -> Actor:
    """The target the model reads as the source's own country where no other mention names it
    ("Malian soldiers detained forty villagers": MLI→MLI): the country (or organisation) itself."""
    return Actor(code=src.code, org=src.org, name=src.org or src.code, cameo=src.code,
                 reason="the source's own country: a domestic target no mention names apart (learned)")


def _char_span(m: Mention) -> tuple[int, int]:
    if m.actor.start >= 0:
        return (m.actor.start, m.actor.end)
    return (m.head.idx, m.head.idx + len(m.head.text))
