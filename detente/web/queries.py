"""Read-only queries behind the web API, on a DuckDB connection to the store.

Parameterised SQL only: every value a user gives travels as a bound parameter; the SQL text is put
together only from the fixed fragments in this module. Actors are compared by their *key* — the ISO
code of a state, or the organisation (NATO, EU …) for IGO/NGO/MNC actors — as in ``Actor.key``.
Dyad time lines and alignment are computed by detente.relations (happenings, signals); the queries
here only fetch the rows they need (see series.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from ..model import ORG_CODES
from ..store.store import SOURCE_CLAUSE, has_column

# Organisations, companies and transnational militant groups (IMG: ISIS, al-Qaeda) are keyed by
# their org, as Actor.key does; a state by its ISO code.
_ORGS = ", ".join(f"'{c}'" for c in ORG_CODES)
SRC_KEY = (f"(CASE WHEN e.source_code IN ({_ORGS}) AND coalesce(e.source_org, '') <> '' "
           "THEN e.source_org ELSE e.source_code END)")
TGT_KEY = (f"(CASE WHEN e.target_code IN ({_ORGS}) AND coalesce(e.target_org, '') <> '' "
           "THEN e.target_org ELSE e.target_code END)")
# The reviewed reading of the events (or the coder's own, per app): views defined on each cursor by
# store.reviews.define_views.
FROM = "FROM detente_events e LEFT JOIN detente_evidence v ON v.event_id = e.id"
EVENTS_ONLY = "FROM detente_events e"  # when nothing reads the evidence (one row per event at most)
PERIODS = ("day", "week", "month", "year")  # as detente.relations, less "all"


# Letters strip_accents leaves alone (they are not a base letter plus a mark), folded by hand.
_FOLD_FROM, _FOLD_TO = "ĐđŁłØøĦħıŉ", "DdLlOoHhin"


def folded(sql: str) -> str:
    """SQL for ``sql`` in lower case without accents, so that 'Vučić' and 'vucic' compare equal.
    Plain ASCII text (as many bytes as characters) is only lowered: folding costs ten times more."""
    text = f"coalesce({sql}, '')"
    if sql == "?":  # one bound value: fold it (and name it once)
        return f"strip_accents(lower(translate({text}, '{_FOLD_FROM}', '{_FOLD_TO}')))"
    return (f"(CASE WHEN strlen({text}) = length({text}) THEN lower({text}) "
            f"ELSE strip_accents(lower(translate({text}, '{_FOLD_FROM}', '{_FOLD_TO}'))) END)")


def _date_range(column: str, since, until, clauses: list, params: list) -> None:
    for op, day in ((">=", since), ("<=", until)):
        if day:
            clauses.append(f"{column} {op} ?")
            params.append(day)


@dataclass(frozen=True)
class EventFilter:
    """What the user asked for; turned into a WHERE clause with bound parameters."""
    actor: str | None = None          # key, ISO code, organisation or CAMEO actor code
    pair: tuple[str, str] | None = None  # two actor keys, either direction unless ``directed``
    directed: bool = False
    event: str | None = None
    quad_class: int | None = None
    factuality: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    q: str | None = None              # words in the evidence sentence (case-insensitive)
    article_id: str | None = None
    dyadic: bool = False              # only events with a target that is not the source
    between: tuple[str, tuple[str, ...]] | None = None  # (actor, others): events between it and any of them
    sectors: tuple[str, ...] = ()     # CAMEO sectors (GOV, MIL …): events whose source or target has one
    place: str | None = None          # ISO3 country the event took place in (its location)
    reviewed: bool | None = None      # only reviewed (True) or only unreviewed (False) events
    source: str | None = None         # the outlet of the article (store.SOURCE_MATCH)

    def from_clause(self) -> str:
        """The FROM clause for counting or grouping the matching events: the evidence is joined only
        when a word search reads its sentence (the join doubled the cost of a count on the 2017 corpus)."""
        return FROM if self.q else EVENTS_ONLY

    def where(self) -> tuple[str, list]:
        clauses, params = [], []
        if self.actor:
            clauses.append(f"({SRC_KEY} = ? OR {TGT_KEY} = ? OR e.source_code = ? OR e.target_code = ? "
                           "OR e.source_cameo = ? OR e.target_cameo = ?)")
            params += [self.actor] * 6
        if self.pair:
            a, b = self.pair
            if self.directed:
                clauses.append(f"({SRC_KEY} = ? AND {TGT_KEY} = ?)")
                params += [a, b]
            else:
                clauses.append(f"(({SRC_KEY} = ? AND {TGT_KEY} = ?) OR ({SRC_KEY} = ? AND {TGT_KEY} = ?))")
                params += [a, b, b, a]
        for column, value in (("e.event", self.event), ("e.quad_class", self.quad_class),
                              ("e.factuality", self.factuality), ("e.article_id", self.article_id)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        _date_range("e.date", self.since, self.until, clauses, params)
        if self.source:
            clauses.append(SOURCE_CLAUSE)
            params += [self.source.strip().lower()] * 2
        if self.q:
            clauses.append(f"strpos({folded('v.sentence')}, {folded('?')}) > 0")
            params.append(self.q)
        if self.sectors:
            clauses.append("(e.source_sector IN (SELECT unnest(?)) OR e.target_sector IN (SELECT unnest(?)))")
            params += [list(self.sectors)] * 2
        if self.place:
            clauses.append("e.location_country = ?")
            params.append(self.place)
        if self.reviewed is not None:
            clauses.append("e.reviewed = ?")
            params.append(self.reviewed)
        if self.dyadic:
            clauses.append(f"e.target_code IS NOT NULL AND {SRC_KEY} <> {TGT_KEY}")
        if self.between:
            who, others = self.between
            clauses.append(f"(({SRC_KEY} = ? AND {TGT_KEY} IN (SELECT unnest(?))) "
                           f"OR ({TGT_KEY} = ? AND {SRC_KEY} IN (SELECT unnest(?))))")
            params += [who, list(others), who, list(others)]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _dicts(cur) -> list[dict]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


# -- events ---------------------------------------------------------------------------------
EVENT_COLUMNS = ("SELECT e.*, v.sentence, v.trigger, v.source_start, v.source_end, v.target_start, "
                 "v.target_end, v.trigger_start, v.trigger_end, v.rule, v.scores, a.title AS article_title, "
                 "a.url AS article_url, a.source AS article_source, a.external_id, a.source AS outlet ")
EVIDENCE_FIELDS = ("sentence", "trigger", "source_start", "source_end", "target_start", "target_end",
                   "trigger_start", "trigger_end", "rule", "scores")  # as EVENT_COLUMNS reads them
ARTICLE_FIELDS = ("article_title", "article_url", "article_source", "external_id", "outlet")
EVENT_SELECT = f"{EVENT_COLUMNS}{FROM} LEFT JOIN articles a ON a.id = e.article_id"


def _order(newest_first: bool) -> str:
    return f"ORDER BY e.date {'DESC' if newest_first else 'ASC'}, e.article_id, e.sentence_index, e.id"


def list_events(con, f: EventFilter, limit: int, offset: int, newest_first: bool = True) -> tuple[int, list[dict]]:
    where, params = f.where()
    # Only a word search reads the evidence; without one, count and page the events alone
    # and join the evidence and the articles to the page's rows only (three times faster).
    source = f.from_clause()
    total = con.execute(f"SELECT count(*) {source}{where}", params).fetchone()[0]
    order = _order(newest_first)
    rows = _dicts(con.execute(f"WITH page AS (SELECT e.id {source}{where} {order} LIMIT ? OFFSET ?) "
                              f"{EVENT_COLUMNS}FROM page JOIN detente_events e ON e.id = page.id "
                              "LEFT JOIN detente_evidence v ON v.event_id = e.id LEFT JOIN articles a ON a.id = e.article_id "
                              f"{order}", params + [limit, offset]))
    return total, rows


def any_event(con, f: EventFilter) -> bool:
    """Whether any event matches (stops at the first: 1–2 ms where counting and reading one joined row
    as list_events does cost 17–25 ms on the 2017 corpus)."""
    where, params = f.where()
    return con.execute(f"SELECT count(*) FROM (SELECT 1 {f.from_clause()}{where} LIMIT 1)", params).fetchone()[0] > 0


def page_event_ids(con, f: EventFilter, limit: int, offset: int, newest_first: bool = True) -> tuple[int, list[str]]:
    """(number of matching events, the ids of one page of them in list order): what list_events
    pages, without reading the rows (the caller may hold them already)."""
    where, params = f.where()
    source = f.from_clause()
    # The count rides along with the page (one scan, 5 ms where a count and a page cost 9 on the 2017
    # corpus); only a page past the end counts on its own.
    rows = con.execute(f"SELECT e.id, count(*) OVER () {source}{where} {_order(newest_first)} LIMIT ? OFFSET ?",
                       params + [limit, offset]).fetchall()
    total = rows[0][1] if rows else con.execute(f"SELECT count(*) {source}{where}", params).fetchone()[0]
    return total, [r[0] for r in rows]


def events_by_id(con, ids: list[str]) -> dict[str, dict]:
    """The rows of these events (as list_events reads them), by id."""
    if not ids:
        return {}
    # Three lookups by key, joined here: DuckDB's join of the events with all the evidence and all
    # the articles cost 15–30 ms for a page of 50 on the 2017 corpus, the three lookups 8–12.
    rows = _dicts(con.execute("SELECT e.* FROM detente_events e WHERE e.id IN (SELECT unnest(?))", [ids]))
    evidence = {r[0]: r[1:] for r in con.execute(
        f"SELECT event_id, {', '.join(EVIDENCE_FIELDS)} FROM detente_evidence WHERE event_id IN (SELECT unnest(?))",
        [ids]).fetchall()}
    articles = {r[0]: r[1:] for r in con.execute(
        "SELECT id, title, url, source, external_id, source FROM articles WHERE id IN (SELECT unnest(?))",
        [sorted({r["article_id"] for r in rows})]).fetchall()}
    for r in rows:
        r.update(zip(EVIDENCE_FIELDS, evidence.get(r["id"], (None,) * len(EVIDENCE_FIELDS))))
        r.update(zip(ARTICLE_FIELDS, articles.get(r["article_id"], (None,) * len(ARTICLE_FIELDS))))
    return {r["id"]: r for r in rows}


def get_event(con, event_id: str) -> dict | None:
    rows = _dicts(con.execute(f"{EVENT_SELECT} WHERE e.id = ?", [event_id]))
    return rows[0] if rows else None


def article_texts(con, ids) -> dict[str, str]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    return dict(con.execute("SELECT id, text FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall())


# -- articles -------------------------------------------------------------------------------
def list_articles(con, q: str | None, since, until, limit: int, offset: int) -> tuple[int, list[dict]]:
    clauses, params = [], []
    if q:
        clauses.append(f"(strpos({folded('a.title')}, {folded('?')}) > 0 OR strpos({folded('a.text')}, {folded('?')}) > 0)")
        params += [q, q]
    _date_range("a.date", since, until, clauses, params)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    total = con.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0]
    rows = _dicts(con.execute(
        "SELECT a.id, a.title, a.date, a.source, a.url, a.n_sentences, "
        "(SELECT count(*) FROM detente_events e WHERE e.article_id = a.id) AS n_events "
        f"FROM articles a{where} ORDER BY a.date DESC, a.id LIMIT ? OFFSET ?", params + [limit, offset]))
    return total, rows


def get_article(con, article_id: str, dateline: bool | None = None) -> dict | None:
    """The article; ``dateline``: whether the store has that column (None: look)."""
    # dateline: the place the article was filed from ("Belgrade"); a store made before it has no column
    if dateline is None:
        dateline = has_column(con, "articles", "dateline")
    dateline = ", dateline" if dateline else ", NULL AS dateline"
    rows = _dicts(con.execute("SELECT id, external_id, url, path, source, date, date_origin, title, text, language, "
                              f"n_sentences, coder_version{dateline} FROM articles WHERE id = ?", [article_id]))
    return rows[0] if rows else None


def article_mentions(con, article_id: str) -> list[dict]:
    return _dicts(con.execute("SELECT start_char, end_char, text, code, org, sector, name, cameo, reason "
                              "FROM mentions WHERE article_id = ? ORDER BY start_char", [article_id]))


# -- actors and dyads -----------------------------------------------------------------------
def actor_counts(con, f: EventFilter) -> list[dict]:
    """Every actor key with its number of events as source and as target (largest first)."""
    where, params = f.where()
    sql = (f"WITH x AS (SELECT {SRC_KEY} AS key, e.source_code AS code, 1 AS s, 0 AS t {f.from_clause()}{where} "
           f"UNION ALL SELECT {TGT_KEY}, e.target_code, 0, 1 {f.from_clause()}{where}"
           f"{' AND ' if where else ' WHERE '}e.target_code IS NOT NULL) "
           "SELECT key, any_value(code) AS code, sum(s)::INTEGER AS n_source, sum(t)::INTEGER AS n_target, "
           "count(*)::INTEGER AS n FROM x GROUP BY key ORDER BY n DESC, key")
    return _dicts(con.execute(sql, params + params))


def pair_counts(con, f: EventFilter, actor: str | None = None, limit: int | None = None) -> list[dict]:
    """Undirected dyads: events between two different actors, their mean Goldstein score and their
    split by QuadClass. With ``actor``, only that actor's dyads, the other side named ``partner``."""
    where, params = replace(f, dyadic=True).where()
    inner = f"SELECT {SRC_KEY} AS s, {TGT_KEY} AS t, e.goldstein, e.quad_class {f.from_clause()}{where}"
    quads = ", ".join(f"count(*) FILTER (WHERE quad_class = {q})::INTEGER AS q{q}" for q in (1, 2, 3, 4))
    if actor:
        sql = (f"WITH x AS ({inner}) SELECT CASE WHEN s = ? THEN t ELSE s END AS partner, count(*)::INTEGER AS n, "
               f"avg(goldstein) AS mean_goldstein, count(*) FILTER (WHERE s = ?)::INTEGER AS n_out, "
               f"count(*) FILTER (WHERE t = ?)::INTEGER AS n_in, {quads} FROM x WHERE s = ? OR t = ? "
               "GROUP BY partner ORDER BY n DESC, partner")
        params = params + [actor] * 5
    else:
        sql = (f"WITH x AS ({inner}) SELECT least(s, t) AS a, greatest(s, t) AS b, count(*)::INTEGER AS n, "
               f"avg(goldstein) AS mean_goldstein, count(*) FILTER (WHERE s = least(s, t))::INTEGER AS n_ab, "
               f"{quads} FROM x GROUP BY 1, 2 ORDER BY n DESC, a, b")
    if limit is not None:
        sql += " LIMIT ?"
        params = params + [limit]
    return _dicts(con.execute(sql, params))


def actor_series(con, f: EventFilter, period: str) -> dict[dt.date, dict]:
    """Period start → {n, n_source, n_target, mean_goldstein, quad} of the events matching ``f``
    (whose ``actor`` is the actor). Only periods with events; ``period`` is one of PERIODS."""
    if period not in PERIODS:
        raise ValueError(period)
    where, params = f.where()
    quads = ", ".join(f"count(*) FILTER (WHERE e.quad_class = {q})::INTEGER AS q{q}" for q in (1, 2, 3, 4))
    rows = _dicts(con.execute(
        f"SELECT date_trunc('{period}', e.date)::DATE AS period, count(*)::INTEGER AS n, "
        f"count(*) FILTER (WHERE {SRC_KEY} = ? OR e.source_code = ?)::INTEGER AS n_source, "
        f"avg(e.goldstein) AS mean_goldstein, {quads} {f.from_clause()}{where} GROUP BY 1 ORDER BY 1",
        [f.actor, f.actor] + params))
    return {r["period"]: {"n": r["n"], "n_source": r["n_source"], "n_target": r["n"] - r["n_source"],
                          "mean_goldstein": None if r["mean_goldstein"] is None else round(r["mean_goldstein"], 2),
                          "quad": {str(q): r[f"q{q}"] for q in (1, 2, 3, 4)}} for r in rows}


# The middle of the data decides the default range: dates beyond the 10th/90th percentiles by more
# than 1.5 times their distance (plus a month) are outliers — one event dated 1972 in a 2017 corpus
# must not stretch a time line over 45 years. Explicit since/until always win.
ROBUST_LOW, ROBUST_HIGH, ROBUST_FENCE, ROBUST_PAD_DAYS = 0.1, 0.9, 1.5, 31


def as_day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def robust_span(con, table: str, column: str, where: str = "", params: list | None = None) -> dict:
    """{first, last, outside}: the range of ``column`` once outliers are set aside, and how many
    rows were set aside. ``table``/``column``/``where`` are fixed SQL fragments of this module."""
    params = params or []
    q = con.execute(f"SELECT quantile_disc({column}, [{ROBUST_LOW}, {ROBUST_HIGH}]) {table}{where}", params).fetchone()[0]
    if not q or q[0] is None:
        return {"first": None, "last": None, "outside": 0}
    low, high = q
    low, high = as_day(low), as_day(high)
    fence = int(ROBUST_FENCE * (high - low).days + ROBUST_PAD_DAYS)
    lo = dt.date.fromordinal(max(1, low.toordinal() - fence))
    hi = dt.date.fromordinal(min(dt.date.max.toordinal(), high.toordinal() + fence))
    first, last, inside, total = con.execute(
        f"SELECT min({column}) FILTER (WHERE {column} BETWEEN ? AND ?), max({column}) FILTER (WHERE {column} "
        f"BETWEEN ? AND ?), count({column}) FILTER (WHERE {column} BETWEEN ? AND ?), count({column}) "
        f"{table}{where}", [lo, hi] * 3 + params).fetchone()
    return {"first": first, "last": last, "outside": total - inside}


def event_span(con, f: EventFilter) -> dict:
    where, params = f.where()
    return robust_span(con, f.from_clause(), "e.date", where, params)


def article_span(con) -> dict:
    return robust_span(con, "FROM articles", "date")


def event_frame(con, f: EventFilter):
    """Matching events with their evidence as a DataFrame (the columns of Store.query_events; the
    model's scores stay JSON text, lighter in the frames kept in memory: export.py reads either)."""
    where, params = f.where()
    return con.execute(f"SELECT e.*, v.sentence, v.trigger, v.source_start, v.source_end, v.target_start, "
                       f"v.target_end, v.trigger_start, v.trigger_end, v.rule, v.scores {FROM}{where} "
                       "ORDER BY e.date, e.article_id, e.sentence_index, e.id", params).df()


def article_frame(con, ids):
    """The articles with these ids (the columns of Store.articles, plus language). Of the path the
    article was read from only the file name is kept: it names the outlet of a file of articles
    (relations.dedup) without showing where the server keeps its files."""
    # text_hash tells copies of one text (relations.dedup); a store from before 0003 has none
    text_hash = "text_hash" if has_column(con, "articles", "text_hash") else "id AS text_hash"
    return con.execute("SELECT id, external_id, url, regexp_replace(path, '^.*[/\\\\]', '') AS path, source, date, "
                       f"date_origin, title, language, n_sentences, coded_at, {text_hash} FROM articles "
                       "WHERE id IN (SELECT unnest(?)) ORDER BY date, id",
                       [sorted(set(ids))]).df()


def store_summary(con) -> dict:
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    n_events, first, last = con.execute("SELECT count(*), min(date), max(date) FROM detente_events").fetchone()
    types = [r[0] for r in con.execute("SELECT DISTINCT event FROM detente_events ORDER BY 1").fetchall()]
    return {"articles": n_articles, "events": n_events, "first_date": first, "last_date": last, "event_types": types}
