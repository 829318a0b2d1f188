"""Alignment of a country between two or more poles, per period, with the events behind each point.
The formula is in docs/relations.md ("Alignment"); its parameters in detente/data/blocs/alignment.tsv.

Each happening between the country and a member of a pole gives a signal
    signal = direction weight × factuality weight × Goldstein / scale
(a negative factuality weight turns a refused sanction into a signal toward its target). Happenings
coded from the same sentence and trigger ("signed agreements with France and the EU") are one signal
for a pole: they share it equally. A REJECT coded from the same sentence as a negated act between the
same actors ("refused to impose sanctions on Russia") is the refusal of that act: the negated act
carries the signal, the REJECT contributes nothing. A pole's affinity in a period is the sum of its signals, and
    index(P) = (A_P − A_R) / (|A_P| + |A_R| + k)
where R is P's strongest rival pole and k the smoothing constant."""
from __future__ import annotations

import functools
import re
from typing import Sequence

import pandas as pd

from ..config import DATA_DIR

from ..errors import QueryError
from ..store.filters import check_sectors
from .blocs import Pole, alignment_params, parse_pole
from .dedup import collect
from .frames import add_period, check_spec, kahan_sum

SIGNAL_COLUMNS = ["period", "period_start", "pole", "date", "direction", "counterpart", "source_key",
                  "source_sector", "event", "mode", "target_key", "target_sector", "factuality", "goldstein",
                  "signal", "share", "contribution", "n_mentions", "n_articles", "sentence", "trigger",
                  "first_article_id", "happening_id"]
SUMMARY_COLUMNS = ["period", "period_start", "pole", "events", "cooperative", "conflictual", "mentions",
                   "affinity", "alignment_index", "leaning"]
NON_STATE_NOUNS = DATA_DIR / "blocs" / "non_state_nouns.txt"
NO_SIGNAL = "no signal"  # leaning of a period in which the pole it would name has no happening at all


def _poles(poles: Sequence[str | Pole]) -> list[Pole]:
    out = [p if isinstance(p, Pole) else parse_pole(p) for p in poles]
    if len(out) < 2:
        raise QueryError("alignment needs at least two poles, e.g. --poles RUS EU,USA,NATO")
    labels = [p.label for p in out]
    if len(set(labels)) != len(labels):
        raise QueryError(f"the same pole is given twice: {', '.join(labels)}")
    return out


def speaks_for_state(h: pd.DataFrame, side: str, sectors: frozenset[str] | None) -> pd.Series:
    """Whether the source or target of each happening is one of the chosen sectors (None: every
    actor). A bare country code counts as the state ("Turkey", "a Russian fighter jet") — except a
    demonym before a noun of detente/data/blocs/non_state_nouns.txt ("a Turkish teenager", "a Turkish
    company"): a person or a business, not the state."""
    if sectors is None:
        return pd.Series(True, index=h.index)
    sector = h[f"{side}_sector"].fillna("")
    bare = (sector == "") & ~_demonym_before_non_state_noun(h, side)
    return bare | (sector.isin(sectors) & (sector != ""))


_DEMONYM = re.compile(r"demonym '([^']+)'")


@functools.lru_cache(maxsize=1)
def non_state_nouns() -> frozenset[str]:
    lines = NON_STATE_NOUNS.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def _demonym_before_non_state_noun(h: pd.DataFrame, side: str) -> pd.Series:
    """Rows whose actor on this side is only a demonym before a non-state noun in the sentence ("A
    Turkish Kurd teenager attacked …": the demonym, then capitalised words, then 'teenager')."""
    out = pd.Series(False, index=h.index)
    if f"{side}_reason" not in h or "sentence" not in h:
        return out
    nouns = non_state_nouns()
    for i, reason, sentence in zip(h.index, h[f"{side}_reason"], h["sentence"]):
        m = _DEMONYM.search(reason) if isinstance(reason, str) else None
        if m is None or not isinstance(sentence, str):
            continue
        after = re.search(re.escape(m.group(1)) + r"((?:\s+[A-Z][\w'-]*)*)\s+([a-z]+)", sentence)
        out[i] = bool(after) and after.group(2) in nouns
    return out


def chosen_sectors(sectors, all_sectors: bool, params: dict) -> frozenset[str] | None:
    """The sectors that speak for a state: the parameter file's (GOV, MIL, LEG, JUD) by default, the
    given ones, or None (every actor) with all_sectors or sectors="all"."""
    if all_sectors or sectors == "all" or (not isinstance(sectors, str) and sectors and "all" in sectors):
        return None
    if sectors is None:
        return frozenset(params["state_sectors"])
    return frozenset(check_sectors(sectors))


def _candidate_rows(h: pd.DataFrame, country: str, sectors: frozenset[str] | None, params: dict) -> pd.DataFrame:
    """Happenings between the country and someone else, one row per direction, with their signal."""
    rows = _directed_rows(h, sectors, params)
    return rows[rows["country"] == country].drop(columns="country").reset_index(drop=True)


def _directed_rows(h: pd.DataFrame, sectors: frozenset[str] | None, params: dict) -> pd.DataFrame:
    """Every happening between two different actors, both speaking for their state (see
    speaks_for_state), twice: from its source (``direction`` out, ``country`` the source,
    ``counterpart`` the target), then from its target (in) — with its signal."""
    src, tgt = h["source_key"].fillna(""), h["target_key"].fillna("")
    pair = (src != "") & (tgt != "") & (src != tgt)
    pair &= speaks_for_state(h, "source", sectors) & speaks_for_state(h, "target", sectors)
    rows = pd.concat([h[pair].assign(direction="out", country=src[pair], counterpart=tgt[pair]),
                      h[pair].assign(direction="in", country=tgt[pair], counterpart=src[pair])], ignore_index=True)
    gold = pd.to_numeric(rows["goldstein"], errors="coerce")
    gold = gold.fillna(rows["quad_class"].map(params["quad"]))
    fact = rows["factuality"].map(params["factuality"]).fillna(0.0)
    direction = rows["direction"].map({"out": params["direction"]["outgoing"],
                                       "in": params["direction"]["incoming"]})
    rows["signal"] = (direction * fact * gold.fillna(0.0) / params["scale"]).round(4)
    return rows


def directed_rows(h: pd.DataFrame, sectors=None, all_sectors: bool = False, params: dict | None = None) -> pd.DataFrame:
    """What ``signals`` starts from, for every country at once: each happening between two actors
    from either side, ``country`` naming the side. The rows of one country (``country == X``, in
    their order) are what ``signals(h, …, X, …)`` would make of the same happenings — a caller asking
    about many countries, poles or date ranges makes them once and passes ``signals(rows=…)``."""
    params = params or alignment_params()
    return _directed_rows(h, chosen_sectors(sectors, all_sectors, params), params)


def mention_keys(mentions: pd.DataFrame) -> dict:
    """Per happening, the keys that tie it to others reporting the same act: each mention's sentence
    and trigger; and, for a REJECT or a negated act, its sentence and actors (refusal + refused act)."""
    where = mentions["article_id"].astype(str) + ":" + mentions["sentence_index"].astype(str)
    keys = where + ":" + mentions["trigger_start"].astype(str)
    refusal = (mentions["event"] == "REJECT") | (mentions["factuality"] == "negated")
    actors = where + ":refusal:" + mentions["source_key"] + ">" + mentions["target_key"]
    both = pd.concat([keys, actors[refusal]])
    owners = pd.concat([mentions["happening_id"], mentions["happening_id"][refusal]])
    return {k: set(v) for k, v in collect(owners, both).items()}


def _share_sentences(s: pd.DataFrame, keys: dict) -> pd.Series:
    """How many happenings of the same pole and period come from the same sentence and trigger as
    this one (union of shared mentions), so that one act with several targets counts once."""
    parent = list(range(len(s)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict = {}
    for i, (hid, ctx) in enumerate(zip(s["happening_id"], s["pole"] + "|" + s["period"])):
        for k in keys.get(hid, ()):
            j = owner.setdefault((ctx, k), i)
            if j != i:
                parent[find(i)] = find(j)
    roots = pd.Series([find(i) for i in range(len(s))], index=s.index)
    return roots


def signals(h: pd.DataFrame | None, mentions: pd.DataFrame | None, country: str, poles: Sequence[str | Pole],
            by: str = "month", sectors=None, all_sectors: bool = False, params: dict | None = None,
            rows: pd.DataFrame | None = None, keys: dict | None = None) -> pd.DataFrame:
    """The events behind the index: one row per (happening, pole) with its signal and contribution.
    sectors: see chosen_sectors (default: the state's own voice). ``rows``: the country's rows of
    ``directed_rows`` made already (in their order; ``h`` is then not read); ``keys``: ``mention_keys``
    of the mentions made already (of these mentions or more)."""
    params = params or alignment_params()
    country = check_spec(country)
    if rows is None:
        rows = _candidate_rows(h, country, chosen_sectors(sectors, all_sectors, params), params)
    frames = [rows[p.contains(rows["counterpart"], rows["date"])].assign(pole=p.label) for p in _poles(poles)]
    s = pd.concat(frames, ignore_index=True) if frames else rows.iloc[0:0]
    s = add_period(s, by)
    if s.empty:
        return pd.DataFrame(columns=SIGNAL_COLUMNS + ["group"])
    s["group"] = _share_sentences(s, mention_keys(mentions) if keys is None else keys)
    s["share"] = s.groupby("group")["group"].transform("size")
    # In a group, a REJECT beside a non-REJECT act is the verb of refusal: the act carries the signal.
    act = s["event"] != "REJECT"
    principal = act | ~act.groupby(s["group"]).transform("any")
    n_principal = principal.groupby(s["group"]).transform("sum")
    s["contribution"] = (s["signal"] * principal / n_principal).round(4) + 0.0  # no "-0"
    s = s.assign(_abs=-s["contribution"].abs()).sort_values(["period_start", "pole", "_abs", "date"])
    return s[SIGNAL_COLUMNS + ["group"]].reset_index(drop=True)


def summarise(s: pd.DataFrame, poles: Sequence[str | Pole], params: dict | None = None) -> pd.DataFrame:
    """Per period and pole: events (signals), cooperative / conflictual counts, affinity, index
    against the strongest rival pole, and the pole the country leans to in that period: the pole of
    highest affinity, "even" on a tie, and "no signal" when that pole has no happening in the period
    (hostility to one pole is not a lean to a pole the country had nothing to do with); the index of
    a "no signal" period is NaN."""
    if s.empty:
        _poles(poles)
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    return pd.DataFrame(summary_rows(s, poles, params), columns=SUMMARY_COLUMNS)


def summary_rows(s: pd.DataFrame, poles: Sequence[str | Pole], params: dict | None = None) -> list[dict]:
    """The rows of ``summarise`` as dicts (SUMMARY_COLUMNS), for a caller that reads them one by one."""
    params = params or alignment_params()
    labels = [p.label for p in _poles(poles)]
    if s.empty:
        return []
    # One signal per group of happenings sharing a sentence (the sum of their contributions), then per
    # period and pole: signals, cooperative / conflictual ones, mentions and affinity (their sum). Plain
    # Python over tens to hundreds of rows, summed as pandas' grouped sums were (frames.kahan_sum,
    # groups in key order): a pandas grouping cost about 20 ms per call whatever the rows.
    groups: dict = {}  # (period, period_start, pole, group) → [contributions in row order, mentions]
    cols = ("period", "period_start", "pole", "group", "contribution", "n_mentions")
    for period, start, pole, group, contribution, n_mentions in zip(*(s[c].tolist() for c in cols)):
        g = groups.setdefault((period, start, pole, group), [[], 0])
        g[0].append(contribution)
        g[1] += n_mentions
    cells: dict = {}  # (period, period_start, pole) → its numbers
    for key in sorted(groups):
        contributions, mentions = groups[key]
        signal = kahan_sum(contributions)
        cell = cells.setdefault(key[:3], {"events": 0, "cooperative": 0, "conflictual": 0, "mentions": 0,
                                          "signals": []})
        cell["events"] += 1
        cell["cooperative"] += signal > 0
        cell["conflictual"] += signal < 0
        cell["mentions"] += mentions
        cell["signals"].append(signal)
    k = params["smoothing"]
    none = {"events": 0, "cooperative": 0, "conflictual": 0, "mentions": 0, "affinity": 0.0}
    parts: dict = {}  # (period, period_start) → {pole: its numbers}, every pole present
    for (period, start, pole), cell in cells.items():
        part = parts.setdefault((period, start), {p: none for p in labels})
        part[pole] = {**cell, "affinity": kahan_sum(cell["signals"])}
    rows = []
    for (period, start), part in sorted(parts.items(), key=lambda kv: kv[0]):
        aff = {pole: float(part[pole]["affinity"]) for pole in labels}
        best = max(aff.values())
        leaders = [pole for pole in labels if aff[pole] == best]
        if not any(part[pole]["events"] > 0 for pole in leaders):
            leaning = NO_SIGNAL
        else:
            leaning = leaders[0] if len(leaders) == 1 else "even"
        for pole in labels:
            a = aff[pole]
            rival = max(v for other, v in aff.items() if other != pole)
            row = part[pole]
            rows.append({"period": period, "period_start": start, "pole": pole, "events": int(row["events"]),
                         "cooperative": int(row["cooperative"]), "conflictual": int(row["conflictual"]),
                         "mentions": int(row["mentions"]), "affinity": round(float(a), 3),
                         "alignment_index": float("nan") if leaning == NO_SIGNAL else
                         round(float((a - rival) / (abs(a) + abs(rival) + k)), 3), "leaning": leaning})
    return rows


def alignment(h: pd.DataFrame, mentions: pd.DataFrame, country: str, poles: Sequence[str | Pole],
              by: str = "month", sectors=None, all_sectors: bool = False, explain: bool = False,
              params: dict | None = None) -> pd.DataFrame:
    """The alignment index of `country` between `poles` per period (or, with explain, the signals
    behind it)."""
    params = params or alignment_params()
    poles = _poles(poles)
    s = signals(h, mentions, country, poles, by=by, sectors=sectors, all_sectors=all_sectors, params=params)
    return s if explain else summarise(s, poles, params)
