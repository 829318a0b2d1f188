"""Which sentences resolving an article's mentions reads: the actor stage's answer to the prefilter
(detente/prefilter.py), which parses only the sentences that may carry an event and those the resolver
reads for them. The rules here are the resolver's own, stated once where the resolver lives: when it
reads another sentence (coref.py, people.py, generic.py), this module says so too.

The resolver makes actors only from *actor candidates*: gazetteer forms, names, title words
("president"), generic actors ("police"), pronouns ("he", "his") and its coreference nouns ("the
country", "the two nations"); an untitled unknown name stays unresolved. It links candidates across
sentences, so the sentences read are:

1. *event sentences*: a trigger (the caller's question: the coder's lexicon) and a candidate that can
   become an actor (a gazetteer form, a title, a generic actor, a pronoun or coreference noun, or a
   name the article gives a title, a country or a dictionary entry somewhere);
2. their *context*, exactly the sentences the resolver reads for them: the sentence before a pronoun
   or "the country" (and the one before that while it has a pronoun too); a name's first mention and
   its first mention with a title or a country; for an office without a name ("the ambassador"),
   every sentence with the same title word, a dictionary person or a shared name, and the names in
   the next two sentences (a later subject names the office); for a name, an office without a name
   in the two sentences before it; a context sentence's own pronouns and offices are followed the
   same way ("He" → "The judge" → "Judge Byrne"); for "the two nations", every earlier sentence
   naming a country; for a titled unknown person or a generic actor ("police") in a sentence that
   names no country, every sentence naming one (the article's country);
3. an article in lower case only is read whole (names cannot be told from words).

The tests are superset tests on tokens (no model): gazetteer forms in any case, and every lemma the
caller says a word may have (``lemmas``)."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from spacy.attrs import IS_SPACE, LOWER, ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .coref import COUNTRY_NOUNS, PAIR_NOUNS, PRONOUNS
from .gazetteer import Gazetteer, fold
from .generic import generic_words
from .people import LINK_SENTENCES

log = logging.getLogger(__name__)

# Gazetteer kinds the resolver settles within the sentence; "person" and dictionary entries go
# through coreference (an earlier mention of the same name wins), so they are not local.
LOCAL_KINDS = {"name", "demonym", "capital", "seat", "igo", "group", "armed", "place"}
CACHE_LIMIT = 200_000  # words remembered per cache
PRONOUN_WORDS = {"he", "she", "his", "her"}
COUNTRY_NOUN_WORDS = {"country", "nation"}
# Capitalised words that are no one's name: a sentence sharing them with an event sentence is no context.
CALENDAR_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                  "february", "march", "april", "may", "june", "july", "august", "september", "october",
                  "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                  "oct", "nov", "dec", "mr", "mrs", "ms", "dr", "sir"}


@dataclass
class Flags:
    trigger: bool = False
    local: bool = False  # a gazetteer form resolved on the spot
    title: bool = False  # a title word: a titled person without a country takes the article's
    names: frozenset = frozenset()  # lower-cased name-like words outside settled gazetteer forms
    person: bool = False  # a person of the dictionaries (may name an office given elsewhere)
    pronoun: bool = False  # "he", "his": reads the sentence before
    country_noun: bool = False  # "the country": reads this or the sentence before
    pair: bool = False  # "the two nations": reads every country named before
    titles: frozenset = frozenset()  # title words ("minister")
    unnamed_title: bool = False  # a title with no name after it: an office named elsewhere
    generic: bool = False  # "police", "a business": an actor of the country or place the sentence names


class MentionReading:
    """The sentences resolving the mentions of an article reads, for a resolver's gazetteer (built by
    ``Resolver.reading``; one per spaCy vocabulary, reused across articles)."""

    def __init__(self, nlp, gaz: Gazetteer):
        # A title is found by the word that ends it ("deputy prime MINISTER", "the PRESIDENT")
        self.title_words = {t.lower().split()[-1] for t in gaz.titles if t.strip()}
        self.country_words = ({"country", "nation", "nations", "countries", "states", "sides", "both", "two"}
                              | {w.lower() for w in (*PAIR_NOUNS, *COUNTRY_NOUNS)})
        self.coref_words = {"he", "she", "his", "her", "him"} | {w.lower() for w in PRONOUNS} | self.country_words
        self.pair_words = self.country_words - {"both", "two"} - COUNTRY_NOUN_WORDS
        self.generic_words = generic_words()
        # An office named without a person is named by a later subject within this many sentences.
        self.link_sentences = LINK_SENTENCES
        # Group nouns with a sector ("business", "students"): placed in a city or country they are actors
        self.group_words = frozenset(w for w in getattr(gaz, "sector_words", {}) if " " not in w)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        local, linked = set(), set()
        ambiguous = getattr(gaz, "ambiguous", {})  # "Jordan", "Georgia": may be a person's name
        for form, entry in gaz.forms.items():
            is_local = entry.kind in LOCAL_KINDS and form not in ambiguous and fold(form) not in ambiguous
            (local if is_local else linked).update({form, fold(form)})
        self.matcher.add("LOCAL", list(nlp.tokenizer.pipe(sorted(local))))
        self.matcher.add("LINKED", list(nlp.tokenizer.pipe(sorted(linked - local))))
        self._local_id = nlp.vocab.strings["LOCAL"]
        self._cased: dict[str, bool] = {}

    def flags(self, doc: Doc, has_trigger: Callable[[list[str]], bool],
              lemmas: Callable[[str], frozenset[str]]) -> list[Flags]:
        return self._flags(doc, has_trigger, lemmas)[0]

    def _flags(self, doc: Doc, has_trigger: Callable[[list[str]], bool],
               lemmas: Callable[[str], frozenset[str]]) -> tuple[list[Flags], bool]:
        """The flags of each sentence, and whether the article has any capital letter."""
        kind_at: dict[int, bool] = {}  # token → True if inside a local gazetteer form
        for match_id, s, e in self.matcher(doc):
            for i in range(s, e):
                kind_at[i] = kind_at.get(i, False) or match_id == self._local_id
        # Token texts from the arrays: no Token objects for the hundreds of thousands of tokens skipped.
        arr = doc.to_array([ORTH, LOWER, IS_SPACE])
        strings = doc.vocab.strings
        texts = [strings[o] for o in arr[:, 0].tolist()]
        lowers = [strings[o] for o in arr[:, 1].tolist()]
        is_space = arr[:, 2].tolist()
        out = []
        for sent in doc.sents:
            f, names, titles = Flags(), set(), set()
            idx = [i for i in range(sent.start, sent.end) if not is_space[i]]
            f.trigger = has_trigger([texts[i] for i in idx])
            lows = {lowers[i] for i in idx}
            for k, i in enumerate(idx):
                low = lowers[i]
                name_like = self._name_like(texts[i], low, i == sent.start)
                if i in kind_at:  # local: a country, organisation …; else a person, "Jordan"
                    local = kind_at[i]
                    f.local = f.local or local
                    if not local:
                        f.person = True
                        names.add(low)
                    continue
                if name_like and low not in CALENDAR_WORDS and low not in STOP_WORDS \
                        and low not in self.title_words:
                    names.add(low)
                if low in self.title_words:
                    f.title = True
                    titles.add(low)
                    after = idx[k + 1] if k + 1 < len(idx) else None
                    if after is None or not self._name_like(texts[after], lowers[after], after == sent.start):
                        f.unnamed_title = True
                f.pronoun = f.pronoun or low in PRONOUN_WORDS
                f.generic = f.generic or low in self.generic_words or bool(lemmas(low) & self.group_words)
                f.country_noun = f.country_noun or low in COUNTRY_NOUN_WORDS
                if low in self.pair_words and ("both" in lows or "two" in lows):
                    f.pair = True
            f.names, f.titles = frozenset(names), frozenset(titles)
            out.append(f)
        joined = "".join(texts)
        return out, joined != joined.lower()

    def _name_like(self, text: str, low: str, first: bool) -> bool:
        """A token that may be (part of) a name: it has a capital letter, and is not merely the
        capitalised first word of a sentence ("The", "But")."""
        cased = self._cased.get(text)
        if cased is None:
            if len(self._cased) > CACHE_LIMIT:  # a long run meets new words forever: bound the memory
                self._cased.clear()
            cased = self._cased[text] = any(ch.isupper() for ch in text) and any(ch.isalpha() for ch in text)
        return cased and not (first and low in STOP_WORDS)

    def sentences_read(self, doc: Doc, has_trigger: Callable[[list[str]], bool],
                       lemmas: Callable[[str], frozenset[str]]) -> list[bool]:
        """One flag per sentence of ``doc``: does resolving the mentions of its event sentences read it?
        ``has_trigger(words)``: may a sentence of these words state an event; ``lemmas(word)``: every
        lemma the word may have.

        The sentences that may carry an event (a trigger and an actor candidate), and the context
        the actor resolver reads for them: the sentence before a pronoun or "the country"; every
        sentence sharing a name with them (first mentions, surnames); for an office without a name,
        the sentences with the same title word or a person of the dictionaries; for "the two nations"
        every earlier sentence naming a country; for a titled person or a generic actor in a sentence
        naming no country, every sentence naming one (the article's country)."""
        flags, cased = self._flags(doc, has_trigger, lemmas)
        if not cased:
            return [True] * len(flags)  # all lower case: names cannot be told from words
        # A name the resolver can make an actor of: one the article gives a title, a country or a
        # dictionary entry somewhere. An untitled unknown name stays unresolved, so a sentence whose
        # only candidates are such names carries no event.
        known = frozenset().union(*(f.names for f in flags if f.title or f.person or f.local))
        events = [f.trigger and (f.local or f.person or f.title or f.pronoun or f.country_noun or f.pair
                                 or f.generic or bool(f.names & known)) for f in flags]
        keep = list(events)
        # A name's first mention, and its first mention with a title or a country: where the
        # resolver learns who the person is.
        first: dict[str, int] = {}
        titled: dict[str, int] = {}
        for j, g in enumerate(flags):
            for name in g.names:
                first.setdefault(name, j)
                if g.title or g.local:
                    titled.setdefault(name, j)
        # Context of context: "He sentenced him" reads "The judge said", which reads "Judge Hickson".
        todo = [i for i, e in enumerate(events) if e]
        while todo:
            i = todo.pop()
            f = flags[i]
            add = []
            back = i  # "he" reads the sentence before, whose own "his" reads the one before it …
            while back > 0 and (flags[back].pronoun or flags[back].country_noun):
                back -= 1
                add.append(back)
            if f.names:  # a name may take an office named without a person just before it
                add.extend(j for j in range(max(0, i - self.link_sentences), i) if flags[j].unnamed_title)
            if events[i]:  # a context sentence passes on only what it refers back to (below)
                for name in f.names:
                    add.append(first[name])
                    if name in titled:
                        add.append(titled[name])
            for j, g in enumerate(flags):
                if keep[j]:
                    continue
                if (f.unnamed_title and (f.titles & g.titles or g.person or f.names & g.names
                                         or (i < j <= i + self.link_sentences and g.names))) or (events[i] and (
                        (f.pair and j < i and g.local) or (f.title and not f.local and not f.person and g.local)
                        or (f.generic and not f.local and g.local))):
                    add.append(j)
            for j in add:
                if not keep[j]:
                    keep[j] = True
                    todo.append(j)
        return keep
