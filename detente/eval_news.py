"""The metric of ../shared/gold/README.md for hand-coded news: statements and whole articles whose
records carry an ``events`` list (source, type, target, factuality, alt_event).

Each text's events are reduced to identity triples (ISO3, or IGO/NGO/MNC with the organisation), the
repeats of one triple in a text count once, and gold and coded triples are matched one to one, greedily
in gold order. This module reads such files and scores coded events against them; it does not code."""
from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .coding.ontology import EVENT_TYPES, iso_actor_code, normalise_event
from .errors import InputError
from .model import FACTUALITY, Event

log = logging.getLogger(__name__)

ORG_IDENTITIES = ("IGO", "NGO", "MNC")


def identity(code: str | None, org: str | None = None) -> str | None:
    """An actor reduced to what the metric compares: 'SRB', 'IGO:NATO', 'IGO' or None."""
    if not code:
        return None
    code = iso_actor_code(code)
    if code in ORG_IDENTITIES:
        return f"{code}:{org.upper()}" if org else code
    return code


def same_identity(a: str | None, b: str | None) -> bool:
    """Equal identities; an IGO with and without an organisation match each other."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    return (a == "IGO" and b.startswith("IGO:")) or (b == "IGO" and a.startswith("IGO:"))


@dataclass(frozen=True)
class GoldEvent:
    source: str | None
    event: str
    target: str | None
    factuality: str
    alt_event: str | None = None
    trigger: str = ""
    sentence: str = ""
    source_text: str = ""
    target_text: str = ""
    mode: str | None = None

    def label(self) -> str:
        alt = f"/{self.alt_event}" if self.alt_event else ""
        return f"{self.source or '-'} {self.event}{alt} {self.target or '-'} ({self.factuality}) «{self.trigger}»"


@dataclass(frozen=True)
class NewsRecord:
    id: str
    line: int
    text: str
    date: dt.date
    events: tuple[GoldEvent, ...]
    split: str = ""
    title: str = ""


def is_news_file(path: str | Path) -> bool:
    """True when the file's first record has an ``events`` list (Détente's news gold layout)."""
    try:
        with open(path, encoding="utf-8") as fh:
            for raw in fh:
                if raw.strip():
                    rec = json.loads(raw)
                    return isinstance(rec, dict) and isinstance(rec.get("events"), list)
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return False


def _actor(value) -> tuple[str | None, str]:
    if not isinstance(value, dict):
        return None, ""
    return identity(value.get("code"), value.get("org")), str(value.get("text") or "")


def gold_lines(path: str, skipped: list[str]):
    """(line number, record) for each line of a gold file that is a JSON object with a text; a line
    that is not is reported in ``skipped`` (file:line) and passed over."""
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read gold file: {exc.strerror}", path=path) from None
    with fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                r = json.loads(raw)
            except json.JSONDecodeError as exc:
                skipped.append(f"{path}:{n}: not JSON ({exc.msg})")
                continue
            if not isinstance(r, dict) or not str(r.get("text") or "").strip():
                skipped.append(f"{path}:{n}: record has no text")
                continue
            yield n, r


def load_news(path: str | Path, split: str | None = None) -> tuple[list[NewsRecord], list[str]]:
    """Read a news gold file. Returns its records (of ``split`` when given) and one message per line
    skipped (bad JSON, no text, bad date, unknown type or factuality) naming the file and line."""
    path = str(path)
    records, skipped, splits = [], [], set()
    for n, r in gold_lines(path, skipped):
        splits.add(r.get("split"))
        if split is not None and r.get("split") != split:
            continue
        try:
            date = dt.date.fromisoformat(str(r.get("date"))[:10])
        except ValueError:
            skipped.append(f"{path}:{n}: bad date {r.get('date')!r}")
            continue
        events, bad = [], None
        for e in r.get("events") or []:
            etype = normalise_event(str(e.get("event") or ""))
            alt = normalise_event(str(e["alt_event"])) if e.get("alt_event") else None
            fact = e.get("factuality") or "asserted"
            if etype not in EVENT_TYPES or (alt is not None and alt not in EVENT_TYPES):
                bad = f"unknown event type {e.get('event')!r}"
                break
            if fact not in FACTUALITY:
                bad = f"unknown factuality {fact!r}"
                break
            (src, src_text), (tgt, tgt_text) = _actor(e.get("source")), _actor(e.get("target"))
            events.append(GoldEvent(src, etype, tgt, fact, alt, str(e.get("trigger") or ""),
                                    str(e.get("sentence") or ""), src_text, tgt_text, e.get("mode")))
        if bad:
            skipped.append(f"{path}:{n}: {bad}")
            continue
        records.append(NewsRecord(str(r.get("id") or f"line{n}"), n, str(r["text"]), date, tuple(events),
                                  str(r.get("split") or ""), str(r.get("title") or "")))
    if split is not None and split not in splits:
        known = ", ".join(sorted(s for s in splits if s)) or "none"
        raise InputError(f"no records of split {split!r} (splits in the file: {known})", path=path)
    return records, skipped


@dataclass(frozen=True)
class CodedTriple:
    source: str | None
    event: str
    target: str | None
    factuality: str
    trigger: str = ""
    rule: str = ""

    def label(self) -> str:
        return f"{self.source or '-'} {self.event} {self.target or '-'} ({self.factuality}) «{self.trigger}» [{self.rule}]"


def reduce_event(e: Event) -> CodedTriple:
    return CodedTriple(identity(e.source.code, e.source.org),
                       e.event, identity(e.target.code, e.target.org) if e.target else None,
                       e.factuality, e.evidence.trigger, e.evidence.rule)


def _unique(items, key):
    seen, out = set(), []
    for it in items:
        k = key(it)
        if k not in seen:
            seen.add(k)
            out.append(it)
    return out


def _types(g: GoldEvent) -> set[str]:
    return {g.event} | ({g.alt_event} if g.alt_event else set())


def _pairs_match(g: GoldEvent, c: CodedTriple, undirected: bool) -> bool:
    if c.event not in _types(g):
        return False
    if same_identity(g.source, c.source) and same_identity(g.target, c.target):
        return True
    return undirected and same_identity(g.source, c.target) and same_identity(g.target, c.source)


def match_text(gold: list[GoldEvent], coded: list[CodedTriple], undirected: bool = False
               ) -> list[tuple[GoldEvent, CodedTriple | None]]:
    """Greedy one-to-one matching in gold order; returns each gold event with its coded match or None."""
    free = list(coded)
    out = []
    for g in gold:
        hit = next((c for c in free if _pairs_match(g, c, undirected)), None)
        if hit is not None:
            free.remove(hit)
        out.append((g, hit))
    return out


@dataclass
class NewsResult:
    path: str
    texts: int = 0
    gold: int = 0
    coded: int = 0
    matched: int = 0
    matched_undirected: int = 0
    fact_right: int = 0
    non_asserted: int = 0
    non_asserted_right: int = 0
    negated_as_asserted: int = 0
    per_type: dict = field(default_factory=dict)
    misses: list = field(default_factory=list)  # (record id, text, gold label, what was coded)
    false_alarms: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    @staticmethod
    def _f1(m: int, coded: int, gold: int) -> tuple[float, float, float]:
        p = m / coded if coded else 0.0
        r = m / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def metrics(self) -> dict:
        p, r, f = self._f1(self.matched, self.coded, self.gold)
        up, ur, uf = self._f1(self.matched_undirected, self.coded, self.gold)
        return {"texts": self.texts, "gold_events": self.gold, "coded_events": self.coded, "matched": self.matched,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "undirected_f1": round(uf, 4),
                "factuality_accuracy": round(self.fact_right / self.matched, 4) if self.matched else None,
                "non_asserted_gold": self.non_asserted, "non_asserted_found_right": self.non_asserted_right,
                "negated_coded_as_asserted": self.negated_as_asserted}

    def to_json(self, misses: int = 20) -> dict:
        return {"gold_file": self.path, **self.metrics(), "per_type": self.type_table(),
                "misses": [{"id": i, "text": t, "gold": g, "coded": c} for i, t, g, c in self.misses[:misses]],
                "skipped": self.skipped}

    def type_table(self) -> dict[str, dict]:
        out = {}
        for t in sorted(self.per_type):
            c = self.per_type[t]
            p, r, f = self._f1(c["matched"], c["coded"], c["gold"])
            out[t] = {**c, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
        return out


def score_news(records: list[NewsRecord], coded: dict[str, list[CodedTriple]], path: str = "") -> NewsResult:
    """Score coded triples (by record id) against the records, exactly as gold/README.md defines."""
    res = NewsResult(path)
    types = {t: Counter() for t in EVENT_TYPES}
    for rec in records:
        gold = _unique(rec.events, lambda g: (g.source, g.event, g.target))
        mine = _unique(coded.get(rec.id, []), lambda c: (c.source, c.event, c.target))
        res.texts += 1
        res.gold += len(gold)
        res.coded += len(mine)
        pairs = match_text(gold, mine)
        matched_coded = {id(c) for _, c in pairs if c is not None}
        res.matched_undirected += sum(c is not None for _, c in match_text(gold, mine, undirected=True))
        for g, c in pairs:
            types[g.event]["gold"] += 1
            if g.factuality != "asserted":
                res.non_asserted += 1
            if c is None:
                res.misses.append((rec.id, rec.text, g.label(), [x.label() for x in mine]))
                continue
            res.matched += 1
            types[g.event]["matched"] += 1
            if c.factuality == g.factuality:
                res.fact_right += 1
                if g.factuality != "asserted":
                    res.non_asserted_right += 1
        for c in mine:
            types[c.event]["coded"] += 1
            if id(c) not in matched_coded:
                res.false_alarms.append((rec.id, rec.text, c.label()))
            if c.factuality == "asserted" and any(
                    g.factuality == "negated" and c.event == g.event and same_identity(g.source, c.source)
                    and same_identity(g.target, c.target) for g in rec.events):
                res.negated_as_asserted += 1
    res.per_type = {t: dict(c) | {k: c.get(k, 0) for k in ("gold", "coded", "matched")}
                    for t, c in types.items() if c}
    return res


def render_news(res: NewsResult, misses: int = 20) -> str:
    m = res.metrics()
    lines = [f"{res.path}: {m['texts']} texts, {m['gold_events']} gold events, {m['coded_events']} coded",
             f"event F1 {m['f1']:.3f}  precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
             f"undirected F1 {m['undirected_f1']:.3f}",
             f"factuality accuracy on matched events: "
             + (f"{m['factuality_accuracy']:.3f}" if m['factuality_accuracy'] is not None else "-"),
             f"non-asserted gold events found with the right factuality: "
             f"{m['non_asserted_found_right']} of {m['non_asserted_gold']}",
             f"negated coded as asserted: {m['negated_coded_as_asserted']}",
             "", f"{'type':<10} {'gold':>5} {'coded':>6} {'match':>6} {'P':>6} {'R':>6} {'F1':>6}"]
    for t, c in res.type_table().items():
        lines.append(f"{t:<10} {c['gold']:>5} {c['coded']:>6} {c['matched']:>6} {c['precision']:>6.3f} "
                     f"{c['recall']:>6.3f} {c['f1']:>6.3f}")
    if misses and res.misses:
        lines += ["", f"misses (first {min(misses, len(res.misses))} of {len(res.misses)}):"]
        for rid, text, gold, got in res.misses[:misses]:
            lines.append(f"  {rid}: gold {gold}; coded {'; '.join(got) or 'nothing'}")
            lines.append(f"      {text[:160]}")
    for s in res.skipped:
        lines.append(f"skipped {s}")
    return "\n".join(lines)


def code_records(records: list[NewsRecord], coder: str | None = None) -> dict[str, list[CodedTriple]]:
    """Code each record's text as an article of its date, as a user's run would (prefilter on)."""
    from .model import Article
    from .pipeline import code_articles
    articles = [Article.make(r.text, r.date, external_id=r.id) for r in records]
    return {rec.id: [reduce_event(e) for e in c.events]
            for rec, c in zip(records, code_articles(articles, coder=coder))}


def evaluate_news(path: str | Path, split: str | None = None, limit: int | None = None,
                  coder: str | None = None) -> NewsResult:
    """Load a news gold file (of ``split``), code its texts, score them."""
    records, skipped = load_news(path, split)
    if limit is not None:
        records = records[:limit]
    res = score_news(records, code_records(records, coder), str(path) + (f" (split {split})" if split else ""))
    res.skipped = skipped
    return res
