"""The events of a served store as numpy arrays, read once per store state: what the read-only pages
ask of the events — filtering, counting, paging, date ranges, counts per actor, pair and period —
answered in memory instead of by a DuckDB query each.

Each web request used to send two to five small queries to DuckDB (1–8 ms each under load); at 50
clients asking new questions that was most of the server's CPU (docs/web.md, "Fifty users at once").
A worker process now reads the events once — every column the filters compare, the actor keys as
``queries.SRC_KEY``/``TGT_KEY`` compute them, the evidence sentence folded by the same SQL as
``queries.folded``, and the row order of both list orders as DuckDB sorts it — and answers from
arrays. The answers are those of the SQL in queries.py (tests/test_web_snapshot.py compares both on
stores built by the test); a filter the snapshot does not know (none today) goes to SQL.

Text search: SQL's ``strpos(folded(sentence), folded(q)) > 0`` is a substring test, so the folded
sentences are kept in one string (separated by a NUL, which no needle holds) and searched with
``str.find``; the needle is folded by DuckDB itself (one tiny query) so accents and case are folded
exactly as before."""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace

import numpy as np

from ..store.store import SOURCE_MATCH, has_column
from . import queries as Q

log = logging.getLogger(__name__)
MAX_ARTICLE_EVENTS = 2000  # events listed on an article's page
MAX_EVENTS = 500_000  # beyond this a process keeps no snapshot (memory): every question goes to SQL
_KEY = ("events snapshot",)
_EPOCH = dt.date(1970, 1, 1)
_NO_DATE = np.iinfo(np.int64).min  # a missing date: never within a range (SQL: NULL compares false)
_CODES = ("sk", "tk", "source_code", "target_code", "source_cameo", "target_cameo", "event", "factuality",
          "article_id", "source_sector", "target_sector", "location_country")


def _day(value) -> int:
    return (Q.as_day(value) - _EPOCH).days


def _date(days: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(days))


class Snapshot:
    """Every event's filter columns, one array each, in the store's scan order."""

    def __init__(self, con):
        # The events in the order DuckDB scans them (its sums add in that order, and so do ours), then
        # each list order and the folded sentences, matched by id.
        cols = ("e.id, e.article_id, {} AS sk, {} AS tk, e.source_code, e.target_code, e.source_cameo, "
                "e.target_cameo, e.event, e.quad_class, e.factuality, e.date, e.source_sector, e.target_sector, "
                "e.location_country, e.reviewed, e.goldstein, e.sentence_index").format(Q.SRC_KEY, Q.TGT_KEY)
        data = con.execute(f"SELECT {cols} {Q.EVENTS_ONLY}").fetchnumpy()
        row_of = {i: n for n, i in enumerate(data["id"].tolist())}
        self.order = {newest: np.fromiter((row_of[r[0]] for r in con.execute(
            f"SELECT e.id {Q.EVENTS_ONLY} {Q._order(newest)}").fetchall()), dtype=np.int64, count=len(row_of))
            for newest in (True, False)}
        folded = [""] * len(row_of)
        self.triggers: list = [None] * len(row_of)  # each event's trigger span (start, end), or None
        for i, text, start, end in con.execute(f"SELECT v.event_id, {Q.folded('v.sentence')}, v.trigger_start, "
                                               "v.trigger_end FROM detente_evidence v").fetchall():
            if i in row_of:
                folded[row_of[i]] = text or ""
                self.triggers[row_of[i]] = None if start is None else (start, end)
        self.sentence_index = self._ints(data["sentence_index"]).tolist()
        self.dateline = has_column(con, "articles", "dateline")
        self.n = len(data["id"])
        self.ids = np.asarray(data["id"], dtype=object)
        self.vocab: dict[str, dict] = {}   # column → value → code (codes of one vocabulary for sk and tk)
        self.codes: dict[str, np.ndarray] = {}
        keys: dict = {}
        for name in _CODES:
            values = data[name]
            vocab = keys if name in ("sk", "tk") else self.vocab.setdefault(name, {})
            mask = np.ma.getmaskarray(values)
            raw = np.ma.getdata(values)
            self.codes[name] = np.fromiter((-1 if m else vocab.setdefault(v, len(vocab)) for v, m in zip(raw, mask)),
                                           dtype=np.int64, count=self.n)
            self.vocab[name] = vocab
        self.key_names = np.asarray(sorted(keys, key=keys.get), dtype=object)
        self.names = {c: sorted(v, key=v.get) for c, v in self.vocab.items()}
        self.quad = self._ints(data["quad_class"])
        self.reviewed = self._ints(data["reviewed"])
        gold = data["goldstein"]
        self.gold = np.ma.getdata(gold).astype(float)
        self.has_gold = ~np.ma.getmaskarray(gold)
        dates = data["date"]
        days = np.ma.getdata(dates).astype("datetime64[D]").astype(np.int64)
        self.days = np.where(np.ma.getmaskarray(dates), _NO_DATE, days)
        self.has_date = self.days != _NO_DATE
        self.text = "\0".join(folded)
        self._searched: dict[str, np.ndarray] = {}  # folded word → which sentences hold it (the last 256)
        self.starts = np.cumsum([0] + [len(s) + 1 for s in folded[:-1]]) if folded else np.zeros(0, np.int64)
        self.dyadic = ((self.codes["target_code"] >= 0) & (self.codes["sk"] >= 0) & (self.codes["tk"] >= 0)
                       & (self.codes["sk"] != self.codes["tk"]))

    def _ints(self, values) -> np.ndarray:
        out = np.ma.getdata(values).astype(np.int64)
        return np.where(np.ma.getmaskarray(values), np.iinfo(np.int64).min, out)

    # -- filters -----------------------------------------------------------------------------
    def _is(self, column: str, value) -> np.ndarray:
        code = self.vocab[column].get(value)
        if code is None:
            return np.zeros(self.n, dtype=bool)
        return self.codes[column] == code

    def _key(self, value) -> int:
        return self.vocab["sk"].get(value, -2)  # -2: no row has it (-1 is a missing key)

    def _any_of(self, column: str, values) -> np.ndarray:
        codes = [c for v in values if (c := self.vocab[column].get(v)) is not None]
        return np.isin(self.codes[column], codes) if codes else np.zeros(self.n, dtype=bool)

    def mask(self, con, f: Q.EventFilter) -> np.ndarray:
        """Which events match ``f``, as ``f.where()`` selects them."""
        m = np.ones(self.n, dtype=bool)
        sk, tk = self.codes["sk"], self.codes["tk"]
        if f.actor:
            a = f.actor
            m &= (self._is("sk", a) | self._is("tk", a) | self._is("source_code", a) | self._is("target_code", a)
                  | self._is("source_cameo", a) | self._is("target_cameo", a))
        if f.pair:
            a, b = (self._key(k) for k in f.pair)
            m &= (sk == a) & (tk == b) if f.directed else ((sk == a) & (tk == b)) | ((sk == b) & (tk == a))
        for column, value in (("event", f.event), ("factuality", f.factuality), ("article_id", f.article_id)):
            if value is not None:
                m &= self._is(column, value)
        if f.quad_class is not None:
            m &= self.quad == f.quad_class
        if f.since:
            m &= self.has_date & (self.days >= _day(f.since))
        if f.until:
            m &= self.has_date & (self.days <= _day(f.until))
        if f.source:
            name = f.source.strip().lower()
            ids = [r[0] for r in con.execute(f"SELECT id FROM articles WHERE {SOURCE_MATCH}", [name, name]).fetchall()]
            m &= self._any_of("article_id", ids)
        if f.q:
            m &= self._search(con, f.q)
        if f.sectors:
            m &= self._any_of("source_sector", f.sectors) | self._any_of("target_sector", f.sectors)
        if f.place:
            m &= self._is("location_country", f.place)
        if f.reviewed is not None:
            m &= self.reviewed == int(f.reviewed)
        if f.dyadic:
            m &= self.dyadic
        if f.between:
            who, others = f.between
            w = self._key(who)
            o = [self._key(k) for k in others]
            m &= ((sk == w) & np.isin(tk, o)) | ((tk == w) & np.isin(sk, o))
        return m

    def _search(self, con, q: str) -> np.ndarray:
        needle = _fold(con, q)
        hit = self._searched.get(needle)
        if hit is not None:
            return hit
        hit = np.zeros(self.n, dtype=bool)
        if needle == "":  # strpos(s, '') is 1: every sentence holds the empty string
            hit[:] = True
        else:  # every place the needle is found, then the sentence each one falls in
            at = np.fromiter((m.start() for m in re.finditer(re.escape(needle), self.text)), dtype=np.int64)
            hit[np.searchsorted(self.starts, at, side="right") - 1] = True
        if len(self._searched) >= 256:
            self._searched.clear()
        self._searched[needle] = hit
        return hit

    # -- what queries.py answers -------------------------------------------------------------
    def page_ids(self, con, f: Q.EventFilter, limit: int, offset: int, newest_first: bool = True) -> tuple[int, list]:
        """As queries.page_event_ids."""
        m = self.mask(con, f)
        order = self.order[newest_first]
        rows = order[np.flatnonzero(m[order])[offset:offset + limit]]
        return int(m.sum()), self.ids[rows].tolist()

    def article_events(self, con, article_id: str) -> list[tuple[str, tuple | None]]:
        """(id, trigger span) of the article's events in the order the article page lists them."""
        order = self.order[False]
        rows = order[self._is("article_id", article_id)[order]].tolist()
        rows.sort(key=lambda r: (self.sentence_index[r], (self.triggers[r] or (0,))[0] or 0))
        return [(self.ids[r], self.triggers[r]) for r in rows]

    def any_event(self, con, f: Q.EventFilter) -> bool:
        return bool(self.mask(con, f).any())

    def span(self, con, f: Q.EventFilter) -> dict:
        """As queries.event_span: the robust range of the matching events' dates."""
        m = self.mask(con, f) & self.has_date
        days = np.sort(self.days[m])
        n = len(days)
        if not n:
            return {"first": None, "last": None, "outside": 0}
        low, high = (_date(days[max(0, int(np.ceil(q * n)) - 1)]) for q in (Q.ROBUST_LOW, Q.ROBUST_HIGH))
        fence = int(Q.ROBUST_FENCE * (high - low).days + Q.ROBUST_PAD_DAYS)
        lo = max(1, low.toordinal() - fence) - _EPOCH.toordinal()
        hi = min(dt.date.max.toordinal(), high.toordinal() + fence) - _EPOCH.toordinal()
        inside = days[(days >= lo) & (days <= hi)]
        if not len(inside):
            return {"first": None, "last": None, "outside": n}
        return {"first": _date(inside[0]), "last": _date(inside[-1]), "outside": n - len(inside)}

    def actor_counts(self, con, f: Q.EventFilter) -> list[dict]:
        """As queries.actor_counts (keys without a value left out: the API drops them)."""
        m = self.mask(con, f)
        sk, tk = self.codes["sk"], self.codes["tk"]
        src = m & (sk >= 0)
        tgt = m & (self.codes["target_code"] >= 0) & (tk >= 0)
        size = len(self.key_names)
        n_source = np.bincount(sk[src], minlength=size)
        n_target = np.bincount(tk[tgt], minlength=size)
        # any_value(code): the first code met, the source side scanned before the target side
        code_of: dict[int, str | None] = {}
        for keys, column, rows in ((sk, "source_code", src), (tk, "target_code", tgt)):
            at = np.flatnonzero(rows)
            found, first = np.unique(keys[at], return_index=True)
            codes, names = self.codes[column][at[first]], self.names[column]
            for k, c in zip(found.tolist(), codes.tolist()):
                code_of.setdefault(k, names[c] if c >= 0 else None)
        total = n_source + n_target
        found = [int(k) for k in np.flatnonzero(total)]
        found.sort(key=lambda k: (-int(total[k]), self.key_names[k]))
        return [{"key": self.key_names[k], "code": code_of.get(k), "n_source": int(n_source[k]),
                 "n_target": int(n_target[k]), "n": int(total[k])} for k in found]

    def pair_counts(self, con, f: Q.EventFilter, actor: str | None = None, limit: int | None = None) -> list[dict]:
        """As queries.pair_counts."""
        m = self.mask(con, replace(f, dyadic=True))
        s, t = self.codes["sk"][m], self.codes["tk"][m]
        gold, has_gold, quad = self.gold[m], self.has_gold[m], self.quad[m]
        names = self.key_names
        if actor:
            a = self._key(actor)
            mine = (s == a) | (t == a)
            s, t, gold, has_gold, quad = s[mine], t[mine], gold[mine], has_gold[mine], quad[mine]
            partner = np.where(s == a, t, s)
            groups, inverse = np.unique(partner, return_inverse=True)
            cols = {"n_out": s == a, "n_in": t == a}
        else:
            lo, hi = np.minimum(s, t), np.maximum(s, t)
            # least/greatest compare the keys' text, not their codes
            swap = names[lo] > names[hi] if len(lo) else np.zeros(0, dtype=bool)
            a_, b_ = np.where(swap, hi, lo), np.where(swap, lo, hi)
            size = len(names)
            groups, inverse = np.unique(a_ * size + b_, return_inverse=True)
            cols = {"n_ab": s == a_}
        g = len(groups)
        n = np.bincount(inverse, minlength=g)
        gsum = np.bincount(inverse, weights=np.where(has_gold, gold, 0.0), minlength=g)
        gcount = np.bincount(inverse, weights=has_gold.astype(float), minlength=g)
        extra = {k: np.bincount(inverse, weights=v.astype(float), minlength=g) for k, v in cols.items()}
        quads = {q: np.bincount(inverse, weights=(quad == q).astype(float), minlength=g) for q in (1, 2, 3, 4)}
        out = []
        size = len(names)
        means = [float(x) for x in np.divide(gsum, np.where(gcount > 0, gcount, 1))]
        lists = [extra[k].astype(np.int64).tolist() for k in cols] + [quads[q].astype(np.int64).tolist() for q in (1, 2, 3, 4)]
        labels = list(cols) + ["q1", "q2", "q3", "q4"]
        for grp, count, mean, has, *values in zip(groups.tolist(), n.tolist(), means, (gcount > 0).tolist(), *lists):
            row = {"partner": names[grp]} if actor else {"a": names[grp // size], "b": names[grp % size]}
            row["n"] = count
            row["mean_goldstein"] = mean if has else None
            row.update(zip(labels, values))
            out.append(row)
        out.sort(key=(lambda r: (-r["n"], r["partner"])) if actor else (lambda r: (-r["n"], r["a"], r["b"])))
        return out[:limit] if limit is not None else out

    def actor_series(self, con, f: Q.EventFilter, period: str) -> dict[dt.date, dict]:
        """As queries.actor_series."""
        if period not in Q.PERIODS:
            raise ValueError(period)
        m = self.mask(con, f)
        # events without a date make a period of their own, None (as SQL's NULL group)
        starts = np.where(self.has_date[m], _truncate(np.where(self.has_date, self.days, 0)[m], period), _NO_DATE)
        groups, inverse = np.unique(starts, return_inverse=True)
        g = len(groups)
        a = f.actor
        src = (self._is("sk", a) | self._is("source_code", a))[m]
        n = np.bincount(inverse, minlength=g)
        n_source = np.bincount(inverse, weights=src.astype(float), minlength=g)
        has_gold = self.has_gold[m]
        gsum = np.bincount(inverse, weights=np.where(has_gold, self.gold[m], 0.0), minlength=g)
        gcount = np.bincount(inverse, weights=has_gold.astype(float), minlength=g)
        quad = self.quad[m]
        quads = {q: np.bincount(inverse, weights=(quad == q).astype(float), minlength=g) for q in (1, 2, 3, 4)}
        out = {}
        for i, start in enumerate(groups.tolist()):
            ns = int(n_source[i])
            out[None if start == _NO_DATE else _date(start)] = {"n": int(n[i]), "n_source": ns, "n_target": int(n[i]) - ns,
                                 "mean_goldstein": round(float(gsum[i] / gcount[i]), 2) if gcount[i] else None,
                                 "quad": {str(q): int(quads[q][i]) for q in (1, 2, 3, 4)}}
        return out


def _truncate(days: np.ndarray, period: str) -> np.ndarray:
    """date_trunc(period, day) of days since 1970-01-01, as days since 1970-01-01."""
    if period == "day":
        return days
    if period == "week":  # 1970-01-01 was a Thursday: weeks start on Monday
        return days - (days + 3) % 7
    d = days.astype("datetime64[D]")
    unit = "M" if period == "month" else "Y"
    return d.astype(f"datetime64[{unit}]").astype("datetime64[D]").astype(np.int64)


_folds: dict[str, str] = {}


def _fold(con, q: str) -> str:
    """``q`` folded by DuckDB, as queries.folded folds a bound value (kept: a word is asked often)."""
    found = _folds.get(q)
    if found is None:
        found = con.execute(f"SELECT {Q.folded('?')}", [q]).fetchone()[0]
        if len(_folds) > 10_000:
            _folds.clear()
        _folds[q] = found
    return found


def store_snapshot(con, holder) -> Snapshot | None:
    """The snapshot of the store as it is now, made on first use after each change (one thread makes it,
    the others wait for it); None without a holder (review mode keeps nothing) or when the store is too
    big to keep."""
    if holder is None:
        return None
    return holder.made_once(_KEY, lambda: _make(con),
                            lambda kept: 0 if kept is False else 200 * kept.n + len(kept.text)) or None


def _make(con) -> Snapshot | bool:
    n = con.execute("SELECT count(*) FROM detente_events").fetchone()[0]
    if n > MAX_EVENTS:
        log.info("%d events: no snapshot of the events (more than %d)", n, MAX_EVENTS)
        return False
    made = Snapshot(con)
    log.info("snapshot of %d event(s)", made.n)
    return made


class SqlReader:
    """The same questions as a Snapshot, asked of DuckDB (queries.py): for review mode and big stores."""
    page_ids = staticmethod(Q.page_event_ids)
    any_event = staticmethod(Q.any_event)
    span = staticmethod(Q.event_span)
    pair_counts = staticmethod(Q.pair_counts)
    actor_series = staticmethod(Q.actor_series)

    dateline = None  # get_article looks

    @staticmethod
    def actor_counts(con, f: Q.EventFilter) -> list[dict]:
        return [r for r in Q.actor_counts(con, f) if r["key"]]

    @staticmethod
    def article_events(con, article_id: str) -> list[tuple[str, tuple | None]]:
        _, rows = Q.list_events(con, Q.EventFilter(article_id=article_id), MAX_ARTICLE_EVENTS, 0, newest_first=False)
        rows.sort(key=lambda r: (r["sentence_index"], r["trigger_start"] or 0))
        return [(r["id"], None if r["trigger_start"] is None else (r["trigger_start"], r["trigger_end"])) for r in rows]


SQL = SqlReader()


def reader(con, holder) -> Snapshot | SqlReader:
    """The snapshot of the store when the app keeps one, else SQL."""
    return store_snapshot(con, holder) or SQL


class Events:
    """A reader bound to one request's cursor: ``events.page_ids(f, 50, 0)``."""

    def __init__(self, con, source: Snapshot | SqlReader):
        self.con, self.source = con, source

    def __getattr__(self, name):
        method = getattr(self.source, name)
        return lambda *args, **kwargs: method(self.con, *args, **kwargs)
