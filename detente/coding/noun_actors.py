"""Which actors a noun phrase names, and what part of its country an actor is: the token's own
actor, those of its modifiers ("Turkish Kurd refugees"), its "of"-complement ("the government of
Serbia"), apposition and conjuncts ("France and the EU"), a group placed in a country ("rebels in the
Ivory Coast"), and dash-joined authors ("US-Israeli strikes"). arguments.py reads sources and targets
from the parse with these."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from ..actors.gazetteer import gazetteer
from ..actors.resolver import ActorIndex
from ..model import ORG_CODES, Actor
from .when_where import named_place

MODIFIERS = ("poss", "compound", "amod", "nmod")
NOUN_POS = ("NOUN", "PROPN")
Pair = tuple[Actor, Token]


def actors_at(tok: Token | None, index: ActorIndex, depth: int = 0) -> list[Actor]:
    """Actors named by the noun phrase headed by ``tok``, with its conjuncts ("France and the EU")."""
    if tok is None or depth > 3:
        return []
    found: list[Actor] = []
    a = index.actor_for(tok)
    if a is None:
        for c in tok.children:
            if c.dep_ in MODIFIERS:
                a = index.actor_for(c) or next((index.actor_for(g) for g in c.subtree
                                                if g.i < tok.i and index.actor_for(g) is not None), None)
                if a is not None:  # "Turkish Kurd refugees": the country word may modify a modifier
                    break
        heads = {tok.lemma_.lower()} | {c.lemma_.lower() for c in tok.children if c.dep_ == "compound"}
        if a is None and (heads & HEAD_NOUNS or tok.pos_ == "NUM"):  # "King Hassan of Morocco"
            for c in tok.children:  # "the government of Serbia", "a patch of Bangladeshi troops"
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj" and actors_at(p, index, depth + 1):
                            a = actors_at(p, index, depth + 1)[0]
        if a is None and tok.pos_ == "PROPN":  # "Kenzo Oshima, the United Nations relief coordinator, ..."
            for c in tok.children:
                if c.dep_ == "appos" and c.pos_ in NOUN_POS and actors_at(c, index, depth + 1):
                    a = actors_at(c, index, depth + 1)[0]
                    break
        if a is None and tok.pos_ in NOUN_POS:
            a = _located_group(tok, index)
        if a is None and tok.pos_ in ("VERB", "AUX"):  # a mis-parsed subject: "The Red Cross operating in"
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return actors_at(subj, index, depth + 1)
    if a is not None:
        found.append(a)
    for c in tok.children:  # "the Turkish and Greek sides", "US and British forces": conjoined modifiers
        if c.dep_ in MODIFIERS:
            for cc in c.conjuncts:
                b = index.actor_for(cc)
                if b is not None and b not in found:
                    found.append(b)
            if found:  # "US-Israeli strikes": joined by a dash
                found.extend(b for b, _ in joint_authors(c, index) if b not in found)
    for c in tok.children:
        if c.dep_ == "conj":
            found.extend(x for x in actors_at(c, index, depth + 1) if x not in found)
    return found



# Nouns whose "of"-complement names who they are: "the government of Serbia", "the people of Iraq".
HEAD_NOUNS = {"government", "people", "army", "president", "ministry", "minister", "parliament", "leader",
              "leadership", "authority", "force", "troop", "embassy", "police", "side", "delegation",
              "official", "representative", "population", "citizen", "resident", "military", "navy", "court",
              "king", "prime", "head", "spokesman", "spokeswoman", "foreign", "regime", "cabinet", "state",
              # partitives and groups: "a patch of Bangladeshi troops", "thousands of Kurds"
              "patch", "group", "contingent", "batch", "unit", "team", "number", "hundred", "thousand",
              "dozen", "million", "ten", "third", "half", "some", "many", "most", "member", "part", "wing",
              "faction", "detachment", "column", "squad", "battalion", "brigade", "division", "band",
              "inhabitant", "villager", "community", "tens"}



def group_sector(tok: Token) -> str:
    """The sector of a group noun ("rebels" REB, "opposition parties" OPP, "students" EDU), from the actor
    gazetteer's sector words, looking at the noun and then its modifiers."""
    words = gazetteer().sector_words
    for w in (tok.lower_, tok.lemma_.lower(),
              *(c.lower_ for c in tok.children if c.dep_ in ("compound", "amod"))):
        if w in words:
            return words[w]
    return ""



# Numbers that count people: "thousands of students", "hundreds of thousands of people".
QUANTITIES = frozenset({"thousand", "hundred", "dozen", "million"})


def of_object(tok: Token) -> Token | None:
    """The object of the word's "of" ("thousands **of** people", "the killing **of** civilians")."""
    return next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj"), None)


def people_group(tok: Token) -> tuple[str, Token] | None:
    """A group of people named without a country ("protesters", "thousands of students", "hundreds of
    thousands of people"): its sector and the noun, following "of" through quantities."""
    cur = tok
    for _ in range(3):
        sector = group_sector(cur)
        if sector in PEOPLE_SECTORS:
            return sector, cur
        nxt = of_object(cur)
        if nxt is None or cur.lemma_.lower() not in HEAD_NOUNS | QUANTITIES:
            return None
        cur = nxt
    return None



PEOPLE_SECTORS = {"CVL", "OPP", "REF", "EDU", "LAB", "MED", "REL", "HLT"}



def _located_group(tok: Token, index: ActorIndex) -> Actor | None:
    """'Rebels in the Ivory Coast', 'demonstrators in Baghdad': a group noun the actor gazetteer knows
    (with its sector), placed in a country or a known city, is that country's group."""
    sector = group_sector(tok)
    if not sector or tok.ent_type_ in ("PERSON", "ORG"):
        return None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "from", "inside", "throughout", "across"):
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                where = index.actor_for(p)
                code = where.code if where is not None and where.code not in ORG_CODES else None
                if code is None:
                    got = named_place(p)
                    code = got.country if got is not None else None
                if code:
                    return Actor(code=code, sector=sector, name=" ".join(t.text for t in tok.subtree),
                                 cameo=code + sector, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text),
                                 reason=f"'{tok.text}' {c.lower_} '{p.text}': a {sector} group of {code}")
    return None



DASHES = {"-", "–", "—", "/"}



def joint_authors(mod: Token, index: ActorIndex) -> list[Pair]:
    """'Israeli–U.S. airstrikes', 'US-Israeli strikes': two country words joined by a dash before a noun
    are both its authors, not author and target."""
    doc, out = mod.doc, []
    if index.actor_for(mod) is None:  # "NATO-member Norway": the dash joins NATO to a word, not to a country
        return out
    for dash, other in ((mod.i - 1, mod.i - 2), (mod.i + 1, mod.i + 2)):
        if 0 <= other < len(doc) and doc[dash].text in DASHES and index.actor_for(doc[other]) is not None \
                and doc[other].head.i in (mod.i, mod.head.i):
            out.append((index.actor_for(doc[other]), doc[other]))
    return out



def role(a: Actor) -> str:
    """What part of its country an actor is: its sector; a people named by a demonym ("Iraqi Kurds",
    "Palestinian armed groups") is a group; a bare country or capital name is the state (= GOV)."""
    if a.sector:
        return a.sector
    if "demonym" in a.reason and "the state" not in a.reason:
        return "GROUP"
    return "GOV"



def same_actor(a: Actor, b: Actor) -> bool:
    """Same country (or organisation) and the same part of it. A government acting on its own rebels,
    police or people is a domestic event between two actors; "Serbia's president ... Serbia" is not."""
    return a.key == b.key and role(a) == role(b)



# Nouns that name an organisation or a group: "the BRICS group", "the Atlantic alliance".
GROUP_NOUNS = {"group", "bloc", "alliance", "union", "coalition", "organization", "organisation", "party",
               "movement", "club", "forum", "community", "pact", "grouping", "council", "assembly", "league"}



def names_actor(tok: Token, index: ActorIndex) -> bool:
    """Does this object name an actor ("Putin", "the Serbian delegation", "the BRICS group") rather than an
    act that an actor is attached to ("an Egyptian proposal")?"""
    if index.actor_for(tok) is not None:
        return True
    head = tok.lemma_.lower()
    return bool(actors_at(tok, index)) and (head in GROUP_NOUNS or head in HEAD_NOUNS
                                            or head in gazetteer().sector_words or tok.lower_ in gazetteer().sector_words)



def as_state(actor: Actor) -> Actor:
    """A demonym naming the author of an act ("an Iranian offer", "Russian strikes") is the state."""
    if role(actor) == "GROUP":
        return replace(actor, reason=actor.reason + "; the demonym names the author of an act: the state")
    return actor
