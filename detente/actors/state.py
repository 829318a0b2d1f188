"""The working state of one article's resolution: references (spans that name an actor), grouped
into clusters that denote the same actor, and the final ActorIndex handed to the event coder."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
from spacy.attrs import LOWER, POS, SENT_START
from spacy.tokens import Doc, Span, Token

from ..model import Actor, Location
from .gazetteer import Gazetteer


@dataclass
class Ref:
    """One mention of an actor. ``start``/``end`` are token offsets; ``head`` a token outside the span
    that also stands for it (the noun of "Russian troops" is inside; kept for appositions)."""
    start: int
    end: int
    cluster: int
    reason: str
    kind: str  # country | org | office | person | pronoun | group-ref
    title: str = ""  # the office, for individuals: "deputy prime minister"
    person: bool = False  # an individual (named or not), for "he"/"she" and definite titles
    head: int | None = None
    members: tuple[int, ...] = ()  # clusters of a plural reference ("the two nations")


@dataclass
class ActorIndex:
    """The actors of one article: every mention, which token stands for which actor, places, and the
    person and place names left unresolved (with why)."""
    doc: Doc
    mentions: list[Actor] = field(default_factory=list)
    by_token: dict[int, Actor] = field(default_factory=dict)
    locations: list[tuple[Span, Location]] = field(default_factory=list)
    unresolved: list[tuple[Span, str]] = field(default_factory=list)
    groups: dict[int, list[Actor]] = field(default_factory=dict)  # token → all actors of a plural

    def add(self, span: Span, actor: Actor, head: Token | None = None) -> Actor:
        actor = replace(actor, text=span.text, start=span.start_char, end=span.end_char)
        self.mentions.append(actor)
        for t in span:
            self.by_token[t.i] = actor
        if head is not None:
            self.by_token[head.i] = actor
        return actor

    def actor_for(self, token: Token) -> Actor | None:
        """The actor a token stands for (for a plural like "the two nations", the first of them)."""
        return self.by_token.get(token.i)

    def actors_for(self, token: Token) -> list[Actor]:
        """Every actor a token stands for: both countries of "the two nations", else the one actor."""
        if token.i in self.groups:
            return list(self.groups[token.i])
        a = self.by_token.get(token.i)
        return [a] if a is not None else []


class State:
    def __init__(self, doc: Doc, day: dt.date, gaz: Gazetteer):
        self.doc, self.day, self.gaz = doc, day, gaz
        self.refs: list[Ref] = []
        self.clusters: dict[int, Actor] = {}
        self.at: dict[int, Ref] = {}  # token index → ref
        self.locations: list[tuple[Span, Location]] = []
        self.unresolved: list[tuple[Span, str]] = []
        self.people: dict[str, Ref] = {}  # full name and surname → first ref of that person
        self.unnamed_offices: set[int] = set()  # clusters of offices named by title only
        self.deferred_people: list = []  # (span, Title | None, Role | None): see people.country_fallback
        # Token attributes as arrays, read once: passes look only at the tokens that can matter
        # (iterating a Doc in Python costs more than the resolution itself).
        attrs = doc.to_array([LOWER, POS, SENT_START]) if len(doc) else np.zeros((0, 3), dtype="uint64")
        self._lower, self._pos = attrs[:, 0], attrs[:, 1]
        self.sent_no = np.cumsum(attrs[:, 2].astype("int64") == 1)

    def tokens_lower_in(self, words) -> list[Token]:
        """Tokens whose lower-case form is one of ``words``, in order."""
        strings = self.doc.vocab.strings
        ids = np.array([strings.add(w) for w in words], dtype="uint64")
        return [self.doc[int(i)] for i in np.flatnonzero(np.isin(self._lower, ids))]

    def tokens_pos(self, pos: str) -> list[Token]:
        return [self.doc[int(i)] for i in np.flatnonzero(self._pos == self.doc.vocab.strings[pos])]

    def new_cluster(self, actor: Actor) -> int:
        cid = len(self.clusters)
        self.clusters[cid] = actor
        return cid

    def add(self, ref: Ref) -> Ref:
        self.refs.append(ref)
        for i in range(ref.start, ref.end):
            self.at[i] = ref
        if ref.head is not None:
            self.at.setdefault(ref.head, ref)
        return ref

    def remove(self, ref: Ref) -> None:
        self.refs.remove(ref)
        for i, r in list(self.at.items()):
            if r is ref:
                del self.at[i]

    def actor(self, ref: Ref) -> Actor:
        return self.clusters[ref.cluster]

    def text(self, ref: Ref) -> str:
        return self.doc[ref.start: ref.end].text

    def where(self, ref: Ref) -> str:
        span = self.doc[ref.start: ref.end]
        return f"'{span.text}' (chars {span.start_char}-{span.end_char})"

    def build(self) -> ActorIndex:
        index = ActorIndex(self.doc, locations=self.locations, unresolved=self.unresolved)
        for ref in sorted(self.refs, key=lambda r: r.start):
            span = self.doc[ref.start: ref.end]
            if ref.members:
                actors = [replace(self.clusters[c], reason=ref.reason, text=span.text, start=span.start_char,
                                  end=span.end_char) for c in ref.members]
                index.mentions.extend(actors)
                for t in span:
                    index.by_token[t.i] = actors[0]
                    index.groups[t.i] = actors
                continue
            actor = replace(self.clusters[ref.cluster], reason=ref.reason)
            index.add(span, actor, self.doc[ref.head] if ref.head is not None else None)
        return index
