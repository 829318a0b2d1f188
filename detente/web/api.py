"""The read-only JSON API under /api. Parameters are validated here, at the edge: bad ones get a
JSON error naming the parameter; everything past this point trusts them."""
from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import replace
from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from ..coding.ontology import EVENT_TYPES, QUAD_NAMES, plover_types
from ..errors import QueryError
from ..model import FACTUALITY
from ..relations.api import check_pole_items
from ..relations.blocs import bloc_table, default_poles
from ..store.filters import SECTOR_NAMES, check_actor, check_event, check_sectors
from ..store.reviews import define_views
from ..store.store import actor_stored, outlet_stored
from . import queries as Q
from . import series as S
from .snapshot import MAX_ARTICLE_EVENTS, Events, reader
from .present import actor_directory, actor_info, event_record, n_periods, periods, split_spans

MAX_PAGE = 200             # events or articles per page
MAX_OFFSET = 1_000_000
MAX_LIST = 500             # actors or dyads per response
MAX_PERIODS = 2000         # points in one time series
FIRST_DAY, LAST_DAY = dt.date(1800, 1, 1), dt.date(2200, 12, 31)
ACTOR_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.+\-]{0,39}$"
ID_PATTERN = r"^[A-Za-z0-9_\-]{1,64}$"
POLE_PATTERN = r"^[A-Za-z0-9_]{1,40}(,[A-Za-z0-9_]{1,40}){0,49}$"

Factuality = Literal["asserted", "negated", "future", "hypothetical", "all"]
Period = Literal["day", "week", "month", "year"]


class ApiError(Exception):
    """An error the client can fix (or a missing resource); answered as JSON with this status."""

    def __init__(self, status: int, message: str, param: str | None = None):
        message = f"{param}: {message}" if param else message
        super().__init__(message)
        self.status, self.message, self.param = status, message, param


router = APIRouter(prefix="/api")
_cursor_lock = threading.Lock()


class CursorPool:
    """DuckDB cursors over the app's read-only connection, each with its views defined once, lent to
    one request at a time (a cursor must not serve two threads at once) and taken back after it.
    Defining the views anew on every request cost four DuckDB round trips (about 3 ms) per request;
    a read-only store cannot change under them. Review mode does not use it (see ``connection``)."""

    def __init__(self, store):
        self.store = store
        self._free: list = []
        self._all: list = []
        self._lock = threading.Lock()

    def take(self):
        with self._lock:
            if self._free:
                return self._free.pop()
            cur = self.store.con.cursor()
            self._all.append(cur)
        define_views(cur, self.store.coder_only, fresh=True)
        return cur

    def give(self, cur) -> None:
        with self._lock:
            self._free.append(cur)

    def close(self) -> None:
        with self._lock:
            for cur in self._all:
                cur.close()
            self._free.clear()
            self._all.clear()


def connection(request: Request):
    """A cursor for this request alone: one DuckDB connection must not be shared across threads."""
    pool = getattr(request.app.state, "cursors", None)
    if pool is not None:
        cur = pool.take()
        try:
            yield cur
        finally:
            pool.give(cur)
        return
    with _cursor_lock:
        cur = request.app.state.store.con.cursor()
    try:
        # review mode: a request may write a review and read it back, so the reviewed views are
        # defined afresh on its own cursor (DuckDB temp views are per connection)
        define_views(cur, request.app.state.store.coder_only, fresh=False)
        yield cur
    finally:
        cur.close()


def events_of(request: Request, con) -> Events:
    """The questions about events of this request, answered from the app's snapshot of the store
    (snapshot.py) when it keeps one, else by SQL."""
    return Events(con, reader(con, getattr(request.app.state, "snapshot", None)))


def _actor(value: str | None, con=None, name: str = "actor") -> str | None:
    """An actor key checked against the vocabulary (store/filters.py) and, for codes from a user's own
    dictionaries, the store: an unknown one is a 422 naming what was expected ("did you mean RUS?")."""
    known = (lambda code: actor_stored(con, code)) if con is not None else None
    return check_actor(value, name, known=known)


def _dates(since: dt.date | None, until: dt.date | None) -> None:
    for name, day in (("since", since), ("until", until)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ApiError(422, f"{day} is outside {FIRST_DAY}..{LAST_DAY}", name)
    if since and until and since > until:
        raise ApiError(422, f"{since} is after until ({until})", "since")


def event_filter(
    actor: str | None = Query(None, pattern=ACTOR_PATTERN,
                              description="Actor key (SRB, NATO), ISO code or CAMEO actor code (SRBGOV)"),
    pair: str | None = Query(None, pattern=r"^[A-Za-z0-9_.+\-]{1,40},[A-Za-z0-9_.+\-]{1,40}$",
                             description="Two actor keys, comma-separated: events between them (see `directed`)"),
    directed: bool = Query(False, description="With `pair=A,B`: only events from A to B"),
    event: str | None = Query(None, max_length=20, description="PLOVER event type, e.g. SANCTION"),
    quad_class: int | None = Query(None, ge=1, le=4, description="1 verbal cooperation, 2 material cooperation, "
                                                                 "3 verbal conflict, 4 material conflict"),
    factuality: Factuality | None = Query(None, description="asserted, negated, future, hypothetical, or all"),
    since: dt.date | None = Query(None, description="First day (YYYY-MM-DD), inclusive"),
    until: dt.date | None = Query(None, description="Last day (YYYY-MM-DD), inclusive"),
    q: str | None = Query(None, min_length=2, max_length=200, description="Words in the evidence sentence"),
    sector: str | None = Query(None, max_length=100, description="Sectors, comma-separated (GOV,MIL): events "
                                                                 "whose source or target is of one of them"),
    place: str | None = Query(None, pattern=r"^[A-Za-z]{3}$", description="ISO3 country the event took place in"),
    reviewed: bool | None = Query(None, description="true: only events an analyst reviewed (or added); false: "
                                                    "only the coder's unreviewed ones"),
    con=Depends(connection),
    source: str | None = Query(None, min_length=1, max_length=100,
                               description="The outlet of the article, e.g. Reuters or bbc (bbc.co.uk, bbc.com)"),
) -> Q.EventFilter:
    event = check_event(event)
    _dates(since, until)
    if source is not None and not outlet_stored(con, source):
        raise ApiError(422, f"no article from source {source!r} in the store", "source")
    codes = [s for s in sector.split(",") if s.strip()] if sector else []
    sectors = tuple(dict.fromkeys(check_sectors(codes, "sector"))) if codes else ()
    pair_keys = tuple(_actor(p, con, "pair") for p in pair.split(",")) if pair else None
    return Q.EventFilter(actor=_actor(actor, con), pair=pair_keys, directed=directed, event=event,
                         quad_class=quad_class, factuality=None if factuality in (None, "all") else factuality,
                         since=since, until=until, q=q, sectors=sectors, place=place.upper() if place else None,
                         reviewed=reviewed,
                         source=source)


def counted_filter(request: Request, f: Q.EventFilter = Depends(event_filter)) -> Q.EventFilter:
    """For counts, charts and networks: only asserted events unless the caller asks otherwise
    (factuality=all, or another value) — a refused sanction is not a sanction."""
    return f if "factuality" in request.query_params else replace(f, factuality="asserted")


def _records(con, rows: list[dict]) -> list[dict]:
    texts = Q.article_texts(con, (r["article_id"] for r in rows))
    return [event_record(r, texts.get(r["article_id"])) for r in rows]


def event_records(request: Request, con, ids: list[str]) -> list[bytes]:
    """The records of these events as JSON, in this order. Each record is made once per store state and
    kept, written (``app.state.records``, as the answers are): pages of a list share most of their
    events, and reading 50 whole rows costs DuckDB about 15 ms on the 2017 corpus where paging their ids
    costs 4; writing them again cost 1.5 ms a page."""
    cache = request.app.state.records
    found = cache.lookup_many([("event", i) for i in ids])
    found = {k[1]: v for k, v in found.items()}
    missing = [i for i in ids if i not in found]
    if missing:
        rows = Q.events_by_id(con, missing)
        for rec in _records(con, [rows[i] for i in missing if i in rows]):
            found[rec["id"]] = body = JSONAnswer.dump(rec)
            cache.put(("event", rec["id"]), body, len(body) + 200)
    return [found[i] for i in ids if i in found]


def make_all_records(app, con) -> int:
    """Makes and keeps the record of every event, when the records cache can hold them all: the first
    pages after the server starts then cost what later ones do. Returns how many were made."""
    cache = app.state.records
    if cache.max_entries <= 0:
        return 0
    ids = [r[0] for r in con.execute(f"SELECT id FROM detente_events LIMIT {cache.max_entries + 1}").fetchall()]
    if len(ids) > cache.max_entries:
        return 0
    for at in range(0, len(ids), 500):
        rows = Q.events_by_id(con, ids[at:at + 500])
        for rec in _records(con, list(rows.values())):
            body = JSONAnswer.dump(rec)
            cache.put(("event", rec["id"]), body, len(body) + 200)
    return len(ids)


def _range(events: Events, f: Q.EventFilter, period: str) -> dict | None:
    try:
        return S.time_range(events, f, period, MAX_PERIODS)
    except S.TooManyPoints as exc:
        raise ApiError(422, exc.detail, "period") from None


def _plain(value):
    """What json.dumps cannot write itself, as FastAPI's jsonable_encoder would write it."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return list(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return jsonable_encoder(value)


class JSONAnswer(Response):
    """JSON written by json.dumps directly: FastAPI's default first copies every answer through
    jsonable_encoder, which took 34 of the 51 ms of an events page (50 events with their evidence).
    Every answer is kept by the app's answer cache (cache.py) until the store changes."""
    media_type = "application/json"

    def render(self, content) -> bytes:
        return self.dump(content)

    @staticmethod
    def dump(content) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=_plain).encode()


def json_page(head: dict, items: list[bytes]) -> Response:
    """``{**head, "items": [...]}`` from records already written as JSON (event_records)."""
    return Response(JSONAnswer.dump(head)[:-1] + b',"items":[' + b",".join(items) + b"]}",
                    media_type="application/json")


# -- endpoints ------------------------------------------------------------------------------
@router.get("/meta", summary="What is in the store, and the vocabularies the filters take")
def meta(con=Depends(connection)):
    return JSONAnswer(store_meta(con))


def store_meta(con) -> dict:
    summary = Q.store_summary(con)
    types = plover_types()
    articles_range = Q.article_span(con)
    # first/last_date: where the events are, outliers set aside (their count is in events_range)
    events_range = Q.event_span(con, Q.EventFilter())
    summary.update(first_date=events_range["first"], last_date=events_range["last"])
    return {**summary, "articles_range": articles_range, "events_range": events_range,
            "plover_types": [{"event": t, "definition": types.get(t, {}).get("definition", "")} for t in EVENT_TYPES],
            "quad_classes": QUAD_NAMES, "sectors": SECTOR_NAMES, "factualities": list(FACTUALITY),
            "periods": list(Q.PERIODS),
            "blocs": [{"key": k, "name": actor_info(k)["name"]} for k in sorted(bloc_table())],
            "limits": {"page": MAX_PAGE, "list": MAX_LIST, "periods": MAX_PERIODS}}


@router.get("/events", summary="Events with their evidence, newest first, filtered and paginated")
def events(request: Request, f: Q.EventFilter = Depends(event_filter), limit: int = Query(50, ge=1, le=MAX_PAGE),
           offset: int = Query(0, ge=0, le=MAX_OFFSET), order: Literal["newest", "oldest"] = "newest",
           con=Depends(connection)):
    total, ids = events_of(request, con).page_ids(f, limit, offset, newest_first=order == "newest")
    return json_page({"total": total, "limit": limit, "offset": offset}, event_records(request, con, ids))


@router.get("/events/{event_id}", summary="One event with its evidence")
def event(request: Request, event_id: str = Path(pattern=ID_PATTERN), con=Depends(connection)):
    found = event_records(request, con, [event_id])
    if not found:
        raise ApiError(404, f"no event {event_id}")
    return Response(found[0], media_type="application/json")


@router.get("/articles", summary="Stored articles, newest first")
def articles(q: str | None = Query(None, min_length=2, max_length=200, description="Words in the title or text"),
             since: dt.date | None = None, until: dt.date | None = None,
             limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
             con=Depends(connection)):
    _dates(since, until)
    total, rows = Q.list_articles(con, q, since, until, limit, offset)
    return JSONAnswer({"total": total, "limit": limit, "offset": offset, "items": rows})


@router.get("/articles/{article_id}", summary="An article: its text, all its events and actor mentions")
def article(request: Request, article_id: str = Path(pattern=ID_PATTERN), con=Depends(connection)):
    events = events_of(request, con)
    art = Q.get_article(con, article_id, events.source.dateline)
    if art is None:
        raise ApiError(404, f"no article {article_id}")
    listed = events.article_events(article_id)[:MAX_ARTICLE_EVENTS]
    marks = [(*span, i) for i, span in listed if span is not None]
    art.pop("path", None)  # where the server read the file is nobody's business (SECURITY.md)
    # the events' records as the events list keeps them (made from the same article text)
    head = JSONAnswer.dump(art)[:-1] + b',"events":[' + b",".join(event_records(request, con, [i for i, _ in listed]))
    rest = {"mentions": Q.article_mentions(con, article_id), "text_pieces": split_spans(art["text"] or "", 0, marks)}
    return Response(head + b"]," + JSONAnswer.dump(rest)[1:], media_type="application/json")


@router.get("/actors", summary="States and organisations with their number of events")
def actors(request: Request, f: Q.EventFilter = Depends(counted_filter),
           name: str | None = Query(None, max_length=100, description="Part of the name or key, e.g. serb"),
           limit: int = Query(100, ge=1, le=MAX_LIST), offset: int = Query(0, ge=0, le=MAX_OFFSET),
           con=Depends(connection)):
    # Every dashboard page asks for this list (its search box): computed once per store state.
    return JSONAnswer(actor_list(events_of(request, con), f, name, limit, offset))


def actor_list(events: Events, f: Q.EventFilter, name: str | None, limit: int, offset: int) -> dict:
    rows = [{**actor_info(r["key"], r["code"]), **r} for r in events.actor_counts(f)]
    if name:
        needle = name.strip().lower()
        rows = [r for r in rows if needle in r["key"].lower() or needle in r["name"].lower()]
    return {"total": len(rows), "limit": limit, "offset": offset, "items": rows[offset:offset + limit]}


@router.get("/actors/{key}", summary="One state or organisation: its counts and its partners (paged)")
def actor(request: Request, key: str = Path(pattern=ACTOR_PATTERN), f: Q.EventFilter = Depends(counted_filter),
          limit: int = Query(50, ge=1, le=MAX_LIST), offset: int = Query(0, ge=0, le=MAX_OFFSET),
          con=Depends(connection)):
    key = key.upper()
    mine = replace(f, actor=key, pair=None)
    events = events_of(request, con)
    counts = [r for r in events.actor_counts(mine) if r["key"] == key]
    if not counts:
        everything = [r for r in events.actor_counts(Q.EventFilter(actor=key)) if r["key"] == key]
        if not everything:
            raise ApiError(404, f"no events of {key} in this store")
        counts = [{"key": key, "code": everything[0]["code"], "n": 0, "n_source": 0, "n_target": 0}]
    span = events.span(mine)
    everyone = events.pair_counts(mine, actor=key)
    partners = [{**actor_info(p["partner"]), **p} for p in everyone[offset:offset + limit]]
    return JSONAnswer({**actor_info(key, counts[0]["code"]), **counts[0], "first_date": span["first"],
                       "last_date": span["last"], "outside": span["outside"], "partners": partners,
                       "partners_total": len(everyone), "limit": limit, "offset": offset})


@router.get("/actors/{key}/series", summary="An actor's events and mean tone per period")
def actor_series(request: Request, key: str = Path(pattern=ACTOR_PATTERN), period: Period = "month",
                 f: Q.EventFilter = Depends(counted_filter), con=Depends(connection)):
    """Events with the actor as source or target per period (dense over the range), split by QuadClass,
    with their mean Goldstein tone. The range is since/until, or where its events are (`range`)."""
    key = key.upper()
    mine = replace(f, actor=key, pair=None)
    events = events_of(request, con)

    def compute():
        if not events.any_event(Q.EventFilter(actor=key)):
            raise ApiError(404, f"no events of {key} in this store")
        used = _range(events, mine, period)
        rows = events.actor_series(replace(mine, since=used["since"], until=used["until"]), period) if used else {}
        series = [{"period": day, **rows.get(day, S.EMPTY_POINT)}
                  for day in (periods(used["since"], used["until"], period) if used else [])]
        return {"actor": actor_info(key), "period": period, "factuality": f.factuality or "all", "range": used,
                "series": series}
    return JSONAnswer(compute())


@router.get("/dyads", summary="Pairs of actors (either direction) ranked by number of events")
def dyads(request: Request, f: Q.EventFilter = Depends(counted_filter), limit: int = Query(100, ge=1, le=MAX_LIST),
          con=Depends(connection)):
    rows = events_of(request, con).pair_counts(replace(f, actor=None), actor=f.actor, limit=limit)
    if f.actor:
        return JSONAnswer({"actor": actor_info(f.actor), "items": [{**actor_info(r["partner"]), **r} for r in rows]})
    names = actor_directory()
    return JSONAnswer({"items": [{**r, "a_name": names.get(r["a"], {}).get("name", r["a"]),
                                  "b_name": names.get(r["b"], {}).get("name", r["b"])} for r in rows]})


@router.get("/dyads/{a}/{b}", summary="Time line of a dyad: happenings per period and QuadClass")
def dyad(request: Request, a: str = Path(pattern=ACTOR_PATTERN), b: str = Path(pattern=ACTOR_PATTERN),
         period: Period = "month", f: Q.EventFilter = Depends(counted_filter), con=Depends(connection)):
    """Reports of the same act are merged into one happening (as `detente relations`). Counts are of
    happenings with the chosen factuality (asserted unless asked); `other_factuality` says how many
    denied, planned or hypothetical ones there were beside them."""
    a, b = _actor(a, con, "a"), _actor(b, con, "b")
    if a == b:
        raise ApiError(422, "a dyad needs two different actors", "b")
    pair = replace(f, actor=None, pair=(a, b), directed=False, factuality=None)

    def compute():
        used = _range(events_of(request, con), pair, period)
        within = replace(pair, since=used["since"], until=used["until"]) if used else pair
        span = (used["since"], used["until"]) if used else None
        return {**S.dyad_timeline(con, a, b, within, period, f.factuality or "all", span, request.app.state.frames,
                                    request.app.state.happenings),
                "range": used}
    return JSONAnswer(compute())


@router.get("/network", summary="Network of states and organisations: nodes and undirected edges")
def network(request: Request, f: Q.EventFilter = Depends(counted_filter),
            max_nodes: int = Query(50, ge=2, le=150, description="Keep the most active actors only"),
            min_count: int = Query(1, ge=1, le=100000, description="Drop edges with fewer events"),
            con=Depends(connection)):
    return JSONAnswer(network_graph(events_of(request, con), f, max_nodes, min_count))


def network_graph(events: Events, f: Q.EventFilter, max_nodes: int, min_count: int) -> dict:
    pairs = [p for p in events.pair_counts(replace(f, actor=None, pair=None)) if p["n"] >= min_count]
    degree: dict[str, int] = {}
    for p in pairs:
        degree[p["a"]] = degree.get(p["a"], 0) + p["n"]
        degree[p["b"]] = degree.get(p["b"], 0) + p["n"]
    keep = set(sorted(degree, key=lambda k: (-degree[k], k))[:max_nodes])
    edges = [{"source": p["a"], "target": p["b"], "n": p["n"], "mean_goldstein": p["mean_goldstein"],
              "n_ab": p["n_ab"], "quad": {str(q): p[f"q{q}"] for q in (1, 2, 3, 4)}}
             for p in pairs if p["a"] in keep and p["b"] in keep]
    nodes = [{**actor_info(k), "n": degree[k]} for k in sorted(keep, key=lambda k: (-degree[k], k))]
    return {"factuality": f.factuality or "all", "nodes": nodes, "edges": edges,
            "dropped_nodes": max(0, len(degree) - len(keep))}


@router.get("/alignment", summary="Where an actor leans between two poles, per period (alignment index)")
def alignment(request: Request, actor: str = Query(..., pattern=ACTOR_PATTERN, description="The actor, e.g. SRB"),
              pole_a: str | None = Query(None, pattern=POLE_PATTERN, description="First pole: an actor, a bloc "
                                         "(WEST, EU, NATO) or a comma list, e.g. RUS. Default: the first two of "
                                         "RUS, WEST, CHN that are not the actor and do not contain it"),
              pole_b: str | None = Query(None, pattern=POLE_PATTERN, description="Second pole, e.g. WEST or "
                                         "EU,USA,NATO (both poles or neither)"),
              period: Period = "year", since: dt.date | None = Query(None, description="First day, inclusive"),
              until: dt.date | None = Query(None, description="Last day, inclusive"),
              all_sectors: bool = Query(False, description="Count opposition, rebels, business … too, not only "
                                                           "the state's own voice"),
              sectors: str | None = Query(None, max_length=200, description="Sectors that count, e.g. GOV,MIL,OPP "
                                          "(default: GOV,MIL,LEG,JUD and the country named as itself)"),
              con=Depends(connection)):
    """The alignment index of `detente alignment` (docs/relations.md): each happening between the
    actor and a member of a pole is a signal (Goldstein × direction × factuality weight — a refused
    sanction against Russia is a signal toward Russia); a pole's affinity is the sum of its signals;
    index = (A − B) / (|A| + |B| + k), from −1 to +1, per pole. `leaning` names the pole with the
    highest affinity, or "no signal" when that pole has no happening in the period; the index of
    such a period is null. Without poles, a bloc the actor belongs to is never one of its poles."""
    actor = _actor(actor, con)
    if (pole_a is None) != (pole_b is None):
        raise ApiError(422, "give both poles or neither", "pole_b" if pole_b is None else "pole_a")
    pole_a, pole_b = (pole_a.upper(), pole_b.upper()) if pole_a else default_poles(actor)
    for name, pole in (("pole_a", pole_a), ("pole_b", pole_b)):
        check_pole_items([pole], known=lambda code: actor_stored(con, code), name=name)
    sector_list = check_sectors(sectors) if sectors else None
    _dates(since, until)
    if pole_a == pole_b or actor in (pole_a, pole_b):
        raise ApiError(422, "actor, pole_a and pole_b must be three different things", "pole_b")
    if since and until and n_periods(since, until, period) > MAX_PERIODS:
        raise ApiError(422, f"more than {MAX_PERIODS} points by {period}; narrow since/until or choose a "
                            "longer period", "period")

    def compute():
        try:
            out = S.alignment(con, actor, [pole_a, pole_b], period, since, until, all_sectors, sector_list,
                              MAX_PERIODS, frames=request.app.state.frames, events=events_of(request, con),
                              store=request.app.state.happenings)
        except S.TooManyPoints as exc:
            raise ApiError(422, exc.detail, "period") from None
        except QueryError as exc:
            raise ApiError(422, exc.detail, "pole_a") from None
        if len(out["series"]) > MAX_PERIODS:
            raise ApiError(422, f"more than {MAX_PERIODS} points by {period}; narrow since/until or choose a "
                                "longer period", "period")
        return out
    return JSONAnswer(compute())
