"""Détente's hand-coded news gold (../shared/gold/README.md): statements and whole articles whose
records carry an ``events`` list (source, type, target, factuality, alt_event), read into typed
records; and a coded event reduced to what the gold is compared with (an identity triple).

Training reads the gold here (coding/learned/); scoring is coding/metric.py, the evaluation's report
detente/eval_news.py. A bad line is reported in ``skipped`` (file:line) and passed over."""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from ..actors.gazetteer import iso_actor_code
from ..errors import InputError
from ..model import FACTUALITY, Event
from .ontology import EVENT_TYPES, normalise_event

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


def gold_lines(path: str, skipped: list[str], need_text: bool = True):
    """(line number, record) for each line of a gold file that is a JSON object with a text (any JSON
    object if not ``need_text``: labels whose text is kept elsewhere); a line that is not is reported
    in ``skipped`` (file:line) and passed over."""
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
            if not isinstance(r, dict) or (need_text and not str(r.get("text") or "").strip()):
                skipped.append(f"{path}:{n}: record has no text")
                continue
            yield n, r


def load_news(path: str | Path, split: str | None = None) -> tuple[list[NewsRecord], list[str]]:
    """Read a news gold file. Returns its records (of ``split`` when given) and one message per line
    skipped (bad JSON, no text, bad date, unknown type or factuality) naming the file and line."""
    path = str(path)
    skipped: list[str] = []
    return news_records(path, gold_lines(path, skipped), split, skipped), skipped


def news_records(path: str, lines, split: str | None, skipped: list[str]) -> list[NewsRecord]:
    """Typed records from (line number, record) pairs of ``path`` — a gold file's lines, or labels
    whose text was read elsewhere (coding/learned/handcoded.py); a bad record goes to ``skipped``."""
    records, splits = [], set()
    for n, r in lines:
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
    return records


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
