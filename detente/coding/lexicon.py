"""The trigger lexicon (detente/data/lexicon/triggers.tsv), indexed by (pos, lemma)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..actors.gazetteer import read_tsv
from ..config import DATA_DIR
from .ontology import EVENT_TYPES

LEXICON_PATH = DATA_DIR / "lexicon" / "triggers.tsv"


@dataclass(frozen=True)
class Trigger:
    id: str
    event: str
    mode: str
    context: str
    cameo: str
    pos: str  # V or N
    lemma: str
    objects: frozenset[str]
    preps: frozenset[str]


class Lexicon:
    def __init__(self, path: Path = LEXICON_PATH):
        self.entries: list[Trigger] = []
        for r in read_tsv(path):
            if r["event"] not in EVENT_TYPES:
                raise ValueError(f"{path}: entry {r['id']} has unknown event type {r['event']!r}")
            self.entries.append(Trigger(
                id=r["id"], event=r["event"], mode=r["mode"] or "", context=r["context"] or "",
                cameo=r["cameo"], pos=r["pos"], lemma=r["lemma"].lower(),
                objects=frozenset(x for x in (r["object"] or "").split("|") if x),
                preps=frozenset(x for x in (r["preps"] or "").split("|") if x)))
        self.by_key: dict[tuple[str, str], list[Trigger]] = {}
        for e in self.entries:
            self.by_key.setdefault((e.pos, e.lemma), []).append(e)
        # Entries that need a given object come first: "impose sanctions" before a bare "impose".
        for v in self.by_key.values():
            v.sort(key=lambda e: not e.objects)

    def lookup(self, pos: str, lemma: str) -> list[Trigger]:
        return self.by_key.get((pos, lemma.lower()), [])

    @property
    def words(self) -> set[str]:
        """Every lemma and object word, for the sentence prefilter."""
        out = set()
        for e in self.entries:
            out.add(e.lemma)
            out.update(e.objects)
        return out


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
