"""People: who a named person is on the article's date. The text comes first — a title before the
name ("Serbia's Deputy Prime Minister Aleksandar Vulin"), an apposition ("Vulin, Serbia's deputy
prime minister"), an earlier mention of the same name, the office named earlier without a name —
then the dated roles (roles.tsv or an imported dictionary), then the country fallback (a person in
the roles without an office that day, a titled person without a country: see country_fallback). A
person with neither title nor role stays unresolved: never guessed."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token
from spacy.util import filter_spans

from ..model import Actor
from .gazetteer import ORG_CODES, Role, name_key
from .state import Ref, State
from .syntax import MOTION_LEMMAS, np_span  # MOTION_LEMMAS: "returning to Kyrgyzstan" is a place

FORMER = ("former", "ex")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "poss")
LINK_SENTENCES = 2  # a bare name takes an unnamed office mentioned at most this many sentences before


@dataclass
class Title:
    title: str
    sector: str
    country: Ref | None  # the country / organisation ref that owns the office
    start: int  # first token of "French President", "Serbia's Deputy Prime Minister"
    office: Ref | None = None  # an office ref that names the same post (apposition)
    former: bool = False


def base_cameo(actor: Actor) -> str:
    if actor.sector and actor.cameo.endswith(actor.sector):
        return actor.cameo[: -len(actor.sector)]
    return actor.cameo or actor.code


def role_actor(st: State, role: Role, sector: str | None = None) -> Actor:
    sector = role.sector if sector is None else sector
    base = st.gaz.org_base.get(role.org, f"IGO{role.org}") if role.code == "IGO" else role.code
    return Actor(code=role.code, org=role.org, sector=sector, name=role.name, cameo=base + sector)


# -- candidate names ---------------------------------------------------------------------------
def _name_span(tok: Token) -> Span:
    left = tok.i
    while left > 0 and tok.doc[left - 1].pos_ == "PROPN" and tok.doc[left - 1].dep_ == "compound" \
            and tok.doc[left - 1].text[:1].isupper():
        left -= 1
    return tok.doc[left: tok.i + 1]


def candidates(st: State, dict_spans: list[Span]) -> list[Span]:
    doc, gaz = st.doc, st.gaz
    spans = list(dict_spans) + [e for e in doc.ents if e.label_ == "PERSON"]
    propns = st.tokens_pos("PROPN")
    for tok in propns:  # "Vulin, Serbia's deputy prime minister" / "the Russian president, Vladimir Putin"
        if tok.i in st.at or not tok.text[:1].isupper():
            continue
        appos = [c for c in tok.children if c.dep_ == "appos"]
        if tok.dep_ == "appos" and tok.head.pos_ == "NOUN":
            appos.append(tok.head)
        if any(_title_of_np(st, a) for a in appos):
            spans.append(_name_span(tok))
    cleaned = []
    for s in filter_spans(spans):
        while len(s) > 1 and (gaz.title_sector(s[0].lower_) or s[0].i in st.at or s[0].lower_ in FORMER):
            s = doc[s.start + 1: s.end]
        while len(s) > 1 and (s[-1].i in st.at or not s[-1].is_alpha):
            s = doc[s.start: s.end - 1]
        if not any(t.i in st.at for t in s) and s[-1].is_alpha:
            cleaned.append(s)
    surnames = {s[-1].text for s in cleaned}
    covered = {t.i for s in cleaned for t in s}
    for tok in propns:  # a later bare surname NER did not tag ("sanctions imposed on Vulin")
        if tok.text in surnames and tok.i not in covered and tok.i not in st.at:
            cleaned.append(doc[tok.i: tok.i + 1])
    return sorted(cleaned, key=lambda s: s.start)


# -- titles in the text -----------------------------------------------------------------------
def _title_of_np(st: State, head: Token) -> tuple[str, str] | None:
    """The title a noun phrase names ("Serbia's deputy prime minister" → deputy prime minister), one
    extra word allowed ("the new president"); country words and determiners are not part of it."""
    office = st.at.get(head.i)
    if office is not None and office.kind == "office":
        return office.title, st.actor(office).sector
    words = "".join(t.lower_ + t.whitespace_ for t in _np(head) if t.i not in st.at
                    and t.dep_ not in ("det", "case", "poss") and t.lower_ not in FORMER).strip()
    hit = st.gaz.title_sector(words)
    if hit and len(words.split()) - len(hit[0].split()) <= 1:
        return hit
    return None


def _np(head: Token) -> Span:
    return np_span(head)


def _owner(st: State, i: int) -> Ref | None:
    ref = st.at.get(i)
    return ref if ref is not None and ref.kind in ("country", "org", "office") else None


def title_before(st: State, span: Span) -> Title | None:
    """ "French President Emmanuel Macron", "Serbia's Deputy Prime Minister Aleksandar Vulin",
    "former President Donald Trump", "NATO Secretary General Mark Rutte"."""
    doc, gaz = st.doc, st.gaz
    best = None
    first = span.sent.start  # read once: Span.sent walks the sentence each time
    for j in range(span.start - 1, max(first, span.start - 7) - 1, -1):
        words = doc[j: span.start].text.lower()
        if words in gaz.titles:
            best = j
        office = st.at.get(j)
        if office is not None and office.kind == "office" and office.end == span.start:
            words = [t.lower_ for t in doc[max(office.start - 1, 0): office.end]]
            former = any(w in FORMER for w in words)  # "former Vice President of the United States"
            return Title(office.title, "ELI" if former else st.actor(office).sector, office, office.start,
                         former=former)
    if best is None:
        return None
    title, sector = doc[best: span.start].text.lower(), gaz.titles[doc[best: span.start].text.lower()]
    k, former = best - 1, False
    while k >= first and (doc[k].lower_ in FORMER or doc[k].text == "-"):
        former, k = True, k - 1
    if k >= 0 and doc[k].text in ("'s", "’s", "'"):
        k -= 1
    owner = _owner(st, k) if k >= first else None
    start = owner.start if owner is not None else (k + 1)
    if owner is not None and owner.start > first and doc[owner.start - 1].lower_ in FORMER:
        former, start = True, owner.start - 1  # "former Polish President Jan Nowak"
    return Title(title, "ELI" if former else sector, owner, start, former=former)


def apposition(st: State, span: Span) -> Title | bool | None:
    """A title next to the name: "Vulin, Serbia's deputy prime minister," / "the Russian president,
    Vladimir Putin,". Returns False for an apposition that is not a title ("Smith, a businessman")."""
    root = span.root
    heads = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        heads.append(root.head)
    for head in heads:
        hit = _title_of_np(st, head)
        if not hit:
            continue
        owner, office = None, st.at.get(head.i) if st.at.get(head.i) and st.at[head.i].kind == "office" else None
        if office is not None:
            owner = office
        else:
            for t in head.subtree:
                if t.i not in range(span.start, span.end) and _owner(st, t.i) is not None:
                    owner = _owner(st, t.i)
                    break
        former = any(t.lower_ in FORMER for t in _np(head))
        return Title(hit[0], "ELI" if former else hit[1], owner, span.start, office=office, former=former)
    return False if heads else None


# -- resolution -------------------------------------------------------------------------------
def _link_unnamed_office(st: State, span: Span, title: str = "") -> Ref | None:
    """The office named earlier without a name ("Serbia's Deputy Prime Minister … Vulin said"): news
    names the post first and the person later. Only for a subject or possessor, in a later sentence,
    and only an office still without a name (or, with a title in the text, the same title)."""
    if not title and span.root.dep_ not in SUBJECT_DEPS:
        return None
    for ref in sorted(st.refs, key=lambda r: -r.start):
        if ref.cluster not in st.unnamed_offices or ref.start >= span.start:
            continue
        if title and ref.title != title:
            continue
        mentions = [r.start for r in st.refs if r.cluster == ref.cluster]
        if not title and st.sent_no[min(mentions)] == st.sent_no[span.start]:
            continue
        if st.sent_no[span.start] - st.sent_no[max(mentions)] > LINK_SENTENCES:
            return None  # the office was last mentioned too long ago to be this name
        return ref
    return None


def _office(st: State, latest: Ref) -> str:
    """ "'Serbia's Deputy Prime Minister' (chars 0-30), last 'the Deputy Prime Minister' (chars 653-678)"."""
    first = min((r for r in st.refs if r.cluster == latest.cluster), key=lambda r: r.start)
    return st.where(first) + ("" if first is latest else f", last {st.where(latest)}")


def _name_cluster(st: State, cluster: int, name: str) -> None:
    st.clusters[cluster] = replace(st.clusters[cluster], name=name)
    st.unnamed_offices.discard(cluster)


def _absorb(st: State, start: int, end: int) -> None:
    """Drop the refs inside a person's noun phrase ("French" of "French President Emmanuel Macron")."""
    for ref in [r for r in st.refs if start <= r.start and r.end <= end]:
        st.unnamed_offices.discard(ref.cluster)
        st.remove(ref)


def resolve(st: State, dict_spans: list[Span]) -> None:
    for span in candidates(st, dict_spans):
        _resolve_one(st, span)


def _register(st: State, ref: Ref, span: Span, role: Role | None) -> None:
    for key in (span.text, span[-1].text, *((role.name, role.name.split()[-1]) if role else ())):
        st.people.setdefault(key, ref)


def _resolve_one(st: State, span: Span) -> None:
    gaz, day, doc = st.gaz, st.day, st.doc
    name, surname = span.text, span[-1].text
    role = gaz.role_on(name, day) or (gaz.role_on(surname, day) if len(span) == 1 else None)
    found = title_before(st, span)
    appos = None if found else apposition(st, span)
    if isinstance(appos, Title):
        found = appos
    prior = st.people.get(name) or st.people.get(surname)
    person_start, cluster, reason = span.start, None, ""

    if found is not None and found.country is not None:
        owner = st.actor(found.country)
        where = doc[found.start: span.start].text if found.start < span.start else doc[
            found.office.start: found.office.end].text if found.office else found.title
        # the leader of an armed group is the group's, as roles.tsv codes them ("Hamas leader X": REB)
        sector = owner.sector if owner.sector == "REB" else found.sector
        reason = f"title in text: '{where.strip(' ,')}' → {owner.key} {sector}"
        actor = Actor(code=owner.code, org=owner.org, sector=sector, name=name,
                      cameo=base_cameo(owner) + sector)
        if role is not None:
            verdict = "agrees with" if role.code == owner.code else "text wins over"
            reason += f"; {verdict} {role.describe()}"
            if role.code == owner.code:
                actor = replace(actor, name=role.name)
        if found.office is not None:  # the apposition is an office ref already: same cluster
            cluster = found.office.cluster
            st.clusters[cluster] = replace(actor, cameo=actor.cameo)
            st.unnamed_offices.discard(cluster)
        else:
            _absorb(st, found.start, span.start)
            person_start = min(found.start, span.start)
    elif prior is not None:
        cluster = prior.cluster
        reason = f"coreference: '{name}' → {st.where(prior)}"
    elif found is not None and found.office is None and (linked := _link_unnamed_office(st, span, found.title)):
        cluster = linked.cluster
        _name_cluster(st, cluster, role.name if role else name)
        reason = f"title in text '{found.title}' names the office {st.where(linked)}"
        _absorb(st, found.start, span.start)
        person_start = found.start
    elif role is not None:
        actor = role_actor(st, role, "ELI" if found is not None and found.former else None)
        reason = role.describe() + (f"; title in text '{found.title}'" if found else "")
        linked = None if found else _link_unnamed_office(st, span)
        if linked is not None and st.actor(linked).code == role.code:
            cluster = linked.cluster
            reason = f"coreference: first named person after the unnamed office {_office(st, linked)}; " \
                     f"agrees with {role.describe()}"
            _name_cluster(st, cluster, role.name)
        if found is not None:
            _absorb(st, found.start, span.start)
            person_start = found.start
    elif found is None and appos is None and (linked := _link_unnamed_office(st, span)):
        cluster = linked.cluster
        reason = f"coreference: first named person after the unnamed office {_office(st, linked)}"
        _name_cluster(st, cluster, name)
    elif (past := gaz.former_role(name, day) or (gaz.former_role(surname, day) if len(span) == 1 else None)):
        actor = role_actor(st, past, "ELI")
        reason = (f"{past.describe()}; holds no role on {day}: a former official (ELI)")
    else:
        known = gaz.roles.get(name_key(name)) or (gaz.roles.get(name_key(surname)) if len(span) == 1 else None)
        if known or found:  # may still take a country: country_fallback, once places are known
            st.deferred_people.append((span, found, known[0] if known else None))
        if known:
            later = min((r.start for r in known if r.start and r.start > day), default=None)
            why = f"'{name}' is in the roles but holds no office on {day}" + (f" (first from {later})" if later else "")
        elif found:
            why = f"title '{found.title}' but no country in the text and not in the roles on {day}"
        else:
            why = f"unknown person '{name}': no title, no earlier mention, not in the roles on {day}"
        st.unresolved.append((span, why))
        return
    if cluster is None:
        cluster = st.new_cluster(actor)
    ref = st.add(Ref(person_start, span.end, cluster, reason, "person", person=True,
                     title=(found.title if found else (role.role.lower() if role else ""))))
    _register(st, ref, span, role)


# -- country fallback --------------------------------------------------------------------------
def countries_named(st: State, sentence: int | None = None, every: bool = False) -> Counter:
    """How often each country is named as an actor (not as someone's office or name, nor — unless
    every — as the object of an act) or as a place, in one sentence or (sentence None) in the whole
    article."""
    counts: Counter = Counter()
    for ref in st.refs:
        code = st.actor(ref).code
        if ref.kind == "country" and not ref.members and code not in ORG_CODES and len(code) == 3 \
                and (sentence is None or st.sent_no[ref.start] == sentence) and (every or not _acted_on(st, ref)):
            counts[code] += 1
    for span, loc in st.locations:
        if loc is not None and loc.country and (sentence is None or st.sent_no[span.start] == sentence):
            counts[loc.country] += 1
    return counts


# Prepositions after which a country is where something happens or whose it is, not who is acted on.
HOME_PREPS = {"in", "at", "inside", "within", "across", "throughout", "of", "near"}


def _acted_on(st: State, ref: Ref) -> bool:
    """A country named as the object of an act ("Senator Graham criticised China", "sanctions against
    Russia") is what the sentence's people act on, not whose they are: it does not count. A part of a
    country named as the object ("banned Moldovan opposition parties") does: acts on a country's
    own parts are mostly its own authorities'."""
    if ref.head is not None:
        return False  # a part of the country ("banned Moldovan opposition parties"): acts at home
    root = st.doc[ref.start: ref.end].root
    while root.dep_ == "conj" and root.head.i != root.i:  # "criticised Moldova and Romania"
        root = root.head
    if root.dep_ in ("dobj", "iobj", "dative", "attr", "oprd"):
        return True
    if root.dep_ != "pobj" or root.head.lower_ in HOME_PREPS:
        return False
    return not (root.head.lower_ in ("to", "from") and root.head.head.lemma_.lower() in MOTION_LEMMAS)


def _names_country(st: State, sentence: int) -> bool:
    return any(r.kind == "country" and st.sent_no[r.start] == sentence for r in st.refs) or \
        any(st.sent_no[span.start] == sentence for span, _ in st.locations)


def dominant_country(st: State, sentence: int | None = None) -> tuple[str, str] | None:
    """The country a sentence (or article) is about: the only one it names, or the one named more
    often than all others together. Returns (code, why) or None."""
    counts = countries_named(st, sentence)
    if not counts:
        return None
    (code, n), total = counts.most_common(1)[0], sum(counts.values())
    if len(counts) == 1:
        return code, f"the only country the {'sentence' if sentence is not None else 'article'} names"
    if n * 2 > total:
        return code, f"named {n} of {total} times in the {'sentence' if sentence is not None else 'article'}"
    return None


def country_fallback(st: State) -> None:
    """People the text and the roles leave without a country on the article's date:
    - a person in the roles who holds no office that day is coded to the country of their roles (the
      text's title gives the sector, else ELI: a national figure without that office);
    - a titled person not in the roles ("President Yoweri Museveni") takes the country of the
      sentence (the only country it names, or one named more than all others), else of the article,
      with the title's sector.
    An untitled unknown name stays unresolved: a title is the evidence that the person acts for a
    state. The reason records the rule."""
    for span, found, role in st.deferred_people:
        if any(i in st.at for i in range(span.start, span.end)):
            continue
        if role is not None:
            sector = found.sector if found is not None else "ELI"
            actor = role_actor(st, role, sector)
            reason = (f"{role.describe()}; holds no office on {st.day}: their country, sector "
                      f"{sector}" + (f" from the title '{found.title}'" if found else " (a national figure)"))
        else:
            sent = int(st.sent_no[span.start])
            # the article's country only when the sentence names no country at all, not even as the
            # object of an act ("Senator Graham criticised China" is no Chinese senator, nor the article's)
            hit = dominant_country(st, sent) or (None if _names_country(st, sent) else dominant_country(st))
            if hit is None:
                continue
            code, why = hit
            actor = Actor(code=code, sector=found.sector, name=span.text, cameo=code + found.sector)
            reason = f"title '{found.title}' with no country of its own: {code}, {why}"
        start = min(found.start, span.start) if found is not None and found.country is None else span.start
        if any(i in st.at for i in range(start, span.end)):
            start = span.start
        st.unresolved = [(s, w) for s, w in st.unresolved if not (s.start == span.start and s.end == span.end)]
        ref = st.add(Ref(start, span.end, st.new_cluster(actor), reason, "person", person=True,
                         title=found.title if found else ""))
        _register(st, ref, span, role)


def only_country(st: State, sentence: int) -> str:
    """The one country a sentence names, in any role, if it names exactly one and not only as the
    object of an act ("police arrested protesters criticising China" is no Chinese police)."""
    every = countries_named(st, sentence, every=True)
    if len(every) != 1:
        return ""
    code = next(iter(every))
    return code if countries_named(st, sentence)[code] else ""
