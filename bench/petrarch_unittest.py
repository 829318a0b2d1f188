"""PETRARCH's own unit-test suite, coded by Détente with PETRARCH's validation dictionaries.

    .venv/bin/python bench/petrarch_unittest.py [--shared ../shared/petrarch] [--limit N] [--misses]

Reads ``PETR.UnitTest.records.xml`` (272 sentences written for the ``PETR.Validate.*`` dictionaries:
fictional states such as Arnor and Gondor), codes each sentence's text on its date with
``PETR.Validate.actors.txt`` and ``PETR.Validate.agents.txt`` added to the bundled data, and compares
Détente's events with each expected ``(sourcecode, targetcode, eventcode)``:

- **pairs**: the share of expected source–target pairs that some event of the sentence has, both
  actor codes equal (expected codes are read through the same import as the dictionary, so a legacy
  CAMEO code such as ``UAR`` is compared as Détente writes it, and a code longer than country +
  one sector, ``HGWGOVMED``, as its first sector: Détente's actor has one);
- **countries**: the same with the first three letters of each code (country or IGO/NGO);
- **exact**: pair and CAMEO event code equal (the validation verb codes are test codes, not
  always real CAMEO: a low figure here says little).

Expected codings with a null or discard actor (``---``, ``###``, quoted names) are counted apart:
Détente codes no actor there by design. Prints one JSON object. Not a test: about a minute."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ACTORS, AGENTS, RECORDS = "PETR.Validate.actors.txt", "PETR.Validate.agents.txt", "PETR.UnitTest.records.xml"


def records(path: Path) -> list[dict]:
    """Each sentence with its id, date, text and expected codings (error/noevents records left out)."""
    out = []
    for s in ET.parse(path).getroot().iter("Sentence"):
        codings = [(c.get("sourcecode"), c.get("targetcode"), c.get("eventcode"))
                   for c in s.findall("EventCoding") if c.get("sourcecode") is not None]
        text = " ".join((s.findtext("Text") or "").split())
        if codings and text:
            out.append({"id": s.get("id"), "category": (s.get("category") or "").rstrip("Sx"), "date": dt.datetime.strptime(s.get("date"), "%Y%m%d").date(),
                        "text": text, "expected": codings})
    return out


def detente_code(code: str, gaz) -> str | None:
    """An expected PETRARCH actor code as Détente writes it (None: a null, discard or quoted actor)."""
    from detente.actors.dictionaries import _split_code
    from detente.actors.gazetteer import ORG_CODES
    code = code.strip().upper()
    if not code or code[:3] in ("---", "###", "+++") or not code.isalnum():
        return None
    country, org, sector = _split_code(code, gaz)
    base = gaz.org_base.get(org, country + org) if country in ORG_CODES else country
    return base + sector


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "petrarch"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    ap.add_argument("--misses", action="store_true", help="also list the expected pairs not found")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    shared = Path(args.shared)
    from detente.actors.dictionaries import use_dictionaries
    from detente import code_text
    t0 = time.perf_counter()
    resolver = use_dictionaries([str(shared / ACTORS)], [str(shared / AGENTS)])
    load_s = time.perf_counter() - t0
    recs = records(shared / RECORDS)[: args.limit or None]
    n = pairs = countries = exact = apart = 0
    misses = []
    by_category: dict[str, list[int]] = {}
    t0 = time.perf_counter()
    for rec in recs:
        events = code_text(rec["text"], rec["date"]).events
        found = [(e.source.cameo, e.target.cameo if e.target else "", e.cameo) for e in events]
        for src, tgt, ev in rec["expected"]:
            s, t = detente_code(src, resolver.gaz), detente_code(tgt, resolver.gaz)
            if s is None or t is None:
                apart += 1
                continue
            n += 1
            hit = any(fs == s and ft == t for fs, ft, _ in found)
            pairs += hit
            tally = by_category.setdefault(rec["category"], [0, 0])
            tally[0], tally[1] = tally[0] + hit, tally[1] + 1
            countries += any(fs[:3] == s[:3] and ft[:3] == t[:3] for fs, ft, _ in found)
            exact += any(fs == s and ft == t and fe == ev for fs, ft, fe in found)
            if not hit and args.misses:
                misses.append({"id": rec["id"], "expected": [s, t, ev], "found": found})
    report = {
        "sentences": len(recs), "expected_pairs": n, "null_or_discard_apart": apart,
        "pairs_found": pairs, "pair_share": round(pairs / n, 3) if n else None,
        "country_pair_share": round(countries / n, 3) if n else None,
        "exact_share": round(exact / n, 3) if n else None,
        "pair_share_by_category": {c: f"{h}/{t}" for c, (h, t) in sorted(by_category.items())},
        "dictionary_load_s": round(load_s, 2), "coding_s": round(time.perf_counter() - t0, 1),
    }
    if args.misses:
        report["misses"] = misses
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
