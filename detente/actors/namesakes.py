"""Groups that share a name (data/actors/namesakes.tsv): "Taliban militants attack a checkpoint in
Bannu, Pakistan" are the Pakistani Taliban (TTP), not Afghanistan's Taliban. Read after the places of
the sentence are known; only the sentence decides, like generic actors (generic.py)."""
from __future__ import annotations

import functools

from ..model import Actor
from .gazetteer import ACTOR_DIR, read_tsv
from .state import State
from .syntax import LOCATIVE_PREPS


@functools.lru_cache(maxsize=1)
def rules() -> tuple[tuple[str, str, str, str], ...]:
    return tuple((r["org"], r["country"], r["unless"], r["becomes"]) for r in read_tsv(ACTOR_DIR / "namesakes.tsv"))


def _countries_besides(st: State, skip) -> tuple[set[str], set[str]]:
    """The countries of the places the sentence of ``skip`` names, and of all it names as actors or
    places other than the mention itself."""
    sent = st.sent_no[skip.start]
    places = {loc.country for span, loc in st.locations
              if loc is not None and loc.country and st.sent_no[span.start] == sent}
    refs = [r for r in st.refs if r is not skip and r.kind == "country" and not r.members and st.sent_no[r.start] == sent]
    places |= {st.actor(r).code for r in refs if _locative(st.doc[r.start: r.end].root)}
    return places, {st.actor(r).code for r in refs} | places


def _locative(tok) -> bool:
    """A country named where something happens: "in Bannu, Pakistan", "in Pakistan"."""
    while tok.dep_ in ("appos", "conj", "compound") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS


def resolve(st: State) -> None:
    for org, home, unless, becomes in rules():
        for ref in list(st.refs):
            span = st.doc[ref.start: ref.end]
            named = [t for t in span if (e := st.gaz.entry(t.text)) is not None and e.org == org]
            if not named:
                continue
            words = [t for t in span if t not in named] + ([st.doc[ref.head]] if ref.head is not None else [])
            if any(st.gaz.sector_of(t.lower_) == "GOV" for t in words):
                continue  # "the Taliban government", "Taliban foreign minister": the state's
            places, codes = _countries_besides(st, ref)
            if home not in places or unless in codes:
                continue  # only a place in the country says where the group acts ("in Bannu, Pakistan")
            role = st.gaz.dated_on(becomes, st.day)
            if role is None:
                continue
            st.clusters[ref.cluster] = Actor(code=role.code, sector=role.sector, name=becomes,
                                             cameo=role.code + role.sector)
            ref.reason += f"; namesakes.tsv: {org} in a sentence about {home} (not {unless}) → {becomes}"
