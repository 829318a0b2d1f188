"""Which texts Détente may code: visible, valid, not too long, and English.

The coder's lexicon, titles and dependency rules are English; run on French or Serbian they would
produce nonsense events with the authority of real ones. ``screen`` is the gate between reading an
article and coding it: it returns the coded error that explains why an article is skipped, or None.

Language detection has to be right on both sides: a short English headline full of names
("Serbia met Russia.") looks Indonesian to a character n-gram detector, and a Serbian sentence must
never be coded as English. So the decision uses, in order:
  1. script: mostly non-Latin letters (Cyrillic, Arabic, CJK …) is not English;
  2. function words (data/language/function_words.tsv): English ones common enough → English;
     another language's common enough → that language;
  3. langdetect on the text with capitalised words (names) removed: trusted alone on long texts,
     on short ones only when a function word of another language agrees;
  4. otherwise the text is too short to tell and is coded (a few words rarely make an event).
"""
from __future__ import annotations

import functools
import logging
import re
import sys
import unicodedata
from dataclasses import dataclass

from .config import DATA_DIR, settings
from .errors import InputError, LanguageError
from .text import clean_text, cleaning_table  # noqa: F401 — clean_text: part of this module's API too

log = logging.getLogger(__name__)

SAMPLE_CHARS = 5000        # detection looks at the start of the text only (speed)
MIN_LETTERS = 12           # fewer letters than this: too short to tell
MIN_WORDS = 4              # the function-word rule needs at least this many words
ENGLISH_SHARE = 0.20       # share of English function words that makes a text English
FOREIGN_SHARE = 0.15       # share of another language's function words that makes it that language
MIN_FOREIGN_HITS = 3       # … with at least this many of them
MIN_DETECT_LETTERS = 15    # letters left after removing names for langdetect to be asked at all
LONG_WORDS = 25            # lower-case words from which langdetect alone is trusted
MIN_PROBABILITY = 0.90     # langdetect probability needed to call a text non-English

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Detection:
    language: str      # ISO 639-1 code from langdetect ("en", "fr" …), a script name, or "und"
    probability: float
    reason: str

    @property
    def english(self) -> bool:
        return self.language in ("en", "und")


@functools.lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    """language → its function words, from data/language/function_words.tsv."""
    out = {}
    with open(DATA_DIR / "language" / "function_words.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("language\t") or "\t" not in line:
                continue
            lang, words = line.rstrip("\n").split("\t", 1)
            out[lang] = frozenset(words.split())
    return out


# The same tests as str.isalpha and _is_latin, by regular expression: per-character Python over 5,000
# characters of every article was most of the gate's time.
_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_LATIN = re.compile("[^\u0000-\u024f\u1e00-\u1eff\uff21-\uff5a]")


def _letters(text: str) -> str:
    """The letters of a text (str.isalpha), in order."""
    out = _NOT_LETTER.sub("", text)
    return out if out.isalpha() or not out else "".join(c for c in out if c.isalpha())


def _is_latin(ch: str) -> bool:
    o = ord(ch)
    return o < 0x250 or 0x1E00 <= o <= 0x1EFF or 0xFF21 <= o <= 0xFF5A


def _script(letters: list[str]) -> str:
    """The most common non-Latin script among the letters, by Unicode name ("CYRILLIC", "CJK" …)."""
    counts: dict[str, int] = {}
    for ch in letters:
        if not _is_latin(ch):
            name = unicodedata.name(ch, "UNKNOWN").split()[0]
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.get).lower() if counts else "und"


@functools.lru_cache(maxsize=1)
def _langdetect():
    from langdetect import DetectorFactory, detect_langs
    DetectorFactory.seed = 0  # langdetect is random by default; the same text must get the same answer
    return detect_langs


def warm_up() -> None:
    """Load what detection needs before worker processes are forked, so they share it: langdetect
    reads 55 language profiles on first use (a third of a second in every worker otherwise)."""
    from langdetect.detector_factory import init_factory
    _langdetect()
    init_factory()
    cleaning_table()


def _top_language(text: str) -> tuple[str, float, tuple[str, ...]]:
    """langdetect's most likely language, the probability that the text is not English (close
    languages such as Dutch and Afrikaans share the mass; together they are sure), and the other
    candidate languages."""
    from langdetect.lang_detect_exception import LangDetectException
    try:
        langs = _langdetect()(text)
    except LangDetectException:
        return "und", 0.0, ()
    if not langs:
        return "und", 0.0, ()
    others = tuple(x.lang for x in langs if x.lang != "en")
    if langs[0].lang == "en":
        return "en", langs[0].prob, others
    return langs[0].lang, sum(x.prob for x in langs if x.lang != "en"), others


def _particles(words: list[str]) -> set[int]:
    """Short lower-case words inside a run of capitalised ones are name particles: de Blasio,
    da Silva, Ursula von der Leyen. They say nothing about the language of the text."""
    out: set[int] = set()
    for i, w in enumerate(words):
        if len(w) <= 3 and not w[0].isupper() and 0 < i < len(words) - 1 \
                and (words[i - 1][0].isupper() or i - 1 in out):
            j = i + 1
            while j < len(words) and len(words[j]) <= 3 and not words[j][0].isupper():
                j += 1
            if j < len(words) and words[j][0].isupper():
                out.add(i)
    return out


def _function_word_hits(words: list[str]) -> dict[str, int]:
    """language → how many of the words are its function words. Lower-case words only: capitalised
    words are mostly names, and name particles (von der Leyen, da Silva) would mislead."""
    skip = _particles(words)
    lower = [w for i, w in enumerate(words) if not w[0].isupper() and i not in skip]
    return {lang: sum(1 for w in lower if w in fw) for lang, fw in function_words().items()}


def detect(text: str) -> Detection:
    """The language of a text, and why. Deterministic; looks at the first SAMPLE_CHARS characters."""
    sample = text[:SAMPLE_CHARS]
    letters = _letters(sample)
    if len(letters) < MIN_LETTERS:
        return Detection("und", 0.0, f"too short to tell ({len(letters)} letters)")
    latin = 1.0 - len(_NOT_LATIN.findall(letters)) / len(letters)
    if latin < 0.5:
        lang, prob, _ = _top_language(sample)
        if lang in ("en", "und") or prob < MIN_PROBABILITY:
            lang, prob = _script(letters), 1.0 - latin
        return Detection(lang, prob, f"{1 - latin:.0%} of letters are not Latin script")
    words = _WORD.findall(sample)
    n = len(words)
    hits = _function_word_hits(words)
    en_hits = hits.pop("en", 0)
    other = max(hits, key=hits.get) if hits else "und"
    other_hits = hits.get(other, 0)
    if n >= MIN_WORDS and en_hits / n >= ENGLISH_SHARE and en_hits >= other_hits:
        return Detection("en", en_hits / n, f"{en_hits}/{n} words are English function words")
    if other_hits >= MIN_FOREIGN_HITS and other_hits / n >= FOREIGN_SHARE and other_hits > en_hits:
        return Detection(other, other_hits / n, f"{other_hits}/{n} words are {other} function words, "
                                                f"{en_hits} English ones")
    unnamed = [w for w in words if not w[0].isupper()]
    if sum(len(w) for w in unnamed) >= MIN_DETECT_LETTERS:
        lang, prob, candidates = _top_language(" ".join(unnamed))
        # A statistical guess alone is trusted on long texts only; on short ones (headlines full of
        # names) function words of a language it proposes must agree.
        agree = max((hits.get(c, 0) for c in candidates), default=0)
        if lang not in ("en", "und") and prob >= MIN_PROBABILITY \
                and (len(unnamed) >= LONG_WORDS or agree > en_hits):
            return Detection(lang, prob, f"langdetect: {lang} p={prob:.2f}; function words: "
                                         f"{en_hits} English, {agree} {'/'.join(candidates)}")
    if en_hits:
        return Detection("en", en_hits / n, f"{en_hits}/{n} words are English function words")
    return Detection("und", 0.0, "no sign of any language besides names; coded as English")


def _invalid_field(article) -> str | None:
    """The first text field holding a lone surrogate (from a JSON escape such as \\ud800): such a
    string cannot be encoded as UTF-8, so it could be neither parsed nor stored."""
    for name in ("text", "title", "url", "source", "path", "external_id"):
        value = getattr(article, name, "") or ""
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"{name} holds invalid Unicode (lone surrogate at character {exc.start})"
    return None


def visible(text: str) -> bool:
    """True when the text has something besides whitespace and invisible format characters
    (zero-width spaces, joiners, direction marks, byte-order marks)."""
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def screen(article) -> InputError | None:
    """Why this article must not be coded (a coded error naming its file and line), or None."""
    where = {"path": article.path or article.url or article.external_id or article.id}
    problem = _invalid_field(article)
    if problem:
        return InputError(problem, **where)
    if not visible(article.text):
        return InputError("no visible text (only whitespace or invisible characters)", **where)
    limit = settings.max_article_chars
    if len(article.text) > limit:
        return InputError(f"article too long: {len(article.text):,} characters (limit {limit:,}; "
                          f"split it, or raise DETENTE_MAX_ARTICLE_CHARS)", **where)
    found = detect(article.text)
    if not found.english:
        return LanguageError(f"not English ({found.language}: {found.reason}); skipped, "
                             f"Détente codes English text only", **where)
    return None
