"""PETRARCH's verb dictionary as evidence for the trigger model (detente/data/lexicon/petrarch_verbs.tsv,
written by scripts/make_petrarch_verbs.py from CAMEO.2.0.txt).

Training sees a few hundred trigger lemmas; PETRARCH's coders gave types to some 1,500 verbs. A word's
PETRARCH types are features ("pvm=SANCTION": the type of the verb's synset, else the one most of its
patterns give; "pvo=SANCTION": a pattern whose object word is the word's object, "close" + "border"),
so a weight learned on the verbs training saw carries over to those it never saw; the verbs of
PETRARCH's typed synsets are candidates (train.fit_model)."""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Token

from ...config import DATA_DIR

PETRARCH_VERBS = DATA_DIR / "lexicon" / "petrarch_verbs.tsv"
# The dependents whose word a pattern's object word is matched against, and those of their prepositions.
OBJECT_DEPS = {"dobj", "attr", "nsubjpass", "oprd", "prt", "xcomp", "dative", "acomp"}


@dataclass(frozen=True)
class VerbTypes:
    """What PETRARCH says of the verbs: the type of each (its synset's own, else the one most of its
    patterns give), the types of each (verb, object word), and the verbs of synsets that carry a type
    of their own."""
    primary: dict[str, str]
    by_object: dict[tuple[str, str], tuple[str, ...]]
    typed: frozenset[str]


@functools.lru_cache(maxsize=1)
def verb_types() -> VerbTypes:
    counts: dict[str, Counter] = {}
    by_object: dict[tuple[str, str], set[str]] = {}
    own: dict[str, str] = {}
    with open(PETRARCH_VERBS, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("lemma\t"):
                continue
            lemma, obj, event = line.rstrip("\n").split("\t")
            counts.setdefault(lemma, Counter())[event] += 1
            if obj == "*":
                own.setdefault(lemma, event)
            elif obj:
                by_object.setdefault((lemma, obj), set()).add(event)
    primary = {v: own.get(v) or min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for v, c in counts.items()}
    return VerbTypes(primary, {k: tuple(sorted(v)) for k, v in by_object.items()}, frozenset(own))


def _object_words(tok: Token) -> set[str]:
    """The words a pattern's object may be: the trigger's objects and particles, and the objects of its
    prepositions, as written and as lemma (PETRARCH writes "SANCTIONS")."""
    out: set[str] = set()
    for c in tok.children:
        words = []
        if c.dep_ in OBJECT_DEPS:
            words.append(c)
        elif c.dep_ in ("prep", "agent"):
            words.extend(p for p in c.children if p.dep_ == "pobj")
        for w in words:
            out.update((w.lower_, w.lemma_.lower()))
            out.update(m.lemma_.lower() for m in w.children if m.dep_ == "compound")
    return out


def petrarch_features(tok: Token) -> list[str]:
    """The word's PETRARCH types as features (none for a word PETRARCH does not list); a noun of the
    same lemma ("attack", "visit") gets its type with its part of speech only."""
    vt = verb_types()
    lem = tok.lemma_.lower()
    main = vt.primary.get(lem)
    if main is None:
        return []
    if tok.pos_ != "VERB":
        return [f"pvm|p={main}|{tok.pos_}"]
    objects = {t for w in _object_words(tok) for t in vt.by_object.get((lem, w), ())}
    return [f"pvm={main}", f"pvm|p={main}|{tok.pos_}"] + [f"pvo={t}" for t in sorted(objects)]
