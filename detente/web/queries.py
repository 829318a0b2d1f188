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

SRC_KEY = ("(CASE WHEN e.source_code IN ('IGO','NGO','MNC') AND coalesce(e.source_org, '') <> '' "
           "THEN e.source_org ELSE e.source_code END)")
TGT_KEY = ("(CASE WHEN e.target_code IN ('IGO','NGO','MNC') AND coalesce(e.target_org, '') <> '' "
           "THEN e.target_org ELSE e.target_code END)")
FROM = "FROM events e LEFT JOIN evidence v ON v.event_id = e.id"
PERIODS = ("day", "week", "month", "year")  # as detente.relations, less "all"


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
    source: str | None = None         # the outlet of the article (store.SOURCE_MATCH)

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
            clauses.append("strpos(lower(v.sentence), lower(?)) > 0")
            params.append(self.q)
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
EVENT_SELECT = (f"SELECT e.*, v.sentence, v.trigger, v.source_start, v.source_end, v.target_start, "
                f"v.target_end, v.trigger_start, v.trigger_end, v.rule, a.title AS article_title, "
                f"a.url AS article_url, a.source AS article_source, a.external_id, a.source AS outlet {FROM} "
                f"LEFT JOIN articles a ON a.id = e.article_id")


def list_events(con, f: EventFilter, limit: int, offset: int, newest_first: bool = True) -> tuple[int, list[dict]]:
    where, params = f.where()
    total = con.execute(f"SELECT count(*) {FROM}{where}", params).fetchone()[0]
    order = "DESC" if newest_first else "ASC"
    rows = _dicts(con.execute(f"{EVENT_SELECT}{where} ORDER BY e.date {order}, e.article_id, e.sentence_index, "
                              f"e.id LIMIT ? OFFSET ?", params + [limit, offset]))
    return total, rows


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
        clauses.append("(strpos(lower(coalesce(a.title, '')), lower(?)) > 0 OR strpos(lower(a.text), lower(?)) > 0)")
        params += [q, q]
    _date_range("a.date", since, until, clauses, params)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    total = con.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0]
    rows = _dicts(con.execute(
        "SELECT a.id, a.title, a.date, a.source, a.url, a.n_sentences, "
        "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n_events "
        f"FROM articles a{where} ORDER BY a.date DESC, a.id LIMIT ? OFFSET ?", params + [limit, offset]))
    return total, rows


def get_article(con, article_id: str) -> dict | None:
    # dateline: the place the article was filed from ("Belgrade"); a store made before it has no column
    dateline = ", dateline" if has_column(con, "articles", "dateline") else ", NULL AS dateline"
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
    sql = (f"WITH x AS (SELECT {SRC_KEY} AS key, e.source_code AS code, 1 AS s, 0 AS t {FROM}{where} "
           f"UNION ALL SELECT {TGT_KEY}, e.target_code, 0, 1 {FROM}{where}"
           f"{' AND ' if where else ' WHERE '}e.target_code IS NOT NULL) "
           "SELECT key, any_value(code) AS code, sum(s)::INTEGER AS n_source, sum(t)::INTEGER AS n_target, "
           "count(*)::INTEGER AS n FROM x GROUP BY key ORDER BY n DESC, key")
    return _dicts(con.execute(sql, params + params))


def pair_counts(con, f: EventFilter, actor: str | None = None, limit: int | None = None) -> list[dict]:
    """Undirected dyads: events between two different actors, their mean Goldstein score and their
    split by QuadClass. With ``actor``, only that actor's dyads, the other side named ``partner``."""
    where, params = replace(f, dyadic=True).where()
    inner = f"SELECT {SRC_KEY} AS s, {TGT_KEY} AS t, e.goldstein, e.quad_class {FROM}{where}"
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


def date_span(con, f: EventFilter) -> tuple[dt.date | None, dt.date | None]:
    where, params = f.where()
    return tuple(con.execute(f"SELECT min(e.date), max(e.date) {FROM}{where}", params).fetchone())


def event_frame(con, f: EventFilter):
    """Matching events with their evidence as a DataFrame (the columns of Store.query_events)."""
    where, params = f.where()
    return con.execute(f"SELECT e.*, v.sentence, v.trigger, v.source_start, v.source_end, v.target_start, "
                       f"v.target_end, v.trigger_start, v.trigger_end, v.rule {FROM}{where} "
                       "ORDER BY e.date, e.article_id, e.sentence_index, e.id", params).df()


def article_frame(con, ids):
    """The articles with these ids (the columns of Store.articles, plus language)."""
    # text_hash tells copies of one text (relations.dedup); a store from before 0003 has none
    text_hash = "text_hash" if has_column(con, "articles", "text_hash") else "id AS text_hash"
    return con.execute("SELECT id, external_id, url, path, source, date, date_origin, title, language, n_sentences, "
                       f"coded_at, {text_hash} FROM articles WHERE id IN (SELECT unnest(?)) ORDER BY date, id",
                       [sorted(set(ids))]).df()


def store_summary(con) -> dict:
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    n_events, first, last = con.execute("SELECT count(*), min(date), max(date) FROM events").fetchone()
    types = [r[0] for r in con.execute("SELECT DISTINCT event FROM events ORDER BY 1").fetchall()]
    return {"articles": n_articles, "events": n_events, "first_date": first, "last_date": last, "event_types": types}
