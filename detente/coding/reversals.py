"""A restriction lifted is no restriction imposed.

"The EU lifted its sanctions on Syria", "Japan ended its ban on Brazilian beef", "Washington scrapped
the tariffs on Mexican steel": the event is the easing (ANNOTATION.md §2: "lifting sanctions or bans …
and other easing of restrictions are CONCEDE"), coded where the lexicon or the model reads it. The model
also read the restriction itself — the noun "sanctions", or the verb "scrapped" as the ending of a pact
— as a SANCTION, asserted: the opposite of what happened, the kind of error Détente exists to avoid. The
gold words of a lifting ("lifts its sanctions") hold the noun, so training never taught the model that
the noun is no event there. Among the cross-validated candidates of the training records, 13 triples
are such readings, none of them in the gold.

A blockade or a siege is left alone: the gold codes a blockade being lifted as the blockade that was
(COERCE, a background event with its agent) as often as not.

"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import Event
from .spans import trigger_words

# Verbs that end or ease a restriction they take as object ("roll back" by its particle).
REVERSING = {"lift", "ease", "relax", "loosen", "end", "scrap", "remove", "cancel", "drop", "waive", "rescind",
             "repeal", "suspend", "pause", "withdraw", "reverse", "roll", "unfreeze"}
# Restrictions whose lifting the guide codes as the lifting alone.
RESTRICTIONS = {"sanction", "tariff", "ban", "embargo", "restriction", "curfew", "boycott", "freeze", "duty", "levy"}
# Readings of the restriction itself.
RESTRICTING = {"SANCTION", "COERCE"}


def _restriction_objects(verb: Token) -> list[Token]:
    objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    objs += [cc for o in objs for cc in o.conjuncts]
    return [o for o in objs if o.lemma_.lower() in RESTRICTIONS]


def lifting_verb(tok: Token) -> Token | None:
    """The verb that lifts the restriction ``tok`` names ("lifted its **sanctions**"), or ``tok`` itself
    when it is a verb that lifts one ("**scrapped** the tariffs"); None otherwise."""
    if tok.lemma_.lower() in REVERSING and tok.pos_ == "VERB" and _restriction_objects(tok):
        return tok
    if tok.lemma_.lower() not in RESTRICTIONS:
        return None
    cur = tok
    for _ in range(3):  # "lifted its sanctions", "lifted the sanctions and the embargo", "lifted the sanctions regime"
        if cur.dep_ not in ("dobj", "nsubjpass", "conj", "compound") or cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.pos_ == "VERB":
            return cur if cur.lemma_.lower() in REVERSING else None
    return None


def lifted_restriction(e: Event, doc: Doc) -> bool:
    """Is ``e`` a reading of a restriction that the sentence lifts, rather than imposes?"""
    if e.event not in RESTRICTING:
        return False
    words = trigger_words(e, doc)
    return words is not None and any(lifting_verb(t) is not None for t in words)
