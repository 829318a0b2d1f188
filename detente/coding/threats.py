"""Vows of harm and conditional harm, as the coding guide (../shared/gold/ANNOTATION.md §2–3) codes them.

- A vow, pledge or promise of harm is a threat: "Israel vowed to retaliate against Iran" is THREATEN
  ISR→IRN, `asserted` (the speech act was made), not a promise (AGREE, +4 Goldstein) and not an
  attack. The vowed act is not coded apart: the threat stands for it (rule ``rule:vow-of-harm``). What
  counts as harm is data (data/lexicon/harm_verbs.tsv) plus the triggers of force, coercion and
  sanctions.
- "any" + an event is no event that happened: "Iran pledged to respond to any Israeli attack" holds a
  conditional Israeli attack, `hypothetical` (a denial still wins: "denied any attack" is negated)."""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from ..actors.gazetteer import read_tsv
from ..actors.resolver import ActorIndex
from ..config import DATA_DIR
from ..model import Event
from . import ontology
from .lexicon import Trigger
from .rules import Found, replace_found
from .spans import trigger_words

HARM_PATH = DATA_DIR / "lexicon" / "harm_verbs.tsv"
# Triggers whose act is harm done to someone: vowed, they make the vow a threat.
HARM_EVENTS = {"ASSAULT", "COERCE", "SANCTION"}
RULE = "rule:vow-of-harm"


@dataclass(frozen=True)
class HarmLexicon:
    vows: frozenset[str]
    verbs: dict[str, str]  # harm verb → the CAMEO code of its threat
    nouns: dict[str, str]
    conditional: frozenset[str]  # harm verbs that need a hostile argument ("respond to any attack")
    aimed: frozenset[str]  # harm verbs that need an actor to aim at ("crush the rebels")
    force: frozenset[str]  # adverbs of force ("respond militarily")


@functools.lru_cache(maxsize=1)
def harm_lexicon() -> HarmLexicon:
    rows = read_tsv(HARM_PATH)
    by = lambda role, pos=None: {r["lemma"].strip().lower(): (r.get("cameo") or "130").strip()  # noqa: E731
                                 for r in rows if r["role"] == role and (pos is None or r["pos"] == pos)}
    return HarmLexicon(vows=frozenset(by("vow")), verbs=by("harm", "V"), nouns=by("harm", "N"),
                       conditional=frozenset(r["lemma"].lower() for r in rows if r.get("needs") == "conflict"),
                       aimed=frozenset(r["lemma"].lower() for r in rows if r.get("needs") == "actor"),
                       force=frozenset(by("force")))


def _harm_found(tok: Token, found: list[Found]) -> Found | None:
    return next((f for f in found if f.token.i == tok.i and f.entry.event in HARM_EVENTS), None)


def _hostile(verb: Token, found: list[Found], lex: HarmLexicon) -> bool:
    """Does a response carry force: an adverb of force, or a phrase naming an attack or a harm noun
    ("respond to any attack", "respond with force")?"""
    if any(c.dep_ == "advmod" and c.lemma_.lower() in lex.force for c in verb.children):
        return True
    harm_ids = {f.token.i for f in found if f.entry.event in HARM_EVENTS}
    return any(t.i in harm_ids or (t.pos_ == "NOUN" and t.lemma_.lower() in lex.nouns)
               for prep in verb.children if prep.dep_ == "prep" for t in prep.subtree)


def _aimed(act: Token, index: ActorIndex) -> bool:
    """Does the vowed act name an actor it is aimed at ("strike Iran", "crush the Kurdish rebels")?"""
    return any(index.actor_for(t) is not None for t in act.subtree if t.i != act.i)


def _vowed(vow: Token, found: list[Found], lex: HarmLexicon, index: ActorIndex) -> tuple[str, list[Token]] | None:
    """The harm a vow's content names: (a CAMEO code — the threat's, or the vowed act's — and the
    vowed harm to fold)."""
    acts = [c for c in vow.children if c.dep_ == "xcomp"]
    acts += [c for a in acts for c in a.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    for act in acts:
        lemma = act.lemma_.lower()
        if lemma in lex.verbs and (lemma not in lex.conditional or _hostile(act, found, lex)) and (
                lemma not in lex.aimed or _aimed(act, index)):
            return lex.verbs[lemma], [act]
        harm = _harm_found(act, found)
        if harm is not None and _aimed(act, index):
            return harm.entry.cameo, [act]
    for obj in vow.children:  # "vowed revenge", "pledged war on the cartels"
        if obj.dep_ == "dobj" and obj.lemma_.lower() in lex.nouns:
            return lex.nouns[obj.lemma_.lower()], [obj]
    return None


def _threat_entry(vow: Token, cameo: str) -> Trigger:
    """The threat a vow makes. ``cameo``: the threat's own code (harm_verbs.tsv), or the vowed act's,
    whose threat mode complement_modes.tsv gives ("vowed to impose sanctions": restrict, 1312)."""
    mode, code = ontology.complement_mode("THREATEN", cameo) or ("violence" if cameo == "138" else "", cameo)
    return Trigger(id="vow-of-harm", event="THREATEN", mode=mode, context="military" if mode == "violence" else "",
                   cameo=code, pos="V", lemma=vow.lemma_.lower(),
                   with_=frozenset(), objects=frozenset(), governors=frozenset(),
                   preps=frozenset({"against", "on", "to"}))


def vows_of_harm(sent: Span, found: list[Found], index: ActorIndex) -> list[Found]:
    """The triggers of a sentence with each vow of harm made a THREATEN (asserted), and the vowed harm
    itself left out: the threat stands for it."""
    lex = harm_lexicon()
    out = list(found)
    for vow in sent:
        if vow.pos_ != "VERB" or vow.lemma_.lower() not in lex.vows:
            continue
        got = _vowed(vow, found, lex, index)
        if got is None:
            continue
        cameo, acts = got
        folded = {a.i for a in acts}
        own = next((f for f in out if f.token.i == vow.i), None)
        threat = Found(token=vow, entry=_threat_entry(vow, cameo), obj=None, nominal=False, rule=RULE,
                       factuality="asserted")
        if own is not None and own.entry.event == "THREATEN":  # "vowed revenge": the lexicon knows it
            threat = replace_found(own, factuality="asserted")
        elif own is not None:  # the promise (AGREE) of harm: its actors, read as a threat
            threat = replace_found(own, entry=threat.entry, rule=RULE, factuality="asserted")
        out = [threat if f.token.i == vow.i else f for f in out if f.token.i == vow.i or (
            f.token.i not in folded and (f.obj is None or f.obj.i not in folded))]
        if own is None:
            out.append(threat)
    return out


def any_is_hypothetical(events: list[Event], sent: Span) -> list[Event]:
    """An event named with "any" ("respond to any attack", "did they launch any strike?") is a
    condition or a question, not an act: asserted → hypothetical (a denial stays negated)."""
    doc = sent.doc
    out = []
    for e in events:
        words = trigger_words(e, doc) if e.factuality == "asserted" else None
        # the object is the act only in a phrase of a material act ("launch any strikes"); a verbal act's
        # object is what it is about ("dismisses any reports" is an asserted rejection)
        material = e.quad_class in (2, 4)
        if words is not None and _any_event(words[0], e.evidence.trigger.split() if material else []):
            e = replace(e, factuality="hypothetical")
        out.append(e)
    return out


def _any_event(tok: Token, trigger_words: list[str]) -> bool:
    """'any attack', 'launch any strikes': "any" on a nominal trigger or on the object that is part of
    the trigger phrase ("launch … strikes"); not on an object the act is about ("rejected any deal" is
    an asserted rejection)."""
    heads = [tok] if tok.pos_ in ("NOUN", "PROPN") else []
    heads += [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.text in trigger_words]
    return any(c.lower_ == "any" and c.dep_ == "det" for h in heads for c in h.children)


def vows_overrule(learned: list[Event], ruled: list[Event]) -> list[Event]:
    """The combined coder: where the rules read a vow of harm, the model's other readings of the same
    word (a promise, AGREE) give way — a vow to retaliate is never an asserted promise; the model's own
    THREATEN stays (it may know the target)."""
    vowed = {e.evidence.trigger_span for e in ruled if e.evidence.rule == RULE}
    return [e for e in learned if e.event == "THREATEN" or e.evidence.trigger_span not in vowed]
