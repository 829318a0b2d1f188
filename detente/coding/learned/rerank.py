"""The event filter: a second, triple-level model over what the coder reads in a text.

The trigger, source and target models each decide one step at a fixed threshold, so an event is kept
or lost by whichever step is weakest, whatever the others say, and the rules' events are added unread.
Here the decoder first reads every candidate at looser thresholds (``CoderModel.candidates``); the
events of one text are grouped by the triple the metric scores (source identity, type, target
identity), and a logistic regression over what is known of each triple — its type, the models'
scores, whether the rules coded it too, whether the model's own thresholds read it, its place in the
text, the other triples around it, who it is between, the words of its sentences — gives the probability
that a person codes it.
A triple is kept when that passes ``rerank_threshold`` (``rerank_threshold_article`` in an article;
all its events stay, each with the probability in its scores).
An act read only with a target is judged without one too (with_untargeted), and a denial the rules read
is never dropped (threshold_for).

Trained by `make train` on the candidates of training records coded by models that were not fitted on
them (five folds, train.py), so it learns how far each score can be trusted on unseen text."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from ...model import Event
from ..gold import reduce_event

# The looser thresholds candidates are read at (coder.Thresholds fields), before the filter judges them.
CANDIDATES = {"trigger": 0.9, "source": 0.1, "target": 0.1, "second": 0.2, "domestic": 0.1,
              "sentence": 0.3, "fallback": 0.05}


# The words of a triple's sentences the filter reads, each with the triple's type ("T=ASSAULT|w=shelled").
# The trigger model reads a window of words and the sentence model's verdict; without these the filter read
# only their scores, so what else a sentence says ("said", "reportedly", "lifted", "planned") reached it
# through them alone. Cross-validated on the training records (bench/filter_cv.py): 0.5265 → 0.5292; the gain
# is in rare words, of the period the gold was coded from (train.FILTER_C says what that costs older news).
SENTENCE_WORD = re.compile(r"[a-z]{3,}")
# Words too common to tell anything, not read.
FUNCTION_WORDS = frozenset("the and for with from that this its their his her has have had was were".split())


def sentence_words(events: list[Event], read: dict[str, frozenset] | None = None) -> list[str]:
    """The content words of the sentences the events were read in, lower case, once each, sorted.
    ``read``: the words of each sentence already read (a text's triples share their sentences)."""
    read = {} if read is None else read
    words = set()
    for e in events:
        sentence = e.evidence.sentence or ""
        if sentence not in read:
            read[sentence] = frozenset(SENTENCE_WORD.findall(sentence.lower())) - FUNCTION_WORDS
        words |= read[sentence]
    return sorted(words)


def _bin(p: float | None, edges=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)) -> str:
    if p is None:
        return "na"
    return str(sum(p >= e for e in edges))


def _kind(identity: str | None) -> str:
    if identity is None:
        return "none"
    return identity.split(":")[0] if ":" in identity else "state"


def triple_key(e: Event) -> tuple:
    t = reduce_event(e)
    return (t.source, t.event, t.target)


def with_candidates(events: list[Event], candidates: list[Event]) -> list[Event]:
    """The events, and the candidates of a triple none of them has, marked as candidates."""
    have = {triple_key(e) for e in events}
    return events + [replace(e, extra={**e.extra, "candidate": True}) for e in candidates if triple_key(e) not in have]


def with_untargeted(events: list[Event]) -> list[Event]:
    """The events, and for each (source, type) read only with a target, the same act without one, marked
    ``untargeted`` with the dropped target's probability: a multilateral meeting, a domestic act or a
    statement the gold codes with no target is read as one between the actors the sentence names, and
    the filter judges both readings (the first event of the triple stands for it)."""
    have = {triple_key(e) for e in events}
    out = list(events)
    for e in events:
        if e.target is None:
            continue
        source, etype, _ = triple_key(e)
        if (source, etype, None) in have:
            continue
        have.add((source, etype, None))
        scores = dict(e.extra.get("scores", {}))
        dropped = scores.pop("target", None)
        out.append(replace(e, target=None, evidence=replace(e.evidence, target_span=None),
                           extra={**e.extra, "scores": scores, "untargeted": dropped}))
    return out


def _origin(e: Event) -> str:
    if "untargeted" in e.extra:
        return "notarget"
    rule = e.evidence.rule
    for whole_text in ("claim:", "denied:"):  # read again from the whole text (coding/extract.py): same origin
        rule = rule.removeprefix(whole_text)
    if e.extra.get("candidate"):
        return "loose"
    if rule.startswith("model:"):
        return "model"
    return "both" if "model" in e.extra else "rules"


def text_kind(sentences: int) -> str:
    """A text of fewer than five sentences is a statement, else an article: the filter weighs them apart
    and keeps them from thresholds of their own (filter_events)."""
    return "statement" if sentences < 5 else "article"


def dyad_features(src: str | None, etype: str, tgt: str | None) -> list[str]:
    """Who the triple is between: each identity with the type, the ordered pair alone and with the type,
    the unordered pair alone and with the type. What the training news says of a dyad is evidence about a
    reading of it: an Israeli ASSAULT on Gaza is read far more often than the reverse, a SANCTION between
    two allies rarely. The filter only judges readings the text gave, so a dyad's record moves how far a
    reading is trusted, never makes one; a pair the training candidates meet once gets no weight
    (fit.feature_vocab's min_count), and a pair never met falls back on the actors' kinds (bench/EVAL.md: judged by
    cross-validation on folds of whole months too)."""
    s, t = src or "-", tgt or "-"
    u = "|".join(sorted((s, t)))
    return [f"T={etype}|s={s}", f"T={etype}|t={t}", f"s={s}|t={t}", f"T={etype}|s={s}|t={t}",
            f"u={u}", f"T={etype}|u={u}"]


def text_features(events: list[Event], sentences: int) -> dict[tuple, list[str]]:
    """Each triple of the text's events, with its features."""
    by_triple: dict[tuple, list[Event]] = defaultdict(list)
    for e in events:
        by_triple[triple_key(e)].append(e)
    best: dict[tuple, float] = {}
    for key, evs in by_triple.items():
        best[key] = max(_strength(e) for e in evs)
    per_type: dict[str, list[float]] = defaultdict(list)
    for (s, t, o), v in best.items():
        per_type[t].append(v)
    text = text_kind(sentences)
    n_triples = len(by_triple)
    targets: dict[tuple, set] = defaultdict(set)  # the targets each (source, type) is read with
    for s, t, o in by_triple:
        if o is not None:
            targets[s, t].add(o)
    read: dict[str, frozenset] = {}  # each sentence's words, read once for all its triples
    out = {}
    for key, evs in by_triple.items():
        src, etype, tgt = key
        origins = {_origin(e) for e in evs}
        scores = [e.extra.get("scores", {}) for e in evs]
        def top(name):
            vals = [s[name] for s in scores if name in s]
            return max(vals) if vals else None
        p_event, p_none = top("event"), min((s["none"] for s in scores if "none" in s), default=None)
        p_src, p_tgt = top("source"), top("target")
        untargeted = all("untargeted" in e.extra for e in evs)
        if untargeted:  # the dropped target's probability
            p_tgt = max((e.extra["untargeted"] for e in evs if e.extra["untargeted"] is not None), default=None)
        rank = sorted(per_type[etype], reverse=True).index(best[key])
        first = min(e.sentence_index for e in evs)
        fact = max((e.factuality for e in evs), key=lambda f: f == "asserted")
        lemmas = {e.evidence.trigger.lower().split()[-1] for e in evs if e.evidence.trigger}
        f = [f"T={etype}", f"text={text}", f"T={etype}|text={text}", f"src={_kind(src)}", f"tgt={_kind(tgt)}",
             f"T={etype}|tgt={_kind(tgt)}", f"fact={fact}", f"T={etype}|fact={fact}",
             f"n={min(len(evs), 3)}", f"sents={min(len({e.sentence_index for e in evs}), 3)}",
             f"rank={min(rank, 2)}", f"T={etype}|rank={min(rank, 2)}",
             f"types={min(len(per_type[etype]), 4)}", f"triples={min(n_triples, 6) if text == 'statement' else 'many'}",
             f"first={min(first, 3) if text == 'article' else 's'}"]
        f += dyad_features(src, etype, tgt)
        if src is not None and src == tgt:
            f.append("domestic")
            f.append(f"T={etype}|domestic")
        n_targets = min(len(targets[src, etype]), 3)
        f += [f"ntg={n_targets}", f"T={etype}|ntg={n_targets}"]
        if untargeted:
            f += [f"notarget|ntg={n_targets}", f"T={etype}|notarget|ntg={n_targets}"]
        if (tgt, etype, src) in by_triple:
            f.append(f"T={etype}|reverse")
        if any("claim" in e.extra for e in evs):
            f.append("claim")
        for o in sorted(origins):
            f += [f"o={o}", f"T={etype}|o={o}"]
        f.append("origins=" + "+".join(sorted(origins)))
        if p_event is not None:
            f += [f"pe={_bin(p_event)}", f"T={etype}|pe={_bin(p_event)}", f"pn={_bin(p_none)}",
                  f"ps={_bin(p_src)}", f"pt={_bin(p_tgt)}", f"T={etype}|pt={_bin(p_tgt)}",
                  f"pst={_bin((p_src or 0) * (p_tgt if p_tgt is not None else 1.0))}"]
            if untargeted:  # how sure the dropped target was, weighed apart
                f += [f"pt={_bin(p_tgt)}|NT", f"T={etype}|pt={_bin(p_tgt)}|NT"]
        if top("fallback") is not None:
            f.append(f"fallback={_bin(top('fallback'))}")
        if top("sentence") is not None:
            f += [f"psent={_bin(top('sentence'))}", f"T={etype}|psent={_bin(top('sentence'))}"]
        for lem in sorted(lemmas):
            f.append(f"T={etype}|l={lem}")
        f += [f"T={etype}|w={w}" for w in sentence_words(evs, read)]
        out[key] = f
    return out


def _ruled(features: list[str]) -> bool:
    return "o=rules" in features or "o=both" in features


def threshold_for(features: list[str], threshold: float, low: float | None = None,
                  ruled: float | None = None) -> float:
    """The probability a triple is kept from: ``threshold``, or lower — ``ruled`` when the rules read it
    (alone or with the model), ``low`` when it is read as not asserted (a denial, a plan, a condition);
    the lowest that applies (train.RULED_KEEP and train.LOW_KEEP say why). A denial the written rules
    read ("Serbia will not impose sanctions") is kept whatever its probability (0): it is what Détente is
    read for, and a filter trained on news where 1 % of the events are denied cannot learn to keep it
    (bench/EVAL.md: 0.0012 of the cross-validated F1)."""
    if _ruled(features) and "fact=negated" in features:
        return 0.0
    th = threshold
    if ruled is not None and _ruled(features):
        th = min(th, ruled)
    if low is not None and "fact=asserted" not in features:
        th = min(th, low)
    return th


def _strength(e: Event) -> float:
    s = e.extra.get("scores", {})
    if "event" not in s:
        return 0.5  # a rules event: no score of its own
    return (1.0 - s.get("none", 0.0)) * s.get("source", 1.0) * s.get("target", 1.0)


def one_reading(keys: list[tuple], probs: list[float], keep: list[bool],
                fixed: list[bool] | None = None) -> list[bool]:
    """``keep`` (one flag per triple of a text), without an act read with no target where the same
    source's act of the same type is kept with a target at least as likely: "Spain and Morocco will hold
    talks" is a meeting between the two or a multilateral one (ANNOTATION.md §5), not both. In
    cross-validation F1 is the same (0.5221 → 0.5219; precision 0.534 → 0.541), and a reader is not shown
    one act twice (bench/EVAL.md). A ``fixed`` triple (a denial the rules read: threshold_for) stays."""
    best: dict[tuple, float] = {}
    for (src, etype, tgt), p, k in zip(keys, probs, keep):
        if k and tgt is not None:
            best[src, etype] = max(best.get((src, etype), -1.0), p)
    fixed = fixed or [False] * len(keys)
    return [k and (f or not (tgt is None and best.get((src, etype), -1.0) >= p))
            for (src, etype, tgt), p, k, f in zip(keys, probs, keep, fixed)]


def kept_flags(keys: list[tuple], feats: list[list[str]], probs: list[float], threshold: float,
               low: float | None = None, ruled: float | None = None) -> list[bool]:
    """Which triples of one text the filter keeps: each past its own threshold (threshold_for), then one
    reading per act (one_reading). The coder (filter_events) and `make train`'s keep choice
    (train.kept) both keep so."""
    floors = [threshold_for(f, threshold, low, ruled) for f in feats]
    return one_reading(keys, probs, [p >= th for p, th in zip(probs, floors)], [th == 0.0 for th in floors])


def filter_events(events: list[Event], sentences: int, model, threshold: float,
                  low_threshold: float | None = None, untargeted: bool = False,
                  ruled_threshold: float | None = None, article_threshold: float | None = None) -> list[Event]:
    """The events whose triple the filter keeps, each with the filter's probability in its scores: from
    ``threshold`` (``article_threshold`` in an article, when given: text_kind), from ``low_threshold``
    for a triple read as not asserted, from ``ruled_threshold`` for one the rules read, and a denial the
    rules read always (threshold_for). ``untargeted``: the filter was trained to judge the untargeted
    readings too (with_untargeted)."""
    if untargeted:
        events = with_untargeted(events)
    if article_threshold is not None and text_kind(sentences) == "article":
        threshold = article_threshold
    feats = text_features(events, sentences)
    keys = list(feats)
    probs = model.proba_rows([feats[key] for key in keys])[:, 0].tolist() if keys else []
    flags = kept_flags(keys, [feats[key] for key in keys], probs, threshold, low_threshold, ruled_threshold)
    keep = {key: (p, k) for key, p, k in zip(keys, probs, flags)}
    out = []
    for e in events:
        p, kept = keep[triple_key(e)]
        if kept:
            out.append(replace(e, extra={**e.extra, "scores": {**e.extra.get("scores", {}), "kept": round(p, 3)}}))
    return out
