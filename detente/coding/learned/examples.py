"""Training examples from hand-coded news: each gold event is found in the parsed text (its trigger's
head word, the mentions that carry its source and target identities), and every candidate word and
trigger–mention pair becomes a labelled feature list. Used by training and by the learning-curve
benchmark; reads gold through detente.coding.gold."""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..gold import GoldEvent, NewsRecord, same_identity
from ..lexicon import Lexicon
from .features import (Mention, argument_features, candidates, coordinated, factuality_features, lexicon_hit,
                       no_source_features, no_target_features, pair_features, self_target_features,
                       sentence_mentions, trigger_features)
from .sentence import sentence_words

log = logging.getLogger(__name__)
NONE = "NONE"


@dataclass
class Examples:
    trig_x: list[list[str]] = field(default_factory=list)
    trig_y: list[str] = field(default_factory=list)
    # choices of the argument models: (candidates' features, the indices of the right ones)
    source_choices: list[tuple[list[list[str]], set[int]]] = field(default_factory=list)
    target_choices: list[tuple[list[list[str]], set[int]]] = field(default_factory=list)
    fact_x: list[list[str]] = field(default_factory=list)
    fact_y: list[str] = field(default_factory=list)
    mode_x: list[list[str]] = field(default_factory=list)
    mode_y: list[str] = field(default_factory=list)
    # gold pairs of two identities at one trigger word, and how many of them the gold codes in both
    # directions, by type ("AGREE"), type and lemma ("AGREE|l=sign") and coordination ("AGREE|coord")
    pairs: Counter = field(default_factory=Counter)
    both: Counter = field(default_factory=Counter)
    groups: dict = field(default_factory=dict)  # record id → (trig rows, arg rows), for subsets
    # the sentence type model's rows (detente.coding.learned.sentence): each sentence's words, its gold
    # types and its record's ordinal (the folds of the cross-fitting); the sentence of each trigger row
    sent_x: list[list[str]] = field(default_factory=list)
    sent_y: list[frozenset[str]] = field(default_factory=list)
    sent_rec: list[int] = field(default_factory=list)
    trig_sent: list[int] = field(default_factory=list)
    aligned: int = 0
    unaligned: int = 0

    def extend(self, other: "Examples") -> None:
        for name in ("trig_x", "trig_y", "source_choices", "target_choices", "fact_x", "fact_y", "mode_x", "mode_y"):
            getattr(self, name).extend(getattr(other, name))
        rec = self.sent_rec[-1] + 1 if self.sent_rec else 0
        self.trig_sent.extend(k + len(self.sent_x) for k in other.trig_sent)
        self.sent_rec.extend(k + rec for k in other.sent_rec)
        self.sent_x.extend(other.sent_x)
        self.sent_y.extend(other.sent_y)
        self.pairs.update(other.pairs)
        self.both.update(other.both)
        self.aligned += other.aligned
        self.unaligned += other.unaligned


def _find(text: str, needle: str, start: int = 0, end: int | None = None) -> int:
    if not needle:
        return -1
    end = len(text) if end is None else end
    at = text.find(needle, start, end)
    if at < 0:
        at = text.lower().find(needle.lower(), start, end)
    return at


def trigger_token(doc: Doc, text: str, g: GoldEvent, lex: Lexicon | None = None, index=None) -> Token | None:
    """The word of the gold trigger the model learns the event at: within the event's sentence when the
    record gives one, the head word of the phrase — unless the lexicon (``lex``) types the head otherwise
    and another word of the phrase as the event ("**announces** 27 % tariffs", "**orders** troops to
    withdraw", "**decision** to invade": the act's own word, whose type does not depend on what governs it)."""
    span = trigger_span(doc, text, g)
    if span is None:
        return None
    inside = [t for t in span if t.pos_ in ("VERB", "NOUN", "PROPN", "ADJ", "AUX")] or list(span)
    # the word of the span whose head lies outside it; among several, a verb first
    roots = [t for t in inside if not (span.start <= t.head.i < span.end) or t.head.i == t.i] or inside
    verbs = [t for t in roots if t.pos_ in ("VERB", "AUX")]
    head = (verbs or roots)[0]
    if lex is None:
        return head
    types = {g.event, g.alt_event} - {None}

    def typed(t: Token) -> bool:
        hit = lexicon_hit(t, lex, index)
        return hit is not None and hit[0] in types

    if typed(head):
        return head
    return next((t for t in span if t.i != head.i and t.pos_ in ("VERB", "NOUN", "ADJ") and typed(t)), head)


def trigger_span(doc: Doc, text: str, g: GoldEvent) -> Span | None:
    """The words of the gold trigger in the parsed text."""
    lo, hi = 0, len(text)
    if g.sentence:
        s = _find(text, g.sentence)
        if s >= 0:
            lo, hi = s, s + len(g.sentence)
    at = _find(text, g.trigger, lo, hi)
    if at < 0:
        return None
    span = doc.char_span(at, at + len(g.trigger), alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span


def record_examples(doc: Doc, index, rec: NewsRecord, lex: Lexicon) -> Examples:
    ex = Examples()
    by_sent: dict[int, list[tuple[Token, GoldEvent]]] = {}
    in_trigger: set[int] = set()
    for g in rec.events:
        tok = trigger_token(doc, rec.text, g, lex, index)
        if tok is None:
            ex.unaligned += 1
            continue
        ex.aligned += 1
        by_sent.setdefault(tok.sent.start, []).append((tok, g))
        in_trigger.update(t.i for t in trigger_span(doc, rec.text, g))
    # an article lists each event once: its other sentences are not evidence of no event, so only
    # sentences holding a gold trigger (all of a statement) give negative words
    whole = not any(g.sentence for g in rec.events)
    for sent in doc.sents:
        gold_here = by_sent.get(sent.start, [])
        if not whole and not gold_here:
            continue
        add_sentence(ex, sent, index, gold_here, lex, in_trigger)
    return ex


def add_sentence(ex: Examples, sent: Span, index, gold_here: list[tuple[Token, GoldEvent]], lex: Lexicon,
                 in_trigger: set[int] = frozenset()) -> None:
    mentions = sentence_mentions(sent, index)
    mention_at = {i: m for m in mentions for i in range(m.start, m.end)}
    label = {}
    for tok, g in gold_here:
        label.setdefault(tok.i, g.event)
    feats = {}
    gold_types = {t for _, g in gold_here for t in (g.event, g.alt_event) if t}
    ex.sent_x.append(sentence_words(sent, mention_at))
    ex.sent_y.append(frozenset(g.event for _, g in gold_here))
    ex.sent_rec.append(0)  # one record: pooling numbers them
    for tok in candidates(sent):
        feats[tok.i] = trigger_features(tok, mention_at, lex, index)
        if tok.i not in label and _same_event_word(tok, feats[tok.i], in_trigger, gold_types):
            continue
        ex.trig_x.append(feats[tok.i])
        ex.trig_y.append(label.get(tok.i, NONE))
        ex.trig_sent.append(len(ex.sent_x) - 1)
    done = set()
    for tok, g in gold_here:
        if tok.i not in done:
            done.add(tok.i)
            golds = [h for t, h in gold_here if t.i == tok.i]
            src = [role_label(sent, mentions, h.source, h.source_text, h.target) for h in golds]
            tgt = [role_label(sent, mentions, h.target, h.target_text, h.source) for h in golds]
            add_choices(ex, tok, g.event, mentions, mention_at, golds, src, tgt)
            count_reciprocal(ex, tok, g.event, golds, mentions, src, tgt)
        ex.fact_x.append(factuality_features(tok, g.event))
        ex.fact_y.append(g.factuality)
        known = feats.get(tok.i) or trigger_features(tok, mention_at, lex, index)
        ex.mode_x.append(known + [f"T={g.event}"])
        ex.mode_y.append(f"{g.event}|{g.mode or ''}")


def add_choices(ex: Examples, tok: Token, etype: str, mentions: list[Mention], mention_at: dict[int, Mention],
                golds: list[GoldEvent], src: list[list[bool]], tgt: list[list[bool]]) -> None:
    """The argument choices of one gold trigger: its source among the mentions (or none of them), and for
    each source identity its target among the other mentions, its own country (a target of its identity
    no other mention fills) or none of them."""
    if not mentions:
        return
    feats = [argument_features(tok, etype, m, mention_at) for m in mentions]
    # a mention holding the trigger word ("the Russian-Ukrainian talks") is a candidate only when gold
    keep = [k for k, m in enumerate(mentions) if not (m.start <= tok.i < m.end) or any(r[k] for r in src)]
    right = {j for j, k in enumerate(keep) if any(r[k] for r in src)}
    ex.source_choices.append(([feats[k] for k in keep] + [no_source_features(tok, etype, mentions)],
                              right or {len(keep)}))
    seen = set()
    for sr in src:
        sk = next((k for k in keep if sr[k]), None)
        if sk is None or mentions[sk].identity in seen:
            continue
        s = mentions[sk]
        seen.add(s.identity)
        cand = [k for k in keep if k != sk and not (mentions[k].start < s.end and s.start < mentions[k].end)]
        rows = [feats[k] + pair_features(tok, etype, s, mentions[k]) for k in cand]
        rows.append(self_target_features(tok, etype, s, mentions, mention_at))
        rows.append(no_target_features(tok, etype, s, mentions))
        of_s = [h for h in range(len(golds)) if src[h][sk]]
        right = {j for j, k in enumerate(cand) if any(tgt[h][k] for h in of_s)}
        # a target of the source's own identity that no other mention fills: the source's own country
        if any(same_identity(golds[h].target, s.identity) and not any(tgt[h][k] for k in cand) for h in of_s):
            right.add(len(cand))
        ex.target_choices.append((rows, right or {len(cand) + 1}))


def count_reciprocal(ex: Examples, tok: Token, etype: str, golds: list[GoldEvent], mentions: list[Mention],
                     src: list[list[bool]], tgt: list[list[bool]]) -> None:
    """Count the gold pairs of two identities at one trigger word, and those coded in both directions
    too ("Egypt signs an agreement with Norway": EGY→NOR and NOR→EGY), by type, by type and trigger
    lemma, and by type for source and target coordinated ("Japan and South Korea sign a pact")."""
    pairs = {(g.source, g.target) for g in golds if g.source and g.target and g.source != g.target}
    coord = set()
    for sr, tr in zip(src, tgt):
        for i, a in enumerate(mentions):
            for j, b in enumerate(mentions):
                if sr[i] and tr[j] and a.identity != b.identity and coordinated(a, b):
                    coord.add((a.identity, b.identity))
    lemma = tok.lemma_.lower()
    for found, keys in ((pairs, (etype, f"{etype}|l={lemma}")), (coord, (f"{etype}|coord",))):
        for a, b in found:
            for key in keys:
                ex.pairs[key] += 1
                ex.both[key] += (b, a) in found
    # and by the word with the pair coordinated or not: "Armenia and Azerbaijan agreed" is coded both
    # ways, "the EU agreed to lift its sanctions on Syria" one way (training statements: 48 of 49
    # against 1 of 16 where the target follows "agree")
    for a, b in pairs:
        joint = any((same_identity(a, x) and same_identity(b, y)) or (same_identity(a, y) and same_identity(b, x))
                    for x, y in coord)
        key = f"{etype}|l={lemma}|c={int(joint)}"
        ex.pairs[key] += 1
        ex.both[key] += (b, a) in pairs


def _same_event_word(tok: Token, feats: list[str], in_trigger: set[int], gold_types: set[str]) -> bool:
    """A word that is not the head of a gold trigger but part of one ("signed a *decree*"), or that the
    lexicon reads as a type the sentence holds ("an attack that *killed* five"): the coder may fire on it
    at no cost (a triple counts once), so it is no evidence of "no event" and is left out of training."""
    if tok.i in in_trigger:
        return True
    return any(f.startswith("lex=") and f[4:] in gold_types for f in feats)


def role_label(sent: Span, mentions: list[Mention], ident: str | None, text: str, other: str | None) -> list[bool]:
    """Which mentions fill a gold role: those of its identity that overlap the words the gold names it
    by; when none does, every mention of the identity, unless the other role has the same identity
    (a domestic event: "police arrest protesters" needs the words to tell the two apart)."""
    if ident is None:
        return [False] * len(mentions)
    same = [same_identity(m.identity, ident) for m in mentions]
    spans = []
    if text:
        base, low, needle = sent.start_char, sent.text.lower(), text.lower()
        at = low.find(needle)
        while at >= 0:
            spans.append((base + at, base + at + len(text)))
            at = low.find(needle, at + 1)
    doc = sent.doc
    hit = [ok and any(doc[m.start].idx < e and doc[m.end - 1].idx + len(doc[m.end - 1]) > b for b, e in spans)
           for ok, m in zip(same, mentions)]
    if any(hit):
        return hit
    if other is not None and same_identity(other, ident):
        return [False] * len(mentions)
    return same
