"""Small facts of English syntax the resolver's passes share (resolver.py, people.py, coref.py,
namesakes.py): which prepositions make a place, which words are of motion, the noun phrase of a head."""
from __future__ import annotations

from spacy.tokens import Span, Token

# After these prepositions a capital is where something happens, not who does it ("talks in Moscow").
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "around", "across", "into", "within", "throughout"}
# "to"/"from" make a capital a place only after a word of motion ("flew to Moscow", "returned from Kyiv").
MOTION_LEMMAS = {"fly", "travel", "arrive", "return", "go", "come", "head", "visit", "trip", "journey", "flight",
                 "move", "drive", "deport", "evacuate", "flee", "relocate", "road", "route", "way"}
MODIFIER_DEPS = {"poss", "compound", "amod", "nmod", "npadvmod"}


def np_span(head: Token) -> Span:
    """The noun phrase of a head: its left modifiers (det, compound, poss, amod, nummod) and itself."""
    left = head.i
    for child in head.lefts:
        if child.dep_ in MODIFIER_DEPS | {"det", "case", "nummod", "quantmod"}:
            left = min(left, child.left_edge.i)
    return head.doc[left: head.i + 1]
