"""What the learned coder sees of a parsed sentence: its actor mentions, the words that may trigger an
event, and the features (plain strings) of a trigger, of a trigger–mention pair and of a trigger's
factuality. Training and coding call the same functions, so what the model learned is what it reads.

The rules stay in as features: the lexicon entry that matches a word (its type and mode), the types
PETRARCH's verb dictionary gives it (petrarch.py) and the rule factuality of a word are features among
the others, weighed by the model like any word."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ...model import ORG_CODES, Actor
from ..factuality import factuality as rule_factuality
from ..lexicon import Lexicon
from ..matching import match, trigger_pos
from ..noun_actors import people_group
from .petrarch import petrarch_features

CANDIDATE_POS = {"VERB", "NOUN", "PROPN", "ADJ", "AUX"}
# Dependents whose word says what kind of act a trigger is ("impose" + "sanctions", "call" + "for").
CHILD_DEPS = {"dobj", "prt", "prep", "agent", "xcomp", "ccomp", "neg", "aux", "auxpass", "nsubj", "nsubjpass",
              "acomp", "attr", "amod", "compound", "dative", "advmod", "mark", "det", "poss", "npadvmod", "oprd"}
MODAL_WORDS = {"will", "would", "could", "may", "might", "should", "can", "must", "shall"}


@dataclass(frozen=True)
class Mention:
    """One actor named in the sentence: its tokens, the token that stands for it, and its identity."""
    actor: Actor
    start: int  # token offsets in the doc
    end: int
    head: Token
    identity: str


def actor_identity(actor: Actor) -> str | None:
    """The identity the metric compares (ISO3, or IGO/NGO/MNC with the organisation)."""
    if not actor.code or actor.code == "IMG":  # transnational militant groups have no home to compare
        return None
    return actor.identity


def sentence_mentions(sent: Span, index) -> list[Mention]:
    """The actor mentions of a sentence, from the actor index: runs of tokens that stand for the same
    actor (one Mention per actor of a plural such as "the two nations")."""
    out: list[Mention] = []
    i = sent.start
    while i < sent.end:
        tok = sent.doc[i]
        actors = index.actors_for(tok)
        if not actors:
            i += 1
            continue
        j = i + 1
        while j < sent.end and index.actors_for(sent.doc[j]) == actors:
            j += 1
        span = sent.doc[i:j]
        head = span.root
        for a in actors:
            ident = actor_identity(a)
            if ident is not None:
                out.append(Mention(a, i, j, head, ident))
        i = j
    return out


def candidates(sent: Span) -> list[Token]:
    """Words that may trigger an event: verbs, nouns, adjectives and proper nouns in lower case."""
    return [t for t in sent if t.pos_ in CANDIDATE_POS and t.is_alpha and len(t.text) > 1]


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def word_feature(t: Token, mention_at: dict[int, Mention]) -> str:
    """A word as a feature: an actor is its kind, not its name (names do not generalise)."""
    m = mention_at.get(t.i)
    if m is not None:
        return "ACT:" + (m.actor.code if m.actor.code in ORG_CODES else "STATE") + (":" + m.actor.sector if m.actor.sector else "")
    if t.like_num:
        return "NUM"
    return _lemma(t)


def lexicon_hit(tok: Token, lex: Lexicon, index) -> tuple[str, str] | None:
    """The lexicon entry the rules would fire on this word: (type, mode), or None."""
    pos = trigger_pos(tok)
    if pos is None:
        return None
    try:
        hit = match(tok, pos, lex, index)
    except Exception:  # noqa: BLE001 — a feature, never a failure
        return None
    if hit is None:
        return None
    return hit[0].event, hit[0].mode


def trigger_features(tok: Token, mention_at: dict[int, Mention], lex: Lexicon, index) -> list[str]:
    lem = _lemma(tok)
    f = [f"l={lem}", f"w={tok.lower_}", f"p={tok.pos_}", f"t={tok.tag_}", f"d={tok.dep_}", f"lp={lem}|{tok.pos_}",
         f"ld={lem}|{tok.dep_}", "bias"]
    head = tok.head
    if head.i != tok.i:
        f += [f"hl={word_feature(head, mention_at)}", f"hd={tok.dep_}|{word_feature(head, mention_at)}",
              f"l+hl={lem}|{word_feature(head, mention_at)}"]
        if head.dep_ == "prep":
            f += [f"hp={head.lower_}|{word_feature(head.head, mention_at)}", f"l+hp={lem}|{head.lower_}"]
    for c in tok.children:
        if c.dep_ not in CHILD_DEPS:
            continue
        w = word_feature(c, mention_at)
        f += [f"c={c.dep_}|{w}", f"l+c={lem}|{c.dep_}|{w}"]
        if c.dep_ in ("prep", "agent"):
            for p in c.children:
                if p.dep_ == "pobj":
                    pw = word_feature(p, mention_at)
                    f += [f"pp={c.lower_}|{pw}", f"l+pp={lem}|{c.lower_}|{pw}", f"l+pr={lem}|{c.lower_}"]
        if c.dep_ in ("dobj", "nsubjpass", "attr"):
            for p in c.children:
                if p.dep_ in ("amod", "compound"):
                    f.append(f"l+om={lem}|{word_feature(p, mention_at)}")
    sent = tok.sent  # found once: Token.sent walks the sentence each time it is read
    for off in (-2, -1, 1, 2):
        j = tok.i + off
        if sent.start <= j < sent.end:
            f.append(f"n{off}={word_feature(tok.doc[j], mention_at)}")
    if tok.i in mention_at:
        f.append("is_actor")
    hit = lexicon_hit(tok, lex, index)
    if hit is not None:
        f += [f"lex={hit[0]}", f"lexm={hit[0]}|{hit[1]}", f"lex+l={hit[0]}|{lem}"]
    else:
        f.append("lex=none")
    f += petrarch_features(tok)
    # a planned, threatened or conditional act ("will impose", "plans to close", "if … invades") is an
    # event as much as a done one, but its words stand in other places: the rules' reading of the word
    # (factuality.py), alone and with the type the lexicon or PETRARCH gives it
    fact = rule_factuality(tok)
    if fact != "asserted":
        f += [f"rf={fact}"] + [f"rf|{name}={fact}|{value}" for name, _, value in (x.partition("=") for x in f)
                                if name in ("lex", "pvm")]
    return f


def _path(a: Token, b: Token) -> tuple[list[str], list[str], Token | None]:
    """Dependency labels from a up to the lowest common ancestor and from b up to it."""
    up_a, seen = [], {}
    t = a
    for k in range(12):
        seen[t.i] = k
        if t.head.i == t.i:
            break
        up_a.append(t)
        t = t.head
    ups_b = []
    t = b
    for _ in range(12):
        if t.i in seen:
            return [x.dep_ for x in up_a[:seen[t.i]]], [x.dep_ for x in ups_b], t
        if t.head.i == t.i:
            break
        ups_b.append(t)
        t = t.head
    return [x.dep_ for x in up_a], [x.dep_ for x in ups_b], None


def argument_features(tok: Token, etype: str, m: Mention, mention_at: dict[int, Mention]) -> list[str]:
    """Features of one mention as an argument of one trigger of type ``etype``."""
    h = m.head
    up, down, lca = _path(tok, h)
    path = "^".join(up) + "|" + "v".join(reversed(down))
    short = "^".join(up[:2]) + "|" + "v".join(list(reversed(down))[-2:])
    kind = m.actor.code if m.actor.code in ORG_CODES else "STATE"
    sector = m.actor.sector or "-"
    side = "before" if h.i < tok.i else "after"
    dist = abs(h.i - tok.i)
    dist_b = "1" if dist <= 1 else "3" if dist <= 3 else "6" if dist <= 6 else "12" if dist <= 12 else "far"
    inside = m.start <= tok.i < m.end
    prep = h.head.lower_ if h.dep_ == "pobj" else "-"
    f = ["bias", f"T={etype}", f"path={path}", f"T|path={etype}|{path}", f"short={short}",
         f"T|short={etype}|{short}", f"side={side}", f"T|side={etype}|{side}", f"dist={dist_b}",
         f"hdep={h.dep_}", f"T|hdep={etype}|{h.dep_}", f"prep={prep}", f"T|prep={etype}|{prep}",
         f"kind={kind}", f"sector={sector}", f"T|sector={etype}|{sector}", f"len={min(len(up) + len(down), 6)}",
         f"tl={_lemma(tok)}", f"tl|path={_lemma(tok)}|{path}", f"tl|prep={_lemma(tok)}|{prep}"]
    if inside:
        f.append("inside")
    if lca is not None:
        f.append(f"lca={'self' if lca.i == tok.i else lca.pos_}")
        if lca.i == tok.i:
            f.append(f"T|under={etype}|{side}")
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    if passive:
        f += ["passive", f"passive|path={path}"]
    if h.dep_ in ("poss", "compound", "amod") and h.head.i == tok.i:
        f.append(f"T|own={etype}|{h.dep_}")
    if h.dep_ == "conj" or any(c.dep_ == "conj" for c in h.children):
        f.append("conj")
    if h.dep_ == "pobj" and h.head.head.i == tok.i:
        f.append(f"T|tprep={etype}|{prep}")
    hw = h.lemma_.lower() if h.i not in mention_at or h.pos_ != "PROPN" else "NAME"
    f += [f"hw={hw}", f"T|hw={etype}|{hw}", f"gov={_lemma(h.head)}|{h.dep_}", f"tl|hdep={_lemma(tok)}|{h.dep_}"]
    if h.head.i == tok.i:
        f.append(f"T|child={etype}|{h.dep_}")
    # how many mentions lie between the trigger and this one: the nearest actor is the likeliest
    lo, hi = sorted((h.i, tok.i))
    between = len({id(mention_at[i]) for i in range(lo + 1, hi) if i in mention_at and mention_at[i] is not m})
    f += [f"between={min(between, 3)}", f"side|between={side}|{min(between, 3)}"]
    return f


def factuality_features(tok: Token, etype: str) -> list[str]:
    """Markers of negation, modality and condition on the trigger and the words that govern it."""
    try:
        rule = rule_factuality(tok, speech_act=etype in ("REQUEST", "REJECT", "THREATEN"))
    except Exception:  # noqa: BLE001
        rule = "asserted"
    lem = _lemma(tok)
    f = ["bias", f"rule={rule}", f"T={etype}", f"T|rule={etype}|{rule}", f"d={tok.dep_}", f"t={tok.tag_}",
         f"tl={lem}", f"T|tl={etype}|{lem}"]
    for c in tok.children:
        if c.dep_ in ("neg", "aux", "auxpass", "mark", "advmod", "det"):
            f.append(f"c={c.dep_}|{c.lower_}")
            if c.lower_ in MODAL_WORDS:
                f.append(f"T|modal={etype}|{c.lower_}")
    cur, k = tok, 0
    while cur.head.i != cur.i and k < 4:
        gov = cur.head
        f += [f"g{k}={_lemma(gov)}", f"gd{k}={cur.dep_}|{_lemma(gov)}", f"g={_lemma(gov)}"]
        for c in gov.children:
            if c.dep_ in ("neg", "aux", "mark") and c.i != cur.i:
                f.append(f"gc={c.dep_}|{c.lower_}")
        cur, k = gov, k + 1
    return f


# The argument models choose among the mentions of a sentence (detente.coding.learned.coder): the
# source among the mentions and "none", the target, given the source, among the other mentions and
# "none". These are the features of the "none" candidates and of a source–target pair.


def no_source_features(tok: Token, etype: str, mentions: list[Mention]) -> list[str]:
    """The candidate "no source among the mentions"."""
    n = min(len({m.identity for m in mentions}), 3)
    return ["NONE", f"NONE|T={etype}", f"NONE|tl={_lemma(tok)}", f"NONE|n={n}"]


def no_target_features(tok: Token, etype: str, source: Mention, mentions: list[Mention]) -> list[str]:
    """The candidate "no target" of a source."""
    n = min(len({m.identity for m in mentions if m.identity != source.identity}), 3)
    return ["NONE", f"NONE|T={etype}", f"NONE|tl={_lemma(tok)}", f"NONE|sd={source.head.dep_}", f"NONE|n={n}",
            f"NONE|T|n={etype}|{n}"]


def self_target_features(tok: Token, etype: str, source: Mention, mentions: list[Mention],
                         mention_at: dict[int, Mention]) -> list[str]:
    """The candidate "the source's own country, named by no other mention": "Malian soldiers detained
    forty villagers" (MLI→MLI), "Peruvian prosecutors charged two mayors" (PER→PER). What the
    act is done to, when no actor: the words of its object and the group they name."""
    kind = source.actor.code if source.actor.code in ORG_CODES else "STATE"
    sector = source.actor.sector or "-"
    n = min(len({m.identity for m in mentions if m.identity != source.identity}), 3)
    twin = any(m.identity == source.identity and m.head.i != source.head.i for m in mentions)
    f = ["SELF", f"SELF|T={etype}", f"SELF|tl={_lemma(tok)}", f"SELF|kind={kind}", f"SELF|sec={sector}",
         f"SELF|T|sec={etype}|{sector}", f"SELF|n={n}", f"SELF|T|n={etype}|{n}", f"SELF|twin={twin}"]
    return f + _unnamed_objects(tok, mention_at, "SELF")


def _unnamed_objects(tok: Token, mention_at: dict[int, Mention], prefix: str) -> list[str]:
    """What the act is done to where no actor names it: the words of the trigger's objects (direct,
    passive subject, through a preposition) and the group of people they name."""
    f = []
    for c in tok.children:
        objs = [c] if c.dep_ in ("dobj", "nsubjpass") else \
            [p for p in c.children if p.dep_ == "pobj"] if c.dep_ == "prep" else []
        for o in objs:
            if o.i in mention_at:
                continue
            rel = c.dep_ if c.dep_ != "prep" else c.lower_
            group = people_group(o)
            f += [f"{prefix}|obj={rel}|{_lemma(o)}", f"{prefix}|grp={rel}|{group[0] if group else '-'}"]
    return f


def coordinated(a: Mention, b: Mention) -> bool:
    """Two mentions joined by coordination ("Japan and South Korea", "China, India and Brazil"): one a
    conjunct of the other, or both conjuncts of the same word."""
    x, y = a.head, b.head
    return ((x.dep_ == "conj" and x.head.i == y.i) or (y.dep_ == "conj" and y.head.i == x.i)
            or (x.dep_ == "conj" and y.dep_ == "conj" and x.head.i == y.head.i))


def pair_features(tok: Token, etype: str, source: Mention, target: Mention) -> list[str]:
    """What a target mention is to the source chosen: the same identity, the dependency path between
    them, coordination ("Japan and South Korea"), their order and their two relations to their heads."""
    s, t = source.head, target.head
    f = ["same", f"T|same={etype}"] if target.identity == source.identity else []
    up, down, _ = _path(s, t)
    if len(up) + len(down) <= 4:
        path = "^".join(up) + "|" + "v".join(reversed(down))
        f += [f"st={path}", f"T|st={etype}|{path}"]
    else:
        f.append("st=far")
    if (t.dep_ == "conj" and t.head.i == s.i) or (s.dep_ == "conj" and s.head.i == t.i):
        f += ["coord", f"T|coord={etype}"]
    f += [f"order={'s<t' if s.i < t.i else 't<s'}", f"sd|td={s.dep_}|{t.dep_}", f"T|sd|td={etype}|{s.dep_}|{t.dep_}"]
    return f
