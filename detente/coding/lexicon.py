"""The trigger lexicon (detente/data/lexicon/triggers.tsv), indexed by (pos, lemma).

Each entry names a PLOVER type, mode and context, and the CAMEO code it stands for. Constraints
(all optional) narrow a lemma to one sense: ``with`` — a word that must be attached to the trigger
(a particle, preposition or adverb: "rule OUT", "call FOR", "SEXUALLY abuse"); ``object`` — a lemma
the trigger's object must have ("impose" + "sanction"), or ``@actor`` (the object is an actor) or
``@xcomp`` (the verb governs an infinitive: "decline to"); ``governor`` — for nouns, the verb that
takes the noun as its object ("LODGE a protest"). Entries with constraints are tried first."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..actors.gazetteer import read_tsv
from ..config import DATA_DIR
from ..errors import DictionaryError
from .ontology import EVENT_TYPES, plover_modes

LEXICON_PATH = DATA_DIR / "lexicon" / "triggers.tsv"
COLUMNS = ("id", "event", "mode", "context", "cameo", "pos", "lemma", "with", "object", "governor", "preps")


def _set(value: str | None) -> frozenset[str]:
    return frozenset(x.strip().lower() for x in (value or "").split("|") if x.strip())


@dataclass(frozen=True)
class Trigger:
    id: str
    event: str
    mode: str
    context: str
    cameo: str
    pos: str  # V or N
    lemma: str
    with_: frozenset[str]
    objects: frozenset[str]
    governors: frozenset[str]
    preps: frozenset[str]

    @property
    def specificity(self) -> int:
        # a named object is the strongest sign of a sense ("withdraw INSPECTORS from" beats "withdraw from"),
        # and a named word beats a condition on the phrase: "DRONE strikes on X" is an attack even under
        # "announce", which makes "strikes @prep" a labour strike
        named = any(not o.startswith("@") for o in self.objects)
        return bool(self.with_) + (4 if named else 2 * bool(self.objects)) + bool(self.governors)


class Lexicon:
    def __init__(self, path: Path = LEXICON_PATH):
        self.path = path
        self.entries: list[Trigger] = []
        rows = read_tsv(path)
        if rows and set(COLUMNS) - set(rows[0]):
            raise DictionaryError(f"missing columns {sorted(set(COLUMNS) - set(rows[0]))}", path=str(path))
        modes = plover_modes()
        ids = set()
        for n, r in enumerate(rows, 1):
            where = f"entry {r.get('id')!r}"
            if r["event"] not in EVENT_TYPES:
                raise DictionaryError(f"{where}: unknown event type {r['event']!r}", path=str(path))
            if r["pos"] not in ("V", "N"):
                raise DictionaryError(f"{where}: pos must be V or N, not {r['pos']!r}", path=str(path))
            if not (r["cameo"] or "").isdigit():
                raise DictionaryError(f"{where}: CAMEO code {r['cameo']!r} is not numeric", path=str(path))
            if r["id"] in ids:
                raise DictionaryError(f"{where}: duplicate id", path=str(path))
            mode = (r["mode"] or "").strip()
            if mode and modes.get(r["event"]) and mode not in modes[r["event"]]:
                raise DictionaryError(f"{where}: {mode!r} is not a PLOVER mode of {r['event']}", path=str(path))
            ids.add(r["id"])
            self.entries.append(Trigger(
                id=r["id"], event=r["event"], mode=mode, context=(r["context"] or "").strip(),
                cameo=r["cameo"], pos=r["pos"], lemma=r["lemma"].strip().lower(), with_=_set(r["with"]),
                objects=_set(r["object"]), governors=_set(r["governor"]), preps=_set(r["preps"])))
        # Nouns whose modifier is the target, not the source: "NATO membership", "EU accession".
        self.modifier_targets = frozenset(e.lemma for e in self.entries if "@modifier" in e.preps)
        # Nouns whose possessor undergoes the act: "Navalny's arrest", "Trump's release".
        self.possessor_targets = frozenset(e.lemma for e in self.entries if "@possessor" in e.preps)
        self.by_key: dict[tuple[str, str], list[Trigger]] = {}
        for e in self.entries:
            self.by_key.setdefault((e.pos, e.lemma), []).append(e)
        # The most constrained sense first: "impose sanctions" before "impose curfew" before a bare verb.
        for v in self.by_key.values():
            v.sort(key=lambda e: -e.specificity)

    def lookup(self, pos: str, lemma: str) -> list[Trigger]:
        return self.by_key.get((pos, lemma.lower()), [])

    @property
    def words(self) -> set[str]:
        """Every lemma and object word, for the sentence prefilter."""
        out = set()
        for e in self.entries:
            out.add(e.lemma)
            out.update(o for o in e.objects if not o.startswith("@"))
        return out

    def coverage(self) -> dict[str, dict[str, int]]:
        """Entries per event type and mode ('' = no mode), for docs and tests."""
        out: dict[str, dict[str, int]] = {t: {} for t in EVENT_TYPES}
        for e in self.entries:
            out[e.event][e.mode] = out[e.event].get(e.mode, 0) + 1
        return out


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


@functools.lru_cache(maxsize=1)
def reaction_verbs() -> frozenset[str]:
    """Verbs whose object is someone else's act (data/lexicon/reaction_verbs.tsv)."""
    return frozenset(r["lemma"].strip().lower() for r in read_tsv(DATA_DIR / "lexicon" / "reaction_verbs.tsv"))


@functools.lru_cache(maxsize=1)
def statement_nouns() -> frozenset[str]:
    """Nouns for what an actor says or writes (data/lexicon/statement_nouns.tsv): a participle of one
    of them is the act of the noun's author ("issued a statement condemning …")."""
    return frozenset(r["lemma"].strip().lower() for r in read_tsv(DATA_DIR / "lexicon" / "statement_nouns.tsv"))


@functools.lru_cache(maxsize=1)
def interception_verbs() -> frozenset[str]:
    """Verbs of air defence (data/lexicon/interception_verbs.tsv): what their subject intercepts was
    fired at it."""
    return frozenset(r["lemma"].strip().lower() for r in read_tsv(DATA_DIR / "lexicon" / "interception_verbs.tsv"))
