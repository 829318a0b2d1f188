"""Analysts' reviews of coded events: confirm, reject, correct, or add an event the coder missed.

The coder's rows in ``events``/``evidence`` are never changed. Each review is one row of ``reviews``
(migration 0005_reviews) holding who, when, which coder version it reviews, and — for confirm,
correct and add — the *whole* reading the analyst settled on, so the latest review of an event is
its reading and older rows stay as history.

Every consumer reads events through two per-connection views, ``detente_events`` and
``detente_evidence`` (define_views): the reviewed reading where one exists (rejected events left
out, added ones in, a ``reviewed`` column saying which), or the coder's raw output when
``coder_only``. They are TEMP views because a store opened read-only cannot create anything else,
and because a view bound at creation would break when a later migration adds a column to events."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import threading

from ..errors import QueryError
from .review_fields import (ACTIONS, ACTOR_PARTS, READING_FIELDS, check_reading, derived_codes,
                            resolve_actor)
from .schema import has_column

log = logging.getLogger(__name__)

REVIEW_COLUMNS = ["id", "event_id", "article_id", "action", "reviewer", "reviewed_at", "coder_version",
                  *READING_FIELDS, "sentence_index", "sentence", "trigger", "trigger_start", "trigger_end", "note"]
# The reading columns of ``events`` a review replaces (the evidence spans of the coder stay).
REPLACED = list(READING_FIELDS)
ADDED_RULE = "review"  # evidence.rule of an event an analyst added
# What the model's scores (evidence.scores) are of: a reviewed reading that changes one has none.
SCORED = ["event", "source_code", "source_org", "target_code", "target_org"]


def has_reviews(con) -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'reviews' "
                       "AND table_type = 'BASE TABLE'").fetchone()[0] > 0


LATEST = ("(SELECT * FROM reviews QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY id DESC) = 1)")
# The row that added an event (its trigger and sentence); later reviews of it change only its reading.
ADDS = ("(SELECT * FROM reviews WHERE action = 'add' "
        "QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY id) = 1)")


def _no_scores(con) -> str:
    """A NULL ``scores`` column for a store from before 0006_evidence_scores (opened read-only, so not
    migrated): every reader may select v.scores."""
    return "" if has_column(con, "evidence", "scores") else ", NULL::VARCHAR AS scores"


def define_views(con, coder_only: bool = False, fresh: bool = False) -> None:
    """(Re)create the TEMP views detente_events and detente_evidence on this connection (a DuckDB
    cursor is a connection of its own: call this on each). A store from before reviews existed, or
    ``coder_only``, gets the coder's rows with ``reviewed`` false. ``fresh``: the views serve one read
    only (a web request), so a store with no review yet gets the plain ones — the reviewed views cost a
    join on every read (an events page: 23 ms instead of 13 on the 2017 corpus)."""
    if coder_only or not has_reviews(con) or (
            fresh and not con.execute("SELECT EXISTS (SELECT 1 FROM reviews)").fetchone()[0]):
        con.execute("CREATE OR REPLACE TEMP VIEW detente_events AS SELECT e.*, false AS reviewed FROM events e")
        con.execute(f"CREATE OR REPLACE TEMP VIEW detente_evidence AS SELECT *{_no_scores(con)} FROM evidence")
        return
    replaced = ", ".join(f"CASE WHEN l.id IS NULL THEN e.{c} ELSE l.{c} END AS {c}" for c in REPLACED)
    added = ", ".join(f"l.{c}" for c in REPLACED)
    con.execute(f"""CREATE OR REPLACE TEMP VIEW detente_events AS
        SELECT e.* REPLACE ({replaced}), l.id IS NOT NULL AS reviewed
        FROM events e LEFT JOIN {LATEST} l ON l.event_id = e.id
        WHERE l.action IS DISTINCT FROM 'reject'
        UNION ALL BY NAME
        SELECT ad.event_id AS id, ad.article_id, ad.sentence_index, {added}, a.date, 'review' AS date_origin,
               ad.coder_version, true AS reviewed
        FROM {ADDS} ad JOIN {LATEST} l ON l.event_id = ad.event_id LEFT JOIN articles a ON a.id = ad.article_id
        WHERE l.action <> 'reject'""")
    # an actor the analyst replaced is no longer the words the coder's span marks: drop that span
    spans = ", ".join(f"CASE WHEN l.{side}_reason = 'review' THEN NULL ELSE v.{side}_{end} END AS {side}_{end}"
                      for side in ("source", "target") for end in ("start", "end"))
    # the model's scores are of the coder's triple (type, source, target): a reading that changed it has none
    coder = ""
    if has_column(con, "evidence", "scores"):
        changed = " OR ".join(f"l.{c} IS DISTINCT FROM c.{c}" for c in SCORED)
        spans += f", CASE WHEN l.id IS NOT NULL AND ({changed}) THEN NULL ELSE v.scores END AS scores"
        coder = " LEFT JOIN events c ON c.id = v.event_id"
    con.execute(f"""CREATE OR REPLACE TEMP VIEW detente_evidence AS
        SELECT v.* REPLACE ({spans}){_no_scores(con)} FROM evidence v LEFT JOIN {LATEST} l ON l.event_id = v.event_id{coder}
        UNION ALL BY NAME
        SELECT ad.event_id, ad.sentence, ad.trigger, ad.trigger_start, ad.trigger_end, '{ADDED_RULE}' AS rule
        FROM {ADDS} ad""")


# -- reading ---------------------------------------------------------------------------------
def _dicts(cur) -> list[dict]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def current_reading(con, event_id: str) -> dict | None:
    """The event as it reads now (reviewed or not), with its article id and coder version; None if
    there is no such event or it was rejected."""
    rows = _dicts(con.execute("SELECT * FROM detente_events WHERE id = ?", [event_id]))
    return rows[0] if rows else None


def history(con, event_id: str) -> list[dict]:
    """Every review of one event, oldest first."""
    if not has_reviews(con):
        return []
    return _dicts(con.execute("SELECT * FROM reviews WHERE event_id = ? ORDER BY id", [event_id]))


def latest_action(con, event_id: str) -> str | None:
    if not has_reviews(con):
        return None
    row = con.execute("SELECT action FROM reviews WHERE event_id = ? ORDER BY id DESC LIMIT 1", [event_id]).fetchone()
    return row[0] if row else None


def _added(con, event_id: str) -> dict | None:
    """The reading an analyst added an event with (to bring it back after a reject)."""
    rows = _dicts(con.execute(f"SELECT * FROM {ADDS} ad WHERE event_id = ?", [event_id]))
    return rows[0] if rows else None


def find_words(con, article_id: str, words: str) -> tuple[int, int] | None:
    """Offsets of the first occurrence of ``words`` in the article's text, or None."""
    row = con.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
    at = row[0].find(words) if row and words.strip() else -1
    return (at, at + len(words)) if at >= 0 else None


# -- writing ---------------------------------------------------------------------------------
class ReviewWriter:
    """The one writer of reviews on a read-write store connection. Each review is one transaction,
    committed before the call returns: what it acknowledges survives a crash (kill -9)."""

    def __init__(self, con, reviewer: str, lock: threading.Lock | None = None):
        """``lock``: held while writing and while taking a cursor of ``con`` (the web app passes the
        lock its readers take cursors under: one DuckDB connection must not hand out two at once)."""
        reviewer = (reviewer or "").strip()
        if not reviewer or len(reviewer) > 80:
            raise QueryError("a reviewer name of 1 to 80 characters is needed (--reviewer NAME)")
        if not has_reviews(con):
            raise QueryError("this store has no reviews table; open it read-write once to migrate it")
        self.con, self.reviewer = con, reviewer
        self._lock = lock or threading.Lock()

    def review(self, event_id: str, action: str, changes: dict | None = None, note: str | None = None) -> dict:
        """Confirm, reject or correct an event. ``changes`` (correct only) may set event, mode,
        factuality, source and target (an actor code or name; target may be empty for none).
        Confirming a rejected event brings back the coder's reading (or the one it was added with).
        Returns the stored review row."""
        if action not in ACTIONS or action == "add":
            raise QueryError(f"unknown review action {action!r}; one of confirm, reject, correct")
        changes = dict(changes or {})
        if action != "correct" and changes:
            raise QueryError(f"{action} takes no changes; use correct")
        with self._lock:
            cur = self.con.cursor()
            try:
                rejected = latest_action(cur, event_id) == "reject"
                define_views(cur, coder_only=rejected)
                now = current_reading(cur, event_id) or (_added(cur, event_id) if rejected else None)
                if now is None or (rejected and action != "confirm"):
                    raise QueryError(f"no event {event_id!r}" + (" (rejected; it can be confirmed again)"
                                                                  if rejected else ""))
                reading = {c: now.get(c) for c in READING_FIELDS}
                if action == "correct":
                    if not changes:
                        raise QueryError("correct needs at least one of event, mode, factuality, source, target")
                    reading = apply_changes(reading, changes, now.get("date"))
                row = {"event_id": event_id, "article_id": now["article_id"], "action": action,
                       "coder_version": now.get("coder_version"), **reading, "note": note}
                return self._insert(cur, row)
            finally:
                cur.close()

    def add(self, article_id: str, trigger_start: int, trigger_end: int, fields: dict, note: str | None = None) -> dict:
        """An event the coder missed: its trigger is the article text between the offsets; ``fields``
        give event (required), mode, factuality (default asserted), source (required) and target."""
        with self._lock:
            cur = self.con.cursor()
            try:
                # the version of the coder that missed it: the one that coded the article's events
                art = cur.execute("SELECT a.text, a.date, coalesce((SELECT any_value(e.coder_version) FROM events e "
                                  "WHERE e.article_id = a.id), nullif(a.coder_version, '')) FROM articles a "
                                  "WHERE a.id = ?", [article_id]).fetchone()
                if art is None:
                    raise QueryError(f"no article {article_id!r}")
                text, date, coder_version = art
                if not (isinstance(trigger_start, int) and isinstance(trigger_end, int)
                        and 0 <= trigger_start < trigger_end <= len(text) and trigger_end - trigger_start <= 200):
                    raise QueryError(f"trigger span {trigger_start}..{trigger_end} is not within the article "
                                     f"text (0..{len(text)}) or longer than 200 characters")
                if not fields.get("event") or not fields.get("source"):
                    raise QueryError("an added event needs at least an event type and a source")
                empty = {c: None for c in READING_FIELDS}
                reading = apply_changes({**empty, "factuality": "asserted"}, fields, date)
                index, sentence = sentence_at(text, trigger_start)
                trigger = text[trigger_start:trigger_end]
                event_id = "r" + hashlib.sha256(f"{article_id}:{trigger_start}:{trigger_end}:{reading['event']}:"
                                                f"{reading['source_code']}:{reading['target_code']}".encode()
                                                ).hexdigest()[:24]
                row = {"event_id": event_id, "article_id": article_id, "action": "add",
                       "coder_version": coder_version, **reading, "sentence_index": index, "sentence": sentence,
                       "trigger": trigger, "trigger_start": trigger_start, "trigger_end": trigger_end, "note": note}
                return self._insert(cur, row)
            finally:
                cur.close()

    def _insert(self, cur, row: dict) -> dict:
        row = {c: row.get(c) for c in REVIEW_COLUMNS}
        row["reviewer"] = self.reviewer
        row["reviewed_at"] = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
        cur.execute("BEGIN TRANSACTION")
        try:
            row["id"] = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM reviews").fetchone()[0]
            cur.execute(f"INSERT INTO reviews ({', '.join(REVIEW_COLUMNS)}) VALUES "
                        f"({', '.join('?' * len(REVIEW_COLUMNS))})", [row[c] for c in REVIEW_COLUMNS])
            cur.execute("COMMIT")
        except Exception:
            cur.execute("ROLLBACK")
            raise
        log.info("review %s: %s %s by %s", row["id"], row["action"], row["event_id"], self.reviewer)
        return row


def apply_changes(reading: dict, changes: dict, day) -> dict:
    """The reading with the analyst's changes applied and checked; a new type brings its CAMEO code,
    Goldstein score and QuadClass along."""
    unknown = set(changes) - {"event", "mode", "factuality", "source", "target"}
    if unknown:
        raise QueryError(f"cannot change {', '.join(sorted(unknown))}; only event, mode, factuality, source, target")
    out = dict(reading)
    for side in ("source", "target"):
        if side in changes:
            actor = resolve_actor(changes[side], day, required=side == "source")
            if _same_actor(actor, reading, side):
                continue  # the form sends both actors back: an unchanged one keeps the coder's details
            for part in ACTOR_PARTS:
                out[f"{side}_{part}"] = actor.get(part) if actor else None
            out[f"{side}_reason"] = "review" if actor else None
    for key in ("event", "mode", "factuality"):
        if key in changes:
            value = changes[key]
            out[key] = value.strip() if isinstance(value, str) and value.strip() else None
    if isinstance(out.get("event"), str):
        out["event"] = out["event"].upper()
    check_reading(out)
    if out["event"] != reading.get("event") or (out["mode"] or None) != (reading.get("mode") or None) \
            or not out.get("cameo"):
        out.update(derived_codes(out["event"], out["mode"]))
    return out


def _same_actor(actor: dict | None, reading: dict, side: str) -> bool:
    if actor is None:
        return not reading.get(f"{side}_code")
    now = (reading.get(f"{side}_code"), reading.get(f"{side}_org") or None)
    return (actor["code"], actor["org"]) == now and actor["sector"] in (None, reading.get(f"{side}_sector") or None)


SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n\s*\n")


def sentence_at(text: str, offset: int) -> tuple[int, str]:
    """(index, text) of the sentence holding the offset, by a plain punctuation split (the added
    event's evidence; the coder's own split is not stored)."""
    start, index = 0, 0
    for m in SENTENCE_END.finditer(text):
        if m.end() > offset:
            return index, text[start:m.start()].strip()
        start, index = m.end(), index + 1
    return index, text[start:].strip()
