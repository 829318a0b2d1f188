"""Dependency-based extraction: trigger (lexicon) → source (subject) → target (object or
prepositional target), over active and passive voice, xcomp/ccomp chains, conjunctions and
nominal events. Returns Events with their evidence; knows nothing about storage."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..actors.resolver import ActorIndex
from ..config import CODER_VERSION
from ..model import Actor, Article, Event, Evidence
from . import ontology
from .factuality import factuality, speech_head
from .lexicon import Lexicon, Trigger, lexicon
from .when_where import event_date, place_of

log = logging.getLogger(__name__)

SUBJ = ("nsubj", "csubj")
OBJECT_CONTROL = {"urge", "ask", "call", "press", "invite", "force", "pressure", "persuade", "encourage"}
NOUN_POS = ("NOUN", "PROPN")


def _actors_at(tok: Token, index: ActorIndex, depth: int = 0) -> list[Actor]:
    """Actors named by the noun phrase headed by ``tok`` (with conjuncts: "France and the EU")."""
    if tok is None or depth > 3:
        return []
    found: list[Actor] = []
    a = index.actor_for(tok)
    if a is None:
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                a = index.actor_for(c)
                if a is not None:
                    break
        if a is None:  # "the government of Serbia"
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj" and index.actor_for(p) is not None:
                            a = index.actor_for(p)
    if a is not None:
        found.append(a)
    for c in tok.children:
        if c.dep_ == "conj":
            found.extend(_actors_at(c, index, depth + 1))
    return found


def _pobj_actors(head: Token, preps: frozenset[str], index: ActorIndex) -> list[tuple[Actor, Token]]:
    out = []
    for c in head.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend((a, p) for a in _actors_at(p, index))
    return out


def _object_of(verb: Token, entry: Trigger) -> Token | None:
    """The object that licenses the trigger ("impose" + "sanctions"), in active or passive voice."""
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and c.lemma_.lower() in entry.objects:
            return c
        if c.dep_ in ("dobj", "nsubjpass"):
            for cc in c.conjuncts:
                if cc.lemma_.lower() in entry.objects:
                    return cc
        if c.dep_ == "prt" and c.lower_ in entry.objects:  # "rule out", "pull out"
            return c
        if c.dep_ == "prep":  # "put forces on alert" handled as prep; "call for talks"
            for p in c.children:
                if p.dep_ == "pobj" and p.lemma_.lower() in entry.objects:
                    return p
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in entry.objects:  # "sanctions imposed on X"
        return verb.head
    return None


def _subjects(verb: Token, index: ActorIndex, depth: int = 0) -> list[tuple[Actor, Token]]:
    """Who did it: nsubj, the agent of a passive, or the subject inherited up the chain."""
    if depth > 5:
        return []
    for c in verb.children:
        if c.dep_ in SUBJ:
            return [(a, c) for a in _actors_at(c, index)]
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return [(a, p) for a in _actors_at(p, index)]
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
        for c in head.children:
            if c.dep_ == "dobj":
                return [(a, c) for a in _actors_at(c, index)]
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp") and head.pos_ in ("VERB", "AUX"):
        return _subjects(head, index, depth + 1)
    if verb.dep_ in ("acl", "relcl") and head.pos_ in NOUN_POS:
        own = _actors_at(head, index)
        if own and verb.dep_ == "relcl":
            return [(a, head) for a in own]
        return _nominal_source(head, index, depth + 1)
    if verb.dep_ == "pcomp":
        return _subjects(head.head, index, depth + 1)
    return []


def _nominal_source(noun: Token, index: ActorIndex, depth: int = 0) -> list[tuple[Actor, Token]]:
    """Source of a nominal event: "U.S. sanctions", "Vulin's meeting", else the governing clause's subject."""
    for c in noun.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod"):
            acts = _actors_at(c, index)
            if acts:
                return [(a, c) for a in acts]
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "of"):
            for p in c.children:
                acts = _actors_at(p, index) if p.dep_ == "pobj" else []
                if acts:
                    return [(a, p) for a in acts]
    if depth > 4:
        return []
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        gov = head.head
        if gov.pos_ in ("VERB", "AUX"):
            return _subjects(gov, index, depth + 1)
        if gov.pos_ in NOUN_POS:
            return _nominal_source(gov, index, depth + 1)
    if noun.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
        return _subjects(head, index, depth + 1)
    return []


def _targets(trigger: Token, entry: Trigger, obj: Token | None, index: ActorIndex,
             nominal: bool) -> list[tuple[Actor, Token]]:
    out: list[tuple[Actor, Token]] = []
    if not nominal:
        for c in trigger.children:
            if c.dep_ == "nsubjpass" and c is not obj:
                out.extend((a, c) for a in _actors_at(c, index))
            if c.dep_ in ("dobj", "dative") and c is not obj:
                out.extend((a, c) for a in _actors_at(c, index))
    preps = entry.preps | ({"on", "against"} if entry.objects else frozenset())
    out.extend(_pobj_actors(trigger, preps, index))
    if obj is not None and obj is not trigger:
        out.extend(_pobj_actors(obj, preps, index))
        for c in obj.children:  # "sanctions imposed on X": the participle carries the target
            if c.dep_ == "acl":
                out.extend(_pobj_actors(c, preps, index))
    if nominal:
        for c in trigger.children:
            if c.dep_ == "acl":
                out.extend(_pobj_actors(c, preps, index))
    seen, uniq = set(), []
    for a, t in out:
        if (a.key, a.sector, t.i) not in seen:
            seen.add((a.key, a.sector, t.i))
            uniq.append((a, t))
    return uniq


def _same_actor(a: Actor, b: Actor) -> bool:
    """Same country (or organisation), unless both name different sectors (police vs protesters)."""
    if a.key != b.key:
        return False
    return not (a.sector and b.sector and a.sector != b.sector)


def _span(tok: Token | None, index: ActorIndex) -> tuple[int, int] | None:
    if tok is None:
        return None
    a = index.actor_for(tok)
    if a is not None and a.start >= 0:
        return (a.start, a.end)
    return (tok.idx, tok.idx + len(tok.text))


def _speaker(trigger: Token, index: ActorIndex) -> str | None:
    head = speech_head(trigger)
    if head is None:
        return None
    subs = _subjects(head, index)
    if subs:
        a, tok = subs[0]
        return a.text or a.name
    for c in head.children:
        if c.dep_ == "nsubj":
            return " ".join(t.text for t in c.subtree)
    return None


def code_sentence(sent: Span, sent_index: int, index: ActorIndex, article: Article,
                  lex: Lexicon | None = None) -> list[Event]:
    lex = lex or lexicon()
    events: list[Event] = []
    consumed: set[int] = set()
    for tok in sent:
        if tok.i in consumed:
            continue
        if tok.pos_ in ("VERB", "AUX"):
            pos = "V"
        elif tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.lower_ == tok.text.lower()):
            pos = "N"
        else:
            continue
        for entry in lex.lookup(pos, tok.lemma_):
            obj = _object_of(tok, entry) if (pos == "V" and entry.objects) else None
            if entry.objects and obj is None:
                continue
            nominal = pos == "N"
            if obj is not None:
                consumed.add(obj.i)
            sources = _nominal_source(tok, index) if nominal else _subjects(tok, index)
            if not sources:
                break
            targets = _targets(tok, entry, obj, index, nominal)
            fact = factuality(tok, obj)
            if nominal and tok.dep_ == "pobj" and tok.head.dep_ == "prep":
                fact_gov = factuality(tok.head.head) if tok.head.head.pos_ in ("VERB", "AUX") else "asserted"
                fact = fact if fact != "asserted" else fact_gov
            date, date_origin = event_date(tok, article.date)
            location = place_of(tok)
            speaker = _speaker(tok, index)
            trigger_text = tok.text if obj is None else " ".join(
                t.text for t in sorted([tok, obj], key=lambda t: t.i))
            for src, src_tok in sources:
                tgts = [(t, tt) for t, tt in targets if not _same_actor(src, t)] or [(None, None)]
                for tgt, tgt_tok in tgts:
                    if tgt is None and targets and all(t.key == src.key for t, _ in targets):
                        continue  # the only target is the source itself
                    ev = Event(
                        article_id=article.id, sentence_index=sent_index, event=entry.event,
                        mode=entry.mode, context=entry.context, cameo=entry.cameo,
                        goldstein=ontology.goldstein(entry.cameo), quad_class=ontology.quad_class(entry.cameo),
                        factuality=fact, speaker=speaker, source=src, target=tgt, date=date,
                        date_origin=date_origin, location=location, coder_version=CODER_VERSION,
                        evidence=Evidence(sentence=sent.text.strip(), trigger=trigger_text,
                                          source_span=_span(src_tok, index),
                                          target_span=_span(tgt_tok, index) if tgt_tok is not None else None,
                                          trigger_span=(tok.idx, tok.idx + len(tok.text)),
                                          rule=f"lexicon:{entry.id}"))
                    events.append(ev)
            break
    return _dedupe(events)


def _dedupe(events: list[Event]) -> list[Event]:
    seen, out = set(), []
    for e in events:
        # Two triggers of one type between the same actors in one sentence ("the sanctions imposed")
        # are one event.
        key = (e.sentence_index, e.event, e.source.key, e.source.sector, e.target.key if e.target else None,
               e.factuality)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def share_locations(events: list[Event]) -> list[Event]:
    """A definite 'the meeting in Vladivostok' names where the article's meeting took place: events of
    the same type and source in one article without a place take the place found for another."""
    places = {}
    for e in events:
        if e.location is not None:
            places.setdefault((e.event, e.source.key), e.location)
    return [replace(e, location=places.get((e.event, e.source.key))) if e.location is None
            and (e.event, e.source.key) in places else e for e in events]


def code_doc(doc: Doc, index: ActorIndex, article: Article, lex: Lexicon | None = None) -> list[Event]:
    events: list[Event] = []
    for i, sent in enumerate(doc.sents):
        events.extend(code_sentence(sent, i, index, article, lex))
    return share_locations(events)
