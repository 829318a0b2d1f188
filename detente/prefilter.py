"""Which sentences of an article need the parser.

A sentence yields an event only if it holds a trigger (a word whose lemma is in the trigger
lexicon) and an actor. The actor resolver makes actors only from *actor candidates*: gazetteer forms,
names, title words ("president"), generic actors ("police"), pronouns ("he", "his") and its
coreference nouns ("the country", "the two nations"); an untitled unknown name stays unresolved. It
links candidates across sentences, so the plan is:

1. *event sentences*: a trigger and a candidate that can become an actor (a gazetteer form, a title,
   a generic actor, a pronoun or coreference noun, or a name the article gives a title, a country or
   a dictionary entry somewhere);
2. their *context*, exactly the sentences the resolver reads for them: the sentence before a pronoun
   or "the country" (and the one before that while it has a pronoun too); a name's first mention and
   its first mention with a title or a country; for an office without a name ("the ambassador"),
   every sentence with the same title word, a dictionary person or a shared name, and the names in
   the next two sentences (a later subject names the office); for a name, an office without a name
   in the two sentences before it; a context sentence's own pronouns and offices are followed the
   same way ("He" → "The judge" → "Judge Byrne"); for "the two
   nations", every earlier sentence naming a country; for a titled unknown person in a sentence that
   names no country, every sentence naming one (the article's country);
3. every other sentence is counted, not parsed. An article in lower case only is parsed whole (names
   cannot be told from words).

Each run of kept sentences is parsed as one Doc (nlp.Annotator) and a skipped one stays a sentence of
blanks, so sentence numbers and character offsets do not move: a kept sentence gets the same analysis
and the same actors with or without the prefilter. The tests are superset tests on tokens (no model):
every lemma the lemmatizer could give a word under any part of speech, gazetteer forms in any case.
tests/test_pipeline_prefilter.py checks the property (same events with and without the prefilter) on
written texts, the dev gold set and real news; bench/prefilter_loss.py measures it on any number of
real articles."""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.attrs import IS_SPACE, LOWER, ORTH
from spacy.tokens import Doc

from .actors.gazetteer import fold

log = logging.getLogger(__name__)

try:  # words the coder's rules trigger on besides the lexicon: "must", "should", "has to" (deontic speech)
    from .coding.rules import DEONTIC_AUX, DEONTIC_VERBS
except ImportError:  # pragma: no cover
    DEONTIC_AUX, DEONTIC_VERBS = {"must", "should"}, {"have", "need"}

# Gazetteer kinds the resolver settles within the sentence; "person" and dictionary entries go
# through coreference (an earlier mention of the same name wins), so they are not local.
LOCAL_KINDS = {"name", "demonym", "capital", "seat", "igo", "group", "armed", "place"}
FALLBACK_COREF_WORDS = {"he", "she", "his", "her", "him"}
FALLBACK_COUNTRY_WORDS = {"country", "nation", "nations", "countries", "states", "sides", "both", "two"}
CACHE_LIMIT = 200_000  # words remembered per cache
FREE, NEEDS = 1, 2  # a word's lemmas include a trigger that needs nothing else / one that needs other words
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


class Prefilter:
    def __init__(self, nlp, lexicon=None, gazetteer=None, model_lemmas: frozenset[str] = frozenset()):
        from .actors.gazetteer import gazetteer as default_gazetteer
        from .coding.lexicon import lexicon as default_lexicon
        lex = lexicon or default_lexicon()
        gaz = gazetteer or _active_gazetteer() or default_gazetteer()
        # Trigger lemmas: those an entry accepts alone, and those that need another word of the
        # sentence ("impose" + "sanction", "rule" + "out", "has" + "to").
        self.free: set[str] = set(DEONTIC_AUX)
        self.needs: dict[str, list[tuple]] = {w: [(None, frozenset({"to"}), None)] for w in DEONTIC_VERBS}
        for e in lex.entries:
            if not e.lemma:
                continue
            objects = None if not e.objects or any(o.startswith("@") for o in e.objects) else e.objects
            req = (objects, e.with_ or None, getattr(e, "governors", None) or None)
            if req == (None, None, None):
                self.free.add(e.lemma.lower())
            else:
                self.needs.setdefault(e.lemma.lower(), []).append(req)
        # The learned coder's trigger words (the lemmas it was trained to fire on) trigger alone.
        self.free |= set(model_lemmas)
        self.lemmas = self.free | set(self.needs)
        # A title is found by the word that ends it ("deputy prime MINISTER", "the PRESIDENT")
        self.title_words = {t.lower().split()[-1] for t in gaz.titles if t.strip()}
        self.coref_words, self.country_words = _coref_words()
        self.pair_words = self.country_words - {"both", "two"} - COUNTRY_NOUN_WORDS
        self.generic_words = _generic_words()
        # An office named without a person is named by a later subject within this many sentences.
        self.link_sentences = _link_sentences()
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
        self._lemma_tables = _lemma_tables(nlp)
        self._attr_lemmas = _attribute_ruler_lemmas(nlp)
        self._cands: dict[str, frozenset[str]] = {}
        self._cased: dict[str, bool] = {}
        self._kinds: dict[str, int] = {}

    # -- per token ----------------------------------------------------------------------------
    def candidates(self, word: str) -> frozenset[str]:
        low = word.lower()
        hit = self._cands.get(low)
        if hit is None:
            if len(self._cands) > CACHE_LIMIT:
                self._cands.clear()
            hit = self._cands[low] = frozenset(self.lemma_candidates(low))
        return hit

    def _trigger_kind(self, low: str) -> int:
        """FREE if a lemma of this word triggers alone, NEEDS if one needs other words, else 0."""
        kind = self._kinds.get(low)
        if kind is None:
            if len(self._kinds) > CACHE_LIMIT:
                self._kinds.clear()
            cands = self.candidates(low)
            kind = self._kinds[low] = FREE if cands & self.free else NEEDS if cands & self.needs.keys() else 0
        return kind

    def has_trigger(self, words: list[str]) -> bool:
        """Could a trigger of the lexicon (or a rule) match in a sentence of these words?"""
        lows = {w.lower() for w in words}
        kinds = {self._trigger_kind(w) for w in lows}
        if FREE in kinds:
            return True
        if NEEDS not in kinds:
            return False
        cands = set().union(*(self.candidates(w) for w in lows))
        every = cands | lows
        for lemma in cands & self.needs.keys():
            for objects, with_, governors in self.needs[lemma]:
                if (objects is None or objects & every) and (with_ is None or with_ & lows) \
                        and (governors is None or governors & every):
                    return True
        return False

    def lemma_candidates(self, low: str) -> set[str]:
        """Every lemma the model could give this word: the word itself, the lemmatizer's
        exceptions and suffix rules under every part of speech, and attribute-ruler lemmas."""
        out = {low}
        rules, exc = self._lemma_tables
        for pos_rules in rules:
            for old, new in pos_rules:
                if low.endswith(old):
                    out.add(low[: len(low) - len(old)] + new)
        for pos_exc in exc:
            out.update(x.lower() for x in pos_exc.get(low, ()))
        out.update(self._attr_lemmas.get(low, ()))
        return out

    # -- per sentence -------------------------------------------------------------------------
    def flags(self, doc: Doc) -> list[Flags]:
        return self._flags(doc)[0]

    def _flags(self, doc: Doc) -> tuple[list[Flags], bool]:
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
            f.trigger = self.has_trigger([texts[i] for i in idx])
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
                f.generic = f.generic or low in self.generic_words or bool(self.candidates(low) & self.group_words)
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

    def select(self, doc: Doc) -> list[bool]:
        """One flag per sentence of ``doc``: parse it or not.

        The sentences that may carry an event (a trigger and an actor candidate), and the context
        the actor resolver reads for them: the sentence before a pronoun or "the country"; every
        sentence sharing a name with them (first mentions, surnames); for an office without a name,
        the sentences with the same title word or a person of the dictionaries; for "the two nations"
        every earlier sentence naming a country; for a titled person in a sentence naming no
        country, every sentence naming one (the article's country)."""
        flags, cased = self._flags(doc)
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
                        (f.pair and j < i and g.local) or (f.title and not f.local and not f.person and g.local))):
                    add.append(j)
            for j in add:
                if not keep[j]:
                    keep[j] = True
                    todo.append(j)
        return keep


def _coref_words() -> tuple[set[str], set[str]]:
    """The words the resolver's coreference pass starts from (all; those that read earlier
    countries), taken from it so both stay in step."""
    words, countries = set(FALLBACK_COREF_WORDS), set(FALLBACK_COUNTRY_WORDS)
    try:
        from .actors import coref
    except ImportError:
        return words | countries, countries
    for name in ("PAIR_NOUNS", "COUNTRY_NOUNS"):
        countries.update(w.lower() for w in getattr(coref, name, ()))
    words.update(w.lower() for w in getattr(coref, "PRONOUNS", ()))
    return words | countries, countries


def _link_sentences() -> int:
    try:
        from .actors.people import LINK_SENTENCES
    except ImportError:  # pragma: no cover
        return 3
    return LINK_SENTENCES


def _generic_words() -> frozenset[str]:
    try:
        from .actors.generic import generic_words
    except ImportError:  # pragma: no cover
        return frozenset()
    return generic_words()


def _lemma_tables(nlp):
    if "lemmatizer" not in nlp.pipe_names:
        return [], []
    lookups = nlp.get_pipe("lemmatizer").lookups
    rules = lookups.get_table("lemma_rules") if lookups.has_table("lemma_rules") else {}
    exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
    return [list(rules[k]) for k in rules.keys()], [dict(exc[k]) for k in exc.keys()]


def _attribute_ruler_lemmas(nlp) -> dict[str, set[str]]:
    """Lemmas the attribute ruler assigns outright ("n't" → "not"), by lower-case form."""
    out: dict[str, set[str]] = {}
    if "attribute_ruler" not in nlp.pipe_names:
        return out
    for pat in nlp.get_pipe("attribute_ruler").patterns:
        lemma = pat.get("attrs", {}).get("LEMMA")
        if not lemma:
            continue
        for token_pats in pat.get("patterns", []):
            for tp in token_pats:
                for key in ("ORTH", "LOWER", "NORM"):
                    val = tp.get(key)
                    vals = val.get("IN", []) if isinstance(val, dict) else [val] if val else []
                    for v in vals:
                        out.setdefault(str(v).lower(), set()).add(lemma.lower())
    return out


def _active_gazetteer():
    """The gazetteer of the resolver in use (users may install their own dictionaries)."""
    from .actors import resolver
    active = getattr(resolver, "_RESOLVER", None)
    return getattr(active, "gaz", None)


@functools.lru_cache(maxsize=4)
def prefilter_for(model: str | None = None, model_lemmas: frozenset[str] = frozenset()) -> Prefilter:
    """The prefilter for a spaCy model; ``model_lemmas``: the learned coder's trigger words."""
    from .nlp import load
    return Prefilter(load(model), model_lemmas=model_lemmas)
