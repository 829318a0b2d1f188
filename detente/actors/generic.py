"""Generic actors: "police", "the government", "rebels", "protesters" named without a country. They
belong to the country the sentence is about (data/actors/generic_actors.tsv, docs/actors.md): the
place attached to the noun ("a newspaper based in Beirut", "rebels in Darfur"), else the only country
the sentence names, in any role, unless it is only the object of an act; and when the sentence names no
country at all, the country the article is about (the only one it names, or one named more often than
all others together), as a titled person without a country takes it (people.country_fallback): in an
article on the Philippines, "Police have carried out killings" are Philippine police. The prefilter
keeps every sentence naming a country for such a sentence (actors/reading.py), so the article's
country is the same with and without it."""
from __future__ import annotations

import functools

from spacy.tokens import Token

from ..model import Actor
from .gazetteer import ACTOR_DIR, ORG_CODES, read_tsv
from .people import _names_country, dominant_country, only_country
from .state import Ref, State

OWNER_DEPS = {"poss", "compound", "amod", "nmod"}
PLACE_PREPS = {"in", "from", "of", "inside"}
# Sectors whose proper names are a country's own institutions ("the Basmanny District Court", "the
# Delhi Police"); an unknown "X Army" or "X Front" may be a rebel group, so only these are read.
INSTITUTIONS = {"JUD", "COP"}
# Sectors that take people to court or into custody: the country of whom they act on is not theirs
# ("a court sentences a Russian man", "police arrest two Moroccans").
JUSTICE = {"JUD", "COP"}
# Subjects whose victims are not their own means ("militants kill five soldiers").
NON_STATE = {"REB", "OPP", "CVL"}
# A country's missions abroad: "protesters storm the U.S. embassy" are not American protesters.
MISSIONS = {"embassy", "embassies", "consulate", "consulates"}
# Modifiers that say the actor is not identified ("unknown gunmen", "unidentified attackers"): no one
# (ANNOTATION.md §1, §10: no identified perpetrator, no event).
UNIDENTIFIED = {"unknown", "unidentified", "unnamed", "anonymous"}


@functools.lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    return frozenset(r["word"] for r in read_tsv(ACTOR_DIR / "generic_actors.tsv") if " " not in r["word"])


@functools.lru_cache(maxsize=1)
def generic_phrases() -> dict[str, frozenset[str]]:
    """Head word → the phrases of several words it ends ("forces" → "security forces", "armed forces")."""
    out: dict[str, set[str]] = {}
    for r in read_tsv(ACTOR_DIR / "generic_actors.tsv"):
        if " " in r["word"]:
            out.setdefault(r["word"].rsplit(" ", 1)[1], set()).add(r["word"])
    return {k: frozenset(v) for k, v in out.items()}


def _place_country(st: State, tok: Token) -> str:
    for span, loc in st.locations:
        if span.start <= tok.i < span.end and loc is not None and loc.country:
            return loc.country
    return ""


def _institution_name(st: State, tok: Token) -> bool:
    """A court or police force with a proper name of its own and no actor in it ("The Basmanny
    District Court", "the Seoul Central District Court"): an institution of a country, not an owner."""
    if tok.ent_type_ not in ("ORG", "FAC") or st.gaz.sector_of(tok.lower_) not in INSTITUTIONS:
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and not any(i in st.at for i in range(ent.start, ent.end))


def _name_place(st: State, tok: Token) -> str:
    """The country of a place inside an institution's name ("the Seoul Central District Court")."""
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if ent is None:
        return ""
    for t in ent:
        if t.i != tok.i and _place_country(st, t):
            return _place_country(st, t)
        entry = st.gaz.entry(t.text)  # a capital inside a name is no match of its own
        if entry is not None and entry.kind in ("capital", "place") and entry.code:
            return entry.code
    return ""


def _owned(st: State, tok: Token) -> bool:
    """True when something else says whose the noun is: "Hamas gunmen", "their troops", "the
    Workers' Union", "the government of Sindh province". A place is not an owner ("Darfur rebels")."""
    if tok.ent_type_ and tok.ent_type_ not in ("NORP",):
        return not _institution_name(st, tok)
    if tok.dep_ in ("compound", "amod") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i:
        return True  # a modifier: "the opposition newspaper" is a newspaper
    for c in tok.children:
        if c.dep_ in OWNER_DEPS and (c.i in st.at or c.pos_ in ("PROPN", "PRON") or c.tag_ == "PRP$") \
                and not (c.dep_ == "compound" and _place_country(st, c)):
            return True
        if c.dep_ == "prep" and c.lower_ == "of":
            return True
    return False


def _attached_place(st: State, tok: Token) -> str:
    """The country of a place attached to the noun: "rebels in Darfur", "a newspaper based in Beirut"."""
    for c in tok.children:  # "Darfur rebels"
        if c.dep_ == "compound" and _place_country(st, c):
            return _place_country(st, c)
    heads = [tok] + [c for c in tok.children if c.dep_ == "acl" and c.lemma_ in ("base", "operate", "locate")]
    for h in heads:
        for prep in h.children:
            if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if _place_country(st, obj):
                    return _place_country(st, obj)
                ref = st.at.get(obj.i)
                if ref is not None and ref.kind == "country":
                    return st.actor(ref).code
    return ""


def _own_means(st: State, tok: Token, code: str) -> bool:
    """Forces that are the object of a verb whose subject is of the same country are that subject's own
    means, not a second party: "Russia mobilized troops", "Israel deployed soldiers" (but "the
    government accused Darfur rebels" is two parties). (The coder still codes acts
    on a country's own people: "Egyptian police dispersed protesters" → EGY CVL, see implicit.py.)"""
    if tok.dep_ not in ("dobj", "nsubjpass"):
        return False
    for c in tok.head.children:
        if c.dep_ in ("nsubj", "agent") and c.i in st.at and st.actor(st.at[c.i]).code == code \
                and st.actor(st.at[c.i]).sector not in NON_STATE:
            return True
    return False


def _demonym(st: State, ref: Ref) -> bool:
    """Is the mention a demonym ("a Russian man")? A country's name ("the governor of Moldova's Gagauzia
    region") names a part of the state, which its own courts try."""
    entry = st.gaz.entry(st.doc[ref.start].text)
    return entry is not None and entry.kind == "demonym"


def _in_clause(tok: Token, verb: Token) -> bool:
    """Is the word inside a clause of the object ("students who criticised China")?"""
    while tok.i != verb.i and tok.head.i != tok.i:
        if tok.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp"):
            return True
        tok = tok.head
    return False


def _justice_country(st: State, tok: Token) -> str:
    """The one country a court's or police force's sentence names, not counting the demonyms of the people
    it acts on nor what their clauses name ("students who criticised China"): "a court sentences a Russian man" is no Russian court, "police arrest two Moroccan men
    in Paris" are French police (the defendant's nationality is not the court's)."""
    verb = tok.head if tok.dep_ in ("nsubj", "nsubjpass") else None
    objects = {t.i for c in verb.children if c.dep_ in ("dobj", "dative", "iobj") for t in c.subtree} \
        if verb is not None else set()
    sent = st.sent_no[tok.i]
    codes = {st.actor(r).code for r in st.refs if r.kind == "country" and not r.members and st.sent_no[r.start] == sent
             and not (r.start in objects and (_demonym(st, r) or _in_clause(st.doc[r.start], verb)))
             and len(st.actor(r).code) == 3
             and st.actor(r).code not in ORG_CODES}
    codes |= {loc.country for span, loc in st.locations
              if loc is not None and loc.country and st.sent_no[span.start] == sent and span.start not in objects}
    return next(iter(codes)) if len(codes) == 1 else ""


def _only_its_missions(st: State, tok: Token, code: str) -> bool:
    """Is the country named in the sentence only by its embassies or consulates, which stand abroad?"""
    sent = st.sent_no[tok.i]
    refs = [r for r in st.refs if st.sent_no[r.start] == sent and st.actor(r).code == code]
    places = [s for s, loc in st.locations if loc is not None and loc.country == code and st.sent_no[s.start] == sent]
    return bool(refs) and not places and all(r.head is not None and st.doc[r.head].lower_ in MISSIONS for r in refs)


def _unidentified(tok: Token) -> bool:
    """ "unknown gunmen", "unidentified attackers": the text says it does not know who they are."""
    return any(c.dep_ in ("amod", "compound") and c.lower_ in UNIDENTIFIED for c in tok.children)


def _a_title(st: State, phrase: str, tok: Token) -> bool:
    """A generic word that is also a person's title ("the judge", "the spokesman"): in an article it
    refers back to the person named before (coref.definite_titles), not to the article's country."""
    return phrase.lower() in st.gaz.titles or tok.lower_ in st.gaz.titles


def _article_country(st: State) -> tuple[str, str]:
    """The country the article is about, for a generic actor whose sentence names none: (code, why),
    or ("", "") when no country dominates the article."""
    hit = dominant_country(st)
    if hit is None:
        return "", ""
    return hit[0], f"its sentence names no country; the article's: {hit[1]}"


def resolve(st: State) -> None:
    words, phrases = generic_words(), generic_phrases()
    for tok in st.tokens_lower_in(words | phrases.keys()):
        if tok.i in st.at or tok.pos_ not in ("NOUN", "PROPN") or _owned(st, tok) or _unidentified(tok):
            continue
        left = tok.i
        while left > 0 and tok.doc[left - 1].dep_ in ("amod", "compound") and tok.doc[left - 1].head.i == tok.i \
                and tok.doc[left - 1].i not in st.at:
            left -= 1
        phrase = tok.doc[left: tok.i + 1]
        if tok.lower_ not in words and not any(phrase.text.lower().endswith(p) for p in phrases[tok.lower_]):
            continue  # "forces" alone may be anyone's; "security forces" are the country's own
        sector = st.gaz.sector_of(phrase.text) or st.gaz.sector_of(tok.lower_)
        if not sector:
            continue
        code = _attached_place(st, tok) or (_name_place(st, tok) if tok.ent_type_ else "")
        if code:
            why = f"the place attached to it is in {code}"
        else:
            sent = int(st.sent_no[tok.i])
            code = _justice_country(st, tok) if sector in JUSTICE else only_country(st, sent)
            why = "the only country the sentence names"
            if not code and not _names_country(st, sent) and not _a_title(st, phrase.text, tok):
                code, why = _article_country(st)
            if not code or _only_its_missions(st, tok, code):
                continue
        if sector in ("MIL", "COP") and _own_means(st, tok, code):
            continue
        actor = Actor(code=code, sector=sector, name=phrase.text, cameo=code + sector)
        st.add(Ref(left, tok.i + 1, st.new_cluster(actor),
                   f"generic '{phrase.text}' with no country of its own: {code} {sector}, {why}", "generic"))
