"""Resolve actor mentions in a spaCy Doc: gazetteer matches, titled people, appositions,
in-article coreference and dated roles. Every Actor carries the reason it was resolved."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..model import Actor
from .gazetteer import Entry, Gazetteer, fold, gazetteer

log = logging.getLogger(__name__)

LOCATIVE_PREPS = {"in", "at", "near", "outside", "from", "across", "inside", "around", "to", "into"}
PRONOUNS = {"he", "she"}
MODIFIER_DEPS = {"poss", "compound", "amod", "nmod", "npadvmod"}


def _matcher_for(nlp_vocab, gaz: Gazetteer) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp_vocab, attr="ORTH")
    tokenizer_docs = {}
    from spacy.lang.en import English
    tok = English().tokenizer
    for form, entry in gaz.forms.items():
        tokenizer_docs.setdefault(entry.kind, []).append(tok(form))
    for kind, docs in tokenizer_docs.items():
        matcher.add(kind, docs)
    return matcher


_MATCHERS: dict[int, PhraseMatcher] = {}


def _matcher(doc: Doc, gaz: Gazetteer) -> PhraseMatcher:
    key = id(doc.vocab) ^ id(gaz)
    if key not in _MATCHERS:
        _MATCHERS[key] = _matcher_for(doc.vocab, gaz)
    return _MATCHERS[key]


@dataclass
class ActorIndex:
    """The actors of one article: every mention, and which token heads which actor."""
    doc: Doc
    mentions: list[Actor] = field(default_factory=list)
    by_token: dict[int, Actor] = field(default_factory=dict)
    locations: list[tuple[Span, Entry]] = field(default_factory=list)
    unresolved: list[tuple[Span, str]] = field(default_factory=list)

    def add(self, span: Span, actor: Actor, head: Token | None = None) -> Actor:
        actor = replace(actor, text=span.text, start=span.start_char, end=span.end_char)
        self.mentions.append(actor)
        for t in span:
            self.by_token[t.i] = actor
        if head is not None:
            self.by_token[head.i] = actor
        return actor

    def actor_for(self, token: Token) -> Actor | None:
        return self.by_token.get(token.i)


def _country_actor(entry: Entry, sector: str, gaz: Gazetteer, reason: str, name: str = "") -> Actor:
    if entry.kind == "igo":
        return Actor(code=entry.code, org=entry.org, sector=sector, name=name or entry.org,
                     cameo=entry.cameo, reason=reason)
    cname = gaz.country_names.get(entry.code, entry.code)
    return Actor(code=entry.code, sector=sector, name=name or cname, cameo=entry.code + sector,
                 reason=reason)


def _np_span(head: Token) -> Span:
    """The noun phrase of a head: its left modifiers (det, compound, poss, amod) and itself."""
    left = head
    for child in head.lefts:
        if child.dep_ in MODIFIER_DEPS | {"det", "case"}:
            left = min(left, child.left_edge, key=lambda t: t.i)
            break
    return head.doc[left.i: head.i + 1]


class Resolver:
    def __init__(self, gaz: Gazetteer | None = None):
        self.gaz = gaz or gazetteer()

    # -- public -----------------------------------------------------------------------------
    def resolve(self, doc: Doc, day: dt.date) -> ActorIndex:
        index = ActorIndex(doc)
        gaz_spans = self._gazetteer_spans(doc)
        for span, entry in gaz_spans:
            self._resolve_gazetteer(index, span, entry, day)
        self._resolve_titled_noun_phrases(index, gaz_spans)
        self._resolve_people(index, day, {t.i for s, _ in gaz_spans for t in s})
        self._resolve_pronouns(index)
        index.mentions.sort(key=lambda a: a.start)
        return index

    # -- gazetteer --------------------------------------------------------------------------
    def _gazetteer_spans(self, doc: Doc) -> list[tuple[Span, Entry]]:
        matcher = _matcher(doc, self.gaz)
        spans = [Span(doc, s, e, label=m) for m, s, e in matcher(doc)]
        out = []
        for span in filter_spans(spans):
            entry = self.gaz.forms.get(span.text) or self.gaz.forms.get(fold(span.text))
            if entry is not None:
                out.append((span, entry))
        return out

    def _sector_of_head(self, span: Span) -> tuple[str, Token | None]:
        """A country word modifying a sector noun ("Russian troops", "Serbia's government")."""
        head = span.root.head
        if span.root.dep_ in MODIFIER_DEPS and head.i != span.root.i:
            words = _np_span(head)
            tail = " ".join(t.lower_ for t in words if t.i > span.end - 1 and t.dep_ != "case")
            hit = self.gaz.title_sector(tail) if tail else None
            if hit:
                return hit[1], head
            sec = self.gaz.sector_words.get(head.lower_) or self.gaz.sector_words.get(head.lemma_.lower())
            if sec:
                return sec, head
        return "", None

    def _resolve_gazetteer(self, index: ActorIndex, span: Span, entry: Entry, day: dt.date) -> None:
        root = span.root
        if entry.kind == "person":
            role = self.gaz.role_on(span.text, day)
            if role is not None:
                index.add(span, Actor(code=role.code, org=role.org, sector=role.sector, name=role.name,
                                      cameo=(role.org and f"IGO{role.org}" or role.code) + role.sector,
                                      reason=role.describe()))
            else:
                index.unresolved.append((span, f"{span.text}: in roles.tsv but holds no role on {day}"))
            return
        if entry.kind == "capital" and root.head.dep_ == "prep" and root.dep_ == "pobj" \
                and root.head.lower_ in LOCATIVE_PREPS:
            index.locations.append((span, entry))
            return
        sector, head = self._sector_of_head(span)
        if entry.kind == "capital":
            reason = f"capital metonymy: {span.text} stands for the government of {entry.code}"
            sector = sector or "GOV"
        elif entry.kind == "igo":
            reason = f"igos.tsv: {span.text} → {entry.org}"
        else:
            reason = f"gazetteer: {entry.kind} '{span.text}' → {entry.code}"
        if head is not None:
            reason += f"; sector {sector} from '{head.text}'"
            np = _np_span(head)
            actor = _country_actor(entry, sector, self.gaz, reason,
                                   name=" ".join(t.text for t in np if t.i >= span.end and t.dep_ != "case") or "")
            whole = index.doc[min(span.start, np.start): max(span.end, np.end)]
            index.add(whole, actor, head)
            for t in np:  # the whole noun phrase heads to this actor
                index.by_token.setdefault(t.i, actor)
        else:
            index.add(span, _country_actor(entry, sector, self.gaz, reason))

    # -- titles without names: "Serbia's Deputy Prime Minister", "the Deputy Prime Minister" -----
    def _resolve_titled_noun_phrases(self, index: ActorIndex, gaz_spans) -> None:
        titled: list[tuple[str, Actor]] = []
        for tok in index.doc:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
                continue
            np = _np_span(tok)
            words = " ".join(t.lower_ for t in np if t.dep_ in ("compound",) or t.i == tok.i)
            hit = self.gaz.title_sector(words)
            if not hit:
                continue
            title, sector = hit
            existing = index.by_token.get(tok.i)
            if existing is not None and existing.sector:
                titled.append((title, existing))
                continue
            if existing is None:
                prior = next((a for t, a in reversed(titled) if t == title), None)
                if prior is not None and any(t.lower_ == "the" for t in np):
                    actor = replace(prior, reason=f"coreference: '{np.text}' → '{prior.text}' "
                                                  f"(chars {prior.start}-{prior.end})")
                    index.add(np, actor, tok)

    # -- people -----------------------------------------------------------------------------
    def _person_spans(self, doc: Doc, taken: set[int]) -> list[Span]:
        spans = [e for e in doc.ents if e.label_ == "PERSON"]
        # NER sometimes labels a known surname as GPE/ORG ("sanctions imposed on Vulin"): a proper
        # noun equal to the last word of a person named earlier is that person too.
        surnames = {e[-1].text for e in spans}
        for tok in doc:
            if tok.pos_ == "PROPN" and tok.text in surnames and not any(tok in s for s in spans):
                spans.append(doc[tok.i: tok.i + 1])
        out = []
        for s in sorted(spans, key=lambda s: s.start):
            # drop title words that NER included ("President Vladimir Putin")
            while len(s) > 1 and self.gaz.title_sector(s[0].lower_):
                s = doc[s.start + 1: s.end]
            if not any(t.i in taken for t in s):
                out.append(s)
        return out

    def _title_before(self, span: Span) -> tuple[str, str, Actor | None, Span] | None:
        """Title (and country) written before a name: "Serbia's Deputy Prime Minister Aleksandar Vulin"."""
        doc = span.doc
        i = span.start - 1
        while i >= span.sent.start and doc[i].is_title and doc[i].pos_ in ("PROPN", "NOUN", "ADJ") \
                and self.gaz.title_sector(" ".join(t.lower_ for t in doc[i: span.start])) is None:
            i -= 1
        j = i
        best = None
        while j >= span.sent.start and span.start - j <= 5:
            hit = self.gaz.title_sector(" ".join(t.lower_ for t in doc[j: span.start]))
            if hit and " ".join(t.lower_ for t in doc[j: span.start]) == hit[0]:
                best = (j, hit)
            j -= 1
        if best is None:
            return None
        j, (title, sector) = best
        return title, sector, self._country_left_of(doc, j), doc[j: span.start]

    def _country_left_of(self, doc: Doc, i: int) -> Actor | None:
        k = i - 1
        if k >= 0 and doc[k].text in ("'s", "’s", "'"):
            k -= 1
        if k >= 0:
            return self._index.by_token.get(k) if self._index else None
        return None

    def _title_in_apposition(self, span: Span) -> tuple[str, str, Actor | None, Span] | None:
        """A title after the name: "Vulin, Serbia's deputy prime minister," or "..., the president of Serbia"."""
        root = span.root
        for child in root.children:
            if child.dep_ != "appos":
                continue
            np = _np_span(child)
            words = " ".join(t.lower_ for t in np if t.dep_ == "compound" or t.i == child.i)
            hit = self.gaz.title_sector(words)
            if not hit:
                continue
            country = None
            for t in child.subtree:
                a = self._index.by_token.get(t.i)
                if a is not None and not a.name.startswith(t.text) or (a is not None and a.code):
                    country = a
                    break
            return hit[0], hit[1], country, np
        return None

    def _resolve_people(self, index: ActorIndex, day: dt.date, taken: set[int]) -> None:
        self._index = index
        seen: dict[str, Actor] = {}  # surname / full name → actor already resolved in this article
        for a in index.mentions:
            if a.reason.startswith("roles.tsv"):
                seen.setdefault(a.text.split()[-1], a)
        for span in self._person_spans(index.doc, taken):
            key = span[-1].text
            found = self._title_before(span) or self._title_in_apposition(span)
            role = self.gaz.role_on(span.text, day) or self.gaz.role_on(key, day)
            if found and found[2] is not None:
                title, sector, country, tspan = found
                reason = f"title in text: '{tspan.text}' with '{country.text}' → {country.key} {sector}"
                actor = Actor(code=country.code, org=country.org, sector=sector, name=span.text,
                              cameo=(country.cameo[:3] if country.code in ('IGO', 'NGO') else country.code) + sector,
                              reason=reason)
                if role is not None and role.code == country.code:
                    actor = replace(actor, reason=reason + f"; agrees with {role.describe()}")
            elif key in seen:
                prior = seen[key]
                actor = replace(prior, reason=f"coreference: '{span.text}' → '{prior.text}' "
                                              f"(chars {prior.start}-{prior.end})")
            elif role is not None:
                actor = Actor(code=role.code, org=role.org, sector=role.sector, name=role.name,
                              cameo=role.code + role.sector, reason=role.describe())
                if found:
                    actor = replace(actor, reason=actor.reason + f"; title in text '{found[3].text}'")
                linked = None if found else self._link_to_unnamed_title(index, span)
                if linked is not None and linked.code == role.code:
                    actor = replace(linked, name=role.name, reason=linked.reason + f"; agrees with {role.describe()}")
            else:
                actor = self._link_to_unnamed_title(index, span)
                if actor is None:
                    index.unresolved.append((span, f"unknown person '{span.text}': no title, "
                                                   f"no earlier mention, not in roles.tsv on {day}"))
                    continue
            actor = index.add(span, actor)
            seen[key] = actor
            seen[span.text] = actor
        self._index = None

    _index: ActorIndex | None = None

    def _link_to_unnamed_title(self, index: ActorIndex, span: Span) -> Actor | None:
        """A bare name after an unnamed titled actor ("Serbia's Deputy Prime Minister ... Vulin"):
        news style names the office first and the person later. Only persons with a sector."""
        claimed = {a.reason.split("(chars ")[-1] for a in index.mentions if "first named person" in a.reason}
        for prior in reversed(index.mentions):
            if f"{prior.start}-{prior.end})" in claimed and not any(
                    a.text == span.text for a in index.mentions if "first named person" in a.reason):
                continue
            if prior.start < span.start_char and prior.sector == "GOV" and prior.reason.startswith("gazetteer") \
                    and prior.name and prior.name[0].isupper() and self.gaz.title_sector(prior.name):
                return replace(prior, name=span.text,
                               reason=f"coreference: first named person after the unnamed "
                                      f"'{prior.text}' (chars {prior.start}-{prior.end})")
        return None

    def _resolve_pronouns(self, index: ActorIndex) -> None:
        """'he'/'she' as a subject takes the last person actor (with a person name) before it."""
        people = [a for a in index.mentions if a.name and " " in a.name or a.reason.startswith(("title", "roles", "coref"))]
        for tok in index.doc:
            if tok.lower_ in PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
                prior = [a for a in people if a.end <= tok.idx and tok.idx - a.end < 400]
                if prior:
                    a = prior[-1]
                    index.add(index.doc[tok.i: tok.i + 1],
                              replace(a, reason=f"coreference: '{tok.text}' → '{a.text}' (chars {a.start}-{a.end})"))


_RESOLVER: Resolver | None = None


def resolve_actors(doc: Doc, day: dt.date) -> ActorIndex:
    global _RESOLVER
    if _RESOLVER is None:
        _RESOLVER = Resolver()
    return _RESOLVER.resolve(doc, day)


def set_resolver(resolver: Resolver) -> None:
    """Replace the process-wide resolver (used when the user imports their own dictionaries)."""
    global _RESOLVER
    _RESOLVER = resolver
