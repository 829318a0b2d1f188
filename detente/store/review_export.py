"""Reviews turned into gold and into a report card for the coder.

gold_records: every article an analyst reviewed, in the layout of ../shared/gold/news/articles_*.jsonl
(id, date, title, url, text, events with source/target {code, org, sector, text}, event, mode,
factuality, trigger, sentence), so `detente eval` and the trainer's --extra read it as they read the
shared gold. review_stats: per lexicon entry or model, how often its events were confirmed, corrected
or rejected."""
from __future__ import annotations

import json
import logging
from pathlib import Path

from ..errors import InputError, QueryError
from .reviews import ADDS, LATEST, define_views, has_reviews

log = logging.getLogger(__name__)
STATS_BY = ("rule", "model")


def _dicts(cur) -> list[dict]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def _blank(v):
    return None if v is None or v == "" else v


def _actor(row: dict, side: str, text: str) -> dict | None:
    if not row.get(f"{side}_code"):
        return None
    start, end = row.get(f"{side}_start"), row.get(f"{side}_end")
    # the words of the article when the coder's actor stands; the name when the analyst picked another
    said = text[start:end] if start is not None and end and row.get(f"{side}_reason") != "review" else None
    out = {"code": row[f"{side}_code"], "sector": _blank(row.get(f"{side}_sector")) or "",
           "text": said or row.get(f"{side}_name") or row[f"{side}_code"]}
    if _blank(row.get(f"{side}_org")):
        out["org"] = row[f"{side}_org"]
    return out


def gold_records(con, reviewed_only: bool = False) -> list[dict]:
    """The reviewed articles as gold records, in date order. An article's events are its reviewed
    reading (rejected ones left out, added ones in); with ``reviewed_only`` only the events an analyst
    confirmed, corrected or added."""
    if not has_reviews(con):
        raise QueryError("this store has no reviews yet (review events with `detente serve --review`)")
    define_views(con)
    articles = _dicts(con.execute(
        "SELECT id, external_id, date, title, url, text FROM articles WHERE id IN (SELECT article_id FROM reviews) "
        "ORDER BY date, id"))
    if not articles:
        raise QueryError("no reviewed articles in this store yet")
    out = []
    for a in articles:
        rows = _dicts(con.execute(
            "SELECT e.*, v.sentence, v.trigger, v.source_start, v.source_end, v.target_start, v.target_end "
            "FROM detente_events e LEFT JOIN detente_evidence v ON v.event_id = e.id WHERE e.article_id = ? "
            "ORDER BY e.sentence_index, v.trigger_start, e.id", [a["id"]]))
        events = [{"source": _actor(r, "source", a["text"]), "target": _actor(r, "target", a["text"]),
                   "event": r["event"], "mode": _blank(r["mode"]), "factuality": r["factuality"],
                   "trigger": r.get("trigger") or "", "sentence": r.get("sentence") or ""}
                  for r in rows if r["reviewed"] or not reviewed_only]
        out.append({"id": a["external_id"] or a["id"], "date": str(a["date"])[:10], "title": a["title"] or "",
                    "url": a["url"] or "", "text": a["text"], "events": events})
    return out


def export_gold(con, out: str | Path, reviewed_only: bool = False) -> tuple[int, int]:
    """Write gold_records to ``out`` as JSON Lines. Returns (articles, events) written."""
    records = gold_records(con, reviewed_only)
    try:
        with open(out, "w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", path=str(out)) from None
    n_events = sum(len(r["events"]) for r in records)
    log.info("wrote %d reviewed articles, %d events to %s", len(records), n_events, out)
    return len(records), n_events


def review_log(con, reviewer: str | None = None):
    """Every review, oldest first: who, when, what, on which event, and the reading it left."""
    if not has_reviews(con):
        raise QueryError("this store has no reviews yet (review events with `detente serve --review`)")
    where, params = (" WHERE reviewer = ?", [reviewer]) if reviewer else ("", [])
    return con.execute("SELECT id, reviewed_at, reviewer, action, event_id, article_id, coder_version, event, mode, "
                       "factuality, source_code, source_org, target_code, target_org, trigger, note FROM reviews"
                       f"{where} ORDER BY id", params).df()


def review_stats(con, by: str = "rule"):
    """Per lexicon entry (evidence.rule) or per model (the rule's kind and the coder version): events,
    how many were reviewed, and the latest verdict on each — confirmed, corrected, rejected — with the
    share rejected among those reviewed. Added events (the coder's misses) are a row of their own."""
    if by not in STATS_BY:
        raise QueryError(f"unknown grouping {by!r}; use one of {', '.join(STATS_BY)}")
    if not has_reviews(con):
        raise QueryError("this store has no reviews yet (review events with `detente serve --review`)")
    key = ("coalesce(v.rule, '?')" if by == "rule"
           else "split_part(coalesce(v.rule, '?'), ':', 1) || ' ' || coalesce(e.coder_version, '?')")
    sql = f"""
        WITH x AS (
            SELECT {key} AS key, l.action FROM events e LEFT JOIN evidence v ON v.event_id = e.id
            LEFT JOIN {LATEST} l ON l.event_id = e.id
            UNION ALL SELECT 'added by reviewers (missed)', 'add' FROM {ADDS} ad)
        SELECT key AS {by}, count(*)::INTEGER AS events, count(action)::INTEGER AS reviewed,
               count(*) FILTER (WHERE action = 'confirm')::INTEGER AS confirmed,
               count(*) FILTER (WHERE action = 'correct')::INTEGER AS corrected,
               count(*) FILTER (WHERE action = 'reject')::INTEGER AS rejected,
               count(*) FILTER (WHERE action = 'add')::INTEGER AS added,
               round(count(*) FILTER (WHERE action = 'reject') / nullif(count(action), 0), 3) AS rejected_share
        FROM x GROUP BY key ORDER BY reviewed DESC, events DESC, key"""
    return con.execute(sql).df()
