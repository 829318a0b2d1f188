"""From stored rows to what the dashboard shows: event records whose evidence sentence is cut into
highlighted pieces, actor names, and dense time series. No SQL here (see queries.py)."""
from __future__ import annotations

import datetime as dt
import functools
import re

from ..actors.gazetteer import ACTOR_DIR, gazetteer, read_tsv
from ..coding.ontology import QUAD_NAMES
from ..store.store import row_to_record
from .queries import ORG_CODES


# -- actors -------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def actor_directory() -> dict[str, dict]:
    """Actor key → display name and kind, from the same data files the coder resolves against."""
    names = {code: {"name": name, "kind": "state"} for code, name in gazetteer().country_names.items()}
    for r in read_tsv(ACTOR_DIR / "igos.tsv"):
        aliases = [a.strip() for a in r["aliases"].split(";") if a.strip()]
        # The first written-out form ("North Atlantic Treaty Organization") reads best; else the acronym.
        long = next((a for a in aliases if " " in a and not a[0].islower() and a != r["org"]), r["org"])
        names[r["org"]] = {"name": long, "kind": "organisation"}
    # Transnational militant groups (CAMEO's IMG) are nodes of their own, keyed by org (ISIS, AQ); a
    # group coded to its country (Hamas: PSE REB) is counted with that country.
    for r in read_tsv(ACTOR_DIR / "armed_groups.tsv"):
        if r["iso3"] == "IMG":
            names[r["org"]] = {"name": r["aliases"].split(";")[0].strip(), "kind": "armed group"}
    names["IMG"] = {"name": "Militant group (unnamed, IMG)", "kind": "armed group"}
    return names


def actor_info(key: str, code: str | None = None) -> dict:
    known = actor_directory().get(key)
    if known:
        return {"key": key, **known}
    kind = "organisation" if code in ORG_CODES else "other"
    return {"key": key, "name": key, "kind": kind}


def actor_key(actor: dict | None) -> str | None:
    if not actor:
        return None
    return actor["org"] if actor["code"] in ORG_CODES and actor.get("org") else actor["code"]


# -- evidence highlighting ------------------------------------------------------------------
def locate_sentence(text: str, sentence: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the evidence sentence lies in the article text, as (start, end) offsets. Spans are
    offsets into the article; where the sentence occurs more than once, the occurrence that holds
    the spans wins. Whitespace may differ (a stored sentence can be normalised)."""
    words = (sentence or "").split()
    if not text or not words:
        return None
    if spans and sentence:  # the stored sentence as it stands in the text: no pattern to compile
        at = text.find(sentence)
        while at >= 0:
            if all(at <= a and b <= at + len(sentence) for a, b in spans):
                return at, at + len(sentence)
            at = text.find(sentence, at + 1)
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    found = [m.span() for m in pattern.finditer(text)]
    for start, end in found:
        if all(start <= a and b <= end for a, b in spans):
            return start, end
    return found[0] if found else None


def split_spans(text: str, base: int, marks: list[tuple[int, int, str]]) -> list[dict]:
    """Cut ``text`` (which starts at article offset ``base``) at every mark boundary. Each piece is
    ``{"text": ..., "marks": [labels covering it]}``; overlapping marks simply share pieces."""
    end = base + len(text)
    marks = [(max(a, base), min(b, end), label) for a, b, label in marks if a < end and b > base and a < b]
    cuts = sorted({base, end, *(a for a, _, _ in marks), *(b for _, b, _ in marks)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        labels = [label for s, e, label in marks if s <= a and b <= e]
        if pieces and pieces[-1]["marks"] == labels:
            pieces[-1]["text"] += text[a - base:b - base]
        else:
            pieces.append({"text": text[a - base:b - base], "marks": labels})
    return pieces


def highlight(rec: dict, article_text: str | None) -> tuple[int | None, list[dict]]:
    """The evidence sentence, taken from the article text, as pieces marked ``source``, ``target``
    and ``trigger``. Returns the sentence's offset in the article (None when it cannot be found:
    then the stored sentence is shown unmarked rather than marked in the wrong place)."""
    ev = rec["evidence"]
    marks = [(s[0], s[1], role) for role in ("source", "target", "trigger")
             if (s := ev.get(f"{role}_span")) is not None]
    where = locate_sentence(article_text or "", ev.get("sentence") or "", [(a, b) for a, b, _ in marks])
    if where is None:
        return None, [{"text": ev.get("sentence") or "", "marks": []}]
    start, end = where
    return start, split_spans(article_text[start:end], start, marks)


def event_record(row: dict, article_text: str | None) -> dict:
    """The event JSON contract (as `detente code --format jsonl`) plus what the dashboard needs:
    id, actor keys and names, the article's title and link, and the highlighted sentence."""
    rec = row_to_record(row)
    rec["id"] = row["id"]
    for side in ("source", "target"):
        actor = rec[side]
        if actor:
            key = actor_key(actor)
            actor.update(key=key, label=actor_info(key, actor["code"])["name"], reason=row.get(f"{side}_reason"))
    rec["quad_name"] = QUAD_NAMES.get(rec["quad_class"])
    rec["article"] = {"id": row["article_id"], "title": row.get("article_title"), "url": row.get("article_url"),
                      "source": row.get("article_source")}
    start, pieces = highlight(rec, article_text)
    rec["evidence"]["sentence_start"] = start
    rec["evidence"]["highlight"] = pieces
    return rec


# -- time series ----------------------------------------------------------------------------
def truncate(day: dt.date, period: str) -> dt.date:
    if period == "day":
        return day
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return dt.date(day.year, 1, 1)


def n_periods(first: dt.date, last: dt.date, period: str) -> int:
    days = (last - first).days
    months = (last.year - first.year) * 12 + last.month - first.month
    return {"day": days + 1, "week": days // 7 + 2, "month": months + 1, "year": last.year - first.year + 1}[period]


def periods(first: dt.date, last: dt.date, period: str) -> list[dt.date]:
    out, day = [], truncate(first, period)
    while day <= last:
        out.append(day)
        if period == "day":
            day += dt.timedelta(days=1)
        elif period == "week":
            day += dt.timedelta(days=7)
        else:
            step = {"month": 1, "year": 12}[period]
            m = day.month - 1 + step
            day = dt.date(day.year + m // 12, m % 12 + 1, 1)
    return out


def as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
