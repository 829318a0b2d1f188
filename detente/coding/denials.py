"""An act that someone reports and its own source then denies is negated.

"Afghanistan claims Pakistani jets bombed a clinic in Kabul. Pakistan denies the claim." The bombing is
read where it is written, asserted under Afghanistan's claim; the denial comes after, in words that name
no act ("the claim", "this", "any involvement"). The guide codes the act as negated (ANNOTATION.md §3:
"denials … are negated"; §4: denying a conflictual act is that act, negated): the training records hold
24 negated events whose trigger is such a denial, and the coder read the act asserted wherever it found
it. A denial in the act's own clause ("denied that its forces shelled the village") is read by
coding/factuality.py; this module reads a denial that comes later and points back.

Only an act that is reported is re-read: someone other than its source says it ("Afghanistan claims
…", "… according to Israeli sources"). "Israel struck Gaza on Monday. Israel denied responsibility for
the hospital blast" leaves the strike asserted: the text states it, and the denial is of something else.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

import numpy
from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from ..actors.resolver import ActorIndex
from ..model import Actor, Event
from .arguments import subjects
from .factuality import speech_head
from .ontology import VERBAL_TYPES
from .spans import trigger_words

DENYING = {"deny"}
# What a denial that points back denies: the report of the act, or the act named by no verb.
DENIED_WORDS = {"claim", "accusation", "allegation", "report", "charge", "involvement", "responsibility", "story",
                "assertion", "this", "it", "that", "them"}
# How many sentences back a denial reaches ("… Pakistan denies the claim" answers the sentence before).
REACH = 2


def _denials(doc: Doc, index: ActorIndex) -> list[tuple[Token, int, list[Actor]]]:
    """(the denying verb, its sentence number, who denies) for each denial that names no act."""
    # every text is read here, and few deny anything: the lemmas are looked up in the doc's array,
    # not word by word
    ids = [doc.vocab.strings[w] for lemma in DENYING for w in (lemma, lemma.capitalize())]
    at = numpy.flatnonzero(numpy.isin(doc.to_array(LEMMA), ids)).tolist()
    if not at:
        return []
    starts = [s.start for s in doc.sents]
    out = []
    for i in at:
        tok = doc[i]
        if tok.pos_ != "VERB":
            continue
        if not any(c.dep_ == "dobj" and c.lemma_.lower() in DENIED_WORDS for c in tok.children):
            continue
        who = [a for a, _ in subjects(tok, index)]
        if who:
            out.append((tok, bisect_right(starts, i) - 1, who))
    return out


def _same_party(a: Actor, b: Actor) -> bool:
    """The same country or organisation, whoever speaks for it ("Pakistani jets" and "Pakistan")."""
    return bool(a.key) and a.key == b.key


def _reported_by_another(e: Event, doc: Doc, index: ActorIndex) -> bool:
    """Is the act said by someone other than its source ("Afghanistan claims Pakistani jets bombed …",
    "according to Israeli sources, …")?"""
    trig = trigger_words(e, doc)
    if trig is None:
        return False
    if any(t.lower_ == "according" for t in trig[0].sent):
        return True
    head = speech_head(trig[0])
    if head is None:
        return False
    said = [a for a, _ in subjects(head, index)]
    return bool(said) and not any(_same_party(a, e.source) for a in said)


def _words(denial: Token) -> str:
    """The denial as the user reads it: who, the verb, what ("Pakistan denies the claim")."""
    obj = next(c for c in denial.children if c.dep_ == "dobj")
    subj = next((c for c in denial.children if c.dep_ in ("nsubj", "nsubjpass")), denial)
    return denial.doc[subj.left_edge.i:obj.i + 1].text


def denied_claims(events: list[Event], doc: Doc, index: ActorIndex) -> list[Event]:
    """The events, with an asserted act that another party reports and its source denies after it, within
    ``REACH`` sentences, read as negated: its rule ``denied:<the act's rule>``, the denial's words in
    ``extra["denied"]``."""
    denials = _denials(doc, index)
    if not denials:
        return events
    out = []
    for e in events:
        if e.factuality == "asserted" and e.event not in VERBAL_TYPES and e.evidence.trigger_span is not None:
            denial = next((tok for tok, n, who in denials
                           if e.sentence_index <= n <= e.sentence_index + REACH
                           and e.evidence.trigger_span[0] < tok.idx
                           and any(_same_party(a, e.source) for a in who)), None)
            if denial is not None and _reported_by_another(e, doc, index):
                e = replace(e, factuality="negated", evidence=replace(e.evidence, rule=f"denied:{e.evidence.rule}"),
                            extra={**e.extra, "denied": _words(denial)})
        out.append(e)
    return out
