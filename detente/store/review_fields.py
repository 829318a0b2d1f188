"""What an analyst may write in a review, checked before it reaches the store: PLOVER types and modes,
factuality, and actors picked by code ("RUS", "RUS GOV", "NATO") or name ("Russia")."""
from __future__ import annotations

import re

from ..errors import QueryError
from ..model import FACTUALITY, ORG_CODES

ACTIONS = ("confirm", "reject", "correct", "add")
ACTOR_PARTS = ("code", "org", "sector", "name", "cameo")
READING_FIELDS = ["event", "mode", "factuality", "cameo", "goldstein", "quad_class",
                  *(f"{side}_{part}" for side in ("source", "target") for part in (*ACTOR_PARTS, "reason"))]
SECTORS = ("GOV", "MIL", "REB", "OPP", "CVL", "JUD", "LEG", "POL", "BUS", "MED", "COP", "SPY", "ELI", "EDU",
           "HLH", "REF", "LAB", "NGO", "IGO", "MNC", "CRM", "REL", "ENV", "AGR", "UAF", "INS", "PTY")
CODE = re.compile(r"^[A-Z]{3}$")


def check_reading(r: dict) -> None:
    from ..coding.ontology import EVENT_TYPES, plover_modes
    if r.get("event") not in EVENT_TYPES:
        raise QueryError(f"unknown PLOVER type {r.get('event')!r}; one of {', '.join(EVENT_TYPES)}")
    if r.get("factuality") not in FACTUALITY:
        raise QueryError(f"unknown factuality {r.get('factuality')!r}; one of {', '.join(FACTUALITY)}")
    modes = plover_modes().get(r["event"], frozenset())
    if r.get("mode") and r["mode"] not in modes:
        known = ", ".join(sorted(modes)) or "none"
        raise QueryError(f"unknown mode {r['mode']!r} for {r['event']} (modes: {known})")
    if not r.get("source_code"):
        raise QueryError("an event needs a source actor")


def derived_codes(event: str, mode: str | None) -> dict:
    """CAMEO code, Goldstein score and QuadClass of a type the analyst chose (the CAMEO code the
    learned coder gives the same type and mode)."""
    from ..coding.learned.coder import cameo_for
    from ..coding.ontology import goldstein, quad_class
    cameo = cameo_for(event, mode or "")
    if not cameo:
        return {"cameo": None, "goldstein": None, "quad_class": None}
    return {"cameo": cameo, "goldstein": goldstein(cameo), "quad_class": quad_class(cameo)}


def resolve_actor(value, day=None, required: bool = True) -> dict | None:
    """An actor the analyst picked: a dict {code, org, sector, name} or a text — a code, a code and a
    sector ("RUS GOV"), an organisation ("NATO") or a name the gazetteer knows ("Russia")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise QueryError("a source actor is needed")
        return None
    if isinstance(value, dict):
        return _actor_dict(value)
    if not isinstance(value, str) or len(value) > 100:
        raise QueryError("an actor is a code or a name of at most 100 characters")
    from ..actors.gazetteer import gazetteer
    gaz = gazetteer()
    words = value.split()
    sector = ""
    if len(words) > 1 and words[-1].upper() in SECTORS:
        sector, words = words[-1].upper(), words[:-1]
    text = " ".join(words)
    if text.upper() in gaz.country_names:
        code = text.upper()
        return {"code": code, "org": None, "sector": sector or None, "name": gaz.country_name(code),
                "cameo": code + sector}
    entry = gaz.entry(text) or gaz.entry(text.upper())
    if entry is None:
        raise QueryError(f"unknown actor {value!r}; give an ISO code (RUS), an organisation (NATO) or a "
                         "name the gazetteer knows (Russia)")
    sector = sector or entry.sector or ""
    name = entry.name or (gaz.country_name(entry.code) if entry.code not in ORG_CODES else entry.org) or text
    cameo = entry.cameo or (entry.org if entry.code in ORG_CODES and entry.org else entry.code + sector)
    return {"code": entry.code, "org": entry.org or None, "sector": sector or None, "name": name, "cameo": cameo}


def _actor_dict(value: dict) -> dict:
    code = str(value.get("code") or "").strip().upper()
    if not CODE.match(code):
        raise QueryError(f"actor code {code!r} is not three letters (RUS, IGO …)")
    sector = str(value.get("sector") or "").strip().upper()
    if sector and sector not in SECTORS:
        raise QueryError(f"unknown sector {sector!r}; one of {', '.join(SECTORS)}")
    org = str(value.get("org") or "").strip() or None
    if org and (len(org) > 40 or code not in ORG_CODES):
        raise QueryError("an organisation goes with code IGO, NGO, MNC or IMG, in at most 40 characters")
    name = str(value.get("name") or "").strip()[:100] or org or code
    return {"code": code, "org": org, "sector": sector or None, "name": name,
            "cameo": org if org else code + sector}
