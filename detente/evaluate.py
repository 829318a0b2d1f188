"""Score the coder against a gold file of hand-coded events (`detente eval GOLD.jsonl`).

Gold format: one JSON record per line and per gold event, in PLOVER's layout — ``text``, ``date``,
``event`` (or ``event_2021``), ``source``/``target`` as lists of ``{"code": ...}`` — optionally with
``factuality`` (Détente's own gold files). The metrics are defined in docs/coding.md, section
"Evaluation"; this module implements exactly those definitions."""
from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .coding.gold import gold_lines
from .coding.ontology import EVENT_TYPES, iso_actor_code, normalise_event, plover_view
from .errors import InputError
from .model import FACTUALITY, ORG_CODES, Article, Event
from .pipeline import Coder

log = logging.getLogger(__name__)

NONE = "-"  # no event, or no actor, in tables


@dataclass(frozen=True)
class GoldRecord:
    id: str
    line: int
    text: str
    date: dt.date
    event: str | None  # None: the text should yield no event (precision-only record)
    sources: frozenset[str] | None  # None: not coded in the gold (any source matches)
    targets: frozenset[str] | None  # None: no recipient (none, or one of the sources, matches)
    factuality: str | None = None  # given → the record is in Détente's own coding (no PLOVER view)

    @property
    def native(self) -> bool:
        return self.factuality is not None

    def label(self) -> str:
        src = "+".join(sorted(self.sources)) if self.sources else "?"
        tgt = "+".join(sorted(self.targets)) if self.targets else NONE
        fact = f" ({self.factuality})" if self.factuality else ""
        return f"{src} {self.event or 'NO EVENT'} {tgt}{fact}"


@dataclass(frozen=True)
class Coded:
    """A coded event reduced to what the gold can be compared with: country-level actors
    ("SRB", "IGO"), with the organisation kept aside ("IGO:NATO") for gold files that name it."""
    source: str
    event: str  # Détente's own type
    target: str | None
    factuality: str
    trigger: str
    rule: str
    source_org: str = ""
    target_org: str = ""

    def view(self, native: bool) -> str:
        return self.event if native else plover_view(self.event, self.factuality)

    def label(self, native: bool) -> str:
        shown = self.view(native)
        extra = "" if shown == self.event and self.factuality == "asserted" else f" [{self.event} {self.factuality}]"
        src = _org_key(self.source, self.source_org) or self.source
        tgt = (_org_key(self.target, self.target_org) or self.target) if self.target else NONE
        return f"{src} {shown} {tgt}{extra} «{self.trigger}»"


def _actor_codes(value, path: str, line: int) -> frozenset[str] | None:
    """Gold source/target → a set of ISO3 (or IGO/NGO/...) codes; None when the gold gives none."""
    if value in (None, "") or isinstance(value, str):
        # "" marks a compound actor with no recipient; any other bare string is a malformed entry.
        if isinstance(value, str) and value:
            log.warning("%s:%d: actor %r is not a list of {code: ...}; read as 'no actor'", path, line, value)
        return None
    if isinstance(value, dict):
        value = [value]
    codes = set()
    for a in value:
        if isinstance(a, dict) and a.get("code"):
            code = iso_actor_code(a["code"])
            codes.add(f"{code}:{a['org']}" if a.get("org") and code in ORG_CODES else code)
    return frozenset(codes) or None


def load_gold(path: str | Path) -> tuple[list[GoldRecord], list[str]]:
    """Read a gold JSONL file. Returns the records and one message per skipped line (bad JSON, no text,
    unknown event type, bad date) — a bad record is reported and skipped, the rest is scored."""
    path = str(path)
    records, skipped = [], []
    for n, r in gold_lines(path, skipped):
        event = r.get("event_2021") or r.get("event")
        event = normalise_event(event) if event else None
        if event is not None and event not in EVENT_TYPES:
            skipped.append(f"{path}:{n}: unknown event type {event!r}")
            continue
        fact = r.get("factuality")
        if fact is not None and fact not in FACTUALITY:
            skipped.append(f"{path}:{n}: unknown factuality {fact!r}")
            continue
        try:
            date = dt.date.fromisoformat(str(r.get("date"))[:10]) if r.get("date") else dt.date.today()
        except ValueError:
            skipped.append(f"{path}:{n}: bad date {r.get('date')!r}")
            continue
        records.append(GoldRecord(
            id=str(r.get("id") or f"line{n}"), line=n, text=str(r["text"]), date=date, event=event,
            sources=_actor_codes(r.get("source"), path, n), targets=_actor_codes(r.get("target"), path, n),
            factuality=fact))
    return records, skipped


def _org_key(code: str | None, org: str) -> str | None:
    return f"{code}:{org}" if code in ORG_CODES and org else None


def _coded(e: Event) -> Coded:
    return Coded(source=e.source.code, event=e.event, target=e.target.code if e.target else None,
                 factuality=e.factuality, trigger=e.evidence.trigger, rule=e.evidence.rule,
                 source_org=e.source.org or "", target_org=(e.target.org or "") if e.target else "")


def _in(code: str | None, org: str, gold: frozenset[str]) -> bool:
    """A gold actor "IGO" matches any organisation; "IGO:NATO" only NATO."""
    return code in gold or _org_key(code, org) in gold


def actors_match(rec: GoldRecord, c: Coded) -> bool:
    """Country-level actor match (docs/coding.md, "Evaluation")."""
    if rec.sources is not None and not _in(c.source, c.source_org, rec.sources):
        return False
    if rec.targets is None:  # no recipient in the gold: none, or the other party of a compound actor
        return c.target is None or (rec.sources is not None and _in(c.target, c.target_org, rec.sources))
    return _in(c.target, c.target_org, rec.targets)


def triple_match(rec: GoldRecord, c: Coded) -> bool:
    return rec.event is not None and c.view(rec.native) == rec.event and actors_match(rec, c)


@dataclass
class Result:
    gold_path: str
    n_records: int = 0
    n_texts: int = 0
    seconds: float = 0.0
    type_hits: int = 0
    triple_hits: int = 0
    coded_triples: int = 0
    correct_triples: int = 0
    coded_types: int = 0
    correct_types: int = 0
    fact_scored: int = 0
    fact_correct: int = 0
    negated_as_asserted: int = 0
    per_type: dict = field(default_factory=dict)
    confusion: dict = field(default_factory=dict)
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    @property
    def n_events(self) -> int:
        return sum(v["n"] for v in self.per_type.values())

    @staticmethod
    def _ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    def metrics(self) -> dict:
        return {
            "records": self.n_records, "gold_events": self.n_events, "texts": self.n_texts,
            "event_type_recall": self._ratio(self.type_hits, self.n_events),
            "event_type_precision": self._ratio(self.correct_types, self.coded_types),
            "triple_recall": self._ratio(self.triple_hits, self.n_events),
            "triple_precision": self._ratio(self.correct_triples, self.coded_triples),
            "coded_triples": self.coded_triples,
            "factuality_accuracy": self._ratio(self.fact_correct, self.fact_scored),
            "factuality_scored": self.fact_scored,
            "negated_coded_as_asserted": self.negated_as_asserted,
            "seconds": round(self.seconds, 2),
        }

    def to_json(self, misses: int | None = None) -> dict:
        return {"gold": self.gold_path, "metrics": self.metrics(), "per_type": self.per_type,
                "confusion": self.confusion, "misses": self.misses[:misses] if misses is not None else self.misses,
                "false_positives": self.false_positives[:misses] if misses is not None else self.false_positives,
                "skipped": self.skipped}


def _predicted_type(rec: GoldRecord, coded: list[Coded]) -> str:
    """The column of the confusion table: the gold type if coded, else the type of the coded event
    whose actors agree best with the gold, else '-'."""
    views = [c.view(rec.native) for c in coded]
    if rec.event in views:
        return rec.event
    if not coded:
        return NONE
    best = max(coded, key=lambda c: (actors_match(rec, c), rec.sources is not None and _in(c.source, c.source_org,
                                                                                        rec.sources)))
    return best.view(rec.native)


def score(records: list[GoldRecord], coded_by_text: dict[str, list[Coded]], gold_path: str = "") -> Result:
    """Compute every metric from gold records and the coder's events for each text."""
    res = Result(gold_path=gold_path, n_records=len(records))
    by_text: dict[str, list[GoldRecord]] = defaultdict(list)
    for rec in records:
        by_text[rec.text].append(rec)
    res.n_texts = len(by_text)
    per_type = {t: Counter() for t in EVENT_TYPES}
    confusion: dict[str, Counter] = defaultdict(Counter)
    for text, recs in by_text.items():
        coded = coded_by_text.get(text, [])
        native = any(r.native for r in recs)
        for rec in recs:
            if rec.event is None:
                continue
            views = [c.view(rec.native) for c in coded]
            type_hit = rec.event in views
            matches = [c for c in coded if triple_match(rec, c)]
            per_type[rec.event]["n"] += 1
            per_type[rec.event]["type_hits"] += type_hit
            per_type[rec.event]["triple_hits"] += bool(matches)
            res.type_hits += type_hit
            res.triple_hits += bool(matches)
            confusion[rec.event][_predicted_type(rec, coded)] += 1
            if rec.native and matches:
                res.fact_scored += 1
                res.fact_correct += any(c.factuality == rec.factuality for c in matches)
                if rec.factuality == "negated" and any(c.factuality == "asserted" for c in matches):
                    res.negated_as_asserted += 1
            if not matches:
                res.misses.append({"id": rec.id, "line": rec.line, "gold": rec.label(), "text": text,
                                   "coded": [c.label(rec.native) for c in coded]})
        # Precision: distinct (source, type, target) triples coded for the text, and distinct types.
        triples = {(c.source, c.view(native), c.target): c for c in coded}
        for (s, t, g), c in triples.items():
            ok = any(triple_match(r, c) for r in recs)
            res.coded_triples += 1
            res.correct_triples += ok
            if not ok:
                res.false_positives.append({"text": text, "coded": c.label(native), "rule": c.rule,
                                            "gold": [r.label() for r in recs]})
        types = {c.view(native) for c in coded}
        res.coded_types += len(types)
        res.correct_types += sum(1 for t in types if any(r.event == t for r in recs))
    for t, cnt in per_type.items():
        if cnt["n"]:
            res.per_type[t] = {"n": cnt["n"], "type_recall": round(cnt["type_hits"] / cnt["n"], 4),
                               "triple_recall": round(cnt["triple_hits"] / cnt["n"], 4)}
    res.confusion = {g: dict(row) for g, row in sorted(confusion.items())}
    return res


def code_texts(records: Iterable[GoldRecord], coder: str | None = None, using: Coder | None = None
               ) -> dict[str, list[Coded]]:
    """Run the coder once per distinct text (with the record's date): ``using`` (default: a Coder of
    ``coder``, made for this call)."""
    articles, seen = [], set()
    for rec in records:
        if rec.text not in seen:
            seen.add(rec.text)
            articles.append(Article.make(rec.text, rec.date, external_id=rec.id))
    using = using or Coder(coder=coder)
    return {c.article.text: [_coded(e) for e in c.events] for c in using.code_all(articles)}


def evaluate(path: str | Path, limit: int | None = None, coder: str | None = None,
             using: Coder | None = None) -> Result:
    """Load a gold file, code its texts, score. ``limit`` keeps the first N records; ``coder``:
    combined (default), learned or rules; ``using``: a Coder of your own."""
    records, skipped = load_gold(path)
    if limit is not None:
        records = records[:limit]
    t0 = time.perf_counter()
    coded = code_texts(records, coder, using)
    res = score(records, coded, str(path))
    res.seconds = time.perf_counter() - t0
    res.skipped = skipped
    return res


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def render_text(res: Result, misses: int = 20) -> str:
    m = res.metrics()
    out = [f"gold: {res.gold_path}",
           f"{m['gold_events']} gold events in {m['texts']} texts, coded in {m['seconds']} s",
           "",
           f"event-type recall     {_pct(m['event_type_recall'])}",
           f"event-type precision  {_pct(m['event_type_precision'])}",
           f"triple recall         {_pct(m['triple_recall'])}   (source, event, target at country level)",
           f"triple precision      {_pct(m['triple_precision'])}   ({m['coded_triples']} distinct coded triples)",
           f"factuality accuracy   {_pct(m['factuality_accuracy'])}   ({m['factuality_scored']} matched events "
           f"with gold factuality)",
           f"negated coded as asserted: {m['negated_coded_as_asserted']}",
           "", "per type:", f"  {'type':<10} {'n':>4} {'type rec':>9} {'triple rec':>11}"]
    for t, v in res.per_type.items():
        out.append(f"  {t:<10} {v['n']:>4} {v['type_recall']:>9.3f} {v['triple_recall']:>11.3f}")
    cols = [t for t in (*EVENT_TYPES, NONE) if any(t in row for row in res.confusion.values())]
    abbrev = {t: t[:4] for t in cols}
    out += ["", "confusion (rows: gold type, columns: coded type, '-' = no event):",
            "  " + " " * 10 + " ".join(f"{abbrev[c]:>4}" for c in cols)]
    for g, row in res.confusion.items():
        out.append(f"  {g:<10}" + " ".join(f"{row.get(c, 0) or '.':>4}" for c in cols))
    if misses and res.misses:
        out += ["", f"misses ({len(res.misses)}; first {min(misses, len(res.misses))}):"]
        for miss in res.misses[:misses]:
            out.append(f"  [{miss['id']}] gold: {miss['gold']}")
            out.append(f"      coded: {'; '.join(miss['coded']) or '(nothing)'}")
            out.append(f"      text: {miss['text']}")
    if res.skipped:
        out += ["", f"skipped records ({len(res.skipped)}):", *("  " + s for s in res.skipped)]
    return "\n".join(out) + "\n"
