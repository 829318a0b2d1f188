"""One event per happening. Many articles (and many sentences of one article) report the same
happening; each report is stored as its own event row with its evidence. Here the rows that share
source, target, event type, mode and factuality, with event dates within a window, become one
*happening* that counts its mentions, articles and sources (GDELT's NumMentions / NumArticles /
NumSources). Computed on read: the window is a query parameter, and an article coded later can
join a happening that already exists (docs/relations.md, "One event per happening")."""
from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from ..errors import QueryError
from .frames import actor_key

log = logging.getLogger(__name__)

DEFAULT_WINDOW_DAYS = 3
# Descriptive fields of a happening come from one representative mention (see _representative).
ACTOR_FIELDS = ("code", "org", "sector", "name", "cameo", "reason")
REPRESENTATIVE_FIELDS = (
    ["event", "mode", "context", "cameo", "goldstein", "quad_class", "factuality", "speaker"]
    + [f"source_{f}" for f in ACTOR_FIELDS] + [f"target_{f}" for f in ACTOR_FIELDS]
    + ["location_name", "location_country", "lat", "lon", "geonames_id", "location_origin", "coder_version",
       "sentence", "trigger", "scores", "article_id", "sentence_index"])
HAPPENING_COLUMNS = (
    ["happening_id", "date", "date_last", "date_origin", "date_precision"]
    + [c for c in REPRESENTATIVE_FIELDS if c not in ("article_id", "sentence_index")]
    + ["source_key", "target_key", "n_mentions", "n_articles", "n_sources", "first_article_id", "outlet",
       "source_url", "language", "date_added", "is_root", "article_ids", "event_ids", "external_ids"])


def article_outlet(articles: pd.DataFrame) -> pd.Series:
    """Who published each article, for NumSources: its `source` field, else the host of its URL, else
    the input file it came from (a file of articles is usually one outlet's dump)."""
    src = articles["source"].fillna("").astype(str).str.strip()
    host = articles["url"].fillna("").astype(str).map(lambda u: urlparse(u).netloc if u else "")
    path = articles["path"].fillna("").astype(str).str.replace(r":\d+$", "", regex=True)
    out = src.where(src != "", host)
    out = out.where(out != "", path)
    return out.where(out != "", articles["id"]).set_axis(articles["id"].values)


def assign(events: pd.DataFrame, articles: pd.DataFrame, window_days: int = DEFAULT_WINDOW_DAYS) -> pd.DataFrame:
    """Every event row (a mention) with the id of its happening, plus `source_key`, `target_key`,
    `outlet`, `url` and `coded_at` of its article. Rows keep all their evidence columns."""
    if window_days is None or int(window_days) < 0:
        raise QueryError(f"--window-days must be 0 or more, not {window_days}")
    window_days = int(window_days)
    df = events.copy()
    df["source_key"] = actor_key(df, "source")
    df["target_key"] = actor_key(df, "target")
    arts = articles.set_index("id")
    outlet = article_outlet(articles)
    df["outlet"] = df["article_id"].map(outlet).fillna(df["article_id"])
    # Where to cite the article: its URL, else the user's own id for it, else the file (and line) it was read from.
    ref = arts["url"].fillna("")
    for fallback in ("external_id", "path"):
        ref = ref.where(ref != "", arts[fallback].fillna("").astype(str))
    df["url"] = df["article_id"].map(ref).fillna("")
    df["external_id"] = df["article_id"].map(arts["external_id"].fillna("").astype(str)).fillna("")
    df["language"] = df["article_id"].map(arts["language"]).fillna("en") if "language" in arts else "en"
    df["coded_at"] = df["article_id"].map(arts["coded_at"]) if "coded_at" in arts else pd.NaT
    if df.empty:
        df["happening_id"] = pd.Series([], dtype=str)
        return df
    key = (df["source_key"] + "|" + df["target_key"] + "|" + df["event"].fillna("") + "|"
           + df["mode"].fillna("") + "|" + df["factuality"].fillna(""))
    # Without a target, "USA ASSAULT" in two stories is rarely one act: such reports merge only when
    # they name the same place, or else only within one article.
    untargeted = df["target_key"] == ""
    place = df["location_name"].fillna("")
    if "location_origin" in df:  # a dateline is where the story was filed, not where the act happened
        place = place.where(df["location_origin"].fillna("") != "dateline", "")
    anchor = place.where(place != "", "article:" + df["article_id"])
    key = key.where(~untargeted, key + "|" + anchor)
    day = _copy_day(df, arts, pd.to_datetime(df["date"]).values.astype("datetime64[D]").astype(np.int64))
    order = np.lexsort((df["sentence_index"].values, df["article_id"].astype(str).values, day, key.values))
    # Python ints: a missing date is NaT, int64's smallest value, and "dated minus undated" in int64
    # overflows and wraps to a small number, which merged an undated report into a dated happening.
    keys, days = key.values[order], [int(d) for d in day[order]]
    cluster = np.empty(len(df), dtype=np.int64)
    # Anchored windows: a happening starts at its earliest report and takes every report of the same
    # key dated at most window_days later. (Chaining gaps instead would merge a daily series of
    # separate happenings — daily shelling, rounds of talks — into one.)
    current, prev_key, anchor = -1, None, 0
    for i in range(len(keys)):
        if keys[i] != prev_key or days[i] - anchor > window_days:
            current += 1
            prev_key, anchor = keys[i], days[i]
        cluster[i] = current
    ids = np.empty(len(df), dtype=object)
    first_of = {}
    for i, c in enumerate(cluster):
        if c not in first_of:
            first_of[c] = hashlib.sha256(f"{keys[i]}|{days[i]}".encode()).hexdigest()[:20]
        ids[order[i]] = first_of[c]
    df["happening_id"] = ids
    return df


def _copy_day(df: pd.DataFrame, arts: pd.DataFrame, day: np.ndarray) -> np.ndarray:
    """The day each mention is clustered by. A copy of a text (the same wire story from another outlet,
    maybe days later) codes the same events, but relative dates ("on Tuesday") move with its own
    publication date: each event of a copy counts on the day of the same event in the earliest copy,
    so it is a new mention of the same happening, not a new happening."""
    if "text_hash" not in arts or "trigger_start" not in df:
        return day
    text = df["article_id"].map(arts["text_hash"]).fillna(df["article_id"])
    same = (text + "|" + df["sentence_index"].astype(str) + "|" + df["event"].fillna("") + "|"
            + df["trigger_start"].astype(str) + "|" + df["source_key"] + "|" + df["target_key"])
    return pd.Series(day, index=df.index).groupby(same.values).transform("min").values


def collect(keys: pd.Series, values: pd.Series) -> dict:
    """{key: [values in order]} in one pass (pandas' per-group Python aggregation is ~50× slower)."""
    out: dict = {}
    for k, v in zip(keys.values, values.values):
        out.setdefault(k, []).append(v)
    return out


def _representative(m: pd.DataFrame) -> pd.DataFrame:
    """One row per happening whose fields describe it: the mention with the most specific actors
    (a sector on source and target) and a place, earliest first. 'Serbia' and 'the Serbian
    government' are one actor at country level; the happening keeps the more specific reading."""
    score = ((m["source_sector"].fillna("") != "").astype(int) + (m["target_sector"].fillna("") != "").astype(int)
             + m["location_name"].notna().astype(int))
    ranked = m.assign(_score=-score).sort_values(["happening_id", "_score", "date", "article_id", "sentence_index"])
    return ranked.drop_duplicates("happening_id").set_index("happening_id")


def happenings(mentions: pd.DataFrame) -> pd.DataFrame:
    """Collapse mention rows (from assign) into one row per happening."""
    if mentions.empty:
        return pd.DataFrame(columns=HAPPENING_COLUMNS)
    rep = _representative(mentions)
    g = mentions.groupby("happening_id", sort=False)
    first = mentions.sort_values(["date", "coded_at", "article_id", "sentence_index"]).drop_duplicates("happening_id")
    first = first.set_index("happening_id")
    out = pd.DataFrame({
        "date": g["date"].min(), "date_last": g["date"].max(),
        # how the first report's date was found, and its precision (None in stores from before them)
        "date_origin": first.get("date_origin"), "date_precision": first.get("date_precision"),
        "n_mentions": g.size(), "n_articles": g["article_id"].nunique(), "n_sources": g["outlet"].nunique(),
        "first_article_id": first["article_id"], "outlet": first["outlet"], "source_url": first["url"],
        "language": first["language"],
        "date_added": g["coded_at"].min(), "is_root": g["sentence_index"].min().eq(0),
        "article_ids": pd.Series({k: sorted(set(v)) for k, v in collect(mentions["happening_id"],
                                                                         mentions["article_id"]).items()}),
        "event_ids": pd.Series(collect(mentions["happening_id"], mentions["id"])),
        "external_ids": pd.Series({k: sorted({x for x in v if x}) for k, v in collect(
            mentions["happening_id"], mentions["external_id"]).items()}),
        "source_key": g["source_key"].first(), "target_key": g["target_key"].first(),
    })
    for col in REPRESENTATIVE_FIELDS:
        if col not in ("article_id", "sentence_index"):
            out[col] = rep[col] if col in rep else None  # location_origin: not in a store read before 0002
    out = out.rename_axis("happening_id").reset_index()
    return out[HAPPENING_COLUMNS].sort_values(["date", "happening_id"]).reset_index(drop=True)


def dedup(events: pd.DataFrame, articles: pd.DataFrame, window_days: int = DEFAULT_WINDOW_DAYS) -> pd.DataFrame:
    """Events (as the store returns them) → one row per happening."""
    table = happenings(assign(events, articles, window_days))
    log.info("%d event mention(s) → %d happening(s) (window %d day(s))", len(events), len(table), window_days)
    return table
