"""The DuckDB store: articles, actor mentions, events and their evidence. One writer; each batch of
articles is written in one transaction, so a crash loses nothing that was committed and leaves
nothing half-written. Articles are keyed by report (model.report_id: the text with its URL or outlet):
the same report is never stored twice; the same text from another outlet is a second article."""
from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Iterable, Sequence

import duckdb

from ..errors import QueryError, StoreError
from . import filters, shapes
from ..model import Event, content_hash, event_scores
from .reviews import define_views
from .schema import MIGRATIONS, has_column  # noqa: F401  (has_column: also for web/)

log = logging.getLogger(__name__)

EVENT_COLUMNS = [
    "id", "article_id", "sentence_index", "event", "mode", "context", "cameo", "goldstein", "quad_class",
    "factuality", "speaker", "source_code", "source_org", "source_sector", "source_name", "source_cameo",
    "source_reason", "target_code", "target_org", "target_sector", "target_name", "target_cameo",
    "target_reason", "date", "date_origin", "location_name", "location_country", "lat", "lon",
    "geonames_id", "coder_version", "location_origin", "date_precision"]
EVIDENCE_COLUMNS = ["event_id", "sentence", "trigger", "source_start", "source_end", "target_start",
                    "target_end", "trigger_start", "trigger_end", "rule", "scores"]


def _event_row(e: Event) -> tuple:
    s, t, loc = e.source, e.target, e.location
    return (e.id, e.article_id, e.sentence_index, e.event, e.mode, e.context, e.cameo, e.goldstein,
            e.quad_class, e.factuality, e.speaker, s.code, s.org, s.sector, s.name or s.text, s.cameo, s.reason,
            t.code if t else None, t.org if t else None, t.sector if t else None,
            (t.name or t.text) if t else None, t.cameo if t else None, t.reason if t else None,
            e.date, e.date_origin, loc.name if loc else None, loc.country if loc else None,
            loc.lat if loc else None, loc.lon if loc else None, loc.geonames_id if loc else None,
            e.coder_version, (e.location_origin or None) if loc else None, e.date_precision)


# The articles of one outlet: its name as stored, any case, or a web domain that starts with it.
SOURCE_MATCH = "(lower(source) = ? OR lower(source) LIKE ? || '.%')"
SOURCE_CLAUSE = f"e.article_id IN (SELECT id FROM articles WHERE {SOURCE_MATCH})"

def actor_stored(con, code: str) -> bool:
    """Whether any stored event names this code (an actor from a user's own dictionary)."""
    return con.execute("SELECT count(*) FROM (SELECT 1 FROM events WHERE ? IN (source_code, target_code, source_org, "
                       "target_org, source_cameo, target_cameo) LIMIT 1)", [code]).fetchone()[0] > 0


def outlet_stored(con, source: str) -> bool:
    """Whether any stored article is from this outlet (its name, any case, or a domain starting with it)."""
    name = source.strip().lower()
    return con.execute(f"SELECT count(*) FROM articles WHERE {SOURCE_MATCH}", [name, name]).fetchone()[0] > 0


ARTICLE_INSERT_COLUMNS = ("id", "external_id", "url", "path", "source", "date", "date_origin", "title", "text",
                          "language", "n_sentences", "coder_version", "dateline", "text_hash")


def _insert(con, table: str, columns, rows: list[tuple]) -> None:
    """Insert rows through one Arrow table: DuckDB's executemany costs a statement per row."""
    if not rows:
        return
    import pyarrow as pa
    names = f" ({', '.join(columns)})" if columns else ""
    try:
        data = pa.table({f"c{i}": pa.array(list(col)) for i, col in enumerate(zip(*rows))})
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a column of mixed Python types: let DuckDB cast each
        con.executemany(f"INSERT INTO {table}{names} VALUES ({', '.join('?' * len(rows[0]))})", rows)
        return
    con.register("_detente_rows", data)
    try:
        con.execute(f"INSERT INTO {table}{names} SELECT * FROM _detente_rows")
    finally:
        con.unregister("_detente_rows")


def _evidence_row(e: Event) -> tuple:
    ev = e.evidence
    ss, ts, tr = ev.source_span or (None, None), ev.target_span or (None, None), ev.trigger_span or (None, None)
    scores = event_scores(e)
    return (e.id, ev.sentence, ev.trigger, ss[0], ss[1], ts[0], ts[1], tr[0], tr[1], ev.rule,
            json.dumps(scores) if scores else None)


class Store:
    def __init__(self, path: str | Path = "detente.duckdb", read_only: bool = False, coder_only: bool = False):
        """``coder_only``: read the coder's raw output, not the analysts' reviewed reading (reviews.py)."""
        self.path = str(path)
        self.read_only, self.coder_only = read_only, coder_only
        if read_only and not Path(self.path).exists():
            raise StoreError("no such store; run `detente code` first", path=self.path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store: {exc}", path=self.path) from None
        if not read_only:
            self._migrate()
        define_views(self.con, coder_only)

    # -- schema -----------------------------------------------------------------------------
    def _migrate(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, "
                         "applied_at TIMESTAMP DEFAULT current_timestamp)")
        done = {r[0] for r in self.con.execute("SELECT name FROM schema_migrations").fetchall()}
        applied = False
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            applied = True
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
                self.con.execute("COMMIT")
            except Exception:
                self.con.execute("ROLLBACK")
                raise
            log.info("applied migration %s", name)
        if applied:
            # Into the database file now: DuckDB replays an ALTER TABLE left in the write-ahead log (a
            # process killed before its next checkpoint) only with an extension it cannot load offline.
            self.con.execute("CHECKPOINT")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------
    def known_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [list(ids)]).fetchall()
        return {r[0] for r in rows}

    def known_texts(self, text_hashes: Sequence[str]) -> set[str]:
        """The text hashes among these that some stored article already has (copies of a stored text)."""
        if not text_hashes:
            return set()
        rows = self.con.execute("SELECT DISTINCT text_hash FROM articles WHERE text_hash IN (SELECT unnest(?))",
                                [list(text_hashes)]).fetchall()
        return {r[0] for r in rows}

    def write(self, coded: Iterable) -> int:
        """Write CodedArticles in one transaction; articles already stored are skipped.
        Returns the number of articles written."""
        coded = list(coded)
        if not coded:
            return 0
        known = self.known_ids([c.article.id for c in coded])
        fresh, seen = [], set()
        for c in coded:
            if c.article.id not in known and c.article.id not in seen:
                seen.add(c.article.id)
                fresh.append(c)
        if not fresh:
            return 0
        art_rows, men_rows, ev_rows, evi_rows, ev_ids = [], [], [], [], set()
        for c in fresh:
            a = c.article
            art_rows.append((a.id, a.external_id, a.url, a.path, a.source, a.date, a.date_origin, a.title,
                             a.text, a.language, c.stats.get("sentences"), c.stats.get("coder_version", ""),
                             a.dateline or None, a.text_hash or content_hash(a.text)))
            men_rows.extend((a.id, m.start, m.end, m.text, m.code, m.org, m.sector, m.name, m.cameo, m.reason)
                            for m in c.actors)
            for e in c.events:
                if e.id in ev_ids:
                    continue
                ev_ids.add(e.id)
                ev_rows.append(_event_row(e))
                evi_rows.append(_evidence_row(e))
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            _insert(con, "articles", ARTICLE_INSERT_COLUMNS, art_rows)
            _insert(con, "mentions", None, men_rows)
            _insert(con, "events", EVENT_COLUMNS, ev_rows)
            _insert(con, "evidence", EVIDENCE_COLUMNS, evi_rows)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return len(fresh)

    # -- runs: resume bookkeeping for detente.batch (a row per run; items_done = records handled) -
    def _runs(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, key VARCHAR, inputs VARCHAR, "
                         "started TIMESTAMP DEFAULT current_timestamp, finished TIMESTAMP, "
                         "items_done BIGINT DEFAULT 0, summary VARCHAR)")

    def start_run(self, key: str, inputs: Sequence[str]) -> int:
        self._runs()
        run_id = self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchone()[0]
        self.con.execute("INSERT INTO runs (id, key, inputs) VALUES (?, ?, ?)", [run_id, key, "\n".join(inputs)])
        return run_id

    def resumable_run(self, key: str) -> tuple[int, int] | None:
        """The last unfinished run over the same inputs: (run id, records already handled)."""
        self._runs()
        row = self.con.execute("SELECT id, items_done FROM runs WHERE key = ? AND finished IS NULL "
                               "ORDER BY id DESC LIMIT 1", [key]).fetchone()
        return (row[0], row[1]) if row else None

    def checkpoint_run(self, run_id: int, items_done: int, summary: dict) -> None:
        import json
        self.con.execute("UPDATE runs SET items_done = ?, summary = ? WHERE id = ?",
                         [items_done, json.dumps(summary), run_id])

    def finish_run(self, run_id: int, items_done: int, summary: dict) -> None:
        self.checkpoint_run(run_id, items_done, summary)
        self.con.execute("UPDATE runs SET finished = current_timestamp WHERE id = ?", [run_id])

    # -- reading ----------------------------------------------------------------------------
    def query_events(self, actor: str | None = None, event: str | None = None, since: dt.date | str | None = None,
                     until: dt.date | str | None = None, article_id: str | None = None,
                     factuality: str | None = None, limit: int | None = None, offset: int = 0,
                     source: str | None = None):
        """Events joined with their evidence and with their article's `external_id` (the user's id) and
        `outlet` (its source), as a pandas DataFrame. ``source``: only articles from this outlet (see
        source_clause). Parameterised SQL only. Every filter is checked first (store/filters.py): a
        misspelt one is a FilterError, not an empty frame. The reviewed reading where analysts reviewed
        (a ``reviewed`` column says where), unless opened coder_only."""
        actor = filters.check_actor(actor, known=self.has_actor)
        event = filters.check_event(event)
        since, until = filters.check_range(since, until)
        factuality = filters.check_factuality(factuality)
        limit = filters.check_count(limit, "limit")
        offset = filters.check_count(offset or 0, "offset", minimum=0)
        where, params = [], []
        if actor:
            where.append("(e.source_code = ? OR e.target_code = ? OR e.source_org = ? OR e.target_org = ? "
                         "OR e.source_cameo = ? OR e.target_cameo = ?)")
            params += [actor] * 6
        for clause, value in (("e.event = ?", event), ("e.date >= ?", since), ("e.date <= ?", until),
                              ("e.article_id = ?", article_id), ("e.factuality = ?", factuality)):
            if value:
                where.append(clause)
                params.append(value)
        if source:
            clause, values = self.source_clause(source)
            where.append(clause)
            params += values
        sql = ("SELECT e.*, v.sentence, v.trigger, v.source_start, v.source_end, v.target_start, v.target_end, "
               "v.trigger_start, v.trigger_end, v.rule, v.scores, a.external_id, a.source AS outlet "
               "FROM detente_events e LEFT JOIN detente_evidence v ON v.event_id = e.id "
               "LEFT JOIN articles a ON a.id = e.article_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.date, e.article_id, e.sentence_index, e.id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        elif offset:
            sql += " OFFSET ?"
            params.append(offset)
        return shapes.event_frame(self.con.execute(sql, params).df())

    def source_clause(self, source: str) -> tuple[str, list]:
        """SQL (over events `e`) for the events of one outlet's articles: its name as stored, any case, or a web
        domain that starts with it ("bbc" is bbc.co.uk and bbc.com). StoreError naming the outlets
        stored when none matches: a misspelt outlet is an error, not an empty answer."""
        name = source.strip().lower()
        if not name or not outlet_stored(self.con, name):
            known = [r[0] for r in self.con.execute(
                "SELECT source FROM articles WHERE coalesce(source, '') <> '' GROUP BY source "
                "ORDER BY count(*) DESC, source LIMIT 8").fetchall()]
            raise QueryError(f"no article from source {source!r} in the store; sources stored: "
                             f"{', '.join(known) if known else '(none)'}", path=self.path)
        return SOURCE_CLAUSE, [name, name]

    def events(self, actor: str | None = None, event: str | None = None, since: dt.date | str | None = None,
               until: dt.date | str | None = None, factuality: str | None = None, limit: int | None = None,
               offset: int = 0, article_id: str | None = None,
               source: str | None = None):
        """Events with their evidence as a pandas DataFrame, for notebooks.

        actor: country (SRB), organisation or bloc (NATO) or CAMEO actor code (SRBGOV), source or target;
        event: PLOVER type (SANCTION); since / until: first and last day, inclusive (date or YYYY-MM-DD);
        factuality: asserted, negated, future or hypothetical; source: an outlet (Reuters, bbc);
        limit / offset: paging.
        A misspelt filter raises FilterError (a DetenteError) naming what was expected."""
        return self.query_events(actor=actor, event=event, since=since, until=until, article_id=article_id,
                                 factuality=factuality, limit=limit, offset=offset, source=source)

    def has_actor(self, code: str) -> bool:
        """Whether any stored event names this code (an actor from a user's own dictionary)."""
        return actor_stored(self.con, code)

    def mentions(self, article_id: str | None = None):
        sql, params = "SELECT * FROM mentions", []
        if article_id:
            sql += " WHERE article_id = ?"
            params.append(article_id)
        return shapes.tidy(self.con.execute(sql + " ORDER BY article_id, start_char", params).df())

    def articles(self):
        # text_hash: before 0003_report_identity the id was the text's hash (a read-only store is not migrated)
        text_hash = "text_hash" if has_column(self.con, "articles", "text_hash") else "id AS text_hash"
        return shapes.tidy(self.con.execute(
            f"SELECT id, external_id, url, path, source, date, date_origin, title, n_sentences, "
            f"coded_at{self._dateline_column()}, {text_hash} FROM articles ORDER BY date, id").df())

    def _dateline_column(self) -> str:
        """', dateline' when the store has the column (a store opened read-only is not migrated)."""
        return ", dateline" if has_column(self.con, "articles", "dateline") else ""

    def counts(self) -> dict:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "mentions", "events", "evidence")}


def row_to_record(row) -> dict:
    """A stored event row (events ⋈ evidence) → the JSONL contract of `detente code --format jsonl`."""
    def actor(prefix):
        if row.get(f"{prefix}_code") is None or row.get(f"{prefix}_code") != row.get(f"{prefix}_code"):
            return None
        def clean(v):
            return None if v is None or v != v or v == "" else v
        return {"code": row[f"{prefix}_code"], "org": clean(row[f"{prefix}_org"]),
                "sector": clean(row[f"{prefix}_sector"]), "name": clean(row[f"{prefix}_name"]),
                "cameo": row[f"{prefix}_cameo"]}

    def num(v):
        return None if v is None or v != v else v

    def span(a, b):
        a, b = num(row.get(a)), num(row.get(b))
        return None if a is None else [int(a), int(b)]

    date = row["date"]
    loc = None
    blank = lambda v: None if v is None or v != v or v == "" else v  # noqa: E731
    if row.get("location_name") and row["location_name"] == row["location_name"]:
        loc = {"name": row["location_name"], "country": row["location_country"], "lat": num(row["lat"]),
               "lon": num(row["lon"]), "geonames_id": int(row["geonames_id"]) if num(row["geonames_id"]) else None,
               "origin": blank(row.get("location_origin"))}
    return {
        "article_id": row["article_id"], "external_id": blank(row.get("external_id")),
        "outlet": blank(row.get("outlet")), "sentence_index": int(row["sentence_index"]),
        "event": row["event"], "mode": blank(row["mode"]), "context": blank(row["context"]),
        "cameo": row["cameo"], "goldstein": num(row["goldstein"]),
        "quad_class": int(row["quad_class"]) if num(row["quad_class"]) is not None else None,
        "factuality": row["factuality"], "speaker": blank(row["speaker"]),
        **({"reviewed": bool(row["reviewed"])} if "reviewed" in row else {}),
        "source": actor("source"), "target": actor("target"),
        "date": str(date)[:10],
        "date_origin": blank(row.get("date_origin")), "date_precision": blank(row.get("date_precision")),
        "location": loc,
        "evidence": {"sentence": row.get("sentence"), "trigger": row.get("trigger"),
                     "source_span": span("source_start", "source_end"),
                     "target_span": span("target_start", "target_end"),
                     "trigger_span": span("trigger_start", "trigger_end"), "rule": row.get("rule"),
                     "scores": shapes.parse_scores(row.get("scores"))},
    }

