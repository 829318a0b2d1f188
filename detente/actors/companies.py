"""Companies: an organisation the text says is a business is an actor, coded MNC with its name, as the
annotation guide codes companies ("companies `MNC` with their name"): "Indian airline IndiGo",
"Huawei's headquarters", "Acme Holdings". The gazetteer knows no companies; only the words around a
name say it is one, so a name with no such word stays unresolved (an unknown organisation may be a
party, a charity or a ministry).

Run after the gazetteer, people and generic passes: a name any of them resolved is not a company."""
from __future__ import annotations

from spacy.tokens import Span

from ..model import Actor
from .state import Ref, State

# Last words of a company's own name ("Acme Holdings", "Qatar Airways", "Globex Corp.").
NAME_ENDINGS = {"inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "llc", "plc", "ag", "gmbh", "co.",
                "company", "holdings", "airlines", "airways", "motors", "energies", "petroleum",
                "pharmaceuticals", "technologies", "industries", "telecom"}
# Nouns that call a name a business: as its modifier ("airline IndiGo"), its apposition ("IndiGo, the
# country's largest airline") or its predicate.
BUSINESS_NOUNS = {"company", "companies", "firm", "airline", "carrier", "lender", "retailer", "automaker",
                  "carmaker", "manufacturer", "maker", "chipmaker", "conglomerate", "giant", "operator",
                  "producer", "insurer", "startup", "start-up", "developer", "exporter", "supplier", "miner",
                  "refiner", "shipper", "corporation", "multinational", "bank", "brand",
                  "subsidiary", "platform", "streamer", "distributor", "contractor"}
# What a company owns or has ("Huawei's headquarters", "Lukoil's refinery").
COMPANY_BELONGINGS = {"headquarters", "shares", "stake", "factory", "factories", "plant", "plants", "refinery",
                      "refineries", "subsidiary", "ceo", "shareholders", "stores", "warehouses", "offices",
                      "products", "chairman", "founder", "executives", "employees", "workers"}
# Names that end like a company but are public bodies.
PUBLIC_WORDS = {"central", "national", "reserve", "state", "federal", "ministry", "department", "people"}


def resolve(st: State) -> None:
    """Add every organisation name the text calls a business, and that no other pass resolved."""
    for ent in _names(st):
        if any(i in st.at for i in range(ent.start, ent.end)):
            continue
        cue = _business_cue(ent)
        if cue is None:
            continue
        name = _name(ent)
        if not name:
            continue
        actor = Actor(code="MNC", org=name, sector="BUS", name=name, cameo="MNCBUS")
        st.add(Ref(ent.start, ent.end, st.new_cluster(actor), f"company: '{name}' ({cue})", "org"))


def _names(st: State) -> list[Span]:
    """The organisation names of the text, and the proper names the entity recogniser left unlabelled
    or labelled otherwise (a company it has not seen: "airline Zoomair"), as runs of proper nouns."""
    doc = st.doc
    ents = doc.ents  # read once: doc.ents builds new spans on every access
    out = [e for e in ents if e.label_ == "ORG"]
    taken = {i for e in ents if e.label_ in ("ORG", "PERSON", "GPE", "LOC") for i in range(e.start, e.end)}
    for tok in st.tokens_pos("PROPN"):
        if tok.i in taken or tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
            continue  # part of a longer name: the name's last word stands for it
        start = tok.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == tok.i \
                and doc[start - 1].i not in taken:
            start -= 1
        out.append(doc[start: tok.i + 1])
    return out


def _business_cue(ent: Span) -> str | None:
    """Why the words say the name is a company, or None."""
    words = [t.lower_ for t in ent]
    if words[-1] in NAME_ENDINGS and not PUBLIC_WORDS & set(words):
        return f"a company's name ends in '{ent[-1].text}'"
    root = ent.root
    for child in root.children:  # "airline IndiGo", "IndiGo, the country's largest airline"
        if child.dep_ in ("compound", "appos", "nmod") and child.lower_ in BUSINESS_NOUNS \
                and not ent.start <= child.i < ent.end and not _public(child):
            return f"called a {child.lower_}"
    # "the airline, IndiGo,", "the TikTok platform"
    if root.dep_ in ("appos", "compound") and root.head.lower_ in BUSINESS_NOUNS \
            and not (root.dep_ == "appos" and _public(root.head)):
        return f"called a {root.head.lower_}"
    if root.dep_ == "poss" and root.head.lower_ in COMPANY_BELONGINGS:  # "Huawei's headquarters"
        return f"its {root.head.lower_}"
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":  # "Acme is a chipmaker"
        attr = next((c for c in root.head.children if c.dep_ == "attr"), None)
        if attr is not None and attr.lower_ in BUSINESS_NOUNS:
            return f"called a {attr.lower_}"
    return None


def _public(noun) -> bool:
    """A central, national or state bank or company is the state's: "the central bank"."""
    return any(c.dep_ in ("amod", "compound") and c.lower_ in PUBLIC_WORDS for c in noun.children)


def _name(ent: Span) -> str:
    """The company's name as the guide writes it: without a leading "the", a possessive or a
    parenthesised short form ("Electronic Arts (EA)" → "Electronic Arts")."""
    toks = [t for t in ent if t.text not in ("'s", "’s", "'")]
    if toks and toks[0].lower_ == "the":
        toks = toks[1:]
    if not toks:
        return ""
    text = ent.doc.text[toks[0].idx: toks[-1].idx + len(toks[-1].text)]
    return text.split(" (")[0].strip()
