"""Factuality: does the text assert an event, deny it, plan it, or only imagine it?
Rules (documented in docs/coding.md):
  negated      — 'not'/'never'/'no' on the trigger or on a verb it depends on, or a refusal verb
                 above it ("refused to impose", "ruled out joining"); negation is shared by verbs
                 conjoined under one subject ("will not impose sanctions ... or join NATO").
  hypothetical — a modal (may, might, could, would, should) or a condition ('if', 'unless').
  future       — 'will'/'shall'/'going to', or an intention word above it (plan, aspire, intend …).
  asserted     — none of these.
Negation wins over hypothetical, hypothetical over future."""
from __future__ import annotations

from spacy.tokens import Token

NEG_WORDS = {"not", "n't", "never", "no"}
NEG_GOVERNORS = {"refuse", "reject", "deny", "decline", "rule", "refusal", "rejection", "fail", "oppose",
                 "resist", "avoid"}
HYPO_MODALS = {"may", "might", "could", "would", "should", "can"}
HYPO_MARKS = {"if", "unless", "whether"}
HYPO_GOVERNORS = {"consider", "mull", "weigh", "threaten", "warn", "propose", "suggest", "possibility",
                  "prospect", "option"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
FUTURE_GOVERNORS = {"plan", "intend", "aim", "aspire", "aspiration", "hope", "want", "seek", "prepare",
                    "expect", "vow", "pledge", "promise", "plan", "intention", "bid", "ambition", "set",
                    "schedule", "agree", "decide", "go", "wish", "desire", "commit", "ready", "determined"}
SPEECH_VERBS = {"say", "tell", "state", "announce", "emphasize", "emphasise", "stress", "insist", "claim",
                "add", "note", "reiterate", "declare", "assert", "argue", "report", "warn", "confirm",
                "write", "tweet", "suggest", "explain", "underline", "maintain", "allege", "acknowledge"}
CHAIN_DEPS = {"xcomp", "acl", "pcomp", "pobj", "prep", "dobj", "advcl", "relcl"}


def _own(tok: Token) -> tuple[bool, str | None]:
    """Markers attached to this token itself: (negated?, 'hypothetical'|'future'|None)."""
    neg, mod = False, None
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or (low in NEG_WORDS and c.dep_ in ("advmod", "det", "neg")):
            neg = True
        elif c.dep_ == "aux" and low in HYPO_MODALS:
            mod = "hypothetical"
        elif c.dep_ == "aux" and (low in FUTURE_AUX or c.lemma_ == "will") and mod is None:
            mod = "future"
        elif c.dep_ == "mark" and low in HYPO_MARKS:
            mod = "hypothetical"
    return neg, mod


def governors(tok: Token, limit: int = 6):
    """Tokens above the trigger within its clause chain (xcomp, conj, acl, pcomp …)."""
    cur = tok
    for _ in range(limit):
        if cur.dep_ == "conj":
            cur = cur.head
            yield cur, "conj"
            continue
        if cur.dep_ in CHAIN_DEPS and cur.head.i != cur.i:
            cur = cur.head
            yield cur, "chain"
            continue
        break


def factuality(trigger: Token, obj: Token | None = None) -> str:
    neg, mod = _own(trigger)
    if obj is not None:
        if any(c.lower_ == "no" and c.dep_ == "det" for c in obj.children):
            neg = True
    for gov, how in governors(trigger):
        gneg, gmod = _own(gov)
        if how == "conj":
            # A conjunct with its own subject is a separate clause; otherwise it shares the markers.
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children):
                break
            neg, mod = neg or gneg, mod or gmod
            continue
        if gov.lemma_.lower() in NEG_GOVERNORS:
            neg = True
        elif gov.lemma_.lower() in HYPO_GOVERNORS and gov.pos_ in ("VERB", "NOUN"):
            mod = mod or "hypothetical"
        elif gov.lemma_.lower() in FUTURE_GOVERNORS and gov.pos_ in ("VERB", "NOUN", "ADJ"):
            mod = mod or "future"
        neg = neg or gneg
        mod = mod or gmod
        if gov.pos_ == "VERB" and gov.dep_ in ("ROOT", "ccomp"):
            break
    if neg:
        return "negated"
    return mod or "asserted"


def speech_head(trigger: Token) -> Token | None:
    """The speech verb the trigger's clause is reported under ("Vucic said that ...")."""
    cur = trigger
    for _ in range(8):
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in SPEECH_VERBS:
            return cur.head
        if cur.head.i == cur.i:
            break
        if cur.dep_ == "ROOT":
            break
        cur = cur.head
    # "X said" after the reported clause: the root is the speech verb and the trigger is ccomp.
    return None
