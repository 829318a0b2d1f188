"""Does a token, with its dependents, satisfy a lexicon entry? Returns the entry and the object word
that licensed it (the "sanctions" of "impose sanctions"), which the extractor then consumes."""
from __future__ import annotations

from spacy.tokens import Token

from ..actors.resolver import ActorIndex
from .lexicon import Lexicon, Trigger
from .noun_actors import names_actor

ATTACHED = ("prt", "prep", "advmod", "agent", "dative", "acomp")
NOMINAL_OBJECT_DEPS = ("compound", "amod", "nmod", "npadvmod")
MISSING = object()
# Prepositions whose object situates the act and never licenses it ("suspended operations DURING protests").
NOT_AN_OBJECT = {"during", "after", "before", "since", "following", "amid", "amidst", "despite", "throughout",
                 "including", "over", "because", "than", "like", "until", "by"}


def trigger_pos(tok: Token) -> str | None:
    if tok.pos_ in ("VERB", "AUX"):
        return "V"
    deps = {c.dep_ for c in tok.children} if tok.dep_ == "ROOT" else set()
    if tok.pos_ == "NOUN" and tok.tag_ in ("NN", "NNS") and "nsubj" in deps and deps & {"dobj", "npadvmod"}:
        return "V"  # a "noun" heading a clause with a subject and an object is a verb: "Bahrain summons the envoy"
    if tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and not tok.text[:1].isupper()):
        return "N"
    # spaCy's small model tags some verbs as nouns or adjectives ("talks", "shelled"); the lexicon decides
    if tok.pos_ == "ADJ" and tok.tag_ == "VBN":
        return "V"
    return None


def _attached_words(tok: Token, pos: str) -> set[str]:
    words = {c.lower_ for c in tok.children if c.dep_ in ATTACHED}
    # "pushing for the US to support": the complementizer of a clause under the verb
    words |= {m.lower_ for c in tok.children if c.dep_ in ("advcl", "ccomp", "xcomp")
              for m in c.children if m.dep_ == "mark"}
    if pos == "N" and tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        # "opened a hearing Wednesday into ...": the parser hangs the noun's preposition on the verb
        words |= {c.lower_ for c in tok.head.children if c.dep_ == "prep"}
    return words


def _object_candidates(verb: Token, particles: frozenset[str] = frozenset()) -> list[Token]:
    """Words that can license a verb entry: objects (and their conjuncts), passive subjects,
    prepositional objects, particles, the object's of-complement ("dollars of aid")."""
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative"):
            out.append(c)
            out.extend(c.conjuncts)
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    out.extend(q for q in p.children if q.dep_ == "pobj")
                elif p.dep_ == "appos" and c.dep_ in ("dobj", "dative"):  # "declared the envoy (a) persona non GRATA"
                    out.append(p)
                    out.extend(q for q in p.children if q.dep_ == "appos")
        elif c.dep_ == "prt":
            out.append(c)
        elif c.dep_ in ("prep", "agent") and (c.lower_ not in NOT_AN_OBJECT or _particle_as_prep(verb, c, particles)):
            out.extend(p for p in c.children if p.dep_ == "pobj")
        elif c.dep_ == "xcomp" and c.pos_ in ("NOUN",):
            out.append(c)
        elif c.dep_ == "appos" and verb.pos_ == "NOUN" and c.i > verb.i:
            out.append(c)  # a verb read as a noun: its object hangs as an apposition ("the Houthis fire two missiles")
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN") and verb.tag_ in ("VBN", "VBG"):
        out.append(verb.head)  # "sanctions imposed on X", "the curfew imposed in Sudan" (not "plans to attack")
    return out


def _particle_as_prep(verb: Token, prep: Token, particles: frozenset[str]) -> bool:
    """'hands over the bodies': the entry's particle, taken by the parser for a preposition right after a
    verb with no object of its own; its object is the verb's ('protested over the arrest' names no particle)."""
    return prep.lower_ in particles and prep.i == verb.i + 1 and not any(c.dep_ == "dobj" for c in verb.children)


def _verb_object(verb: Token, entry: Trigger, index: ActorIndex):
    """The token that satisfies ``entry.objects`` for a verb, True for a satisfied @-condition, or MISSING."""
    cands = _object_candidates(verb, entry.with_)
    for c in cands:
        if c.lemma_.lower() in entry.objects or c.lower_ in entry.objects:
            return c
    if "@actor" in entry.objects:
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass") and names_actor(c, index):  # "join the BRICS group"
                return True
    if "@xcomp" in entry.objects and any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
        return True
    if "@any" in entry.objects and any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        return True
    return MISSING


def _noun_object(noun: Token, entry: Trigger):
    if "@prep" in entry.objects and any(  # "strikes ON the port", not "a strike on Monday"
            c.dep_ == "prep" and c.lower_ in entry.preps and any(
                p.dep_ == "pobj" and not (p.ent_type_ in ("DATE", "TIME") and c.lower_ in ("on", "at", "in"))
                for p in c.children)
            for c in noun.children):
        return True
    for c in noun.children:
        if c.dep_ in NOMINAL_OBJECT_DEPS and (c.lemma_.lower() in entry.objects or c.lower_ in entry.objects):
            return True
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:  # "deployment of (peacekeeping) troops"
                if p.dep_ == "pobj" and (p.lemma_.lower() in entry.objects or any(
                        m.dep_ in NOMINAL_OBJECT_DEPS and m.lemma_.lower() in entry.objects for m in p.children)):
                    return True
    # hyphenated compounds are split by the tokenizer: "sit - in", "test - fire"
    prev = noun.nbor(-1) if noun.i > noun.sent.start else None
    if prev is not None and prev.text == "-" and noun.i - 2 >= noun.sent.start:
        if noun.nbor(-2).lemma_.lower() in entry.objects:
            return True
    return MISSING


def _governed_by(noun: Token, governors: frozenset[str]) -> bool:
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":  # "went on strike", "remained on alert"
        head = head.head
    elif noun.dep_ == "conj":
        return _governed_by(head, governors)
    return head.i != noun.i and head.lemma_.lower() in governors


def match(tok: Token, pos: str, lex: Lexicon, index: ActorIndex) -> tuple[Trigger, Token | None] | None:
    """The first (most constrained) entry of ``tok``'s lemma whose conditions hold, with its object."""
    for entry in lex.lookup(pos, tok.lemma_) or lex.lookup(pos, tok.lower_):
        if entry.with_ and not (entry.with_ & _attached_words(tok, pos)):
            continue
        obj: Token | None = None
        if entry.objects:
            got = _verb_object(tok, entry, index) if pos == "V" else _noun_object(tok, entry)
            if got is MISSING:
                continue
            obj = got if isinstance(got, Token) else None
        if entry.governors and not (pos == "N" and _governed_by(tok, entry.governors)):
            continue
        return entry, obj
    return None
