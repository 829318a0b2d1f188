"""Which sentences of an article need the parser.

A sentence yields an event only if it holds a trigger (a word whose lemma is in the trigger lexicon,
a rule's word, or one of the learned coder's trigger words) and an actor. This module answers the
first half — could a trigger match in these words? — and asks the actor stage the second through its
one declared question, ``Resolver.reading(nlp).sentences_read``: which sentences does resolving the
mentions of the event sentences read (actors/reading.py states the resolver's rules). Every other
sentence is counted, not parsed.

Each run of kept sentences is parsed as one Doc (nlp.Annotator) and a skipped one stays a sentence of
blanks, so sentence numbers and character offsets do not move: a kept sentence gets the same analysis
and the same actors with or without the prefilter. The trigger test is a superset test on tokens (no
model): every lemma the lemmatizer could give a word under any part of speech.
tests/test_pipeline_prefilter.py checks the property (same events with and without the prefilter) on
written texts, the dev gold set and real news; bench/prefilter_loss.py measures it on any number of
real articles."""
from __future__ import annotations

import logging

from spacy.tokens import Doc

from .actors import Flags, Resolver
from .coding.lexicon import Lexicon, lexicon as default_lexicon
from .coding.rules import DEONTIC_AUX, DEONTIC_VERBS  # "must", "should", "has to": the rules' triggers

log = logging.getLogger(__name__)

FREE, NEEDS = 1, 2  # a word's lemmas include a trigger that needs nothing else / one that needs other words
CACHE_LIMIT = 200_000  # words remembered per cache


class Prefilter:
    """The plan of one Coder: built from its resolver (whose gazetteer may hold the user's
    dictionaries), the lexicon and the learned model's trigger words; its caches live on it."""

    def __init__(self, nlp, resolver: Resolver, lexicon: Lexicon | None = None,
                 model_lemmas: frozenset[str] = frozenset()):
        lex = lexicon or default_lexicon()
        # Trigger lemmas: those an entry accepts alone, and those that need another word of the
        # sentence ("impose" + "sanction", "rule" + "out", "has" + "to").
        self.free: set[str] = set(DEONTIC_AUX)
        self.needs: dict[str, list[tuple]] = {w: [(None, frozenset({"to"}), None)] for w in DEONTIC_VERBS}
        for e in lex.entries:
            if not e.lemma:
                continue
            objects = None if not e.objects or any(o.startswith("@") for o in e.objects) else e.objects
            req = (objects, e.with_ or None, getattr(e, "governors", None) or None)
            if req == (None, None, None):
                self.free.add(e.lemma.lower())
            else:
                self.needs.setdefault(e.lemma.lower(), []).append(req)
        # The learned coder's trigger words (the lemmas it was trained to fire on) trigger alone.
        self.free |= set(model_lemmas)
        self.lemmas = self.free | set(self.needs)
        self.reading = resolver.reading(nlp)
        self._lemma_tables = _lemma_tables(nlp)
        self._attr_lemmas = _attribute_ruler_lemmas(nlp)
        self._cands: dict[str, frozenset[str]] = {}
        self._kinds: dict[str, int] = {}

    # -- per token ----------------------------------------------------------------------------
    def candidates(self, word: str) -> frozenset[str]:
        low = word.lower()
        hit = self._cands.get(low)
        if hit is None:
            if len(self._cands) > CACHE_LIMIT:
                self._cands.clear()
            hit = self._cands[low] = frozenset(self.lemma_candidates(low))
        return hit

    def _trigger_kind(self, low: str) -> int:
        """FREE if a lemma of this word triggers alone, NEEDS if one needs other words, else 0."""
        kind = self._kinds.get(low)
        if kind is None:
            if len(self._kinds) > CACHE_LIMIT:
                self._kinds.clear()
            cands = self.candidates(low)
            kind = self._kinds[low] = FREE if cands & self.free else NEEDS if cands & self.needs.keys() else 0
        return kind

    def has_trigger(self, words: list[str]) -> bool:
        """Could a trigger of the lexicon (or a rule) match in a sentence of these words?"""
        lows = {w.lower() for w in words}
        kinds = {self._trigger_kind(w) for w in lows}
        if FREE in kinds:
            return True
        if NEEDS not in kinds:
            return False
        cands = set().union(*(self.candidates(w) for w in lows))
        every = cands | lows
        for lemma in cands & self.needs.keys():
            for objects, with_, governors in self.needs[lemma]:
                if (objects is None or objects & every) and (with_ is None or with_ & lows) \
                        and (governors is None or governors & every):
                    return True
        return False

    def lemma_candidates(self, low: str) -> set[str]:
        """Every lemma the model could give this word: the word itself, the lemmatizer's
        exceptions and suffix rules under every part of speech, and attribute-ruler lemmas."""
        out = {low}
        rules, exc = self._lemma_tables
        for pos_rules in rules:
            for old, new in pos_rules:
                if low.endswith(old):
                    out.add(low[: len(low) - len(old)] + new)
        for pos_exc in exc:
            out.update(x.lower() for x in pos_exc.get(low, ()))
        out.update(self._attr_lemmas.get(low, ()))
        return out

    # -- per sentence -------------------------------------------------------------------------
    def flags(self, doc: Doc) -> list[Flags]:
        return self.reading.flags(doc, self.has_trigger, self.candidates)

    def select(self, doc: Doc) -> list[bool]:
        """One flag per sentence of ``doc``: parse it or not — the sentences resolving the mentions of
        the event sentences reads (the actor stage's answer), given this coder's triggers."""
        return self.reading.sentences_read(doc, self.has_trigger, self.candidates)


def _lemma_tables(nlp):
    if "lemmatizer" not in nlp.pipe_names:
        return [], []
    lookups = nlp.get_pipe("lemmatizer").lookups
    rules = lookups.get_table("lemma_rules") if lookups.has_table("lemma_rules") else {}
    exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
    return [list(rules[k]) for k in rules.keys()], [dict(exc[k]) for k in exc.keys()]


def _attribute_ruler_lemmas(nlp) -> dict[str, set[str]]:
    """Lemmas the attribute ruler assigns outright ("n't" → "not"), by lower-case form."""
    out: dict[str, set[str]] = {}
    if "attribute_ruler" not in nlp.pipe_names:
        return out
    for pat in nlp.get_pipe("attribute_ruler").patterns:
        lemma = pat.get("attrs", {}).get("LEMMA")
        if not lemma:
            continue
        for token_pats in pat.get("patterns", []):
            for tp in token_pats:
                for key in ("ORTH", "LOWER", "NORM"):
                    val = tp.get(key)
                    vals = val.get("IN", []) if isinstance(val, dict) else [val] if val else []
                    for v in vals:
                        out.setdefault(str(v).lower(), set()).add(lemma.lower())
    return out
