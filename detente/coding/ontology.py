"""PLOVER event types and modes, the CAMEO→PLOVER crosswalk, Goldstein scores and QuadClass,
all read from detente/data/ontology/ (facts, versioned as data)."""
from __future__ import annotations

import functools
import json
import re

from ..config import DATA_DIR
from ..actors.gazetteer import iso_actor_code, legacy_actor_codes, read_tsv  # noqa: F401 — actor codes live with the actors

ONTO = DATA_DIR / "ontology"
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
               "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
# 2016 PLOVER names used in older gold files → current names.
LEGACY_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
                "YIELD": "CONCEDE"}
QUAD_NAMES = {1: "Verbal Cooperation", 2: "Material Cooperation", 3: "Verbal Conflict", 4: "Material Conflict"}
# The coding guide's verbal types: asserted when the speech act was made, even when its content lies in
# the future or is refused (ANNOTATION.md §3: "Israel will not withdraw" is a REJECT, asserted).
VERBAL_TYPES = frozenset({"AGREE", "CONCEDE", "THREATEN", "REQUEST", "REJECT", "ACCUSE"})


@functools.lru_cache(maxsize=1)
def plover_types() -> dict[str, dict]:
    with open(ONTO / "plover_event_types.json", encoding="utf-8") as fh:
        return {e["event"]: e for e in json.load(fh)}


@functools.lru_cache(maxsize=1)
def plover_modes() -> dict[str, frozenset[str]]:
    """Modes of each type: those of plover_event_types.json and of the structured codebook (the two
    PLOVER releases name a few modes differently: 'targeted' / 'assassinate', 'ban')."""
    import csv
    out = {t: {m["mode"] for m in d.get("modes", [])} for t, d in plover_types().items()}
    with open(ONTO / "PLOVER_structured_codebook_updated.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["mode"].strip():
                out.setdefault(r["event"], set()).add(r["mode"].strip())
    return {t: frozenset(m) for t, m in out.items()}


@functools.lru_cache(maxsize=1)
def goldstein_table() -> dict[str, float]:
    return {r["cameo"]: float(r["goldstein"]) for r in read_tsv(ONTO / "cameo_goldstein.tsv")}


@functools.lru_cache(maxsize=1)
def crosswalk() -> dict[str, tuple[str, str, str]]:
    """CAMEO code → (PLOVER event, mode, context) from CAMEO2PLOVER-2021.txt."""
    out = {}
    pat = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)")
    for line in open(ONTO / "CAMEO2PLOVER-2021.txt", encoding="utf-8"):
        m = pat.match(line.strip())
        if m and len(m.group(1)) >= 3:
            out.setdefault(m.group(1), (m.group(2), m.group(3).strip(), m.group(4).strip().rstrip(",")))
    return out


def goldstein(cameo: str) -> float | None:
    table = goldstein_table()
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            return table[cameo[:n]]
        if cameo[:n] + "0" in table:
            return table[cameo[:n] + "0"]
    return None


def quad_class(cameo: str) -> int | None:
    """GDELT QuadClass from the CAMEO root: 01-05 verbal coop, 06-08 material coop,
    09-13 verbal conflict, 14-20 material conflict."""
    try:
        root = int(cameo[:2])
    except ValueError:
        return None
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    return None


def normalise_event(name: str) -> str:
    name = (name or "").strip().upper()
    return LEGACY_NAMES.get(name, name)


@functools.lru_cache(maxsize=1)
def _view_table() -> dict[str, dict[str, str]]:
    return {r["event"]: {k: (r[k] or "") for k in ("future", "hypothetical", "negated")}
            for r in read_tsv(ONTO / "plover_view.tsv")}


def plover_view(event: str, factuality: str) -> str:
    """The plain PLOVER type of an event that Détente codes with a factuality (plover_view.tsv):
    a planned cooperative act is AGREE, a planned hostile act THREATEN, a declined cooperative act REJECT."""
    if factuality == "asserted":
        return event
    return _view_table().get(event, {}).get(factuality) or event


@functools.lru_cache(maxsize=1)
def _complement_table() -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    for r in read_tsv(ONTO / "complement_modes.tsv"):
        out.setdefault(r["governing"], []).append((r["nested"], r["mode"], r["cameo"]))
    for v in out.values():
        v.sort(key=lambda x: -len(x[0]))
    return out


def complement_mode(governing: str, nested_cameo: str) -> tuple[str, str] | None:
    """(mode, CAMEO code) of a REQUEST/REJECT/THREATEN about an act with CAMEO code ``nested_cameo``
    (complement_modes.tsv, longest prefix), or None when the table says nothing."""
    for prefix, mode, cameo in _complement_table().get(governing, []):
        if nested_cameo.startswith(prefix):
            return mode, cameo
    return None
