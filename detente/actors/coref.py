"""In-article coreference, the way a reader follows an article: "the Deputy Prime Minister" is the one
named before, "he" the person just mentioned, "the country" the country just named, and "the two
nations" the two countries the article is about."""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Token

from ..model import Actor
from .gazetteer import ORG_CODES
from .state import Ref, State
from .syntax import np_span

PRONOUNS = {"he": "subject", "she": "subject", "his": "poss", "her": "poss"}
# English nouns that, after "the two" or "both", refer to a pair of states; their sector if any.
PAIR_NOUNS = {"nations": "", "countries": "", "states": "", "sides": "", "neighbours": "", "neighbors": "",
              "allies": "", "partners": "", "governments": "GOV", "capitals": "GOV", "armies": "MIL",
              "militaries": "MIL", "leaders": "GOV", "presidents": "GOV"}
COUNTRY_NOUNS = {"country", "nation"}
# "the group", "the militant group", "the militia" → the armed group named last before it.
GROUP_NOUNS = {"group", "militia", "organization", "organisation", "movement"}


def resolve(st: State) -> None:
    definite_titles(st)
    pronouns(st)
    the_country(st)
    the_group(st)
    pairs(st)


def _np(tok: Token):
    return np_span(tok)


def _sentence_of(st: State, i: int) -> int:
    return int(st.sent_no[i])


def definite_titles(st: State) -> None:
    """ "the Deputy Prime Minister" / "the president" → the last person or office with that title."""
    last_words = {t.split()[-1] for t in st.gaz.titles}
    for tok in st.tokens_lower_in(last_words):
        if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound" or tok.i in st.at:
            continue
        np = _np(tok)
        if np[0].lower_ != "the" or any(t.i in st.at for t in np):
            continue
        words = np[1:].text.lower()
        if words not in st.gaz.titles:
            continue
        prior = [r for r in st.refs if r.person and r.title == words and r.end <= np.start]
        if not prior:
            continue
        ref = max(prior, key=lambda r: r.start)
        st.add(Ref(np.start, np.end, ref.cluster, f"coreference: '{np.text}' → {st.where(ref)}", "office"
                   if ref.kind == "office" else "person", title=words, person=True))


def pronouns(st: State) -> None:
    """ "he"/"she" (subject) and "his"/"her" (possessor) → the person just mentioned: one earlier in
    the same sentence, else the subject of the previous sentence, else its first person."""
    for tok in st.tokens_lower_in(PRONOUNS):
        role = PRONOUNS.get(tok.lower_)
        if role is None or tok.i in st.at:
            continue
        if (role == "subject" and tok.dep_ not in ("nsubj", "nsubjpass")) or (role == "poss" and tok.dep_ != "poss"):
            continue
        here = _sentence_of(st, tok.i)
        people = [r for r in st.refs if r.person and r.end <= tok.i]
        same = [r for r in people if _sentence_of(st, r.start) == here]
        prev = [r for r in people if _sentence_of(st, r.start) == here - 1]
        if same:
            ref = (_speaker(st, tok, same) if role == "subject" else None) or max(same, key=lambda r: r.start)
        elif prev:
            subj = [r for r in prev if st.doc[r.start: r.end].root.dep_ in ("nsubj", "nsubjpass")]
            ref = (subj or prev)[0]
        else:
            continue
        st.add(Ref(tok.i, tok.i + 1, ref.cluster, f"coreference: '{tok.text}' → {st.where(ref)}", "pronoun",
                   title=ref.title, person=True))


def _speaker(st: State, tok: Token, people: list[Ref]) -> Ref | None:
    """'Trump announces that, after talks with Sharif and Munir, he has agreed …': the subject pronoun of
    a reported clause is the person who reports it, not the last person named."""
    cur = tok.head
    if cur.dep_ != "ccomp":
        return None
    for _ in range(5):  # up through the clauses and phrases the parser may hang it on ("after meeting X")
        if cur.dep_ not in ("ccomp", "conj", "xcomp", "pcomp", "prep", "advcl") or cur.head.i == cur.i:
            return None
        cur = cur.head
        subj = next((c for c in cur.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return next((r for r in people if r.start <= subj.i < r.end or r.head == subj.i), None)
    return None


def _country_refs(st: State, before: int) -> list[Ref]:
    return [r for r in st.refs if r.end <= before and not r.members
            and st.actor(r).code not in ORG_CODES and len(st.actor(r).code) == 3]


def the_country(st: State) -> None:
    """ "the country" / "the nation" → the country named last before it, in this or the last sentence."""
    for tok in st.tokens_lower_in(COUNTRY_NOUNS):
        if tok.lower_ not in COUNTRY_NOUNS or tok.i in st.at or tok.tag_ != "NN":
            continue
        np = _np(tok)
        if len(np) != 2 or np[0].lower_ != "the":
            continue
        here = _sentence_of(st, tok.i)
        prior = [r for r in _country_refs(st, np.start) if here - _sentence_of(st, r.start) <= 1]
        if not prior:
            continue
        subject = _clause_subject(st, tok, prior)
        same = [r for r in prior if _sentence_of(st, r.start) == here]
        if subject is None and not same:  # "Niger recalls its envoy from France. The country also …"
            subject = next((r for r in prior if st.doc[r.start: r.end].root.dep_ in ("nsubj", "nsubjpass")), None)
        ref = subject or max(prior, key=lambda r: r.start)
        code = st.actor(ref).code
        how = "the subject of its clause" if subject else "the country named last before it"
        cluster = st.new_cluster(Actor(code=code, name=st.gaz.country_name(code), cameo=code))
        st.add(Ref(np.start, np.end, cluster, f"coreference: '{np.text}' → {code}, {how}, in {st.where(ref)}",
                   "country"))


def _clause_subject(st: State, tok: Token, prior: list[Ref]) -> Ref | None:
    """The country that is the subject of the clause "the country" is in: "Guinea-Bissau expels
    reporters of a Portuguese agency from the country" is Guinea-Bissau, not the last country named."""
    for verb in verbs_above(tok):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return next((r for r in prior if r.start <= subj.i < r.end or r.head == subj.i), None)
    return None


def verbs_above(tok: Token, limit: int = 8):
    """The verbs on the way from a token up to its sentence's root (at most ``limit`` steps): the
    clauses a pronoun or "the country" may take its referent's subject from."""
    cur = tok
    for _ in range(limit):
        if cur.head.i == cur.i:
            return
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            yield cur


def the_group(st: State) -> None:
    """ "the group", "the militant group", "the militia" → the armed group named last before it, in
    this or the last sentence ("the PKK … asks the group to disarm")."""
    for tok in st.tokens_lower_in(GROUP_NOUNS):
        if tok.i in st.at or tok.tag_ != "NN" or tok.dep_ == "compound":
            continue
        np = _np(tok)
        if np[0].lower_ != "the" or any(t.i in st.at for t in np) or \
                any(t.pos_ == "PROPN" for t in np) or any(c.dep_ == "prep" for c in tok.children):
            continue  # "the group of seven", "the Wagner Group": not a reference back
        here = _sentence_of(st, tok.i)
        prior = [r for r in st.refs if r.end <= np.start and not r.members and st.actor(r).sector == "REB"
                 and not r.person and here - _sentence_of(st, r.start) <= 1]
        if not prior:
            continue
        ref = max(prior, key=lambda r: r.start)
        st.add(Ref(np.start, np.end, ref.cluster, f"coreference: '{np.text}' → the armed group named last "
                                                  f"before it, {st.where(ref)}", ref.kind))


def pairs(st: State) -> None:
    """ "the two nations", "both countries" → the two countries the article names most before it."""
    for tok in st.tokens_lower_in(PAIR_NOUNS):
        sector = PAIR_NOUNS.get(tok.lower_)
        if sector is None or tok.i in st.at:
            continue
        np = _np(tok)
        words = [t.lower_ for t in np]
        if not (words[:2] == ["the", "two"] or words[:1] == ["both"]) or len(words) > 3:
            continue
        counts = Counter(st.actor(r).code for r in _country_refs(st, np.start))
        if len(counts) < 2:
            st.unresolved.append((np, f"plural '{np.text}': fewer than two countries named before it"))
            continue
        first_seen = {}
        for r in sorted(_country_refs(st, np.start), key=lambda r: r.start):
            first_seen.setdefault(st.actor(r).code, r.start)
        top = sorted(counts, key=lambda c: (-counts[c], first_seen[c]))[:2]
        clusters = tuple(st.new_cluster(Actor(code=c, sector=sector, name=st.gaz.country_name(c), cameo=c + sector))
                         for c in top)
        why = ", ".join(f"{c} {counts[c]}×" for c in top)
        st.add(Ref(np.start, np.end, clusters[0], f"plural reference: '{np.text}' → {top[0]} and {top[1]}, "
                                                  f"the two countries the article names most before it ({why})",
                   "group-ref", members=clusters))
