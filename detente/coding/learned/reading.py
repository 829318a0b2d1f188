"""How the factuality model's probabilities become a factuality (ANNOTATION.md §3), and how `make train`
chooses the margin it reads them with.

The model leans to "asserted", the factuality of ~95 % of the training events: read by its most likely
class, it reads few plans, conditions and denials. So "asserted" must beat the likeliest other reading
by a margin (``Thresholds.factuality``), chosen on the training fifth held out of the first fit.

The written rules' negation (coding/factuality.py) stands over the model for acts only, and their
condition where the model reads "asserted". For a verbal
type (AGREE, CONCEDE, THREATEN, REQUEST, REJECT, ACCUSE) the guide codes the speech act, which was made:
"Israel will not withdraw" is a REJECT, asserted, and the model has learned how such negations read."""
from __future__ import annotations

from ..ontology import VERBAL_TYPES
from .linear import LinearModel

# The margins `make train` tries; ties go to the smaller.
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)


def decide(model: LinearModel, feats: list[str], margin: float) -> str:
    """The model's reading: "asserted" when its probability beats every other by ``margin``, else the
    likeliest other factuality."""
    p = model.proba(feats)
    a = model.classes.index("asserted")
    best = max((k for k in range(len(p)) if k != a), key=lambda k: p[k], default=a)
    return "asserted" if best == a or p[a] - p[best] >= margin else model.classes[best]


def _feature(feats: list[str], prefix: str) -> str:
    return next((f[len(prefix):] for f in feats if f.startswith(prefix)), "")


def reading(model: LinearModel, feats: list[str], etype: str, margin: float) -> str:
    """The factuality of a model event: the rules' negation for an act (a denial coded as asserted is
    the worst error a coder can make, and their negation scope is written word by word), else the
    model's reading — where it is "asserted", the rules' condition ("if the Houthis persist in
    attacking", "possible visa revocations": a condition the model has seen too rarely to weigh)."""
    rule = _feature(feats, "rule=")
    if rule == "negated" and etype not in VERBAL_TYPES:
        return "negated"
    learned = decide(model, feats, margin)
    return rule if learned == "asserted" and rule == "hypothetical" else learned


def best_margin(model: LinearModel, rows: list[list[str]], labels: list[str]) -> tuple[float, dict]:
    """The margin that reads the held gold triggers best: most right readings, a right reading of a
    non-asserted event counting twice (they are few, and the reading that finds them is the point)."""
    best, best_score, best_counts = MARGINS[0], -1, {}
    for m in MARGINS:
        right = non_asserted = 0
        for feats, gold in zip(rows, labels):
            ok = reading(model, feats, _feature(feats, "T="), m) == gold
            right += ok
            non_asserted += ok and gold != "asserted"
        if right + non_asserted > best_score:
            best, best_score = m, right + non_asserted
            best_counts = {"right": right, "non_asserted_right": non_asserted, "examples": len(rows),
                           "non_asserted": sum(g != "asserted" for g in labels)}
    return best, best_counts
