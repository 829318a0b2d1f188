"""Printing events: a readable table, JSON Lines (the contract) or CSV."""
from __future__ import annotations

import csv
import io
import json
import sys

from ..model import ORG_CODES

FORMATS = ("table", "jsonl", "csv")
CSV_FIELDS = ["article_id", "external_id", "outlet", "sentence_index", "date", "date_origin", "date_precision",
              "source_code", "source_org", "source_sector", "source_name",
              "event", "mode", "target_code", "target_org", "target_sector", "target_name", "factuality", "cameo",
              "goldstein", "quad_class", "speaker", "location", "trigger", "rule", "sentence", "reviewed", "scores"]

MARK = {"asserted": "", "negated": "NOT ", "future": "WILL ", "hypothetical": "MAY "}


def actor_label(a: dict | None) -> str:
    if not a:
        return "-"
    code = a["org"] if a.get("code") in ORG_CODES and a.get("org") else a["code"]
    code = f"{a['code']}/{code}" if a.get("code") in ORG_CODES else code
    return code + (f" {a['sector']}" if a.get("sector") else "")


def flat(rec: dict) -> dict:
    s, t = rec["source"] or {}, rec["target"] or {}
    return {"article_id": rec["article_id"], "external_id": rec.get("external_id"), "outlet": rec.get("outlet"),
            "sentence_index": rec["sentence_index"], "date": rec["date"],
            "date_origin": rec.get("date_origin"), "date_precision": rec.get("date_precision"),
            "source_code": s.get("code"), "source_org": s.get("org"), "source_sector": s.get("sector"),
            "source_name": s.get("name"), "event": rec["event"], "mode": rec["mode"],
            "target_code": t.get("code"), "target_org": t.get("org"), "target_sector": t.get("sector"),
            "target_name": t.get("name"), "factuality": rec["factuality"], "cameo": rec["cameo"],
            "goldstein": rec["goldstein"], "quad_class": rec["quad_class"], "speaker": rec["speaker"],
            "location": (rec["location"] or {}).get("name"), "trigger": rec["evidence"]["trigger"],
            "rule": rec["evidence"]["rule"], "sentence": rec["evidence"]["sentence"],
            "reviewed": rec.get("reviewed", False),
            # the model's scores as one JSON text cell (as `detente export --format csv`), empty for none
            "scores": json.dumps(scores) if (scores := rec["evidence"].get("scores")) else None}


def print_events(records, fmt: str, out=None) -> int:
    out = out or sys.stdout
    records = list(records)
    if fmt == "jsonl":
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        w = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        w.writeheader()
        for r in records:
            w.writerow(flat(r))
    else:
        out.write(render_table(records))
    return len(records)


def dated_by(rec: dict) -> str:
    """How the event's date was found and how precise it is: "article", "explicit/month", "relative/week"
    (the article's date is a day); "-" for a row stored before dates recorded their origin."""
    origin, precision = rec.get("date_origin"), rec.get("date_precision")
    if not origin:
        return "-"
    return origin if origin == "article" or not precision else f"{origin}/{precision}"


def render_table(records) -> str:
    rows = [("date", "dated by", "source", "event", "target", "factuality", "cameo", "where", "trigger")]
    for r in records:
        loc = (r.get("location") or {}).get("name") or ""
        rows.append((r["date"], dated_by(r), actor_label(r["source"]), r["event"] + (f"/{r['mode']}" if r["mode"] else ""),
                     actor_label(r["target"]), r["factuality"], r["cameo"], loc, r["evidence"]["trigger"]))
    if len(rows) == 1:
        return "(no events)\n"
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    buf = io.StringIO()
    for n, row in enumerate(rows):
        buf.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")
        if n == 0:
            buf.write("  ".join("-" * w for w in widths) + "\n")
    return buf.getvalue()
