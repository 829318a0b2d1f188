"""Write detente/data/lexicon/petrarch_verbs.tsv from PETRARCH's verb dictionary (CAMEO.2.0.txt, MIT
licence, Open Event Data): for each single-word verb of a synset, the PLOVER types of the synset's own
code and of its patterns, with the pattern's first object word ("close" + "border" → SANCTION).

The learned trigger model reads the table as features (learned/petrarch.py): a verb training never saw
as a trigger still carries the types PETRARCH's coders gave it, and their weights, learned on the verbs
that training did see, carry over.

    python scripts/make_petrarch_verbs.py [../shared/petrarch/CAMEO.2.0.txt]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from detente.coding.ontology import crosswalk
from detente.config import DATA_DIR

OUT = DATA_DIR / "lexicon" / "petrarch_verbs.tsv"
HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]*)\]")
# Words of a pattern that are not its object: prepositions and particles stay with their phrase.
SKIP = {"to", "of", "in", "on", "at", "for", "with", "from", "into", "over", "by", "against", "about", "off", "out",
        "up", "down", "as", "under", "behind", "between", "the", "a", "an"}


def plover(code: str, table: dict[str, tuple[str, str, str]]) -> str | None:
    """The PLOVER type of a CAMEO code ("042:043" → its first), by the longest prefix the crosswalk knows."""
    code = code.split(":")[0].strip()
    if not code.isdigit():
        return None
    for n in range(len(code), 1, -1):
        for key in (code[:n], code[:n] + "0"):
            if key in table:
                return table[key][0]
    return None


def object_word(pattern: str) -> str:
    """The first content word after the verb's place ("*") in a pattern, lower case; '' if none."""
    _, star, after = pattern.partition("*")
    if not star:
        return ""
    for w in re.split(r"[\s(){}]+", after):
        w = w.strip().lower()
        if not w or not w.isalpha() or w in SKIP:
            continue  # "&FOOD" (a synset), "$", "%", "+X" are other actors or sets: not one word
        return w
    return ""


def rows(path: Path) -> list[tuple[str, str, str]]:
    table = crosswalk()
    out: set[tuple[str, str, str]] = set()
    verbs: list[str] = []
    header_code = ""
    in_verbs = False
    for raw in open(path, encoding="utf-8", errors="replace"):
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("---"):
            m = HEADER.match(raw)
            if m:
                verbs, header_code, in_verbs = [], m.group(2), True
            continue
        if not line.strip() or not in_verbs:
            continue
        if line.startswith("-"):
            m = PATTERN.match(line)
            t = plover(m.group(2), table) if m else None
            if t:
                for v in verbs:
                    out.add((v, object_word(m.group(1)), t))
            continue
        word = line.split()[0]
        if word.startswith("+") or not word.isalpha():
            continue  # phrasal verbs ("+WIND_UP"): the model sees their head word anyway
        v = word.lower()
        verbs.append(v)
        t = plover(header_code, table)
        if t:
            out.add((v, "*", t))
    return sorted(out)


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else Path("../shared/petrarch/CAMEO.2.0.txt")
    found = rows(src)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("# From PETRARCH's CAMEO.2.0.txt (MIT licence, (c) 2014 Open Event Data) by scripts/make_petrarch_verbs.py:\n"
                 "# verb lemma, the first object word of a pattern (* for the synset's own code, empty for a pattern with no object word), PLOVER type\n")
        fh.write("lemma\tobject\tevent\n")
        for r in found:
            fh.write("\t".join(r) + "\n")
    print(f"wrote {len(found)} rows, {len({r[0] for r in found})} verbs, to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
