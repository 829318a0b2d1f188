"""The metric of ../shared/gold/README.md for hand-coded news: each text's events are reduced to
identity triples (coding/gold.py), the repeats of one triple in a text count once, and gold and coded
triples are matched one to one, greedily in gold order. Training tunes on it (coding/learned/tune.py);
``detente eval`` reports it (detente/eval_news.py)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .gold import CodedTriple, GoldEvent, NewsRecord, same_identity
from .ontology import EVENT_TYPES


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
