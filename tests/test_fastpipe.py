"""detente.fastpipe.speed_up: the fast attribute_ruler and lemmatizer give every token exactly what
spaCy's own components give it (text, POS, tag, morph, lemma and whatever else the ruler's patterns
set), on written texts, on news articles (when the corpus is there), on a hand-made ruler that uses
every kind of pattern, in forked workers and across a memory zone."""
from __future__ import annotations

import csv
import importlib.metadata
import pickle

import pytest
import spacy
from spacy.tokens import Token

from conftest import SHARED
from detente.config import settings
from detente.fastpipe import CHECKED_MODELS, CHECKED_SPACY, FastAttributeRuler, FastLemmatizer, speed_up

CORPUS = SHARED / "corpora" / "news_articles_dai2017" / "NewsArticles.csv"
TEXTS = [
    "I ain't gonna sign it, y'all. Let's go! C'mon, we gotta leave. Nothin' changed.",
    "He isn't here and they aren't either; I'm not sure we've met. She'd've said so, wouldn't she?",
    "The EU's foreign ministers met NATO's chief in Brussels; Russia's envoy didn't attend.",
    "BREAKING: U.S. AND CHINA AGREE TO CUT TARIFFS BY 25% ON $200 BILLION OF GOODS",
    "Pro-Russian separatists shelled the Donetsk-Luhansk line at 3:45 a.m. on 12/03/2017.",
    '"We will not back down," the minister said. \u201cNever,\u201d he added \u2014 twice.',
    "  Leading spaces,\ttabs,\n\nblank lines   and   runs of spaces  \n",
    "There is a plan and there are risks; there's no doubt. It was raining. It is what it is.",
    "Do you have it? I did. Does he? He has, and he had done it before. Have a look at them.",
    "That is the question: which one? Whoever wins, whatever happens, that matters to us.",
    "1,200 troops; 3.5 million barrels; 1990s; 2nd place; #1; 50-50; 10km; 7pm.",
    "Give it to me and you, not him. They gave it to you. I saw it. Tell it to I.",
    "gonna wanna gotta lemme dunno y' all c'm on ai n't nothin'",
    "A",
    "",
]


def ruler_attrs(nlp) -> list[str]:
    """Every attribute any pattern of the pipeline's attribute ruler sets (read, not assumed)."""
    return sorted({k.upper() for p in nlp.get_pipe("attribute_ruler").patterns for k in p["attrs"]})


def token_view(tok, attrs) -> tuple:
    base = (tok.text, tok.pos_, tok.tag_, str(tok.morph), tok.lemma_, tok.dep_, tok.norm_)
    extra = []
    for name in attrs:
        if name == "_":
            continue
        low = name.lower()
        extra.append(getattr(tok, low + "_", None) if hasattr(tok, low + "_") else getattr(tok, low))
    return base + tuple(extra)


def assert_same(docs_a, docs_b, attrs) -> int:
    n = 0
    for a, b in zip(docs_a, docs_b, strict=True):
        assert len(a) == len(b)
        for ta, tb in zip(a, b):
            assert token_view(ta, attrs) == token_view(tb, attrs), (a.text[:60], ta.i, ta.text)
            n += 1
    return n


@pytest.fixture(scope="module")
def pair():
    """The model as spaCy loads it, and the same model sped up."""
    try:
        orig = spacy.load(settings.spacy_model)
        fast = spacy.load(settings.spacy_model)
    except OSError:
        pytest.skip(f"spaCy model {settings.spacy_model} not installed")
    assert speed_up(fast) == ["attribute_ruler", "lemmatizer"]
    return orig, fast


def test_same_components_in_same_places(pair):
    orig, fast = pair
    assert fast.pipe_names == orig.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    # what other code reads from these components is still there (the prefilter reads both)
    assert fast.get_pipe("attribute_ruler").patterns == orig.get_pipe("attribute_ruler").patterns
    assert fast.get_pipe("lemmatizer").lookups.tables == orig.get_pipe("lemmatizer").lookups.tables
    assert speed_up(fast) == []  # already fast: nothing wrapped twice
    # nlp.pipe runs the fast code, not the original's pipe() reached through delegation
    lemmatizer = fast.get_pipe("lemmatizer")
    before = len(lemmatizer.cache)
    text = "The zorblaxes were glimfing."  # words no cache has seen
    assert [t.lemma_ for t in next(fast.pipe([text]))] == [t.lemma_ for t in orig(text)]
    assert len(lemmatizer.cache) >= before + 2
    assert isinstance(fast.get_pipe("attribute_ruler").original, spacy.pipeline.AttributeRuler)


def test_written_texts_identical(pair):
    orig, fast = pair
    attrs = ruler_attrs(orig)
    assert {"POS", "MORPH", "LEMMA"} <= set(attrs)
    n = assert_same(list(orig.pipe(TEXTS)), list(fast.pipe(TEXTS)), attrs)
    assert n > 250
    # the awkward tokens really went through the ruler's special cases
    doc = fast("I ain't gonna go. It isn't.")
    assert [t.lemma_ for t in doc][1:5] == ["be", "not", "go", "to"]
    assert doc[9].pos_ == "PART" and str(doc[9].morph) == "Polarity=Neg"


# A few hundred words of news written for this test: the kinds of sentence Détente codes.
NEWS = """\
Moscow, March 3 (Wire) - Russia's foreign minister said on Tuesday that his government would not
accept new sanctions from the European Union, warning that Moscow was prepared to respond in kind.
Speaking after talks in Geneva, he accused Brussels of undermining the ceasefire agreed last year and
called on Washington to rein in its allies. "We have always been open to dialogue, but we won't be
threatened," he told reporters, adding that the negotiations had been "difficult but useful".

The European Commission's spokeswoman rejected the accusation. She said the bloc was considering
fresh measures against banks and energy companies that had helped finance the separatists, and that
ministers would meet in Luxembourg next week to decide. Poland and the Baltic states have pushed for
tougher steps; Hungary has repeatedly blocked them, arguing that earlier rounds hurt Europe's economy
more than Russia's.

In Kyiv, the president thanked the EU for its support and urged NATO members to deliver the air
defence systems they had promised. Ukrainian troops repelled two attacks near Donetsk overnight, the
army's general staff reported, while shelling killed three civilians and wounded eleven in a village
east of the city. Neither claim could be independently verified.

Meanwhile, China's envoy to the United Nations called for restraint from all sides and offered to
host a new round of talks in Beijing. Turkey, which brokered a grain deal between the two countries,
said it was ready to mediate again. The UN secretary-general welcomed the offers but cautioned that
humanitarian access to the besieged towns remained blocked, and that aid convoys had been turned back
at checkpoints three times this month.

Analysts doubt a breakthrough is near. "Neither side believes it's losing," said a former diplomat
who's followed the conflict since 2014. "Until that changes, they'll keep talking and keep fighting."
"""


def test_checked_against_these_versions():
    """fastpipe re-implements spaCy internals; a new spaCy or model must be checked token by token
    again (this file, bench/fastpipe_speed.py) before CHECKED_* in detente/fastpipe.py are raised."""
    assert spacy.__version__ == CHECKED_SPACY, (
        f"spaCy {spacy.__version__} is installed; detente/fastpipe.py was checked against {CHECKED_SPACY}. "
        "Run tests/test_fastpipe.py and bench/fastpipe_speed.py, then update CHECKED_SPACY")
    name = settings.spacy_model
    assert name in CHECKED_MODELS, f"spaCy model {name} was never checked against detente/fastpipe.py"
    installed = importlib.metadata.version(name)
    assert installed == CHECKED_MODELS[name], (
        f"{name} {installed} is installed; detente/fastpipe.py was checked against "
        f"{CHECKED_MODELS[name]}. Check it again, then update CHECKED_MODELS")


def test_written_news_identical(pair):
    """Tags and lemmas (and all else the ruler sets) on a few hundred words of news: spaCy's own."""
    orig, fast = pair
    assert len(NEWS.split()) > 300
    want, got = orig(NEWS), fast(NEWS)
    assert [(t.tag_, t.pos_, t.lemma_) for t in got] == [(t.tag_, t.pos_, t.lemma_) for t in want]
    assert assert_same([want], [got], ruler_attrs(orig)) > 350
    lemmas = {t.text: t.lemma_ for t in got}
    assert lemmas["accused"] == "accuse" and lemmas["repelled"] == "repel" and lemmas["wo"] == "will"  # won't


def test_each_text_alone_and_again(pair):
    """Caches filled by earlier docs do not change later answers (same result twice, and alone)."""
    orig, fast = pair
    attrs = ruler_attrs(orig)
    for text in TEXTS[:6]:
        assert_same([orig(text)], [fast(text)], attrs)
    assert_same(list(orig.pipe(TEXTS)), list(fast.pipe(TEXTS)), attrs)


def test_forked_workers(pair):
    orig, fast = pair
    attrs = ruler_attrs(orig)
    texts = TEXTS * 2
    assert_same(list(orig.pipe(texts)), list(fast.pipe(texts, n_process=2, batch_size=4)), attrs)


def test_pickles(pair):
    _, fast = pair
    for name in ("attribute_ruler", "lemmatizer"):
        comp = pickle.loads(pickle.dumps(fast.get_pipe(name)))
        assert type(comp) is type(fast.get_pipe(name)) and comp.name == name


def test_memory_zone_lemmas_stay_readable(pair):
    orig, fast = pair
    text = "The negotiators were haggling over the unprecedented sanctions."
    with fast.memory_zone():
        inside = [t.lemma_ for t in fast(text)]
    after = [t.lemma_ for t in fast(text)]
    assert inside == after == [t.lemma_ for t in orig(text)]
    assert "haggle" in after and "sanction" in after


@pytest.mark.skipif(not CORPUS.exists(), reason="news corpus not present")
def test_news_articles_identical(pair):
    """The first 100 articles: parsed once, then the original and the fast ruler + lemmatizer run
    on copies of the same docs."""
    orig, _ = pair
    texts = []
    with open(CORPUS, encoding="utf-8", errors="replace", newline="") as fh:
        for row in csv.DictReader(fh):
            if (row.get("text") or "").strip():
                texts.append(row["text"])
            if len(texts) >= 100:
                break
    with orig.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        parsed = list(orig.pipe(texts, batch_size=16))
    ruler, lemmatizer = orig.get_pipe("attribute_ruler"), orig.get_pipe("lemmatizer")
    fast_ruler, fast_lemmatizer = FastAttributeRuler(ruler), FastLemmatizer(lemmatizer)
    want = [lemmatizer(ruler(d.copy())) for d in parsed]
    got = [fast_lemmatizer(fast_ruler(d.copy())) for d in parsed]
    assert assert_same(want, got, ruler_attrs(orig)) > 10_000


# -- a ruler of our own, with every kind of pattern ----------------------------------------------
PATTERNS = [
    {"patterns": [[{"LOWER": {"IN": ["alpha", "beta"]}}]], "attrs": {"TAG": "XX", "POS": "NOUN"}},
    {"patterns": [[{"TEXT": {"REGEX": "^[A-Z]{2,}$"}}]], "attrs": {"POS": "PROPN", "MORPH": "Abbr=Yes"}},
    {"patterns": [[{"IS_DIGIT": True}], [{"LIKE_NUM": True, "LOWER": {"NOT_IN": ["one"]}}]],
     "attrs": {"POS": "NUM", "LEMMA": "#"}},
    {"patterns": [[{"LOWER": "alpha"}]], "attrs": {"POS": "X"}},  # later: overrides POS only
    {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"LEMMA": "NYC", "POS": "PROPN"},
     "index": -1},
    {"patterns": [[{"LOWER": "new"}, {"IS_TITLE": True}]], "attrs": {"LEMMA": "nouveau"}},
    {"patterns": [[{"ORTH": "very", "OP": "+"}, {"LOWER": "big"}]], "attrs": {"LEMMA": "huge"}, "index": -1},
    {"patterns": [[{"LENGTH": {">=": 12}}]], "attrs": {"MORPH": "Long=Yes"}},  # a comparison: Matcher
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE", "TAG": "_SP"}},
    {"patterns": [[{}]], "attrs": {"DEP": "dep"}},  # any token
    {"patterns": [[{"LOWER": {"IN": ["beta"]}, "IS_TITLE": False}]], "attrs": {"LEMMA": "b"}},
    {"patterns": [[{"SHAPE": "Xxxxx", "IS_SENT_START": True}]], "attrs": {"MORPH": "First=Yes"}},
    {"patterns": [[{"LOWER": "york", "IS_SENT_START": False}]], "attrs": {"TAG": "NNP"}},
]
OWN_TEXTS = [
    "Alpha and beta met in New York. NATO and the UN said 42 and one and 7.5 things.",
    "  very very big  plans; a very big deal\n\nin New Delhi with extraordinarily long words.",
    "ALPHA BETA beta Beta alpha. New new York york. 2024 was year 2024.",
    "Extraordinarily long words appear. Unquestionably.",
]


def _own(patterns, extension: bool):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    if extension:
        ruler.add([[{"LOWER": "beta"}]], {"_": {"flagged": True}, "NORM": "bb"})
    return nlp


@pytest.mark.parametrize("extension", [False, True])
def test_hand_made_ruler_identical(extension):
    if extension and not Token.has_extension("flagged"):
        Token.set_extension("flagged", default=False)
    orig, fast = _own(PATTERNS, extension), _own(PATTERNS, extension)
    speed_up(fast)
    ruler = fast.get_pipe("attribute_ruler")
    # one-token and fixed-length patterns by lookup; OP and comparisons left to a Matcher
    assert len(ruler.residual) == 2 and len(ruler.multis) == 2
    assert ruler.bulk is not extension  # extension, NORM: spaCy's own set_annotations applies them
    attrs = ruler_attrs(fast)
    want, got = list(orig.pipe(OWN_TEXTS)), list(fast.pipe(OWN_TEXTS))
    assert ruler._key_rows  # the lookup did the work
    assert assert_same(want, got, attrs) > 60
    assert got[0][6].lemma_ == "NYC" and got[0][5].lemma_ == "nouveau"
    assert str(got[3][0].morph) == "First=Yes"  # two patterns set MORPH: the later one wins
    assert got[0][6].tag_ == "NNP"  # not a sentence start: the Matcher reads False, not -1
    if extension:
        assert [t._.flagged for t in want[2]] == [t._.flagged for t in got[2]]
        assert sum(t._.flagged for t in got[2]) == 3 and got[2][1].norm_ == "bb"


def test_patterns_added_later_are_used():
    orig, fast = _own(PATTERNS, False), _own(PATTERNS, False)
    speed_up(fast)
    fast("Alpha beta.")  # fills the caches
    extra = [{"patterns": [[{"LOWER": "beta"}]], "attrs": {"LEMMA": "BETA"}}]
    orig.get_pipe("attribute_ruler").add_patterns(extra)
    fast.get_pipe("attribute_ruler").add_patterns(extra)
    assert fast("Alpha beta.")[1].lemma_ == orig("Alpha beta.")[1].lemma_ == "BETA"
