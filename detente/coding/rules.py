"""Triggers that are not single lexicon words, and how triggers nest.

- Deontic reported speech: "X said (that) Y must / should / has to do Z" is a demand by X on Y —
  a REQUEST (CAMEO 100) from the speaker to the subject of the obligation (rule ``rule:deontic-speech``).
- Nesting: an act inside the complement of another trigger ("urged Serbia to IMPOSE sanctions",
  "refused to JOIN") is found by walking up the parse from the inner trigger."""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from ..actors.resolver import ActorIndex
from ..model import Actor
from .arguments import actors_at, foreign, same_actor, subjects
from .factuality import speech_head
from .lexicon import Trigger

DEONTIC_AUX = {"must", "should"}
DEONTIC_VERBS = {"have", "need"}  # "has to", "needs to" (with an xcomp)

DEONTIC_ENTRY = Trigger(id="deontic-speech", event="REQUEST", mode="", context="", cameo="100", pos="V",
                        lemma="", with_=frozenset(), objects=frozenset(), governors=frozenset(),
                        preps=frozenset())


@dataclass
class Found:
    """A trigger in a sentence: the token, the entry it matched, the object word that licensed it."""
    token: Token
    entry: Trigger
    obj: Token | None
    nominal: bool
    rule: str
    sources: list[tuple[Actor, Token]] | None = None  # set by rules that know their actors
    targets: list[tuple[Actor, Token]] | None = None
    factuality: str | None = None
    trigger_text: str | None = None


def replace_found(f: Found, **changes) -> Found:
    return replace(f, **changes)


def nested_under(tok: Token, ids: set[int], limit: int = 7) -> bool:
    """Is ``tok`` one of ``ids`` or inside the content of one (xcomp, ccomp, object, conjunct ...)?"""
    if tok.i in ids:
        return True
    cur = tok
    for _ in range(limit):
        if cur.head.i == cur.i or cur.dep_ == "appos" or foreign(cur):
            return False
        cur = cur.head
        if cur.i in ids:
            return True
    return False


def _deontic(verb: Token) -> str | None:
    subjects_ = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    for c in verb.children:
        if c.dep_ == "aux" and c.lower_ in DEONTIC_AUX:
            if any(s.i > c.i for s in subjects_):
                return None  # "should a ceasefire not be achieved": a condition, not an obligation
            return c.text
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in DEONTIC_VERBS:
        return f"{verb.head.text} to"
    return None


def deontic_requests(sent: Span, index: ActorIndex, found: list[Found]) -> list[Found]:
    """'A British minister reiterated that Libya must hand over the suspects' → REQUEST GBR → LBY."""
    out = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        modal = _deontic(tok)
        if modal is None:
            continue
        clause = tok.head if (tok.dep_ == "xcomp" and tok.head.lemma_.lower() in DEONTIC_VERBS) else tok
        head = speech_head(clause)
        if head is None:
            continue
        speakers = subjects(head, index)
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        obliged = [(a, subj) for a in actors_at(subj, index)] if subj is not None else []
        obliged = [(a, t) for a, t in obliged if not any(same_actor(s, a) for s, _ in speakers)]
        if not speakers or not obliged:
            continue
        out.append(Found(token=tok, entry=DEONTIC_ENTRY, obj=None, nominal=False, rule="rule:deontic-speech",
                         sources=speakers, targets=obliged, factuality="asserted",
                         trigger_text=f"{modal} {tok.text}"))
    return out
