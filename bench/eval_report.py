"""Accuracy report: scores the coder on the PLOVER development gold (../shared/gold/plover_gsr_dev.jsonl,
when present) and on Détente's own written test set (tests/data/events_gold.jsonl), and writes the figures
to bench/EVAL.md.

    .venv/bin/python bench/eval_report.py [--out bench/EVAL.md] [--misses 15]

The metrics are defined in docs/coding.md ("Evaluation"); `detente eval GOLD.jsonl` prints the same report
for any gold file. Sections headed "## Recent news review …" (reviews a reader judged by hand, see
bench/recent_news.py) are kept from the existing report."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from detente.coding.lexicon import Lexicon  # noqa: E402
from detente.coding.ontology import EVENT_TYPES  # noqa: E402
from detente.config import CODER_VERSION  # noqa: E402
from detente.evaluate import NONE, Result, evaluate  # noqa: E402

DEV = ROOT.parent / "shared" / "gold" / "plover_gsr_dev.jsonl"
OWN = ROOT / "tests" / "data" / "events_gold.jsonl"


def _f(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def section(title: str, res: Result, misses: int, show_text: bool) -> list[str]:
    m = res.metrics()
    path = Path(res.gold_path)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else Path("..") / path.relative_to(ROOT.parent)
    out = [f"## {title}", "",
           f"`{shown}` — {m['gold_events']} gold events in {m['texts']} texts, coded in {m['seconds']} s.", "",
           "| metric | value |", "|---|---|",
           f"| event-type recall | {_f(m['event_type_recall'])} |",
           f"| event-type precision | {_f(m['event_type_precision'])} |",
           f"| (source, event, target) recall | {_f(m['triple_recall'])} |",
           f"| (source, event, target) precision | {_f(m['triple_precision'])} ({m['coded_triples']} distinct coded triples) |",
           f"| factuality accuracy | {_f(m['factuality_accuracy'])} ({m['factuality_scored']} matched events with gold factuality) |",
           f"| negated events coded as asserted | {m['negated_coded_as_asserted']} |", "",
           "| type | n | type recall | triple recall |", "|---|---|---|---|"]
    out += [f"| {t} | {v['n']} | {v['type_recall']:.3f} | {v['triple_recall']:.3f} |" for t, v in res.per_type.items()]
    cols = [t for t in (*EVENT_TYPES, NONE) if any(t in row for row in res.confusion.values())]
    out += ["", "Confusion (rows: gold type; columns: coded type, `-` = nothing coded):", "",
            "| gold \\ coded | " + " | ".join(c[:4] for c in cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for g, row in res.confusion.items():
        out.append(f"| {g} | " + " | ".join(str(row.get(c, "")) for c in cols) + " |")
    if misses and res.misses:
        out += ["", f"First {min(misses, len(res.misses))} of {len(res.misses)} misses:", ""]
        for miss in res.misses[:misses]:
            coded = "; ".join(miss["coded"]) or "nothing"
            text = f" — “{miss['text']}”" if show_text else ""
            out.append(f"- `{miss['id']}` gold **{miss['gold']}**, coded: {coded}{text}")
        if not show_text:
            out += ["", "(Sentences of shared data are not copied into the repository: run `detente eval` on the",
                    "gold file to see them.)"]
    return out + [""]


def coverage() -> list[str]:
    lex = Lexicon()
    cov = lex.coverage()
    out = ["## Lexicon coverage", "", f"{len(lex.entries)} entries in `detente/data/lexicon/triggers.tsv`.", "",
           "| type | entries | modes (entries) |", "|---|---|---|"]
    for t, modes in cov.items():
        listed = ", ".join(f"{m or '(none)'} {n}" for m, n in sorted(modes.items()))
        out.append(f"| {t} | {sum(modes.values())} | {listed} |")
    return out + [""]


# Sections written by hand (reviews judged by a reader), which this script cannot regenerate: kept,
# from their heading to the next generated one or the end, when the report is written again.
KEPT = "## Recent news review"


def kept_sections(out: Path) -> list[str]:
    if not out.exists():
        return []
    kept, keep = [], False
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            keep = line.startswith(KEPT)
        if keep:
            kept.append(line)
    return kept + [""] if kept else []


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "bench" / "EVAL.md"))
    ap.add_argument("--misses", type=int, default=15)
    args = ap.parse_args(argv)
    lines = ["# Coder accuracy", "",
             f"Written by `bench/eval_report.py` on {dt.date.today()} for {CODER_VERSION}. Metrics are defined in",
             "[docs/coding.md](../docs/coding.md#evaluation-detente-eval). The PLOVER gold codes one event per",
             "record, so precision there is a lower bound: a second true event in the same sentence counts as wrong.",
             "PLOVER gold has no factuality; it is compared with the PLOVER view of each coded event (a planned",
             "cooperative act is AGREE, a planned hostile act THREATEN, a declined cooperative act REJECT).", ""]
    if DEV.exists():
        lines += section("PLOVER development gold", evaluate(DEV), args.misses, show_text=False)
    else:
        lines += ["## PLOVER development gold", "", f"Not measured: {DEV} is absent.", ""]
    lines += section("Détente's own test set (written sentences, with factuality)", evaluate(OWN), args.misses,
                     show_text=True)
    lines += coverage()
    lines += kept_sections(Path(args.out))
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
