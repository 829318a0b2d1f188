"""Actors a sentence implies without naming them as arguments: the host of a visit, the population of the
place an act is done to, the people of the place where a crowd acts, a country's own people acted on by its
forces, the authorities a protest is against. The rules are documented in docs/coding.md ("Who did what
to whom"); each actor made here says why in its `reason`."""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..actors.resolver import ActorIndex
from ..model import ORG_CODES, Actor, Location
from .arguments import SUBJ, actors_at, people_group, subjects
from .factuality import SPEECH_VERBS
from .lexicon import Trigger, interception_verbs
from .noun_actors import QUANTITIES, of_object
from .rules import Found
from .when_where import destination_of

# Organs of a state: they act on their own country's people ("police dispersed demonstrators").
STATE_ORGANS = {"GOV", "MIL", "COP", "JUD", "SPY", "LEG"}


def visit_target(src: Actor, location: Location | None, entry: Trigger, tok: Token) -> Actor | None:
    """A visit to Amman is a visit to Jordan: the host country is the target when no actor is named."""
    if entry.mode != "visit":
        return None
    location = location or destination_of(tok)
    if location is None or not location.country or location.country == src.code:
        return None
    return Actor(code=location.country, name=location.name, cameo=location.country, text=location.name,
                 reason=f"host of the visit: {location.name} is in {location.country}")


# Acts done to the people of a place: "imposed a curfew in Cizre", "shelled Juba", "killed 23 people in
# Tel Aviv" — with no actor named, the target is the population of the place (its country, CVL).
ON_POPULATION = {"COERCE", "ASSAULT", "CONCEDE", "SANCTION", "AID"}
ON_TERRITORY = {"MOBILIZE"}  # only a foreign place: "troops on alert in Gaza"


def sentence_place(sent: Span, index: ActorIndex) -> Location | None:
    """The one place the sentence names (the actor stage's location index), when the parse does not
    attach it to the trigger: "Protests continue for a second day in Kyiv"."""
    found = []
    for item in getattr(index, "locations", []):
        span, loc = item if isinstance(item, tuple) else (None, item)
        if span is not None and sent.start <= span.start < sent.end and isinstance(loc, Location) \
                and not _in_attribution(span.root):
            found.append(loc)
    countries = {loc.country for loc in found}
    return found[0] if len(countries) == 1 and found[0].country else None


def _in_attribution(tok: Token) -> bool:
    """Is this word part of who says it ("..., relief officials in Nairobi said")? Such a place is not
    where the event happened."""
    cur = tok
    for _ in range(8):
        if cur.head.i == cur.i:
            return False
        if cur.dep_ in ("nsubj", "nsubjpass") and cur.head.lemma_.lower() in SPEECH_VERBS:
            return True
        cur = cur.head
    return False


def population_target(src: Actor, location: Location | None, event: str) -> Actor | None:
    if location is None or not location.country:
        return None
    if location.country == src.code and location.name in (src.name, src.text):
        return None  # "an attack by Israel": the author's own name is no place of the act
    if event in ON_POPULATION or (event in ON_TERRITORY and location.country != src.code):
        return Actor(code=location.country, sector="CVL", name=f"people of {location.name}",
                     cameo=location.country + "CVL", text=location.name,
                     reason=f"population of the place of the event: {location.name} is in {location.country}")
    return None


# Acts of crowds: "thousands of people protested in Tbilisi" — people named without a country act where
# they are.
CROWD_ACTS = {"PROTEST", "REQUEST"}
# A crowd named by its size alone: "Thousands protested in Sofia", "tens of thousands rallied".
CROWD_SIZES = QUANTITIES | {"ten", "score"}


def _crowd_by_size(subj: Token) -> bool:
    """Is the subject a bare number of people ("Thousands", "tens of thousands"), not of anything named?"""
    cur = subj
    for _ in range(3):
        if cur.lemma_.lower() not in CROWD_SIZES or cur.tag_ != "NNS":
            return False
        nxt = of_object(cur)
        if nxt is None:
            return True
        cur = nxt
    return False


def crowd_source(f: Found, location: Location | None) -> list[tuple[Actor, Token]]:
    if location is None or not location.country:
        return []
    verb = f.token
    if f.nominal and f.entry.event == "PROTEST" and \
            not any(c.dep_ in ("poss", "compound", "amod") for c in verb.children if c.pos_ == "PROPN"):
        # "Protests continue in Kyiv": a protest with no one named is held by the people of its place
        return [(Actor(code=location.country, sector="CVL", name=f"people of {location.name}",
                       cameo=location.country + "CVL", text=verb.text, start=verb.idx, end=verb.idx + len(verb.text),
                       reason=f"a protest in {location.name}: people of {location.country}"), verb)]
    if f.nominal:
        verb = verb.head if verb.dep_ in ("dobj", "attr") else verb.head.head if verb.dep_ == "pobj" else None
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            return []
    subj = next((c for c in verb.children if c.dep_ in SUBJ), None)
    if subj is None and verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        subj = verb.head  # "demonstrators protesting election results in Monrovia"
    group = people_group(subj) if subj is not None else None
    if group is None and subj is not None and _crowd_by_size(subj):
        group = ("CVL", subj)
    if group is None:
        return []
    sector, noun = group
    return [(Actor(code=location.country, sector=sector, name=" ".join(t.text for t in subj.subtree),
                   cameo=location.country + sector, text=subj.text, start=subj.idx, end=subj.idx + len(subj.text),
                   reason=f"'{noun.text}' in {location.name}: people of {location.country}"), subj)]


def _struck_country(src: Actor, tok: Token, index: ActorIndex | None) -> str:
    """'Russian forces launch missiles at Ukraine, killing nine people', 'troops raided Jenin, killing
    three': the people a participle's act kills are those of the one other country (or place) the
    governing act strikes."""
    while tok.dep_ == "conj" and tok.head.tag_ == "VBG":  # "…, killing nine and injuring 50 others"
        tok = tok.head
    if index is None or tok.tag_ != "VBG" or tok.dep_ not in ("advcl", "xcomp", "conj"):
        return ""
    struck = {t.i for c in tok.head.children if c.dep_ in ("dobj", "prep") and c.i != tok.i for t in c.subtree}
    codes = {a.code for i in struck if (a := index.actor_for(tok.doc[i])) is not None}
    codes |= {loc.country for span, loc in getattr(index, "locations", [])  # "raided Jenin, killing …"
              if isinstance(loc, Location) and loc.country and span.start in struck}
    codes = {c for c in codes if c != src.code and len(c) == 3 and c not in ORG_CODES}
    return next(iter(codes)) if len(codes) == 1 else ""


def own_people(src: Actor, tok: Token, entry: Trigger, skip: set[int], index: ActorIndex | None = None) -> Actor | None:
    """'Egyptian police opened fire to disperse demonstrators': unnamed people acted on by a country's
    own forces or government are that country's people (with the group's sector) — unless the act the
    participle follows strikes another country (see _struck_country)."""
    if entry.event not in ON_POPULATION or src.code in (*ORG_CODES, "") or src.sector not in STATE_ORGANS:
        return None
    struck = _struck_country(src, tok, index)
    for t in tok.subtree:
        if t.i in skip or t.i == tok.i or t.dep_ not in ("dobj", "pobj", "nsubjpass", "conj"):
            continue
        group = people_group(t)
        if group is not None and group[0] != src.sector:
            sector, noun = group
            code = struck or src.code
            why = f"people of {code}, which the act it follows strikes" if struck else f"{code}'s own {sector}"
            return Actor(code=code, sector=sector, name=" ".join(w.text for w in t.subtree),
                         cameo=code + sector, text=t.text, start=t.idx, end=t.idx + len(t.text),
                         reason=f"'{noun.text}' named without a country: {why}")
    return None


def own_authorities(src: Actor, entry: Trigger) -> Actor | None:
    """PLOVER's PROTEST is "carried out as protests against the recipient": a protest by a country's own
    people that names no one is against that country's authorities."""
    if entry.event != "PROTEST" or src.code in (*ORG_CODES, "") or src.sector in STATE_ORGANS:
        return None
    return Actor(code=src.code, sector="GOV", name="the authorities", cameo=src.code + "GOV", text="",
                 reason=f"a protest that names no target: against the authorities of {src.code}")


def _intercepting_verb(tok: Token) -> Token | None:
    """The air-defence verb whose object is this weapon: the trigger noun itself ("intercepted Iranian
    missiles") or the noun a launch participle describes ("intercepts two missiles launched by …")."""
    noun = tok.head if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN") else tok
    while noun.dep_ == "conj":  # "four missiles and one drone launched from Iran"
        noun = noun.head
    verb = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in interception_verbs():
        return verb
    return None


def interceptor_targets(tok: Token, index: ActorIndex) -> list[tuple[Actor, Token]]:
    """'Jordan intercepts missiles launched from Iran': what the interceptor stops was fired at it."""
    verb = _intercepting_verb(tok)
    if verb is None:
        return []
    return subjects(verb, index)


def launch_origin(tok: Token, index: ActorIndex) -> list[tuple[Actor, Token]]:
    """'missiles launched from Iran' intercepted by Jordan: with no one named as launcher, the country
    it was launched from launched it."""
    if _intercepting_verb(tok) is None or tok.pos_ not in ("VERB", "AUX"):
        return []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "from":
            for p in c.children:
                if p.dep_ == "pobj":
                    return [(a, p) for a in actors_at(p, index)]
    return []
